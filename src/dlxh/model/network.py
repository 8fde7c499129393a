"""Collaborators, networks and training events (DOMAIN.md §5).

Collaborators' identities are sensitive: the personal fields here never leave a level
unredacted (the network and exporter layers pseudonymise them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from dlxh.model.enums import AgeBand, CollaboratorRole, CollaboratorStatus, Sex
from dlxh.model.fields import check_id, nfc, nfc_opt, nfc_tuple, sorted_str_tuple
from dlxh.model.labelled import LabelledEnum
from dlxh.model.orgs import OrgLevel
from dlxh.model.sources import SourceRef

__all__ = [
    "Attendance",
    "Collaborator",
    "Network",
    "TrainingEvent",
    "TrainingTopic",
]


def _opt_float(value: float | str | None) -> float | None:
    return None if value is None else float(value)


@attrs.frozen
class Collaborator:
    """A member of the network: a collaborator (*CTV*), reporter or officer."""

    id: str = attrs.field(validator=check_id)
    name: str = attrs.field(converter=nfc)
    role: CollaboratorRole = attrs.field(converter=CollaboratorRole)
    organisation_id: str | None = None
    unit: str | None = None
    area_id: str | None = None
    groups: tuple[str, ...] = attrs.field(default=(), converter=nfc_tuple)
    sex: Sex = attrs.field(default=Sex.UNSPECIFIED, converter=Sex)
    age_band: AgeBand = attrs.field(default=AgeBand.UNSPECIFIED, converter=AgeBand)
    birth_year: int | None = None
    ethnicity: str | None = attrs.field(default=None, converter=nfc_opt)
    religion: str | None = attrs.field(default=None, converter=nfc_opt)
    party_member: bool | None = None
    occupation: str | None = attrs.field(default=None, converter=nfc_opt)
    phone: str | None = attrs.field(default=None, converter=nfc_opt)
    id_number: str | None = attrs.field(default=None, converter=nfc_opt)
    email: str | None = attrs.field(default=None, converter=nfc_opt)
    appointment_decision: str | None = attrs.field(default=None, converter=nfc_opt)
    """Number and symbol of the appointment decision (*quyết định*)."""
    appointed_on: dt.date | None = None
    contract_start: dt.date | None = None
    contract_end: dt.date | None = None
    allowance_coefficient: float | None = attrs.field(default=None, converter=_opt_float)
    status: CollaboratorStatus = attrs.field(
        default=CollaboratorStatus.ACTIVE, converter=CollaboratorStatus
    )
    source: SourceRef | None = None

    @property
    def active(self) -> bool:
        """True while the collaborator is active."""
        return self.status is CollaboratorStatus.ACTIVE


@attrs.frozen
class Network:
    """A network of collaborators managed by one organisation."""

    id: str = attrs.field(validator=check_id)
    name: str = attrs.field(converter=nfc)
    organisation_id: str | None = None
    collaborator_ids: tuple[str, ...] = attrs.field(default=(), converter=sorted_str_tuple)


class TrainingTopic(LabelledEnum):
    """Topics of a training event (*tập huấn*), after the seed document."""

    CONCEPTS_METHODS = "concepts_methods", "Khái niệm, phương pháp nắm bắt dư luận xã hội"
    SKILLS = "skills", "Kỹ năng quan sát, phỏng vấn, tiếp cận thông tin đại chúng"
    REPORT_WRITING = "report_writing", "Viết báo cáo tình hình dư luận xã hội"
    NETWORK_EFFECTIVENESS = "network_effectiveness", "Phát huy hiệu quả mạng lưới cộng tác viên"
    RUMOUR_VS_OPINION = "rumour_vs_opinion", "Phân biệt tin đồn với dư luận"
    OTHER = "other", "Nội dung khác"


def _topics(values: Iterable[TrainingTopic | str]) -> tuple[TrainingTopic, ...]:
    return tuple(TrainingTopic(t) for t in values)


@attrs.frozen
class Attendance:
    """Whether a person invited to a training event attended."""

    person_id: str = attrs.field(validator=check_id)
    attended: bool = True
    role: str = ""


@attrs.frozen
class TrainingEvent:
    """A training event held by an organisation at a level."""

    id: str = attrs.field(validator=check_id)
    title: str = attrs.field(converter=nfc)
    held_on: dt.date
    organiser_id: str
    level: OrgLevel = attrs.field(converter=OrgLevel)
    unit: str | None = None
    topics: tuple[TrainingTopic, ...] = attrs.field(default=(), converter=_topics)
    participants: tuple[Attendance, ...] = attrs.field(default=(), converter=tuple)
    follows_id: str | None = None
    """The higher-level training this one rolls out (the seed's province → grassroots)."""

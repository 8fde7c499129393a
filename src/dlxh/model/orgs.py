"""Organisations and reporting lines (DOMAIN.md §5): who sends which report to whom."""

from __future__ import annotations

import attrs

from dlxh.model.enums import OrganisationKind, ReportKind
from dlxh.model.fields import check_id, nfc
from dlxh.model.labelled import LabelledEnum
from dlxh.model.periods import PeriodKind, Schedule

__all__ = ["OrgLevel", "Organisation", "ReportingLine"]


class OrgLevel(LabelledEnum):
    """The level an organisation works at."""

    CENTRAL = "central", "Trung ương"
    PROVINCE = "province", "Tỉnh"
    DISTRICT = "district", "Huyện"
    COMMUNE = "commune", "Xã"
    RESIDENTIAL_AREA = "residential_area", "Khu dân cư"


@attrs.frozen
class Organisation:
    """An organisation of the Front's system or one that receives its reports.

    ``unit`` is the administrative unit it serves (``None`` at central level);
    ``area_id`` the residential area for a *Ban công tác Mặt trận*.
    """

    id: str = attrs.field(validator=check_id)
    kind: OrganisationKind = attrs.field(converter=OrganisationKind)
    name: str = attrs.field(converter=nfc)
    level: OrgLevel = attrs.field(converter=OrgLevel)
    unit: str | None = None
    area_id: str | None = None
    parent_id: str | None = None


@attrs.frozen
class ReportingLine:
    """``sender_id`` sends reports of ``report_kind`` for periods of ``period_kind`` to
    ``receiver_id``, due as ``schedule`` says (``None``: no deadline configured)."""

    id: str = attrs.field(validator=check_id)
    sender_id: str = attrs.field(validator=check_id)
    receiver_id: str = attrs.field(validator=check_id)
    report_kind: ReportKind = attrs.field(converter=ReportKind)
    period_kind: PeriodKind = attrs.field(converter=PeriodKind)
    schedule: Schedule | None = None

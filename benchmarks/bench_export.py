"""Item-list export to .xlsx at national scale, against xlsxwriter's constant_memory mode.

Every contender writes the same rows (the item-list layout of ``dlxh.exporters.document``,
built from the same generated items, generated lazily so that no list of a million items is
ever held) in its own subprocess, which reports its time and peak RSS:

- ``gen``: generating the items and building their rows, writing nothing (the floor);
- ``xlsxwriter``: the anchor, xlsxwriter ``constant_memory`` with the same header style,
  frozen pane, filter, widths and date format;
- ``dlxh``: ``dlxh.write(items, "x.xlsx")`` through the exporter (redaction, summary sheets);
- ``openpyxl``: openpyxl's write-only mode on the same rows (for reference).

The ratio is ``dlxh / xlsxwriter`` on total CPU time of the process (target ≤ 1.3), and
on CPU time above the ``gen`` floor; wall time is printed too. Memory is "flat" when the
peak RSS at ``N`` rows is close to that at ``N/10``.

Then the .docx of a full synthesis: a province synthesis of ``--docx-items`` scenario items
(:func:`dlxh.testing.scenario.scenario`, made before the clock; 3,000 by default: the
document's size follows the province's communes and streams more than the items) written with
``dlxh.write(syn, "x.docx")`` (state document layout, sections, stream tables, annex), against
the anchor of plain python-docx writing the same headings, paragraphs and tables with the
default template (CPU time, one process).

    python benchmarks/bench_export.py --quick        # 20,000 rows, docx of 1,000 items
    python benchmarks/bench_export.py                # 1,000,000 rows (several minutes)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from dlxh.exporters.document import ITEM_COLUMNS, item_row
from dlxh.exporters.xlsx_exporter import ITEM_WIDTHS
from dlxh.model.opinions import Label, OpinionItem
from dlxh.model.sources import SourceRef

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchrows import row as result_row
from benchrows import write_rows

_TOPICS = ("dat-dai", "kinh-te", "y-te", "giao-duc", "an-ninh-trat-tu", "giao-thong")
_ORIENTATIONS = ("approve", "oppose", "uneasy", "unclear")
_PLACES = ("Xã Tân Hòa", "Phường Đông Hải", "Xã Phú Lộc", "Phường Bến Thành")
_TEXTS = (
    "Người dân lo lắng về giá điện tăng trong mùa nắng nóng",
    "Bà con phấn khởi vì đường liên thôn đã được bê tông hóa",
    "Nhiều ý kiến đề nghị sớm chi trả tiền bồi thường giải phóng mặt bằng",
    "Phụ huynh băn khoăn các khoản thu đầu năm học, đề nghị công khai minh bạch",
)


def items(n: int) -> Iterator[OpinionItem]:
    """``n`` varied items, made one at a time."""
    day0 = dt.date(2026, 1, 1)
    for i in range(n):
        yield OpinionItem(
            id=f"item-{i:08d}",
            text=f"{_TEXTS[i % 4]} (ý kiến số {i})",
            date=day0 + dt.timedelta(days=i % 300),
            unit=f"{26000 + i % 997}",
            place_text=_PLACES[i % 4],
            reporter_id=f"ctv-{i % 5000}",
            groups=("nong-dan",),
            labels=(
                Label("topic", _TOPICS[i % 6], confidence=0.8, classifier="keyword",
                      classifier_version="1.0"),
                Label("orientation", _ORIENTATIONS[i % 4], confidence=0.7,
                      classifier="keyword", classifier_version="1.0"),
            ),
            source=SourceRef("bao-cao.xlsx", location=f"Sheet1!B{i + 2}"),
        )


def _run_gen(n: int, _path: Path) -> None:
    for item in items(n):
        item_row(item, redact=True)


def _run_dlxh(n: int, path: Path) -> None:
    import dlxh

    dlxh.write(items(n), path)


def _run_xlsxwriter(n: int, path: Path) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("Ý kiến")
    header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1,
                              "text_wrap": True, "align": "center", "valign": "vcenter"})
    date = book.add_format({"num_format": "dd/mm/yyyy"})
    for col, width in enumerate(ITEM_WIDTHS):
        sheet.set_column(col, col, width)
    sheet.freeze_panes(1, 0)
    for col, name in enumerate(ITEM_COLUMNS):
        sheet.write_string(0, col, name, header)
    r = 0
    for item in items(n):
        r += 1
        for col, value in enumerate(item_row(item, redact=True)):
            if value is None or value == "":
                continue
            if isinstance(value, str):
                sheet.write_string(r, col, value)
            elif isinstance(value, dt.date):
                sheet.write_datetime(r, col, value, date)
            else:
                sheet.write_number(r, col, value)
    sheet.autofilter(0, 0, r, len(ITEM_COLUMNS) - 1)
    book.close()


def _run_openpyxl(n: int, path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Ý kiến")
    sheet.freeze_panes = "A2"
    sheet.append(list(ITEM_COLUMNS))
    for item in items(n):
        sheet.append(item_row(item, redact=True))
    book.save(str(path))


CONTENDERS = {
    "gen": _run_gen,
    "xlsxwriter": _run_xlsxwriter,
    "dlxh": _run_dlxh,
    "openpyxl": _run_openpyxl,
}


def _docx_anchor(syn: object, path: Path) -> None:
    """Plain python-docx: the same headings, paragraphs and tables, no layout work."""
    import docx

    report = syn.report  # type: ignore[attr-defined]
    doc = docx.Document()
    doc.add_heading(report.title, 0)

    def section(sec: object, level: int) -> None:
        doc.add_heading(f"{sec.number} {sec.title}".strip(), min(level, 9))  # type: ignore[attr-defined]
        for text in sec.paragraphs:  # type: ignore[attr-defined]
            doc.add_paragraph(text)
        for sub in sec.subsections:  # type: ignore[attr-defined]
            section(sub, level + 1)

    for sec in report.sections:
        section(sec, 1)
    for table in syn.tables:  # type: ignore[attr-defined]
        doc.add_paragraph(table.title)
        grid = doc.add_table(rows=1, cols=len(table.columns))
        for cell, name in zip(grid.rows[0].cells, table.columns, strict=True):
            cell.text = str(name)
        for values in table.rows:  # add_row().cells: Table.cell(r, c) is linear in the size
            for cell, value in zip(grid.add_row().cells, values, strict=True):
                cell.text = "" if value is None else str(value)
    doc.save(str(path))


def bench_docx(n: int, folder: Path) -> dict[str, object]:
    """The .docx of a province synthesis of ``n`` items, and the plain python-docx anchor."""
    import dlxh
    from dlxh.synthesis import synthesize
    from dlxh.testing.scenario import scenario

    s = scenario(n, seed=3)
    syn = synthesize(s.items, unit=s.province.code, period=s.periods[-1],
                     reporting_lines=s.reporting_lines, organisations=s.organisations,
                     receiver_id=s.province_organisation)
    _docx_anchor(syn, folder / "warm.docx")  # imports and the template, outside the clock
    dlxh.write(syn, folder / "warm-dlxh.docx")
    cpu = _cpu()
    _docx_anchor(syn, folder / "anchor.docx")
    anchor = _cpu() - cpu
    cpu = _cpu()
    dlxh.write(syn, folder / "dlxh.docx")
    ours = _cpu() - cpu
    size = (folder / "dlxh.docx").stat().st_size
    tables = sum(len(t.rows) for t in syn.tables)
    print(f"\n.docx of a province synthesis ({n:,} items, {len(syn.streams)} streams, "
          f"{len(syn.tables)} tables of {tables} rows): dlxh {ours:.2f} s CPU, plain "
          f"python-docx {anchor:.2f} s, ratio {ours / anchor:.2f}")
    return result_row(
        "export: .docx of a full synthesis (CPU time)", n, ours,
        "plain python-docx, same headings, paragraphs and tables", anchor, target="report",
        peak_mib=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        note=f"{len(syn.streams)} streams, {len(syn.tables)} tables ({tables} rows), "
             f"{size / 1024:.0f} KiB; peak RSS of the script's own process")


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _child(name: str, n: int, path: str) -> None:
    start, cpu = time.perf_counter(), _cpu()
    CONTENDERS[name](n, Path(path))
    elapsed, cpu = time.perf_counter() - start, _cpu() - cpu
    rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    size = os.path.getsize(path) if os.path.exists(path) else 0
    print(json.dumps({"seconds": elapsed, "cpu": cpu, "rss_mib": rss_kib / 1024,
                      "bytes": size}))


def _measure(name: str, n: int, folder: Path) -> dict[str, float]:
    path = folder / f"{name}-{n}.xlsx"
    out = subprocess.run(
        [sys.executable, __file__, "--child", name, str(n), str(path)],
        check=True, capture_output=True, text=True,
    )
    path.unlink(missing_ok=True)
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"  {name:<11} {n:>9,} rows: {result['cpu']:.1f} s CPU", file=sys.stderr)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="20,000 rows")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--skip-openpyxl", action="store_true")
    parser.add_argument("--docx-items", type=int, default=None,
                        help="items of the synthesis written to .docx (0: skip)")
    parser.add_argument("--json", type=Path, help="write the result rows there (run.py)")
    parser.add_argument("--child", nargs=3, metavar=("NAME", "N", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        name, n, path = args.child
        _child(name, int(n), path)
        return
    n = 20_000 if args.quick else args.rows
    names = [k for k in CONTENDERS if not (args.skip_openpyxl and k == "openpyxl")]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        big = {name: _measure(name, n, folder) for name in names}
        small = {name: _measure(name, max(n // 10, 1), folder) for name in names}
    anchor = big["xlsxwriter"]["cpu"]
    floor = big["gen"]["cpu"]
    print(f"\nItem list → .xlsx, {n:,} rows × {len(ITEM_COLUMNS)} columns "
          f"(anchor: xlsxwriter constant_memory; ratios on CPU time, which other load on "
          f"the machine disturbs less than wall time)\n")
    print(f"{'writer':<11} {'wall s':>8} {'CPU s':>8} {'ratio':>6} {'ratio-gen':>9} "
          f"{'file MiB':>9} {'RSS N':>6} {'RSS N/10':>9}")
    for name in names:
        row = big[name]
        ratio = row["cpu"] / anchor
        above = (row["cpu"] - floor) / max(anchor - floor, 1e-9)
        print(f"{name:<11} {row['seconds']:>8.2f} {row['cpu']:>8.2f} {ratio:>6.2f} "
              f"{above if name != 'gen' else 0:>9.2f} {row['bytes'] / 2**20:>9.1f} "
              f"{row['rss_mib']:>6.0f} {small[name]['rss_mib']:>9.0f}")
    ratio = big["dlxh"]["cpu"] / anchor
    print(f"\ndlxh / xlsxwriter = {ratio:.2f} (target ≤ 1.3); peak RSS "
          f"{big['dlxh']['rss_mib']:.0f} MiB at N vs {small['dlxh']['rss_mib']:.0f} MiB at N/10")
    above = (big["dlxh"]["cpu"] - floor) / max(anchor - floor, 1e-9)
    rows = [result_row(
        "export: item list → .xlsx (CPU time)", n, big["dlxh"]["cpu"],
        "xlsxwriter constant_memory", anchor, target="≤ 1.3",
        peak_mib=big["dlxh"]["rss_mib"], anchor_peak_mib=big["xlsxwriter"]["rss_mib"],
        note=f"wall {big['dlxh']['seconds']:.1f} s vs {big['xlsxwriter']['seconds']:.1f} s; "
             f"ratio above the item-generation floor {above:.2f}; peak RSS "
             f"{small['dlxh']['rss_mib']:.0f} MiB at N/10 (memory flat when close)",
    )]
    if "openpyxl" in big:
        rows.append(result_row(
            "export: openpyxl write-only, same rows (reference)", n, big["openpyxl"]["cpu"],
            "xlsxwriter constant_memory", anchor, target="reference",
            peak_mib=big["openpyxl"]["rss_mib"], anchor_peak_mib=big["xlsxwriter"]["rss_mib"],
        ))
    docx_items = args.docx_items if args.docx_items is not None else (
        1_000 if args.quick else 3_000)
    if docx_items:
        with tempfile.TemporaryDirectory() as tmp:
            rows.append(bench_docx(docx_items, Path(tmp)))
    write_rows(args.json, rows)


if __name__ == "__main__":
    main()

"""Make the example data: one province's quarter of reports, as offices really send them.

The province is Lai Châu (code 12: 38 communes since 1 July 2025). Every commune's Front
committee sends a monthly report on public opinion to the province's Front committee, for
October, November and December 2026. The opinions come from the scenario generator
(:mod:`dlxh.testing.scenario`: statements written for the project, planted streams, typos,
texts without diacritics); this script writes them in the shapes offices use:

* Excel sheets in three layouts (title rows above a simple header; a merged two-row header
  with Excel date serials; short headers without diacritics), a few typed in TCVN3 (the
  ``.VnTime`` fonts), a few naming places as they were before the 2025 reform;
* CSV files (UTF-8 with BOM, and Windows-1258);
* Word narrative reports (numbered sections, breadth words, recommendations, recipients and
  signature);
* some reports late, some missing, some with bad rows (no text, an impossible date);
* the collaborator roster workbook, and a ``demo.toml`` configuration for ``dlxh run``.

Run: ``python examples/make_example_data.py OUTPUT_FOLDER`` (the demo does it for you). The same
seed gives the same files.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import sys
from collections.abc import Sequence
from pathlib import Path

PROVINCE = "12"
SEED = 2026
ITEMS = 1500
FIRST_MONTH = 10
YEAR = 2026


def _date_words(day: dt.date) -> str:
    return f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def _lower_name(name: str) -> str:
    return name[:1].lower() + name[1:]


class Writer:
    """Writes one commune's monthly report in the layout chosen for that commune."""

    def __init__(self, out: Path, province_name: str, rng: random.Random) -> None:
        self.out = out
        self.province_name = province_name
        self.rng = rng
        self.old_names: dict[str, str] = {}

    def old_place(self, commune_code: str, as_of: dt.date) -> str | None:
        """A pre-2025 commune of which ``commune_code`` is the successor, as people still write
        it: "xã ..., huyện ..."."""
        from dlxh.units import catalog, predecessors

        if commune_code not in self.old_names:
            unit = catalog(as_of).get(commune_code)
            olds = [u for u in predecessors(unit) if u.valid_to and u.valid_to.year == 2025]
            if not olds:
                self.old_names[commune_code] = ""
            else:
                old = olds[0]
                before = catalog(dt.date(2025, 6, 30))
                district = before.parent(old)
                district_name = f", {_lower_name(district.name)}" if district else ""
                self.old_names[commune_code] = f"{old.name}{district_name}"
        return self.old_names[commune_code] or None

    # -- the header lines every layout repeats -----------------------------------------
    def heading(self, commune: object, period: object, issued: dt.date) -> list[str]:
        name = commune.name  # type: ignore[attr-defined]
        return [
            f"ỦY BAN MTTQ VIỆT NAM {self.province_name.upper()}",
            f"ỦY BAN MTTQ VIỆT NAM {name.upper()}",
            "BẢNG TỔNG HỢP Ý KIẾN, KIẾN NGHỊ CỦA NHÂN DÂN "
            f"{period.label.upper()}",  # type: ignore[attr-defined]
            f"{name}, {_date_words(issued)}",
        ]


def _rows(items: Sequence[object], writer: Writer, old_names: bool, as_of: dt.date,
          bad_rows: bool) -> list[list[object]]:
    rows: list[list[object]] = []
    for n, item in enumerate(items, 1):
        commune_code = item.unit  # type: ignore[attr-defined]
        place: str | None = None
        if old_names:
            place = writer.old_place(commune_code, as_of)
        if place is None:
            from dlxh.units import catalog

            place = catalog(as_of).get(commune_code).name
        rows.append([
            n,
            item.text,  # type: ignore[attr-defined]
            place,
            ", ".join(item.groups),  # type: ignore[attr-defined]
            item.date,  # type: ignore[attr-defined]
            item.origin.label if item.origin else "",  # type: ignore[attr-defined]
        ])
    if bad_rows and rows:
        # A row left without its text, and a copy of the first row with an impossible date.
        first = rows[0]
        rows.insert(1, [0, "", first[2], "", first[4], ""])
        rows.append([0, first[1], first[2], first[3], "31/02/2026", first[5]])
        for n, row in enumerate(rows, 1):
            row[0] = n
    return rows


def write_simple_xlsx(path: Path, heading: list[str], rows: list[list[object]],
                      tcvn3: bool = False) -> None:
    """Title rows, then STT | Nội dung ý kiến | Địa bàn | Đối tượng | Ngày | Nguồn."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from dlxh.text.encodings import from_unicode

    def text(value: object) -> object:
        if not (tcvn3 and isinstance(value, str)):
            return value
        # .VnTime has no accented capitals (offices switched to .VnTimeH for those): a capital
        # that TCVN3 puts among the control characters is typed in lower case.
        return "".join(
            from_unicode(ch if from_unicode(ch, "tcvn3") >= " " else ch.lower(), "tcvn3")
            for ch in value
        )

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Tổng hợp"
    for line in heading:
        sheet.append([text(line)])
    sheet.append([])
    sheet.append([text(h) for h in
                  ("STT", "Nội dung ý kiến", "Địa bàn", "Đối tượng", "Ngày", "Nguồn")])
    for row in rows:
        sheet.append([text(v) for v in row])
        sheet.cell(sheet.max_row, 5).number_format = "dd/mm/yyyy"
    if tcvn3:
        for row_cells in sheet.iter_rows():
            for cell in row_cells:
                cell.font = Font(name=".VnTime")
    sheet.column_dimensions["B"].width = 80
    book.save(path)


def write_merged_xlsx(path: Path, heading: list[str], rows: list[list[object]]) -> None:
    """A two-row header with merged cells; dates as Excel serial numbers."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Ý kiến"
    for line in heading:
        sheet.append([line])
    sheet.append([])
    top = len(heading) + 2
    sheet.append(["STT", "Ý kiến, kiến nghị", None, "Nơi phản ánh", "Thời gian"])
    sheet.append([None, "Nội dung", "Đối tượng", "Xã/phường", None])
    sheet.merge_cells(start_row=top, start_column=1, end_row=top + 1, end_column=1)
    sheet.merge_cells(start_row=top, start_column=2, end_row=top, end_column=3)
    sheet.merge_cells(start_row=top, start_column=5, end_row=top + 1, end_column=5)
    epoch = dt.date(1899, 12, 30)
    for n, text, place, groups, day, _channel in rows:
        serial = (day - epoch).days if isinstance(day, dt.date) else day
        sheet.append([n, text, groups, place, serial])
    book.save(path)


def write_short_xlsx(path: Path, heading: list[str], rows: list[list[object]]) -> None:
    """Headers typed without diacritics, dates as text."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for line in heading[2:]:
        sheet.append([line])
    sheet.append(["TT", "Noi dung y kien", "Dia ban", "Doi tuong", "Ngay"])
    for n, text, place, groups, day, _channel in rows:
        when = day.strftime("%d/%m/%Y") if isinstance(day, dt.date) else day
        sheet.append([n, text, place, groups, when])
    book.save(path)


def write_csv(path: Path, heading: list[str], rows: list[list[object]], encoding: str) -> None:
    """Title rows and the header row, semicolons, day-first dates; ``encoding`` is
    ``utf-8-sig`` or ``cp1258`` (Windows' Vietnamese code page, tone marks as separate bytes)."""
    import io

    from dlxh.text.encodings import from_unicode

    buffer = io.StringIO()
    out = csv.writer(buffer, delimiter=";")
    for line in heading:  # a sheet saved as CSV keeps its title rows
        out.writerow([line])
    out.writerow(["STT", "Nội dung ý kiến", "Xã/phường", "Đối tượng", "Ngày"])
    for n, text, place, groups, day, _channel in rows:
        when = day.strftime("%d/%m/%Y") if isinstance(day, dt.date) else day
        out.writerow([n, text, place, groups, when])
    content = buffer.getvalue()
    if encoding == "cp1258":
        # from_unicode gives the bytes as Windows-1252 shows them.
        path.write_bytes(from_unicode(content, "cp1258").encode("cp1252"))
    else:
        path.write_bytes(content.encode(encoding))


_BREADTH = ("Đa số ý kiến", "Nhiều ý kiến", "Một số ý kiến", "Có ý kiến", "Một bộ phận nhân dân")


def write_docx(path: Path, heading: list[str], commune_name: str, period_label: str,
               issued: dt.date, items: Sequence[object], rng: random.Random) -> None:
    """A narrative report: header, numbered sections, breadth words, recommendations."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc = Document()
    for line in (heading[0], heading[1], "Số: " + f"{rng.randint(10, 99)}/BC-MTTQ"):
        doc.add_paragraph(line)
    doc.add_paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    doc.add_paragraph("Độc lập - Tự do - Hạnh phúc")
    doc.add_paragraph(f"{commune_name}, {_date_words(issued)}")
    title = doc.add_paragraph("BÁO CÁO")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(f"Tình hình tư tưởng, dư luận xã hội {_lower_name(period_label)}")
    doc.add_paragraph("I. TÌNH HÌNH TƯ TƯỞNG, DƯ LUẬN XÃ HỘI")
    doc.add_paragraph(
        "Nhìn chung tình hình an ninh chính trị, trật tự an toàn xã hội trên địa bàn ổn định; "
        "nhân dân phấn khởi, tin tưởng vào sự lãnh đạo của Đảng."
    )
    doc.add_paragraph("1. Những vấn đề nhân dân quan tâm")
    for item in items:
        text = item.text  # type: ignore[attr-defined]
        lead = rng.choice(_BREADTH)
        doc.add_paragraph(f"- {lead}: {text[:1].lower()}{text[1:]}")
    doc.add_paragraph("II. KIẾN NGHỊ, ĐỀ XUẤT")
    doc.add_paragraph(
        "- Đề nghị Ủy ban nhân dân xã quan tâm sửa chữa các tuyến đường liên thôn đã xuống cấp."
    )
    doc.add_paragraph(
        "- Đề nghị cấp trên sớm có hướng dẫn về chế độ phụ cấp cho cán bộ thôn, bản sau sắp xếp."
    )
    doc.add_paragraph(
        "Trên đây là báo cáo tình hình tư tưởng, dư luận xã hội của Ban Thường trực Ủy ban MTTQ "
        f"Việt Nam {_lower_name(commune_name)}."
    )
    doc.add_paragraph("Nơi nhận:")
    doc.add_paragraph("- Ban Thường trực UBMTTQ tỉnh;")
    doc.add_paragraph("- Đảng ủy xã;")
    doc.add_paragraph("- Lưu VP.")
    doc.add_paragraph("TM. BAN THƯỜNG TRỰC")
    doc.add_paragraph("CHỦ TỊCH")
    doc.add_paragraph(rng.choice(("Lò Văn Hưng", "Giàng A Páo", "Tao Thị Mai", "Vàng Văn Sinh")))
    doc.save(str(path))


def make(out: Path, *, size: int = ITEMS, seed: int = SEED) -> dict[str, int]:
    """Write the example data into ``out``; returns counts by kind of file."""
    from dlxh.network import write_roster
    from dlxh.testing.roster import generate_roster
    from dlxh.testing.scenario import scenario
    from dlxh.units import catalog

    rng = random.Random(seed)
    sc = scenario(size, seed=seed, province=PROVINCE, year=YEAR, first_month=FIRST_MONTH,
                  label_rate=0.0, missing_rate=0.05, late_rate=0.15)
    inputs = out / "bao-cao-nhan-duoc"
    inputs.mkdir(parents=True, exist_ok=True)
    writer = Writer(inputs, sc.province.name, rng)
    by_id = {item.id: item for item in sc.items}
    communes = {c.code: c for c in sc.communes}
    layouts = ("simple", "simple", "simple", "merged", "short", "csv", "docx", "docx")
    layout_of = {code: layouts[k % len(layouts)] for k, code in enumerate(sorted(communes))}
    tcvn3 = set(sorted(communes)[1::9])
    old_names = set(sorted(communes)[2::6])
    counts: dict[str, int] = {}
    for report in sc.reports:
        assert report.unit is not None and report.period is not None
        commune = communes[report.unit]
        items = [by_id[i] for i in report.item_ids]
        issued = report.submitted_at.date() if report.submitted_at else report.period.end
        month = report.period.start.month
        folder = inputs / f"thang-{month:02d}"
        folder.mkdir(exist_ok=True)
        stem = f"{report.unit}-{commune.name.replace(' ', '-').lower()}-t{month:02d}"
        layout = layout_of[report.unit]
        heading = writer.heading(commune, report.period, issued)
        rows = _rows(items, writer, report.unit in old_names, report.period.end,
                     bad_rows=rng.random() < 0.15)
        if layout == "simple":
            write_simple_xlsx(folder / f"{stem}.xlsx", heading, rows, tcvn3=report.unit in tcvn3)
        elif layout == "merged":
            write_merged_xlsx(folder / f"{stem}.xlsx", heading, rows)
        elif layout == "short":
            write_short_xlsx(folder / f"{stem}.xlsx", heading, rows)
        elif layout == "csv":
            encoding = "cp1258" if month == 11 else "utf-8-sig"
            write_csv(folder / f"{stem}.csv", heading, rows, encoding)
        else:
            write_docx(folder / f"{stem}.docx", heading, commune.name, report.period.label,
                       issued, items, rng)
        key = f"{layout}{'-tcvn3' if report.unit in tcvn3 and layout == 'simple' else ''}"
        counts[key] = counts.get(key, 0) + 1

    as_of = sc.periods[-1].end
    empty = set(sorted(communes)[5::12])
    roster = generate_roster(PROVINCE, per_unit=4, as_of=as_of, leave_empty=empty, seed=seed,
                             inactive_share=0.05)
    write_roster(roster, out / "cong-tac-vien.xlsx")
    last = sc.periods[-1]
    config = (
        "# dlxh run: the province's Front synthesises December 2026 and the fourth quarter.\n"
        "[run]\n"
        f'unit = "{PROVINCE}"\n'
        f'period = "{last.code}"\n'
        'inputs = "bao-cao-nhan-duoc"\n'
        'outputs = "ket-qua"\n'
        'roster = "cong-tac-vien.xlsx"\n'
        f'today = "{(last.end + dt.timedelta(days=12)).isoformat()}"\n'
        f'issuer = "Ủy ban MTTQ Việt Nam {_lower_name(catalog(as_of).get(PROVINCE).name)}"\n'
    )
    (out / "demo.toml").write_text(config, encoding="utf-8")
    counts["missing"] = len(sc.missing)
    counts["late"] = len(sc.late)
    return counts


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path, help="folder to write into")
    parser.add_argument("--items", type=int, default=ITEMS)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    counts = make(args.output, size=args.items, seed=args.seed)
    print(f"Example data in {args.output}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())

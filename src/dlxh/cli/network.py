"""``dlxh network``: coverage, activity, contracts and training roll-out of a collaborator
network, printed as tables and written to xlsx."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from dlxh.cli.i18n import bi

if TYPE_CHECKING:
    from dlxh.batch import ImportBatch
    from dlxh.exporters.document import Table

__all__ = ["network"]


def _parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date like 2026-01-15") from None


def _read(paths: Iterable[str]) -> ImportBatch:
    import dlxh
    from dlxh.batch import ImportBatch

    total = ImportBatch()
    for path in paths:
        total.extend(dlxh.read(path))
    if total.problems:
        click.echo(
            f"Cảnh báo: {len(total.problems)} lỗi nhập liệu (input problems); "
            f"{total.rejected} dòng bị loại (rows rejected).",
            err=True,
        )
    return total


def _print(table: Table, *, limit: int | None = None) -> None:
    from rich.console import Console
    from rich.table import Table as RichTable

    from dlxh.exporters.document import cell_text

    shown = RichTable(title=table.title, caption=table.note or None)
    for column in table.columns:
        shown.add_column(column)
    rows = table.rows if limit is None else table.rows[:limit]
    for row in rows:
        shown.add_row(*(cell_text(v) for v in row))
    Console(soft_wrap=False).print(shown)
    if limit is not None and len(table.rows) > limit:
        click.echo(f"... và {len(table.rows) - limit} dòng nữa (more rows; see --xlsx).")


def _write(tables: Sequence[Table], path: str | None) -> None:
    if path is None:
        return
    from dlxh.exporters.xlsx_writer import XlsxWriter

    with XlsxWriter(Path(path)) as book:
        for table in tables:
            with book.sheet(table.title, table.columns) as sheet:
                for row in table.rows:
                    sheet.append(row)
    click.echo(f"Đã ghi (written): {path}")


_XLSX = click.option(
    "--xlsx",
    "xlsx",
    default=None,
    metavar="FILE",
    help=bi("Ghi các bảng ra tệp Excel.", "Write the tables to an xlsx file."),
)
_AS_OF = click.option(
    "--as-of",
    "as_of",
    default=None,
    metavar="DATE",
    help=bi(
        "Ngày áp dụng, YYYY-MM-DD; mặc định: hôm nay.",
        "Units in force that day, YYYY-MM-DD; default today.",
    ),
)
_LIMIT = click.option(
    "--limit",
    default=50,
    show_default=True,
    help=bi("Số dòng chi tiết hiển thị.", "Detail rows shown."),
)


@click.group(
    "network",
    help=bi(
        "Mạng lưới cộng tác viên: độ phủ, hoạt động, hợp đồng, tập huấn.",
        "Collaborator network: coverage, activity, contracts, training.",
    ),
)
def network() -> None:
    """The group; the commands below do the work."""


@network.command(
    "coverage",
    help=bi(
        "Độ phủ: đơn vị chưa có cộng tác viên hoạt động.",
        "Coverage: units with no active collaborator.",
    ),
)
@click.argument("roster", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "--province",
    required=True,
    metavar="CODE",
    help=bi(
        "Mã tỉnh (hoặc mã đơn vị bất kỳ để xét các đơn vị bên dưới).",
        "Province code, or any unit code to look below it.",
    ),
)
@_AS_OF
@_XLSX
@_LIMIT
def coverage_command(
    roster: tuple[str, ...], province: str, as_of: str | None, xlsx: str | None, limit: int
) -> None:
    """Độ phủ: đơn vị chưa có CTV (coverage: units with no active collaborator)."""
    from dlxh.network import coverage

    batch = _read(roster)
    result = coverage(batch.collaborators, province, as_of=_parse_date(as_of))
    summary, blind = result.table(), result.blind_table()
    _print(summary)
    _print(blind, limit=limit)
    if result.unplaced:
        click.echo(
            f"Cảnh báo: {len(result.unplaced)} CTV có mã đơn vị không thuộc địa bàn "
            "(collaborators placed outside the area).",
            err=True,
        )
    _write([summary, blind], xlsx)


@network.command(
    "activity",
    help=bi(
        "Hoạt động của cộng tác viên trong kỳ và xếp loại.",
        "Activity per collaborator and unit in the period, and grades.",
    ),
)
@click.argument("roster", type=click.Path(dir_okay=False))
@click.argument("items", nargs=-1, type=click.Path(dir_okay=False))
@click.option(
    "--period",
    required=True,
    metavar="PERIOD",
    help=bi("Kỳ đánh giá, ví dụ 2026-10, 'quý 3/2026'.", "The period, e.g. 2026-10, 'quý 3/2026'."),
)
@click.option(
    "--deadline-days",
    type=int,
    default=None,
    metavar="N",
    help=bi("Hạn gửi: N ngày sau khi hết kỳ.", "Due N days after the period ends."),
)
@click.option(
    "--working-days",
    is_flag=True,
    help=bi("Tính hạn theo ngày làm việc.", "Count the deadline in working days."),
)
@click.option(
    "--history",
    default=6,
    show_default=True,
    help=bi("Số kỳ xét im lặng.", "Periods looked back for silence."),
)
@_XLSX
@_LIMIT
def activity_command(
    roster: str,
    items: tuple[str, ...],
    period: str,
    deadline_days: int | None,
    working_days: bool,
    history: int,
    xlsx: str | None,
    limit: int,
) -> None:
    """Hoạt động của CTV trong kỳ và xếp loại (activity per collaborator and unit, grades)."""
    from dlxh.model.periods import DayCount, Period, Schedule
    from dlxh.network import activity, grade

    the_period = Period.parse(period)
    schedule = None
    if deadline_days is not None:
        count = DayCount.WORKING_DAYS if working_days else DayCount.CALENDAR_DAYS
        schedule = Schedule(the_period.kind, deadline_days, count)
    people = _read([roster])
    found = _read(items) if items else people
    result = activity(
        people.collaborators,
        [*found.items],
        the_period,
        schedule=schedule,
        reports=found.reports,
        history=history,
    )
    grading = grade(result)
    tables = [result.unit_table(), result.table(), grading.table()]
    _print(tables[0], limit=limit)
    _print(tables[1], limit=limit)
    for name, n in grading.counts().items():
        click.echo(f"{name}: {n}")
    _write(tables, xlsx)


@network.command(
    "contracts",
    help=bi(
        "Hợp đồng cộng tác viên sắp hết hạn.",
        "Collaborator contracts ending soon.",
    ),
)
@click.argument("roster", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--within", default=30, show_default=True, help=bi("Số ngày tới.", "Days ahead."))
@click.option(
    "--today",
    default=None,
    metavar="DATE",
    help=bi("Ngày tính; mặc định: hôm nay.", "The day counted from; default today."),
)
@_XLSX
def contracts_command(
    roster: tuple[str, ...], within: int, today: str | None, xlsx: str | None
) -> None:
    """Hợp đồng CTV sắp hết hạn (contracts ending soon)."""
    from dlxh.network import expiring_contracts

    result = expiring_contracts(_read(roster).collaborators, within, today=_parse_date(today))
    table = result.table()
    _print(table)
    _write([table], xlsx)


@network.command(
    "training",
    help=bi(
        "Triển khai tập huấn từ tỉnh xuống cơ sở: nơi đã, nơi chưa tổ chức.",
        "Training roll-out from the province down: who held theirs, who has not.",
    ),
)
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--province", required=True, metavar="CODE", help=bi("Mã tỉnh.", "Province code."))
@click.option(
    "--members",
    is_flag=True,
    help=bi("Tính cả 5 tổ chức chính trị - xã hội.", "Include the five member organisations."),
)
@click.option(
    "--root",
    default=None,
    metavar="ID",
    help=bi(
        "Mã đợt tập huấn gốc; mặc định: đợt đầu tiên của tỉnh.",
        "The root training; default the province's first.",
    ),
)
@_AS_OF
@_XLSX
@_LIMIT
def training_command(
    files: tuple[str, ...],
    province: str,
    members: bool,
    root: str | None,
    as_of: str | None,
    xlsx: str | None,
    limit: int,
) -> None:
    """Triển khai tập huấn từ tỉnh xuống cơ sở (training roll-out: who held theirs, who not)."""
    from dlxh.network import build_structure, rollout

    batch = _read(files)
    structure = build_structure(province, as_of=_parse_date(as_of), members=members)
    structure = structure.with_organisations(
        o for o in batch.organisations if o.id not in structure
    )
    result = rollout(batch.training_events, structure, root=root)
    summary, detail = result.table(), result.detail_table()
    _print(summary)
    _print(detail, limit=limit)
    _write([summary, detail], xlsx)

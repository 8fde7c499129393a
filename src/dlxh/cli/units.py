"""``dlxh units``: find, show and follow administrative units from the command line."""

from __future__ import annotations

from datetime import date

import click
from rich.console import Console
from rich.table import Table

from dlxh.cli.i18n import bi

__all__ = ["units"]


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date like 2024-06-01") from None


def _console() -> Console:
    return Console(soft_wrap=False)


@click.group(
    "units",
    help=bi(
        "Đơn vị hành chính: tìm, xem, tra cứu kế thừa.",
        "Administrative units: find, show, lineage.",
    ),
)
def units() -> None:
    """The group; the commands below do the work."""


@units.command(
    "find",
    help=bi(
        "Tìm đơn vị theo địa chỉ tự do.",
        "Resolve free text to units.",
    ),
)
@click.argument("text")
@click.option(
    "--as-of",
    "as_of",
    default=None,
    metavar="DATE",
    help=bi(
        "Ngày áp dụng, YYYY-MM-DD; mặc định: hôm nay.",
        "The state in force on that day, YYYY-MM-DD; default today.",
    ),
)
@click.option(
    "--within",
    default=None,
    metavar="CODE",
    help=bi("Chỉ tìm trong đơn vị này.", "Only inside this unit code."),
)
@click.option("--limit", default=5, show_default=True, help=bi("Số kết quả.", "Number of results."))
def find(text: str, as_of: str | None, within: str | None, limit: int) -> None:
    """Tìm đơn vị theo địa chỉ tự do (resolve free text to units)."""
    from dlxh.units import resolve

    matches = resolve(text, as_of=_parse_date(as_of), within=within, limit=limit)
    if not matches:
        click.echo("Không tìm thấy (no match).")
        return
    table = Table(title=f"{text!r}")
    for column in (
        "Mã (code)",
        "Đơn vị (unit)",
        "Thuộc (in)",
        "Tin cậy",
        "Lý do (reason)",
        "Nay là (now)",
    ):
        table.add_column(column)
    for m in matches:
        above = ", ".join(u.name for u in (m.district, m.province) if u and u != m.unit)
        table.add_row(
            m.unit.code,
            m.unit.name,
            above,
            f"{m.confidence:.2f}",
            m.reason,
            ", ".join(f"{u.name} ({u.code})" for u in m.successors),
        )
    _console().print(table)


@units.command(
    "show",
    help=bi(
        "Xem một đơn vị và các đơn vị trực thuộc.",
        "Show a unit and its children.",
    ),
)
@click.argument("code")
@click.option(
    "--as-of",
    "as_of",
    default=None,
    metavar="DATE",
    help=bi(
        "Ngày áp dụng, YYYY-MM-DD; mặc định: hôm nay.",
        "The state in force on that day, YYYY-MM-DD; default today.",
    ),
)
def show(code: str, as_of: str | None) -> None:
    """Xem một đơn vị và các đơn vị trực thuộc (show a unit and its children)."""
    from dlxh.units import catalog

    cat = catalog(as_of=_parse_date(as_of))
    unit = cat.get(code)
    table = Table(title=f"{unit.name} ({unit.code}) — {cat.as_of}")
    table.add_column("Thuộc tính (field)")
    table.add_column("Giá trị (value)")
    table.add_row("Cấp (level)", f"{unit.level.label} ({unit.level.value})")
    table.add_row("Loại (kind)", f"{unit.kind.label} ({unit.kind.value})")
    table.add_row("Thuộc (in)", cat.path(unit))
    table.add_row("Hiệu lực (in force)", f"{unit.valid_from or '…'} → {unit.valid_to or '…'}")
    children = cat.children(unit)
    table.add_row("Trực thuộc (children)", str(len(children)))
    console = _console()
    console.print(table)
    if children:
        sub = Table(title="Đơn vị trực thuộc (children)")
        sub.add_column("Mã (code)")
        sub.add_column("Tên (name)")
        sub.add_column("Loại (kind)")
        for child in children:
            sub.add_row(child.code, child.name, child.kind.label)
        console.print(sub)


@units.command(
    "successors",
    help=bi(
        "Đơn vị kế thừa sau sắp xếp.",
        "The units that received this one.",
    ),
)
@click.argument("code")
@click.option(
    "--as-of",
    "as_of",
    default=None,
    metavar="DATE",
    help=bi("Phiên bản có hiệu lực ngày này.", "The version in force that day."),
)
def successors_command(code: str, as_of: str | None) -> None:
    """Đơn vị kế thừa sau sắp xếp (the units that received this one)."""
    from dlxh.model.units import UnitLevel
    from dlxh.units import store_for, successors, unit_version

    unit = unit_version(code, _parse_date(as_of))
    store = store_for()
    table = Table(title=f"{unit.name} ({unit.code}), đến (until) {unit.valid_to or '…'}")
    table.add_column("Mã (code)")
    table.add_column("Đơn vị kế thừa (successor)")
    table.add_column("Từ ngày (from)")
    table.add_column("Phần (part)")
    links = {(link.target, link.effective): link for link in store.links_from.get(unit.code, ())}
    for target in successors(unit):
        link = links.get((target.code, target.valid_from)) if target.valid_from else None
        if link is None:
            part = "một phần (part)" if unit.level is UnitLevel.DISTRICT else ""
        elif link.whole:
            part = "toàn bộ (whole)"
        else:
            part = "phần chính (main part)" if link.primary else "một phần (part)"
        table.add_row(target.code, target.name, str(target.valid_from or ""), part)
    if not table.rows:
        click.echo(f"{unit.name} ({unit.code}) không có đơn vị kế thừa (no successor).")
        return
    _console().print(table)

"""``dlxh store``: create, fill, query and look after a store (a thin layer over
:mod:`dlxh.storage`)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from dlxh.cli.i18n import bi

__all__ = ["store"]

_DEFAULT_URL = "sqlite:///dlxh.db"


@contextmanager
def _opened(ctx: click.Context) -> Iterator[Any]:
    from dlxh.storage import open_store

    store = open_store(ctx.obj["store_url"])
    try:
        yield store
    finally:
        store.close()


def _console(stderr: bool = False) -> Any:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False)


@click.group(
    "store",
    help=bi(
        "Kho lưu trữ tin, báo cáo và lịch sử.",
        "The store: items, reports and their history.",
    ),
)
@click.option(
    "--db",
    "url",
    envvar="DLXH_STORE",
    default=_DEFAULT_URL,
    show_default=True,
    help=bi(
        "Kho dữ liệu: sqlite:///tep.db, đường dẫn tệp, hoặc postgresql://...; biến môi trường "
        "DLXH_STORE.",
        "Store: sqlite:///file.db, a file path, or postgresql://...; environment variable "
        "DLXH_STORE.",
    ),
)
@click.pass_context
def store(ctx: click.Context, url: str) -> None:
    """Kho lưu trữ tin, báo cáo và lịch sử (the store: items, reports and their history)."""
    ctx.ensure_object(dict)
    ctx.obj["store_url"] = url


@store.command(
    "init",
    help=bi(
        "Tạo kho hoặc nâng cấp lược đồ.",
        "Create the store or upgrade its schema.",
    ),
)
@click.pass_context
def init(ctx: click.Context) -> None:
    """Tạo kho hoặc nâng cấp lược đồ (create the store or upgrade its schema)."""
    with _opened(ctx) as opened:
        click.echo(
            f"Kho {opened.safe_url}: lược đồ phiên bản {opened.schema_version()} (schema version)"
        )


@store.command(
    "import",
    help=bi(
        "Nhập tệp vào kho, mỗi tệp một giao dịch.",
        "Import files, one transaction each.",
    ),
)
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--actor",
    default=None,
    help=bi("Người nhập, ghi vào nhật ký.", "Who imports; the OS user by default."),
)
@click.option(
    "--importer", default=None, help=bi("Tên bộ đọc.", "Importer name; chosen by content.")
)
@click.pass_context
def import_(
    ctx: click.Context, files: tuple[Path, ...], actor: str | None, importer: str | None
) -> None:
    """Nhập tệp vào kho, mỗi tệp một giao dịch (import files, one transaction each).

    Nhập lại cùng tệp không thêm gì; báo cáo sửa đổi thành phiên bản mới (importing the same
    file again adds nothing; a changed report becomes a new revision).
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from dlxh.plugins.source import Source
    from dlxh.session import default_session

    for path in files:  # before the store is opened, so a typo creates no empty store
        Source.from_any(path)
    session = default_session()
    with (
        _opened(ctx) as opened,
        Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=_console(stderr=True),
            transient=True,
        ) as progress,
    ):
        for path in files:
            batch = session.read(path, importer=importer)
            task = progress.add_task(path.name, total=max(batch.accepted, 1))

            def advance(written: int, task: Any = task) -> None:
                progress.update(task, completed=written)

            result = opened.save(
                batch, actor=actor, action="import", target=str(path), progress=advance
            )
            progress.remove_task(task)
            click.echo(
                f"{path.name}: thêm {result.total_added}, cập nhật "
                f"{sum(result.updated.values())}, không đổi {sum(result.unchanged.values())}, "
                f"phiên bản mới {len(result.new_revisions)}, lỗi {len(batch.problems)} "
                "(added, updated, unchanged, new revisions, problems)"
            )


@store.command(
    "query",
    help=bi(
        "Tìm tin trong kho.",
        "Query items.",
    ),
)
@click.option(
    "--unit", help=bi("Mã đơn vị, gồm cả đơn vị cấp dưới.", "Unit code, descendants included.")
)
@click.option(
    "--period",
    help=bi("Kỳ: 2026-10, 2026-Q4, 'quý IV/2026'.", "Period: 2026-10, 2026-Q4, 'quý IV/2026'."),
)
@click.option("--topic", help=bi("Lĩnh vực.", "Topic code."))
@click.option("--orientation", help=bi("Khuynh hướng.", "Orientation value or label."))
@click.option("--text", "text", help=bi("Tìm trong nội dung, không phân biệt dấu.", "Text search."))
@click.option("--organisation", help=bi("Mã tổ chức.", "Organisation id."))
@click.option("--report", help=bi("Mã báo cáo.", "Report id."))
@click.option(
    "--count-by",
    type=click.Choice(["topic", "orientation", "unit", "organisation", "date"]),
    help=bi("Chỉ đếm, nhóm theo.", "Only count, grouped by."),
)
@click.option(
    "--limit",
    type=int,
    default=20,
    show_default=True,
    help=bi("Số tin hiển thị; 0: tất cả.", "Items shown; 0: all."),
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "jsonl"]),
    default="table",
    show_default=True,
    help=bi("Định dạng in ra.", "Output format."),
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help=bi(
        "Ghi mọi tin tìm được ra tệp .json/.jsonl, ghi nhật ký xuất.",
        "Write every match to a file; recorded as an export.",
    ),
)
@click.option("--actor", default=None, help=bi("Người xuất.", "Who exports, for the audit log."))
@click.pass_context
def query(
    ctx: click.Context,
    /,
    count_by: str | None,
    limit: int,
    fmt: str,
    output: Path | None,
    actor: str | None,
    **filters: str | None,
) -> None:
    """Tìm tin trong kho (query items)."""
    wanted = {k: v for k, v in filters.items() if v is not None}
    with _opened(ctx) as opened:
        if count_by is not None:
            counts = opened.count_items_by(count_by, **wanted)
            _print_counts(count_by, counts)
            return
        if output is not None:
            import dlxh

            items = list(opened.items(**wanted))
            dlxh.write(items, output)
            opened.audit(
                "export", str(output), actor=actor, detail={"items": len(items), "filters": wanted}
            )
            click.echo(f"Đã ghi {len(items)} tin vào {output} (wrote {len(items)} items)")
            return
        total = opened.count_items(**wanted)
        shown: list[Any] = []
        for item in opened.items(**wanted):
            if limit and len(shown) >= limit:
                break
            shown.append(item)
        if fmt == "jsonl":
            from dlxh.serialize import iter_documents

            for line in iter_documents(shown):
                click.echo(line)
            return
        _print_items(shown, total)


def _print_counts(by: str, counts: dict[str | None, int]) -> None:
    from rich.table import Table

    table = Table(title=f"Số tin theo {by} (items by {by})")
    table.add_column(by)
    table.add_column("Số tin (items)", justify="right")
    for key, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0] or "")):
        table.add_row("(không có)" if key is None else key, str(count))
    _console().print(table)


def _print_items(items: list[Any], total: int) -> None:
    from rich.table import Table

    table = Table(title=f"{len(items)}/{total} tin (items)")
    for column in (
        "Mã (id)",
        "Ngày (date)",
        "Đơn vị (unit)",
        "Lĩnh vực (topic)",
        "Khuynh hướng",
        "Nội dung (text)",
    ):
        table.add_column(column)
    for item in items:
        table.add_row(
            item.id,
            item.date.isoformat() if item.date else "",
            item.unit or "",
            item.value("topic") or "",
            item.value("orientation") or "",
            item.text if len(item.text) <= 80 else item.text[:79] + "…",
        )
    _console().print(table)


@store.command(
    "stats",
    help=bi(
        "Thống kê kho: số bản ghi, phiên bản, tổng hợp cần làm lại.",
        "Counts by record kind, revisions, stale syntheses.",
    ),
)
@click.option("--json", "as_json", is_flag=True, help=bi("In dạng JSON.", "Print as JSON."))
@click.pass_context
def stats(ctx: click.Context, as_json: bool) -> None:
    """Thống kê kho (counts by record kind, revisions, stale syntheses)."""
    from rich.table import Table

    with _opened(ctx) as opened:
        counts = opened.stats()
    if as_json:
        click.echo(json.dumps(counts, sort_keys=True))
        return
    table = Table(title="Kho dữ liệu (store)")
    table.add_column("Bảng (table)")
    table.add_column("Số (count)", justify="right")
    for key, value in counts.items():
        table.add_row(key, str(value))
    _console().print(table)


@store.command(
    "audit",
    help=bi(
        "Nhật ký: ai nhập, duyệt, xuất gì, khi nào.",
        "The audit log: who imported, reviewed, exported what, when.",
    ),
)
@click.option(
    "--action",
    help=bi(
        "Chỉ hành động này: import, review, export...",
        "Only this action: import, review, export...",
    ),
)
@click.option(
    "--limit", type=int, default=50, show_default=True, help=bi("Số dòng cuối.", "Last lines.")
)
@click.pass_context
def audit(ctx: click.Context, action: str | None, limit: int) -> None:
    """Nhật ký: ai nhập, duyệt, xuất gì, khi nào (the audit log)."""
    from rich.table import Table

    with _opened(ctx) as opened:
        entries = opened.audit_log(action=action, limit=limit)
    table = Table(title="Nhật ký (audit log)")
    for column in ("Lúc (at, UTC)", "Ai (actor)", "Việc (action)", "Đối tượng (target)"):
        table.add_column(column)
    for entry in entries:
        table.add_row(
            entry.at.strftime("%Y-%m-%d %H:%M:%S"), entry.actor, entry.action, entry.target
        )
    _console().print(table)


@store.command(
    "vacuum",
    help=bi(
        "Dọn dẹp, thu hồi dung lượng, cập nhật thống kê truy vấn.",
        "Reclaim space and refresh the query planner's statistics.",
    ),
)
@click.pass_context
def vacuum(ctx: click.Context) -> None:
    """Dọn dẹp, thu hồi dung lượng, cập nhật thống kê truy vấn (reclaim space, refresh the
    query planner's statistics)."""
    with _opened(ctx) as opened:
        opened.vacuum()
    click.echo("Đã dọn dẹp kho (vacuumed)")

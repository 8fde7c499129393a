"""``dlxh run CONFIG``: the office's whole job in one command (see :mod:`dlxh.pipeline`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from dlxh.cli.i18n import bi, say

__all__ = ["run"]

_STAGES = {
    "read": ("Đọc báo cáo", "Reading reports"),
    "classify": ("Phân loại", "Classifying"),
}


def progress_step(progress: Any) -> Any:
    """A ``step(stage, done, total)`` callback drawing one rich progress bar per stage."""
    tasks: dict[str, Any] = {}

    def step(stage: str, done: int, total: int) -> None:
        vi, en = _STAGES.get(stage, (f"Tổng hợp: {stage}", f"Synthesis: {stage}"))
        if stage not in tasks:
            tasks[stage] = progress.add_task(say(vi, en), total=max(total, 1))
        progress.update(tasks[stage], completed=done, total=max(total, 1))

    return step


@click.command(
    "run",
    help=bi(
        "Chạy toàn bộ công việc của cơ quan theo tệp cấu hình CONFIG (TOML): đọc mọi báo cáo "
        "nhận được, phân loại, tổng hợp tháng và quý, kiểm tra tiến độ, chất lượng, ghi văn "
        "bản Word và phụ lục Excel.",
        "Run the office's whole job described by CONFIG (TOML): read every report received, "
        "classify, synthesise the month and the quarter, check completeness and quality, "
        "write the Word document and the Excel annex.",
    ),
)
@click.argument("config", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--outputs",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help=bi(
        "Thư mục kết quả (thay cho outputs trong CONFIG).",
        "Output folder (overrides outputs in CONFIG).",
    ),
)
@click.option("--quiet", is_flag=True, help=bi("Không hiện thanh tiến độ.", "No progress bars."))
def run(config: Path, outputs: Path | None, quiet: bool) -> None:
    """The ``dlxh run`` command."""
    import attrs
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from dlxh.pipeline import RunConfig, run_office

    settings = RunConfig.from_toml(config)
    if outputs is not None:
        settings = attrs.evolve(settings, outputs=outputs)
    console = Console(stderr=True)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        disable=quiet or not console.is_terminal,
        transient=True,
    ) as progress:
        result = run_office(settings, step=progress_step(progress))
    for line in result.summary_lines():
        click.echo(line)
    click.echo(say("Đã ghi:", "Written:"))
    for path in result.written:
        click.echo(f"  {path}")

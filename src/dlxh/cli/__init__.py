"""The ``dlxh`` command: a thin layer over the public API.

Errors print as one clear line and exit with code 1 (``--debug`` shows the traceback); a
usage error exits with code 2 (click's convention).
"""

from __future__ import annotations

import sys
from typing import Any

import click

from dlxh._version import __version__
from dlxh.errors import DlxhError

__all__ = ["main"]


class DlxhGroup(click.Group):
    """Turns dlxh errors and missing files into one line on stderr, unless ``--debug``."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (DlxhError, OSError) as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"Lỗi: {exc}", err=True)
            sys.exit(1)


@click.group(cls=DlxhGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dlxh")
@click.option("--debug", is_flag=True, help="Hiện đầy đủ lỗi (show the traceback on errors).")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """dlxh: nắm bắt, phản ánh, tổng hợp dư luận xã hội.

    (Grasp, report and synthesise public opinion.)
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def _attach() -> None:
    from dlxh.cli.classify import classify
    from dlxh.cli.plugins import plugins
    from dlxh.cli.store import store
    from dlxh.cli.units import units

    main.add_command(classify)
    main.add_command(plugins)
    main.add_command(store)
    main.add_command(units)


_attach()

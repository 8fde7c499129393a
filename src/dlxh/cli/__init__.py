"""The ``dlxh`` command: a thin layer over the public API.

Exit codes: 0 success; 1 an error stopped the work (one line on stderr, ``--debug`` shows the
traceback); 2 the command was used wrongly (unknown option, missing argument); 130 interrupted.
Help and messages are in Vietnamese, or English with ``--lang en`` (or ``DLXH_LANG=en``).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import click

from dlxh._version import __version__
from dlxh.cli.i18n import bi, error_line, say, set_lang, translate
from dlxh.errors import DlxhError

__all__ = ["main"]

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


def _lang_from_args(args: Sequence[str]) -> str | None:
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
    return None


class DlxhGroup(click.Group):
    """Turns dlxh errors and missing files into one line on stderr, unless ``--debug``."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (DlxhError, OSError) as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(error_line(exc), err=True)
            sys.exit(EXIT_ERROR)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        # The language must be known before click formats any help, wherever --lang stands.
        argv = list(sys.argv[1:] if args is None else args)
        lang = _lang_from_args(argv)
        if lang in ("vi", "en"):
            translate(self, set_lang(lang))
        run = super().main
        if not standalone_mode:
            return run(argv, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            code = run(argv, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as exc:
            where = exc.ctx.command_path if exc.ctx else "dlxh"
            lead = say("Lỗi: dùng lệnh chưa đúng", "Error: wrong usage")
            see = say("xem", "see")
            click.echo(f"{lead}: {exc.format_message()} ({see} {where} --help)", err=True)
            sys.exit(EXIT_USAGE)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except click.exceptions.Abort:
            click.echo(say("Đã dừng.", "Stopped."), err=True)
            sys.exit(EXIT_INTERRUPTED)
        sys.exit(code if isinstance(code, int) else EXIT_OK)


def _choose_lang(ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is not None:
        translate(ctx.command, set_lang(value))
    return value


@click.group(
    cls=DlxhGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    help=bi(
        "dlxh: nắm bắt, phản ánh, tổng hợp dư luận xã hội.",
        "dlxh: grasp, report and synthesise public opinion.",
    ),
)
@click.version_option(
    __version__,
    prog_name="dlxh",
    help=bi("Hiện phiên bản rồi thoát.", "Show the version and exit."),
)
@click.option(
    "--lang",
    type=click.Choice(["vi", "en"]),
    default=None,
    is_eager=True,
    expose_value=False,
    callback=_choose_lang,
    help=bi("Ngôn ngữ: vi (mặc định) hoặc en.", "Language: vi (default) or en."),
)
@click.option(
    "--debug",
    is_flag=True,
    help=bi("Hiện đầy đủ lỗi (traceback).", "Show the traceback on errors."),
)
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """The ``dlxh`` command group."""
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def _attach() -> None:
    from dlxh.cli.classify import classify
    from dlxh.cli.network import network
    from dlxh.cli.plugins import plugins
    from dlxh.cli.run import run
    from dlxh.cli.store import store
    from dlxh.cli.units import units

    main.add_command(classify)
    main.add_command(network)
    main.add_command(plugins)
    main.add_command(run)
    main.add_command(store)
    main.add_command(units)


_attach()
translate(main)

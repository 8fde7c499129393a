from __future__ import annotations

import click
from click.testing import CliRunner

import dlxh
from dlxh.cli import main


def test_version_and_help() -> None:
    runner = CliRunner()
    version = runner.invoke(main, ["--version"])
    assert version.exit_code == 0
    assert dlxh.__version__ in version.output
    help_text = runner.invoke(main, ["--help"])
    assert help_text.exit_code == 0
    assert "plugins" in help_text.output
    assert "dư luận xã hội" in help_text.output


def test_dlxh_errors_are_one_line_without_traceback() -> None:
    @main.command("fail-for-test")
    def fail() -> None:
        raise dlxh.UnknownPeriodError("không đọc được kỳ báo cáo 'quý V/2026'")

    try:
        result = CliRunner().invoke(main, ["fail-for-test"])
        assert result.exit_code == 1
        assert result.output == (
            "Lỗi: kỳ báo cáo hoặc ngày không hợp lệ: không đọc được kỳ báo cáo 'quý V/2026'\n"
        )
        debug = CliRunner().invoke(main, ["--debug", "fail-for-test"])
        assert isinstance(debug.exception, dlxh.UnknownPeriodError)
    finally:
        main.commands.pop("fail-for-test")
    assert isinstance(main, click.Group)

"""The command speaks Vietnamese by default and English on request; errors are one line."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from dlxh.cli import main
from dlxh.cli.i18n import error_line, set_lang, translate
from dlxh.errors import FormatError, UnknownPeriodError, UnknownUnitError


@pytest.fixture(autouse=True)
def _back_to_vietnamese() -> Iterator[None]:
    yield
    translate(main, set_lang("vi"))


def _invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_help_is_vietnamese_by_default_and_english_with_lang() -> None:
    code, out, _ = _invoke("units", "find", "--help")
    assert code == 0
    assert "Tìm đơn vị theo địa chỉ tự do." in out
    assert "Chỉ tìm trong đơn vị này." in out
    assert "Hiện hướng dẫn này rồi thoát." in out
    assert "Only inside this unit code." not in out
    code, out, _ = _invoke("--lang", "en", "units", "find", "--help")
    assert code == 0
    assert "Resolve free text to units." in out
    assert "Only inside this unit code." in out
    assert "Show this message and exit." in out
    assert "Chỉ tìm trong đơn vị này." not in out


def test_english_help_of_the_group_lists_commands_in_english() -> None:
    code, out, _ = _invoke("--lang", "en", "--help")
    assert code == 0
    assert "Administrative units: find, show, lineage." in out
    assert "Language: vi (default) or en." in out


def test_missing_file_is_one_vietnamese_line(tmp_path: Path) -> None:
    missing = tmp_path / "khong-co.xlsx"
    code, out, err = _invoke("classify", "run", str(missing), "-o", str(tmp_path / "x.json"))
    assert code == 1
    assert err == f"Lỗi: không tìm thấy tệp: {missing}\n"
    assert "Traceback" not in out + err


def test_unknown_unit_is_one_line_with_close_codes() -> None:
    code, _, err = _invoke("units", "show", "99999")
    assert code == 1
    assert err.startswith("Lỗi: không tìm thấy đơn vị hành chính: ")
    assert err.count("\n") == 1


def test_usage_errors_are_one_line_with_exit_code_2() -> None:
    code, _, err = _invoke("--khong-co")
    assert code == 2
    assert err.startswith("Lỗi: dùng lệnh chưa đúng: ")
    assert err.count("\n") == 1
    code, _, err = _invoke("--lang", "en", "--no-such")
    assert code == 2
    assert err.startswith("Error: wrong usage: ")


@pytest.mark.parametrize(
    ("exc", "vi", "en"),
    [
        (
            UnknownPeriodError("'quý V/2026'"),
            "Lỗi: kỳ báo cáo hoặc ngày không hợp lệ",
            "Error: not a",
        ),
        (UnknownUnitError("'Xã Không Có'"), "Lỗi: không tìm thấy đơn vị", "Error: unknown admin"),
        (FormatError("truncated zip"), "Lỗi: tệp hỏng hoặc sai định dạng", "Error: corrupt file"),
        (
            FileNotFoundError(2, "no such file", "a.xlsx"),
            "Lỗi: không tìm thấy tệp: a.xlsx",
            "Error",
        ),
    ],
)
def test_error_lines_say_the_kind_of_error_in_each_language(
    exc: Exception, vi: str, en: str
) -> None:
    assert error_line(exc, "vi").startswith(vi)
    assert error_line(exc, "en").startswith(en)
    assert "\n" not in error_line(exc, "vi")


def test_a_wrong_period_in_a_run_configuration_is_one_line(tmp_path: Path) -> None:
    config = tmp_path / "chay.toml"
    (tmp_path / "vao").mkdir()
    config.write_text(
        '[run]\nunit = "12"\nperiod = "quý V/2026"\ninputs = "vao"\noutputs = "ra"\n',
        encoding="utf-8",
    )
    code, _, err = _invoke("run", str(config))
    assert code == 1
    assert err.startswith("Lỗi: kỳ báo cáo hoặc ngày không hợp lệ: ")
    assert err.count("\n") == 1


def test_an_unknown_unit_in_a_run_configuration_is_one_line(tmp_path: Path) -> None:
    config = tmp_path / "chay.toml"
    (tmp_path / "vao").mkdir()
    config.write_text(
        '[run]\nunit = "99"\nperiod = "2026-12"\ninputs = "vao"\noutputs = "ra"\n',
        encoding="utf-8",
    )
    code, _, err = _invoke("run", str(config))
    assert code == 1
    assert err.startswith("Lỗi: không tìm thấy đơn vị hành chính: ")
    assert err.count("\n") == 1


def test_a_corrupt_workbook_is_one_line(tmp_path: Path) -> None:
    broken = tmp_path / "bao-cao-hong.xlsx"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 40 + b"not really a workbook")
    code, out, err = _invoke("classify", "run", str(broken), "-o", str(tmp_path / "x.json"))
    assert code == 1
    assert err.startswith(
        ("Lỗi: tệp hỏng hoặc sai định dạng: ", "Lỗi: định dạng không được hỗ trợ: ")
    )
    assert err.count("\n") == 1
    assert "Traceback" not in out + err

"""``dlxh units``: find, show, successors."""

from __future__ import annotations

from click.testing import CliRunner

from dlxh.cli.units import units


def _run(*args: str) -> str:
    # rich reads the width from COLUMNS when the output is not a terminal
    result = CliRunner().invoke(units, list(args), env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    return result.output


def test_find_prints_the_matches() -> None:
    out = _run("find", "p. bến nghé, q1, hcm", "--as-of", "2024-06-01")
    assert "26740" in out
    assert "Phường Bến Nghé" in out
    assert "Quận 1" in out


def test_find_after_the_reform_names_the_successor() -> None:
    out = _run("find", "p. bến nghé, q1, hcm", "--as-of", "2025-08-01")
    assert "Phường Sài Gòn" in out


def test_show_prints_the_unit_and_its_children() -> None:
    out = _run("show", "79", "--as-of", "2024-06-01")
    assert "Thành phố Hồ Chí Minh" in out
    assert "Quận 1" in out
    assert "municipality" in out


def test_successors_lists_the_new_units() -> None:
    out = _run("successors", "26734")
    assert "Phường Tân Định" in out
    assert "2025-07-01" in out
    out = _run("successors", "760")
    assert "Phường Sài Gòn" in out
    assert "Phường Bến Thành" in out


def test_errors() -> None:
    runner = CliRunner()
    assert runner.invoke(units, ["show", "99999"]).exit_code != 0
    bad_date = runner.invoke(units, ["find", "x", "--as-of", "soon"])
    assert bad_date.exit_code == 2
    assert "không tìm thấy" in _run("find", "zzz qqq", "--as-of", "2024-06-01").casefold()

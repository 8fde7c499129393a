"""The office's run: its configuration refuses wrong values in plain words, and a file that
cannot be read is a problem of the run, not the end of it."""

from __future__ import annotations

from pathlib import Path

import pytest

import dlxh
from dlxh.errors import ConfigurationError, UnknownPeriodError
from dlxh.pipeline import RunConfig, input_files, read_all

BASE = {"unit": "12", "period": "2026-12", "inputs": "vao", "outputs": "ra"}


def test_paths_are_read_from_the_configuration_folder(tmp_path: Path) -> None:
    config = tmp_path / "chay.toml"
    config.write_text(
        '[run]\nunit = "12"\nperiod = "2026-12"\ninputs = "vao"\noutputs = "ra"\n'
        'classifiers = "lexicon"\ndeadline_day = 7\n',
        encoding="utf-8",
    )
    settings = RunConfig.from_toml(config)
    assert settings.inputs == tmp_path / "vao"
    assert settings.outputs == tmp_path / "ra"
    assert settings.classifiers == ("lexicon",)
    assert settings.deadline_day == 7
    assert settings.period == dlxh.Period.month(2026, 12)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"deadline_day": 40}, "deadline_day"),
        ({"deadline_day": "5"}, "deadline_day"),
        ({"classifiers": 3}, "classifiers"),
        ({"colour": "red"}, "unknown setting"),
        ({"today": "12/01/2027"}, "YYYY-MM-DD"),
    ],
)
def test_wrong_settings_are_refused_by_name(change: dict[str, object], words: str) -> None:
    with pytest.raises(ConfigurationError, match=words):
        RunConfig.from_mapping({**BASE, **change})


def test_missing_settings_and_periods_are_refused() -> None:
    with pytest.raises(ConfigurationError, match="'outputs'"):
        RunConfig.from_mapping({k: v for k, v in BASE.items() if k != "outputs"})
    with pytest.raises(UnknownPeriodError):
        RunConfig.from_mapping({**BASE, "period": "quý V/2026"})


def test_unreadable_files_become_problems_and_the_rest_is_read(tmp_path: Path) -> None:
    good = tmp_path / "y-kien.jsonl"
    dlxh.write([dlxh.OpinionItem(id="a-1", text="Giá điện tăng")], good)
    broken = tmp_path / "hong.xlsx"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 30)
    gone = tmp_path / "da-xoa.docx"  # listed, then removed before it was read
    files = [*input_files(tmp_path), gone]
    assert broken in files and good in files
    batch, unreadable = read_all(files, dlxh.Session())
    assert [item.id for item in batch.items] == ["a-1"]
    assert {p.location for p in unreadable} == {str(broken), str(gone)}
    assert {p.code for p in unreadable} == {"unreadable-file"}


def test_a_missing_inputs_folder_is_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        input_files(tmp_path / "khong-co")

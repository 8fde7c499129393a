"""Installed, the package is found through its entry point by any plain session."""

from __future__ import annotations

import importlib.metadata
from pathlib import Path

import dlxh
import pytest
from dlxh.plugins.manager import ENTRY_POINT_GROUP, plugin_origin

from dlxh_google_forms import GoogleFormsImporter, ZaloTextExporter, __version__
from gforms_samples import synthesis, write_csv


def test_the_entry_point_is_declared() -> None:
    (entry,) = importlib.metadata.entry_points(group=ENTRY_POINT_GROUP, name="google-forms")
    assert entry.value == "dlxh_google_forms.plugin"
    assert plugin_origin("google-forms") == f"dlxh-google-forms {__version__}"


def test_a_plain_session_finds_both_by_name() -> None:
    session = dlxh.Session()
    assert session.importers.get("google-forms") is GoogleFormsImporter
    assert session.exporters.get("zalo-text") is ZaloTextExporter


def test_blocked_or_not_autoloaded_it_is_absent() -> None:
    assert "google-forms" not in dlxh.Session(block=["google-forms"]).importers
    assert "zalo-text" not in dlxh.Session(autoload=False).exporters


def test_dlxh_read_picks_it_by_content(tmp_path: Path) -> None:
    # A neutral name: the content, not the file name, says it is a Google Forms export.
    path = write_csv(tmp_path / "responses.csv")
    batch = dlxh.read(path, within="38")
    assert batch.source is not None and batch.source.importer == "google-forms"
    assert batch.accepted == 3
    assert batch.items[0].unit == "14797"


def test_dlxh_write_by_exporter_name(tmp_path: Path) -> None:
    target = tmp_path / "ban-tin.zalo.txt"
    assert dlxh.write(synthesis(), target, exporter="zalo-text") == target
    text = target.read_text(encoding="utf-8")
    assert text.startswith("TỔNG HỢP DƯ LUẬN XÃ HỘI THÁNG 10 NĂM 2026\n")


def test_one_session_reads_a_survey_and_writes_a_bulletin(tmp_path: Path) -> None:
    """The round a Front office makes: read the survey, group it, share the gist on Zalo."""
    session = dlxh.Session()
    batch = session.read(write_csv(tmp_path / "responses.csv"), within="38")
    streams = [
        dlxh.OpinionStream(
            id=f"s-{item.id}", statement=item.text, item_ids=(item.id,),
            places=(item.place_text or "",), breadth=dlxh.Breadth.SOMEONE,
        )
        for item in batch.items
    ]
    target = tmp_path / "ban-tin.zalo.txt"
    session.write(streams, target, exporter="zalo-text", period="Tháng 10 năm 2026")
    text = target.read_text(encoding="utf-8")
    assert "Kỳ: Tháng 10 năm 2026" in text
    assert "Các luồng ý kiến nổi bật (3/3):" in text
    assert "Phường Đông Sơn" in text


def test_writing_something_else_is_refused(tmp_path: Path) -> None:
    with pytest.raises(dlxh.UnsupportedFormatError):
        dlxh.write({"not": "a report"}, tmp_path / "x.zalo.txt", exporter="zalo-text")

"""The google-forms importer: what it reads from a responses file, and what it refuses."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import dlxh
import pytest
from dlxh.errors import ConfigurationError, FormatError, ProblemError, Severity
from dlxh.model.enums import Channel, Method, Origin
from dlxh.plugins.source import Source
from dlxh.serialize import to_json
from dlxh.testing import fresh_session

from dlxh_google_forms import GoogleFormsImporter, plugin
from gforms_samples import (
    EN_HEADER,
    EN_ROWS,
    RESPONDENT,
    VI_HEADER,
    VI_ROWS,
    csv_bytes,
    write_csv,
    write_xlsx,
    write_zip,
)

HAC_THANH = "14797"  # Phường Hạc Thành, Thanh Hóa (after the 2025 reform)
DONG_SON = "16378"
QUANG_PHU = "16522"


@pytest.fixture
def session() -> dlxh.Session:
    """Built-ins only, plus this plugin's module registered in code: the tests do not depend
    on what else is installed."""
    return fresh_session(plugins=[plugin])


def _read(session: dlxh.Session, path: Path, **options: Any) -> dlxh.ImportBatch:
    return session.read(path, importer="google-forms", **options)


def test_every_answered_opinion_becomes_an_item(session: dlxh.Session, tmp_path: Path) -> None:
    batch = _read(session, write_csv(tmp_path / "responses.csv"), within="38")
    batch.check()
    assert (batch.seen, batch.accepted, batch.rejected) == (4, 3, 1)
    first, second, third = batch.items
    assert first.text.startswith("Đề nghị sớm sửa chữa tuyến đường ven sông")
    assert "\n" in first.text  # the two-line answer is one item
    assert first.date == dt.date(2026, 10, 3)
    assert (first.channel, first.method, first.origin) == (
        Channel.APP, Method.SURVEY, Origin.FIRST_HAND
    )
    assert first.groups == ("Hưu trí",)
    assert first.reasons == ("Mùa mưa nước ngập sâu",)
    assert second.reasons == ()  # an empty reason is no reason
    assert ("question", "Ý kiến, kiến nghị của ông/bà") in first.extra
    assert ("timestamp", "2026-10-03T08:15:04") in first.extra
    assert (VI_HEADER[4], "Hài lòng") in first.extra  # a rating question is kept aside
    assert third.groups == ("Công nhân, người lao động",)


def test_places_resolve_to_unit_codes(session: dlxh.Session, tmp_path: Path) -> None:
    batch = _read(session, write_csv(tmp_path / "responses.csv"), within="38")
    assert [i.unit for i in batch.items] == [HAC_THANH, DONG_SON, QUANG_PHU]
    assert [i.place_text for i in batch.items] == [
        "Phường Hạc Thành", "Phường Đông Sơn", "Phường Quảng Phú"
    ]
    assert not [p for p in batch.problems if "place" in p.code]


def test_an_ambiguous_place_is_kept_as_written(session: dlxh.Session, tmp_path: Path) -> None:
    # Without within=, "Phường Quảng Phú" exists in more than one province.
    batch = _read(session, write_csv(tmp_path / "responses.csv"))
    third = batch.items[2]
    assert third.unit is None
    assert third.place_text == "Phường Quảng Phú"
    (problem,) = [p for p in batch.problems if p.code == "gforms-ambiguous-place"]
    assert problem.severity is Severity.WARNING
    assert problem.location == "line 5"
    assert "16522" in problem.message


def test_an_unknown_place_is_a_warning(session: dlxh.Session, tmp_path: Path) -> None:
    rows = [("14/10/2026 8:15:04", "", "Khu tái định cư số 5", "", "",
             "Khu tái định cư chưa có nước sạch.", "")]
    batch = _read(session, write_csv(tmp_path / "r.csv", rows=rows), within="38")
    assert batch.items[0].unit is None
    assert batch.items[0].place_text == "Khu tái định cư số 5"
    assert [p.code for p in batch.problems] == ["gforms-unknown-place"]


def test_a_bad_row_is_rejected_with_its_line(session: dlxh.Session, tmp_path: Path) -> None:
    batch = _read(session, write_csv(tmp_path / "responses.csv"), within="38")
    (error,) = [p for p in batch.problems if p.severity is Severity.ERROR]
    assert error.code == "gforms-invalid-timestamp"
    # Header on line 1; the first answer spans lines 2-3, so the fifth response is on line 7.
    assert error.location == "line 7"
    assert "32/10/2026" in error.message
    assert [i.source.location for i in batch.items if i.source] == ["line 2", "line 4", "line 5"]
    with pytest.raises(ProblemError):
        _read(session, tmp_path / "responses.csv", strict=True, within="38")


def test_no_opinion_answers_are_counted_not_items(session: dlxh.Session, tmp_path: Path) -> None:
    batch = _read(session, write_csv(tmp_path / "responses.csv"), within="38")
    (info,) = [p for p in batch.problems if p.code == "gforms-no-opinion"]
    assert info.severity is Severity.INFO
    assert info.message.startswith("1 responses")
    assert all("Không có ý kiến" not in i.text for i in batch.items)


def test_respondents_are_never_read(session: dlxh.Session, tmp_path: Path) -> None:
    header = (*VI_HEADER, "Số điện thoại liên hệ")
    rows = [(*row, "0912345678") for row in VI_ROWS]
    batch = _read(session, write_csv(tmp_path / "r.csv", header, rows), within="38")
    dumped = to_json(batch)
    assert RESPONDENT not in dumped
    assert "Trần Thị Bình" not in dumped
    assert "0912345678" not in dumped


def test_ids_are_stable_and_follow_the_content(session: dlxh.Session, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "responses.csv")
    first = [i.id for i in _read(session, path).items]
    again = [i.id for i in _read(session, path).items]
    assert first == again
    assert len(set(first)) == len(first)
    changed = write_csv(tmp_path / "other.csv", rows=VI_ROWS[:3])
    assert set(first).isdisjoint(i.id for i in _read(session, changed).items)


def test_two_opinion_questions_give_two_items(session: dlxh.Session, tmp_path: Path) -> None:
    header = ("Dấu thời gian", "Ý kiến về an ninh trật tự", "Kiến nghị, đề xuất")
    rows = [
        ("03/10/2026 8:15:04", "Tình trạng trộm cắp xe máy tăng.", "Tăng cường tuần tra ban đêm.")
    ]
    batch = _read(session, write_csv(tmp_path / "r.csv", header, rows))
    assert [i.text for i in batch.items] == list(rows[0][1:])
    assert batch.items[0].id != batch.items[1].id
    assert batch.seen == 2


def test_day_first_proven_by_the_data(session: dlxh.Session, tmp_path: Path) -> None:
    # "14/10/2026" can only be day first: the English header does not override the data.
    header = ("Timestamp", "Your opinion")
    rows = [("03/10/2026 8:00:00", "Ý kiến một."), ("14/10/2026 9:00:00", "Ý kiến hai.")]
    batch = _read(session, write_csv(tmp_path / "r.csv", header, rows))
    assert [i.date for i in batch.items] == [dt.date(2026, 10, 3), dt.date(2026, 10, 14)]
    assert not batch.problems


def test_month_first_proven_by_the_data(session: dlxh.Session, tmp_path: Path) -> None:
    batch = _read(session, write_csv(tmp_path / "en.csv", EN_HEADER, EN_ROWS))
    assert [i.date for i in batch.items] == [dt.date(2026, 10, 3), dt.date(2026, 10, 14)]
    assert "an@example.com" not in to_json(batch)


def test_ambiguous_timestamps_follow_the_header_with_a_warning(
    session: dlxh.Session, tmp_path: Path
) -> None:
    rows = [("03/10/2026 8:00:00", "Ý kiến một."), ("05/10/2026 9:00:00", "Ý kiến hai.")]
    vi = _read(session, write_csv(tmp_path / "vi.csv", ("Dấu thời gian", "Ý kiến"), rows))
    assert [i.date for i in vi.items] == [dt.date(2026, 10, 3), dt.date(2026, 10, 5)]
    (warning,) = vi.problems
    assert warning.code == "gforms-ambiguous-timestamp"
    assert "dayfirst=False" in warning.message
    assert warning.location == "line 2"
    en = _read(session, write_csv(tmp_path / "en.csv", ("Timestamp", "Ý kiến"), rows))
    assert [i.date for i in en.items] == [dt.date(2026, 3, 10), dt.date(2026, 5, 10)]
    assert [p.code for p in en.problems] == ["gforms-ambiguous-timestamp"]


def test_dayfirst_option_wins_and_rejects_what_contradicts_it(
    session: dlxh.Session, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "en.csv", EN_HEADER, EN_ROWS)
    batch = _read(session, path, dayfirst=True)
    assert [i.date for i in batch.items] == [dt.date(2026, 3, 10)]
    (error,) = batch.problems
    assert (error.code, error.location) == ("gforms-invalid-timestamp", "line 3")
    assert "day/month/year" in error.message
    with pytest.raises(ConfigurationError):
        _read(session, path, dayfirst="yes")


def test_twelve_hour_times(session: dlxh.Session, tmp_path: Path) -> None:
    rows = [("14/10/2026 8:15:04 CH", "Buổi chiều."), ("14/10/2026 12:01:00 SA", "Nửa đêm.")]
    batch = _read(session, write_csv(tmp_path / "r.csv", ("Dấu thời gian", "Ý kiến"), rows))
    stamps = [dict(i.extra)["timestamp"] for i in batch.items]
    assert stamps == ["2026-10-14T20:15:04", "2026-10-14T00:01:00"]


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8-sig", ","), ("utf-16", "\t"), ("utf-8", ";")],
)
def test_csv_encodings_and_delimiters(
    session: dlxh.Session, tmp_path: Path, encoding: str, delimiter: str
) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes(csv_bytes(VI_HEADER, VI_ROWS, encoding=encoding, delimiter=delimiter))
    batch = _read(session, path, within="38")
    assert [i.unit for i in batch.items] == [HAC_THANH, DONG_SON, QUANG_PHU]
    assert batch.items[1].text == VI_ROWS[1][5]


def test_not_utf8_is_one_clear_error(session: dlxh.Session, tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    # "Đường" in Windows-1258, as an old Excel on a Vietnamese Windows saves it.
    path.write_bytes(b"Timestamp,Opinion\n10/14/2026 8:00:00,\xd0\xfd\xf5ng\n")
    with pytest.raises(FormatError, match="not UTF-8"):
        _read(session, path)


def test_xlsx_with_real_timestamps(session: dlxh.Session, tmp_path: Path) -> None:
    rows = [
        (dt.datetime(2026, 10, 3, 8, 15, 4), *VI_ROWS[0][1:]),
        (dt.datetime(2026, 10, 5, 19, 2, 11), *VI_ROWS[1][1:]),
        (None, "", "Phường Đông Sơn", "", "", "Ý kiến không có thời gian.", ""),
    ]
    batch = _read(session, write_xlsx(tmp_path / "r.xlsx", rows=rows), within="38")
    batch.check()
    assert [i.date for i in batch.items] == [dt.date(2026, 10, 3), dt.date(2026, 10, 5)]
    assert [i.unit for i in batch.items] == [HAC_THANH, DONG_SON]
    sheet = "Câu trả lời biểu mẫu 1"
    assert [i.source.location for i in batch.items if i.source] == [f"{sheet}!F2", f"{sheet}!F3"]
    (error,) = batch.problems
    assert (error.code, error.location) == ("gforms-invalid-timestamp", f"{sheet}!A4")


def test_xlsx_with_text_timestamps_and_a_chosen_sheet(
    session: dlxh.Session, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", EN_HEADER, EN_ROWS, sheet="Form Responses 1")
    batch = _read(session, path, sheet="Form Responses 1")
    assert [i.date for i in batch.items] == [dt.date(2026, 10, 3), dt.date(2026, 10, 14)]
    with pytest.raises(FormatError, match="no sheet named"):
        _read(session, path, sheet="Trang tính 1")


def test_the_zip_google_forms_downloads(session: dlxh.Session, tmp_path: Path) -> None:
    path = write_zip(tmp_path / "Khảo sát ý kiến Nhân dân.csv.zip")
    assert GoogleFormsImporter.sniff(Source.from_any(path)) == pytest.approx(0.99)
    batch = _read(session, path, within="38")
    assert (batch.accepted, batch.rejected) == (3, 1)
    assert batch.items[0].source is not None
    assert batch.items[0].source.location == "line 2"
    assert batch.items[0].source.sha256 == Source.from_any(path).sha256  # the file as given


def test_mixed_orders_reject_what_the_header_order_cannot_read(
    session: dlxh.Session, tmp_path: Path
) -> None:
    rows = [("14/10/2026 8:00:00", "Ý kiến một."), ("10/15/2026 9:00:00", "Ý kiến hai.")]
    batch = _read(session, write_csv(tmp_path / "r.csv", ("Dấu thời gian", "Ý kiến"), rows))
    assert [i.date for i in batch.items] == [dt.date(2026, 10, 14)]
    assert [(p.code, p.location) for p in batch.problems] == [
        ("gforms-invalid-timestamp", "line 3")
    ]


def test_custom_question_titles(session: dlxh.Session, tmp_path: Path) -> None:
    header = ("Dấu thời gian", "Điều ông/bà quan tâm nhất", "Thôn, tổ dân phố")
    rows = [("14/10/2026 8:00:00", "Ô nhiễm từ trại chăn nuôi gần khu dân cư.", "Tổ dân phố 3")]
    path = write_csv(tmp_path / "r.csv", header, rows)
    with pytest.raises(FormatError, match="no opinion question"):
        _read(session, path)
    batch = _read(
        session, path,
        questions={"Điều ông/bà quan tâm nhất": "text", "Bình luận khác": "text"},
    )
    assert [i.text for i in batch.items] == [rows[0][1]]
    assert ("Thôn, tổ dân phố", "Tổ dân phố 3") in batch.items[0].extra
    assert [p.code for p in batch.problems] == ["gforms-unknown-question"]
    with pytest.raises(ConfigurationError, match="unknown role"):
        _read(session, path, questions={"Điều ông/bà quan tâm nhất": "opinion"})


def test_a_ragged_row_is_rejected(session: dlxh.Session, tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(
        "Dấu thời gian,Ý kiến\n03/10/2026 8:00:00,Ý kiến một.\n05/10/2026 8:00:00,Hai,thừa\n",
        encoding="utf-8",
    )
    batch = _read(session, path)
    batch.check()
    assert [p.code for p in batch.problems if p.severity is Severity.ERROR] == ["gforms-ragged-row"]


def test_unknown_options_are_refused(session: dlxh.Session, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "r.csv")
    with pytest.raises(TypeError, match="google-forms"):
        _read(session, path, day_first=True)
    with pytest.raises(ConfigurationError, match="google-forms"):
        _read(session, path, channel="fax")


def test_sniff_only_claims_google_headers(tmp_path: Path) -> None:
    ours = Source.from_any(write_csv(tmp_path / "r.csv"))
    assert GoogleFormsImporter.sniff(ours) == pytest.approx(0.99)
    header_only = Source.from_any(csv_bytes(VI_HEADER, []), name="r.csv")
    assert GoogleFormsImporter.sniff(header_only) == pytest.approx(0.97)
    plain = Source.from_any(b"STT,Noi dung\n1,Duong hong\n", name="plain.csv")
    assert GoogleFormsImporter.sniff(plain) == 0.0
    assert GoogleFormsImporter.sniff(Source.from_any(write_xlsx(tmp_path / "r.xlsx"))) > 0.95
    assert GoogleFormsImporter.sniff(Source.from_any(b"PK\x03\x04broken", name="x.xlsx")) == 0.0


def test_chosen_over_the_generic_table_importers(tmp_path: Path) -> None:
    session = dlxh.Session()  # installed: the entry point registers the plugin
    samples = (
        write_csv(tmp_path / "r.csv"),
        write_xlsx(tmp_path / "r.xlsx"),
        write_zip(tmp_path / "r.csv.zip"),
    )
    for path in samples:
        assert session.select_importer(Source.from_any(path)) is GoogleFormsImporter
    plain = tmp_path / "plain.csv"
    plain.write_text("STT,Nội dung\n1,Đường hỏng\n", encoding="utf-8")
    assert session.select_importer(Source.from_any(plain)) is not GoogleFormsImporter

"""The zalo-text bulletin: what it says, in what order, and what it leaves out."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import attrs
import pytest
from dlxh.model.periods import Period
from dlxh.testing import fresh_session

from dlxh_google_forms import ZaloTextExporter, bulletin_text, plugin
from gforms_samples import recommendations, report, streams, synthesis


def test_a_synthesis_bulletin() -> None:
    text = bulletin_text(synthesis())
    lines = text.splitlines()
    assert lines[0] == "TỔNG HỢP DƯ LUẬN XÃ HỘI THÁNG 10 NĂM 2026"
    assert lines[1] == "Kỳ: Tháng 10 năm 2026"
    assert lines[2] == "Nguồn: Ủy ban MTTQ Việt Nam phường Hạc Thành"
    assert "Các luồng ý kiến nổi bật (4/4):" in lines
    assert lines[-2:] == ["Kiến nghị, đề xuất: 2", "Ngày 05/11/2026"]


def test_streams_widest_first_with_breadth_and_places() -> None:
    numbered = [line for line in bulletin_text(synthesis()).splitlines() if line[:2] in {
        "1.", "2.", "3.", "4."}]
    assert [line.split(".", 1)[0] for line in numbered] == ["1", "2", "3", "4"]
    assert numbered[0].startswith("1. Lo lắng giá phân bón")
    assert numbered[0].endswith(
        "(Đa số; 3 ý kiến; Phường Đông Sơn, Phường Quảng Phú, Xã Đông Tiến và 2 nơi khác)"
    )
    assert numbered[1].startswith("2. Đề nghị sửa chữa tuyến đường ven sông")
    assert "(Nhiều ý kiến; 2 ý kiến; Phường Hạc Thành)" in numbered[1]
    assert "Một số người" in numbered[2]
    assert numbered[3].endswith("(1 ý kiến; Phường Quảng Phú)")  # no breadth stated


def test_top_n_counts_the_rest() -> None:
    text = bulletin_text(synthesis(), top=2)
    assert "Các luồng ý kiến nổi bật (2/4):" in text
    assert "3. " not in text
    assert "(và 2 luồng ý kiến khác trong báo cáo đầy đủ)" in text


def test_redacted_by_default() -> None:
    assert "0912 345 678" not in bulletin_text(synthesis())
    assert "[số điện thoại]" in bulletin_text(synthesis())
    assert "0912 345 678" in bulletin_text(synthesis(), redact=False)


def test_max_chars_is_kept() -> None:
    full = bulletin_text(synthesis())
    short = bulletin_text(synthesis(), max_chars=400)
    assert len(short) <= 400 < len(full)
    assert "luồng ý kiến khác trong báo cáo đầy đủ" in short
    assert short.endswith("Kiến nghị, đề xuất: 2\nNgày 05/11/2026")
    long_title = bulletin_text(synthesis(), title="Tổng hợp " * 60, max_chars=300)
    assert len(long_title) <= 300
    assert long_title.endswith("Kiến nghị, đề xuất: 2\nNgày 05/11/2026")


def test_nfc_whatever_came_in() -> None:
    decomposed = unicodedata.normalize("NFD", "Bà con phấn khởi vì đường làng được bê tông hóa")
    stream = attrs.evolve(streams()[0])
    # The model composes text on the way in; a stream built elsewhere might not be.
    object.__setattr__(stream, "statement", decomposed)
    assert stream.statement != unicodedata.normalize("NFC", decomposed)
    text = bulletin_text([stream], title=unicodedata.normalize("NFD", "Bản tin dư luận"))
    assert text == unicodedata.normalize("NFC", text)
    assert "Bà con phấn khởi" in text
    assert text.startswith("BẢN TIN DƯ LUẬN")


def test_a_list_of_streams() -> None:
    text = bulletin_text(streams(), recommendations=recommendations()[:1])
    assert text.startswith("TỔNG HỢP DƯ LUẬN XÃ HỘI\n")
    assert "Kỳ: Từ ngày 02/10/2026 đến ngày 28/10/2026" in text
    assert "Kiến nghị, đề xuất: 1" in text
    assert "Kỳ: Quý IV năm 2026" in bulletin_text(streams(), period=Period.quarter(2026, 4))


def test_a_bare_report_and_no_streams() -> None:
    text = bulletin_text(report())
    assert "Chưa có luồng ý kiến nào trong kỳ." in text
    assert "Kiến nghị, đề xuất: 0" in text
    assert bulletin_text([]).startswith("TỔNG HỢP DƯ LUẬN XÃ HỘI\n\nChưa có luồng ý kiến")


def test_what_it_accepts() -> None:
    assert ZaloTextExporter.accepts(synthesis())
    assert ZaloTextExporter.accepts(report())
    assert ZaloTextExporter.accepts(streams())
    assert not ZaloTextExporter.accepts(["một dòng chữ"])
    assert not ZaloTextExporter.accepts(42)


def test_bad_options() -> None:
    with pytest.raises(ValueError, match="top"):
        bulletin_text(synthesis(), top=0)


def test_writes_to_a_stream_and_a_path(tmp_path: Path) -> None:
    session = fresh_session(plugins=[plugin])
    buffer = io.BytesIO()
    session.write(synthesis(), buffer, exporter="zalo-text", top=1)
    target = tmp_path / "ban-tin.zalo.txt"
    session.write(synthesis(), target, exporter="zalo-text", top=1)
    assert buffer.getvalue() == target.read_bytes()
    assert buffer.getvalue().decode("utf-8") == bulletin_text(synthesis(), top=1) + "\n"

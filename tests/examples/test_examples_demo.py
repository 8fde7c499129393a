"""``make demo`` runs ``examples/demo.py``: it makes the data, runs the office's job and says
where the documents are."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import docx

ROOT = Path(__file__).resolve().parents[2]


def test_the_demo_writes_the_synthesis_and_says_where(tmp_path: Path) -> None:
    out = tmp_path / "demo-output"
    done = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "demo.py"), "--output", str(out), "--quiet",
         "--items", "600"],
        capture_output=True, text=True, timeout=600, check=False,
    )
    assert done.returncode == 0, done.stderr
    written = out / "ket-qua" / "tong-hop-2026-12.docx"
    assert str(written) in done.stdout
    assert "luồng ý kiến" in done.stdout
    # Completeness read back from the files equals what the generator planted for December.
    from dlxh.testing.scenario import scenario

    sc = scenario(600, seed=2026, province="12", year=2026, first_month=10, label_rate=0.0,
                  missing_rate=0.05, late_rate=0.15)
    missing = sum(1 for _, period in sc.missing if period == "2026-12")
    late = sum(1 for _, period, _days in sc.late if period == "2026-12")
    expected = (f"Báo cáo: cần 38, đã nhận {38 - missing} ({38 - missing - late} đúng hạn, "
                f"{late} chậm), thiếu {missing}.")
    assert expected in done.stdout
    document = docx.Document(str(written))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    text = "\n".join([p.text for p in document.paragraphs] + cells)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "trên địa bàn tỉnh Lai Châu" in text
    for name in ("phu-luc-2026-12.xlsx", "tong-hop-2026-Q4.docx", "mang-luoi-do-phu.xlsx",
                 "van-de-du-lieu.xlsx"):
        assert (out / "ket-qua" / name).stat().st_size > 0


def test_the_demo_synthesis_opens_in_libreoffice(tmp_path: Path) -> None:
    import os
    import shutil

    import pytest

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    pdftotext = shutil.which("pdftotext")
    if not (soffice and pdftotext):
        reason = "LibreOffice and poppler-utils are not installed (scripts/install-test-office.sh)"
        if os.environ.get("DLXH_REQUIRE_SERVICES") == "1":
            pytest.fail(f"DLXH_REQUIRE_SERVICES=1 but {reason}")
        pytest.skip(reason)
    out = tmp_path / "demo-output"
    subprocess.run(
        [sys.executable, str(ROOT / "examples" / "demo.py"), "--output", str(out), "--quiet",
         "--items", "300"],
        check=True, capture_output=True, timeout=600,
    )
    source = out / "ket-qua" / "tong-hop-2026-12.docx"
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless",
         "--norestore", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=240,
    )
    pdf = tmp_path / "tong-hop-2026-12.pdf"
    text = subprocess.run([pdftotext, str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    squashed = "".join(text.split())
    assert "CỘNGHÒAXÃHỘICHỦNGHĨAVIỆTNAM" in squashed
    assert "tỉnhLaiChâu" in squashed
    assert "luồng" in text or "ý kiến" in text

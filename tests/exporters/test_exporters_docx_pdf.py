"""The produced document as LibreOffice renders it: page count, fonts, no missing glyph.

Needs LibreOffice Writer, Liberation fonts and poppler-utils (``scripts/install-test-office.sh``).
Skipped with the reason where they are absent, a failure when ``DLXH_REQUIRE_SERVICES=1``
(CI).
"""

from __future__ import annotations

import collections
import os
import shutil
import subprocess
import unicodedata
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from dlxh.exporters.document import Table
from dlxh.exporters.docx_exporter import write_report_docx
from exporters.exporter_samples import make_items, make_report, make_streams

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")
PDFFONTS = shutil.which("pdffonts")
PDFINFO = shutil.which("pdfinfo")


@pytest.fixture
def office() -> str:
    if SOFFICE and PDFTOTEXT and PDFFONTS and PDFINFO:
        return SOFFICE
    reason = ("LibreOffice and poppler-utils are not installed "
              "(run scripts/install-test-office.sh)")
    if os.environ.get("DLXH_REQUIRE_SERVICES") == "1":
        pytest.fail(f"DLXH_REQUIRE_SERVICES=1 but {reason}")
    pytest.skip(reason)


def _to_pdf(soffice: str, source: Path) -> Path:
    profile = source.parent / "lo-profile"
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(source.parent), str(source)],
        check=True, capture_output=True, timeout=240,
    )
    pdf = source.with_suffix(".pdf")
    assert pdf.exists()
    return pdf


def _squash(text: str) -> str:
    return "".join(unicodedata.normalize("NFC", text).split())


def _docx_text(path: Path) -> list[str]:
    """Every paragraph of the body, tables included, in document order."""
    doc = docx.Document(str(path))
    return ["".join(t.text or "" for t in p.iter(qn("w:t")))
            for p in doc.element.body.iter(qn("w:p"))]


def _pages(pdf: Path) -> int:
    info = subprocess.run([str(PDFINFO), str(pdf)], check=True, capture_output=True,
                          text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def _pdf_text(pdf: Path, page: int | None = None) -> str:
    args = [str(PDFTOTEXT), "-enc", "UTF-8"]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    return subprocess.run([*args, str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout


def test_state_report_renders_with_every_vietnamese_glyph(tmp_path: Path, office: str) -> None:
    source = tmp_path / "bao-cao.docx"
    annex = Table("Tình hình nộp báo cáo của các xã, phường",
                  ["Đơn vị", "Số báo cáo", "Đúng hạn"],
                  [["Xã Tân Hòa", 3, "Đủ"], ["Phường Đông Hải", 2, "Chậm 1 kỳ"]])
    write_report_docx(make_report(), source, streams=make_streams(), items=make_items(),
                      tables=[annex], statistics=False)
    pdf = _to_pdf(office, source)

    # The body and signature fit on page 1; the annex starts page 2 (page break).
    assert _pages(pdf) == 2
    first, second = _pdf_text(pdf, 1), _pdf_text(pdf, 2)
    assert "Nguyễn Văn An" in unicodedata.normalize("NFC", first)
    assert "PHỤ LỤC" in unicodedata.normalize("NFC", second)

    # No missing glyph: the text read back from the PDF is the source, character for
    # character (NFC, whitespace aside), plus the page number LibreOffice prints on page 2.
    paragraphs = [p for p in _docx_text(source) if p.strip()]
    expected = _squash("".join(paragraphs)) + "2"
    got = _squash(_pdf_text(pdf))
    assert collections.Counter(got) == collections.Counter(expected)
    for paragraph in paragraphs:
        assert _squash(paragraph) in got, paragraph

    # Every font is embedded and is Times New Roman or its metric twin Liberation Serif:
    # no fallback font stood in for a glyph the main font lacked.
    fonts = subprocess.run([str(PDFFONTS), str(pdf)], check=True, capture_output=True,
                           text=True).stdout.splitlines()[2:]
    assert fonts
    for line in fonts:
        name = line.split()[0].split("+")[-1]
        assert name.startswith(("LiberationSerif", "TimesNewRoman")), line
        assert " yes " in line, line  # embedded

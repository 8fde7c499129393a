"""The csv importer: every encoding and delimiter, the same column logic as xlsx; and the
.xls and .ods importers on the same table."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
import xlwt  # type: ignore[import-untyped]

from dlxh.errors import Severity
from dlxh.importers.csv_importer import CsvImporter, decode_csv, sniff_delimiter
from dlxh.importers.xlsx_importer import OdsImporter, XlsImporter
from dlxh.model.enums import Orientation
from dlxh.plugins.source import Source
from dlxh.testing import fresh_session
from dlxh.testing.contracts import ImporterContract
from dlxh.text import from_unicode

HEADER = ["STT", "Nội dung ý kiến", "Địa bàn", "Ngày", "Thái độ"]
ROWS = [
    ["1", "Nhân dân đồng tình với việc sắp xếp tổ dân phố", "Phường Ba Đình, Thành phố Hà Nội",
     "03/10/2026", "Đồng tình"],
    ["2", "Bà con phản đối việc thu phí chợ tăng", "Phường Ba Đình, Thành phố Hà Nội",
     "04/10/2026", "Phản đối"],
    ["", "", "", "", ""],
    ["3", "", "Phường Ba Đình, Thành phố Hà Nội", "05/10/2026", ""],
]
TEXTS = [ROWS[0][1], ROWS[1][1]]


def _csv(delimiter: str = ",", rows: list[list[str]] | None = None) -> str:
    lines = [HEADER, *(rows if rows is not None else ROWS)]
    return "\r\n".join(delimiter.join(f'"{c}"' if delimiter in c else c for c in line)
                       for line in lines) + "\r\n"


def _check(batch: object) -> None:
    from dlxh.batch import ImportBatch

    assert isinstance(batch, ImportBatch)
    batch.check()
    assert [i.text for i in batch.items] == TEXTS
    assert [i.orientation for i in batch.items] == [Orientation.APPROVE, Orientation.OPPOSE]
    assert [i.unit for i in batch.items] == ["00004", "00004"]
    assert [i.date for i in batch.items] == [dt.date(2026, 10, 3), dt.date(2026, 10, 4)]
    assert batch.seen == 3 and batch.rejected == 1
    errors = [(p.code, p.location) for p in batch.problems if str(p.severity) == "error"]
    assert errors == [("missing-text", "B5")] or errors == [("missing-text", "Sheet1!B5")]


ENCODINGS: dict[str, Callable[[str], bytes]] = {
    "utf-8": lambda t: t.encode("utf-8"),
    "utf-8-bom": lambda t: t.encode("utf-8-sig"),
    "utf-16-bom": lambda t: t.encode("utf-16"),
    "utf-16-le": lambda t: t.encode("utf-16-le"),
    "cp1258": lambda t: _cp1258(t),
}


def _cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: letters with their vowel marks composed,
    tone marks as separate combining characters."""
    import unicodedata

    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for ch in text:
        decomposed = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tones))
        out.append(base + "".join(c for c in decomposed if c in tones))
    return "".join(out).encode("cp1258")


@pytest.mark.parametrize("name", sorted(ENCODINGS))
def test_encodings(tmp_path: Path, name: str) -> None:
    text = _csv()
    path = tmp_path / f"{name}.csv"
    path.write_bytes(ENCODINGS[name](text))
    batch = fresh_session().read(path)
    assert batch.source is not None and batch.source.importer == "csv"
    _check(batch)


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_legacy_font_bytes(tmp_path: Path, encoding: str) -> None:
    legacy = from_unicode(_csv(), encoding)  # type: ignore[arg-type]
    raw = legacy.encode("cp1252", errors="strict")
    path = tmp_path / f"{encoding}.csv"
    path.write_bytes(raw)
    batch = fresh_session().read(path)
    _check(batch)
    converted = [p for p in batch.problems if p.code == "legacy-encoding-converted"]
    assert [p.location for p in converted] == ["1:1", "B", "C", "E"]
    assert all(encoding in p.message for p in converted)
    assert decode_csv(raw)[1] == "cp1252"  # found per column, not on the whole file


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiters(tmp_path: Path, delimiter: str) -> None:
    text = _csv(delimiter)
    assert sniff_delimiter(text) == delimiter
    path = tmp_path / "bang.csv"
    path.write_text(text, encoding="utf-8")
    _check(fresh_session().read(path))


def test_csv_field_limit_of_the_process_is_left_as_it_was(tmp_path: Path) -> None:
    import csv

    before = csv.field_size_limit()
    path = tmp_path / "dai.csv"
    path.write_text(
        "Nội dung ý kiến,Địa bàn\n" + "Ý kiến rất dài " * 20_000 + ",Phường Ba Đình\n",
        encoding="utf-8",
    )
    batch = fresh_session().read(path)
    assert batch.seen == batch.accepted + batch.rejected == 1
    assert [p.code for p in batch.problems if p.severity is Severity.ERROR] == ["cell-too-large"]
    assert csv.field_size_limit() == before


def test_csv_detected_without_extension() -> None:
    source = Source.from_any(_csv(";").encode("utf-8"), name="bang")
    assert fresh_session().select_importer(source) is CsvImporter


def test_binary_is_not_csv() -> None:
    assert CsvImporter.sniff(Source.from_any(b"\x00\x01\x02" * 100, name="x.csv")) == 0.0


def _xls(path: Path) -> Path:
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Sheet1")
    for r, row in enumerate([HEADER, *ROWS]):
        for c, value in enumerate(row):
            if value:
                sheet.write(r, c, value)
    book.save(str(path))
    return path


def _ods(path: Path) -> Path:
    def cell(value: str) -> str:
        if not value:
            return "<table:table-cell/>"
        return (f'<table:table-cell office:value-type="string"><text:p>{value}</text:p>'
                "</table:table-cell>")

    body = "".join(
        "<table:table-row>" + "".join(cell(v) for v in row) + "</table:table-row>"
        for row in [HEADER, *ROWS]
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Sheet1">'
        f"{body}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet",
                         compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    path.write_bytes(buffer.getvalue())
    return path


def test_xls(tmp_path: Path) -> None:
    path = _xls(tmp_path / "cu.xls")
    assert fresh_session().select_importer(Source.from_any(path)) is XlsImporter
    # detected by content even under another name
    renamed = tmp_path / "cu.bin"
    renamed.write_bytes(path.read_bytes())
    assert fresh_session().select_importer(Source.from_any(renamed)) is XlsImporter
    _check(fresh_session().read(path))


def test_ods(tmp_path: Path) -> None:
    path = _ods(tmp_path / "bang.ods")
    assert fresh_session().select_importer(Source.from_any(path)) is OdsImporter
    _check(fresh_session().read(path))


class TestCsvContract(ImporterContract):
    importer_class = CsvImporter

    def make_sample(self, tmp_path: Path) -> Path:
        path = tmp_path / "mau.csv"
        path.write_text(_csv(), encoding="utf-8")
        return path

    def make_broken(self, tmp_path: Path) -> Path:
        return self.make_sample(tmp_path)


class TestXlsContract(ImporterContract):
    importer_class = XlsImporter

    def make_sample(self, tmp_path: Path) -> Path:
        return _xls(tmp_path / "mau.xls")

    def make_broken(self, tmp_path: Path) -> Path:
        return _xls(tmp_path / "hong.xls")


class TestOdsContract(ImporterContract):
    importer_class = OdsImporter

    def make_sample(self, tmp_path: Path) -> Path:
        return _ods(tmp_path / "mau.ods")

    def make_broken(self, tmp_path: Path) -> Path:
        return _ods(tmp_path / "hong.ods")

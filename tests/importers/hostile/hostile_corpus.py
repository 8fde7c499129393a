"""A corpus of broken and hostile files, generated in code (nothing hostile is stored in the
repository). ``corpus()`` returns ``(name, data)`` pairs; the name's extension is what the
file claims to be."""

from __future__ import annotations

import datetime as dt
import io
import random
import struct
import zipfile

import openpyxl

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def valid_xlsx(cells: list[list[object]] | None = None) -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    for row in cells or [["Nội dung ý kiến", "Ngày"], ["Ý kiến về giá điện", "01/10/2026"]]:
        ws.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _zip(entries: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=method) as archive:
        for name, payload in entries.items():
            archive.writestr(name, payload)
    return buffer.getvalue()


def _replace(data: bytes, name: str, payload: bytes) -> bytes:
    entries = _entries(data)
    entries[name] = payload
    return _zip(entries)


_XXE = (b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE sst [<!ENTITY xxe SYSTEM '
        b'"file:///etc/passwd">]>\n<sst xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>&xxe;</t></si></sst>')
_LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
           + b"".join(
               f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
               .encode()
               for i in range(1, 10)
           )
           + b']>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           b"<si><t>&lol9;</t></si></sst>")


def _forged_size_bomb() -> bytes:
    """An entry whose headers declare 100 bytes but which inflates to 20 MiB."""
    payload = b"<" + b"a" * (20 * 2**20)
    entries = _entries(valid_xlsx())
    entries["xl/worksheets/sheet1.xml"] = payload
    data = bytearray(_zip(entries))
    target = b"xl/worksheets/sheet1.xml"
    real = struct.pack("<I", len(payload))
    fake = struct.pack("<I", 100)
    start = 0
    while (index := data.find(target, start)) >= 0:
        # local header: size at name-offset - 8; central header: at name-offset - 22
        for offset in (index - 8, index - 22):
            if offset >= 0 and data[offset:offset + 4] == real:
                data[offset:offset + 4] = fake
        start = index + 1
    return bytes(data)


def _sheet(rows_xml: str) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
            'openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            f"{rows_xml}</sheetData></worksheet>").encode()


def _inline_row(number: int, values: list[str]) -> str:
    cells = "".join(
        f'<c r="{chr(65 + i)}{number}" t="inlineStr"><is><t>{v}</t></is></c>'
        for i, v in enumerate(values)
    )
    return f'<row r="{number}">{cells}</row>'


def _ole(*names: str, size: int = 4096) -> bytes:
    body = b"".join(name.encode("utf-16-le") + b"\x00\x00" for name in names)
    return OLE_MAGIC + b"\x00" * 504 + body + b"\x00" * max(0, size - len(body))


_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
_MANIFEST = (
    b'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
    b'"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry '
    b'manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.'
    b'spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" '
    b'manifest:media-type="text/xml"/></manifest:manifest>'
)


def _ods(content: bytes, mimetype: bytes = _ODS_MIME) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", _MANIFEST, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


_ODS_HEAD = (b'<?xml version="1.0" encoding="UTF-8"?><office:document-content '
             b'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
             b'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
             b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
             b"<office:body><office:spreadsheet>")
_ODS_TAIL = b"</office:spreadsheet></office:body></office:document-content>"


def corpus() -> list[tuple[str, bytes]]:
    rng = random.Random(2026)
    good = valid_xlsx()
    garbage = bytes(rng.randrange(256) for _ in range(50_000))
    files: list[tuple[str, bytes]] = [
        ("empty.xlsx", b""),
        ("empty.csv", b""),
        ("empty.xls", b""),
        ("empty.ods", b""),
        ("garbage.xlsx", garbage),
        ("garbage.xls", garbage),
        ("garbage.ods", garbage),
        ("garbage.csv", garbage),
        ("zip-magic-then-garbage.xlsx", b"PK\x03\x04" + garbage),
        ("ole-magic-then-garbage.xls", OLE_MAGIC + garbage),
        ("truncated-10-bytes.xlsx", good[:10]),
        ("truncated-half.xlsx", good[: len(good) // 2]),
        ("truncated-90pc.xlsx", good[: len(good) * 9 // 10]),
        ("truncated-last-byte.xlsx", good[:-1]),
        ("zip-without-workbook.xlsx", _zip({"hello.txt": b"xin chao"})),
        ("docx-named-xlsx.xlsx", _zip({"word/document.xml": b"<w:document/>"})),
        ("nested-zip.xlsx", _zip({"inner.xlsx": good})),
        ("pdf-named-xlsx.xlsx", b"%PDF-1.7\n" + garbage[:1000]),
        ("json-named-xlsx.xlsx", b'{"format": "dlxh/1"}'),
        ("zip-bomb-ratio.xlsx", _replace(good, "xl/worksheets/sheet1.xml",
                                         b"\x00" * (64 * 2**20))),
        ("zip-bomb-forged-size.xlsx", _forged_size_bomb()),
        ("zip-too-many-entries.xlsx", _zip({**_entries(good),
                                            **{f"xl/media/x{i}.bin": b"" for i in range(10_050)}})),
        ("xxe-shared-strings.xlsx", _replace(good, "xl/sharedStrings.xml",
                                             _XXE)),
        ("billion-laughs-shared-strings.xlsx", _replace(good, "xl/sharedStrings.xml", _LAUGHS)),
        ("billion-laughs-sheet.xlsx", _replace(good, "xl/worksheets/sheet1.xml",
                                               _LAUGHS.replace(b"sst", b"worksheet"))),
        ("xxe-workbook.xlsx", _replace(good, "xl/workbook.xml", _XXE.replace(b"sst", b"workbook"))),
        ("dtd-content-types.xlsx", _replace(good, "[Content_Types].xml",
                                            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]>'
                                            b"<Types/>")),
        ("dtd-utf16.xlsx", _replace(good, "xl/sharedStrings.xml",
                                    _XXE.decode().replace("UTF-8", "UTF-16").encode("utf-16"))),
        ("broken-sheet-xml.xlsx", _replace(good, "xl/worksheets/sheet1.xml",
                                           b"<worksheet><sheetD")),
        ("broken-workbook-xml.xlsx", _replace(good, "xl/workbook.xml", b"<<<>>>")),
        ("shared-string-index-out-of-range.xlsx", _replace(
            good, "xl/worksheets/sheet1.xml",
            _sheet('<row r="1"><c r="A1" t="s"><v>99999</v></c><c r="B1" t="s"><v>-5</v></c>'
                   "</row>"))),
        ("far-cell-dimension-bomb.xlsx", _replace(
            good, "xl/worksheets/sheet1.xml",
            _sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>Nội dung</t></is></c></row>'
                   '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'))),
        ("far-cell-without-row-numbers.xlsx", _replace(
            good, "xl/worksheets/sheet1.xml",
            _sheet('<row><c r="A1"><v>1</v></c></row><row><c r="XFD1048570"><v>1</v></c></row>'))),
        ("far-cell-stored.xlsx", _zip(_entries(_replace(
            good, "xl/worksheets/sheet1.xml",
            _sheet('<row r="1"><c r="A1"><v>1</v></c></row>'
                   '<row r="900000"><c r="XFD900000"><v>1</v></c></row>'))), zipfile.ZIP_STORED)),
        ("far-cell-attributes-reordered.xlsx", _replace(
            good, "xl/worksheets/sheet1.xml",
            _sheet('<row spans="1:2" r="1"><c t="n" r="A1"><v>1</v></c></row>'
                   '<row spans="1:2" r="500000"><c t="n" r="ZZZ500000"><v>1</v></c></row>'))),
        ("sheet-missing-part.xlsx", _zip(
            {k: v for k, v in _entries(good).items() if k != "xl/worksheets/sheet1.xml"})),
        ("macro-vba.xlsm", _zip({**_entries(good), "xl/vbaProject.bin": b"\x00" * 64})),
        ("macro-vba-named-xlsx.xlsx", _zip({**_entries(good), "xl/vbaProject.bin": b"\x01"})),
        ("encrypted-ooxml.xlsx", _ole("EncryptionInfo", "EncryptedPackage")),
        ("encrypted-ooxml-named-xls.xls", _ole("EncryptedPackage")),
        ("xls-with-macros.xls", _ole("Workbook", "_VBA_PROJECT")),
        ("ole-without-workbook.xls", _ole("WordDocument")),
        ("bzip2-entries.xlsx", _zip(_entries(good), zipfile.ZIP_BZIP2)),
        ("lzma-entries.xlsx", _zip(_entries(good), zipfile.ZIP_LZMA)),
        ("stored-entries.xlsx", _zip(_entries(good), zipfile.ZIP_STORED)),
        # openpyxl stops at Excel's 32,767 characters: the sheet XML is written directly.
        ("million-char-cell.xlsx", _replace(good, "xl/worksheets/sheet1.xml", _sheet(
            _inline_row(1, ["Nội dung ý kiến", "Ngày"])
            + _inline_row(2, ["a" * 1_000_000, "01/10/2026"])
            + _inline_row(3, ["Ý kiến bình thường", "02/10/2026"])))),
        ("million-char-cell.csv", ("Nội dung ý kiến,Ngày\n" + "b" * 1_000_000
                                   + ",01/10/2026\nÝ kiến thường,02/10/2026\n").encode()),
        ("wrong-types.xlsx", valid_xlsx([["Mã", "Nội dung ý kiến", "Ngày", "Địa bàn"],
                                         [True, 3.14, "not a date", 42],
                                         [dt.datetime(2026, 1, 1), dt.date(2026, 1, 1),
                                          -1, None],
                                         ["#DIV/0!", "=1/0", 10**20, "="]])),
        ("empty-workbook.xlsx", valid_xlsx([])),
        ("title-only.xlsx", valid_xlsx([["BÁO CÁO"], [], ["Không có bảng"]])),
        ("header-only.xlsx", valid_xlsx([["Nội dung ý kiến", "Ngày", "Địa bàn"]])),
        ("nul-bytes.csv", b"Noi dung,Ngay\n\x00\x00\x00,1\n"),
        ("utf16-odd-length.csv", "Nội dung ý kiến,Ngày\nA,1\n".encode("utf-16")[:-1]),
        ("bad-utf8-bom.csv", b"\xef\xbb\xbfNoi dung,Ngay\n\xff\xfe\xfa,1\n"),
        ("unbalanced-quotes.csv", b'Noi dung,Ngay\n"never closed,1\nx,2\n' * 3),
        ("only-delimiters.csv", b",,,,\n;;;;\n\t\t\t\n"),
        ("one-long-line.csv", b"Noi dung," + b"x" * 2_000_000),
        ("header-only.csv", "Nội dung ý kiến;Ngày\n".encode()),
        ("ods-broken-content.ods", _ods(b"<office:document-content><<")),
        ("ods-dtd.ods", _ods(_XXE.replace(b"sst", b"office:document-content"))),
        ("ods-repeated-columns.ods", _ods(
            _ODS_HEAD + b'<table:table table:name="T"><table:table-row>'
            b'<table:table-cell table:number-columns-repeated="16000" office:value-type="string">'
            b"<text:p>x</text:p></table:table-cell></table:table-row>"
            b'<table:table-row table:number-rows-repeated="100">'
            b'<table:table-cell table:number-columns-repeated="16000" office:value-type="string">'
            b"<text:p>y</text:p></table:table-cell></table:table-row></table:table>"
            + _ODS_TAIL)),
        ("ods-repeated-rows-bomb.ods", _ods(
            _ODS_HEAD + b'<table:table table:name="T"><table:table-row>'
            b'<table:table-cell office:value-type="string"><text:p>x</text:p>'
            b"</table:table-cell></table:table-row>"
            b'<table:table-row table:number-rows-repeated="1000000">'
            b'<table:table-cell table:number-columns-repeated="16000" office:value-type="string">'
            b"<text:p>y</text:p></table:table-cell></table:table-row></table:table>"
            + _ODS_TAIL)),
        ("binary-workbook.xlsx", _zip({"[Content_Types].xml": b"<Types/>",
                                       "xl/workbook.bin": b"\x83\x01\x00"})),
        ("ods-wrong-mimetype.ods", _ods(b"<x/>", b"application/zip")),
        ("ods-only-mimetype.ods", _zip({"mimetype": b"application/vnd.oasis.opendocument."
                                                    b"spreadsheet"}, zipfile.ZIP_STORED)),
        ("encrypted-zip-flag.xlsx", _encrypted_flag(good)),
    ]
    return files


def _encrypted_flag(data: bytes) -> bytes:
    """Set the "encrypted" bit on every entry's headers."""
    out = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (index := out.find(signature, start)) >= 0:
            flags = struct.unpack_from("<H", out, index + offset)[0]
            struct.pack_into("<H", out, index + offset, flags | 0x1)
            start = index + 4
    return bytes(out)

"""Broken and hostile Word and text files: documented errors only, no crash, no hang."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest

from dlxh.errors import (
    DlxhError,
    FormatError,
    Severity,
    UnsafeInputError,
    UnsupportedFormatError,
)
from dlxh.importers.safety import OLE_MAGIC, Limits
from dlxh.testing import fresh_session

_REPORT = (
    "ỦY BAN MTTQ VIỆT NAM", "XÃ TÂN HỘI", "BÁO CÁO", "Dư luận xã hội tháng 10 năm 2026",
    "I. TÌNH HÌNH CHUNG", "Đa số Nhân dân phấn khởi khi đường liên thôn được sửa xong.",
)


def _docx_bytes() -> bytes:
    doc = docx.Document()
    for text in _REPORT:
        doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _rewrite(
    data: bytes,
    change: Callable[[str, bytes], bytes | None] = lambda _n, b: b,
    add: dict[str, bytes] | None = None,
) -> bytes:
    """A copy of the archive with entries changed (``None`` drops one) or added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(
        out, "w", zipfile.ZIP_DEFLATED
    ) as dst:
        for info in src.infolist():
            new = change(info.filename, src.read(info))
            if new is not None:
                dst.writestr(info.filename, new)
        for name, content in (add or {}).items():
            dst.writestr(name, content)
    return out.getvalue()


def _document_xml(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml")


def _with_document(data: bytes, xml: bytes) -> bytes:
    return _rewrite(data, lambda n, b: xml if n == "word/document.xml" else b)


def _after_declaration(xml: bytes, insert: bytes) -> bytes:
    head, sep, rest = xml.partition(b"?>")
    return head + sep + insert + rest


def _encrypted_flag(data: bytes) -> bytes:
    """The "encrypted" bit set on every entry of the central directory."""
    out = bytearray(data)
    at = out.find(b"PK\x01\x02")
    while at >= 0:
        out[at + 8] |= 0x01  # general purpose flags, after signature, made-by and needed
        at = out.find(b"PK\x01\x02", at + 4)
    return bytes(out)


def _read(data: bytes, name: str = "bao-cao.docx", **options: Any) -> None:
    fresh_session().read(data, name=name, **options)


def test_the_base_document_reads() -> None:
    batch = fresh_session().read(_docx_bytes(), name="ok.docx")
    assert len(batch.items) == 1


HOSTILE: dict[str, tuple[Callable[[bytes], bytes], type[DlxhError]]] = {
    "truncated": (lambda d: d[: len(d) // 2], FormatError),
    "truncated-at-end": (lambda d: d[:-30], FormatError),
    "xxe": (
        lambda d: _with_document(d, _after_declaration(
            _document_xml(d),
            b'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
        ).replace("XÃ".encode(), b"&xxe;")),
        UnsafeInputError,
    ),
    "billion-laughs": (
        lambda d: _with_document(d, _after_declaration(
            _document_xml(d),
            b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>',
        )),
        UnsafeInputError,
    ),
    "dtd-after-long-comment": (
        lambda d: _with_document(d, _after_declaration(
            _document_xml(d),
            b"<!--" + b"x" * 10_000 + b'--><!DOCTYPE w:document [<!ENTITY e "e">]>',
        )),
        UnsafeInputError,
    ),
    "macro-vba-project": (
        lambda d: _rewrite(d, add={"word/vbaProject.bin": b"\x00" * 64}),
        UnsafeInputError,
    ),
    "macro-content-type": (
        lambda d: _rewrite(d, lambda n, b: b.replace(
            b"wordprocessingml.document.main+xml",
            b"ms-word.document.macroEnabled.main+xml",
        ) if n == "[Content_Types].xml" else b),
        UnsafeInputError,
    ),
    "broken-xml": (
        lambda d: _with_document(d, _document_xml(d)[:-40]),
        FormatError,
    ),
    "not-a-word-document-xml": (
        lambda d: _with_document(d, b'<?xml version="1.0"?><html><body>x</body></html>'),
        FormatError,
    ),
    "no-document-part": (
        lambda d: _rewrite(d, lambda n, b: None if n == "word/document.xml" else b),
        FormatError,
    ),
    "encrypted-entry-flag": (lambda d: _encrypted_flag(d), UnsafeInputError),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_docx(case: str) -> None:
    make, expected = HOSTILE[case]
    data = make(_docx_bytes())
    with pytest.raises(expected):
        _read(data, importer="docx")


def test_zip_bomb_refused() -> None:
    bomb = _rewrite(_docx_bytes(), add={"word/media/bomb.bin": b"\x00" * (40 * 2**20)})
    assert len(bomb) < 2**20
    with pytest.raises(UnsafeInputError, match="zip bomb"):
        _read(bomb)
    small_limits = Limits(max_uncompressed_bytes=2**20)
    with pytest.raises(UnsafeInputError):
        _read(_rewrite(_docx_bytes(), add={"word/media/x.bin": b"\x00" * 2**21}),
              limits=small_limits)


def test_oversized_file_refused() -> None:
    with pytest.raises(UnsafeInputError, match="limit"):
        _read(_docx_bytes(), limits=Limits(max_file_bytes=1000))


def test_password_protected_and_old_binary_word() -> None:
    encrypted = OLE_MAGIC + b"\x00" * 512 + "EncryptedPackage".encode("utf-16-le")
    with pytest.raises(UnsafeInputError, match="password"):
        _read(encrypted, name="mat-khau.docx")
    old = OLE_MAGIC + b"\x00" * 512 + "WordDocument".encode("utf-16-le")
    with pytest.raises(UnsupportedFormatError, match=r"\.doc"):
        _read(old, name="cu.doc")


def test_empty_document() -> None:
    out = io.BytesIO()
    docx.Document().save(out)
    with pytest.raises(FormatError, match="no text"):
        _read(out.getvalue())
    blank = docx.Document()
    for _ in range(5):
        blank.add_paragraph("   ")
    out = io.BytesIO()
    blank.save(out)
    with pytest.raises(FormatError, match="no text"):
        _read(out.getvalue())


def test_random_bytes_named_docx() -> None:
    data = bytes(range(256)) * 40
    with pytest.raises(UnsupportedFormatError):
        _read(data)
    with pytest.raises(FormatError):
        _read(data, importer="docx")


def test_hostile_text_files(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="binary"):
        _read(b"BAO CAO\x00\x01\x02" * 100, name="x.txt", importer="text")
    with pytest.raises(FormatError, match="no text"):
        _read(b"\n\n   \n", name="x.txt", importer="text")
    with pytest.raises(UnsafeInputError):
        _read("BÁO CÁO\n".encode() * 1000, name="x.txt", importer="text",
              limits=Limits(max_file_bytes=100))
    with pytest.raises(FormatError):
        _read(b"\xff\xfe" + b"\x00\xd8" * 3, name="x.txt", importer="text")
    # A long single line is read (one statement rejected), never a hang.
    long_line = ("Đa số nhân dân đồng tình " * 800).encode()
    batch = fresh_session().read(long_line, name="dai.txt", importer="text")
    batch.check()
    assert [p.code for p in batch.problems if p.severity is Severity.ERROR] == [
        "statement-too-long"
    ]

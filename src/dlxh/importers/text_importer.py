"""The plain-text importer: a narrative report saved as ``.txt`` (or pasted from a message),
read by the same parser as Word reports (:mod:`dlxh.importers.narrative`).

The encoding is sniffed: a byte-order mark (UTF-8, UTF-16), UTF-16 without one (NUL bytes
in every other position), UTF-8, else the bytes are read as a Windows code page and the
legacy Vietnamese encodings (TCVN3, VNI, CP1258, VIQR) are detected and converted, with a
``legacy-encoding-converted`` problem (severity info). Each line is a paragraph; a long line
that does not end a sentence and is followed by a line starting in lower case is joined with
it (text wrapped at a fixed width). Places are ``"line N"``, and ``"page P, line N"`` when
the file has form feeds (page breaks).
"""

from __future__ import annotations

import codecs
import functools
import re
import unicodedata
from typing import Any

from dlxh.batch import ImportBatch
from dlxh.errors import FormatError, Problem, Severity
from dlxh.importers.csv_importer import utf16_without_bom
from dlxh.importers.narrative import Paragraph, fold_key, options_from, parse_narrative
from dlxh.importers.safety import DEFAULT_LIMITS, Limits, check_size
from dlxh.model.sources import SourceRef
from dlxh.plugins.interfaces import Importer
from dlxh.plugins.source import Source

__all__ = ["TextImporter", "decode_text", "fix_tcvn3_capitals", "text_paragraphs"]

_CUES = (
    "bao cao", "cong hoa xa hoi chu nghia", "mat tran", "mttq", "noi nhan", "du luan",
    "y kien", "kien nghi", "nhan dan",
)
_WRAP_AT = 60


@functools.cache
def _tcvn3_capitals() -> tuple[dict[str, str], re.Pattern[str]]:
    """Capitals that TCVN3 puts on CP1252 punctuation codes (``‘`` for *Ị*), by code."""
    from dlxh.text.encodings import from_unicode

    table: dict[str, str] = {}
    for code in range(0xC0, 0x1EFA):
        letter = chr(code)
        if not letter.isupper() or unicodedata.normalize("NFC", letter) != letter:
            continue
        shown = from_unicode(letter, "tcvn3")
        if len(shown) == 1 and shown != letter and not shown.isalpha():
            table[shown] = letter
    pattern = re.compile(
        "(?<=[^\\W\\d_])[" + re.escape("".join(sorted(table))) + "](?![^\\W\\d_])"
    )
    return table, pattern


def fix_tcvn3_capitals(text: str) -> str:
    """Convert the TCVN3 capitals left at the end of a word after
    :func:`dlxh.text.to_unicode` (which converts those codes inside words only, since they
    are quotes and dashes too): ``"KIẾN NGH‘"`` → ``"KIẾN NGHỊ"``. Only after an upper-case
    letter, where the character cannot be punctuation."""
    table, pattern = _tcvn3_capitals()

    def swap(match: re.Match[str]) -> str:
        before = match.string[match.start() - 1]
        return table[match.group(0)] if before.isupper() else match.group(0)

    return pattern.sub(swap, text)


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode a text file of unknown encoding: ``(text, encoding)``, the encoding being
    ``"utf-8"``, ``"utf-16"``, ``"cp1252"`` or a legacy name (``"tcvn3"``, ``"vni"``,
    ``"cp1258"``, ``"viqr"``). Raises :class:`~dlxh.errors.FormatError` for binary data."""
    from dlxh.text.encodings import decode_legacy_bytes

    encoding: str | None = None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = utf16_without_bom(data)
    if encoding is not None:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise FormatError(f"broken UTF-16 text ({exc})") from exc
        from dlxh.text.encodings import to_unicode

        return to_unicode(text.lstrip("\ufeff")), "utf-16"
    if b"\x00" in data[:4096]:
        raise FormatError("binary data, not a text file")
    text, encoding = decode_legacy_bytes(data)
    if encoding == "tcvn3":
        text = fix_tcvn3_capitals(text)
    return text, encoding


def text_paragraphs(text: str) -> list[Paragraph]:
    """The paragraphs of a text report: one per line, wrapped lines joined."""
    paged = "\f" in text
    out: list[Paragraph] = []
    pending: list[str] = []
    pending_at = ""
    page = 1
    number = 0

    def flush() -> None:
        if pending:
            out.append(Paragraph(" ".join(pending), pending_at, len(out) + 1))
            pending.clear()

    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        number += 1
        if "\f" in line:
            flush()
            page += line.count("\f")
            line = line.replace("\f", "")
        stripped = line.strip()
        if not stripped:
            flush()
            continue
        previous = pending[-1] if pending else ""
        if (
            previous
            and len(previous) >= _WRAP_AT
            and not previous.endswith((".", ":", ";", "!", "?"))
            and stripped[:1].islower()
        ):
            pending.append(stripped)
            continue
        flush()
        pending.append(stripped)
        pending_at = f"page {page}, line {number}" if paged else f"line {number}"
    flush()
    return out


class TextImporter(Importer):
    """Reads a narrative report saved as plain text (``.txt``).

    Options as for :class:`~dlxh.importers.docx_importer.DocxImporter`: ``unit``,
    ``within``, ``as_of``, ``resolve_places`` and ``limits``.
    """

    name = "text"
    description = "Báo cáo dạng văn bản (narrative report, plain text)"
    extensions = (".txt", ".text")

    @classmethod
    def sniff(cls, source: Source) -> float:
        head = source.head()
        if not head or head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"{", b"[", b"<")):
            return 0.0
        if head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
            return 0.0
        try:
            text, _ = decode_text(head)
        except FormatError:
            return 0.0
        if source.suffix in (".csv", ".tsv"):
            return 0.05
        key = fold_key(text[:4000])
        cues = sum(1 for cue in _CUES if cue in key)
        if cues >= 2:
            return 0.8 if source.suffix in cls.extensions else 0.6
        return 0.3 if source.suffix in cls.extensions else 0.0

    def read(self, source: Source, *, strict: bool = False, **options: Any) -> ImportBatch:
        limits = options.pop("limits", None) or DEFAULT_LIMITS
        if not isinstance(limits, Limits):
            raise TypeError("limits must be a dlxh.importers.safety.Limits")
        parse_options = options_from(options)
        check_size(source, limits)
        batch = ImportBatch(
            source=SourceRef(file=source.name, sha256=source.sha256, importer=self.name),
            strict=strict,
        )
        try:
            text, encoding = decode_text(source.read_bytes())
        except FormatError as exc:
            raise FormatError(f"{source.name}: {exc}") from exc
        if encoding not in ("utf-8", "utf-16"):
            batch.note(Problem(
                "legacy-encoding-converted", Severity.INFO,
                f"the file was read as {encoding} and converted to Unicode",
                "file",
            ))
        assert batch.source is not None
        parse_narrative(text_paragraphs(text), batch, source=batch.source,
                        session=self.session, **parse_options)
        return batch

"""Checks that run before an untrusted file is parsed: size, zip bombs, encryption, macros,
XML document type declarations.

The importers call these before a parser sees the bytes, so that a hostile file is refused
with a clear :class:`~dlxh.errors.UnsafeInputError` (or a :class:`~dlxh.errors.FormatError`
when it is simply not what it claims to be) instead of exhausting memory or time.

::

    from dlxh.importers.safety import Limits, check_zip
    from dlxh.plugins.source import Source

    names = check_zip(Source.from_any("bao-cao.docx"), Limits(max_file_bytes=50 * 2**20))

The API is small on purpose: :class:`Limits`, :func:`check_size`, :func:`check_zip`,
:func:`check_ole` and :func:`parse_xml` (defusedxml, for importers that parse XML themselves).
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from typing import TYPE_CHECKING, BinaryIO

import attrs

from dlxh.errors import FormatError, UnsafeInputError

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

    from dlxh.plugins.source import Source

__all__ = [
    "DEFAULT_LIMITS",
    "OLE_MAGIC",
    "ZIP_MAGIC",
    "Limits",
    "check_ole",
    "check_size",
    "check_zip",
    "parse_xml",
]

ZIP_MAGIC = b"PK\x03\x04"
"""The first bytes of a zip archive (xlsx, ods, docx)."""
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""The first bytes of an OLE compound file (xls, doc, and password-protected xlsx/docx)."""

_MiB = 2**20


@attrs.frozen
class Limits:
    """How much an importer accepts from one file. Every limit is a plain number that a
    caller can raise for a trusted large file: ``dlxh.read(path, limits=Limits(...))``."""

    max_file_bytes: int = 256 * _MiB
    """The largest file read at all."""
    max_uncompressed_bytes: int = 2048 * _MiB
    """The most a zip archive may hold once decompressed (all its entries together)."""
    max_ratio: float = 200.0
    """The largest decompressed/compressed ratio of an entry larger than
    :attr:`ratio_floor_bytes` (ordinary xlsx parts compress 5 to 50 times)."""
    ratio_floor_bytes: int = 16 * _MiB
    """Entries smaller than this once decompressed are not held to :attr:`max_ratio`."""
    max_entries: int = 10_000
    """The most entries a zip archive may have."""
    max_cell_chars: int = 32_767
    """The longest cell text accepted (Excel's own limit); a longer cell rejects its row."""
    max_cells: int = 30_000_000
    """The most cells a worksheet may span (rows × columns from ``A1`` to its farthest cell):
    spreadsheet readers allocate the whole rectangle, so one cell at ``XFD1048576`` would
    ask for seventeen billion."""
    verify_sizes: bool = True
    """Decompress every entry once (output discarded) to check it is no larger than its
    header says: a zip can lie about its sizes."""


DEFAULT_LIMITS = Limits()
"""The limits used when none are given."""

_WORKSHEET = re.compile(r"^xl/worksheets/[^/]+\.xml$", re.IGNORECASE)
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_DTD_MARKERS = (b"<!DOCTYPE", b"<!ENTITY", "<!DOCTYPE".encode("utf-16-le"),
                "<!ENTITY".encode("utf-16-le"), "<!DOCTYPE".encode("utf-16-be"))
_MACRO_PARTS = ("vbaproject.bin", "vbaprojectsignature.bin")


def check_size(source: Source, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse a file larger than :attr:`Limits.max_file_bytes`."""
    size = source.size
    if size > limits.max_file_bytes:
        raise UnsafeInputError(
            f"{source.name}: the file is {size / _MiB:.1f} MiB, more than the limit of "
            f"{limits.max_file_bytes / _MiB:.1f} MiB; raise Limits.max_file_bytes to read it"
        )


# Most worksheets are written as ``<row r="12">`` and ``<c r="H12">``: the ``r`` attribute
# first, one letter, at most six digits. Such a sheet spans at most 26 × 999,999 cells, under
# the default limit, and two literal-prefix searches (fast) prove it. Anything else (wide or
# deep references, attributes in another order, rows without ``r``, namespace prefixes) is
# measured exactly, in a second pass.
_PROBE_ROW = re.compile(rb'<row(?! r="[0-9]{1,6}")')
_PROBE_CELL = re.compile(rb'<c (?!r="[A-Z][0-9]{1,6}")')
_ROW_ANY = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="([0-9]{1,9})"')
_CELL_ANY = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{1,3})([0-9]{1,9})"')
_ROW_TAG = re.compile(rb"<(?:\w+:)?row\b")
_SIMPLE_SHAPE = 26 * 999_999


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ch - 64
    return number


class _Probe:
    """Whether a worksheet's XML holds anything but the simple shape above."""

    def __init__(self) -> None:
        self.suspicious = False
        self._tail = b""

    def feed(self, data: bytes) -> None:
        if self.suspicious:
            return
        text = self._tail + data
        # A tag cut by the end of the chunk is looked at again with the next one (the tail).
        edge = len(text) - 48
        for pattern in (_PROBE_ROW, _PROBE_CELL):
            match = pattern.search(text)
            if match is not None and match.start() < edge:
                self.suspicious = True
        if b":row" in text or b":c " in text:
            self.suspicious = True
        self._tail = text[-64:]

    def close(self) -> None:
        """The end of the entry: a tag cut at the very end is suspicious too."""
        if not self.suspicious and self._tail:
            self.suspicious = any(p.search(self._tail) for p in (_PROBE_ROW, _PROBE_CELL))


class _Extent:
    """The farthest row and column a worksheet's XML names: the rows' ``r`` attributes or
    their count, and every cell reference."""

    def __init__(self) -> None:
        self.rows = 0
        self.cols = 1
        self.row_elements = 0
        self._tail = b""

    def feed(self, data: bytes) -> None:
        text = self._tail + data
        self.row_elements += len(_ROW_TAG.findall(data))
        rows = _ROW_ANY.findall(text)
        if rows:
            self.rows = max(self.rows, max(map(int, rows)))
        refs = set(_CELL_ANY.findall(text))
        if refs:
            self.cols = max(self.cols, max(_column_number(c) for c, _ in refs))
            self.rows = max(self.rows, max(int(r) for _, r in refs))
        self._tail = text[-256:]

    @property
    def cells(self) -> int:
        """Rows × columns of the rectangle from ``A1`` to the farthest cell."""
        return max(self.rows, self.row_elements) * self.cols


def _extent(fh: BinaryIO, info: zipfile.ZipInfo, limits: Limits) -> _Extent | None:
    """Drain a worksheet entry and measure it; ``None`` when it has the simple shape and the
    limit is at least what that shape can span."""
    if limits.max_cells >= _SIMPLE_SHAPE:
        probe = _Probe()
        _drain(fh, info, probe)
        probe.close()
        if not probe.suspicious:
            return None
    extent = _Extent()
    _drain(fh, info, extent)
    return extent


def _drain(fh: BinaryIO, info: zipfile.ZipInfo, extent: _Probe | _Extent | None = None) -> None:
    """Decompress ``info`` with the output discarded, refusing more than it declares.

    The compressed bytes are read through the local header, so that the output can be
    capped chunk by chunk: a forged entry cannot make this use more memory or time than its
    declared size allows.
    """
    if info.compress_type == zipfile.ZIP_STORED and extent is None:
        return
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise UnsafeInputError(
            f"entry {info.filename!r} uses compression method {info.compress_type}, "
            "which office files do not use"
        )
    fh.seek(info.header_offset)
    header = fh.read(30)
    if len(header) < 30 or not header.startswith(ZIP_MAGIC):
        raise FormatError(f"the zip archive is broken at entry {info.filename!r}")
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    fh.seek(info.header_offset + 30 + name_length + extra_length)
    allowed = info.file_size
    produced = 0
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    remaining = info.compress_size
    while remaining > 0:
        chunk = fh.read(min(remaining, 1 << 16))
        if not chunk:
            raise FormatError(f"the zip archive is truncated inside {info.filename!r}")
        remaining -= len(chunk)
        if info.compress_type == zipfile.ZIP_STORED:
            if extent is not None:
                extent.feed(chunk)
            continue
        pending = chunk
        while pending:
            data = inflater.decompress(pending, 1 << 20)
            produced += len(data)
            if extent is not None and data:
                extent.feed(data)
            if produced > allowed:
                raise UnsafeInputError(
                    f"entry {info.filename!r} decompresses to more than the "
                    f"{allowed} bytes its header declares: a zip bomb or a forged archive"
                )
            pending = inflater.unconsumed_tail
            if not data and pending:
                break


def _dtd_in_head(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    with archive.open(info) as fh:
        head = fh.read(4096)
    return any(marker in head for marker in _DTD_MARKERS)


def check_zip(source: Source, limits: Limits = DEFAULT_LIMITS) -> list[str]:
    """Check a zip-based office file (xlsx, ods, docx) before it is parsed; return the
    names of its entries.

    Refused with :class:`~dlxh.errors.UnsafeInputError`: a file over the size limit, too
    many entries, a decompressed total over :attr:`Limits.max_uncompressed_bytes`, an entry
    whose ratio is over :attr:`Limits.max_ratio`, an entry that decompresses to more than it
    declares, encrypted entries, macros (``vbaProject.bin``), and XML parts that carry a
    document type declaration (the vehicle of entity-expansion and external-entity attacks;
    office files never have one). A file that is not a readable zip archive raises
    :class:`~dlxh.errors.FormatError`.
    """
    check_size(source, limits)
    try:
        with source.open() as fh, zipfile.ZipFile(fh) as archive:
            infos = archive.infolist()
            if len(infos) > limits.max_entries:
                raise UnsafeInputError(
                    f"{source.name}: the archive has {len(infos)} entries, more than the "
                    f"limit of {limits.max_entries}"
                )
            total = 0
            for info in infos:
                name = info.filename
                if info.flag_bits & 0x1:
                    raise UnsafeInputError(
                        f"{source.name}: the archive is encrypted; save an unprotected copy"
                    )
                if name.rsplit("/", 1)[-1].lower() in _MACRO_PARTS:
                    raise UnsafeInputError(
                        f"{source.name}: the file contains macros ({name}); dlxh does not "
                        "read macro-enabled files: save it as a plain .xlsx/.docx first"
                    )
                total += info.file_size
                if total > limits.max_uncompressed_bytes:
                    raise UnsafeInputError(
                        f"{source.name}: the archive decompresses to more than "
                        f"{limits.max_uncompressed_bytes / _MiB:.0f} MiB "
                        "(a zip bomb, or raise Limits.max_uncompressed_bytes)"
                    )
                if info.file_size > limits.ratio_floor_bytes:
                    ratio = info.file_size / max(info.compress_size, 1)
                    if ratio > limits.max_ratio:
                        raise UnsafeInputError(
                            f"{source.name}: entry {name!r} expands {ratio:.0f} times "
                            f"(limit {limits.max_ratio:.0f}): a zip bomb"
                        )
            for info in infos:
                if _WORKSHEET.match(info.filename):
                    extent = _extent(fh, info, limits)
                    if extent is not None and extent.cells > limits.max_cells:
                        raise UnsafeInputError(
                            f"{source.name}: worksheet {info.filename!r} spans "
                            f"{max(extent.rows, extent.row_elements):,} rows × "
                            f"{extent.cols:,} columns, more than the limit of "
                            f"{limits.max_cells:,} cells (raise Limits.max_cells to read it)"
                        )
                elif limits.verify_sizes:
                    _drain(fh, info)
                if info.filename.lower().endswith(_XML_SUFFIXES) and _dtd_in_head(archive, info):
                    raise UnsafeInputError(
                        f"{source.name}: XML part {info.filename!r} has a document type "
                        "declaration (DTD), which office files never need; refused "
                        "(entity expansion or external entities)"
                    )
            return [info.filename for info in infos]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, zlib.error) as exc:
        raise FormatError(f"{source.name}: not a readable zip archive ({exc})") from exc
    except (NotImplementedError, RuntimeError) as exc:  # unsupported zip features
        raise FormatError(f"{source.name}: unsupported zip archive ({exc})") from exc


def check_ole(source: Source, limits: Limits = DEFAULT_LIMITS) -> None:
    """Check an OLE compound file (``.xls``, or an encrypted office file) before it is
    parsed: refuse it when it is over the size limit, when it is an encrypted OOXML package
    (``EncryptedPackage``, what Office writes for a password-protected .xlsx/.docx) or when
    it carries macros (a ``_VBA_PROJECT`` storage)."""
    check_size(source, limits)
    data = source.read_bytes()
    if not data.startswith(OLE_MAGIC):
        raise FormatError(f"{source.name}: not an OLE compound file")
    if "EncryptedPackage".encode("utf-16-le") in data or (
        "EncryptionInfo".encode("utf-16-le") in data
    ):
        raise UnsafeInputError(
            f"{source.name}: the file is password-protected (encrypted); "
            "remove the password in Excel or Word and read the saved copy"
        )
    if "_VBA_PROJECT".encode("utf-16-le") in data:
        raise UnsafeInputError(
            f"{source.name}: the file contains macros (_VBA_PROJECT); dlxh does not read "
            "macro-enabled files: save it without macros first"
        )


def parse_xml(data: bytes) -> Element:
    """Parse XML with defusedxml (no entity expansion, no external entities, no DTD); a
    hostile or broken document raises :class:`~dlxh.errors.UnsafeInputError` or
    :class:`~dlxh.errors.FormatError`."""
    import defusedxml
    import defusedxml.ElementTree as safe_et

    try:
        return safe_et.fromstring(data, forbid_dtd=True)
    except defusedxml.DefusedXmlException as exc:
        raise UnsafeInputError(f"refused XML: {exc}") from exc
    except safe_et.ParseError as exc:
        raise FormatError(f"broken XML: {exc}") from exc

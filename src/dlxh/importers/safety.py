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

import html
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


# Most worksheets are written as ``<c r="H12">``: the ``r`` attribute first, one letter, at
# most six digits. The readers place a cell by its own reference (a row's ``r`` only places
# the cells without one), so such a sheet spans at most 26 × 999,999 cells, under the
# default limit, and one search per chunk proves it: ``_PROBE`` finds every ``<c`` element
# not written so (no ``r``, ``r`` not first, a wide or deep reference), ``_PREFIXED`` every
# element named ``c`` or ``row`` with a namespace prefix (the readers match local names, so
# ``<x:c`` is a cell too). Anything found is measured exactly, in a second pass. The digits
# are taken possessively (``{1,6}+``): giving some back could only put a digit, never the
# quote, after them, and not keeping the places to go back to saves 7 % of the instructions.
_PROBE = re.compile(rb'<c(?! r="[A-Z][0-9]{1,6}+")[\s/>]')
_PREFIXED = re.compile(rb":(?:c|row)[\s/>]")
_PROBE_REACH = 48
"""The longest text ``_PROBE`` looks at from the start of a match (``<c r="A123456"``
and the character after it, with room to spare): a match starting closer than this to the
end of a chunk may only be the cut, and is looked at again with the next chunk."""
_SIMPLE_SHAPE = 26 * 999_999


def _prefixed(text: bytes) -> re.Match[bytes] | None:
    """``_PREFIXED.search(text)``: a sheet's data seldom holds a colon, and ``in`` (memchr)
    rules one out five times faster than the search's own scan (0.011 s against 0.054 s
    over 115 MB of XML)."""
    return _PREFIXED.search(text) if b":" in text else None


# Sheets wider than Z (or deeper than 999,999 rows) written as ``<c r="AB12">``: a bound
# from the references with two or three letters and those with six or seven digits (a few
# of all the cells, found by searches with a literal prefix) proves most of them within the
# limit without reading every reference.
_PLAIN = re.compile(rb'<c(?! r="[A-Z]{1,3}[0-9]{1,7}")[\s/>]')
_WIDE = re.compile(rb'<c r="([A-Z]{2,3})[0-9]')
_DEEP = re.compile(rb'<c r="[A-Z]{1,3}([0-9]{6,7})"')


class _Bound:
    """An upper bound of a worksheet's extent when every cell is written ``<c r="AB12"``
    (:attr:`other` is set otherwise): the farthest column exactly, the farthest row when
    it has six digits or more, else 99,999."""

    def __init__(self) -> None:
        self.other = False
        self._letters: set[bytes] = set()
        self._deep = 0
        self._tail = b""

    def feed(self, data: bytes) -> None:
        if self.other:
            return
        text = self._tail + data if self._tail else data
        edge = len(text) - _PROBE_REACH
        for search in (_PLAIN.search, _prefixed):
            match = search(text)
            if match is not None and match.start() < edge:
                self.other = True
                return
        # The tail is searched twice: harmless for a maximum.
        self._letters.update(_WIDE.findall(text))
        deep = _DEEP.findall(text)
        if deep:
            self._deep = max(self._deep, max(map(int, deep)))
        self._tail = text[max(edge, 0):]

    def close(self) -> None:
        if not self.other and self._tail:
            self.other = any(search(self._tail) for search in (_PLAIN.search, _prefixed))

    @property
    def cells(self) -> int:
        # Leading zeros (``A0000012``) make a seven-digit reference small: at least 99,999.
        cols = max((_column_number(c) for c in self._letters), default=26)
        return max(self._deep, 99_999) * max(cols, 26)


# The exact measure. An element's attributes are read as XML has them (``name = "value"``
# or ``'value'``, any spacing), so that a quoted ``r="..."`` inside another attribute's
# value is not taken for the reference: the readers take the first attribute named ``r``.
_NAME = rb"(?:[\w.-]+:)?"
_OTHER_ATTRIBUTES = rb"""(?:\s+(?!r\s*=)[^\s=<>/"']+\s*=\s*(?:"[^"]*"|'[^']*'))*"""
_CELL_REF = re.compile(
    rb"<" + _NAME + rb"c" + _OTHER_ATTRIBUTES
    + rb"""\s+r\s*=\s*(["'])([A-Z]{1,3})([0-9]{1,7})\1"""
)
"""A cell with a plain reference (at most ``ZZZ9999999``), its letters and digits."""
_CELL_OTHER = re.compile(
    rb"<" + _NAME + rb"c(?=[\s/>])(?!" + _OTHER_ATTRIBUTES
    + rb"""\s+r\s*=\s*(["'])[A-Z]{1,3}[0-9]{1,7}\1)"""
)
"""A cell without a plain reference: placed after the previous cell of its row, or written
in a way only the walk (:class:`_Walk`) reads."""
_ROW_ANY = re.compile(rb"<" + _NAME + rb"""row(?=[\s/>])[^>]*?\sr\s*=\s*["']\s*([0-9]{1,12})""")
_ROW_TAG = re.compile(rb"<" + _NAME + rb"row[\s/>]")
_EXTENT_TAIL = 4096
"""How much of a chunk's end is searched again with the next chunk."""


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
        # The end of the previous chunk is searched again, joined to this one: a tag cut by
        # the chunk boundary is seen whole here.
        text = self._tail + data if self._tail else data
        edge = len(text) - _PROBE_REACH
        for search in (_PROBE.search, _prefixed):
            match = search(text)
            if match is not None and match.start() < edge:
                self.suspicious = True
                return
        self._tail = text[max(edge, 0):]

    def close(self) -> None:
        """The end of the entry: a tag cut at the very end is suspicious too."""
        if not self.suspicious and self._tail:
            self.suspicious = any(search(self._tail) for search in (_PROBE.search, _prefixed))


class _Extent:
    """The farthest row and column a worksheet's XML names, when every cell has a plain
    reference: the rows' ``r`` attributes or their count, and every cell reference. A cell
    written otherwise sets :attr:`needs_walk`."""

    def __init__(self) -> None:
        self.rows = 0
        self.cols = 1
        self.row_elements = 0
        self.needs_walk = False
        self._tail = b""

    def feed(self, data: bytes) -> None:
        text = self._tail + data
        edge = len(text) - _EXTENT_TAIL
        other = _CELL_OTHER.search(text)
        # A cell cut by the end of the chunk is looked at again with the next one; one that
        # starts earlier and is still cut is longer than any cell a writer makes.
        if other is not None and other.start() < edge:
            self.needs_walk = True
        self.row_elements += len(_ROW_TAG.findall(data))
        rows = _ROW_ANY.findall(text)
        if rows:
            self.rows = max(self.rows, max(map(int, rows)))
        refs = set(_CELL_REF.findall(text))
        if refs:
            self.cols = max(self.cols, max(_column_number(c) for _, c, _ in refs))
            self.rows = max(self.rows, max(int(r) for _, _, r in refs))
        self._tail = text[max(edge, 0):]

    def close(self) -> None:
        if self._tail and _CELL_OTHER.search(self._tail) is not None:
            self.needs_walk = True

    @property
    def cells(self) -> int:
        """Rows × columns of the rectangle from ``A1`` to the farthest cell."""
        return max(self.rows, self.row_elements) * self.cols


_TAG = re.compile(rb"<" + _NAME + rb"""(row|c)(?=[\s/>])((?:[^>"']|"[^"]*"|'[^']*')*)>""")
_ATTRIBUTES = re.compile(rb"""(?:\s+[^\s=<>/"']+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*/?""")
_TAG_START = re.compile(rb"<" + _NAME + rb"(?:row|c)[\s/>]")
_NAME_SO_FAR = re.compile(rb"<[\w.:-]*")
_R_ATTRIBUTE = re.compile(rb"""\s+([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_REFERENCE = re.compile(r"\s*([A-Za-z]*)([0-9]*)\s*")
_LONGEST_TAG = 1 << 20
"""A ``c`` or ``row`` start tag longer than this is refused (writers make them < 200 bytes)."""


class _Walk:
    """The farthest row and column of a worksheet, element by element, as the readers place
    cells: by their ``r`` when they have one, else after the previous cell of the row (in
    the row its ``r`` names, else the one after the previous row). Slow (Python per cell):
    only for sheets with cells :class:`_Extent` cannot measure."""

    def __init__(self) -> None:
        self.rows = 0
        self.cols = 1
        self.row_elements = 0
        self._row = -1  # 0-based, of the current row element
        self._col = 0  # 0-based, where a cell without reference goes
        self._carry = b""

    def feed(self, data: bytes) -> None:
        text = self._carry + data
        end = 0
        for match in _TAG.finditer(text):
            self._element(match.group(1), match.group(2))
            end = match.end()
        # A row or cell tag cut by the end of the chunk (or its name, so far) is read with
        # the next one.
        cut = _TAG_START.search(text, end)
        if cut is not None:
            self._carry = text[cut.start():]
        else:
            last = text.rfind(b"<", end)
            self._carry = text[last:] if last >= 0 and _NAME_SO_FAR.fullmatch(text, last) else b""
        if len(self._carry) > _LONGEST_TAG:
            raise UnsafeInputError(
                f"a worksheet element is longer than {_LONGEST_TAG} bytes: not a spreadsheet"
            )

    def close(self) -> None:
        if _TAG_START.search(self._carry) is not None:
            # A tag never closed: the readers refuse the XML; measured as a cell anyway.
            self.cols = max(self.cols, self._col + 1)

    def _element(self, name: bytes, attributes: bytes) -> None:
        if _ATTRIBUTES.fullmatch(attributes) is None:
            # A reader may still take an r attribute from it: refused, not guessed at.
            raise UnsafeInputError("a worksheet has a malformed row or cell element")
        reference: str | None = None
        for key, double, single in _R_ATTRIBUTE.findall(attributes):
            if key == b"r":
                reference = html.unescape((double or single).decode("latin-1"))
                break
        if name == b"row":
            self.row_elements += 1
            if reference is not None and reference.strip().isdigit():
                self._row = int(reference) - 1
            else:
                self._row += 1
            self._col = 0
            self.rows = max(self.rows, self._row + 1, self.row_elements)
            return
        if reference is None:
            row, col = max(self._row, 0), self._col
        else:
            parts = _REFERENCE.fullmatch(reference)
            if parts is None or not parts.group(1) or not parts.group(2):
                raise UnsafeInputError(
                    f"a worksheet cell has the unreadable reference {reference[:40]!r}"
                )
            row = int(parts.group(2)) - 1
            col = _column_number(parts.group(1).upper().encode("latin-1")) - 1
        self._col = col + 1
        self.rows = max(self.rows, row + 1)
        self.cols = max(self.cols, col + 1)

    @property
    def cells(self) -> int:
        """Rows × columns of the rectangle from ``A1`` to the farthest cell."""
        return max(self.rows, self.row_elements) * self.cols


def _extent(
    fh: BinaryIO, info: zipfile.ZipInfo, limits: Limits
) -> _Extent | _Walk | None:
    """Drain a worksheet entry and measure it; ``None`` when it has the simple shape and the
    limit is at least what that shape can span."""
    if limits.max_cells >= _SIMPLE_SHAPE:
        probe = _Probe()
        _drain(fh, info, probe)
        probe.close()
        if not probe.suspicious:
            return None
    bound = _Bound()
    _drain(fh, info, bound)
    bound.close()
    if not bound.other and bound.cells <= limits.max_cells:
        return None
    extent = _Extent()
    _drain(fh, info, extent)
    extent.close()
    if not extent.needs_walk:
        return extent
    walk = _Walk()
    _drain(fh, info, walk)
    walk.close()
    return walk


def _drain(
    fh: BinaryIO,
    info: zipfile.ZipInfo,
    extent: _Probe | _Bound | _Extent | _Walk | None = None,
) -> None:
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
            data = inflater.decompress(pending, 1 << 18)
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

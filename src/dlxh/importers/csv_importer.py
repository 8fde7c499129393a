"""Built-in importer for CSV (and tab-separated) tables, with the same column logic as the
spreadsheets (:mod:`dlxh.importers.tabular`).

The encoding is sniffed: a byte-order mark (UTF-8, UTF-16 LE/BE), UTF-16 without one (from
the zero bytes of ASCII characters), UTF-8, and otherwise the 8-bit encodings Vietnamese files
come in (Windows-1258 and the legacy fonts' bytes, TCVN3 and VNI) through
:func:`dlxh.text.decode_legacy_bytes`. The delimiter is sniffed among ``, ; tab |``.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections import Counter
from typing import Any

from dlxh.batch import ImportBatch
from dlxh.errors import ConfigurationError, FormatError, Problem, Severity
from dlxh.importers.safety import OLE_MAGIC, ZIP_MAGIC, check_size
from dlxh.importers.tabular import Table, TableOptions, read_tables
from dlxh.model.sources import SourceRef
from dlxh.plugins.interfaces import Importer
from dlxh.plugins.source import Source

__all__ = ["CsvImporter", "decode_csv", "sniff_delimiter", "utf16_without_bom"]

_DELIMITERS = ",;\t|"


def utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when ``data`` looks like UTF-16 text written without a BOM."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def decode_csv(data: bytes) -> tuple[str, str]:
    """Decode the bytes of a CSV file: ``(text, encoding)``, where ``encoding`` is
    ``"utf-8"``, ``"utf-8-sig"``, ``"utf-16"`` (…``-le``/``-be``), ``"cp1252"`` or a legacy
    name (``"tcvn3"``, ``"vni"``, ``"cp1258"``). Raises :class:`~dlxh.errors.FormatError` for
    binary data."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise FormatError(f"a UTF-8 byte-order mark, but not UTF-8 ({exc})") from exc
    for bom, name in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[2:].decode(name), "utf-16"
            except UnicodeDecodeError as exc:
                raise FormatError(f"a UTF-16 byte-order mark, but not UTF-16 ({exc})") from exc
    if (bare := utf16_without_bom(data)) is not None:
        try:
            return data.decode(bare), bare
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:65536]:
        raise FormatError("binary data, not a text table (NUL bytes)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from dlxh.text.encodings import decode_legacy_bytes

    # Legacy text that is not detected on the whole file (numbers and codes dilute it) is
    # found again per column by the tabular reader.
    return decode_legacy_bytes(data)


def sniff_delimiter(text: str) -> str:
    """The delimiter of a CSV text among ``, ; tab |``: the one that splits the most of the
    first lines into the same number (above one) of fields. Lines it does not split (title
    lines above the table) do not count."""
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    if not lines:
        return ","
    best, best_score = ",", -1.0
    for delimiter in _DELIMITERS:
        try:
            counts = [len(row) for row in csv.reader(lines, delimiter=delimiter)]
        except csv.Error:
            continue
        split = [n for n in counts if n >= 2]
        if not split:
            continue
        common, freq = Counter(split).most_common(1)[0]
        score = freq + common / 100
        if score > best_score:
            best, best_score = delimiter, score
    return best


class CsvImporter(Importer):
    """CSV and TSV tables: opinion items, recommendation lists and rosters, as in Excel.
    Options: ``columns``, ``date``, ``within``, ``limits``, ``encoding`` (skip the sniffing),
    ``delimiter``."""

    name = "csv"
    description = "CSV / TSV table (any Vietnamese encoding)"
    extensions = (".csv", ".tsv")

    @classmethod
    def sniff(cls, source: Source) -> float:
        head = source.head()
        if not head or head.startswith((ZIP_MAGIC, OLE_MAGIC, b"%PDF", b"{", b"[")):
            return 0.0
        try:
            text, _ = decode_csv(head)
        except FormatError:
            return 0.0
        except UnicodeDecodeError:  # a multibyte character cut at the end of the head
            text = head.decode("utf-8", "ignore")
        lines = [line for line in text.splitlines()[:20] if line.strip()]
        if len(lines) < 2:
            return 0.5 if source.suffix in cls.extensions else 0.0
        delimiter = sniff_delimiter(text)
        counts = [len(row) for row in csv.reader(lines[:-1], delimiter=delimiter)]
        consistent = bool(counts) and min(counts) >= 2 and counts.count(counts[0]) >= len(
            counts
        ) * 0.6
        if source.suffix in cls.extensions:
            return 0.9 if consistent else 0.5
        # A text whose lines split into the same number of fields is a table, whatever its
        # name says (narrative text rarely does on three lines or more).
        return 0.7 if consistent and len(lines) >= 3 and counts[0] >= 3 else 0.0

    def read(self, source: Source, *, strict: bool = False, **options: Any) -> ImportBatch:
        table_options, rest = TableOptions.from_options(self.name, options)
        encoding = rest.pop("encoding", None)
        delimiter = rest.pop("delimiter", None)
        if rest:
            raise TypeError(f"the csv importer does not take {sorted(rest)}")
        if table_options.sheets is not None:
            raise ConfigurationError("a CSV file has no sheets")
        check_size(source, table_options.limits)
        data = source.read_bytes()
        batch = ImportBatch(
            source=SourceRef(file=source.name, sha256=source.sha256, importer=self.name),
            strict=strict,
        )
        if encoding is not None:
            try:
                text = data.decode(encoding)
            except (LookupError, UnicodeDecodeError) as exc:
                raise FormatError(f"{source.name}: cannot decode as {encoding}: {exc}") from exc
            text = text.removeprefix("\ufeff")
            used = encoding
        else:
            try:
                text, used = decode_csv(data)
            except FormatError as exc:
                raise FormatError(f"{source.name}: {exc}") from exc
        if used in ("tcvn3", "vni", "cp1258", "viqr"):
            batch.note(
                Problem(
                    "legacy-encoding-converted",
                    Severity.INFO,
                    f"the file was converted from {used} to Unicode",
                    "",
                )
            )
        sep = delimiter or sniff_delimiter(text)
        # Cell sizes are checked per row against Limits.max_cell_chars; the csv module's own
        # field limit is raised for this read (so that a long cell is a problem, not a crash)
        # and put back after it: it is the whole process's setting.
        previous = csv.field_size_limit()
        csv.field_size_limit(max(previous, table_options.limits.max_file_bytes))
        try:
            rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))
        except csv.Error as exc:
            raise FormatError(f"{source.name}: broken CSV ({exc})") from exc
        finally:
            csv.field_size_limit(previous)
        read_tables([Table("", rows)], batch, self.session, table_options)
        return batch

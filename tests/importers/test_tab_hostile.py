"""The hostile-file corpus: every file gives a batch (with problems) or a documented
DlxhError, never another exception and never a hang."""

from __future__ import annotations

import importlib.util
import threading
from pathlib import Path
from typing import Any

import pytest

from dlxh.batch import ImportBatch
from dlxh.errors import (
    DlxhError,
    FormatError,
    UnsafeInputError,
    UnsupportedFormatError,
)
from dlxh.importers.safety import Limits, check_zip
from dlxh.plugins.source import Source
from dlxh.session import Session

_spec = importlib.util.spec_from_file_location(
    "hostile_corpus", Path(__file__).parent / "hostile" / "hostile_corpus.py"
)
assert _spec is not None and _spec.loader is not None
hostile = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(hostile)

CORPUS: list[tuple[str, bytes]] = hostile.corpus()
TIMEOUT = 120.0  # seconds: a guard against hangs, not a timing assertion
ALLOWED = (FormatError, UnsafeInputError, UnsupportedFormatError)

# What each hostile file must give: an exception class, or "batch".
EXPECTED: dict[str, Any] = {
    "zip-bomb-ratio.xlsx": UnsafeInputError,
    "zip-bomb-forged-size.xlsx": UnsafeInputError,
    "zip-too-many-entries.xlsx": UnsafeInputError,
    "xxe-shared-strings.xlsx": UnsafeInputError,
    "billion-laughs-shared-strings.xlsx": UnsafeInputError,
    "billion-laughs-sheet.xlsx": UnsafeInputError,
    "xxe-workbook.xlsx": UnsafeInputError,
    "dtd-content-types.xlsx": UnsafeInputError,
    "dtd-utf16.xlsx": UnsafeInputError,
    "far-cell-dimension-bomb.xlsx": UnsafeInputError,
    "far-cell-without-row-numbers.xlsx": UnsafeInputError,
    "far-cell-stored.xlsx": UnsafeInputError,
    "far-cell-attributes-reordered.xlsx": UnsafeInputError,
    "macro-vba.xlsm": UnsafeInputError,
    "macro-vba-named-xlsx.xlsx": UnsafeInputError,
    "encrypted-ooxml.xlsx": UnsafeInputError,
    "encrypted-ooxml-named-xls.xls": UnsafeInputError,
    "xls-with-macros.xls": UnsafeInputError,
    "encrypted-zip-flag.xlsx": UnsafeInputError,
    "ods-dtd.ods": UnsafeInputError,
    "bzip2-entries.xlsx": UnsafeInputError,
    "lzma-entries.xlsx": UnsafeInputError,
    "truncated-half.xlsx": FormatError,
    "zip-without-workbook.xlsx": FormatError,
    "binary-workbook.xlsx": FormatError,
    "ods-repeated-rows-bomb.ods": FormatError,
    "ods-repeated-columns.ods": "batch",
    "stored-entries.xlsx": "batch",
    "wrong-types.xlsx": "batch",
    "empty-workbook.xlsx": "batch",
    "title-only.xlsx": "batch",
    "header-only.xlsx": "batch",
    "header-only.csv": "batch",
    "million-char-cell.xlsx": "batch",
    "million-char-cell.csv": "batch",
}


def _session() -> Session:
    return Session(
        builtins=("dlxh.plugins.builtin", "dlxh.importers.tabular_plugin", "dlxh.units.plugin"),
        autoload=False,
    )


def _importer_for(name: str) -> str:
    suffix = name.rsplit(".", 1)[-1]
    return {"xlsm": "xlsx"}.get(suffix, suffix)


def _guarded(call: Any) -> Any:
    """Run ``call`` in a thread; fail when it does not end in time."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = call()
        except BaseException as exc:  # reported below, whatever it is
            outcome["error"] = exc

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(TIMEOUT)
    assert not worker.is_alive(), "the importer did not finish: a hang"
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def test_corpus_is_large_enough() -> None:
    assert len(CORPUS) >= 50
    assert len({name for name, _ in CORPUS}) == len(CORPUS)
    assert set(EXPECTED) <= {name for name, _ in CORPUS}


@pytest.mark.parametrize(("name", "data"), CORPUS, ids=[n for n, _ in CORPUS])
@pytest.mark.parametrize("how", ["detected", "forced"])
def test_hostile_file(name: str, data: bytes, how: str) -> None:
    session = _session()
    importer = _importer_for(name) if how == "forced" else None
    error: DlxhError | None = None
    try:
        result = _guarded(lambda: session.read(data, name=name, importer=importer))
    except DlxhError as exc:
        error = exc
    expected = EXPECTED.get(name)
    if error is not None:
        assert isinstance(error, ALLOWED), f"{type(error).__name__}: {error}"
        assert str(error).strip()
        if expected is not None and how == "forced":
            assert expected != "batch", f"expected a batch, got {type(error).__name__}: {error}"
            assert isinstance(error, expected), f"{type(error).__name__}: {error}"
        return
    assert isinstance(result, ImportBatch)
    result.check()
    if how == "forced" and expected is not None:
        assert expected == "batch", f"expected {expected.__name__}, got a batch"


def test_oversized_cell_rejects_its_row_only() -> None:
    data = dict(CORPUS)["million-char-cell.xlsx"]
    batch = _session().read(data, name="x.xlsx")
    assert [i.text for i in batch.items] == ["Ý kiến bình thường"]
    assert [(p.code, p.location) for p in batch.problems] == [("cell-too-large", "Sheet!A2")]
    csv_batch = _session().read(dict(CORPUS)["million-char-cell.csv"], name="x.csv")
    assert [i.text for i in csv_batch.items] == ["Ý kiến thường"]
    assert [(p.code, p.location) for p in csv_batch.problems] == [("cell-too-large", "A2")]


def test_oversized_cells_in_any_column_once_their_values_are_known() -> None:
    # A combination of coded values (topic, attitude) and a place and date are remembered
    # from the first row; later rows repeating them still have every other cell measured,
    # and a long value is never remembered.
    where = "Hà Nội,01/10/2026"
    rows = [
        "Nội dung ý kiến,Lĩnh vực,Thái độ,Địa bàn,Ngày",
        f"Ý kiến một,Y tế,Đồng tình,{where}",
        f"{'x' * 25},Y tế,Đồng tình,{where}",  # the text too long
        f"Ý kiến hai,{'y' * 25},Đồng tình,{where}",  # a coded value too long
        f"Ý kiến ba,{'y' * 25},Đồng tình,{where}",  # the same one again
        f"Ý kiến bốn,Y tế,Đồng tình,{where},{'z' * 25}",  # past the header
        f"Ý kiến năm,Y tế,Đồng tình,{'p' * 25},01/10/2026",  # the place too long
        f"Ý kiến sáu,Y tế,Đồng tình,Hà Nội,{'1' * 25}",  # the date too long
        f"Ý kiến bảy,Y tế,Đồng tình,{where}",
    ]
    data = "\n".join(rows).encode()
    batch = _session().read(data, name="x.csv", limits=Limits(max_cell_chars=20))
    assert [i.text for i in batch.items] == ["Ý kiến một", "Ý kiến bảy"]
    assert [(p.code, p.location) for p in batch.problems] == [
        ("cell-too-large", "A3"), ("cell-too-large", "B4"), ("cell-too-large", "B5"),
        ("cell-too-large", "F6"), ("cell-too-large", "D7"), ("cell-too-large", "E8"),
    ]
    batch.check()


def test_limits_are_configurable() -> None:
    good = hostile.valid_xlsx()
    with pytest.raises(UnsafeInputError, match="MiB"):
        _session().read(good, name="x.xlsx", limits=Limits(max_file_bytes=100))
    with pytest.raises(UnsafeInputError, match="decompresses to more than"):
        check_zip(Source.from_any(good, name="x.xlsx"), Limits(max_uncompressed_bytes=100))
    with pytest.raises(UnsafeInputError, match="cells"):
        _session().read(good, name="x.xlsx", limits=Limits(max_cells=1))
    wide_ods = dict(CORPUS)["ods-repeated-columns.ods"]
    with pytest.raises(UnsafeInputError, match="101 rows × 16,000 columns"):
        _session().read(wide_ods, name="x.ods", limits=Limits(max_cells=1_000_000))
    bomb = dict(CORPUS)["zip-bomb-ratio.xlsx"]
    # A trusted big file passes with raised limits.
    raised = Limits(max_ratio=1e9)
    assert check_zip(Source.from_any(bomb, name="x.xlsx"), raised)


def test_wide_sheets_are_measured_not_refused() -> None:
    wide = hostile.valid_xlsx([[f"Cột {i}" for i in range(40)] + ["Nội dung ý kiến", "Ngày"],
                               [*range(40), "Ý kiến", "01/10/2026"]])
    assert _session().read(wide, name="rong.xlsx").items[0].text == "Ý kiến"
    with pytest.raises(UnsafeInputError, match="2 rows × 42 columns"):
        _session().read(wide, name="rong.xlsx", limits=Limits(max_cells=83))


def test_messages_are_plain() -> None:
    with pytest.raises(UnsafeInputError, match="password-protected"):
        _session().read(dict(CORPUS)["encrypted-ooxml.xlsx"], name="x.xlsx")
    with pytest.raises(UnsafeInputError, match="macros"):
        _session().read(dict(CORPUS)["macro-vba.xlsm"], name="x.xlsm")
    with pytest.raises(UnsafeInputError, match="zip bomb"):
        _session().read(dict(CORPUS)["zip-bomb-forged-size.xlsx"], name="x.xlsx")

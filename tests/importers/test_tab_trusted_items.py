"""Items the tabular importer builds without the model's checks equal checked ones."""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

import attrs

import dlxh
from dlxh.model.opinions import OpinionItem


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def _rebuilt(item: OpinionItem) -> OpinionItem:
    """The same values through the checked constructor (converters and validators)."""
    return OpinionItem(**{f.name: getattr(item, f.name) for f in attrs.fields(OpinionItem)})


def test_decomposed_cells_are_normalised(tmp_path: Path) -> None:
    path = tmp_path / "nfd.csv"
    rows = [
        ["Nội dung ý kiến", "Địa bàn", "Ngày", "Đối tượng", "Lý do", "Người phản ánh",
         "Nguồn", "Ghi chú"],
        [_nfd("  Người dân lo lắng về giá điện  "), _nfd("Phường Hồng Hà, Thành phố Hà Nội"),
         "15/10/2026", _nfd("Nông dân;  Phụ nữ ;"), _nfd("Hóa đơn tăng"), "CTV-07",
         _nfd("Trực tiếp"), _nfd("Ghi chú thêm")],
        [_nfd("Cử tri đồng tình"), "", "15/10/2026", "", "", "", "", ""],
    ]
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    batch = dlxh.read(path)
    assert [p.message for p in batch.problems] == []
    first, second = batch.items
    assert first.text == "Người dân lo lắng về giá điện"
    assert first.place_text == "Phường Hồng Hà, Thành phố Hà Nội"
    assert first.unit is not None
    assert first.groups == ("Nông dân", "Phụ nữ")
    assert first.reasons == ("Hóa đơn tăng",)
    assert first.reporter_id == "CTV-07"
    assert first.origin is not None
    assert first.source is not None and first.source.location.endswith("A2")
    assert dict(first.extra) == {"Ghi chú": _nfd("Ghi chú thêm")}
    assert (second.place_text, second.groups, second.reporter_id) == (None, (), None)
    for item in batch.items:
        assert unicodedata.is_normalized("NFC", item.text)
        assert _rebuilt(item) == item

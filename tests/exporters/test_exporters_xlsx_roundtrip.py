"""An annex workbook written by dlxh reads back through the xlsx importer: same opinions,
places, dates and human labels; the summary sheets are skipped, not read as rows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import dlxh
from dlxh.errors import Severity

TEXTS = (
    ("Bà con phấn khởi vì đường liên xã đã được trải nhựa.", "03388", "approve"),
    ("Nhiều hộ lo lắng giá phân bón tăng cao; gọi anh Hùng 0912 345 678.", "03390", "uneasy"),
    ("Người dân phản đối việc chậm chi trả tiền bồi thường.", "03390", "oppose"),
)


def _items() -> list[dlxh.OpinionItem]:
    return [
        dlxh.OpinionItem(
            id=f"rt-{n}",
            text=text,
            date=dt.date(2026, 11, n + 2),
            unit=unit,
            labels=[dlxh.Label("orientation", orientation)],
        )
        for n, (text, unit, orientation) in enumerate(TEXTS, 1)
    ]


def test_items_come_back_from_the_annex_workbook(tmp_path: Path) -> None:
    path = tmp_path / "phu-luc.xlsx"
    dlxh.write(_items(), path, redact=False)
    batch = dlxh.read(path)
    assert batch.rejected == 0
    assert not [p for p in batch.problems if p.severity is Severity.ERROR]
    back = sorted(batch.items, key=lambda i: i.date or dt.date.min)
    assert [i.text for i in back] == [t for t, _, _ in TEXTS]
    assert [i.unit for i in back] == [u for _, u, _ in TEXTS]
    assert [i.date for i in back] == [dt.date(2026, 11, n) for n in (3, 4, 5)]
    assert [i.value("orientation") for i in back] == [o for _, _, o in TEXTS]
    skipped = [p for p in batch.problems if p.code == "table-without-text"]
    assert skipped  # the summary sheets (by topic, by place) are noted once each, not rejected


def test_the_round_trip_of_a_redacted_annex_carries_no_phone_number(tmp_path: Path) -> None:
    path = tmp_path / "phu-luc.xlsx"
    dlxh.write(_items(), path)
    texts = [item.text for item in dlxh.read(path).items]
    assert len(texts) == 3
    assert not any("0912 345 678" in text for text in texts)

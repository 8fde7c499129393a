"""Objects people look at in a notebook render as HTML tables, with Vietnamese intact."""

from __future__ import annotations

import datetime as dt

import dlxh
from dlxh.exporters import Table


def test_batch_items_streams_problems_and_reports_have_html() -> None:
    item = dlxh.OpinionItem(id="it-1", text="Bà con phản ánh giá điện tăng", unit="00001")
    batch = dlxh.ImportBatch(seen=2)
    batch.add(item)
    batch.reject(dlxh.Problem("bad-date", "error", "ngày 31/02/2026 không có", "Sheet1!C3"))
    assert isinstance(batch.problems, dlxh.ProblemList)
    assert "Bà con phản ánh giá điện tăng" in batch._repr_html_()  # type: ignore[attr-defined]
    problems_html = batch.problems._repr_html_()  # type: ignore[attr-defined]
    assert "bad-date" in problems_html and "Sheet1!C3" in problems_html
    stream = dlxh.OpinionStream(id="st-1", statement="Giá điện tăng cao", item_ids=("it-1",))
    assert "Giá điện tăng cao" in stream._repr_html_()  # type: ignore[attr-defined]
    report = dlxh.Report(
        id="bc-1",
        kind="synthesis",
        title="Báo cáo tổng hợp tháng 10",
        period=dlxh.Period.month(2026, 10),
        issued_on=dt.date(2026, 11, 2),
    )
    assert "Tổng hợp tháng 10" in report._repr_html_()  # type: ignore[attr-defined]
    table = Table("Số tin theo xã", ("Xã", "Số tin"), (("Xã Hòa An", 3),))
    assert "Xã Hòa An" in table._repr_html_()  # type: ignore[attr-defined]


def test_problem_list_counts_by_code() -> None:
    problems = dlxh.ProblemList(
        [
            dlxh.Problem("bad-date", "error", "a"),
            dlxh.Problem("unknown-unit", "warning", "b"),
            dlxh.Problem("bad-date", "error", "c"),
        ]
    )
    assert problems.by_code() == {"bad-date": 2, "unknown-unit": 1}


def test_a_batch_keeps_its_problem_list_type_when_problems_are_assigned() -> None:
    batch = dlxh.ImportBatch()
    batch.problems = [dlxh.Problem("x-y", "info", "z")]  # type: ignore[assignment]
    assert isinstance(batch.problems, dlxh.ProblemList)

"""Corrections: a synthesis knows it is stale when a lower report is revised, and what
changed when it is re-run."""

from __future__ import annotations

import datetime as dt

from dlxh.model.enums import Breadth, ReportKind
from dlxh.model.opinions import Label, OpinionItem
from dlxh.model.periods import Period
from dlxh.model.reports import Report
from dlxh.synthesis import synthesize
from dlxh.units import catalog

TODAY = dt.date(2026, 11, 30)
COMMUNES = [u.code for u in catalog(dt.date(2026, 10, 31)).children("08")[:4]]
OCTOBER = Period.month(2026, 10)


def report(rid: str, org: str, revision: int = 1, supersedes: str | None = None) -> Report:
    return Report(id=rid, kind=ReportKind.PERIODIC, title="Báo cáo tháng 10", period=OCTOBER,
                  organisation_id=org, revision=revision, supersedes=supersedes)


def item(n: int, text: str, unit: str, rid: str, orientation: str = "oppose") -> OpinionItem:
    return OpinionItem(id=f"c{n}", text=text, unit=unit, date=dt.date(2026, 10, 6),
                       report_id=rid,
                       labels=(Label("topic", "economy"), Label("orientation", orientation)))


R1 = report("bc-a", "xa-a")
R2 = report("bc-b", "xa-b")
ITEMS = [item(k, "Giá điện tăng cao", COMMUNES[k % 2], "bc-a" if k % 2 == 0 else "bc-b")
         for k in range(6)]


def test_is_stale_when_a_lower_report_is_revised() -> None:
    syn = synthesize([R1, R2, ITEMS], unit="08", period="2026-10", today=TODAY)
    assert not syn.is_stale([R1, R2])
    revised = report("bc-a2", "xa-a", revision=2, supersedes="bc-a")
    assert syn.is_stale([revised])
    assert syn.stale_reasons([revised]) == ["report bc-a2 replaces report bc-a"]
    same_id = report("bc-b", "xa-b", revision=3)
    assert syn.stale_reasons([same_id]) == [
        "report bc-b is now at revision 3 (the synthesis used revision 1)"]
    silent = report("bc-b-new", "xa-b", revision=2)  # no supersedes, same sender and period
    assert syn.is_stale([silent])
    other_period = Report(id="x", kind=ReportKind.PERIODIC, title="T9",
                          period=Period.month(2026, 9), organisation_id="xa-b", revision=2)
    assert not syn.is_stale([other_period])


def test_rerun_shows_what_changed() -> None:
    before = synthesize([R1, R2, ITEMS], unit="08", period="2026-10", today=TODAY)
    revised = report("bc-a2", "xa-a", revision=2, supersedes="bc-a")
    # The revision withdraws its three price items and reports approval of a new road.
    new_items = [item(20 + k, "Đồng tình làm đường mới", COMMUNES[0], "bc-a2", "approve")
                 for k in range(2)]
    after = synthesize([R1, R2, revised, ITEMS, new_items], unit="08", period="2026-10",
                       today=TODAY)
    assert len(after.items) == 5
    diff = before.diff(after)
    assert [s.statement for s in diff.added] == ["Đồng tình làm đường mới"]
    assert diff.removed == ()
    (change,) = diff.changed
    assert change.before.item_count == 6 and change.after.item_count == 3
    assert "số ý kiến 6 → 3" in change.changes
    assert "số địa bàn 2 → 1" in change.changes
    figures = {name: (a, b) for name, a, b in diff.figures}
    assert figures["Số ý kiến"] == (6.0, 5.0)
    assert figures["Số luồng ý kiến"] == (1.0, 2.0)
    assert any(line.startswith("Luồng ý kiến mới") for line in diff.summary())
    assert before.diff(before).empty


def test_breadth_change_is_reported() -> None:
    a = synthesize(ITEMS, unit="08", period="2026-10", today=TODAY)
    more = [item(40 + k, "Giá điện tăng cao", COMMUNES[2 + k % 2], "bc-c") for k in range(6)]
    others = [item(60 + k, "Ủng hộ tăng giá điện", COMMUNES[k % 4], "bc-c", "approve")
              for k in range(12)]
    b = synthesize([ITEMS, more, others], unit="08", period="2026-10", today=TODAY)
    change = next(c for c in a.diff(b).changed)
    assert any(c.startswith("độ rộng") for c in change.changes)
    assert change.before.breadth is Breadth.MANY_OPINIONS  # capped: two communes only

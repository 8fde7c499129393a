"""Quality checks on incoming reports, one coded problem per failing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from dlxh.errors import Problem, Severity
from dlxh.model.enums import Origin, ReportKind
from dlxh.model.opinions import Label, OpinionItem, Recommendation
from dlxh.model.periods import Period
from dlxh.model.reports import Report
from dlxh.synthesis import check_report, check_reports, synthesize
from dlxh.synthesis.quality import looks_like_rumour

UNIT = "00691"


def report(rid: str = "bc", *, recs: tuple[str, ...] = ()) -> Report:
    return Report(id=rid, kind=ReportKind.PERIODIC, title="Báo cáo tháng 10",
                  period=Period.month(2026, 10), unit=UNIT, issuer="MTTQ phường Hà Giang 2",
                  recommendation_ids=recs)


def item(n: int, text: str, orientation: str | None = "oppose", **kw: object) -> OpinionItem:
    labels = (Label("orientation", orientation),) if orientation else ()
    return OpinionItem(id=f"q{n}", text=text, unit=UNIT, date=dt.date(2026, 10, 4),
                       report_id="bc", labels=labels, **kw)  # type: ignore[arg-type]


def codes(problems: Sequence[Problem]) -> set[str]:
    return {p.code for p in problems}


GOOD = [
    item(1, "Giá điện tăng cao", place_text="Tổ 5", groups=("workers",)),
    item(2, "Đồng tình với điều chỉnh giá điện", "approve", place_text="Tổ 3"),
    item(3, "Băn khoăn về lộ trình tăng giá", "uneasy", groups=("retirees",)),
]


def test_a_good_report_has_no_problem() -> None:
    assert check_report(report(recs=("r1",)), GOOD) == []


def test_no_recommendation() -> None:
    found = check_report(report(), GOOD)
    assert codes(found) == {"report-no-recommendation"}
    assert found[0].severity is Severity.WARNING
    assert found[0].location == "report bc"
    with_rec = check_report(report(), GOOD, [Recommendation(id="r", text="Giữ giá điện")])
    assert with_rec == []


def test_only_one_side_shown() -> None:
    items = [item(n, f"Ủng hộ chủ trương {n}", "approve", place_text="Tổ 1") for n in range(4)]
    assert "report-one-sided" in codes(check_report(report(recs=("r",)), items))
    assert "report-one-sided" not in codes(check_report(report(recs=("r",)), items[:2]))


def test_no_place_or_group_named() -> None:
    items = [item(1, "Giá điện tăng"), item(2, "Giá xăng tăng", "approve")]
    assert "report-no-place-or-group" in codes(check_report(report(recs=("r",)), items))


def test_events_listed_with_no_orientation() -> None:
    items = [item(n, f"Tổ chức hội nghị lần {n}", None, place_text="Tổ 2") for n in range(3)]
    items.append(item(9, "Giá điện tăng", place_text="Tổ 2"))
    found = check_report(report(recs=("r",)), items)
    assert "report-no-orientation" in codes(found)
    assert "3 of 4 items" in next(p.message for p in found if p.code == "report-no-orientation")


def test_rumour_reported_as_opinion() -> None:
    rumour = item(5, "Nghe nói sắp tăng giá điện lần nữa", place_text="Tổ 1")
    assert "report-rumour-as-opinion" in codes(check_report(report(recs=("r",)),
                                                            [*GOOD, rumour]))
    marked = item(6, "Nghe nói sắp tăng giá điện lần nữa", origin=Origin.RUMOUR)
    assert check_report(report(recs=("r",)), [*GOOD, marked]) == []
    assert looks_like_rumour("Tin đồn về việc sáp nhập trường")
    assert looks_like_rumour("nghe noi se thu hoi dat")
    assert not looks_like_rumour("Người dân đề nghị làm đường")


def test_check_reports_uses_listed_items_too() -> None:
    listed = Report(id="tonghop", kind=ReportKind.SYNTHESIS, title="Tổng hợp",
                    period=Period.month(2026, 10), item_ids=("q1", "q2", "q3"))
    found = check_reports([listed], GOOD, [])
    assert codes(found["tonghop"]) == {"report-no-recommendation"}


def test_synthesis_carries_the_quality_of_each_report() -> None:
    items = [item(n, f"Ủng hộ chủ trương {n}", "approve") for n in range(3)]
    syn = synthesize([report(), items], unit="08", period="2026-10", today=dt.date(2026, 12, 1))
    found = dict(syn.quality)["bc"]
    assert codes(list(found)) == {"report-no-recommendation", "report-one-sided",
                                  "report-no-place-or-group"}
    table = next(t for t in syn.tables if t.title == "Chất lượng báo cáo của cấp dưới")
    assert ("MTTQ phường Hà Giang 2", "Chỉ phản ánh một chiều", "report-one-sided") in {
        tuple(r) for r in table.rows}

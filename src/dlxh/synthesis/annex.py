"""The annex of a synthesis: statistics tables and charts (:mod:`dlxh.exporters.document`)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Mapping, Sequence

from dlxh.errors import Problem
from dlxh.exporters.document import Cell, Chart, Table
from dlxh.model.enums import CompetentLevel, Orientation, RecommendationStatus
from dlxh.model.opinions import OpinionItem, OpinionStream
from dlxh.model.units import AdminUnit
from dlxh.synthesis.breadth import percent
from dlxh.synthesis.completeness import Completeness, RateRow, ReportStatus
from dlxh.synthesis.facts import FactBook
from dlxh.synthesis.recommendations import RecommendationDigest, age_days
from dlxh.synthesis.trends import IssueHeat, StreamTrend

__all__ = ["QUALITY_LABELS", "build_annex"]

QUALITY_LABELS: Mapping[str, str] = {
    "report-late": "Gửi chậm so với hạn",
    "report-no-recommendation": "Không có kiến nghị, đề xuất",
    "report-one-sided": "Chỉ phản ánh một chiều",
    "report-no-place-or-group": "Không nêu địa bàn, đối tượng",
    "report-no-orientation": "Liệt kê sự việc, không nêu khuynh hướng dư luận",
    "report-rumour-as-opinion": "Đưa tin đồn như ý kiến của Nhân dân",
}
"""Vietnamese names of the quality problems, for the annex table."""


def _streams_table(streams: Sequence[OpinionStream], title: Callable[[str], str],
                   trends: Mapping[str, StreamTrend]) -> Table:
    rows: list[list[Cell]] = []
    for s in streams:
        moved = trends.get(s.id)
        rows.append([
            s.statement, title(s.issue_id or ""), s.breadth.label if s.breadth else "",
            s.item_count, s.unit_count,
            "" if moved is None or moved.previous_items is None else moved.previous_items,
            "" if moved is None else moved.trend.label, s.breadth_evidence,
        ])
    return Table("Các luồng ý kiến và căn cứ đánh giá độ rộng",
                 ["Luồng ý kiến", "Vấn đề", "Độ rộng", "Số ý kiến", "Số địa bàn",
                  "Số ý kiến kỳ trước", "Xu hướng", "Căn cứ đánh giá"], rows)


def _issues_table(issues: Sequence[IssueHeat]) -> Table:
    rows: list[list[Cell]] = []
    for i in issues:
        rows.append([
            i.title, i.items, percent(i.item_share), i.units, percent(i.unit_share),
            percent(i.intensity), "" if i.previous_items is None else i.previous_items,
            i.trend.label, round(i.score, 3),
        ])
    return Table("Các vấn đề được quan tâm, xếp theo mức độ nổi cộm",
                 ["Vấn đề", "Số ý kiến", "Tỷ lệ ý kiến", "Số địa bàn", "Tỷ lệ địa bàn",
                  "Tỷ lệ bức xúc, lo lắng", "Số ý kiến kỳ trước", "Xu hướng", "Điểm"], rows,
                 note="Xu hướng so sánh tỷ lệ ý kiến về vấn đề trên tổng số ý kiến của từng kỳ.")


def _orientation_table(opinions: Sequence[OpinionItem], title: Callable[[str], str],
                       issue: Callable[[OpinionItem], str], facts: FactBook) -> Table:
    counts: dict[str, Counter[Orientation | None]] = {}
    for item in opinions:
        counts.setdefault(issue(item), Counter())[facts(item).orientation] += 1
    rows: list[list[Cell]] = []
    for key, c in sorted(counts.items(), key=lambda kv: (-kv[1].total(), kv[0])):
        rows.append([title(key), *(c[o] for o in Orientation), c[None], c.total()])
    return Table("Số ý kiến theo vấn đề và khuynh hướng",
                 ["Vấn đề", *(o.label for o in Orientation), "Chưa xác định", "Tổng"], rows)


def _rate_rows(rows: Sequence[RateRow]) -> list[list[Cell]]:
    return [[r.name, r.expected, r.received, r.on_time, r.late, r.missing, r.not_due,
             percent(r.reporting_rate), percent(r.on_time_rate), r.max_days_late]
            for r in rows]


_RATE_COLUMNS = ("Phải gửi", "Đã nhận", "Đúng hạn", "Chậm", "Chưa gửi", "Chưa đến hạn",
                 "Tỷ lệ gửi", "Tỷ lệ đúng hạn", "Chậm nhiều nhất (ngày)")


def _completeness_tables(c: Completeness) -> list[Table]:
    by_level = Table("Tình hình gửi báo cáo theo cấp", ["Cấp", *_RATE_COLUMNS],
                     [*_rate_rows(c.by_level), *_rate_rows([c.total])])
    by_org = Table("Tình hình gửi báo cáo theo tổ chức", ["Tổ chức", *_RATE_COLUMNS],
                   _rate_rows(c.by_organisation))
    bad = [e for e in c.expected if e.status in (ReportStatus.LATE, ReportStatus.MISSING)]
    detail_rows: list[list[Cell]] = [
        [e.sender_name, e.period.label, e.due, e.submitted, e.days_late or "",
         e.status.label] for e in bad
    ]
    tables = [by_level, by_org]
    if detail_rows:
        tables.append(Table("Báo cáo gửi chậm, chưa gửi",
                            ["Tổ chức", "Kỳ", "Hạn gửi", "Ngày gửi", "Số ngày chậm",
                             "Tình trạng"], detail_rows))
    return tables


def _recommendation_tables(d: RecommendationDigest, end: dt.date,
                           title: Callable[[str], str]) -> list[Table]:
    tables = []
    if d.current:
        statuses = list(RecommendationStatus)
        rows: list[list[Cell]] = []
        for group in d.groups:
            c = Counter(r.status for r in group.recommendations)
            level = (group.level.label if isinstance(group.level, CompetentLevel)
                     else "Chưa xác định")
            rows.append([level, title(group.topic or ""), len(group.recommendations),
                         *(c[s] for s in statuses)])
        tables.append(Table("Kiến nghị theo cấp có thẩm quyền và lĩnh vực",
                            ["Cấp có thẩm quyền", "Lĩnh vực", "Số kiến nghị",
                             *(s.label for s in statuses)], rows))
    if d.outstanding:
        rows = [[r.text, r.competent_level.label if r.competent_level else "",
                 r.status.label, r.date, age_days(r, end)] for r in d.outstanding]
        tables.append(Table("Kiến nghị từ các kỳ trước chưa được trả lời",
                            ["Nội dung", "Cấp có thẩm quyền", "Tình trạng", "Ngày kiến nghị",
                             "Số ngày chờ"], rows))
    return tables


def build_annex(
    *,
    streams: Sequence[OpinionStream],
    opinions: Sequence[OpinionItem],
    issues: Sequence[IssueHeat],
    digest: RecommendationDigest,
    completeness: Completeness | None,
    blind_spots: Sequence[AdminUnit],
    quality: Mapping[str, Sequence[Problem]],
    report_names: Mapping[str, str],
    period_end: dt.date,
    title: Callable[[str], str],
    issue: Callable[[OpinionItem], str],
    trends: Sequence[StreamTrend] = (),
    facts: FactBook | None = None,
) -> tuple[list[Table], list[Chart]]:
    """The annex tables and charts."""
    tables: list[Table] = []
    charts: list[Chart] = []
    if issues:
        tables.append(_issues_table(issues))
    if opinions:
        orientation = _orientation_table(opinions, title, issue, facts or FactBook())
        tables.append(orientation)
        charts.append(Chart.from_table(orientation, title="Khuynh hướng ý kiến theo vấn đề"))
    if streams:
        by_stream = {t.stream_id: t for t in trends if t.stream_id}
        tables.append(_streams_table(streams, title, by_stream))
    if completeness is not None and completeness.expected:
        found = _completeness_tables(completeness)
        tables.extend(found)
        charts.append(Chart(
            "Tỷ lệ báo cáo đã nhận và đúng hạn theo cấp",
            [r.name for r in completeness.by_level],
            [("Tỷ lệ gửi (%)", [100 * r.reporting_rate for r in completeness.by_level]),
             ("Tỷ lệ đúng hạn (%)", [100 * r.on_time_rate for r in completeness.by_level])],
            kind="bar",
        ))
    if blind_spots:
        tables.append(Table("Địa bàn chưa có ý kiến phản ánh trong kỳ", ["Mã", "Địa bàn"],
                            [[u.code, u.name] for u in blind_spots]))
    tables.extend(_recommendation_tables(digest, period_end, title))
    quality_rows: list[list[Cell]] = [
        [report_names.get(rid, rid), QUALITY_LABELS.get(p.code, p.code), p.code]
        for rid, problems in sorted(quality.items()) for p in problems
    ]
    if quality_rows:
        tables.append(Table("Chất lượng báo cáo của cấp dưới", ["Báo cáo", "Nhận xét", "Mã lỗi"],
                            quality_rows))
    return tables, charts

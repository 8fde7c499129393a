"""Synthesis (*tổng hợp*): opinion streams, level-by-level roll-up, breadth, hot issues and
trends, reporting completeness, quality checks and recommendations.

>>> import dlxh
>>> syn = dlxh.synthesis.synthesize(items, unit="08", period="2026-10")  # doctest: +SKIP
>>> dlxh.write(syn, "tong-hop.docx")  # doctest: +SKIP

A synthesis is not a sum of opinions (DOMAIN.md §1): similar items form opinion streams; one
issue can hold several, opposing ones included. See ``docs/explanation/synthesis.md``.
"""

from __future__ import annotations

from dlxh.synthesis.breadth import BreadthEstimate, breadth_for_score, estimate_breadth
from dlxh.synthesis.completeness import (
    Completeness,
    ExpectedReport,
    RateRow,
    ReportStatus,
    completeness,
)
from dlxh.synthesis.corrections import InputRecord, StreamChange, SynthesisDiff, diff_syntheses
from dlxh.synthesis.quality import check_report, check_reports
from dlxh.synthesis.recommendations import (
    RecommendationDigest,
    RecommendationGroup,
    digest_recommendations,
)
from dlxh.synthesis.result import Synthesis
from dlxh.synthesis.settings import (
    BreadthSettings,
    QualitySettings,
    SynthesisSettings,
    TrendSettings,
)
from dlxh.synthesis.streams import GroupingSettings, ItemGroup, group_items
from dlxh.synthesis.synthesize import Progress, synthesize
from dlxh.synthesis.templates import Templates, default_templates, load_templates
from dlxh.synthesis.trends import IssueHeat, Trend, rank_issues

__all__ = [
    "BreadthEstimate",
    "BreadthSettings",
    "Completeness",
    "ExpectedReport",
    "GroupingSettings",
    "InputRecord",
    "IssueHeat",
    "ItemGroup",
    "Progress",
    "QualitySettings",
    "RateRow",
    "RecommendationDigest",
    "RecommendationGroup",
    "ReportStatus",
    "StreamChange",
    "Synthesis",
    "SynthesisDiff",
    "SynthesisSettings",
    "Templates",
    "Trend",
    "TrendSettings",
    "breadth_for_score",
    "check_report",
    "check_reports",
    "completeness",
    "default_templates",
    "diff_syntheses",
    "digest_recommendations",
    "estimate_breadth",
    "group_items",
    "load_templates",
    "rank_issues",
    "synthesize",
]

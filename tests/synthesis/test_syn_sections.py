"""Sections in the usual order, from templates that agencies override; progress."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from dlxh.errors import ConfigurationError
from dlxh.model.opinions import Label, OpinionItem
from dlxh.synthesis import default_templates, load_templates, synthesize

TODAY = dt.date(2026, 11, 30)
ITEMS = [OpinionItem(id=f"s{k}", text="Giá điện tăng", unit="00691", date=dt.date(2026, 10, 3),
                     labels=(Label("topic", "economy"), Label("orientation", "oppose"),
                             Label("mood", "frustrated")))
         for k in range(4)]


def test_sections_come_in_the_usual_order() -> None:
    syn = synthesize(ITEMS, unit="08", period="2026-10", today=TODAY)
    assert [(s.number, s.title) for s in syn.report.sections] == [
        ("I.", "Tình hình tư tưởng, tâm trạng chung"),
        ("II.", "Những vấn đề cán bộ, đảng viên và Nhân dân quan tâm"),
        ("III.", "Những vấn đề bức xúc, nổi cộm"),
        ("IV.", "Kiến nghị, đề xuất"),
        ("V.", "Định hướng nắm bắt dư luận kỳ tới"),
    ]
    assert syn.report.title == (
        "Báo cáo tổng hợp tình hình tư tưởng, dư luận xã hội tháng 10 năm 2026")
    mood = syn.report.sections[0].paragraphs
    assert mood[0].startswith("Trong tháng 10 năm 2026, đã tổng hợp 4 ý kiến phản ánh từ 1/124")
    assert "Tâm trạng nổi bật: bức xúc (4 ý kiến)." in mood
    assert syn.report.item_ids == tuple(sorted(i.id for i in ITEMS))


def test_an_empty_period_still_gives_a_report() -> None:
    syn = synthesize([], unit="08", period="2026-10", today=TODAY)
    assert syn.report.sections[0].paragraphs == (
        "Trong tháng 10 năm 2026, chưa nhận được ý kiến phản ánh nào từ các địa bàn thuộc "
        "tỉnh Tuyên Quang.",)
    assert syn.report.sections[2].paragraphs == ("Trong kỳ chưa có vấn đề nổi cộm.",)


def test_templates_override_by_mapping_and_by_file(tmp_path: Path) -> None:
    mine = {"section_mood": "Tình hình tư tưởng của Nhân dân",
            "title": "Báo cáo nhanh $period_label ($unit_name)"}
    syn = synthesize(ITEMS, unit="08", period="2026-10", templates=mine, today=TODAY)
    assert syn.report.sections[0].title == "Tình hình tư tưởng của Nhân dân"
    assert syn.report.title == "Báo cáo nhanh tháng 10 năm 2026 (tỉnh Tuyên Quang)"
    path = tmp_path / "mau.json"
    path.write_text(json.dumps(mine, ensure_ascii=False), "utf-8")
    again = synthesize(ITEMS, unit="08", period="2026-10", templates=path, today=TODAY)
    assert again.report.title == syn.report.title
    toml = tmp_path / "mau.toml"
    toml.write_text('section_watch = "Nhiệm vụ kỳ tới"\n', "utf-8")
    assert load_templates(toml).render("section_watch") == "Nhiệm vụ kỳ tới"


def test_bad_templates_are_refused_in_plain_words() -> None:
    with pytest.raises(ConfigurationError, match="unknown synthesis template 'titel'"):
        load_templates({"titel": "x"})
    bad = load_templates({"title": "Báo cáo $thang"})
    with pytest.raises(ConfigurationError, match=r"uses \$thang"):
        synthesize(ITEMS, unit="08", period="2026-10", templates={"title": "Báo cáo $thang"})
    assert "title" in bad.keys()  # noqa: SIM118 - Templates is not a mapping


def test_every_default_template_renders() -> None:
    t = default_templates()
    values = dict.fromkeys((
        "period_label", "unit_name", "item_count", "unit_count", "unit_total", "stream_count",
        "issue_count", "orientation_text", "mood_text", "approve_share", "negative_share",
        "title", "rank", "unit_share", "intensity_share", "trend_text", "ratio", "count",
        "raw_count", "text", "level", "status", "age_days", "date", "titles", "names", "late",
        "statements", "statement", "units", "units_total", "items", "items_total",
        "item_share", "score", "breadth", "note", "cap", "stated", "side_share"), "x")
    for key in t.keys():  # noqa: SIM118 - Templates is not a mapping
        assert t.render(key, **values)


def test_progress_reports_every_stage() -> None:
    seen: list[tuple[str, int, int]] = []
    synthesize(ITEMS, unit="08", period="2026-10", today=TODAY,
               progress=lambda stage, done, total: seen.append((stage, done, total)))
    stages = [s for s, _, total in seen if total == 9]
    assert stages == ["gather", "place", "group", "rumours", "issues", "completeness",
                      "quality", "recommendations", "sections"]


def test_issues_by_scope() -> None:
    from dlxh.synthesis import SynthesisSettings

    def scoped(n: int, text: str, topic: str, scope: str | None) -> OpinionItem:
        labels = [Label("topic", topic)] + ([Label("scope", scope)] if scope else [])
        return OpinionItem(id=f"sc{n}", text=text, unit="00691", date=dt.date(2026, 10, 3),
                           labels=tuple(labels))

    items = [scoped(1, "Lo ngại xung đột trên Biển Đông", "defence", "international"),
             scoped(2, "Giá xăng tăng", "economy", "national"),
             scoped(3, "Đường thôn hỏng", "traffic-safety", "local"),
             scoped(4, "Đường thôn hỏng", "traffic-safety", None),
             scoped(5, "Mất trộm gà", "public-security", None)]
    syn = synthesize(items, unit="08", period="2026-10", today=TODAY,
                     settings=SynthesisSettings(issues_by="scope"))
    issues = syn.report.sections[1]
    assert [(s.title, [i.title for i in s.subsections]) for s in issues.subsections] == [
        ("Quốc tế", ["Quốc phòng, chủ quyền biển đảo"]),
        ("Trong nước", ["Kinh tế, giá cả"]),
        ("Địa phương", ["An toàn giao thông"]),
        ("Chưa xác định phạm vi", ["An ninh, trật tự"]),
    ]
    with pytest.raises(ConfigurationError, match="issues_by"):
        SynthesisSettings(issues_by="region")

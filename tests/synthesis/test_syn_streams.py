"""Opinion streams built from groups of items: their attributes, opposing streams, rumours."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from dlxh.model.enums import Mood, Orientation, Origin
from dlxh.model.opinions import Label, OpinionItem
from dlxh.synthesis import synthesize
from dlxh.synthesis.opinion_streams import stream_issue
from dlxh.units import catalog

TODAY = dt.date(2026, 11, 30)


def item(n: int, text: str, unit: str, *, topic: str = "economy", orientation: str = "oppose",
         moods: tuple[str, ...] = (), day: int = 10, **kw: object) -> OpinionItem:
    labels = [Label("topic", topic), Label("orientation", orientation),
              *(Label("mood", m) for m in moods)]
    return OpinionItem(id=f"it-{n:03d}", text=text, unit=unit, date=dt.date(2026, 10, day),
                       labels=tuple(labels), **kw)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def communes() -> list[tuple[str, str]]:
    return [(u.code, u.name) for u in catalog(dt.date(2026, 10, 31)).children("08")[:6]]


@pytest.fixture(scope="module")
def items(communes: list[tuple[str, str]]) -> list[OpinionItem]:
    out = []
    n = 0
    for k, (code, _) in enumerate(communes):
        n += 1
        out.append(item(n, "Giá điện tăng cao làm khó đời sống", code, moods=("frustrated",),
                        groups=("workers",), reasons=("Thu nhập không tăng",), day=3 + k))
        if k < 2:
            n += 1
            out.append(item(n, "Đồng tình với việc điều chỉnh giá điện", code,
                            orientation="approve", moods=("agreeing",), groups=("party-members",)))
        if k < 3:
            n += 1
            out.append(item(n, "Nghe nói sắp thu hồi đất làm sân bay", code, topic="land",
                            orientation="uneasy", origin=Origin.RUMOUR))
    return out


def test_stream_attributes(items: list[OpinionItem], communes: list[tuple[str, str]]) -> None:
    syn = synthesize(items, unit="08", period="2026-10", today=TODAY)
    power = next(s for s in syn.streams if s.statement.startswith("Giá điện"))
    expected_ids = sorted(i.id for i in items if i.text.startswith("Giá điện"))
    assert list(power.item_ids) == expected_ids
    assert power.item_count == 6
    assert power.unit_count == 6
    assert set(power.places) == {name for _, name in communes}
    assert set(power.units) == {code for code, _ in communes}
    assert power.orientations == ((Orientation.OPPOSE, 6),)
    assert power.moods == ((Mood.FRUSTRATED, 6),)
    assert power.groups == ("Công nhân, người lao động",)
    assert power.reasons == ("Thu nhập không tăng",)
    assert power.first_seen == dt.date(2026, 10, 3)
    assert power.last_seen == dt.date(2026, 10, 8)
    assert power.topic == "economy"
    assert not power.statement_composed
    assert power.breadth is not None and power.breadth_evidence


def test_opposing_streams_on_one_issue_are_both_shown(items: list[OpinionItem]) -> None:
    syn = synthesize(items, unit="08", period="2026-10", today=TODAY)
    economy = [s for s in syn.streams if stream_issue(s) == "economy"]
    sides = {s.orientations[0][0] for s in economy}
    assert sides == {Orientation.APPROVE, Orientation.OPPOSE}
    issues = syn.report.sections[1]
    economy_section = next(s for s in issues.subsections if s.title == "Kinh tế, giá cả")
    assert set(economy_section.stream_ids) == {s.id for s in economy}
    assert any("chưa thống nhất" in p for p in economy_section.paragraphs)


def test_rumours_are_kept_apart_and_never_counted_as_opinion(items: list[OpinionItem]) -> None:
    syn = synthesize(items, unit="08", period="2026-10", today=TODAY)
    rumour_ids = {i.id for i in items if i.origin is Origin.RUMOUR}
    assert not rumour_ids & {i for s in syn.streams for i in s.item_ids}
    assert len(syn.rumours) == 1
    assert set(syn.rumours[0].item_ids) == rumour_ids
    assert "land" not in {h.key for h in syn.issues}
    watch = syn.report.sections[4]
    assert any("Nghe nói sắp thu hồi đất" in p for sub in watch.subsections
               for p in sub.paragraphs)
    assert syn.figures()["Số ý kiến"] == len(items) - len(rumour_ids)


def test_stream_ids_are_stable(items: list[OpinionItem]) -> None:
    a = synthesize(items, unit="08", period="2026-10", today=TODAY)
    b = synthesize(list(reversed(items)), unit="08", period="2026-10", today=TODAY)
    assert sorted(s.id for s in a.streams) == sorted(s.id for s in b.streams)
    assert a.report.id == b.report.id


def test_commune_synthesis_names_residential_areas() -> None:
    cat = catalog(dt.date(2026, 10, 31))
    commune = cat.children("08")[0].code
    east = cat.add_residential_area("Thôn Đông", "village", commune)
    west = cat.add_residential_area("Thôn Tây", "village", commune)
    items = [item(1, "Đường làng hư hỏng", commune, area_id=east.id),
             item(2, "Đường làng hư hỏng", commune, area_id=west.id),
             item(3, "Đường làng hư hỏng", commune, place_text="Xóm Bãi")]
    syn = synthesize(items, unit=commune, period="2026-10", today=TODAY, areas=cat)
    assert set(syn.streams[0].places) == {"Thôn Đông", "Thôn Tây", "Xóm Bãi"}
    assert syn.streams[0].unit_count == 3
    assert syn.blind_spots == ()


def test_text_is_nfc(items: list[OpinionItem]) -> None:
    syn = synthesize(items, unit="08", period="2026-10", today=TODAY)
    texts = [syn.report.title] + [p for s in syn.report.walk() for p in s.paragraphs]
    texts += [s.breadth_evidence for s in syn.streams]
    assert all(unicodedata.is_normalized("NFC", t) for t in texts)

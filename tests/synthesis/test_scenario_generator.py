"""The scenario generator: a real province, planted streams, reports and the truth."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata

import pytest

from dlxh.model.enums import Origin
from dlxh.testing.scenario import StreamSpec, load_stream_specs, pairwise_scores, scenario
from dlxh.text.deadlines import due_date
from dlxh.units import catalog


@pytest.fixture(scope="module")
def small():  # type: ignore[no-untyped-def]
    return scenario(1500, seed=5)


def test_same_seed_same_scenario_other_seed_other() -> None:
    a, b, c = scenario(300, seed=2), scenario(300, seed=2), scenario(300, seed=3)
    assert [i.text for i in a.items] == [i.text for i in b.items]
    assert a.items == b.items and a.truth == b.truth and a.reports == b.reports
    assert [i.text for i in a.items] != [i.text for i in c.items]


def test_a_real_province_with_all_its_communes(small) -> None:  # type: ignore[no-untyped-def]
    cat = catalog(as_of=small.periods[-1].end)
    assert small.province.code == "08"
    assert {u.code for u in small.communes} == {u.code for u in cat.children("08")}
    codes = {u.code for u in small.communes}
    assert all(item.unit in codes for item in small.items)
    assert [str(p) for p in small.periods] == ["2026-08", "2026-09", "2026-10"]
    assert all(
        p.start <= i.date <= p.end
        for i in small.items
        for p in small.periods
        if i.date and p.start <= i.date <= p.end
    )


def test_streams_are_planted_in_their_share_of_communes(small) -> None:  # type: ignore[no-untyped-def]
    n = len(small.communes)
    assert len(small.items) == len(small.truth) == 1500
    assert sum(sum(p.monthly_counts) for p in small.streams) == 1500
    for planted in small.streams:
        assert len(planted.units) == max(1, round(planted.share * n))
        members = small.items_of(planted.id)
        assert {small.items[i].unit for i in members} <= set(planted.units)
        assert set(planted.reporting_units) == {small.items[i].unit for i in members}


def test_opposing_streams_rumours_and_variants_are_there(small) -> None:  # type: ignore[no-untyped-def]
    specs = load_stream_specs()
    by_issue: dict[str, set[str]] = {}
    for spec in specs:
        by_issue.setdefault(spec.issue, set()).add(str(spec.orientation))
    assert any({"approve", "oppose"} <= sides for sides in by_issue.values())
    rumours = {s.id for s in specs if s.rumour}
    assert rumours
    for item, truth in zip(small.items, small.truth, strict=True):
        assert (item.origin is Origin.RUMOUR) == (truth in rumours)
    texts = [i.text for i in small.items]
    assert any(t.isascii() for t in texts)  # typed without diacritics
    assert any("xã " in t or "thôn " in t for t in texts)  # place mentions
    templates = {unicodedata.normalize("NFC", t) for s in specs for t in s.templates}
    assert sum(t in templates for t in texts) > 0  # plain copies too
    assert any(i.groups for i in small.items)
    assert any(i.labels for i in small.items) and any(not i.labels for i in small.items)


def test_held_out_streams_are_other_matters() -> None:
    tuned = {s.id for s in load_stream_specs(False)}
    held = {s.id for s in load_stream_specs(True)}
    assert tuned.isdisjoint(held)
    tuned_templates = {t for s in load_stream_specs(False) for t in s.templates}
    assert tuned_templates.isdisjoint(t for s in load_stream_specs(True) for t in s.templates)
    h = scenario(300, seed=1, held_out=True)
    assert set(h.truth) <= held


def _assert_fresh(fresh: tuple[StreamSpec, ...], others: tuple[StreamSpec, ...]) -> None:
    """What every fresh set holds: no id, issue or wording of the other sets, NFC wordings,
    opposing streams on at least three issues, and a scenario the generator builds."""
    assert {s.id for s in fresh}.isdisjoint(s.id for s in others)
    assert {s.issue for s in fresh}.isdisjoint(s.issue for s in others)
    templates = {t for s in others for t in s.templates}
    assert not {t for s in fresh for t in s.templates} & templates
    assert all(t == unicodedata.normalize("NFC", t) for s in fresh for t in s.templates)
    sides: dict[str, set[str]] = {}
    for spec in fresh:
        sides.setdefault(spec.issue, set()).add(str(spec.orientation))
    assert sum(len(v) > 1 for v in sides.values()) >= 3  # opposing streams on one issue
    c = scenario(300, seed=1, specs=fresh)  # moods and groups the generator accepts
    assert set(c.truth) <= {s.id for s in fresh}


def test_the_check_set_is_a_fourth_set_of_other_matters() -> None:
    check = load_stream_specs(check=True)
    others = (
        *load_stream_specs(),
        *load_stream_specs(held_out=True),
        *load_stream_specs(validation=True),
    )
    assert len(check) >= 18
    assert any(s.rumour for s in check)
    _assert_fresh(check, others)
    with pytest.raises(ValueError, match="not both"):
        load_stream_specs(validation=True, check=True)


def test_the_second_check_set_is_a_fifth_set_of_other_matters() -> None:
    check2 = load_stream_specs(check2=True)
    others = (
        *load_stream_specs(),
        *load_stream_specs(held_out=True),
        *load_stream_specs(validation=True),
        *load_stream_specs(check=True),
    )
    assert 20 <= len(check2) <= 24
    assert all(5 <= len(s.templates) <= 7 for s in check2)
    assert sum(s.rumour for s in check2) >= 2
    assert len({s.topic for s in check2}) >= 8
    assert any(len(s.groups) == 1 and s.groups != ("general-public",) for s in check2)
    # Every stream says its matter at least twice in words that share none.
    for spec in check2:
        words = [set(re.findall(r"\w+", t.lower())) for t in spec.templates]
        assert any(not a & b for a, b in itertools.combinations(words, 2)), spec.id
    _assert_fresh(check2, others)
    with pytest.raises(ValueError, match="not both"):
        load_stream_specs(check=True, check2=True)


def test_the_third_check_set_is_a_sixth_set_of_other_matters() -> None:
    check3 = load_stream_specs(check3=True)
    others = (
        *load_stream_specs(),
        *load_stream_specs(held_out=True),
        *load_stream_specs(validation=True),
        *load_stream_specs(check=True),
        *load_stream_specs(check2=True),
    )
    assert 20 <= len(check3) <= 24
    assert all(5 <= len(s.templates) <= 7 for s in check3)
    assert sum(s.rumour for s in check3) >= 2
    assert any(len(s.groups) == 1 and s.groups != ("general-public",) for s in check3)
    # Most streams say their matter at least twice in words that share none.
    unshared = 0
    for spec in check3:
        words = [set(re.findall(r"\w+", t.lower())) for t in spec.templates]
        unshared += any(not a & b for a, b in itertools.combinations(words, 2))
    assert unshared >= len(check3) * 2 // 3
    _assert_fresh(check3, others)
    with pytest.raises(ValueError, match="not both"):
        load_stream_specs(check2=True, check3=True)


def test_reports_missing_and_late_are_exact(small) -> None:  # type: ignore[no-untyped-def]
    orgs = {o.id: o for o in small.organisations}
    assert len(small.reporting_lines) == len(small.communes)
    assert all(line.receiver_id == small.province_organisation for line in small.reporting_lines)
    expected = {(line.sender_id, str(p)) for line in small.reporting_lines for p in small.periods}
    received = {(r.organisation_id, str(r.period)) for r in small.reports}
    assert received | set(small.missing) == expected
    assert received.isdisjoint(small.missing)
    late = {(o, p): d for o, p, d in small.late}
    assert late and small.missing
    for report in small.reports:
        assert report.period is not None and report.submitted_at is not None
        assert orgs[report.organisation_id or ""].unit == report.unit
        due = due_date(small.schedule, report.period)
        days = (report.submitted_at.date() - due).days
        key = (report.organisation_id, str(report.period))
        if key in late:
            assert days == late[key] > 0
        else:
            assert days <= 0
    # Items come with their commune's report, never from a missing one.
    report_ids = {r.id for r in small.reports}
    assert all(i.report_id in report_ids for i in small.items)


def test_growth_is_planted_across_months() -> None:
    s = scenario(6000, seed=8)
    rising = [
        p
        for p in s.streams
        if p.volume_shares[2] > 1.5 * p.volume_shares[0] and p.monthly_counts[0] >= 30
    ]
    assert rising
    volume = [sum(p.monthly_counts[m] for p in s.streams) for m in range(3)]
    assert volume[1] > volume[0] > volume[2]  # reporting volume differs by month
    for planted in s.streams:
        assert sum(planted.volume_shares) > 0
    for planted in rising:
        first = planted.monthly_counts[0] / volume[0]
        last = planted.monthly_counts[2] / volume[2]
        assert last > first


def test_pairwise_scores_on_a_toy_case() -> None:
    truth = ["a", "a", "a", "b", "b"]
    assert pairwise_scores(truth, [[0, 1, 2], [3, 4]]) == (1.0, 1.0, 1.0)
    p, r, f = pairwise_scores(truth, [[0, 1], [2], [3, 4]])
    assert p == 1.0 and r == pytest.approx(2 / 4) and f == pytest.approx(2 / 3)
    p, r, _ = pairwise_scores(truth, [[0, 1, 2, 3, 4]])
    assert p == pytest.approx(4 / 10) and r == 1.0


def test_dates_lie_in_their_month() -> None:
    s = scenario(200, seed=6)
    for item in s.items:
        assert item.date is not None
        assert dt.date(2026, 8, 1) <= item.date <= dt.date(2026, 10, 31)

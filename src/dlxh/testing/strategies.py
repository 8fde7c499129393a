"""Hypothesis strategies for the model (needs the ``hypothesis`` package: ``dlxh[test]``).

Every entity of the exchange format has a strategy here, so that round-trip and invariant
properties can be tested for all of them, by dlxh and by plugin authors.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

try:
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - the message is the point
    from dlxh.errors import ExtraMissingError

    raise ExtraMissingError("test", "hypothesis") from exc

from dlxh.errors import Problem, Severity
from dlxh.model import enums
from dlxh.model.network import Attendance, Collaborator, Network, TrainingEvent, TrainingTopic
from dlxh.model.opinions import Evidence, Issue, Label, OpinionItem, OpinionStream, Recommendation
from dlxh.model.orgs import Organisation, OrgLevel, ReportingLine
from dlxh.model.periods import BoundaryPolicy, DayCount, DeadlineBasis, Period, PeriodKind, Schedule
from dlxh.model.reports import Report, Section
from dlxh.model.sources import SourceRef
from dlxh.model.taxonomy import Category, Taxonomy
from dlxh.model.units import (
    AdminUnit,
    ChangeAction,
    ResidentialArea,
    ResidentialAreaKind,
    UnitChange,
    UnitKind,
)

__all__ = [
    "STRATEGIES",
    "admin_units",
    "collaborators",
    "ids",
    "labels",
    "opinion_items",
    "periods",
    "problems",
    "recommendations",
    "reports",
    "taxonomies",
    "vietnamese_text",
]

_VIETNAMESE_LETTERS = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
)
_ALPHABET = _VIETNAMESE_LETTERS + _VIETNAMESE_LETTERS.upper() + "0123456789 ,.;:!?()-/\"'%"


def _clean(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def vietnamese_text(min_size: int = 1, max_size: int = 60) -> st.SearchStrategy[str]:
    """Non-empty NFC text over the Vietnamese alphabet, digits and punctuation."""
    return (
        st.text(alphabet=_ALPHABET, min_size=min_size, max_size=max_size).map(_clean).filter(bool)
    )


ids = st.from_regex(r"[a-z]{1,4}-[0-9a-f]{4,12}", fullmatch=True)
"""Ids of the shape dlxh derives (``item-3f2a...``)."""

codes = st.from_regex(r"[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,6}){0,2}", fullmatch=True)
unit_codes = st.from_regex(r"[0-9]{2}|[0-9]{3}|[0-9]{5}", fullmatch=True)
dates = st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2035, 12, 31))
datetimes = st.datetimes(
    min_value=dt.datetime(2015, 1, 1), max_value=dt.datetime(2035, 12, 31), timezones=st.none()
)
confidences = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)


def _opt(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


def _tuple(strategy: st.SearchStrategy[Any], max_size: int = 3) -> st.SearchStrategy[Any]:
    return st.lists(strategy, max_size=max_size).map(tuple)


policies = st.sampled_from(BoundaryPolicy)


@st.composite
def periods(draw: st.DrawFn) -> Period:
    """Periods of every computed kind, under both boundary policies, and ad hoc ones."""
    year = draw(st.integers(2016, 2034))
    policy = draw(policies)
    choice = draw(st.sampled_from(["month", "quarter", "half", "year", "week", "ad_hoc"]))
    if choice == "month":
        return Period.month(year, draw(st.integers(1, 12)), policy=policy)
    if choice == "quarter":
        return Period.quarter(year, draw(st.integers(1, 4)), policy=policy)
    if choice == "half":
        return Period.half(year, draw(st.integers(1, 2)), policy=policy)
    if choice == "year":
        return Period.year_of(year, policy=policy)
    if choice == "week":
        return Period.week(year, draw(st.integers(1, 52)), policy=policy)
    start = draw(dates)
    end = start + dt.timedelta(days=draw(st.integers(0, 120)))
    return Period.ad_hoc(start, end, name=draw(vietnamese_text(max_size=20)))


schedules = st.builds(
    Schedule,
    kind=st.sampled_from([k for k in PeriodKind if k is not PeriodKind.AD_HOC]),
    days=st.integers(1, 28),
    day_count=st.sampled_from(DayCount),
    basis=st.sampled_from([DeadlineBasis.AFTER_END, DeadlineBasis.BEFORE_START]),
    roll=st.booleans(),
    name=vietnamese_text(max_size=30) | st.just(""),
)

source_refs = st.builds(
    SourceRef,
    file=vietnamese_text(max_size=20),
    sha256=st.from_regex(r"[0-9a-f]{64}", fullmatch=True),
    location=st.from_regex(r"Sheet[0-9]![A-H][1-9][0-9]{0,2}", fullmatch=True),
    importer=st.sampled_from(["xlsx", "csv", "json"]),
)

evidences = st.builds(
    Evidence, cue=vietnamese_text(max_size=12), start=st.integers(0, 50), end=st.integers(0, 80)
)

labels = st.builds(
    Label,
    dimension=st.sampled_from(["topic", "orientation", "mood", "scope", "group", "origin"]),
    value=codes,
    confidence=confidences,
    classifier=st.sampled_from(["lexicon", "trainable", "human"]),
    classifier_version=st.sampled_from(["", "1", "2026.11"]),
    assigned_at=_opt(datetimes),
    review=st.sampled_from(enums.ReviewState),
    reviewed_by=_opt(codes),
    reviewed_at=_opt(datetimes),
    evidence=_tuple(evidences),
)

opinion_items = st.builds(
    OpinionItem,
    id=ids,
    text=vietnamese_text(),
    date=_opt(dates),
    unit=_opt(unit_codes),
    area_id=_opt(ids),
    place_text=_opt(vietnamese_text(max_size=30)),
    reporter_id=_opt(ids),
    organisation_id=_opt(ids),
    report_id=_opt(ids),
    channel=_opt(st.sampled_from(enums.Channel)),
    method=_opt(st.sampled_from(enums.Method)),
    origin=_opt(st.sampled_from(enums.Origin)),
    breadth=_opt(st.sampled_from(enums.Breadth)),
    groups=_tuple(vietnamese_text(max_size=15)),
    reasons=_tuple(vietnamese_text(max_size=30)),
    labels=_tuple(labels),
    source=_opt(source_refs),
    extra=_tuple(st.tuples(vietnamese_text(max_size=10), st.text(max_size=10))),
)

issues = st.builds(
    Issue,
    id=ids,
    title=vietnamese_text(),
    topic=_opt(codes),
    scope=_opt(st.sampled_from(enums.Scope)),
    description=st.just("") | vietnamese_text(),
)

opinion_streams = st.builds(
    OpinionStream,
    id=ids,
    statement=vietnamese_text(),
    statement_composed=st.booleans(),
    item_ids=_tuple(ids, 6),
    issue_id=_opt(ids),
    topic=_opt(codes),
    orientations=st.dictionaries(st.sampled_from(enums.Orientation), st.integers(1, 50)),
    moods=st.dictionaries(st.sampled_from(enums.Mood), st.integers(1, 50)),
    groups=_tuple(vietnamese_text(max_size=15)),
    places=_tuple(vietnamese_text(max_size=15)),
    units=_tuple(unit_codes),
    reasons=_tuple(vietnamese_text(max_size=30)),
    unit_count=st.integers(0, 100),
    first_seen=_opt(dates),
    last_seen=_opt(dates),
    breadth=_opt(st.sampled_from(enums.Breadth)),
    breadth_evidence=st.just(""),
)

recommendations = st.builds(
    Recommendation,
    id=ids,
    text=vietnamese_text(),
    topic=_opt(codes),
    competent_level=_opt(st.sampled_from(enums.CompetentLevel)),
    body=_opt(vietnamese_text(max_size=30)),
    status=st.sampled_from(enums.RecommendationStatus),
    unit=_opt(unit_codes),
    date=_opt(dates),
    report_id=_opt(ids),
    item_ids=_tuple(ids),
    answer=_opt(vietnamese_text()),
    source=_opt(source_refs),
)

sections: st.SearchStrategy[Section] = st.deferred(
    lambda: st.builds(
        Section,
        title=vietnamese_text(max_size=30),
        number=st.sampled_from(["", "I.", "1.", "a)"]),
        paragraphs=_tuple(vietnamese_text()),
        item_ids=_tuple(ids),
        stream_ids=_tuple(ids),
        subsections=_tuple(sections, 2),
    )
)

reports = st.builds(
    Report,
    id=ids,
    kind=st.sampled_from(enums.ReportKind),
    title=vietnamese_text(),
    period=_opt(periods()),
    unit=_opt(unit_codes),
    organisation_id=_opt(ids),
    issuer=_opt(vietnamese_text(max_size=30)),
    issuer_parent=_opt(vietnamese_text(max_size=30)),
    number=_opt(st.from_regex(r"[0-9]{1,3}/BC-[A-Z]{2,6}", fullmatch=True)),
    place=_opt(vietnamese_text(max_size=15)),
    issued_on=_opt(dates),
    submitted_at=_opt(datetimes),
    summary=_opt(vietnamese_text()),
    sections=_tuple(sections, 2),
    item_ids=_tuple(ids),
    recommendation_ids=_tuple(ids),
    recipients=_tuple(vietnamese_text(max_size=20)),
    signer_title=_opt(vietnamese_text(max_size=20)),
    signer_name=_opt(vietnamese_text(max_size=20)),
    revision=st.integers(1, 5),
    supersedes=_opt(ids),
    source=_opt(source_refs),
)

organisations = st.builds(
    Organisation,
    id=ids,
    kind=st.sampled_from(enums.OrganisationKind),
    name=vietnamese_text(max_size=40),
    level=st.sampled_from(OrgLevel),
    unit=_opt(unit_codes),
    area_id=_opt(ids),
    parent_id=_opt(ids),
)

reporting_lines = st.builds(
    ReportingLine,
    id=ids,
    sender_id=ids,
    receiver_id=ids,
    report_kind=st.sampled_from(enums.ReportKind),
    period_kind=st.sampled_from(PeriodKind),
    schedule=_opt(schedules),
)

collaborators = st.builds(
    Collaborator,
    id=ids,
    name=vietnamese_text(max_size=30),
    role=st.sampled_from(enums.CollaboratorRole),
    organisation_id=_opt(ids),
    unit=_opt(unit_codes),
    area_id=_opt(ids),
    groups=_tuple(codes),
    sex=st.sampled_from(enums.Sex),
    age_band=st.sampled_from(enums.AgeBand),
    birth_year=_opt(st.integers(1940, 2008)),
    ethnicity=_opt(vietnamese_text(max_size=10)),
    religion=_opt(vietnamese_text(max_size=10)),
    party_member=_opt(st.booleans()),
    occupation=_opt(vietnamese_text(max_size=15)),
    phone=_opt(st.from_regex(r"0[0-9]{9}", fullmatch=True)),
    id_number=_opt(st.from_regex(r"[0-9]{12}", fullmatch=True)),
    email=_opt(st.emails()),
    appointment_decision=_opt(st.from_regex(r"[0-9]{1,3}/QĐ-MTTQ", fullmatch=True)),
    appointed_on=_opt(dates),
    contract_start=_opt(dates),
    contract_end=_opt(dates),
    allowance_coefficient=_opt(st.sampled_from([0.2, 0.3, 0.5])),
    status=st.sampled_from(enums.CollaboratorStatus),
    source=_opt(source_refs),
)

networks = st.builds(
    Network,
    id=ids,
    name=vietnamese_text(max_size=30),
    organisation_id=_opt(ids),
    collaborator_ids=_tuple(ids, 5),
)

attendances = st.builds(Attendance, person_id=ids, attended=st.booleans(), role=st.just(""))

training_events = st.builds(
    TrainingEvent,
    id=ids,
    title=vietnamese_text(),
    held_on=dates,
    organiser_id=ids,
    level=st.sampled_from(OrgLevel),
    unit=_opt(unit_codes),
    topics=_tuple(st.sampled_from(TrainingTopic)),
    participants=_tuple(attendances, 4),
    follows_id=_opt(ids),
)


@st.composite
def admin_units(draw: st.DrawFn) -> AdminUnit:
    """Administrative units with consistent level, kind and validity dates."""
    kind = draw(st.sampled_from(UnitKind))
    start = draw(_opt(dates))
    end = (
        None
        if start is None
        else draw(_opt(st.dates(min_value=start, max_value=dt.date(2040, 1, 1))))
    )
    return AdminUnit(
        code=draw(unit_codes),
        name=f"{kind.label} {draw(vietnamese_text(max_size=15))}",
        kind=kind,
        level=kind.level,
        parent_code=draw(_opt(unit_codes)),
        valid_from=start,
        valid_to=end,
    )


residential_areas = st.builds(
    ResidentialArea,
    id=ids,
    name=vietnamese_text(max_size=20),
    kind=st.sampled_from(ResidentialAreaKind),
    unit_code=unit_codes,
)

unit_changes = st.builds(
    UnitChange,
    effective=dates,
    code=unit_codes,
    action=st.sampled_from(ChangeAction),
    legal_basis=vietnamese_text(max_size=40),
    name=_opt(vietnamese_text(max_size=20)),
    kind=_opt(st.sampled_from(UnitKind)),
    parent_code=_opt(unit_codes),
    predecessors=_tuple(unit_codes),
    successors=_tuple(unit_codes),
    note=st.just(""),
    verified=st.booleans(),
)

categories = st.builds(
    Category,
    code=codes,
    label=vietnamese_text(max_size=30),
    description=st.just("") | vietnamese_text(),
    parent=st.none(),
    aliases=_tuple(vietnamese_text(max_size=15)),
)


@st.composite
def taxonomies(draw: st.DrawFn) -> Taxonomy:
    """Taxonomies with distinct category codes."""
    cats = draw(st.lists(categories, max_size=5, unique_by=lambda c: c.code))
    return Taxonomy(
        name=draw(codes),
        version=draw(st.sampled_from(["1", "2026.1"])),
        dimension=draw(st.sampled_from(["topic", "group"])),
        label=draw(vietnamese_text(max_size=30)),
        categories=tuple(cats),
    )


problems = st.builds(
    Problem,
    code=codes,
    severity=st.sampled_from(Severity),
    message=vietnamese_text(),
    location=st.just("") | st.from_regex(r"Sheet1![A-Z][0-9]{1,3}", fullmatch=True),
)

STRATEGIES: dict[str, st.SearchStrategy[Any]] = {
    "opinion_item": opinion_items,
    "label": labels,
    "evidence": evidences,
    "issue": issues,
    "opinion_stream": opinion_streams,
    "recommendation": recommendations,
    "report": reports,
    "section": sections,
    "period": periods(),
    "schedule": schedules,
    "organisation": organisations,
    "reporting_line": reporting_lines,
    "collaborator": collaborators,
    "network": networks,
    "training_event": training_events,
    "attendance": attendances,
    "admin_unit": admin_units(),
    "unit_change": unit_changes,
    "residential_area": residential_areas,
    "category": categories,
    "taxonomy": taxonomies(),
    "source_ref": source_refs,
    "problem": problems,
}
"""A strategy for every entity type of the exchange format, by its ``type`` name."""

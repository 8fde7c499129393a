"""A synthetic province over three months, with planted opinion streams and their truth.

:func:`scenario` builds, from a seed, everything a synthesis needs and the answers it should
find:

* a real province of the 2025 two-level tree with **all** its communes (from
  :func:`dlxh.units.catalog`), three calendar months, a Front committee per commune reporting
  monthly to the province committee (:class:`~dlxh.model.orgs.ReportingLine`, due on day 5 of
  the next month) and the monthly :class:`~dlxh.model.reports.Report` of each commune, with
  planted **missing** and **late** reports;
* opinion items from **planted streams**: each stream is one matter with one orientation,
  written by many paraphrase templates (same meaning, different wording), placed in a chosen
  share of the communes, growing or fading across the months, with place mentions, subject
  groups, moods, texts without diacritics, lower-cased texts and typos; some streams oppose
  each other on one issue, some are rumours (``Origin.RUMOUR``);
* the truth: the stream of each item, each stream's planted share of communes and units,
  monthly counts and growth, the missing and late reports.

``held_out=True`` uses a second set of streams (other matters, other wording) that grouping
is not tuned on, so that a score on it is honest; ``specs=load_stream_specs(validation=True)``
a third set, the one changes to grouping are checked on besides the tuned set, and
``specs=load_stream_specs(check=True)`` a fourth, fresh one for reading the defaults, and
``specs=load_stream_specs(check2=True)`` a fifth, written later by a hand that had not read
the grouping's thesaurus, and ``specs=load_stream_specs(check3=True)`` a sixth, written the
same way once the fifth had been measured on. Sizes run from a few hundred items to a
million (about 10 µs an item).

>>> from dlxh.testing.scenario import scenario, pairwise_scores
>>> s = scenario(500, seed=1)
>>> len(s.items), len(s.truth)
(500, 500)
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import random
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from dlxh.errors import FormatError
from dlxh.model.enums import Channel, Method, Mood, Orientation, Origin, ReportKind
from dlxh.model.ids import content_id
from dlxh.model.opinions import Label, OpinionItem
from dlxh.model.orgs import Organisation, OrgLevel, ReportingLine
from dlxh.model.periods import DeadlineBasis, Period, PeriodKind, Schedule
from dlxh.model.reports import Report
from dlxh.model.units import AdminUnit

__all__ = [
    "PlantedStream",
    "Scenario",
    "StreamSpec",
    "load_stream_specs",
    "pairwise_scores",
    "read_stream_specs",
    "scenario",
]

SCENARIO_CLASSIFIER = "scenario"
"""The ``classifier`` of the labels the generator puts on items (their planted truth)."""

_SHARES = (0.95, 0.8, 0.65, 0.5, 0.4, 0.3, 0.2, 0.12, 0.06, 0.03)
# Most streams are stable, so that a rising one also rises as a share of each month's items.
_GROWTH = (
    (1.0, 1.0, 1.0),
    (1.0, 1.0, 1.0),
    (1.0, 1.0, 1.0),
    (1.0, 1.7, 3.0),
    (2.5, 1.4, 0.6),
    (0.0, 0.0, 1.0),
    (1.0, 1.0, 1.0),
    (1.0, 0.9, 1.1),
)
_MONTH_VOLUME = (1.0, 1.35, 0.8)  # reporting volume differs by month: trends must normalise

_AREA_NAMES = (
    "Tân Lập",
    "Đồng Tâm",
    "Nà Hang",
    "Khuôn Phầy",
    "Bản Ruộc",
    "Thác Bà",
    "Làng Chùa",
    "Tiền Phong",
    "Hòa Bình",
    "Thống Nhất",
    "Quyết Tiến",
    "Nà Khà",
    "Pác Ngòi",
    "Cốc Phát",
    "Phú Lâm",
    "Minh Khai",
    "Bình Minh",
    "Tân Thành",
    "Đông Sơn",
    "Lũng Cú",
)
_AREA_KINDS = ("thôn", "bản", "tổ dân phố", "xóm")
_INTROS = (
    "Nhiều người dân phản ánh: ",
    "Cử tri cho rằng ",
    "Bà con cho biết ",
    "Có ý kiến cho rằng ",
    "Qua nắm bắt, ",
    "Theo phản ánh của nhân dân, ",
    "Dư luận cho rằng ",
)
_ENDINGS_NEGATIVE = (
    ", đề nghị các cấp quan tâm giải quyết.",
    ". Mong chính quyền sớm có biện pháp.",
    ", kiến nghị cơ quan chức năng xem xét.",
    ".",
)
_ENDINGS_POSITIVE = (", mong tiếp tục phát huy.", ".", ", đề nghị nhân rộng.")
_NEIGHBOURS = {
    "a": "sq",
    "b": "vn",
    "c": "xv",
    "d": "sf",
    "e": "wr",
    "g": "fh",
    "h": "gj",
    "i": "uo",
    "k": "jl",
    "l": "k",
    "m": "n",
    "n": "bm",
    "o": "ip",
    "p": "o",
    "q": "w",
    "r": "et",
    "s": "ad",
    "t": "ry",
    "u": "yi",
    "v": "cb",
    "x": "zc",
    "y": "tu",
}


def _strings(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)


@attrs.frozen
class StreamSpec:
    """One planted matter: an orientation on an issue and its paraphrase templates."""

    id: str
    issue: str
    topic: str
    orientation: Orientation = attrs.field(converter=Orientation)
    templates: tuple[str, ...] = attrs.field(converter=_strings)
    moods: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    groups: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    rumour: bool = False


@attrs.frozen
class PlantedStream:
    """A stream as planted in one scenario: its spec, where and how much."""

    spec: StreamSpec
    share: float
    """Planted share of the province's communes that hold the stream."""
    units: tuple[str, ...]
    """Codes of the communes the stream is placed in (sorted)."""
    growth: tuple[float, float, float]
    """Relative intensity per month (share of the month's volume, before normalising)."""
    monthly_counts: tuple[int, int, int] = (0, 0, 0)
    """Items generated per month."""
    volume_shares: tuple[float, float, float] = (0.0, 0.0, 0.0)
    """Planted share of each month's items (the growth a trend should see once it
    normalises by reporting volume)."""
    reporting_units: tuple[str, ...] = ()
    """Communes that actually reported the stream (a subset of ``units``)."""

    @property
    def id(self) -> str:
        """The stream id (the spec's)."""
        return self.spec.id


@attrs.frozen(eq=False)
class Scenario:
    """A generated province-quarter with its truth (see :func:`scenario`)."""

    seed: int
    held_out: bool
    province: AdminUnit
    communes: tuple[AdminUnit, ...]
    periods: tuple[Period, ...]
    items: tuple[OpinionItem, ...] = attrs.field(repr=False)
    truth: tuple[str, ...] = attrs.field(repr=False)
    """The planted stream id of each item (same order as ``items``)."""
    streams: tuple[PlantedStream, ...]
    organisations: tuple[Organisation, ...] = attrs.field(repr=False)
    reporting_lines: tuple[ReportingLine, ...] = attrs.field(repr=False)
    reports: tuple[Report, ...] = attrs.field(repr=False)
    schedule: Schedule
    province_organisation: str
    missing: tuple[tuple[str, str], ...]
    """Planted missing reports: ``(organisation_id, period code)``."""
    late: tuple[tuple[str, str, int], ...]
    """Planted late reports: ``(organisation_id, period code, days late)``."""

    def stream(self, stream_id: str) -> PlantedStream:
        """The planted stream ``stream_id``."""
        for planted in self.streams:
            if planted.id == stream_id:
                return planted
        raise KeyError(stream_id)

    def items_of(self, stream_id: str) -> list[int]:
        """Indices of the items planted for ``stream_id``."""
        return [i for i, s in enumerate(self.truth) if s == stream_id]


@functools.cache
def load_stream_specs(
    held_out: bool = False,
    *,
    validation: bool = False,
    check: bool = False,
    check2: bool = False,
    check3: bool = False,
) -> tuple[StreamSpec, ...]:
    """The stream specs shipped in ``dlxh/testing/data``: the tuned set, the held-out set
    (``held_out=True``, never tuned on: its score is the honest one), the validation set
    (``validation=True``: other matters and wordings, on which a change to grouping is
    checked before the held-out score is read), the check set (``check=True``: matters
    and wordings in none of the other three, written after the grouping steps were chosen,
    for a fresh reading of the defaults; read it rarely, so that it stays fresh), or the
    second check set (``check2=True``: matters and wordings in none of the other four,
    written by a hand that had not read the grouping's thesaurus, a second independent
    reading of how grouping generalises; read it as rarely), or the third (``check3=True``:
    written the same way on 2026-11-27, after the second had become a set that changes were
    measured on; read once, with the defaults it was written to check)."""
    import json
    from importlib import resources

    if held_out + validation + check + check2 + check3 > 1:
        raise ValueError(
            "choose one of the held-out, validation, check, check2 and check3 sets, not both"
        )
    name = (
        "scenario-streams-heldout.json"
        if held_out
        else "scenario-streams-validation.json"
        if validation
        else "scenario-streams-check.json"
        if check
        else "scenario-streams-check2.json"
        if check2
        else "scenario-streams-check3.json"
        if check3
        else "scenario-streams.json"
    )
    raw = resources.files("dlxh.testing").joinpath("data", name).read_text(encoding="utf-8")
    return read_stream_specs(json.loads(raw))


def read_stream_specs(source: str | Path | Mapping[str, Any]) -> tuple[StreamSpec, ...]:
    """Stream specs from a JSON file of the shipped sets' shape (or that document, parsed),
    so that a set of your own, such as a held-out set written by someone else, is planted
    and scored like the shipped ones::

        {"streams": [{"id": "gia-dien-tang", "issue": "gia-dien", "topic": "economy",
                      "orientation": "oppose", "templates": ["Giá điện tăng...", ...],
                      "moods": [...], "groups": [...], "rumour": false}, ...]}

    ``id``, ``issue``, ``topic``, ``orientation`` and ``templates`` are required. A missing
    field, an unknown orientation or a stream without templates is a
    :class:`~dlxh.errors.FormatError` naming the stream and the field."""
    import json

    if not isinstance(source, (str, Path)):
        data: Any = source
        where = "stream specs"
    else:
        where = str(source)
        try:
            data = json.loads(Path(source).read_text(encoding="utf-8"))
        except OSError as exc:
            raise FormatError(f"{where}: cannot read the file ({exc.strerror})") from exc
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise FormatError(f"{where}: not a JSON document in UTF-8 ({exc})") from exc
    streams = data.get("streams") if isinstance(data, Mapping) else None
    if not isinstance(streams, list) or not streams:
        raise FormatError(f"{where}: expected an object with a non-empty list 'streams'")
    specs: list[StreamSpec] = []
    for n, raw in enumerate(streams, start=1):
        name = raw.get("id", f"number {n}") if isinstance(raw, Mapping) else f"number {n}"
        if not isinstance(raw, Mapping):
            raise FormatError(f"{where}: stream {name} is not an object")
        missing = [f for f in ("id", "issue", "topic", "orientation", "templates") if f not in raw]
        if missing:
            raise FormatError(f"{where}: stream {name} lacks {', '.join(missing)}")
        templates = raw["templates"]
        if isinstance(templates, str) or not templates:
            raise FormatError(f"{where}: stream {name}: 'templates' must be a non-empty list")
        try:
            specs.append(
                StreamSpec(
                    id=str(raw["id"]),
                    issue=str(raw["issue"]),
                    topic=str(raw["topic"]),
                    orientation=raw["orientation"],
                    templates=tuple(unicodedata.normalize("NFC", t) for t in templates),
                    moods=raw.get("moods", ()),
                    groups=raw.get("groups", ()),
                    rumour=bool(raw.get("rumour", False)),
                )
            )
        except (TypeError, ValueError) as exc:
            raise FormatError(f"{where}: stream {name}: {exc}") from exc
    ids = [spec.id for spec in specs]
    if len(set(ids)) != len(ids):
        twice = sorted({i for i in ids if ids.count(i) > 1})
        raise FormatError(f"{where}: stream ids used twice: {', '.join(twice)}")
    return tuple(specs)


def _strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 3:
        return word
    k = rng.randrange(len(word))
    op = rng.randrange(4)
    if op == 0:  # a letter dropped
        return word[:k] + word[k + 1 :]
    if op == 1 and k < len(word) - 1:  # two letters swapped
        return word[:k] + word[k + 1] + word[k] + word[k + 2 :]
    if op == 2:  # a letter doubled
        return word[:k] + word[k] + word[k:]
    near = _NEIGHBOURS.get(word[k].lower())
    if near:
        return word[:k] + rng.choice(near) + word[k + 1 :]
    return word[:k] + word[k + 1 :]


def _with_typos(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    for _ in range(1 + (rng.random() < 0.3)):
        k = rng.randrange(len(words))
        words[k] = _typo(words[k], rng)
    return " ".join(words)


def _lower_first(text: str) -> str:
    if len(text) > 1 and text[1].isupper():  # an acronym (EVN, BHYT) keeps its case
        return text
    return text[:1].lower() + text[1:]


def _place_mention(commune: AdminUnit, rng: random.Random) -> str:
    if rng.random() < 0.6:
        return commune.name[:1].lower() + commune.name[1:]  # "xã Ngọc Đường"
    return f"{rng.choice(_AREA_KINDS)} {rng.choice(_AREA_NAMES)}"


def _compose(
    spec: StreamSpec, commune: AdminUnit, rng: random.Random, rates: dict[str, float]
) -> str:
    text = rng.choice(spec.templates)
    roll = rng.random()
    if roll < rates["intro"]:
        text = rng.choice(_INTROS) + _lower_first(text)
    if rng.random() < rates["place"]:
        place = _place_mention(commune, rng)
        where = rng.randrange(3)
        if where == 0:
            text = f"Tại {place}, {_lower_first(text)}"
        elif where == 1:
            text = f"{text} ({place})"
        else:
            text = f"{text} ở {place}"
    if rng.random() < rates["ending"]:
        positive = spec.orientation is Orientation.APPROVE
        text = text.rstrip(".") + rng.choice(_ENDINGS_POSITIVE if positive else _ENDINGS_NEGATIVE)
    if rng.random() < rates["typo"]:
        text = _with_typos(text, rng)
    if rng.random() < rates["no_diacritics"]:
        text = _strip_diacritics(text)
    if rng.random() < rates["lower"]:
        text = text.lower()
    return text


def _province(code: str, as_of: dt.date) -> tuple[AdminUnit, tuple[AdminUnit, ...]]:
    from dlxh.units import catalog

    cat = catalog(as_of=as_of)
    province = cat.get(code)
    communes = tuple(sorted(cat.children(province), key=lambda u: u.code))
    return province, communes


def scenario(
    size: int = 2000,
    *,
    seed: int = 0,
    held_out: bool = False,
    province: str = "08",
    year: int = 2026,
    first_month: int = 8,
    label_rate: float = 0.7,
    typo_rate: float = 0.1,
    no_diacritics_rate: float = 0.15,
    lower_rate: float = 0.05,
    place_rate: float = 0.5,
    intro_rate: float = 0.3,
    ending_rate: float = 0.25,
    missing_rate: float = 0.04,
    late_rate: float = 0.12,
    specs: Sequence[StreamSpec] | None = None,
) -> Scenario:
    """Generate a scenario of ``size`` items (see the module docstring); the same arguments
    give the same scenario.

    ``label_rate`` is the share of items that carry their planted orientation, topic and mood
    labels (the others must be read from their text); the ``*_rate`` arguments set how often
    a text gets an introduction, a place mention, a closing request, typos, loses its
    diacritics or its capitals, and how many commune reports are missing or late.
    """
    rng = random.Random(f"dlxh-scenario:{seed}:{held_out}")
    specs = tuple(specs) if specs is not None else load_stream_specs(held_out)
    periods = tuple(
        Period.month(year + (first_month - 1 + k) // 12, (first_month - 1 + k) % 12 + 1)
        for k in range(3)
    )
    prov, communes = _province(province, periods[-1].end)
    codes = [c.code for c in communes]

    # Organisations, reporting lines, reports with planted missing and late ones.
    schedule = Schedule(
        PeriodKind.MONTH,
        5,
        basis=DeadlineBasis.DAY_OF_NEXT_MONTH,
        name="Báo cáo tình hình tư tưởng, dư luận xã hội tháng",
    )
    from dlxh.model.enums import OrganisationKind
    from dlxh.text.deadlines import due_date

    top = Organisation(
        id=f"org-mttq-{prov.code}",
        kind=OrganisationKind.FRONT_COMMITTEE,
        name=f"Ủy ban MTTQ Việt Nam {prov.name[:1].lower()}{prov.name[1:]}",
        level=OrgLevel.PROVINCE,
        unit=prov.code,
    )
    orgs = [top]
    lines: list[ReportingLine] = []
    org_of: dict[str, str] = {}
    for commune in communes:
        org = Organisation(
            id=f"org-mttq-{commune.code}",
            kind=OrganisationKind.FRONT_COMMITTEE,
            name=f"Ủy ban MTTQ Việt Nam {commune.name[:1].lower()}{commune.name[1:]}",
            level=OrgLevel.COMMUNE,
            unit=commune.code,
            parent_id=top.id,
        )
        orgs.append(org)
        org_of[commune.code] = org.id
        lines.append(
            ReportingLine(
                id=content_id("line", org.id, top.id, "periodic", "month"),
                sender_id=org.id,
                receiver_id=top.id,
                report_kind=ReportKind.OPINION_SITUATION,
                period_kind=PeriodKind.MONTH,
                schedule=schedule,
            )
        )
    missing: set[tuple[str, int]] = set()
    late: dict[tuple[str, int], int] = {}
    for m in range(3):
        for code in codes:
            roll = rng.random()
            if roll < missing_rate:
                missing.add((code, m))
            elif roll < missing_rate + late_rate:
                late[(code, m)] = rng.randint(1, 12)

    # Streams: share of communes, placement, growth.
    planted: list[PlantedStream] = []
    shares = list(_SHARES)
    rng.shuffle(shares)
    base: list[float] = []
    for k, spec in enumerate(specs):
        share = shares[k % len(shares)]
        chosen = sorted(rng.sample(codes, max(1, round(share * len(codes)))))
        growth = _GROWTH[rng.randrange(len(_GROWTH))] if not spec.rumour else (1.0, 1.5, 2.0)
        planted.append(PlantedStream(spec, share, tuple(chosen), growth))
        base.append(share * rng.uniform(0.7, 1.3))

    # Items, month by month.
    total_volume = sum(_MONTH_VOLUME)
    per_month = [round(size * v / total_volume) for v in _MONTH_VOLUME]
    per_month[-1] = size - sum(per_month[:-1])
    commune_of = {c.code: c for c in communes}
    rates = {
        "intro": intro_rate,
        "place": place_rate,
        "ending": ending_rate,
        "typo": typo_rate,
        "no_diacritics": no_diacritics_rate,
        "lower": lower_rate,
    }
    label_cache: dict[tuple[str, str], Label] = {}

    def label(dimension: str, value: str) -> Label:
        found = label_cache.get((dimension, value))
        if found is None:
            found = Label(dimension=dimension, value=value, classifier=SCENARIO_CLASSIFIER)
            label_cache[(dimension, value)] = found
        return found

    labels_of = [
        (
            label("orientation", str(s.spec.orientation)),
            label("topic", s.spec.topic),
            *(label("mood", str(Mood(md))) for md in s.spec.moods),
        )
        for s in planted
    ]
    items: list[OpinionItem] = []
    truth: list[str] = []
    counts = [[0, 0, 0] for _ in planted]
    shares_of_volume = [[0.0, 0.0, 0.0] for _ in planted]
    reporting: list[set[str]] = [set() for _ in planted]
    report_items: dict[tuple[str, int], list[str]] = {}
    channels = (Channel.IN_PERSON, Channel.MEETING, Channel.PHONE, Channel.ZALO, Channel.APP)
    methods = (Method.OBSERVATION, Method.INTERVIEW, Method.GROUP_DISCUSSION)
    prefix = f"sc{seed}{'h' if held_out else ''}"
    index = 0
    for m, period in enumerate(periods):
        weights = [b * p.growth[m] for b, p in zip(base, planted, strict=True)]
        for k, w in enumerate(weights):
            shares_of_volume[k][m] = w / sum(weights)
        cumulative: list[float] = []
        running = 0.0
        for w in weights:
            running += w
            cumulative.append(running)
        days = (period.end - period.start).days + 1
        for _ in range(per_month[m]):
            k = bisect.bisect_right(cumulative, rng.random() * running)
            k = min(k, len(planted) - 1)
            stream = planted[k]
            code = rng.choice(stream.units)
            for _retry in range(4):  # a missing report carries no items
                if (code, m) not in missing:
                    break
                code = rng.choice(stream.units)
            spec = stream.spec
            text = _compose(spec, commune_of[code], rng, rates)
            labelled = rng.random() < label_rate
            groups = (
                tuple(rng.sample(spec.groups, rng.randint(1, len(spec.groups))))
                if spec.groups
                else ()  # a spec of one's own may name no people
            )
            item_id = f"{prefix}-{index:07d}"
            report_id = f"rp-{code}-{period.start:%Y-%m}"
            items.append(
                OpinionItem(
                    id=item_id,
                    text=text,
                    date=period.start + dt.timedelta(days=rng.randrange(days)),
                    unit=code,
                    organisation_id=org_of[code],
                    report_id=report_id,
                    channel=rng.choice(channels),
                    method=rng.choice(methods),
                    origin=Origin.RUMOUR
                    if spec.rumour
                    else (Origin.SOCIAL_MEDIA if rng.random() < 0.15 else Origin.FIRST_HAND),
                    groups=groups,
                    labels=labels_of[k] if labelled else (),
                )
            )
            truth.append(spec.id)
            counts[k][m] += 1
            reporting[k].add(code)
            report_items.setdefault((code, m), []).append(item_id)
            index += 1

    reports: list[Report] = []
    for m, period in enumerate(periods):
        due = due_date(schedule, period)
        for code in codes:
            if (code, m) in missing:
                continue
            delay = late.get((code, m))
            day = (
                due + dt.timedelta(days=delay)
                if delay
                else due - dt.timedelta(days=rng.randint(0, 4))
            )
            reports.append(
                Report(
                    id=f"rp-{code}-{period.start:%Y-%m}",
                    kind=ReportKind.OPINION_SITUATION,
                    title=f"Báo cáo tình hình tư tưởng, dư luận xã hội tháng "
                    f"{period.start.month}/{period.start.year}",
                    period=period,
                    unit=code,
                    organisation_id=org_of[code],
                    issuer=next(o.name for o in orgs if o.id == org_of[code]).upper(),
                    submitted_at=dt.datetime.combine(day, dt.time(9, 0)),
                    item_ids=report_items.get((code, m), ()),
                )
            )
    final = tuple(
        attrs.evolve(
            p,
            monthly_counts=(counts[k][0], counts[k][1], counts[k][2]),
            volume_shares=(shares_of_volume[k][0], shares_of_volume[k][1], shares_of_volume[k][2]),
            reporting_units=tuple(sorted(reporting[k])),
        )
        for k, p in enumerate(planted)
    )
    return Scenario(
        seed=seed,
        held_out=held_out,
        province=prov,
        communes=communes,
        periods=periods,
        items=tuple(items),
        truth=tuple(truth),
        streams=final,
        organisations=tuple(orgs),
        reporting_lines=tuple(lines),
        reports=tuple(reports),
        schedule=schedule,
        province_organisation=top.id,
        missing=tuple(sorted((org_of[c], str(periods[m])) for c, m in missing)),
        late=tuple(sorted((org_of[c], str(periods[m]), d) for (c, m), d in late.items())),
    )


def pairwise_scores(
    truth: Sequence[str], clusters: Sequence[Sequence[int]]
) -> tuple[float, float, float]:
    """Pairwise precision, recall and F1 of ``clusters`` (lists of item indices) against
    ``truth`` (a label per index): a pair of items is a true positive when both put it in one
    cluster. Computed from the contingency table, in linear time."""

    def pairs(n: int) -> int:
        return n * (n - 1) // 2

    joint: Counter[tuple[int, str]] = Counter()
    predicted = 0
    for c, members in enumerate(clusters):
        predicted += pairs(len(members))
        for i in members:
            joint[(c, truth[i])] += 1
    actual = sum(pairs(n) for n in Counter(truth).values())
    both = sum(pairs(n) for n in joint.values())
    precision = both / predicted if predicted else 1.0
    recall = both / actual if actual else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1

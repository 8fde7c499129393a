"""The lexicon classifier: cue lists, no training, every label explained.

The cue lists live in ``dlxh/data/lexicons/*.json`` (one file per dimension, versioned). They
are compiled once into a :class:`~dlxh.classifiers.matcher.CueMatcher` and run over each text
in one pass; the matches are then scored per dimension:

* **topic**: the sum of cue weights per topic area, the best one wins; no cue gives the
  taxonomy's fallback category (``other``) with a low confidence. The labels and aliases of
  the taxonomy's categories are cues too, so a replaced taxonomy works without a lexicon.
* **orientation**: stance cues (``đồng tình``, ``phản đối``, ``băn khoăn``...), turned by a
  negator or a hedge just before them (``không đồng tình`` → oppose, ``chưa thực sự hài lòng``
  → uneasy); cues after a contrast (``nhưng``, ``tuy nhiên``) weigh more; no stance cue gives
  ``unclear``.
* **mood** (several), **breadth** (the widest breadth word), **scope**, **origin** (rumour
  first), **interest**, **group** (every subject group named), and **competent-level** when
  the text makes a recommendation (``kiến nghị``, ``đề nghị``...).

Each label carries :class:`~dlxh.model.opinions.Evidence`: the cue as listed, and its start
and end offsets in the item's text.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

import attrs

from dlxh.classifiers.base import Classifier
from dlxh.classifiers.matcher import CueMatch, CueMatcher
from dlxh.classifiers.resources import expect, read_data_json
from dlxh.classifiers.taxonomies import default_taxonomies
from dlxh.errors import FormatError
from dlxh.model.enums import Breadth, CompetentLevel, Interest, Mood, Orientation, Origin, Scope
from dlxh.model.opinions import Evidence, Label, OpinionItem
from dlxh.model.taxonomy import Taxonomy

if TYPE_CHECKING:
    from dlxh.session import Session

__all__ = [
    "LEXICON_FILES",
    "Analysis",
    "Finding",
    "Lexicon",
    "LexiconClassifier",
    "default_lexicon",
]

LEXICON_FILES: tuple[str, ...] = (
    "topics.json",
    "stance.json",
    "modifiers.json",
    "breadth.json",
    "scope.json",
    "origin.json",
    "interest.json",
    "competent-level.json",
    "groups.json",
)
"""The lexicon files shipped in ``dlxh/data/lexicons``."""

DIMENSIONS: tuple[str, ...] = (
    "topic",
    "orientation",
    "mood",
    "breadth",
    "scope",
    "origin",
    "interest",
    "group",
    "competent-level",
)

FALLBACK_TOPIC = "other"
_FINDING_DIMENSIONS = frozenset(DIMENSIONS)
_BREADTH_RANK = {str(b): b.rank for b in Breadth}
_INTEREST_RANK = {str(i): rank for rank, i in enumerate(Interest)}
_MODIFIER_KINDS = ("negation", "soft-negation", "hedge", "not-negation")
_CLAUSE_BREAKS = frozenset(",;:.!?\n()")
_CONTRAST = ("nhưng", "tuy nhiên", "song", "tuy vậy", "thế nhưng", "nhưng mà", "có điều")


class Cue(NamedTuple):
    """What one cue says: its kind (a dimension, or a modifier kind), a value and a weight.
    Stance cues also carry their mood, and the orientation and mood when negated."""

    kind: str
    value: str
    weight: float = 1.0
    mood: str | None = None
    negated: str | None = None
    negated_mood: str | None = None


def _weighted(raw: Any, where: str) -> tuple[str, float]:
    if isinstance(raw, str):
        return raw, 1.0
    if (
        isinstance(raw, list)
        and len(raw) == 2
        and isinstance(raw[0], str)
        and isinstance(raw[1], int | float)
        and not isinstance(raw[1], bool)
    ):
        return raw[0], float(raw[1])
    raise FormatError(f"{where}: a cue is a string or [string, weight], got {raw!r}")


def _value_cues(data: Mapping[str, Any], where: str) -> dict[str, list[tuple[str, float]]]:
    cues = expect(data, "cues", dict, where)
    out: dict[str, list[tuple[str, float]]] = {}
    for value, items in cues.items():
        if not isinstance(items, list):
            raise FormatError(f"{where}: cues of {value!r} must be a list")
        out[value] = [_weighted(item, f"{where}: {value}") for item in items]
    return out


def _check_values(values: Iterable[str], allowed: Iterable[str], where: str) -> None:
    allowed_set = set(allowed)
    for value in values:
        if value not in allowed_set:
            raise FormatError(
                f"{where}: unknown value {value!r}; expected one of {sorted(allowed_set)}"
            )


@attrs.frozen(eq=False)
class Lexicon:
    """The cue lists of the lexicon classifier, read from the JSON documents of
    ``dlxh/data/lexicons`` (or your own of the same shape, by file name)."""

    version: str
    documents: Mapping[str, Mapping[str, Any]] = attrs.field(repr=False)

    @classmethod
    def from_documents(cls, documents: Mapping[str, Mapping[str, Any]]) -> Lexicon:
        """Check and hold the documents (``{"topics.json": {...}, ...}``)."""
        missing = [name for name in LEXICON_FILES if name not in documents]
        if missing:
            raise FormatError(f"lexicon: missing documents {missing}")
        versions = sorted({str(doc.get("version", "")) for doc in documents.values()})
        lexicon = cls(version="+".join(v for v in versions if v) or "0", documents=documents)
        lexicon.cues(
            {"topic": default_taxonomies()["topic"], "group": default_taxonomies()["group"]}
        )
        return lexicon

    @property
    def window(self) -> int:
        """How many syllables may stand between a negator and the cue it turns."""
        value = self.documents["modifiers.json"].get("window", 3)
        return int(value) if isinstance(value, int) and not isinstance(value, bool) else 3

    @property
    def origin_priority(self) -> tuple[str, ...]:
        """Origins in the order that wins when several fire."""
        raw = self.documents["origin.json"].get("priority", [str(o) for o in Origin])
        return tuple(str(v) for v in raw)

    def cues(self, taxonomies: Mapping[str, Taxonomy]) -> list[tuple[str, Cue, bool]]:
        """Every cue as ``(text, Cue, checked)`` for the :class:`CueMatcher`, with the topic
        and group cues restricted to the codes of ``taxonomies`` and extended with their
        categories' labels and aliases."""
        docs = self.documents
        out: list[tuple[str, Cue, bool]] = []
        for dimension, name in (("topic", "topics.json"), ("group", "groups.json")):
            tax = taxonomies.get(dimension)
            codes = set(tax.codes) if tax is not None else set()
            for code, cues in _value_cues(docs[name], name).items():
                if code in codes:
                    out.extend((text, Cue(dimension, code, weight), True) for text, weight in cues)
            if tax is not None:
                out.extend(_taxonomy_cues(tax))
        stance = docs["stance.json"]
        orientations = [str(o) for o in Orientation]
        moods = [str(m) for m in Mood]
        for index, entry in enumerate(expect(stance, "cues", list, "stance.json")):
            where = f"stance.json: cues[{index}]"
            if not isinstance(entry, dict):
                raise FormatError(f"{where}: expected an object")
            unknown = set(entry) - {
                "cue",
                "orientation",
                "weight",
                "mood",
                "negated",
                "negated_mood",
            }
            if unknown:
                raise FormatError(f"{where}: unknown keys {sorted(unknown)}")
            orientation = expect(entry, "orientation", str, where)
            _check_values([orientation], orientations, where)
            mood, negated, negated_mood = (
                entry.get("mood"),
                entry.get("negated"),
                entry.get("negated_mood"),
            )
            _check_values([m for m in (mood, negated_mood) if m is not None], moods, where)
            _check_values([negated] if negated is not None else [], orientations, where)
            weight = entry.get("weight", 1.0)
            if not isinstance(weight, int | float) or isinstance(weight, bool):
                raise FormatError(f"{where}: 'weight' must be a number")
            cue = Cue("orientation", orientation, float(weight), mood, negated, negated_mood)
            out.append((expect(entry, "cue", str, where), cue, True))
        modifiers = docs["modifiers.json"]
        for kind in _MODIFIER_KINDS:
            for text in expect(modifiers, kind, list, "modifiers.json"):
                if not isinstance(text, str):
                    raise FormatError(f"modifiers.json: {kind} lists strings only")
                out.append((text, Cue(kind, kind), False))
        out.extend((text, Cue("contrast", "contrast"), False) for text in _CONTRAST)
        for dimension, name, allowed in (
            ("breadth", "breadth.json", [str(b) for b in Breadth]),
            ("scope", "scope.json", [str(s) for s in Scope]),
            ("origin", "origin.json", [str(o) for o in Origin]),
            ("interest", "interest.json", [str(i) for i in Interest]),
            ("competent-level", "competent-level.json", [str(c) for c in CompetentLevel]),
        ):
            by_value = _value_cues(docs[name], name)
            _check_values(by_value, allowed, name)
            for value, cues in by_value.items():
                out.extend((text, Cue(dimension, value, weight), True) for text, weight in cues)
        for text in expect(docs["competent-level.json"], "markers", list, "competent-level.json"):
            if not isinstance(text, str):
                raise FormatError("competent-level.json: markers are strings")
            out.append((text, Cue("recommendation", "recommendation"), True))
        return out


def _taxonomy_cues(tax: Taxonomy) -> Iterable[tuple[str, Cue, bool]]:
    """A category's label parts and aliases of two syllables or more are cues for it."""
    for category in tax.categories:
        if category.code == FALLBACK_TOPIC:
            continue
        names = [*category.label.split(","), *category.aliases]
        for name in names:
            name = name.strip()
            if len(name.split()) >= 2:
                yield name, Cue(tax.dimension, category.code, 1.5), True


@functools.cache
def default_lexicon() -> Lexicon:
    """The lexicon dlxh ships, read on first use."""
    return Lexicon.from_documents(
        {name: read_data_json("lexicons", name) for name in LEXICON_FILES}
    )


class Finding(NamedTuple):
    """One label the lexicon found: a dimension, a value, a confidence and the cues."""

    dimension: str
    value: str
    confidence: float
    cues: tuple[tuple[str, int, int, str], ...]
    """The cues that gave it: ``(cue, start, end, note)``."""

    @property
    def evidence(self) -> tuple[Evidence, ...]:
        """The cues as :class:`~dlxh.model.opinions.Evidence`."""
        return tuple(Evidence(cue, start, end, note) for cue, start, end, note in self.cues)


@attrs.frozen
class Analysis:
    """What the lexicon classifier found in one text (before it becomes labels)."""

    text: str
    findings: tuple[Finding, ...]

    def get(self, dimension: str) -> Finding | None:
        """The first finding on ``dimension``, or ``None``."""
        for finding in self.findings:
            if finding.dimension == dimension:
                return finding
        return None

    def values(self, dimension: str) -> list[str]:
        """Every value found on ``dimension`` (several for moods and groups)."""
        return [f.value for f in self.findings if f.dimension == dimension]


def _evidence(
    matches: Sequence[CueMatch[Cue]], note: str = ""
) -> tuple[tuple[str, int, int, str], ...]:
    return tuple([(m[0], m[1], m[2], note) for m in matches])


def _confidence(top: float, total: float, floor: float = 0.3, cap: float = 0.95) -> float:
    key = (top, total, floor, cap)
    known = _CONFIDENCES.get(key)
    if known is None:
        # round() is slow, and the same few sums of cue weights come back: remember them.
        value = top / (total + 1.0)
        known = round(cap if value > cap else floor if value < floor else value, 3)
        if len(_CONFIDENCES) > 4096:
            _CONFIDENCES.clear()
        _CONFIDENCES[key] = known
    return known


_CONFIDENCES: dict[tuple[float, float, float, float], float] = {}
_START = operator.itemgetter(1)
_APPROVE, _OPPOSE, _UNEASY, _UNCLEAR = (
    str(o)
    for o in (Orientation.APPROVE, Orientation.OPPOSE, Orientation.UNEASY, Orientation.UNCLEAR)
)


class LexiconClassifier(Classifier):
    """The built-in classifier: cue lists for the default taxonomies, no training.

    ``taxonomies`` replaces the topic and group taxonomies (by dimension; the default ones
    otherwise): cues for codes that are not in them are dropped, and their categories' labels
    and aliases become cues. ``lexicon`` replaces the cue lists. ``dimensions`` limits what it
    labels.
    """

    name: ClassVar[str] = "lexicon"
    description: ClassVar[str] = "Phân loại theo từ khóa (lexicon classifier, no training)"
    engine_version: ClassVar[str] = "1.0"
    version: ClassVar[str] = engine_version
    dimensions: ClassVar[tuple[str, ...]] = DIMENSIONS

    def __init__(
        self,
        *,
        taxonomies: Mapping[str, Taxonomy] | None = None,
        lexicon: Lexicon | None = None,
        dimensions: Iterable[str] | None = None,
    ) -> None:
        self.lexicon = lexicon or default_lexicon()
        chosen = dict(default_taxonomies())
        if taxonomies:
            chosen.update(taxonomies)
        self.taxonomies: Mapping[str, Taxonomy] = chosen
        self.wanted = frozenset(dimensions) if dimensions is not None else frozenset(DIMENSIONS)
        self._every_dimension = self.wanted >= _FINDING_DIMENSIONS
        unknown = self.wanted - set(DIMENSIONS)
        if unknown:
            from dlxh.errors import ConfigurationError

            raise ConfigurationError(
                f"the lexicon classifier has no dimension {sorted(unknown)}; it knows {DIMENSIONS}"
            )
        # The label version names the engine, the lexicon and the taxonomies it ran with.
        topic = self.taxonomies["topic"]
        version = f"{self.engine_version}+lexicon.{self.lexicon.version}"
        version += f"+{topic.name}.{topic.version}"
        self.version = version  # type: ignore[misc]
        self._matcher = _compiled(self.lexicon, tuple(sorted(self.taxonomies.items())))
        self._fallback = FALLBACK_TOPIC if FALLBACK_TOPIC in topic else None
        self._window = self.lexicon.window
        self._origin_rank = {v: i for i, v in enumerate(self.lexicon.origin_priority)}

    @classmethod
    def from_session(cls, session: Session) -> LexiconClassifier:
        """A lexicon classifier for the taxonomies in force in ``session``."""
        from dlxh.classifiers.taxonomies import taxonomies

        return cls(taxonomies=taxonomies(session))

    # -- analysis --------------------------------------------------------------------------

    def analyse(self, text: str) -> Analysis:
        """Everything the cue lists say about ``text`` (NFC), with the evidence."""
        by_kind: dict[str, list[CueMatch[Cue]]] = {}
        reach: dict[str, int] = {}
        for m in self._matcher.scan(text):
            # Drop a match inside a longer one of the same kind (``đa số`` inside ``tuyệt đại
            # đa số``): matches come by start, the longest first at each start.
            kind = m[3][0]
            end = m[2]
            same = by_kind.get(kind)
            if same is None:
                by_kind[kind] = [m]
            elif end <= reach[kind]:
                continue
            else:
                same.append(m)
            reach[kind] = end
        findings: list[Finding] = []
        wanted = self.wanted
        if "topic" in wanted:
            findings.extend(self._best("topic", by_kind.get("topic", ()), fallback=self._fallback))
        if "orientation" in wanted or "mood" in wanted:
            findings.extend(self._stance(text, by_kind))
        if "breadth" in wanted and "breadth" in by_kind:
            found = by_kind["breadth"]
            widest = max(found, key=lambda m: _BREADTH_RANK[m.payload.value])
            findings.append(Finding("breadth", widest.payload.value, 0.9, _evidence([widest])))
        if "scope" in wanted:
            findings.extend(self._best("scope", by_kind.get("scope", ())))
        if "origin" in wanted and "origin" in by_kind:
            found = by_kind["origin"]
            first = min(found, key=lambda m: self._origin_rank.get(m.payload.value, 99))
            same = [m for m in found if m.payload.value == first.payload.value]
            findings.append(Finding("origin", first.payload.value, 0.8, _evidence(same)))
        if "interest" in wanted:
            findings.extend(self._interest(by_kind, findings))
        if "group" in wanted and "group" in by_kind:
            findings.extend(self._groups(by_kind["group"]))
        if "competent-level" in wanted and "recommendation" in by_kind:
            findings.extend(self._best("competent-level", by_kind.get("competent-level", ())))
        if self._every_dimension:
            return Analysis(text, tuple(findings))
        return Analysis(text, tuple([f for f in findings if f.dimension in wanted]))

    def _best(
        self, dimension: str, found: Sequence[CueMatch[Cue]], fallback: str | None = None
    ) -> list[Finding]:
        if not found:
            if fallback is None:
                return []
            return [Finding(dimension, fallback, 0.2, ())]
        if len(found) == 1:
            m = found[0]
            weight = m[3][2]
            confidence = _confidence(weight, weight)
            return [Finding(dimension, m[3][1], confidence, ((m[0], m[1], m[2], ""),))]
        scores: dict[str, float] = {}
        seen: dict[tuple[str, str], int] = {}
        for m in found:
            # A cue repeated counts at most twice: long texts should not win by repetition.
            payload = m[3]
            value = payload[1]
            pair = (m[0], value)
            times = seen.get(pair, 0)
            if times < 2:
                scores[value] = scores.get(value, 0.0) + payload[2]
                seen[pair] = times + 1
        # Ties go to the value whose first cue came first (dicts keep insertion order).
        best = max(scores, key=scores.__getitem__)
        evidence = tuple([(m[0], m[1], m[2], "") for m in found if m[3][1] == best])
        return [Finding(dimension, best, _confidence(scores[best], sum(scores.values())), evidence)]

    def _stance(self, text: str, by_kind: Mapping[str, Sequence[CueMatch[Cue]]]) -> list[Finding]:
        stances = by_kind.get("orientation", ())
        modifiers = [m for kind in _MODIFIER_KINDS for m in by_kind.get(kind, ())]
        if len(modifiers) > 1:
            modifiers.sort(key=_START)
        contrasts = [m.end for m in by_kind.get("contrast", ())]
        scores: dict[str, float] = {}
        support: dict[str, list[CueMatch[Cue]]] = {}
        notes: dict[int, str] = {}
        moods: dict[str, list[CueMatch[Cue]]] = {}
        for m in stances:
            cue = m.payload
            modifier = self._modifier_before(m, modifiers, text)
            orientation, mood, weight = cue.value, cue.mood, cue.weight
            if modifier is not None and modifier.payload.kind != "not-negation":
                kind = modifier.payload.kind
                mood = cue.negated_mood
                if cue.value == _APPROVE:
                    if cue.negated is not None:
                        orientation = cue.negated
                    elif kind == "negation":
                        orientation = _OPPOSE
                    else:
                        orientation = _UNEASY
                else:
                    orientation = _APPROVE
                    weight *= 0.5
                notes[id(m)] = f"{kind}: {modifier.cue}"
            if any(c <= m.start for c in contrasts):
                weight *= 1.5
            scores[orientation] = scores.get(orientation, 0.0) + weight
            support.setdefault(orientation, []).append(m)
            if mood is not None:
                moods.setdefault(mood, []).append(m)
        out: list[Finding] = []
        if scores:
            best = max(scores, key=lambda v: scores[v])
            evidence = tuple((m.cue, m.start, m.end, notes.get(id(m), "")) for m in support[best])
            out.append(
                Finding(
                    "orientation", best, _confidence(scores[best], sum(scores.values())), evidence
                )
            )
        else:
            out.append(Finding("orientation", _UNCLEAR, 0.45, ()))
        for mood, found in moods.items():
            evidence = tuple((m.cue, m.start, m.end, notes.get(id(m), "")) for m in found)
            out.append(Finding("mood", mood, 0.7, evidence))
        return out

    def _modifier_before(
        self, m: CueMatch[Cue], modifiers: Sequence[CueMatch[Cue]], text: str
    ) -> CueMatch[Cue] | None:
        """The modifier that ends at most ``window`` syllables before ``m`` in the same
        clause, the nearest one."""
        chosen = None
        for mod in modifiers:
            if mod.end > m.start:
                break
            gap = text[mod.end : m.start]
            if any(ch in _CLAUSE_BREAKS for ch in gap):
                continue
            if len(gap.split()) <= self._window:
                chosen = mod
        return chosen

    def _interest(
        self, by_kind: Mapping[str, Sequence[CueMatch[Cue]]], findings: Sequence[Finding]
    ) -> list[Finding]:
        found = by_kind.get("interest", ())
        if found:
            top = max(found, key=lambda m: _INTEREST_RANK[m.payload.value])
            level = top.payload.value
            evidence = _evidence([m for m in found if m.payload.value == level])
            return [Finding("interest", level, 0.7, evidence)]
        return []

    def _groups(self, found: Sequence[CueMatch[Cue]]) -> list[Finding]:
        by_value: dict[str, list[CueMatch[Cue]]] = {}
        for m in found:
            by_value.setdefault(m.payload.value, []).append(m)
        if len(by_value) > 1:
            by_value.pop("general-public", None)
        return [Finding("group", value, 0.7, _evidence(ms)) for value, ms in by_value.items()]

    # -- the Classifier interface ----------------------------------------------------------

    def classify(self, items: Sequence[OpinionItem]) -> list[list[Label]]:
        """Labels for each item, with the cues as evidence; one timestamp per call."""
        now = dt.datetime.now(dt.UTC)
        return [self.labels(self.analyse(item.text), now) for item in items]

    def labels(self, analysis: Analysis, assigned_at: dt.datetime | None = None) -> list[Label]:
        """The :class:`~dlxh.model.opinions.Label` objects of an :class:`Analysis`."""
        return [
            Label(
                dimension=f.dimension,
                value=f.value,
                confidence=f.confidence,
                classifier=self.name,
                classifier_version=self.version,
                assigned_at=assigned_at,
                evidence=f.evidence,  # type: ignore[arg-type]
            )
            for f in analysis.findings
        ]


@functools.lru_cache(maxsize=8)
def _compiled(lexicon: Lexicon, taxonomies: tuple[tuple[str, Taxonomy], ...]) -> CueMatcher[Cue]:
    return CueMatcher(lexicon.cues(dict(taxonomies)))

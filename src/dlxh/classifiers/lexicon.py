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

A cue does not fire inside a longer lexicalised word listed in ``words.json`` (``xã``, a
place, is not found in ``xã hội``, society, nor in ``hợp tác xã``, a cooperative): listed
words take precedence as the longest match (see :mod:`dlxh.classifiers.matcher`). A lexicon
of your own may leave ``words.json`` out.

Speed: one pass of the matcher per text gives the cues by kind (at each start the first cue
of each kind, the others being inside it), as plain tuples
(:meth:`~dlxh.classifiers.matcher.CueMatcher.grouped`); each dimension is scored from those
with shortcuts for the common cases (one cue of a kind), and
:meth:`LexiconClassifier.classify` builds its labels from the findings directly. The tests
hold this scoring to a plain one written out again
(``tests/classifiers/test_classifiers_lexicon_reference.py``).
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import operator
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

import attrs

from dlxh._collector import collector_paused
from dlxh.classifiers.base import Classifier
from dlxh.classifiers.matcher import CueMatcher
from dlxh.classifiers.resources import expect, read_data_json
from dlxh.classifiers.taxonomies import default_taxonomies
from dlxh.errors import FormatError
from dlxh.model._trusted import trusted_constructor
from dlxh.model.enums import (
    Breadth,
    CompetentLevel,
    Interest,
    Mood,
    Orientation,
    Origin,
    ReviewState,
    Scope,
)
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
    "words.json",
)
"""The lexicon files shipped in ``dlxh/data/lexicons``."""

OPTIONAL_FILES: frozenset[str] = frozenset({"words.json"})
"""Lexicon files that a lexicon of your own may leave out."""

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
        missing = [
            name for name in LEXICON_FILES if name not in documents and name not in OPTIONAL_FILES
        ]
        if missing:
            raise FormatError(f"lexicon: missing documents {missing}")
        versions = sorted({str(doc.get("version", "")) for doc in documents.values()})
        lexicon = cls(version="+".join(v for v in versions if v) or "0", documents=documents)
        lexicon.cues(
            {"topic": default_taxonomies()["topic"], "group": default_taxonomies()["group"]}
        )
        _ = lexicon.words  # checked now rather than at the first classification
        return lexicon

    @property
    def window(self) -> int:
        """How many syllables may stand between a negator and the cue it turns."""
        value = self.documents["modifiers.json"].get("window", 3)
        return int(value) if isinstance(value, int) and not isinstance(value, bool) else 3

    @property
    def words(self) -> tuple[str, ...]:
        """Lexicalised words that no cue may be cut out of (``words.json``, optional): where
        one is found, the cues inside it do not fire (``xã`` in ``xã hội``)."""
        document = self.documents.get("words.json")
        if document is None:
            return ()
        words = expect(document, "words", list, "words.json")
        if not all(isinstance(word, str) and len(word.split()) >= 2 for word in words):
            raise FormatError("words.json: 'words' lists words of two syllables or more")
        return tuple(words)

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


def _confidence(top: float, total: float) -> float:
    """``top / (total + 1)`` between 0.3 and 0.95, rounded to 3 places; remembered, since
    round() is slow and the same few sums of cue weights come back (callers look in
    ``_CONFIDENCES`` first)."""
    value = top / (total + 1.0)
    known = round(0.95 if value > 0.95 else 0.3 if value < 0.3 else value, 3)
    if len(_CONFIDENCES) > 4096:
        _CONFIDENCES.clear()
    _CONFIDENCES[top, total] = known
    return known


_CONFIDENCES: dict[tuple[float, float], float] = {}
_START = operator.itemgetter(1)
_KIND = operator.itemgetter(0)
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
        # The same finding object for every text without a topic cue (or stance cue).
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
        return _make_analysis(text, self._findings(text))

    def _findings(self, text: str) -> tuple[Finding, ...]:
        # Each kind's matches as (cue, start, end, Cue): the first hit of each kind at each
        # start (the others are inside it), none inside a longer one of the same kind.
        by_kind = self._matcher.grouped(text)
        get = by_kind.get
        # Every dimension is scored (each is a few operations on the matches of its kind),
        # then those not wanted are left out.
        found = get("topic")
        if found:
            findings = [_best("topic", found)]
        elif self._fallback is not None:
            findings = [_FALLBACK_TOPIC]
        else:
            findings = []
        stances = get("orientation")
        if stances:
            self._stance(text, stances, by_kind, findings)
        else:
            findings.append(_NO_STANCE)
        found = get("breadth")
        if found:
            m = found[0] if len(found) == 1 else max(found, key=_breadth_rank)
            findings.append(_one("breadth", m, 0.9))
        found = get("scope")
        if found:
            findings.append(_best("scope", found))
        found = get("origin")
        if found:
            if len(found) == 1:
                findings.append(_one("origin", found[0], 0.8))
            else:
                rank = self._origin_rank
                first = min(found, key=lambda m: rank.get(m[3][1], 99))[3][1]
                findings.append(_of_value("origin", found, first, 0.8))
        found = get("interest")
        if found:
            if len(found) == 1:
                findings.append(_one("interest", found[0], 0.7))
            else:
                level = max(found, key=_interest_rank)[3][1]
                findings.append(_of_value("interest", found, level, 0.7))
        found = get("group")
        if found:
            if len(found) == 1:
                findings.append(_one("group", found[0], 0.7))
            else:
                _groups(found, findings)
        if "recommendation" in by_kind:
            found = get("competent-level")
            if found:
                findings.append(_best("competent-level", found))
        if self._every_dimension:
            return tuple(findings)
        wanted = self.wanted
        return tuple([f for f in findings if f[0] in wanted])

    def _stance(
        self,
        text: str,
        stances: Sequence[_Match],
        by_kind: Mapping[Hashable, Sequence[_Match]],
        findings: list[Finding],
    ) -> None:
        """The orientation of the stance cues (turned by a modifier before them, weighed up
        after a contrast) and their moods."""
        modifiers: list[_Evidence] | None = None
        for kind in _MODIFIER_KINDS:
            if kind in by_kind:
                more = [(m[0], m[1], m[2], kind) for m in by_kind[kind]]
                if modifiers is None:
                    modifiers = more
                else:
                    # Stable: at one start, the kinds keep the order of _MODIFIER_KINDS.
                    modifiers += more
                    modifiers.sort(key=_START)
        contrast = by_kind.get("contrast")
        first_contrast = contrast[0][2] if contrast else None
        if len(stances) == 1 and modifiers is None and (
            first_contrast is None or first_contrast > stances[0][1]
        ):
            # One stance cue, nothing to turn it or weigh it: what it says.
            m = stances[0]
            cue = m[3]
            weight = cue[2]
            confidence = _CONFIDENCES.get((weight, weight)) or _confidence(weight, weight)
            cues: tuple[_Evidence, ...] = ((m[0], m[1], m[2], ""),)
            findings.append(_new_tuple(Finding, ("orientation", cue[1], confidence, cues)))
            if cue[3] is not None:
                findings.append(_new_tuple(Finding, ("mood", cue[3], 0.7, cues)))
            return
        scores: dict[str, float] = {}
        support: dict[str, list[_Evidence]] = {}
        moods: dict[str, list[_Evidence]] = {}
        for m in stances:
            # cue: (kind, orientation, weight, mood, negated, negated mood)
            cue = m[3]
            orientation = cue[1]
            weight = cue[2]
            mood = cue[3]
            evidence = (m[0], m[1], m[2], "")
            if modifiers is not None:
                modifier = self._modifier_before(m[1], modifiers, text)
                if modifier is not None and modifier[3] != "not-negation":
                    kind = modifier[3]
                    mood = cue[5]
                    if orientation == _APPROVE:
                        if cue[4] is not None:
                            orientation = cue[4]
                        elif kind == "negation":
                            orientation = _OPPOSE
                        else:
                            orientation = _UNEASY
                    else:
                        orientation = _APPROVE
                        weight *= 0.5
                    evidence = (m[0], m[1], m[2], f"{kind}: {modifier[0]}")
            if first_contrast is not None and first_contrast <= m[1]:
                weight *= 1.5
            kept = support.get(orientation)
            if kept is None:
                support[orientation] = [evidence]
                scores[orientation] = weight
            else:
                kept.append(evidence)
                scores[orientation] += weight
            if mood is not None:
                kept = moods.get(mood)
                if kept is None:
                    moods[mood] = [evidence]
                else:
                    kept.append(evidence)
        if len(scores) > 1:
            best = max(scores, key=scores.__getitem__)
            total = sum(scores.values())
        else:
            best = orientation
            total = scores[best]
        top = scores[best]
        confidence = _CONFIDENCES.get((top, total)) or _confidence(top, total)
        chosen = tuple(support[best])
        findings.append(_new_tuple(Finding, ("orientation", best, confidence, chosen)))
        for mood, evidences in moods.items():
            findings.append(_new_tuple(Finding, ("mood", mood, 0.7, tuple(evidences))))

    def _modifier_before(
        self, start: int, modifiers: Sequence[tuple[str, int, int, str]], text: str
    ) -> tuple[str, int, int, str] | None:
        """The modifier that ends at most ``window`` syllables before ``start`` in the same
        clause, the nearest one; its fourth item is its kind."""
        chosen = None
        for mod in modifiers:
            if mod[2] > start:
                break
            gap = text[mod[2] : start]
            if gap and not _CLAUSE_BREAKS.isdisjoint(gap):
                continue
            if len(gap.split()) <= self._window:
                chosen = mod
        return chosen

    # -- the Classifier interface ----------------------------------------------------------

    def classify(self, items: Sequence[OpinionItem]) -> list[list[Label]]:
        """Labels for each item, with the cues as evidence; one timestamp per call."""
        now = dt.datetime.now(dt.UTC)
        findings = self._findings
        name = self.name
        version = self.version
        # What _label does, inlined: a call per label is a good part of the cost here.
        with collector_paused():
            return [
                [
                    _make_label(
                        dimension, value, confidence, name, version, now, _UNREVIEWED, None,
                        None, tuple(_starmap(_make_evidence, cues)),
                    )
                    for dimension, value, confidence, cues in findings(item.text)
                ]
                for item in items
            ]

    def labels(self, analysis: Analysis, assigned_at: dt.datetime | None = None) -> list[Label]:
        """The :class:`~dlxh.model.opinions.Label` objects of an :class:`Analysis`."""
        return [_label(self.name, self.version, assigned_at, f) for f in analysis.findings]


_FALLBACK_TOPIC = Finding("topic", FALLBACK_TOPIC, 0.2, ())
_NO_STANCE = Finding("orientation", _UNCLEAR, 0.45, ())
_Match = tuple[str, int, int, Cue]
"""A cue found in a text: as listed, its start and end offsets, and what it says."""
_Evidence = tuple[str, int, int, str]
"""A cue that gave a finding: as listed, its start and end offsets, and a note."""

_new_tuple = tuple.__new__
_UNREVIEWED = ReviewState.UNREVIEWED
_make_label = trusted_constructor(Label)
_make_evidence = trusted_constructor(Evidence)
_make_analysis = trusted_constructor(Analysis)
_starmap = itertools.starmap


def _label(
    classifier: str, version: str, assigned_at: dt.datetime | None, finding: Finding
) -> Label:
    """The label of a finding, built without running the converters and validators of
    :class:`Label` and :class:`Evidence` again: what they check holds by construction (the
    dimension is one of :data:`DIMENSIONS`, the value a code of a taxonomy or an enumeration,
    the confidence between 0.2 and 0.95, the cues NFC as the matcher keeps them). The test
    suite checks that the result equals the validated construction. Building labels is the
    largest part of :meth:`LexiconClassifier.classify` after the analysis."""
    evidence = tuple([_make_evidence(*found) for found in finding[3]])
    return _make_label(
        finding[0], finding[1], finding[2], classifier, version, assigned_at, _UNREVIEWED,
        None, None, evidence,
    )


def _breadth_rank(m: _Match) -> int:
    return _BREADTH_RANK[m[3][1]]


def _interest_rank(m: _Match) -> int:
    return _INTEREST_RANK[m[3][1]]


def _best(dimension: str, found: Sequence[_Match]) -> Finding:
    """The value with the highest sum of cue weights (a cue repeated counts at most twice:
    long texts should not win by repetition); ties go to the value whose first cue came
    first."""
    if len(found) == 1:
        m = found[0]
        cue = m[3]
        weight = cue[2]
        confidence = _CONFIDENCES.get((weight, weight)) or _confidence(weight, weight)
        return _new_tuple(Finding, (dimension, cue[1], confidence, ((m[0], m[1], m[2], ""),)))
    scores: dict[str, float] = {}
    if len(found) < 3 or len({m[0] for m in found}) == len(found):
        # No cue comes three times: nothing to cap.
        for m in found:
            cue = m[3]
            scores[cue[1]] = scores.get(cue[1], 0.0) + cue[2]
    else:
        seen: dict[tuple[str, str], int] = {}
        for m in found:
            cue = m[3]
            pair = (m[0], cue[1])
            times = seen.get(pair, 0)
            if times < 2:
                scores[cue[1]] = scores.get(cue[1], 0.0) + cue[2]
                seen[pair] = times + 1
    if len(scores) == 1:
        (best,) = scores
        cues = tuple([(m[0], m[1], m[2], "") for m in found])
    else:
        # Dicts keep insertion order: max keeps the first of equal scores.
        best = max(scores, key=scores.__getitem__)
        cues = tuple([(m[0], m[1], m[2], "") for m in found if m[3][1] == best])
    top = scores[best]
    total = sum(scores.values()) if len(scores) > 1 else top
    confidence = _CONFIDENCES.get((top, total)) or _confidence(top, total)
    return _new_tuple(Finding, (dimension, best, confidence, cues))


def _one(kind: str, m: _Match, confidence: float) -> Finding:
    """The finding of a kind that one cue gives (the usual case)."""
    return _new_tuple(Finding, (kind, m[3][1], confidence, ((m[0], m[1], m[2], ""),)))


def _of_value(kind: str, found: Sequence[_Match], value: str, confidence: float) -> Finding:
    """The finding ``value`` of a kind, with every cue of ``found`` that gives it."""
    cues = tuple([(m[0], m[1], m[2], "") for m in found if m[3][1] == value])
    return _new_tuple(Finding, (kind, value, confidence, cues))


def _groups(found: Sequence[_Match], findings: list[Finding]) -> None:
    by_value: dict[str, list[_Evidence]] = {}
    for m in found:
        kept = by_value.get(m[3][1])
        if kept is None:
            by_value[m[3][1]] = [(m[0], m[1], m[2], "")]
        else:
            kept.append((m[0], m[1], m[2], ""))
    if len(by_value) > 1:
        by_value.pop("general-public", None)
    for value, cues in by_value.items():
        findings.append(_new_tuple(Finding, ("group", value, 0.7, tuple(cues))))


@functools.lru_cache(maxsize=8)
def _compiled(lexicon: Lexicon, taxonomies: tuple[tuple[str, Taxonomy], ...]) -> CueMatcher[Cue]:
    return CueMatcher(lexicon.cues(dict(taxonomies)), lexicon.words, group=_KIND)

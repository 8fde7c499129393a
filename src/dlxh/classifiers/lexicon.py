"""The lexicon classifier: cue lists, no training, every label explained.

The cue lists live in ``dlxh/data/lexicons/*.json`` (one file per dimension, versioned). They
are compiled once into a :class:`~dlxh.classifiers.matcher.CueMatcher` and run over each text
in one pass; the matches are then scored per dimension:

* **topic**: the sum of cue weights per topic area, the best one wins; no cue gives the
  taxonomy's fallback category (``other``) with a low confidence. The labels and aliases of
  the taxonomy's categories are cues too, so a replaced taxonomy works without a lexicon.
* **orientation**: stance cues (``đồng tình``, ``phản đối``, ``băn khoăn``...), turned by a
  negator or a hedge just before them (``không đồng tình`` → oppose, ``chưa thực sự hài lòng``
  → uneasy), a complaint or a worry also by a word of relief (``đỡ vất vả`` → a weak
  approval), an approval by a word of purpose (``để người dân yên tâm`` states a wish: a weak
  unease, as ``mong``); cues after a contrast (``nhưng``, ``tuy nhiên``) weigh more; no stance
  cue gives ``unclear``.
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
of each kind, the others being inside it), as plain tuples in a list indexed by kind
(:meth:`~dlxh.classifiers.matcher.CueMatcher.by_group`, kinds numbered in ``_KINDS``); each
dimension is scored from those with shortcuts for the common cases (one cue of a kind), into
one flat tuple per finding (which the garbage collector stops tracking; see
:class:`Analysis`), and :meth:`LexiconClassifier.classify` builds its labels from the
findings directly. The tests hold this scoring to a plain one written out again
(``tests/classifiers/test_classifiers_lexicon_reference.py``).
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import operator
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

import attrs

from dlxh._collector import collector_paused
from dlxh.classifiers.base import Classifier
from dlxh.classifiers.matcher import CueMatcher
from dlxh.classifiers.resources import expect, read_data_json
from dlxh.classifiers.taxonomies import default_taxonomies
from dlxh.errors import FormatError
from dlxh.model._trusted import trusted_constructor, unfrozen_twin
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
_MODIFIER_KINDS = ("negation", "soft-negation", "hedge", "not-negation", "relief")
_RELIEF = "relief"
"""Modifier kind of the words of relief (*đỡ, bớt*): they turn a complaint or a worry that
follows into a weak approval (*đỡ vất vả*, "less hardship"), and leave approval alone.
Optional in ``modifiers.json``; checked for diacritics, as one-syllable relief words fold
to common words (*đỡ* and *do* "because", *bớt* and *bột*)."""
_PURPOSE = "purpose"
"""Kind of the words of purpose (*để, nhằm, sao cho*): an approval cue that follows one
within the window (*đề nghị công bố ... để người dân yên tâm*, *để bà con an tâm*) says what
is wished for, not that people approve, and is read as a wish: unease at :data:`_WISH`, the
weight of the weak *mong*. They leave other cues alone, and a negator before them still
turns its cue (in *không để người dân bức xúc* the negator finds *bức xúc* and gives an
approval, which the purpose then makes a wish too), so they are a kind of their own rather
than a modifier (the nearest modifier is the one that counts). Optional in
``modifiers.json``; checked for diacritics (*để* folds to *de*, as *dễ* "easy" and *đề*
do); *để lại, để ý, để dành* are in ``words.json``."""
_WISH = 0.25
"""The weight of an approval cue read as a wish (that of *mong*, a weak unease)."""
_CLAUSE_BREAKS = frozenset(",;:.!?\n()")
_CONTRAST = ("nhưng", "tuy nhiên", "song", "tuy vậy", "thế nhưng", "nhưng mà", "có điều")


def _written_otherwise(modifier: tuple[Any, ...], text: str, unaccented: frozenset[str]) -> bool:
    """Whether a modifier found on its folded form is another word as written: one listed
    with diacritics (*chả, hông, chưa*) found written with other ones (*hỏng* "broken",
    *chùa* "pagoda"), or without any in a text that has them elsewhere (*Cha mẹ*
    "parents"). Modifiers match without the diacritics check, as people type *khong* for
    *không*; but a text typed with diacritics writes its negators with them, unless the
    unaccented form is listed too (``unaccented``: *ko, hok, khong*, which are no other
    word), and those match in any text."""
    listed: str = modifier[0]
    if listed.isascii():
        return False
    span = text[modifier[1] : modifier[2]]
    if span.isascii():
        return not text.isascii() and span.lower() not in unaccented
    return unicodedata.normalize("NFC", span.lower()) != unicodedata.normalize("NFC", listed)


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
    def unaccented_modifiers(self) -> frozenset[str]:
        """The modifiers listed without diacritics (*ko, hok, khong*): they are no other
        word, so they count in a text typed with diacritics too."""
        modifiers = self.documents["modifiers.json"]
        return frozenset(
            text.lower()
            for kind in _MODIFIER_KINDS
            for text in modifiers.get(kind, [])
            if isinstance(text, str) and text.isascii()
        )

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
        for kind in (*_MODIFIER_KINDS, _PURPOSE):
            if kind in (_RELIEF, _PURPOSE):
                listed = modifiers.get(kind, [])
                if not isinstance(listed, list):
                    raise FormatError(f"modifiers.json: {kind} must be a list")
            else:
                listed = expect(modifiers, kind, list, "modifiers.json")
            for text in listed:
                if not isinstance(text, str):
                    raise FormatError(f"modifiers.json: {kind} lists strings only")
                out.append((text, Cue(kind, kind), kind in (_RELIEF, _PURPOSE)))
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


_Found = tuple[Any, ...]
"""A :class:`Finding` as the classifier keeps it, one flat tuple: ``(dimension, value,
confidence, cue, start, end, note, cue, start, end, note, ...)``, four items per cue (see
:class:`Analysis`)."""


def _finding(found: _Found) -> Finding:
    atoms = iter(found[3:])
    cues = tuple(zip(atoms, atoms, atoms, atoms, strict=True))
    return _new_tuple(Finding, (found[0], found[1], found[2], cues))


def _flat(found: Sequence[Any]) -> _Found:
    """A finding in the flat form, from a :class:`Finding` (or a flat one, as it is)."""
    if len(found) == 4 and isinstance(found[3], tuple):
        return (found[0], found[1], found[2], *itertools.chain.from_iterable(found[3]))
    return tuple(found)


def _flat_all(findings: Iterable[Sequence[Any]]) -> tuple[_Found, ...]:
    return tuple([_flat(found) for found in findings])


@attrs.frozen(repr=False)
class Analysis:
    """What the lexicon classifier found in one text (before it becomes labels).

    ``findings`` gives them as :class:`Finding` records. They are kept as one flat tuple of
    strings and numbers each, which Python's garbage collector stops tracking at its first
    pass; named tuples, or tuples of tuples (one level a pass), it keeps walking in every full
    collection, which cost a loop that keeps its analyses a third of its time (measured).
    """

    text: str
    _found: tuple[_Found, ...] = attrs.field(alias="findings", converter=_flat_all)
    """Each finding flat (see :data:`_Found`); ``Analysis(text, findings)`` also takes
    :class:`Finding` records."""

    @property
    def findings(self) -> tuple[Finding, ...]:
        """What was found, in the order of :data:`DIMENSIONS` (moods after orientation)."""
        return tuple([_finding(found) for found in self._found])

    def get(self, dimension: str) -> Finding | None:
        """The first finding on ``dimension``, or ``None``."""
        for found in self._found:
            if found[0] == dimension:
                return _finding(found)
        return None

    def values(self, dimension: str) -> list[str]:
        """Every value found on ``dimension`` (several for moods and groups)."""
        return [found[1] for found in self._found if found[0] == dimension]

    def __repr__(self) -> str:
        return f"Analysis(text={self.text!r}, findings={self.findings!r})"


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
_CUE = operator.itemgetter(0)
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
        self._unaccented = self.lexicon.unaccented_modifiers
        self._origin_rank = {v: i for i, v in enumerate(self.lexicon.origin_priority)}

    @classmethod
    def from_session(cls, session: Session) -> LexiconClassifier:
        """A lexicon classifier for the taxonomies in force in ``session``."""
        from dlxh.classifiers.taxonomies import taxonomies

        return cls(taxonomies=taxonomies(session))

    # -- analysis --------------------------------------------------------------------------

    def analyse(self, text: str) -> Analysis:
        """Everything the cue lists say about ``text`` (NFC), with the evidence."""
        return _make_analysis(text, tuple(self._findings(text)))

    def _findings(self, text: str) -> list[_Found]:
        """The findings of ``text``, each flat (:data:`_Found`)."""
        # Each kind's matches as (cue, start, end, Cue), in a list indexed by kind (see
        # _KINDS): the first hit of each kind at each start (the others are inside it), none
        # inside a longer one of the same kind.
        by_kind = self._matcher.by_group(text)
        # Every dimension is scored (each is a few operations on the matches of its kind),
        # then those not wanted are left out. A kind with one cue (the usual case) gives its
        # finding at once.
        found = by_kind[0]  # topic
        if found is not None:
            findings = [_best("topic", found)]
        elif self._fallback is not None:
            findings = [_FALLBACK_TOPIC]
        else:
            findings = []
        stances = by_kind[1]  # orientation
        if stances is None:
            findings.append(_NO_STANCE)
        else:
            self._stance(text, stances, by_kind, findings)
        found = by_kind[2]  # breadth
        if found is not None:
            cue, start, end, said = found[0] if len(found) == 1 else max(found, key=_breadth_rank)
            findings.append(("breadth", said[1], 0.9, cue, start, end, ""))
        found = by_kind[3]  # scope
        if found is not None:
            findings.append(_best("scope", found))
        found = by_kind[4]  # origin
        if found is not None:
            if len(found) == 1:
                cue, start, end, said = found[0]
                findings.append(("origin", said[1], 0.8, cue, start, end, ""))
            else:
                rank = self._origin_rank
                first = min(found, key=lambda m: rank.get(m[3][1], 99))[3][1]
                findings.append(_of_value("origin", found, first, 0.8))
        found = by_kind[5]  # interest
        if found is not None:
            if len(found) == 1:
                cue, start, end, said = found[0]
                findings.append(("interest", said[1], 0.7, cue, start, end, ""))
            else:
                level = max(found, key=_interest_rank)[3][1]
                findings.append(_of_value("interest", found, level, 0.7))
        found = by_kind[6]  # group
        if found is not None:
            if len(found) == 1:
                cue, start, end, said = found[0]
                findings.append(("group", said[1], 0.7, cue, start, end, ""))
            else:
                _groups(found, findings)
        if by_kind[8] is not None:  # a recommendation
            found = by_kind[7]  # competent-level
            if found is not None:
                findings.append(_best("competent-level", found))
        if self._every_dimension:
            return findings
        wanted = self.wanted
        return [f for f in findings if f[0] in wanted]

    def _stance(
        self,
        text: str,
        stances: Sequence[_Match],
        by_kind: Sequence[Sequence[_Match] | None],
        findings: list[_Found],
    ) -> None:
        """The orientation of the stance cues (turned by a modifier before them, weighed up
        after a contrast) and their moods."""
        # The modifiers by start (their kind is their payload's); at one start, the kinds in
        # the order of _MODIFIER_KINDS (the sort is stable).
        modifiers: Sequence[_Match] | None = None
        for more in by_kind[10:15]:  # the modifier kinds, in the order of _MODIFIER_KINDS
            if more is not None and modifiers is not None:
                modifiers = sorted([*modifiers, *more], key=_START)
            elif more is not None:
                modifiers = more
        contrast = by_kind[9]
        first_contrast = contrast[0][2] if contrast else None
        purposes = by_kind[15]  # words of purpose (see _PURPOSE)
        if (
            len(stances) == 1
            and modifiers is None
            and (first_contrast is None or first_contrast > stances[0][1])
            and (purposes is None or stances[0][3][1] != _APPROVE)
        ):
            # One stance cue, nothing to turn it or weigh it: what it says.
            cue, start, end, said = stances[0]
            weight = said[2]
            confidence = _CONFIDENCES.get((weight, weight)) or _confidence(weight, weight)
            findings.append(("orientation", said[1], confidence, cue, start, end, ""))
            if said[3] is not None:
                findings.append(("mood", said[3], 0.7, cue, start, end, ""))
            return
        scores: dict[str, float] = {}
        # Per orientation and per mood, the finding being built: its first three items, then
        # the cues that give it, four items each.
        support: dict[str, list[Any]] = {}
        moods: dict[str, list[Any]] = {}
        for cue, start, end, said in stances:
            # said: (kind, orientation, weight, mood, negated, negated mood)
            orientation = said[1]
            weight = said[2]
            mood = said[3]
            note = ""
            if modifiers is not None:
                modifier = self._modifier_before(start, modifiers, text)
                if modifier is not None and (
                    modifier[3][0] == "not-negation"
                    or (modifier[3][0] == _RELIEF and orientation == _APPROVE)
                ):
                    modifier = None  # relief leaves approval as it is
                if modifier is not None:
                    kind = modifier[3][0]
                    mood = said[5]
                    if orientation == _APPROVE:
                        if said[4] is not None:
                            orientation = said[4]
                        elif kind == "negation":
                            orientation = _OPPOSE
                        else:
                            orientation = _UNEASY
                    else:
                        orientation = _APPROVE
                        weight *= 0.5
                    note = f"{kind}: {modifier[0]}"
            if purposes is not None and orientation == _APPROVE:
                purpose = self._modifier_before(start, purposes, text)
                if purpose is not None:
                    # What a purpose clause or a request wishes for: a weak unease.
                    orientation = _UNEASY
                    weight = _WISH
                    mood = None
                    note = f"{_PURPOSE}: {purpose[0]}"
            if first_contrast is not None and first_contrast <= start:
                weight *= 1.5
            kept = support.get(orientation)
            if kept is None:
                support[orientation] = ["orientation", orientation, 0.0, cue, start, end, note]
                scores[orientation] = weight
            else:
                kept += (cue, start, end, note)
                scores[orientation] += weight
            if mood is not None:
                kept = moods.get(mood)
                if kept is None:
                    moods[mood] = ["mood", mood, 0.7, cue, start, end, note]
                else:
                    kept += (cue, start, end, note)
        if len(scores) > 1:
            best, top = _highest(scores)
            total = sum(scores.values())
        else:
            best = orientation
            top = total = scores[best]
        chosen = support[best]
        chosen[2] = _CONFIDENCES.get((top, total)) or _confidence(top, total)
        findings.append(tuple(chosen))
        findings.extend(map(tuple, moods.values()))

    def _modifier_before(
        self, start: int, modifiers: Sequence[_Match], text: str
    ) -> _Match | None:
        """The modifier that ends at most ``window`` syllables before ``start`` in the same
        clause, the nearest one."""
        chosen = None
        for mod in modifiers:
            if mod[2] > start:
                break
            gap = text[mod[2] : start]
            if gap and not _CLAUSE_BREAKS.isdisjoint(gap):
                continue
            if len(gap.split()) <= self._window and not _written_otherwise(
                mod, text, self._unaccented
            ):
                chosen = mod
        return chosen

    # -- the Classifier interface ----------------------------------------------------------

    def classify(self, items: Sequence[OpinionItem]) -> list[list[Label]]:
        """Labels for each item, with the cues as evidence; one timestamp per call."""
        now = dt.datetime.now(dt.UTC)
        findings = self._findings
        name = self.name
        version = self.version
        out: list[list[Label]] = []
        # The classes and the review state as locals: read once per call, not per record.
        label_twin, evidence_twin, label_class, evidence_class = (
            _LabelTwin, _EvidenceTwin, Label, Evidence
        )
        unreviewed = _UNREVIEWED
        # What _label does, inlined, each record built through the unfrozen twin of its class
        # (see dlxh.model._trusted): a call per label and per evidence is a good part of the
        # cost here. What the checks of Label and Evidence hold, holds by construction (see
        # _label).
        with collector_paused():
            for item in items:
                labels = []
                evidence: tuple[Evidence, ...] = ()
                last: _Found = ()
                for found in findings(item.text):
                    # A finding is unpacked into locals at once rather than read by subscript
                    # field by field, and its cues are built without a loop for the usual
                    # sizes: one cue (7 items), none (3), two (11).
                    size = len(found)
                    if size == 7:
                        dimension, value, confidence, cue, start, end, note = found
                        if dimension != "mood" or not (
                            # found[3:] == last[3:], without making the two slices
                            len(last) == 7
                            and start == last[4]
                            and cue == last[3]
                            and end == last[5]
                            and note == last[6]
                        ):
                            one = evidence_twin()
                            one.cue = cue
                            one.start = start
                            one.end = end
                            one.note = note
                            one.__class__ = evidence_class
                            evidence = (one,)
                        # else: a mood from the stance cue just labelled, the same evidence
                    elif size == 3:
                        dimension, value, confidence = found
                        evidence = ()
                    elif size == 11:
                        (dimension, value, confidence,
                         cue, start, end, note, cue2, start2, end2, note2) = found
                        one = evidence_twin()
                        one.cue = cue
                        one.start = start
                        one.end = end
                        one.note = note
                        one.__class__ = evidence_class
                        two = evidence_twin()
                        two.cue = cue2
                        two.start = start2
                        two.end = end2
                        two.note = note2
                        two.__class__ = evidence_class
                        evidence = (one, two)
                    else:
                        dimension = found[0]
                        value = found[1]
                        confidence = found[2]
                        cues = []
                        for at in range(3, size, 4):
                            one = evidence_twin()
                            one.cue = found[at]
                            one.start = found[at + 1]
                            one.end = found[at + 2]
                            one.note = found[at + 3]
                            one.__class__ = evidence_class
                            cues.append(one)
                        evidence = tuple(cues)
                    last = found
                    label = label_twin()
                    label.dimension = dimension
                    label.value = value
                    label.confidence = confidence
                    label.classifier = name
                    label.classifier_version = version
                    label.assigned_at = now
                    label.review = unreviewed
                    label.reviewed_by = None
                    label.reviewed_at = None
                    label.evidence = evidence
                    label.__class__ = label_class
                    labels.append(label)
                out.append(labels)
        return out

    def labels(self, analysis: Analysis, assigned_at: dt.datetime | None = None) -> list[Label]:
        """The :class:`~dlxh.model.opinions.Label` objects of an :class:`Analysis`."""
        return [_label(self.name, self.version, assigned_at, f) for f in analysis._found]


_FALLBACK_TOPIC: _Found = ("topic", FALLBACK_TOPIC, 0.2)
_NO_STANCE: _Found = ("orientation", _UNCLEAR, 0.45)
_Match = tuple[str, int, int, Cue]
"""A cue found in a text: as listed, its start and end offsets, and what it says."""
_Evidence = tuple[str, int, int, str]
"""A cue that gave a finding: as listed, its start and end offsets, and a note."""

_new_tuple = tuple.__new__
_UNREVIEWED = ReviewState.UNREVIEWED
_make_label = trusted_constructor(Label)
_make_evidence = trusted_constructor(Evidence)
_LabelTwin = unfrozen_twin(Label)
_EvidenceTwin = unfrozen_twin(Evidence)
_make_analysis = trusted_constructor(Analysis)


def _evidence(found: _Found) -> tuple[Evidence, ...]:
    """The cues of a flat finding as :class:`~dlxh.model.opinions.Evidence`."""
    if len(found) == 7:
        return (_make_evidence(found[3], found[4], found[5], found[6]),)
    atoms = iter(found[3:])
    return tuple([_make_evidence(*cue) for cue in zip(atoms, atoms, atoms, atoms, strict=True)])


def _label(
    classifier: str, version: str, assigned_at: dt.datetime | None, found: _Found
) -> Label:
    """The label of a finding, built without running the converters and validators of
    :class:`Label` and :class:`Evidence` again: what they check holds by construction (the
    dimension is one of :data:`DIMENSIONS`, the value a code of a taxonomy or an enumeration,
    the confidence between 0.2 and 0.95, the cues NFC as the matcher keeps them). The test
    suite checks that the result equals the validated construction. Building labels is the
    largest part of :meth:`LexiconClassifier.classify` after the analysis."""
    return _make_label(
        found[0], found[1], found[2], classifier, version, assigned_at, _UNREVIEWED,
        None, None, _evidence(found),
    )


def _breadth_rank(m: _Match) -> int:
    return _BREADTH_RANK[m[3][1]]


def _interest_rank(m: _Match) -> int:
    return _INTEREST_RANK[m[3][1]]


def _best(dimension: str, found: Sequence[_Match]) -> _Found:
    """The value with the highest sum of cue weights (a cue repeated counts at most twice:
    long texts should not win by repetition); ties go to the value whose first cue came
    first."""
    chosen: list[Any]
    if len(found) == 1:
        cue, start, end, said = found[0]
        weight = said[2]
        confidence = _CONFIDENCES.get((weight, weight)) or _confidence(weight, weight)
        return (dimension, said[1], confidence, cue, start, end, "")
    scores: dict[str, float] = {}
    if len(found) < 3 or len(set(map(_CUE, found))) == len(found):
        # No cue comes three times: nothing to cap. Most often every cue gives one value.
        value = found[0][3][1]
        top = 0.0
        chosen = [dimension, value, 0.0]
        for cue, start, end, said in found:
            if said[1] != value:
                break
            top += said[2]
            chosen += (cue, start, end, "")
        else:
            chosen[2] = _CONFIDENCES.get((top, top)) or _confidence(top, top)
            return tuple(chosen)
        for m in found:
            said = m[3]
            scores[said[1]] = scores.get(said[1], 0.0) + said[2]
    else:
        seen: dict[tuple[str, str], int] = {}
        for m in found:
            said = m[3]
            pair = (m[0], said[1])
            times = seen.get(pair, 0)
            if times < 2:
                scores[said[1]] = scores.get(said[1], 0.0) + said[2]
                seen[pair] = times + 1
    if len(scores) == 1:
        (best,) = scores
        top = total = scores[best]
        chosen = [dimension, best, 0.0]
        for cue, start, end, _ in found:
            chosen += (cue, start, end, "")
    else:
        # max(scores, key=scores.get), the first of equal ones (dicts keep insertion order),
        # and sum(scores.values()), in one loop.
        best = ""
        top = total = 0.0
        for value, score in scores.items():
            if not best or score > top:
                best, top = value, score
            total += score
        chosen = [dimension, best, 0.0]
        for cue, start, end, said in found:
            if said[1] == best:
                chosen += (cue, start, end, "")
    chosen[2] = _CONFIDENCES.get((top, total)) or _confidence(top, total)
    return tuple(chosen)


def _highest(scores: Mapping[str, float]) -> tuple[str, float]:
    """The value with the highest score, the first of equal ones (dicts keep insertion
    order), and its score: ``max(scores, key=scores.__getitem__)`` without the cost of
    ``max`` parsing its keyword."""
    pairs = iter(scores.items())
    best, top = next(pairs)
    for value, score in pairs:
        if score > top:
            best, top = value, score
    return best, top


def _of_value(kind: str, found: Sequence[_Match], value: str, confidence: float) -> _Found:
    """The finding ``value`` of a kind, with every cue of ``found`` that gives it."""
    chosen: list[Any] = [kind, value, confidence]
    for cue, start, end, said in found:
        if said[1] == value:
            chosen += (cue, start, end, "")
    return tuple(chosen)


def _groups(found: Sequence[_Match], findings: list[_Found]) -> None:
    by_value: dict[str, list[Any]] = {}
    for cue, start, end, said in found:
        kept = by_value.get(said[1])
        if kept is None:
            by_value[said[1]] = ["group", said[1], 0.7, cue, start, end, ""]
        else:
            kept += (cue, start, end, "")
    if len(by_value) > 1:
        by_value.pop("general-public", None)
    findings.extend(map(tuple, by_value.values()))


@functools.lru_cache(maxsize=8)
def _compiled(lexicon: Lexicon, taxonomies: tuple[tuple[str, Taxonomy], ...]) -> CueMatcher[Cue]:
    return CueMatcher(lexicon.cues(dict(taxonomies)), lexicon.words, group=_KIND, groups=_KINDS)


_KINDS = (
    "topic",
    "orientation",
    "breadth",
    "scope",
    "origin",
    "interest",
    "group",
    "competent-level",
    "recommendation",
    "contrast",
    *_MODIFIER_KINDS,
    _PURPOSE,
)
"""The kinds of cues, numbered as :meth:`LexiconClassifier._findings` reads them: the
matcher sorts a text's matches into a list by kind in this order."""

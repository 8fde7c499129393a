"""Stable pseudonyms for collaborators, and what a level may send upward.

Collaborators' identities are sensitive (DOMAIN.md §5): a synthesis or an export that leaves a
level names places and groups, never the people who reported. :class:`Pseudonymizer` gives each
collaborator a stable pseudonym, ``HMAC-SHA256(secret, id)``: the same secret gives the same
pseudonym in every run and on every machine (so that the level above can follow "collaborator
CTV-3f9a…" from month to month), a different secret gives unrelated pseudonyms, and nobody
without the secret can go back from a pseudonym to the person.

:func:`for_upward_export` applies the rule to a roster and to items: names, phone numbers, ID
numbers and e-mail addresses are replaced, free text goes through
:func:`dlxh.exporters.redaction.redact_text`, and the names of the roster's people are replaced
by their pseudonyms wherever they appear in free text. Only ``reveal_identities=True`` turns
this off.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from dlxh.errors import ConfigurationError
from dlxh.exporters.redaction import redact_text
from dlxh.model.network import Collaborator
from dlxh.model.opinions import Evidence, Label, OpinionItem
from dlxh.text.normalization import fold

__all__ = [
    "MIN_SECRET_BYTES",
    "NameReplacer",
    "Pseudonymizer",
    "UpwardExport",
    "for_upward_export",
    "pseudonymise_collaborators",
    "pseudonymise_items",
]

MIN_SECRET_BYTES = 16
"""The shortest secret accepted: a short one could be found by trying, and every pseudonym
would then give its person away (ids such as ``CTV-0001`` are easy to guess)."""

_WORD = re.compile(r"\w+", re.UNICODE)


def _secret_bytes(secret: bytes | str) -> bytes:
    raw = secret.encode("utf-8") if isinstance(secret, str) else bytes(secret)
    if len(raw) < MIN_SECRET_BYTES:
        raise ConfigurationError(
            f"a pseudonym secret needs at least {MIN_SECRET_BYTES} bytes, got {len(raw)}; "
            "keep it at the level that owns the roster and never send it upward"
        )
    return raw


class Pseudonymizer:
    """Stable pseudonyms ``"<prefix>-<hex>"`` from a caller's secret.

    >>> p = Pseudonymizer(b"0123456789abcdef-secret")
    >>> p.pseudonym("CTV-0001") == p.pseudonym("CTV-0001")
    True
    >>> p.pseudonym("CTV-0001").startswith("CTV-")
    True

    ``kind`` separates namespaces: the same value pseudonymised as a ``"person"`` and as a
    ``"phone"`` gives two unrelated pseudonyms. ``length`` is the number of hex digits kept
    (16 by default: 64 bits, no collision to expect in any real network).
    """

    def __init__(self, secret: bytes | str, *, prefix: str = "CTV", length: int = 16) -> None:
        if not 8 <= length <= 64:
            raise ConfigurationError(f"a pseudonym keeps 8 to 64 hex digits, not {length}")
        if not prefix or not prefix.isascii() or not prefix.replace("-", "").isalnum():
            raise ConfigurationError(f"a pseudonym prefix is short ASCII, got {prefix!r}")
        self._key = _secret_bytes(secret)
        self.prefix = prefix
        self.length = length

    def __repr__(self) -> str:  # never show the secret
        return f"Pseudonymizer(prefix={self.prefix!r}, length={self.length})"

    def digest(self, value: str, kind: str = "person") -> str:
        """The full HMAC-SHA256 hex digest of ``value`` (NFC, stripped) in namespace ``kind``."""
        text = unicodedata.normalize("NFC", value).strip()
        message = f"{kind}\x1f{text}".encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()

    def pseudonym(self, value: str, kind: str = "person") -> str:
        """The pseudonym of ``value``: ``"CTV-"`` and the first ``length`` hex digits."""
        return f"{self.prefix}-{self.digest(value, kind)[: self.length]}"


def _fold_name(text: str) -> str:
    # Folded (no case, no diacritics): a name typed without its accents is still a name;
    # replacing a namesake too is the safe way to err.
    return fold(text)


class NameReplacer:
    """Replaces known names in free text by a replacement each, whole words only, matching
    without regard to case or diacritics (``"NGUYEN VAN AN"`` is ``"Nguyễn Văn An"``).

    Names of a single word are ignored (too often an ordinary word). Linear in the text:
    runs of two to ``longest`` words of the text are looked up in a dictionary of names, so
    a roster of thousands of names costs no more per text than a roster of ten."""

    def __init__(self, replacements: Mapping[str, str]) -> None:
        self._table: dict[tuple[str, ...], str] = {}
        longest = 0
        for name, replacement in replacements.items():
            words = tuple(_fold_name(w) for w in _WORD.findall(name))
            if len(words) >= 2:
                self._table[words] = replacement
                longest = max(longest, len(words))
        self._longest = longest

    def __call__(self, text: str) -> str:
        if not text or not self._table:
            return text
        text = unicodedata.normalize("NFC", text)
        spans = [(m.start(), m.end(), _fold_name(m.group(0))) for m in _WORD.finditer(text)]
        out: list[str] = []
        position = 0
        i = 0
        while i < len(spans):
            replaced = False
            for size in range(min(self._longest, len(spans) - i), 1, -1):
                key = tuple(s[2] for s in spans[i : i + size])
                replacement = self._table.get(key)
                if replacement is not None:
                    out.append(text[position : spans[i][0]])
                    out.append(replacement)
                    position = spans[i + size - 1][1]
                    i += size
                    replaced = True
                    break
            if not replaced:
                i += 1
        out.append(text[position:])
        return "".join(out)


def _scrub(text: str, names: NameReplacer) -> str:
    return redact_text(names(text))


def _scrub_opt(text: str | None, names: NameReplacer) -> str | None:
    return None if text is None else _scrub(text, names)


def pseudonymise_collaborators(
    collaborators: Iterable[Collaborator], pseudonymizer: Pseudonymizer
) -> list[Collaborator]:
    """The roster fit to leave the level: ``id`` and ``name`` become the pseudonym; phone, ID
    number, e-mail and birth year (a quasi-identifier; the age band stays) are removed; the
    appointment decision goes through :func:`~dlxh.exporters.redaction.redact_text`. Place,
    role, groups and the other attributes that representativeness needs are kept."""
    out: list[Collaborator] = []
    for c in collaborators:
        alias = pseudonymizer.pseudonym(c.id)
        decision = c.appointment_decision
        out.append(
            attrs.evolve(
                c,
                id=alias,
                name=alias,
                phone=None,
                id_number=None,
                email=None,
                birth_year=None,
                appointment_decision=None if decision is None else redact_text(decision),
                source=None,
            )
        )
    return out


def _label(label: Label, names: NameReplacer) -> Label:
    if not label.evidence and label.reviewed_by is None:
        return label
    evidence: Any = tuple(
        Evidence(_scrub(e.cue, names), e.start, e.end, _scrub(e.note, names))
        for e in label.evidence
    )
    return attrs.evolve(label, evidence=evidence, reviewed_by=None)


def pseudonymise_items(
    items: Iterable[OpinionItem],
    pseudonymizer: Pseudonymizer,
    roster: Iterable[Collaborator] = (),
) -> list[OpinionItem]:
    """Items fit to leave the level: ``reporter_id`` becomes the reporter's pseudonym (so the
    level above can still count per collaborator), the names of the ``roster``'s people are
    replaced by their pseudonyms in the text, reasons, place, extra fields and label
    evidence, and phone, ID and e-mail are redacted there too. The item ids, dates, units and
    labels stay, so a synthesis above can still point back to the items."""
    names = NameReplacer({c.name: pseudonymizer.pseudonym(c.id) for c in roster})
    out: list[OpinionItem] = []
    for item in items:
        reporter = item.reporter_id
        extra: Any = tuple((k, _scrub(v, names)) for k, v in item.extra)
        out.append(
            attrs.evolve(
                item,
                text=_scrub(item.text, names),
                place_text=_scrub_opt(item.place_text, names),
                reporter_id=None if reporter is None else pseudonymizer.pseudonym(reporter),
                reasons=tuple(_scrub(r, names) for r in item.reasons),
                extra=extra,
                labels=tuple(_label(lb, names) for lb in item.labels),
            )
        )
    return out


def _people(values: Iterable[Collaborator]) -> tuple[Collaborator, ...]:
    return tuple(values)


def _items(values: Iterable[OpinionItem]) -> tuple[OpinionItem, ...]:
    return tuple(values)


@attrs.frozen
class UpwardExport:
    """A roster and items ready to leave the level (see :func:`for_upward_export`).

    ``pseudonymised`` is ``False`` only when the caller asked for identities explicitly.
    """

    collaborators: tuple[Collaborator, ...] = attrs.field(converter=_people)
    items: tuple[OpinionItem, ...] = attrs.field(converter=_items)
    pseudonymised: bool = True

    def records(self) -> list[Collaborator | OpinionItem]:
        """The collaborators then the items, as one list (``dlxh.write(x.records(),
        "len-tren.json")`` writes them as one exchange document)."""
        return [*self.collaborators, *self.items]


def for_upward_export(
    collaborators: Sequence[Collaborator] = (),
    items: Sequence[OpinionItem] = (),
    *,
    secret: bytes | str | Pseudonymizer | None = None,
    reveal_identities: bool = False,
) -> UpwardExport:
    """The collaborators and items fit for an export to the level above.

    By default every collaborator gets the stable pseudonym of ``secret`` (see
    :func:`pseudonymise_collaborators`, :func:`pseudonymise_items`); ``secret`` is then
    required. ``reveal_identities=True`` is the explicit request to send names and contact
    details as they are (for a recipient entitled to them): the records are returned
    unchanged.
    """
    if reveal_identities:
        return UpwardExport(collaborators, items, pseudonymised=False)
    if secret is None:
        raise ConfigurationError(
            "an upward export needs a pseudonym secret (secret=...), or reveal_identities=True "
            "to send identities on purpose"
        )
    pseudonymizer = secret if isinstance(secret, Pseudonymizer) else Pseudonymizer(secret)
    return UpwardExport(
        pseudonymise_collaborators(collaborators, pseudonymizer),
        pseudonymise_items(items, pseudonymizer, collaborators),
        pseudonymised=True,
    )

"""Reports and their sections (DOMAIN.md §3)."""

from __future__ import annotations

import datetime as dt

import attrs

from dlxh.model.enums import ReportKind
from dlxh.model.fields import check_id, nfc, nfc_opt, nfc_tuple, sorted_str_tuple
from dlxh.model.periods import Period
from dlxh.model.sources import SourceRef

__all__ = ["Report", "Section"]


def _sections(values: tuple[Section, ...] | list[Section]) -> tuple[Section, ...]:
    return tuple(values)


@attrs.frozen
class Section:
    """A numbered section of a report (``"I."``, ``"1."``, ``"a)"``), with its paragraphs,
    the items and streams it presents, and its subsections."""

    title: str = attrs.field(converter=nfc)
    number: str = ""
    paragraphs: tuple[str, ...] = attrs.field(default=(), converter=nfc_tuple)
    item_ids: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    stream_ids: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    subsections: tuple[Section, ...] = attrs.field(default=(), converter=_sections)


@attrs.frozen
class Report:
    """A report as an organisation sends it: header (issuing body, number and symbol, place and
    date), kind, period, unit, numbered sections, recipients and signature; ``revision`` counts
    re-imports with changes (the old revision is kept by the store)."""

    id: str = attrs.field(validator=check_id)
    kind: ReportKind = attrs.field(converter=ReportKind)
    title: str = attrs.field(converter=nfc)
    period: Period | None = None
    unit: str | None = None
    organisation_id: str | None = None
    issuer: str | None = attrs.field(default=None, converter=nfc_opt)
    """The issuing body as written in the header."""
    issuer_parent: str | None = attrs.field(default=None, converter=nfc_opt)
    number: str | None = attrs.field(default=None, converter=nfc_opt)
    """Number and symbol (*số, ký hiệu*), e.g. ``"15/BC-MTTQ"``."""
    place: str | None = attrs.field(default=None, converter=nfc_opt)
    """Place name of the place-and-date line."""
    issued_on: dt.date | None = None
    submitted_at: dt.datetime | None = None
    summary: str | None = attrs.field(default=None, converter=nfc_opt)
    sections: tuple[Section, ...] = attrs.field(default=(), converter=_sections)
    item_ids: tuple[str, ...] = attrs.field(default=(), converter=sorted_str_tuple)
    recommendation_ids: tuple[str, ...] = attrs.field(default=(), converter=sorted_str_tuple)
    recipients: tuple[str, ...] = attrs.field(default=(), converter=nfc_tuple)
    signer_title: str | None = attrs.field(default=None, converter=nfc_opt)
    signer_name: str | None = attrs.field(default=None, converter=nfc_opt)
    revision: int = 1
    supersedes: str | None = None
    """Id of the revision this one replaces."""
    source: SourceRef | None = None

    def walk(self) -> list[Section]:
        """Every section, depth first, in document order."""
        out: list[Section] = []
        stack = list(reversed(self.sections))
        while stack:
            section = stack.pop()
            out.append(section)
            stack.extend(reversed(section.subsections))
        return out

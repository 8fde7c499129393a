"""Contracts that end soon, and the evaluation (*xếp loại*) of collaborators for a period.

The grading is configurable: a :class:`GradingScheme` is a list of :class:`GradeRule`, best
first; a collaborator gets the first grade whose every condition holds, or the scheme's
``fallback``. A condition on a share that could not be measured (no schedule given, no
synthesis given, no item sent) is not applied. The default scheme uses the four levels of
the usual Vietnamese evaluation and thresholds meant for a month: give your own for other
periods or practices.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

import attrs

from dlxh.errors import ConfigurationError
from dlxh.exporters.document import Cell, Table
from dlxh.model.network import Collaborator
from dlxh.network.activity import Activity, CollaboratorActivity

__all__ = [
    "ExpiringContract",
    "ExpiringContracts",
    "Grade",
    "GradeRule",
    "Grading",
    "GradingScheme",
    "expiring_contracts",
    "grade",
]


@attrs.frozen
class ExpiringContract:
    """A collaborator whose contract ends within the window (or has ended while the
    collaborator is still listed as active)."""

    collaborator_id: str
    name: str
    unit: str | None
    contract_end: dt.date
    days_left: int
    """Negative when the contract has already ended."""


@attrs.frozen
class ExpiringContracts:
    """The result of :func:`expiring_contracts`, soonest first."""

    today: dt.date
    within_days: int
    contracts: tuple[ExpiringContract, ...]

    def __len__(self) -> int:
        return len(self.contracts)

    def table(self, *, identities: bool = True) -> Table:
        """One row per contract; the name column is kept unless ``identities=False``."""
        rows: list[list[Cell]] = [
            [e.collaborator_id, *([e.name] if identities else []), e.unit or "",
             e.contract_end, e.days_left]
            for e in self.contracts
        ]
        return Table(f"Hợp đồng cộng tác viên hết hạn trong {self.within_days} ngày",
                     ["Mã CTV", *(["Họ và tên"] if identities else []), "Mã đơn vị",
                      "Ngày kết thúc hợp đồng", "Số ngày còn lại"], rows)


def expiring_contracts(
    collaborators: Iterable[Collaborator],
    within_days: int = 30,
    *,
    today: dt.date | None = None,
    include_overdue: bool = True,
) -> ExpiringContracts:
    """Active collaborators whose contract ends between ``today`` and ``within_days`` days
    later (both included), and, with ``include_overdue``, those still active whose contract
    has already ended."""
    if within_days < 0:
        raise ConfigurationError("within_days cannot be negative")
    day = today or dt.date.today()
    found: list[ExpiringContract] = []
    for c in collaborators:
        if not c.active or c.contract_end is None:
            continue
        left = (c.contract_end - day).days
        if left <= within_days and (left >= 0 or include_overdue):
            found.append(ExpiringContract(c.id, c.name, c.unit, c.contract_end, left))
    found.sort(key=lambda e: (e.contract_end, e.collaborator_id))
    return ExpiringContracts(day, within_days, tuple(found))


@attrs.frozen
class GradeRule:
    """The conditions for one grade; ``None`` leaves a condition out."""

    grade: str
    min_items: int = 0
    min_on_time_share: float | None = None
    min_taken_share: float | None = None
    max_longest_silence: int | None = None

    def failures(self, row: CollaboratorActivity) -> list[str]:
        """Why ``row`` does not reach this grade (empty: it does)."""
        why: list[str] = []
        if row.items < self.min_items:
            why.append(f"gửi {row.items} tin, cần ít nhất {self.min_items}")
        share = row.on_time_share
        if self.min_on_time_share is not None and share is not None \
                and share < self.min_on_time_share:
            why.append(f"đúng hạn {share:.0%}, cần {self.min_on_time_share:.0%}")
        taken = row.taken_share
        if self.min_taken_share is not None and taken is not None \
                and taken < self.min_taken_share:
            why.append(f"được sử dụng {taken:.0%}, cần {self.min_taken_share:.0%}")
        if self.max_longest_silence is not None \
                and row.longest_silence > self.max_longest_silence:
            why.append(f"im lặng {row.longest_silence} kỳ liên tiếp, "
                       f"tối đa {self.max_longest_silence}")
        return why


def _rules(values: Iterable[GradeRule]) -> tuple[GradeRule, ...]:
    return tuple(values)


@attrs.frozen
class GradingScheme:
    """Grades best first, and the grade of those who reach none of them."""

    rules: tuple[GradeRule, ...] = attrs.field(converter=_rules)
    fallback: str = "Không hoàn thành nhiệm vụ"

    @classmethod
    def default(cls) -> GradingScheme:
        """The four usual levels, thresholds for a month."""
        return cls((
            GradeRule("Hoàn thành xuất sắc nhiệm vụ", min_items=4, min_on_time_share=0.9,
                      min_taken_share=0.5, max_longest_silence=0),
            GradeRule("Hoàn thành tốt nhiệm vụ", min_items=2, min_on_time_share=0.75,
                      min_taken_share=0.25, max_longest_silence=1),
            GradeRule("Hoàn thành nhiệm vụ", min_items=1, min_on_time_share=0.5),
        ))

    @property
    def grades(self) -> tuple[str, ...]:
        """Every grade, best first, the fallback last."""
        return (*(r.grade for r in self.rules), self.fallback)


@attrs.frozen
class Grade:
    """One collaborator's grade, and why the grade above was not reached."""

    collaborator_id: str
    grade: str
    rank: int
    """0 for the best grade."""
    short_of_next: tuple[str, ...]


@attrs.frozen
class Grading:
    """The result of :func:`grade`."""

    scheme: GradingScheme
    grades: tuple[Grade, ...]
    period_label: str

    def counts(self) -> dict[str, int]:
        """How many collaborators got each grade (every grade listed, best first)."""
        found = Counter(g.grade for g in self.grades)
        return {name: found[name] for name in self.scheme.grades}

    def get(self, collaborator_id: str) -> Grade:
        """The grade of one collaborator."""
        for g in self.grades:
            if g.collaborator_id == collaborator_id:
                return g
        raise KeyError(f"no collaborator {collaborator_id!r} was graded")

    def table(self) -> Table:
        """One row per collaborator."""
        rows: list[list[Cell]] = [
            [g.collaborator_id, g.grade, "; ".join(g.short_of_next)] for g in self.grades
        ]
        return Table(f"Xếp loại cộng tác viên: {self.period_label}",
                     ["Mã CTV", "Xếp loại", "Chưa đạt mức trên vì"], rows)


def grade(result: Activity, scheme: GradingScheme | None = None, *,
          active_only: bool = True) -> Grading:
    """Grade every collaborator of an :func:`~dlxh.network.activity` result."""
    scheme = scheme or GradingScheme.default()
    out: list[Grade] = []
    for row in result.collaborators:
        if active_only and not row.active:
            continue
        chosen = next((rank for rank, rule in enumerate(scheme.rules)
                       if not rule.failures(row)), len(scheme.rules))
        name = scheme.rules[chosen].grade if chosen < len(scheme.rules) else scheme.fallback
        short = tuple(scheme.rules[chosen - 1].failures(row)) if chosen > 0 else ()
        out.append(Grade(row.collaborator_id, name, chosen, short))
    return Grading(scheme, tuple(out), result.period.label)

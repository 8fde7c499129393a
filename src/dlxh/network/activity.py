"""Activity of collaborators and units over a period: items sent, timeliness, usefulness,
silence.

For each collaborator of the roster, :func:`activity` counts the items of the period that
name them as reporter (``OpinionItem.reporter_id``), and, when asked:

- **on time** (*kịp thời*): an item is on time when it was sent no later than the deadline
  of its reporting period under ``schedule`` (computed by
  :func:`dlxh.text.deadlines.due_date`, working days and holidays included). The reporting
  period of an item is the period of the schedule's kind holding the item's date (a weekly
  schedule judges each item by the deadline of its week, also in a monthly evaluation). The
  day an item was *sent* is, in this order: ``sent_on[item.id]``, the ``submitted_at`` (else
  ``issued_on``) of its report in ``reports``, else the item's own date;
- **taken into a synthesis** (*được sử dụng*): the share of its items whose id is in
  ``synthesised`` (the ids that a synthesis's streams point to, e.g. the union of
  ``stream.item_ids``);
- **silence**: the periods of ``streak_kind`` (the evaluated period's kind by default) with no
  item, counted back over ``history`` periods ending with the one that holds the period's
  last day; periods before the collaborator's appointment or contract start do not count.
  Pass the items of earlier periods too for silence to see them.

An item counts for the period when its date is in the period; items with no date count for
no period (they are reported in :attr:`Activity.undated`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping

import attrs

from dlxh.errors import ConfigurationError
from dlxh.exporters.document import Cell, Table
from dlxh.model.enums import CollaboratorRole
from dlxh.model.network import Collaborator
from dlxh.model.opinions import OpinionItem, OpinionStream
from dlxh.model.periods import Period, PeriodKind, Schedule
from dlxh.model.reports import Report
from dlxh.text.deadlines import WorkCalendar, due_date

__all__ = ["Activity", "CollaboratorActivity", "UnitActivity", "activity", "taken_item_ids"]

_COMPUTED = (PeriodKind.WEEK, PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF,
             PeriodKind.YEAR)


def _share(part: int | None, whole: int | None) -> float | None:
    if part is None or not whole:
        return None
    return part / whole


@attrs.frozen
class CollaboratorActivity:
    """One collaborator's figures for the period."""

    collaborator_id: str
    name: str
    unit: str | None
    role: CollaboratorRole
    active: bool
    items: int
    on_time: int | None
    """Items sent by their deadline (``None`` without a schedule)."""
    late: int | None
    taken: int | None
    """Items taken into a synthesis (``None`` when ``synthesised`` was not given)."""
    current_silence: int
    """Consecutive silent periods ending with the last one."""
    longest_silence: int
    periods_observed: int
    """Periods of the silence window during which the collaborator served."""

    @property
    def on_time_share(self) -> float | None:
        """Share of the items sent on time (``None``: no schedule, or no item)."""
        judged = None if self.on_time is None or self.late is None else self.on_time + self.late
        return _share(self.on_time, judged)

    @property
    def taken_share(self) -> float | None:
        """Share of the items taken into a synthesis (``None``: not asked, or no item)."""
        return _share(self.taken, self.items)


@attrs.frozen
class UnitActivity:
    """The figures of the collaborators placed in one unit."""

    unit: str
    collaborators: int
    active_collaborators: int
    silent_collaborators: int
    """Active collaborators who sent nothing in the period."""
    items: int
    on_time: int | None
    late: int | None
    taken: int | None

    @property
    def on_time_share(self) -> float | None:
        """Share of the unit's items sent on time."""
        judged = None if self.on_time is None or self.late is None else self.on_time + self.late
        return _share(self.on_time, judged)

    @property
    def taken_share(self) -> float | None:
        """Share of the unit's items taken into a synthesis."""
        return _share(self.taken, self.items)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


@attrs.frozen
class Activity:
    """The result of :func:`activity`."""

    period: Period
    collaborators: tuple[CollaboratorActivity, ...]
    units: tuple[UnitActivity, ...]
    unknown_reporters: tuple[tuple[str, int], ...]
    """Reporter ids of the period's items that are not on the roster, with their counts."""
    anonymous_items: int
    """Items of the period with no reporter."""
    undated: int
    """Items with no date (they count for no period)."""
    streak_kind: PeriodKind
    history: int

    def get(self, collaborator_id: str) -> CollaboratorActivity:
        """The figures of one collaborator."""
        for row in self.collaborators:
            if row.collaborator_id == collaborator_id:
                return row
        raise KeyError(f"no collaborator {collaborator_id!r} in the roster")

    def table(self, *, identities: bool = False) -> Table:
        """One row per collaborator. Names are left out unless ``identities=True``: the
        table is meant to be shared (use pseudonymised ids for anything sent upward)."""
        columns = ["Mã CTV", *(["Họ và tên"] if identities else []), "Mã đơn vị", "Vai trò",
                   "Số tin gửi", "Đúng hạn", "Trễ hạn", "Tỷ lệ đúng hạn", "Được sử dụng",
                   "Tỷ lệ được sử dụng", "Số kỳ im lặng liên tiếp", "Số kỳ im lặng dài nhất"]
        rows: list[list[Cell]] = []
        for r in self.collaborators:
            rows.append([r.collaborator_id, *([r.name] if identities else []), r.unit or "",
                         r.role.label, r.items, r.on_time, r.late, _round(r.on_time_share),
                         r.taken, _round(r.taken_share), r.current_silence, r.longest_silence])
        return Table(f"Hoạt động của cộng tác viên: {self.period.label}", columns, rows,
                     note=f"Im lặng tính theo kỳ {self.streak_kind.label.lower()}, "
                          f"{self.history} kỳ gần nhất.")

    def unit_table(self) -> Table:
        """One row per unit."""
        rows: list[list[Cell]] = [
            [u.unit, u.collaborators, u.active_collaborators, u.silent_collaborators, u.items,
             u.on_time, u.late, _round(u.on_time_share), u.taken, _round(u.taken_share)]
            for u in self.units
        ]
        return Table(f"Hoạt động theo địa bàn: {self.period.label}",
                     ["Mã đơn vị", "Số CTV", "CTV đang hoạt động", "CTV không gửi tin",
                      "Số tin gửi", "Đúng hạn", "Trễ hạn", "Tỷ lệ đúng hạn", "Được sử dụng",
                      "Tỷ lệ được sử dụng"], rows)


SentOn = Mapping[str, dt.date] | Callable[[OpinionItem], dt.date | None]


def taken_item_ids(*sources: object) -> frozenset[str]:
    """The ids of the items that syntheses used, for ``activity(..., synthesised=...)``.

    Each source is a synthesis (any object with a ``streams`` attribute), an opinion
    stream, a :class:`~dlxh.model.reports.Report` (the items its sections present), or an
    iterable of these. A synthesis's rumours are not counted as used: only its streams'
    ``item_ids`` are.
    """
    found: set[str] = set()

    def visit(obj: object) -> None:
        if isinstance(obj, OpinionStream):
            found.update(obj.item_ids)
        elif isinstance(obj, Report):
            found.update(obj.item_ids)
            for section in obj.walk():
                found.update(section.item_ids)
        elif hasattr(obj, "streams"):
            visit(obj.streams)
        elif isinstance(obj, Iterable) and not isinstance(obj, str | bytes):
            for part in obj:
                visit(part)
        else:
            raise TypeError(f"cannot find used items in a {type(obj).__name__}")

    for source in sources:
        visit(source)
    return frozenset(found)


def _sent_on_function(sent_on: SentOn | None,
                      reports: Iterable[Report]) -> Callable[[OpinionItem], dt.date | None]:
    by_report: dict[str, dt.date] = {}
    for report in reports:
        day = report.submitted_at or report.issued_on
        if day is not None:
            by_report[report.id] = day
    given: Callable[[OpinionItem], dt.date | None]
    if sent_on is None:
        def given(_item: OpinionItem) -> dt.date | None:
            return None
    elif callable(sent_on):
        given = sent_on
    else:
        mapping = sent_on

        def given(item: OpinionItem) -> dt.date | None:
            return mapping.get(item.id)

    def sent(item: OpinionItem) -> dt.date | None:
        day = given(item)
        if day is None and item.report_id is not None:
            day = by_report.get(item.report_id)
        if day is None:
            day = item.date
        return day

    return sent


class _Deadlines:
    def __init__(self, schedule: Schedule, period: Period,
                 calendar: WorkCalendar | None) -> None:
        if schedule.kind is not period.kind and schedule.kind not in _COMPUTED:
            raise ConfigurationError(
                f"a {schedule.kind.value} schedule can only judge a {schedule.kind.value} "
                f"period, not a {period.kind.value} one")
        self.schedule = schedule
        self.period = period
        self.calendar = calendar
        self._cache: dict[Period, dt.date] = {}

    def due(self, day: dt.date) -> dt.date:
        if self.schedule.kind is self.period.kind:
            window = self.period
        else:
            window = Period.containing(day, self.schedule.kind, policy=self.period.policy)
        due = self._cache.get(window)
        if due is None:
            due = due_date(self.schedule, window, calendar=self.calendar)
            self._cache[window] = due
        return due


def _as_date(value: dt.date) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _windows(period: Period, kind: PeriodKind, history: int) -> list[Period]:
    if kind not in _COMPUTED:
        return [period]
    last = Period.containing(period.end, kind, policy=period.policy)
    out = [last]
    while len(out) < history:
        out.append(out[-1].previous())
    out.reverse()
    return out


def _start_of_service(c: Collaborator) -> dt.date | None:
    days = [d for d in (c.appointed_on, c.contract_start) if d is not None]
    return min(days) if days else None


def activity(
    collaborators: Iterable[Collaborator],
    items: Iterable[OpinionItem],
    period: Period,
    *,
    schedule: Schedule | None = None,
    calendar: WorkCalendar | None = None,
    reports: Iterable[Report] = (),
    sent_on: SentOn | None = None,
    synthesised: Collection[str] | None = None,
    streak_kind: PeriodKind | str | None = None,
    history: int = 6,
) -> Activity:
    """The activity of every collaborator of the roster, and of every unit, in ``period``
    (see the module docs for the rules). ``synthesised`` is the set of item ids taken into a
    synthesis; ``history`` the number of periods of ``streak_kind`` the silence is counted
    over."""
    if history < 1:
        raise ConfigurationError("history counts at least the last period")
    roster = list(collaborators)
    kind = PeriodKind(streak_kind) if streak_kind is not None else period.kind
    windows = _windows(period, kind, history)
    first_day = min(windows[0].start, period.start)
    sent = _sent_on_function(sent_on, reports)
    deadlines = None if schedule is None else _Deadlines(schedule, period, calendar)
    taken_ids = None if synthesised is None else frozenset(synthesised)

    known = {c.id for c in roster}
    in_period: dict[str, list[OpinionItem]] = defaultdict(list)
    dates_seen: dict[str, set[dt.date]] = defaultdict(set)
    unknown: Counter[str] = Counter()
    anonymous = undated = 0
    for item in items:
        if item.date is None:
            undated += 1
            continue
        day = _as_date(item.date)
        reporter = item.reporter_id
        if period.contains(day):
            if reporter is None:
                anonymous += 1
            elif reporter not in known:
                unknown[reporter] += 1
            else:
                in_period[reporter].append(item)
        if reporter in known and first_day <= day <= period.end:
            dates_seen[reporter].add(day)

    rows: list[CollaboratorActivity] = []
    for c in roster:
        mine = in_period.get(c.id, [])
        on_time = late = None
        if deadlines is not None:
            on_time = late = 0
            for item in mine:
                assert item.date is not None
                when = sent(item)
                if when is not None and _as_date(when) <= deadlines.due(_as_date(item.date)):
                    on_time += 1
                else:
                    late += 1
        taken = None if taken_ids is None else sum(1 for i in mine if i.id in taken_ids)
        started = _start_of_service(c)
        served = [w for w in windows if started is None or w.end >= started]
        days = dates_seen.get(c.id, set())
        silent_flags = [not any(w.contains(d) for d in days) for w in served]
        current = 0
        for flag in reversed(silent_flags):
            if not flag:
                break
            current += 1
        longest = run = 0
        for flag in silent_flags:
            run = run + 1 if flag else 0
            longest = max(longest, run)
        rows.append(CollaboratorActivity(
            collaborator_id=c.id, name=c.name, unit=c.unit, role=c.role, active=c.active,
            items=len(mine), on_time=on_time, late=late, taken=taken,
            current_silence=current, longest_silence=longest, periods_observed=len(served),
        ))

    units: list[UnitActivity] = []
    by_unit: dict[str, list[CollaboratorActivity]] = defaultdict(list)
    for row in rows:
        if row.unit is not None:
            by_unit[row.unit].append(row)
    for code in sorted(by_unit):
        group = by_unit[code]

        def total(values: list[int | None]) -> int | None:
            return None if any(v is None for v in values) else sum(v or 0 for v in values)

        units.append(UnitActivity(
            unit=code,
            collaborators=len(group),
            active_collaborators=sum(1 for r in group if r.active),
            silent_collaborators=sum(1 for r in group if r.active and r.items == 0),
            items=sum(r.items for r in group),
            on_time=total([r.on_time for r in group]),
            late=total([r.late for r in group]),
            taken=total([r.taken for r in group]),
        ))
    return Activity(
        period=period,
        collaborators=tuple(rows),
        units=tuple(units),
        unknown_reporters=tuple(sorted(unknown.items())),
        anonymous_items=anonymous,
        undated=undated,
        streak_kind=kind,
        history=len(windows),
    )

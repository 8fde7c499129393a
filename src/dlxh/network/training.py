"""Training roll-out (*tập huấn*): which organisations held their own training after the
province's, and which have not.

The seed's practice: the province trains its officials, then each level below organises its
own training for its officials and collaborators. Given the training events and the
organisations expected to follow (an :class:`~dlxh.network.structure.OrgStructure` or any list
of :class:`~dlxh.model.orgs.Organisation`), :func:`rollout` finds for each organisation the
first training it organised that rolls out the root one:

- **linked**: an event whose ``follows_id`` chain leads back to the root training;
- **unlinked**: an event held on or after the root's day without ``follows_id`` (counted as
  held unless ``require_link=True``: many records do not say what they follow);
- otherwise the organisation has **not held** its training.

An event that follows the root but was held before it is reported as a problem of the data
(:attr:`Rollout.inconsistent`), not as a roll-out.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

import attrs

from dlxh.errors import ConfigurationError
from dlxh.exporters.document import Cell, Table
from dlxh.model.labelled import LabelledEnum
from dlxh.model.network import TrainingEvent
from dlxh.model.orgs import Organisation, OrgLevel

__all__ = ["LevelRollout", "Rollout", "RolloutEntry", "RolloutStatus", "rollout"]


class RolloutStatus(LabelledEnum):
    """Whether an organisation held its own training after the root one."""

    LINKED = "linked", "Đã tổ chức (theo đợt tập huấn gốc)"
    UNLINKED = "unlinked", "Đã tổ chức (không ghi theo đợt nào)"
    NOT_HELD = "not_held", "Chưa tổ chức"


@attrs.frozen
class RolloutEntry:
    """One organisation expected to roll out the training."""

    organisation_id: str
    name: str
    level: OrgLevel
    unit: str | None
    status: RolloutStatus = attrs.field(converter=RolloutStatus)
    event_id: str | None = None
    held_on: dt.date | None = None
    days_after: int | None = None
    """Days between the root training and this organisation's."""
    invited: int = 0
    attended: int = 0

    @property
    def held(self) -> bool:
        """True when the organisation held its training (linked or not)."""
        return self.status is not RolloutStatus.NOT_HELD

    @property
    def attendance_share(self) -> float | None:
        """Share of the invited who attended (``None``: nobody listed)."""
        return self.attended / self.invited if self.invited else None


@attrs.frozen
class LevelRollout:
    """Roll-out at one level."""

    level: OrgLevel
    expected: int
    held: int

    @property
    def share(self) -> float | None:
        """Share of the organisations that held their training."""
        return self.held / self.expected if self.expected else None


@attrs.frozen
class Rollout:
    """The result of :func:`rollout`."""

    root: TrainingEvent
    entries: tuple[RolloutEntry, ...]
    inconsistent: tuple[str, ...]
    """Ids of events that follow the root training but are dated before it."""

    @property
    def held(self) -> tuple[RolloutEntry, ...]:
        """Organisations that held their training."""
        return tuple(e for e in self.entries if e.held)

    @property
    def missing(self) -> tuple[RolloutEntry, ...]:
        """Organisations that have not."""
        return tuple(e for e in self.entries if not e.held)

    def by_level(self) -> tuple[LevelRollout, ...]:
        """Expected and held per level, from the top down."""
        expected: dict[OrgLevel, int] = defaultdict(int)
        held: dict[OrgLevel, int] = defaultdict(int)
        for e in self.entries:
            expected[e.level] += 1
            held[e.level] += e.held
        return tuple(LevelRollout(level, expected[level], held[level])
                     for level in OrgLevel if expected[level])

    def table(self) -> Table:
        """One row per level: expected, held, not held, share."""
        rows: list[list[Cell]] = [
            [lr.level.label, lr.expected, lr.held, lr.expected - lr.held,
             None if lr.share is None else round(lr.share, 4)]
            for lr in self.by_level()
        ]
        return Table(f"Triển khai tập huấn: {self.root.title}",
                     ["Cấp", "Số tổ chức", "Đã tổ chức", "Chưa tổ chức", "Tỷ lệ"], rows,
                     note=f"Đợt tập huấn gốc ngày {self.root.held_on:%d/%m/%Y}.")

    def detail_table(self) -> Table:
        """One row per organisation."""
        rows: list[list[Cell]] = [
            [e.level.label, e.organisation_id, e.name, e.status.label,
             e.held_on, e.days_after, e.invited, e.attended]
            for e in self.entries
        ]
        return Table("Tình hình tổ chức tập huấn theo tổ chức",
                     ["Cấp", "Mã tổ chức", "Tên tổ chức", "Tình trạng", "Ngày tập huấn",
                      "Sau đợt gốc (ngày)", "Số mời", "Số dự"], rows)


def _chain_reaches(event: TrainingEvent, root_id: str,
                   by_id: dict[str, TrainingEvent]) -> bool:
    seen: set[str] = set()
    current: TrainingEvent | None = event
    while current is not None and current.follows_id is not None:
        if current.follows_id == root_id:
            return True
        if current.follows_id in seen:  # a cycle in the data: stop
            return False
        seen.add(current.follows_id)
        current = by_id.get(current.follows_id)
    return False


def _pick_root(events: list[TrainingEvent], root: str | TrainingEvent | None) -> TrainingEvent:
    if isinstance(root, TrainingEvent):
        return root
    if root is not None:
        for e in events:
            if e.id == root:
                return e
        raise ConfigurationError(f"no training event {root!r}")
    province = [e for e in events if e.level is OrgLevel.PROVINCE and e.follows_id is None]
    if not province:
        raise ConfigurationError("no province-level training to start from; name one: root=...")
    return min(province, key=lambda e: (e.held_on, e.id))


def rollout(
    events: Iterable[TrainingEvent],
    organisations: Iterable[Organisation],
    *,
    root: str | TrainingEvent | None = None,
    levels: Iterable[OrgLevel | str] | None = None,
    require_link: bool = False,
) -> Rollout:
    """The roll-out of the ``root`` training (an event or its id; by default the earliest
    province-level training that follows nothing) through ``organisations``.

    ``levels`` restricts the organisations expected to follow (by default the root's level
    and every level below it: the province's member organisations train their own people
    too). The root's own organiser is not expected to follow itself.
    """
    all_events = list(events)
    start = _pick_root(all_events, root)
    by_id = {e.id: e for e in all_events}
    order = list(OrgLevel)
    if levels is None:
        wanted = {lv for lv in OrgLevel if order.index(lv) >= order.index(start.level)}
    else:
        wanted = {OrgLevel(lv) for lv in levels}
    linked: dict[str, list[TrainingEvent]] = defaultdict(list)
    unlinked: dict[str, list[TrainingEvent]] = defaultdict(list)
    inconsistent: list[str] = []
    for e in all_events:
        if e.id == start.id:
            continue
        if _chain_reaches(e, start.id, by_id):
            if e.held_on < start.held_on:
                inconsistent.append(e.id)
                continue
            linked[e.organiser_id].append(e)
        elif e.follows_id is None and e.held_on >= start.held_on:
            unlinked[e.organiser_id].append(e)
    entries: list[RolloutEntry] = []
    for org in organisations:
        if org.level not in wanted or org.id == start.organiser_id:
            continue
        status = RolloutStatus.NOT_HELD
        event: TrainingEvent | None = None
        if linked.get(org.id):
            status, event = RolloutStatus.LINKED, min(linked[org.id], key=lambda e: e.held_on)
        elif unlinked.get(org.id) and not require_link:
            status, event = RolloutStatus.UNLINKED, min(unlinked[org.id],
                                                        key=lambda e: e.held_on)
        entries.append(RolloutEntry(
            organisation_id=org.id, name=org.name, level=org.level, unit=org.unit,
            status=status,
            event_id=None if event is None else event.id,
            held_on=None if event is None else event.held_on,
            days_after=None if event is None else (event.held_on - start.held_on).days,
            invited=0 if event is None else len(event.participants),
            attended=0 if event is None else sum(1 for p in event.participants if p.attended),
        ))
    entries.sort(key=lambda e: (order.index(e.level), e.status != RolloutStatus.NOT_HELD,
                                e.organisation_id))
    return Rollout(start, tuple(entries), tuple(sorted(inconsistent)))

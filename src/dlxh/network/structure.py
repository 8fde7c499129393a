"""Organisations and reporting lines: the Front's system of one province, built from the
unit catalog in one call.

:func:`build_structure` makes the standard structure (DOMAIN.md §5):

- the Front (*Ủy ban MTTQ Việt Nam*) of the province and of every commune-level unit, and
  with ``central=True`` the central committee above them;
- before 1 July 2025 (``as_of`` earlier), the three-level structure: the Front of every
  district too, communes reporting to their district;
- a *Ban công tác Mặt trận* for every residential area that the catalog holds (areas are
  registered on a :class:`~dlxh.units.Catalog` with ``add_residential_area``);
- optionally the five member organisations (*Công đoàn, Hội Nông dân, Đoàn TNCS Hồ Chí Minh,
  Hội LHPN, Hội CCB*) at every level, and the *Ban Tuyên giáo và Dân vận* of the province;
- a :class:`~dlxh.model.orgs.ReportingLine` from each organisation to the one it reports to,
  with the :class:`~dlxh.model.periods.Schedule` given.

Ids are stable: they are made of the organisation kind and the unit code (``org:front_committee:
79``, ``org:front_work_board:area-…``), so building the same structure twice, or in another
process, gives equal objects, and an application can refer to ``org_id(kind, unit)`` without
looking anything up.

Where a member organisation reports: the opinions it grasps go to the Front of its own level
(since 2025 the five organisations are under the Front, which synthesises), and it also
belongs to its own system, so a second line goes to the same organisation one level up.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence

import attrs

from dlxh.errors import ConfigurationError
from dlxh.exporters.document import Cell, Table
from dlxh.model.enums import OrganisationKind, ReportKind
from dlxh.model.orgs import Organisation, OrgLevel, ReportingLine
from dlxh.model.periods import PeriodKind, Schedule
from dlxh.model.units import AdminUnit, ResidentialArea, UnitLevel
from dlxh.units.catalog import Catalog, catalog

__all__ = [
    "MEMBER_ORGANISATIONS",
    "REFORM_DATE",
    "OrgStructure",
    "build_structure",
    "line_id",
    "org_id",
]

REFORM_DATE = dt.date(2025, 7, 1)
"""The two-level administration starts on this day (Resolution 202/2025/QH15)."""

MEMBER_ORGANISATIONS: tuple[OrganisationKind, ...] = (
    OrganisationKind.TRADE_UNION,
    OrganisationKind.FARMERS_UNION,
    OrganisationKind.YOUTH_UNION,
    OrganisationKind.WOMENS_UNION,
    OrganisationKind.VETERANS_ASSOCIATION,
)
"""The five socio-political organisations under the Front since 2025, in the usual order."""

CENTRAL = "vn"
"""The unit part of the ids of central-level organisations."""

_UNIT_LEVEL = {
    UnitLevel.PROVINCE: OrgLevel.PROVINCE,
    UnitLevel.DISTRICT: OrgLevel.DISTRICT,
    UnitLevel.COMMUNE: OrgLevel.COMMUNE,
}


def org_id(kind: OrganisationKind | str, unit: str | None = None,
           area_id: str | None = None) -> str:
    """The stable id of the organisation of ``kind`` serving ``unit`` (a unit code; ``None``
    for central level) or residential area ``area_id``: ``"org:front_committee:79"``."""
    kind = OrganisationKind(kind)
    place = area_id if area_id is not None else (unit or CENTRAL)
    return f"org:{kind.value}:{place}"


def line_id(sender_id: str, receiver_id: str, report_kind: ReportKind | str,
            period_kind: PeriodKind | str) -> str:
    """The stable id of a reporting line."""
    return (f"line:{sender_id}>{receiver_id}:{ReportKind(report_kind).value}:"
            f"{PeriodKind(period_kind).value}")


_CENTRAL_NAMES = {
    OrganisationKind.FRONT_COMMITTEE: "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam",
    OrganisationKind.TRADE_UNION: "Tổng Liên đoàn Lao động Việt Nam",
    OrganisationKind.FARMERS_UNION: "Trung ương Hội Nông dân Việt Nam",
    OrganisationKind.YOUTH_UNION: "Trung ương Đoàn Thanh niên Cộng sản Hồ Chí Minh",
    OrganisationKind.WOMENS_UNION: "Trung ương Hội Liên hiệp Phụ nữ Việt Nam",
    OrganisationKind.VETERANS_ASSOCIATION: "Trung ương Hội Cựu chiến binh Việt Nam",
}


def _place(unit: AdminUnit) -> str:
    """The unit as written inside a name: ``"xã Hoà Bình"``, ``"tỉnh Tuyên Quang"``."""
    return f"{unit.kind.prefix.lower()} {unit.short_name}"


def _org_name(kind: OrganisationKind, level: OrgLevel, place: str) -> str:
    if level is OrgLevel.CENTRAL:
        return _CENTRAL_NAMES.get(kind, f"{kind.label} (Trung ương)")
    if kind is OrganisationKind.FRONT_COMMITTEE:
        return f"Ủy ban Mặt trận Tổ quốc Việt Nam {place}"
    return f"{kind.label} {place}"


def _orgs(values: Iterable[Organisation]) -> tuple[Organisation, ...]:
    return tuple(values)


def _lines(values: Iterable[ReportingLine]) -> tuple[ReportingLine, ...]:
    return tuple(values)


@attrs.frozen
class OrgStructure:
    """Organisations and the reporting lines between them, with lookups.

    ``parent_id`` of an organisation is the one it belongs under (the Front of the level
    above for a Front; the Front of its own level for a member organisation or a *Ban công
    tác Mặt trận*). Build one with :func:`build_structure`, add custom organisations with
    :meth:`with_organisations`.
    """

    organisations: tuple[Organisation, ...] = attrs.field(converter=_orgs)
    reporting_lines: tuple[ReportingLine, ...] = attrs.field(default=(), converter=_lines)
    as_of: dt.date | None = None

    _index: dict[str, Organisation] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        index: dict[str, Organisation] = {}
        for org in self.organisations:
            if org.id in index:
                raise ConfigurationError(f"two organisations have the id {org.id!r}")
            index[org.id] = org
        for line in self.reporting_lines:
            for end in (line.sender_id, line.receiver_id):
                if end not in index:
                    raise ConfigurationError(f"reporting line {line.id}: no organisation {end!r}")
        object.__setattr__(self, "_index", index)

    def __len__(self) -> int:
        return len(self.organisations)

    def __iter__(self) -> Iterator[Organisation]:
        return iter(self.organisations)

    def __contains__(self, org: object) -> bool:
        key = org.id if isinstance(org, Organisation) else org
        return isinstance(key, str) and key in self._index

    def get(self, id: str) -> Organisation:
        """The organisation with this id (``KeyError`` naming it when absent)."""
        try:
            return self._index[id]
        except KeyError:
            raise KeyError(f"no organisation {id!r} in the structure") from None

    def find(self, kind: OrganisationKind | str, unit: str | None = None,
             area_id: str | None = None) -> Organisation | None:
        """The organisation of ``kind`` for ``unit`` / ``area_id`` (by its stable id)."""
        return self._index.get(org_id(kind, unit, area_id))

    def front_of(self, unit: str | None) -> Organisation | None:
        """The Front committee serving ``unit`` (``None``: the central committee)."""
        return self.find(OrganisationKind.FRONT_COMMITTEE, unit)

    def at_level(self, level: OrgLevel | str,
                 kind: OrganisationKind | str | None = None) -> list[Organisation]:
        """The organisations at ``level``, optionally of one ``kind``, in structure order."""
        wanted = OrgLevel(level)
        kind_ = None if kind is None else OrganisationKind(kind)
        return [o for o in self.organisations
                if o.level is wanted and (kind_ is None or o.kind is kind_)]

    def children(self, id: str) -> list[Organisation]:
        """The organisations whose ``parent_id`` is ``id``."""
        return [o for o in self.organisations if o.parent_id == id]

    def lines_from(self, id: str) -> list[ReportingLine]:
        """The lines on which ``id`` sends reports."""
        return [line for line in self.reporting_lines if line.sender_id == id]

    def lines_to(self, id: str) -> list[ReportingLine]:
        """The lines on which ``id`` receives reports."""
        return [line for line in self.reporting_lines if line.receiver_id == id]

    def senders_to(self, id: str) -> list[Organisation]:
        """The organisations that report to ``id`` (each once)."""
        ids = dict.fromkeys(line.sender_id for line in self.lines_to(id))
        return [self._index[i] for i in ids]

    def with_organisations(self, organisations: Iterable[Organisation] = (),
                           lines: Iterable[ReportingLine] = ()) -> OrgStructure:
        """A new structure with custom organisations and lines added (a *Đoàn ĐBQH*, a
        *HĐND*, an agency's own body...)."""
        return OrgStructure((*self.organisations, *organisations),
                            (*self.reporting_lines, *lines), self.as_of)

    def counts(self) -> dict[tuple[OrgLevel, OrganisationKind], int]:
        """How many organisations of each kind at each level."""
        out: dict[tuple[OrgLevel, OrganisationKind], int] = defaultdict(int)
        for o in self.organisations:
            out[(o.level, o.kind)] += 1
        return dict(out)

    def table(self) -> Table:
        """Organisations by level and kind, with the number of lines they send."""
        sending: dict[tuple[OrgLevel, OrganisationKind], int] = defaultdict(int)
        for line in self.reporting_lines:
            sender = self._index[line.sender_id]
            sending[(sender.level, sender.kind)] += 1
        levels, kinds = list(OrgLevel), list(OrganisationKind)
        rows: list[list[Cell]] = [
            [level.label, kind.label, n, sending[(level, kind)]]
            for (level, kind), n in sorted(
                self.counts().items(),
                key=lambda kv: (levels.index(kv[0][0]), kinds.index(kv[0][1])))
        ]
        return Table("Tổ chức và tuyến báo cáo",
                     ["Cấp", "Loại tổ chức", "Số tổ chức", "Số tuyến báo cáo gửi đi"], rows)


class _Builder:
    def __init__(self, report_kind: ReportKind, period_kind: PeriodKind,
                 schedule: Schedule | None) -> None:
        self.orgs: list[Organisation] = []
        self.lines: list[ReportingLine] = []
        self.report_kind = report_kind
        self.period_kind = period_kind
        self.schedule = schedule

    def org(self, kind: OrganisationKind, level: OrgLevel, place: str, unit: str | None,
            parent_id: str | None, area_id: str | None = None) -> Organisation:
        org = Organisation(
            id=org_id(kind, unit, area_id), kind=kind, name=_org_name(kind, level, place),
            level=level, unit=unit, area_id=area_id, parent_id=parent_id,
        )
        self.orgs.append(org)
        return org

    def line(self, sender: Organisation, receiver: Organisation | None) -> None:
        if receiver is None:
            return
        self.lines.append(ReportingLine(
            id=line_id(sender.id, receiver.id, self.report_kind, self.period_kind),
            sender_id=sender.id, receiver_id=receiver.id, report_kind=self.report_kind,
            period_kind=self.period_kind, schedule=self.schedule,
        ))


def _members(members: bool | Iterable[OrganisationKind | str]) -> tuple[OrganisationKind, ...]:
    if members is True:
        return MEMBER_ORGANISATIONS
    if members is False:
        return ()
    return tuple(OrganisationKind(m) for m in members)


def build_structure(
    province: str | AdminUnit,
    *,
    as_of: dt.date | None = None,
    catalog_: Catalog | None = None,
    members: bool | Iterable[OrganisationKind | str] = False,
    central: bool = False,
    commission: bool = False,
    areas: bool = True,
    report_kind: ReportKind | str = ReportKind.OPINION_SITUATION,
    period_kind: PeriodKind | str = PeriodKind.MONTH,
    schedule: Schedule | None = None,
) -> OrgStructure:
    """The standard structure of ``province`` (a code such as ``"79"``) on ``as_of``.

    ``catalog_`` is the :class:`~dlxh.units.Catalog` to read units and residential areas
    from (``dlxh.units.catalog(as_of)`` when ``None``; pass your own to get *Ban công tác
    Mặt trận* for the areas you registered on it). On a day before 1 July 2025 the
    structure has districts between the province and the communes.

    ``members`` adds the five member organisations (``True``) or the kinds listed, at every
    level that has a Front; ``central`` adds the central level; ``commission`` adds the
    province's *Ban Tuyên giáo và Dân vận*, to which the province's Front also reports.
    Every line carries ``report_kind``, ``period_kind`` and ``schedule``; when a schedule is
    given, its kind must be ``period_kind``.
    """
    cat = catalog_ if catalog_ is not None else catalog(as_of)
    day = cat.as_of
    if as_of is not None and as_of != day:
        raise ConfigurationError(f"as_of {as_of} differs from the catalog's date {day}")
    top = cat.get(province)
    if top.level is not UnitLevel.PROVINCE:
        raise ConfigurationError(f"{top.name} ({top.code}) is not a province-level unit")
    report_kind = ReportKind(report_kind)
    period_kind = PeriodKind(period_kind)
    if schedule is not None and schedule.kind is not period_kind:
        raise ConfigurationError(
            f"the schedule is for {schedule.kind.value} periods, the lines for "
            f"{period_kind.value} periods"
        )
    kinds = _members(members)
    b = _Builder(report_kind, period_kind, schedule)
    front = OrganisationKind.FRONT_COMMITTEE

    above: dict[OrganisationKind, Organisation | None] = dict.fromkeys((front, *kinds))
    if central:
        central_front = b.org(front, OrgLevel.CENTRAL, "", None, None)
        above[front] = central_front
        for kind in kinds:
            above[kind] = b.org(kind, OrgLevel.CENTRAL, "", None, central_front.id)

    def level_orgs(unit: AdminUnit,
                   parents: dict[OrganisationKind, Organisation | None]
                   ) -> dict[OrganisationKind, Organisation | None]:
        level = _UNIT_LEVEL[unit.level]
        parent_front = parents[front]
        own_front = b.org(front, level, _place(unit), unit.code,
                          None if parent_front is None else parent_front.id)
        b.line(own_front, parent_front)
        made: dict[OrganisationKind, Organisation | None] = {front: own_front}
        for kind in kinds:
            org = b.org(kind, level, _place(unit), unit.code, own_front.id)
            b.line(org, own_front)
            b.line(org, parents.get(kind))
            made[kind] = org
        return made

    province_orgs = level_orgs(top, above)
    if commission:
        city = top.name.startswith("Thành phố")
        committee = ("Thành ủy " if city else "Tỉnh ủy ") + top.short_name
        ban = b.org(OrganisationKind.PROPAGANDA_MOBILISATION, OrgLevel.PROVINCE, committee,
                    top.code, None)
        province_front = province_orgs[front]
        assert province_front is not None
        b.line(province_front, ban)

    def communes(parent: AdminUnit,
                 parents: dict[OrganisationKind, Organisation | None]) -> None:
        for unit in cat.children(parent):
            if unit.level is UnitLevel.DISTRICT:
                communes(unit, level_orgs(unit, parents))
            elif unit.level is UnitLevel.COMMUNE:
                made = level_orgs(unit, parents)
                if areas:
                    _area_boards(b, cat.residential_areas(unit), made[front], unit)

    communes(top, province_orgs)
    return OrgStructure(b.orgs, b.lines, day)


def _area_boards(b: _Builder, found: Sequence[ResidentialArea],
                 commune_front: Organisation | None, unit: AdminUnit) -> None:
    for area in sorted(found, key=lambda a: a.id):
        board = b.org(OrganisationKind.FRONT_WORK_BOARD, OrgLevel.RESIDENTIAL_AREA,
                      f"{area.name}, {_place(unit)}", unit.code,
                      None if commune_front is None else commune_front.id, area_id=area.id)
        b.line(board, commune_front)

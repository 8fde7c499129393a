"""Administrative units, their dated changes and the residential areas below them.

A unit is identified by its statistics-office ``code``; a code is permanent, but what it names
can change (a rename, an upgrade from *tỉnh* to *thành phố*, a merger that enlarges it). So an
:class:`AdminUnit` is one *version* of a unit: it carries the dates between which it was in force,
and ``(code, valid_from)`` identifies it. Lineage between versions lives in :class:`UnitLink`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any, TypeVar

import attrs

from dlxh.model.labelled import LabelledEnum

__all__ = [
    "AdminUnit",
    "ChangeAction",
    "ResidentialArea",
    "ResidentialAreaKind",
    "UnitChange",
    "UnitKind",
    "UnitLevel",
    "UnitLink",
    "as_kind",
    "as_level",
]


_E = TypeVar("_E", bound=LabelledEnum)


def _nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value).strip()


def _nfc_opt(value: str | None) -> str | None:
    if value is None:
        return None
    text = _nfc(value)
    return text or None


def _member(enum_type: type[_E], value: _E | str) -> _E:
    return value if isinstance(value, enum_type) else enum_type(value)


def _check_nonempty(_instance: Any, attribute: Any, value: str) -> None:
    if not value:
        raise ValueError(f"{attribute.name} must not be empty")


class UnitLevel(LabelledEnum):
    """The tier of a unit in the administrative hierarchy."""

    PROVINCE = "province", "Cấp tỉnh"
    DISTRICT = "district", "Cấp huyện"
    """Abolished on 1 July 2025."""
    COMMUNE = "commune", "Cấp xã"

    @property
    def depth(self) -> int:
        """0 for province, 1 for district, 2 for commune: for sorting, not for counting."""
        return _DEPTH[self]


_DEPTH = {UnitLevel.PROVINCE: 0, UnitLevel.DISTRICT: 1, UnitLevel.COMMUNE: 2}


class UnitKind(LabelledEnum):
    """The legal kind of a unit (*loại đơn vị hành chính*); each kind belongs to one level."""

    PROVINCE = "province", "Tỉnh"
    MUNICIPALITY = "municipality", "Thành phố trực thuộc trung ương"
    URBAN_DISTRICT = "urban_district", "Quận"
    RURAL_DISTRICT = "rural_district", "Huyện"
    DISTRICT_TOWN = "district_town", "Thị xã"
    PROVINCIAL_CITY = "provincial_city", "Thành phố thuộc tỉnh"
    """A district-level city; Thủ Đức (a city inside Hồ Chí Minh City) is counted here too."""
    COMMUNE = "commune", "Xã"
    WARD = "ward", "Phường"
    TOWNSHIP = "township", "Thị trấn"
    """Abolished on 1 July 2025."""
    SPECIAL_ZONE = "special_zone", "Đặc khu"
    """Island special zones, commune level, since 1 July 2025."""

    @property
    def level(self) -> UnitLevel:
        """The level that units of this kind belong to."""
        return _KIND_LEVEL[self]

    @property
    def prefix(self) -> str:
        """The word that opens the official name (``"Thành phố"`` for both kinds of city)."""
        return _KIND_PREFIX[self]


_KIND_LEVEL = {
    UnitKind.PROVINCE: UnitLevel.PROVINCE,
    UnitKind.MUNICIPALITY: UnitLevel.PROVINCE,
    UnitKind.URBAN_DISTRICT: UnitLevel.DISTRICT,
    UnitKind.RURAL_DISTRICT: UnitLevel.DISTRICT,
    UnitKind.DISTRICT_TOWN: UnitLevel.DISTRICT,
    UnitKind.PROVINCIAL_CITY: UnitLevel.DISTRICT,
    UnitKind.COMMUNE: UnitLevel.COMMUNE,
    UnitKind.WARD: UnitLevel.COMMUNE,
    UnitKind.TOWNSHIP: UnitLevel.COMMUNE,
    UnitKind.SPECIAL_ZONE: UnitLevel.COMMUNE,
}
_KIND_PREFIX = {
    UnitKind.PROVINCE: "Tỉnh",
    UnitKind.MUNICIPALITY: "Thành phố",
    UnitKind.URBAN_DISTRICT: "Quận",
    UnitKind.RURAL_DISTRICT: "Huyện",
    UnitKind.DISTRICT_TOWN: "Thị xã",
    UnitKind.PROVINCIAL_CITY: "Thành phố",
    UnitKind.COMMUNE: "Xã",
    UnitKind.WARD: "Phường",
    UnitKind.TOWNSHIP: "Thị trấn",
    UnitKind.SPECIAL_ZONE: "Đặc khu",
}


def as_level(value: UnitLevel | str) -> UnitLevel:
    """The :class:`UnitLevel` named by ``value`` (a member or its value)."""
    return _member(UnitLevel, value)


def as_kind(value: UnitKind | str) -> UnitKind:
    """The :class:`UnitKind` named by ``value`` (a member or its value)."""
    return _member(UnitKind, value)


def _opt_kind(value: UnitKind | str | None) -> UnitKind | None:
    return None if value is None else _member(UnitKind, value)


def _check_level(instance: AdminUnit, _attribute: Any, value: UnitLevel) -> None:
    if instance.kind.level is not value:
        raise ValueError(
            f"unit {instance.code}: kind {instance.kind.value!r} is {instance.kind.level.value} "
            f"level, not {value.value}"
        )


def _check_dates(instance: Any, _attribute: Any, value: date | None) -> None:
    if value is not None and instance.valid_from is not None and value < instance.valid_from:
        raise ValueError(f"valid_to {value} is before valid_from {instance.valid_from}")


@attrs.frozen
class AdminUnit:
    """One version of an administrative unit.

    ``name`` is the official full name as the statistics office writes it, tone marks in the
    traditional place (``"Xã Hoà Bình"``, ``"Phường Thuỷ Xuân"``); ``short_name`` drops the
    kind word (``"Hoà Bình"``). ``valid_from`` is ``None`` when the unit was in force before
    the start of the catalog; ``valid_to`` is ``None`` while it is in force. Both are
    inclusive.
    """

    code: str = attrs.field(validator=_check_nonempty)
    name: str = attrs.field(converter=_nfc, validator=_check_nonempty)
    kind: UnitKind = attrs.field(converter=as_kind)
    level: UnitLevel = attrs.field(converter=as_level, validator=_check_level)
    parent_code: str | None = None
    valid_from: date | None = None
    valid_to: date | None = attrs.field(default=None, validator=_check_dates)
    short_name: str = attrs.field(default="", converter=_nfc)

    def __attrs_post_init__(self) -> None:
        if not self.short_name:
            # Derived once here so that every consumer sees the same short form.
            prefix = self.kind.prefix
            short = self.name[len(prefix) :].strip() if self.name.startswith(prefix) else ""
            object.__setattr__(self, "short_name", short or self.name)

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> AdminUnit:
        """Build a unit from a mapping with the field names (dates as ISO strings or dates)."""

        def day(value: Any) -> date | None:
            if value is None or value == "":
                return None
            return value if isinstance(value, date) else date.fromisoformat(str(value))

        kind = as_kind(record["kind"])
        return cls(
            code=str(record["code"]),
            name=str(record["name"]),
            kind=kind,
            level=as_level(record.get("level") or kind.level),
            parent_code=(str(record["parent_code"]) if record.get("parent_code") else None),
            valid_from=day(record.get("valid_from")),
            valid_to=day(record.get("valid_to")),
            short_name=str(record.get("short_name") or ""),
        )

    def in_force(self, day: date) -> bool:
        """Whether this version was in force on ``day``."""
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class ChangeAction(LabelledEnum):
    """What a :class:`UnitChange` does."""

    AMEND = "amend", "Đổi tên, đổi loại"
    """The unit keeps its code; its name, kind or parent change."""
    ESTABLISH = "establish", "Thành lập"
    """A new code appears, formed from ``predecessors`` (which stay unless dissolved)."""
    DISSOLVE = "dissolve", "Giải thể, sáp nhập"
    """The unit is closed; ``successors`` received it (the first one its main part)."""


def _action(value: ChangeAction | str) -> ChangeAction:
    return _member(ChangeAction, value)


def _code_tuple(values: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in values)


@attrs.frozen
class UnitChange:
    """A dated change of the catalog, with its legal basis.

    Change records are data: they are applied on top of the shipped states when a catalog is
    built, so a later change (a rename, an upgrade, a merger) needs no rebuild of the data.
    ``verified`` is ``False`` when the legal basis or the date has not been checked against
    the published text.
    """

    effective: date
    code: str = attrs.field(validator=_check_nonempty)
    action: ChangeAction = attrs.field(converter=_action)
    legal_basis: str = attrs.field(converter=_nfc, validator=_check_nonempty)
    name: str | None = attrs.field(default=None, converter=_nfc_opt)
    kind: UnitKind | None = attrs.field(default=None, converter=_opt_kind)
    parent_code: str | None = None
    predecessors: tuple[str, ...] = attrs.field(default=(), converter=_code_tuple)
    successors: tuple[str, ...] = attrs.field(default=(), converter=_code_tuple)
    note: str = attrs.field(default="", converter=_nfc)
    verified: bool = True

    @property
    def last_day_before(self) -> date:
        """The last day on which the state before this change was in force."""
        return self.effective - timedelta(days=1)

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> UnitChange:
        """Build a change from a mapping with the field names (``effective`` as ISO string)."""
        effective = record["effective"]
        return cls(
            effective=effective
            if isinstance(effective, date)
            else date.fromisoformat(str(effective)),
            code=str(record["code"]),
            action=record["action"],
            legal_basis=str(record["legal_basis"]),
            name=record.get("name"),
            kind=record.get("kind"),
            parent_code=(str(record["parent_code"]) if record.get("parent_code") else None),
            predecessors=record.get("predecessors", ()),
            successors=record.get("successors", ()),
            note=str(record.get("note", "")),
            verified=bool(record.get("verified", True)),
        )


@attrs.frozen
class UnitLink:
    """One edge of lineage: on ``effective``, (part of) unit ``source`` went into ``target``.

    ``whole`` is ``False`` when the source was split over several targets; ``primary`` marks
    the target that received its main part (the one the source data calls the default).
    """

    effective: date
    source: str
    target: str
    whole: bool = True
    primary: bool = True


class ResidentialAreaKind(LabelledEnum):
    """Residential areas below the commune (not an administrative level)."""

    VILLAGE = "village", "Thôn"
    TRADITIONAL_VILLAGE = "traditional_village", "Làng"
    HAMLET = "hamlet", "Ấp"
    UPLAND_VILLAGE = "upland_village", "Bản"
    HIGHLAND_VILLAGE = "highland_village", "Buôn"
    KHMER_HAMLET = "khmer_hamlet", "Sóc"
    RESIDENTIAL_GROUP = "residential_group", "Tổ dân phố"
    QUARTER = "quarter", "Khu phố"
    NEIGHBOURHOOD = "neighbourhood", "Khóm"


def _area_kind(value: ResidentialAreaKind | str) -> ResidentialAreaKind:
    return _member(ResidentialAreaKind, value)


@attrs.frozen
class ResidentialArea:
    """A residential area (*thôn, tổ dân phố*...) registered by a user under a commune."""

    id: str = attrs.field(validator=_check_nonempty)
    name: str = attrs.field(converter=_nfc, validator=_check_nonempty)
    kind: ResidentialAreaKind = attrs.field(converter=_area_kind)
    unit_code: str = attrs.field(validator=_check_nonempty)

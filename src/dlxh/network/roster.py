"""The collaborator roster as a workbook: the Vietnamese columns, and the writer.

The columns (:data:`ROSTER_COLUMNS`) are a contract with the tabular importer, which reads the
sheet back (``dlxh.read("danh-sach-ctv.xlsx")`` gives the collaborators): enumerations are
written with their Vietnamese label, dates as date cells shown ``dd/mm/yyyy``, *Đảng viên* as
``"Có"``/``"Không"``, several subject groups separated by ``"; "``, the CCCD number and phone
as text (their leading zeros matter).

``dlxh.write(collaborators, "danh-sach-ctv.xlsx")`` goes through :class:`RosterXlsxExporter`
(registered by :mod:`dlxh.network.roster_plugin`). The roster holds personal data: write it
for the level that owns it; for anything sent upward, pseudonymise first
(:func:`dlxh.network.for_upward_export`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from dlxh.exporters.document import Cell, Table
from dlxh.exporters.xlsx_writer import XlsxWriter
from dlxh.model.network import Collaborator
from dlxh.plugins.interfaces import Exporter
from dlxh.units.catalog import Catalog, catalog

__all__ = [
    "ROSTER_COLUMNS",
    "ROSTER_SHEET",
    "RosterXlsxExporter",
    "roster_row",
    "roster_table",
    "write_roster",
]

ROSTER_COLUMNS: tuple[str, ...] = (
    "Mã CTV",
    "Họ và tên",
    "Vai trò",
    "Tổ chức quản lý",
    "Mã đơn vị hành chính",
    "Đơn vị hành chính",
    "Khu dân cư",
    "Nhóm đối tượng",
    "Giới tính",
    "Năm sinh",
    "Nhóm tuổi",
    "Dân tộc",
    "Tôn giáo",
    "Đảng viên",
    "Nghề nghiệp",
    "Số điện thoại",
    "Số CCCD",
    "Email",
    "Quyết định công nhận",
    "Ngày công nhận",
    "Ngày bắt đầu hợp đồng",
    "Ngày kết thúc hợp đồng",
    "Hệ số phụ cấp",
    "Trạng thái",
)
"""The roster's header row, in order (the contract with the tabular importer)."""

ROSTER_SHEET = "Danh sách CTV"
"""The title of the roster sheet."""

_WIDTHS = (14, 26, 26, 28, 12, 28, 16, 26, 10, 9, 14, 10, 12, 10, 18, 14, 14, 28, 20, 12, 12,
           12, 10, 14)


class _UnitNames:
    """Unit names for codes, from the catalog of a day; a code not in force that day gets the
    name of its last version, so a roster of closed units still reads well."""

    def __init__(self, cat: Catalog | None, as_of: dt.date | None) -> None:
        self._cat = cat
        self._as_of = as_of
        self._cache: dict[str, str] = {}

    def __call__(self, code: str | None) -> str:
        if not code:
            return ""
        name = self._cache.get(code)
        if name is None:
            if self._cat is None:
                self._cat = catalog(self._as_of)
            unit = self._cat.find(code)
            if unit is None:
                history = self._cat.store.versions.get(code, ())
                name = history[-1].name if history else ""
            else:
                name = unit.name
            self._cache[code] = name
        return name


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("Có" if value else "Không")


def roster_row(collaborator: Collaborator, unit_name: str = "") -> list[Cell]:
    """The cells of one collaborator, in the order of :data:`ROSTER_COLUMNS`."""
    c = collaborator
    return [
        c.id,
        c.name,
        c.role.label,
        c.organisation_id or "",
        c.unit or "",
        unit_name,
        c.area_id or "",
        "; ".join(c.groups),
        c.sex.label,
        c.birth_year,
        c.age_band.label,
        c.ethnicity or "",
        c.religion or "",
        _yes_no(c.party_member),
        c.occupation or "",
        c.phone or "",
        c.id_number or "",
        c.email or "",
        c.appointment_decision or "",
        c.appointed_on,
        c.contract_start,
        c.contract_end,
        c.allowance_coefficient,
        c.status.label,
    ]


def roster_table(collaborators: Iterable[Collaborator], *, as_of: dt.date | None = None,
                 catalog_: Catalog | None = None) -> Table:
    """The roster as a :class:`~dlxh.exporters.document.Table` (for the other formats).

    Note that writing this table with an exporter's ``redact=True`` blanks the phone, CCCD
    and e-mail columns but keeps the names: pseudonymise for anything sent upward."""
    names = _UnitNames(catalog_, as_of)
    return Table(ROSTER_SHEET, ROSTER_COLUMNS,
                 [roster_row(c, names(c.unit)) for c in collaborators])


def write_roster(
    collaborators: Iterable[Collaborator],
    target: Path | str | BinaryIO,
    *,
    as_of: dt.date | None = None,
    catalog_: Catalog | None = None,
) -> int:
    """Write the roster workbook (one sheet, :data:`ROSTER_SHEET`); returns the number of
    collaborators written. Unit names come from the catalog of ``as_of`` (today by default)
    or from ``catalog_``."""
    names = _UnitNames(catalog_, as_of)
    count = 0
    with XlsxWriter(target) as book, book.sheet(ROSTER_SHEET, ROSTER_COLUMNS,
                                                widths=_WIDTHS) as sheet:
        for c in collaborators:
            if not isinstance(c, Collaborator):
                raise TypeError(f"a roster holds collaborators, not {type(c).__name__}")
            sheet.append(roster_row(c, names(c.unit)))
            count += 1
    return count


def _is_roster(obj: object) -> bool:
    return (isinstance(obj, list | tuple) and bool(obj)
            and all(isinstance(o, Collaborator) for o in obj))


class RosterXlsxExporter(Exporter):
    """Writes a list of collaborators as the roster workbook (options: ``as_of``,
    ``catalog_``; see :func:`write_roster`)."""

    name = "xlsx-roster"
    description = "Collaborator roster workbook (Vietnamese headers)"
    extensions = (".xlsx",)

    @classmethod
    def accepts(cls, obj: object) -> bool:
        return _is_roster(obj)

    def write(self, obj: object, target: Path | BinaryIO, **options: Any) -> None:
        allowed = {"as_of", "catalog_"}
        unknown = set(options) - allowed
        if unknown:
            raise TypeError(f"the xlsx-roster exporter takes {sorted(allowed)}, "
                            f"got {sorted(unknown)}")
        assert isinstance(obj, Sequence)
        write_roster(obj, target, **options)

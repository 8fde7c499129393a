"""Column headers of Vietnamese report tables: which field each column holds, and where the
header is.

One implementation for every tabular format (xlsx, xls, ods, csv). A header is recognised by
its folded text (:func:`dlxh.text.fold`: no diacritics, lower case, punctuation as spaces), so
``Nội dung ý kiến``, ``NOI DUNG Y KIEN`` and ``Nội dung  ý-kiến`` are the same column.

The header row is the row among the first :data:`HEADER_SCAN_ROWS` that names the most known
fields; title rows above it are kept for the report's date. A second header row below it
(``Địa bàn`` over ``Xã/phường | Thôn``) is combined with the first: merged parent cells are
spread over the columns they cover (from the merged ranges, or, in CSV, to the empty cells on
their right), and each column is matched by its child text, then ``parent child``, then the
parent alone.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from dlxh.errors import ConfigurationError
from dlxh.text import fold

__all__ = [
    "FIELDS",
    "HEADER_SCAN_ROWS",
    "OPINION_HEADERS",
    "ROSTER_HEADERS",
    "Header",
    "SheetKind",
    "find_header",
    "header_key",
]

HEADER_SCAN_ROWS = 30
"""How many rows from the top are searched for the header row."""

Merged = tuple[tuple[int, int], tuple[int, int]]
"""A merged range, 0-based and inclusive: ``((first_row, first_col), (last_row, last_col))``."""


class SheetKind:
    """What the rows of a sheet are (plain strings, set on :class:`Header`)."""

    OPINIONS = "opinions"
    RECOMMENDATIONS = "recommendations"
    ROSTER = "roster"


def _table(spec: Mapping[str, Sequence[str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for field, names in spec.items():
        for name in names:
            out[header_key(name)] = field
    return out


_NON_WORD = re.compile(r"[^0-9a-z]+")


def header_key(text: str) -> str:
    """The matching key of a header: folded, punctuation and spaces collapsed to one space
    (``"Xã/phường"`` → ``"xa phuong"``)."""
    return _NON_WORD.sub(" ", fold(text)).strip()


# Columns of opinion tables and recommendation lists (written in Vietnamese as people type
# them; folded on load).
OPINION_HEADERS: dict[str, str] = _table(
    {
        "seq": ["STT", "TT", "Số TT", "Số thứ tự"],
        "id": ["Mã", "Mã tin", "Mã ý kiến", "Mã phản ánh", "ID", "Số hiệu"],
        "text": [
            "Nội dung ý kiến", "Nội dung", "Ý kiến", "Ý kiến, kiến nghị", "Ý kiến kiến nghị",
            "Nội dung phản ánh", "Phản ánh", "Nội dung tin", "Tóm tắt nội dung", "Dư luận",
            "Ý kiến dư luận", "Nội dung dư luận", "Ý kiến của Nhân dân", "Tin",
            "Nội dung ý kiến, kiến nghị", "Ý kiến, phản ánh", "Nội dung ý kiến phản ánh",
            "Tình hình dư luận",
        ],
        "recommendation": [
            "Kiến nghị", "Kiến nghị, đề xuất", "Đề xuất", "Nội dung kiến nghị",
            "Đề xuất, kiến nghị", "Kiến nghị đề xuất", "Nội dung kiến nghị, đề xuất",
        ],
        "topic": ["Lĩnh vực", "Chủ đề", "Nhóm vấn đề", "Lĩnh vực quan tâm", "Vấn đề",
                  "Nhóm lĩnh vực"],
        "place": [
            "Địa bàn", "Xã/phường", "Xã, phường", "Xã/phường/thị trấn", "Phường/xã", "Xã",
            "Phường", "Địa phương", "Nơi phản ánh", "Địa điểm", "Địa chỉ",
            "Xã/phường/đặc khu", "Cấp xã", "Đơn vị hành chính",
        ],
        "district": ["Huyện", "Quận/huyện", "Huyện/quận", "Quận/huyện/thị xã",
                     "Huyện/thị xã/thành phố", "Quận"],
        "province": ["Tỉnh", "Tỉnh/thành phố", "Tỉnh/thành", "Tỉnh, thành phố"],
        "unit_code": ["Mã đơn vị", "Mã xã", "Mã ĐVHC", "Mã đơn vị hành chính", "Mã địa bàn",
                      "Mã xã/phường"],
        "area": ["Thôn", "Thôn/tổ dân phố", "Khu dân cư", "Ấp", "Tổ dân phố", "Thôn, xóm",
                 "Thôn/ấp", "Khu phố", "Thôn/bản", "Thôn, tổ dân phố", "Tổ dân phố/khu phố"],
        "reporting_unit": ["Đơn vị", "Đơn vị báo cáo", "Đơn vị phản ánh", "Tổ chức"],
        "date": ["Ngày", "Thời gian", "Ngày phản ánh", "Ngày ghi nhận", "Ngày tháng",
                 "Thời điểm", "Ngày nhận", "Ngày báo cáo", "Ngày tháng năm"],
        "origin": ["Nguồn", "Nguồn tin", "Nguồn gốc", "Nguồn thông tin"],
        "channel": ["Kênh", "Kênh tiếp nhận", "Hình thức tiếp nhận", "Hình thức"],
        "method": ["Phương pháp", "Cách thức nắm bắt", "Phương pháp nắm bắt"],
        "groups": ["Đối tượng", "Nhóm đối tượng", "Tầng lớp", "Thành phần", "Chủ thể",
                   "Đối tượng phản ánh"],
        "orientation": ["Thái độ", "Khuynh hướng", "Chiều hướng", "Xu hướng", "Thái độ chung"],
        "mood": ["Tâm trạng", "Tâm tư", "Tâm tư, tình cảm"],
        "breadth": ["Mức độ", "Độ rộng", "Mức độ lan tỏa", "Mức độ lan toả"],
        "interest": ["Mức độ quan tâm"],
        "scope": ["Phạm vi"],
        "reporter": ["Người phản ánh", "CTV", "Cộng tác viên", "Người báo cáo", "Mã CTV",
                     "Tên CTV", "Họ tên CTV", "Người cung cấp"],
        "reasons": ["Lý do", "Nguyên nhân"],
        "competent_level": ["Thẩm quyền", "Cấp thẩm quyền", "Cấp giải quyết",
                            "Thẩm quyền giải quyết"],
        "body": ["Cơ quan", "Cơ quan thẩm quyền", "Cơ quan giải quyết",
                 "Cơ quan có thẩm quyền", "Cơ quan có thẩm quyền giải quyết"],
        "status": ["Tình trạng", "Trạng thái", "Kết quả giải quyết", "Tình hình giải quyết"],
        "answer": ["Trả lời", "Nội dung trả lời", "Kết quả trả lời"],
    }
)

# The collaborator roster (WAVE2 contract with the network module's roster export).
ROSTER_HEADERS: dict[str, str] = _table(
    {
        "seq": ["STT", "TT", "Số TT"],
        "id": ["Mã CTV", "Mã", "Mã cộng tác viên", "ID"],
        "name": ["Họ và tên", "Họ tên", "Tên"],
        "role": ["Vai trò", "Chức danh"],
        "organisation": ["Tổ chức quản lý", "Đơn vị quản lý", "Tổ chức"],
        "unit_code": ["Mã đơn vị hành chính", "Mã ĐVHC", "Mã xã", "Mã đơn vị"],
        "place": ["Đơn vị hành chính", "Địa bàn", "Xã/phường"],
        "area": ["Khu dân cư", "Thôn/tổ dân phố", "Thôn", "Tổ dân phố"],
        "groups": ["Nhóm đối tượng", "Đối tượng"],
        "sex": ["Giới tính"],
        "birth_year": ["Năm sinh"],
        "age_band": ["Nhóm tuổi"],
        "ethnicity": ["Dân tộc"],
        "religion": ["Tôn giáo"],
        "party_member": ["Đảng viên"],
        "occupation": ["Nghề nghiệp"],
        "phone": ["Số điện thoại", "Điện thoại", "SĐT"],
        "id_number": ["Số CCCD", "CCCD", "Số căn cước", "Số CMND"],
        "email": ["Email", "Thư điện tử"],
        "decision": ["Quyết định công nhận", "Số quyết định"],
        "appointed_on": ["Ngày công nhận"],
        "contract_start": ["Ngày bắt đầu hợp đồng"],
        "contract_end": ["Ngày kết thúc hợp đồng"],
        "allowance": ["Hệ số phụ cấp", "Phụ cấp"],
        "status": ["Trạng thái", "Tình trạng"],
    }
)

FIELDS: frozenset[str] = frozenset(OPINION_HEADERS.values()) | frozenset(
    ROSTER_HEADERS.values()
) | {"ignore"}
"""Every field name a column can be mapped to (``columns={"Cột lạ": "text"}``); ``"ignore"``
drops a column (it is not kept in ``extra``)."""

# Prefixes for headers people lengthen ("Nội dung ý kiến của cử tri" is still the text).
_PREFIXES: tuple[tuple[str, str], ...] = (
    ("noi dung kien nghi", "recommendation"),
    ("kien nghi", "recommendation"),
    ("de xuat", "recommendation"),
    ("noi dung", "text"),
    ("y kien", "text"),
    ("tom tat", "text"),
    ("linh vuc", "topic"),
    ("ngay", "date"),
    ("thoi gian", "date"),
    ("dia ban", "place"),
    ("nguon", "origin"),
    ("doi tuong", "groups"),
    ("thai do", "orientation"),
    ("tam trang", "mood"),
    ("muc do quan tam", "interest"),
    ("muc do", "breadth"),
    ("ghi chu", ""),
)
_ROSTER_SIGNATURE = (header_key("Họ và tên"), header_key("Vai trò"))


def _match(
    key: str, table: Mapping[str, str], user: Mapping[str, str], prefixes: bool = True
) -> str | None:
    if not key:
        return None
    if key in user:
        return user[key]
    if key in table:
        return table[key]
    if prefixes and table is OPINION_HEADERS:
        for prefix, field in _PREFIXES:
            if key.startswith(prefix + " "):
                return field or None
    return None


@attrs.frozen
class Header:
    """Where a table's header is and what each column holds."""

    kind: str
    """A :class:`SheetKind` value."""
    first_data_row: int
    """0-based index of the first row after the header (and its column-number row)."""
    header_rows: tuple[int, ...]
    """0-based indices of the header rows (one or two)."""
    labels: tuple[str, ...]
    """Each column's header as written (``"Địa bàn / Xã/phường"`` for a combined one)."""
    fields: tuple[str | None, ...]
    """Each column's field, ``None`` for a column kept in ``extra``."""
    duplicates: tuple[int, ...] = ()
    """Columns whose field an earlier column already holds (kept in ``extra``)."""

    def column(self, field: str) -> int | None:
        """The index of the column holding ``field``, or ``None``."""
        try:
            return self.fields.index(field)
        except ValueError:
            return None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _score(cells: Sequence[Any], table: Mapping[str, str], user: Mapping[str, str]) -> int:
    found: set[str] = set()
    for cell in cells:
        if isinstance(cell, str) and len(cell) <= 120:
            field = _match(header_key(cell), table, user)
            if field:
                found.add(field)
    return len(found)


_COLUMN_NUMBER = re.compile(r"^\(?[0-9]{1,2}\)?$|^\(?[a-zA-Z]\)?$")


def _is_column_numbers(row: Sequence[Any]) -> bool:
    """The row of column numbers Vietnamese forms put under the header: ``(1) (2) (3)``."""
    values = [_text(c) for c in row]
    filled = [v for v in values if v]
    return len(filled) >= 2 and all(_COLUMN_NUMBER.match(v) for v in filled)


def _spread(
    rows: Sequence[Sequence[Any]], first: int, last: int, width: int, merged: Sequence[Merged]
) -> list[list[str]]:
    """The header rows ``first..last`` as text, with merged cells' text over their range."""
    grid = [[_text(rows[r][c]) if c < len(rows[r]) else "" for c in range(width)]
            for r in range(first, last + 1)]
    for (r0, c0), (r1, c1) in merged:
        if r1 < first or r0 > last or r0 < first:
            continue
        value = grid[r0 - first][c0] if c0 < width else ""
        for r in range(r0, min(r1, last) + 1):
            for c in range(c0, min(c1, width - 1) + 1):
                grid[r - first][c] = value
    return grid


def _is_subheader(
    parent: list[str],
    child: list[str],
    merged_below: set[int],
    table: Mapping[str, str],
    user: Mapping[str, str],
) -> bool:
    """Whether ``child`` (the row under the header) is a second header row.

    A data row fills the columns whose header is one cell; a sub-header row leaves them empty
    (they are merged down, or blank in CSV) and names the columns under a parent that spans
    several columns, or under an empty parent. A child cell that is itself a known header
    (``Nơi phản ánh`` over ``Xã/phường``) names its column whatever the parent is: data cells
    are not column names."""
    filled = [c for c, v in enumerate(child) if v]
    if not filled:
        return False
    for c in filled:
        if len(child[c]) > 60:
            return False
        spans = (c > 0 and parent[c - 1] == parent[c] and parent[c]) or (
            c + 1 < len(parent) and parent[c + 1] == parent[c] and parent[c]
        )
        if not (
            spans
            or not parent[c]
            or c in merged_below
            or _match(header_key(child[c]), table, user, prefixes=False) is not None
        ):
            return False
    return True


def find_header(
    rows: Sequence[Sequence[Any]],
    merged: Sequence[Merged] = (),
    columns: Mapping[str, str] | None = None,
) -> Header | None:
    """Find the header in the first rows of a table; ``None`` when no row names at least two
    known fields (or one column of the user's mapping).

    ``columns`` maps header texts as written (matched folded) to field names of
    :data:`FIELDS`; it wins over the built-in vocabulary.
    """
    user = {header_key(k): v for k, v in (columns or {}).items()}
    for name, field in user.items():
        if field not in FIELDS:
            raise ConfigurationError(
                f"column mapping {name!r} -> {field!r}: unknown field; "
                f"expected one of {', '.join(sorted(FIELDS))}"
            )
    best_row, best_score, table = -1, 0, OPINION_HEADERS
    for index in range(min(len(rows), HEADER_SCAN_ROWS)):
        keys = {header_key(c) for c in rows[index] if isinstance(c, str)}
        candidate = ROSTER_HEADERS if all(k in keys for k in _ROSTER_SIGNATURE) else (
            OPINION_HEADERS
        )
        score = _score(rows[index], candidate, user)
        if score > best_score:
            best_row, best_score, table = index, score, candidate
    needed = 1 if user else 2
    if best_score < needed:
        return None
    width = max(len(rows[r]) for r in range(best_row, min(best_row + 2, len(rows))))
    last = min(best_row + 1, len(rows) - 1)
    grid = _spread(rows, best_row, last, width, merged)
    parent = grid[0]
    merged_below = {
        c
        for (r0, c0), (r1, c1) in merged
        if r0 <= best_row < r1
        for c in range(c0, c1 + 1)
    }
    header_rows: tuple[int, ...] = (best_row,)
    labels = list(parent)
    fields: list[str | None] = [_match(header_key(p), table, user) for p in parent]
    if last > best_row and _is_subheader(parent, grid[1], merged_below, table, user):
        header_rows = (best_row, best_row + 1)
        # In CSV a parent is written once, over the first of its columns: spread it right
        # over the empty parent cells that have a child.
        spread = list(parent)
        for c in range(1, width):
            if not spread[c] and grid[1][c]:
                spread[c] = spread[c - 1]
        for c in range(width):
            p, ch = spread[c], grid[1][c]
            if not ch or ch == p:
                labels[c], fields[c] = p, _match(header_key(p), table, user)
                continue
            labels[c] = f"{p} / {ch}" if p else ch
            by_child = _match(header_key(ch), table, user)
            by_both = _match(header_key(f"{p} {ch}"), table, user, prefixes=False)
            by_parent = _match(header_key(p), table, user)
            chosen = by_both or by_child or by_parent
            if chosen == "text" and by_parent == "recommendation":
                chosen = "recommendation"
            fields[c] = chosen
    first_data = header_rows[-1] + 1
    if first_data < len(rows) and _is_column_numbers(rows[first_data]):
        first_data += 1
    seen: set[str] = set()
    duplicates: list[int] = []
    for c, held in enumerate(fields):
        if held is None or held in ("ignore", "seq"):
            continue
        if held in seen:
            duplicates.append(c)
            fields[c] = None
        seen.add(held)
    if table is ROSTER_HEADERS:
        kind = SheetKind.ROSTER
    elif "text" not in fields and "recommendation" in fields:
        kind = SheetKind.RECOMMENDATIONS
    else:
        kind = SheetKind.OPINIONS
    return Header(
        kind=kind,
        first_data_row=first_data,
        header_rows=header_rows,
        labels=tuple(labels),
        fields=tuple(fields),
        duplicates=tuple(duplicates),
    )

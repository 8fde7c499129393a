"""Collaborator rosters (the WAVE2 roster contract): canonical and variant headers, enum labels
or values, bad rows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

from dlxh.model.enums import AgeBand, CollaboratorRole, CollaboratorStatus, Sex
from dlxh.testing import fresh_session

CANONICAL = [
    "Mã CTV", "Họ và tên", "Vai trò", "Tổ chức quản lý", "Mã đơn vị hành chính",
    "Đơn vị hành chính", "Khu dân cư", "Nhóm đối tượng", "Giới tính", "Năm sinh", "Nhóm tuổi",
    "Dân tộc", "Tôn giáo", "Đảng viên", "Nghề nghiệp", "Số điện thoại", "Số CCCD", "Email",
    "Quyết định công nhận", "Ngày công nhận", "Ngày bắt đầu hợp đồng", "Ngày kết thúc hợp đồng",
    "Hệ số phụ cấp", "Trạng thái",
]


def _row(**values: object) -> list[object]:
    return [values.get(h) for h in CANONICAL]


def test_roster(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "CTV"
    ws.append(["DANH SÁCH CỘNG TÁC VIÊN DƯ LUẬN XÃ HỘI"])
    ws.append(CANONICAL)
    ws.append(_row(**{
        "Mã CTV": "CTV-001", "Họ và tên": "Nguyễn Thị Lan",
        "Vai trò": "Cộng tác viên dư luận xã hội", "Tổ chức quản lý": "mttq-00004",
        "Mã đơn vị hành chính": "00004", "Khu dân cư": "Tổ 3",
        "Nhóm đối tượng": "Phụ nữ; Cán bộ hưu trí", "Giới tính": "Nữ", "Năm sinh": 1961,
        "Nhóm tuổi": "Từ 60 trở lên", "Dân tộc": "Kinh", "Đảng viên": "Có",
        "Số điện thoại": "0912345678", "Quyết định công nhận": "12/QĐ-MTTQ",
        "Ngày công nhận": "01/03/2026", "Ngày bắt đầu hợp đồng": dt.date(2026, 3, 1),
        "Ngày kết thúc hợp đồng": "28/02/2028", "Hệ số phụ cấp": "0,3",
        "Trạng thái": "Đang hoạt động",
    }))
    ws.append(_row(**{"Mã CTV": "CTV-002", "Họ và tên": "Trần Văn Minh",
                      "Vai trò": "reporter", "Giới tính": "male", "Trạng thái": "ended",
                      "Đảng viên": "Không", "Năm sinh": "năm ngoái"}))
    ws.append(_row(**{"Mã CTV": "CTV-002", "Họ và tên": "Trùng Mã", "Vai trò": "Báo cáo viên"}))
    ws.append(_row(**{"Mã CTV": "CTV-004", "Họ và tên": "Sai Mã Xã", "Vai trò": "CTV",
                      "Mã đơn vị hành chính": "99999"}))
    ws.append(_row(**{"Mã CTV": "CTV-005", "Vai trò": "CTV"}))
    ws.append(_row(**{"Mã CTV": "CTV-006", "Họ và tên": "Vai Trò Lạ", "Vai trò": "Thủ quỹ"}))
    ws.append([])
    path = tmp_path / "ctv.xlsx"
    book.save(path)
    batch = fresh_session().read(path)
    batch.check()
    assert batch.seen == 6 and batch.rejected == 4
    lan, minh = batch.collaborators
    assert lan.id == "CTV-001" and lan.name == "Nguyễn Thị Lan"
    assert lan.role is CollaboratorRole.OPINION_COLLABORATOR
    assert lan.unit == "00004" and lan.area_id == "Tổ 3"
    assert lan.organisation_id == "mttq-00004"
    assert lan.groups == ("Phụ nữ", "Cán bộ hưu trí")
    assert lan.sex is Sex.FEMALE and lan.age_band is AgeBand.FROM_60
    assert lan.birth_year == 1961 and lan.party_member is True
    assert lan.appointment_decision == "12/QĐ-MTTQ"
    assert lan.appointed_on == dt.date(2026, 3, 1)
    assert lan.contract_start == dt.date(2026, 3, 1)
    assert lan.contract_end == dt.date(2028, 2, 28)
    assert lan.allowance_coefficient == 0.3
    assert lan.status is CollaboratorStatus.ACTIVE
    assert minh.role is CollaboratorRole.REPORTER and minh.sex is Sex.MALE
    assert minh.status is CollaboratorStatus.ENDED and minh.party_member is False
    assert minh.birth_year is None
    assert {(p.code, str(p.severity), p.location) for p in batch.problems} == {
        ("unknown-value", "warning", "CTV!J4"),
        ("duplicate-id", "error", "CTV!A5"),
        ("unknown-unit-code", "error", "CTV!E6"),
        ("missing-name", "error", "CTV!B7"),
        ("unknown-value", "error", "CTV!C8"),
    }


def test_roster_header_variants(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.append(["STT", "HO VA TEN", "VAI TRO", "Gioi tinh", "So dien thoai"])
    ws.append([1, "Lê Văn Hùng", "Tuyên truyền viên", "Nam", "0987654321"])
    path = tmp_path / "ctv-khong-dau.xlsx"
    book.save(path)
    (person,) = fresh_session().read(path).collaborators
    assert person.role is CollaboratorRole.PROPAGANDIST
    assert person.phone == "0987654321"
    assert person.id.startswith("ctv-")

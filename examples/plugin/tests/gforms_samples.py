"""Sample Google Forms exports and reports for the tests, built in code.

The answers are Vietnamese written for these tests. The files are laid out as Google writes
them: the timestamp first, then the questions in the order of the form.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs
from dlxh.model.enums import Breadth, CompetentLevel, ReportKind
from dlxh.model.opinions import OpinionStream, Recommendation
from dlxh.model.periods import Period
from dlxh.model.reports import Report

VI_HEADER = (
    "Dấu thời gian",
    "Họ và tên (không bắt buộc)",
    "Xã/phường nơi ở",
    "Đối tượng",
    "Ông/bà đánh giá thế nào về thái độ phục vụ của cán bộ?",
    "Ý kiến, kiến nghị của ông/bà",
    "Lý do",
)

RESPONDENT = "Nguyễn Văn An"
"""A respondent's name: must never reach an item."""

VI_ROWS: tuple[tuple[str, ...], ...] = (
    ("03/10/2026 8:15:04", RESPONDENT, "Phường Hạc Thành", "Hưu trí", "Hài lòng",
     "Đề nghị sớm sửa chữa tuyến đường ven sông bị sụt lún,\nđi lại nguy hiểm vào mùa mưa.",
     "Mùa mưa nước ngập sâu"),
    ("05/10/2026 19:02:11", "", "Phường Đông Sơn", "Nông dân", "Bình thường",
     "Giá phân bón tăng cao trong khi giá lúa giảm, bà con lo lắng.", ""),
    ("14/10/2026 7:45:30", "Trần Thị Bình", "Phường Quảng Phú", "Công nhân, người lao động",
     "Rất hài lòng",
     "Thủ tục cấp giấy chứng nhận quyền sử dụng đất đã nhanh hơn, người dân đồng tình.",
     "Cán bộ hướng dẫn tận tình"),
    ("16/10/2026 21:10:00", "", "Phường Hạc Thành", "Thanh niên", "Hài lòng",
     "Không có ý kiến", ""),
    ("32/10/2026 9:00:00", "", "Phường Đông Sơn", "Phụ nữ", "Hài lòng",
     "Chợ tạm lấn chiếm lòng đường gây mất an toàn giao thông.", ""),
)
"""Five responses: three opinions, one "no opinion", one with an impossible date. The first
answer spans two lines, so the rows after it start one line later than their index says."""

EN_HEADER = ("Timestamp", "Email Address", "Ward/commune", "Your opinion")

EN_ROWS: tuple[tuple[str, ...], ...] = (
    ("10/3/2026 8:15:04", "an@example.com", "Phường Hạc Thành",
     "Đường điện chiếu sáng ở khu phố hay bị hỏng, đề nghị kiểm tra."),
    ("10/14/2026 20:01:45", "", "Phường Đông Sơn",
     "Người dân phấn khởi vì trạm y tế phường đã có thêm bác sĩ."),
)
"""Month first, as an en-US sheet writes it; "10/14/2026" proves the order."""


def csv_bytes(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    encoding: str = "utf-8",
    delimiter: str = ",",
) -> bytes:
    """The CSV Google writes (``\\r\\n`` line ends, quotes where needed)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def write_csv(
    path: Path,
    header: Sequence[str] = VI_HEADER,
    rows: Sequence[Sequence[str]] = VI_ROWS,
    **options: Any,
) -> Path:
    path.write_bytes(csv_bytes(header, rows, **options))
    return path


def write_zip(
    path: Path,
    header: Sequence[str] = VI_HEADER,
    rows: Sequence[Sequence[str]] = VI_ROWS,
    *,
    inner: str = "Khảo sát ý kiến Nhân dân.csv",
) -> Path:
    """What Google Forms' *Download responses (.csv)* gives: a zip holding the CSV."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(inner, csv_bytes(header, rows))
    return path


def write_xlsx(
    path: Path,
    header: Sequence[str] = VI_HEADER,
    rows: Sequence[Sequence[Any]] = VI_ROWS,
    *,
    sheet: str = "Câu trả lời biểu mẫu 1",
) -> Path:
    """A workbook like Google's xlsx download; give ``datetime`` cells for real timestamps."""
    import openpyxl

    workbook = openpyxl.Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    worksheet.append(list(header))
    for row in rows:
        worksheet.append(list(row))
    workbook.save(path)
    return path


def streams() -> list[OpinionStream]:
    """Four streams of different breadth, in no particular order."""
    return [
        OpinionStream(
            id="stream-cho-tam",
            statement="Chợ tạm lấn chiếm lòng đường gây mất an toàn giao thông",
            item_ids=("gforms-1",),
            places=("Phường Đông Sơn",),
            unit_count=1,
            breadth=Breadth.SOME_PEOPLE,
            first_seen=dt.date(2026, 10, 20),
            last_seen=dt.date(2026, 10, 20),
        ),
        OpinionStream(
            id="stream-phan-bon",
            statement="Lo lắng giá phân bón tăng cao trong khi giá lúa giảm; "
            "có người nhắn hỏi qua số 0912 345 678",
            item_ids=("gforms-2", "gforms-3", "gforms-4"),
            places=("Phường Đông Sơn", "Phường Quảng Phú", "Xã Đông Tiến", "Xã Thiệu Hóa",
                    "Xã Hoằng Hóa"),
            unit_count=5,
            breadth=Breadth.MAJORITY,
            first_seen=dt.date(2026, 10, 2),
            last_seen=dt.date(2026, 10, 28),
        ),
        OpinionStream(
            id="stream-duong-ven-song",
            statement="Đề nghị sửa chữa tuyến đường ven sông bị sụt lún",
            item_ids=("gforms-5", "gforms-6"),
            places=("Phường Hạc Thành",),
            unit_count=1,
            breadth=Breadth.MANY_OPINIONS,
            first_seen=dt.date(2026, 10, 3),
            last_seen=dt.date(2026, 10, 16),
        ),
        OpinionStream(
            id="stream-dat-dai",
            statement="Đồng tình vì thủ tục cấp giấy chứng nhận quyền sử dụng đất nhanh hơn",
            item_ids=("gforms-7",),
            places=("Phường Quảng Phú",),
            unit_count=1,
            first_seen=dt.date(2026, 10, 14),
            last_seen=dt.date(2026, 10, 14),
        ),
    ]


def recommendations() -> list[Recommendation]:
    return [
        Recommendation(
            id="rec-duong",
            text="Sửa chữa tuyến đường ven sông trước mùa mưa",
            competent_level=CompetentLevel.COMMUNE,
        ),
        Recommendation(
            id="rec-phan-bon",
            text="Bình ổn giá phân bón",
            competent_level=CompetentLevel.PROVINCE,
        ),
    ]


def report() -> Report:
    return Report(
        id="report-thang-10",
        kind=ReportKind.SYNTHESIS,
        title="Báo cáo tổng hợp dư luận xã hội tháng 10 năm 2026",
        period=Period.month(2026, 10),
        unit="14797",
        issuer="Ủy ban MTTQ Việt Nam phường Hạc Thành",
        issued_on=dt.date(2026, 11, 5),
    )


@attrs.frozen
class SynthesisLike:
    """What a synthesis looks like to an exporter: a report, its streams and recommendations."""

    report: Report
    streams: tuple[OpinionStream, ...]
    recommendations: tuple[Recommendation, ...] = ()


def synthesis() -> SynthesisLike:
    return SynthesisLike(report(), tuple(streams()), tuple(recommendations()))

"""Plug your own importer into dlxh: a plugin that reads a hotline log kept as plain lines
("dd/mm/yyyy | xã ... | nội dung"), registered on a session, chosen by content.

    python examples/custom_importer.py
"""

from __future__ import annotations

from typing import Any

import dlxh
from dlxh.model.ids import content_id
from dlxh.text.dates import UnreadableDateError, parse_date


class HotlineLog(dlxh.Importer):
    name = "hotline-log"
    description = "Sổ ghi đường dây nóng: ngày | nơi | nội dung"
    extensions = (".log",)

    @classmethod
    def sniff(cls, source: dlxh.Source) -> float:
        first = source.head().decode("utf-8", "replace").splitlines()[:1]
        return 0.9 if first and first[0].count("|") == 2 else 0.0

    def read(
        self, source: dlxh.Source, *, strict: bool = False, **options: Any
    ) -> dlxh.ImportBatch:
        batch = dlxh.ImportBatch(strict=strict)
        digest = source.sha256
        lines = source.read_bytes().decode("utf-8").splitlines()
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            batch.seen += 1
            where = f"line {n}"
            parts = [p.strip() for p in line.split("|")]
            if len(parts) != 3 or not parts[2]:
                message = "not 'date | place | text'"
                problem = dlxh.Problem("hotline-bad-line", "error", message, where)
                batch.reject(problem)
                continue
            try:
                day = parse_date(parts[0])
            except UnreadableDateError as exc:
                batch.reject(dlxh.Problem("hotline-bad-date", "error", str(exc), where))
                continue
            matches = self.session.resolve_unit(parts[1], as_of=day)
            match = matches[0] if matches else None
            batch.add(dlxh.OpinionItem(
                id=content_id("hotline", digest, n), text=parts[2], date=day,
                unit=match.unit.code if match else None, place_text=parts[1],
                channel="phone",
            ))
        return batch


class Plugin:
    @dlxh.hookimpl
    def dlxh_register_importers(self) -> list[type[dlxh.Importer]]:
        return [HotlineLog]


def main() -> None:
    session = dlxh.Session()
    session.register(Plugin(), name="hotline-example")
    data = (
        "05/11/2026 | xã Bình Lư, Lai Châu | Người dân hỏi về lịch chi trả trợ cấp người cao tuổi\n"
        "31/11/2026 | xã Sìn Hồ | ngày không có thật\n"
        "12/11/2026 | phường Đoàn Kết, Lai Châu | Phản ánh đèn đường hỏng nhiều tuần chưa sửa\n"
    ).encode()
    batch = session.read(data, name="duong-day-nong.log")
    for item in batch.items:
        print(item.date, item.unit, item.text)
    for problem in batch.problems:
        print(problem)


if __name__ == "__main__":
    main()

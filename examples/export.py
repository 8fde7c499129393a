"""Write one report in every format: Word (state and Front layouts, and from the sample
template), Excel annex, CSV, Markdown, HTML and the JSON exchange format.

    python examples/export.py [OUTPUT_FOLDER]
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

import dlxh
from dlxh.exporters import sample_template


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    items = [
        dlxh.OpinionItem(id="vd-1", text="Đa số cử tri đồng tình với việc sắp xếp thôn, bản.",
                         date=dt.date(2026, 10, 12), unit="03388"),
        dlxh.OpinionItem(id="vd-2", text="Một số hộ phản ánh nước sinh hoạt bị đục, liên hệ "
                         "anh Tuấn 0912 345 678 để biết thêm.", date=dt.date(2026, 10, 20),
                         unit="03394"),
    ]
    report = dlxh.Report(
        id="bc-vd-2026-10",
        kind="opinion_situation",
        title="Báo cáo tình hình tư tưởng, dư luận xã hội tháng 10 năm 2026",
        period=dlxh.Period.month(2026, 10),
        issuer="Ủy ban MTTQ Việt Nam tỉnh Lai Châu",
        issuer_parent="Ủy ban Trung ương MTTQ Việt Nam",
        number="15/BC-MTTQ",
        place="Lai Châu",
        issued_on=dt.date(2026, 11, 3),
        sections=[dlxh.Section(title="Tình hình tư tưởng, dư luận xã hội",
                               paragraphs=["Tình hình nhân dân trên địa bàn ổn định."],
                               item_ids=("vd-1", "vd-2"))],
        item_ids=("vd-1", "vd-2"),
        recipients=("Ban Thường trực UBTW MTTQ Việt Nam", "Lưu VP"),
        signer_title="TM. Ban Thường trực",
        signer_name="Nguyễn Văn A",
    )
    template = out / "mau-cua-toi.docx"
    shutil.copy(sample_template(), template)
    written = [
        dlxh.write(report, out / "bao-cao-nha-nuoc.docx", items=items, profile="state"),
        dlxh.write(report, out / "bao-cao-mat-tran.docx", items=items, profile="mttq"),
        dlxh.write(report, out / "bao-cao-tu-mau.docx", items=items, template=template),
        dlxh.write(report, out / "phu-luc.xlsx", items=items),
        dlxh.write(items, out / "y-kien.csv"),
        dlxh.write(report, out / "bao-cao.md", items=items),
        dlxh.write(report, out / "bao-cao.html", items=items),
        dlxh.write(items, out / "y-kien.jsonl"),
    ]
    for path in written:
        print("Đã ghi (written):", path)
    text = (out / "bao-cao.md").read_text(encoding="utf-8")
    print("Số điện thoại đã được che (phone redacted):", "0912 345 678" not in text)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="dlxh-")))

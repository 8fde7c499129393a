"""Classify opinions with the lexicon, send the unsure labels for review, apply the review.

    python examples/classify_and_review.py [OUTPUT_FOLDER]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import openpyxl

import dlxh
from dlxh.classifiers.review import apply_review, export_review, read_review, review_queue

STATEMENTS = (
    "Nhiều hộ dân bức xúc vì giá điện tháng này tăng cao bất thường.",
    "Bà con phấn khởi khi con đường liên thôn được bê tông hóa.",
    "Có ý kiến lo lắng về tình trạng lừa đảo qua mạng nhắm vào người cao tuổi.",
    "Phụ huynh đề nghị công khai các khoản thu đầu năm học.",
)


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    items = [dlxh.OpinionItem(id=f"vd-{n}", text=t) for n, t in enumerate(STATEMENTS, 1)]
    labelled = dlxh.classify(items)
    for item in labelled:
        print(f"{item.value('topic')!s:28} {item.value('orientation')!s:10} {item.text[:50]}")
    rows = review_queue(labelled, threshold=1.0, dimensions=["topic"])
    workbook = out / "xem-xet.xlsx"
    export_review(rows, workbook)
    print(f"{len(rows)} nhãn cần xem xét (labels to review) -> {workbook}")
    # A reviewer confirms the first label in Excel (an "x" under "Đồng ý") and corrects the
    # second (a code or its Vietnamese label under "Sửa thành"); rows start after two header rows.
    book = openpyxl.load_workbook(workbook)
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    sheet.cell(3, header.index("confirm") + 1).value = "x"
    sheet.cell(4, header.index("correct_to") + 1).value = "Nông nghiệp, nông thôn"
    book.save(workbook)
    decisions, problems = read_review(workbook)
    reviewed = apply_review(labelled, decisions, reviewer="Cán bộ Ban Tuyên giáo")
    done = [label for item in reviewed for label in item.labels if label.reviewed_by]
    print(f"Đã duyệt (reviewed) {len(done)} nhãn; vấn đề (problems): {len(problems)}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="dlxh-")))

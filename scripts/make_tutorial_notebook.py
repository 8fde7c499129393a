"""Write ``examples/notebooks/tutorial.ipynb`` (without outputs) from the cells below.

The notebook is kept as code here so that its diff is readable; run this script after editing
the cells, and ``pytest tests/examples`` executes the notebook.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

OUT = Path(__file__).resolve().parents[1] / "examples" / "notebooks" / "tutorial.ipynb"

CELLS: list[tuple[str, str]] = [
    ("md", """# dlxh: từ báo cáo nhận được đến bản tổng hợp

*From the reports received to the synthesis.* This notebook follows a province's Front office
through one month: it reads the commune reports as they arrived (Excel, CSV, Word), looks at
what could not be read, classifies the opinions, synthesises the month, checks which reports
are missing or late, looks at the collaborator network, and writes the Word document.

The data are made by `examples/make_example_data.py` (Lai Châu, fourth quarter of 2026); they
are generated for the project, not real reports."""),
    ("code", """import sys, tempfile
from pathlib import Path

import dlxh

here = Path.cwd()
candidates = (here, here.parent, here / "examples")
examples = next(p for p in candidates if (p / "make_example_data.py").exists())
sys.path.insert(0, str(examples))
from make_example_data import make

work = Path(tempfile.mkdtemp(prefix="dlxh-tutorial-"))
counts = make(work)
counts"""),
    ("md", """## 1. Đọc một báo cáo (read one report)

`dlxh.read` picks the importer by the file's content. The batch shows as a table in the
notebook: the records read, and a problem for every row that could not be."""),
    ("code", """first = sorted((work / "bao-cao-nhan-duoc" / "thang-12").glob("*.xlsx"))[0]
batch = dlxh.read(first)
batch"""),
    ("code", """batch.problems"""),
    ("md", """## 2. Đọc tất cả (read everything received)

Files that cannot be read at all are not dropped silently: `read_all` turns them into
problems of the run."""),
    ("code", """from dlxh.pipeline import input_files, read_all

files = input_files(work / "bao-cao-nhan-duoc")
everything, unreadable = read_all(files, dlxh.default_session())
print(len(files), "tệp,", len(everything.items), "ý kiến,", len(everything.reports), "báo cáo,",
      everything.rejected, "dòng bị loại,", len(unreadable), "tệp không đọc được")
everything.problems.by_code()"""),
    ("md", """## 3. Phân loại (classify)

The lexicon classifier needs no training; each label keeps the cues that fired."""),
    ("code", """items = dlxh.classify(everything.items)
from collections import Counter
topics = Counter(item.value("topic") for item in items)
topics.most_common(8)"""),
    ("code", """import matplotlib.pyplot as plt

names, values = zip(*topics.most_common(8), strict=True)
fig, ax = plt.subplots(figsize=(7, 3.5))
ax.barh([str(n) for n in names][::-1], list(values)[::-1])
ax.set_title("Số ý kiến theo lĩnh vực (items by topic)")
fig.tight_layout()"""),
    ("md", """## 4. Tổng hợp tháng 12 (synthesise December)

The Front's structure of the province (who reports to whom, by when) comes from the unit
catalog in one call; the synthesis groups items into opinion streams, estimates their breadth,
ranks the hot issues and counts the reports expected, received, late and missing."""),
    ("code", """from dlxh.network import build_structure
import datetime as dt

structure = build_structure("12", as_of=dt.date(2026, 12, 31))
syn = dlxh.synthesize(
    [items, everything.reports, everything.recommendations],
    unit="12",
    period="2026-12",
    reporting_lines=structure.reporting_lines,
    organisations=list(structure),
    today=dt.date(2027, 1, 12),
)
print(len(syn.streams), "luồng ý kiến (streams)")
syn.streams[0]"""),
    ("code", """[(issue.title, issue.items, issue.units) for issue in syn.issues[:5]]"""),
    ("code", """total = syn.completeness.total
print(f"cần {total.expected}, nhận {total.received}, đúng hạn {total.on_time}, "
      f"chậm {total.late}, thiếu {total.missing}")"""),
    ("md", """## 5. Mạng lưới cộng tác viên (the collaborator network)"""),
    ("code", """from dlxh.network import coverage

roster = dlxh.read(work / "cong-tac-vien.xlsx")
cov = coverage(roster.collaborators, "12", as_of=dt.date(2026, 12, 31))
[u.name for u in cov.blind_units]"""),
    ("md", """## 6. Văn bản Word (the Word document)

The state layout (Nghị định 30/2020/NĐ-CP); personal data are redacted by default."""),
    ("code", """out = dlxh.write(syn, work / "tong-hop-2026-12.docx", profile="state")
out, out.stat().st_size > 0"""),
    ("code", """syn"""),
]


def build() -> nbformat.NotebookNode:
    cells = [new_markdown_cell(src) if kind == "md" else new_code_cell(src) for kind, src in CELLS]
    notebook = new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    notebook.metadata["language_info"] = {"name": "python"}
    return notebook


if __name__ == "__main__":
    OUT.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(build(), OUT)
    print(OUT)

"""Read the reports an office received and look at what came in, and what could not.

    python examples/read_and_inspect.py [FOLDER]

FOLDER holds the files (the example data are made there first when it is empty).
"""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from pathlib import Path

import dlxh
from dlxh.pipeline import input_files, read_all

sys.path.insert(0, str(Path(__file__).resolve().parent))


def main(folder: Path) -> None:
    if not (folder / "bao-cao-nhan-duoc").exists():
        from make_example_data import make

        make(folder)
    files = input_files(folder / "bao-cao-nhan-duoc")
    batch, unreadable = read_all(files, dlxh.default_session())
    print(f"{len(files)} tệp (files): {len(batch.items)} ý kiến, {len(batch.reports)} báo cáo, "
          f"{batch.rejected} dòng bị loại (rows rejected), {len(unreadable)} tệp không đọc được")
    by_unit = Counter(item.unit for item in batch.items)
    print("Nhiều ý kiến nhất (most items):", by_unit.most_common(3))
    print("Vấn đề theo mã (problems by code):")
    for code, n in batch.problems.by_code().items():
        print(f"  {code}: {n}")
    first_error = next((p for p in batch.problems if p.severity is dlxh.Severity.ERROR), None)
    if first_error is not None:
        print("Ví dụ (example):", first_error)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="dlxh-")))

"""The dlxh demo: the main job on the bundled example data.

Run it with ``make demo`` (or ``python examples/demo.py``). It reads the example reports,
prints what it found and the problems, and writes the results to the output folder.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

import dlxh

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--output", type=Path, default=Path("demo-output"))
    args = parser.parse_args(argv)
    output: Path = args.output
    output.mkdir(parents=True, exist_ok=True)

    session = dlxh.Session()
    batch = dlxh.ImportBatch()
    for path in sorted(DATA.glob("*.json*")):
        part = session.read(path)
        print(f"Đã đọc {path.name}: {part.accepted} bản ghi, {part.rejected} bị loại")
        batch.extend(part)

    print(f"\nTổng: {batch.seen} bản ghi, nhận {batch.accepted}, loại {batch.rejected}")
    units = Counter(item.unit or "(không rõ)" for item in batch.items)
    print("Số ý kiến theo đơn vị:", ", ".join(f"{u}: {n}" for u, n in units.most_common()))
    if batch.problems:
        print("\nVấn đề khi đọc dữ liệu:")
        for problem in batch.problems:
            print(f"  {problem}")

    written = [output / "tong-hop.json", output / "y-kien.jsonl"]
    session.write(batch, written[0])
    session.write(batch.items, written[1])
    print("\nĐã ghi:")
    for path in written:
        print(f"  {path.resolve()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

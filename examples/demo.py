"""The dlxh demo: an office's whole job on the example data, in under a minute.

``make demo`` runs it (or ``python examples/demo.py``). It makes the example data of one province
(Lai Châu: every commune's monthly reports for the fourth quarter of 2026, as Excel sheets in
several layouts, CSV and Word files, some in TCVN3, some late, some missing, some with bad rows;
and the collaborator roster), then runs what ``dlxh run`` runs: read everything, classify,
synthesise December and the quarter, check completeness and quality, write the Word synthesis
and its Excel annex, the network coverage and the list of data problems. It prints a short
summary and the paths of what it wrote.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def main(argv: list[str] | None = None) -> int:
    from make_example_data import make

    from dlxh.cli.run import progress_step
    from dlxh.pipeline import RunConfig, run_office

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=Path("demo-output"))
    parser.add_argument("--quiet", action="store_true", help="no progress bars")
    parser.add_argument("--items", type=int, default=None,
                        help="opinion items in the example data (default 1,500)")
    args = parser.parse_args(argv)
    output: Path = args.output.resolve()
    started = time.perf_counter()

    config_file = output / "demo.toml"
    if not config_file.exists():
        print(f"Tạo dữ liệu mẫu (making the example data) in {output} ...")
        counts = make(output) if args.items is None else make(output, size=args.items)
        print("  " + ", ".join(f"{kind}: {n}" for kind, n in counts.items()))

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    config = RunConfig.from_toml(config_file)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  console=Console(stderr=True), disable=args.quiet, transient=True) as bars:
        result = run_office(config, step=progress_step(bars))

    print()
    for line in result.summary_lines():
        print(line)
    print("\nĐã ghi (written):")
    for path in result.written:
        print(f"  {path}")
    print(f"\nXong trong {time.perf_counter() - started:.0f} giây. Mở tệp Word ở trên để xem bản "
          "tổng hợp (open the Word file above to read the synthesis).")
    return 0


if __name__ == "__main__":
    sys.exit(main())

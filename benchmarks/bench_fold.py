"""Throughput of dlxh.text.fold against a unicodedata.normalize + str.translate anchor.

Both fold the same generated short Vietnamese sentences (2 to 12 syllables, mixed case,
punctuation, some in NFD and in the old tone style) in the same run. The anchor is what one
would write by hand: NFD, a translate table that deletes combining marks, maps đ to d and
punctuation to spaces, ``lower()`` and a whitespace collapse. The table gives sentences per
second (CPU time of this process) and the ratio of each to the anchor, and how often the two
keys agree. ``--quick`` folds 50,000 sentences instead of 1,000,000.

    python benchmarks/bench_fold.py [--quick] [--n 1000000] [--seed 7] [--repeat 3]
"""

from __future__ import annotations

import argparse
import random
import string
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.table import Table

from dlxh.text import fold, normalize

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchrows import peak_mib, row, write_rows

WORDS_TEXT = (
    "người dân phấn khởi tin tưởng vào đường lối đổi mới của Đảng nhà nước bày tỏ lo lắng "
    "về giá cả thị trường xăng dầu tăng cao ảnh hưởng đến đời sống công nhân lao động nông "
    "dân đề nghị cấp ủy chính quyền quan tâm giải quyết kịp thời kiến nghị cử tri đất đai "
    "quy hoạch thu hồi bồi thường giải phóng mặt bằng an ninh trật tự ma túy tín dụng đen "
    "lừa đảo mạng xã hội thanh niên phụ nữ cựu chiến binh y tế bảo hiểm giáo dục Khánh Hòa "
    "Thủy Nguyên Hà Nội Thành phố Hồ Chí Minh Đắk Lắk xã phường tổ dân phố MTTQ UBND HĐND"
)
WORDS = WORDS_TEXT.split()
PUNCTUATION = ["", "", "", ",", ".", ";", ":", " -", "!", "?", " (", ")"]


def sentences(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        words = [rng.choice(WORDS) for _ in range(rng.randint(2, 12))]
        text = " ".join(w + rng.choice(PUNCTUATION) for w in words)
        roll = rng.random()
        if roll < 0.1:
            text = unicodedata.normalize("NFD", text)
        elif roll < 0.2:
            text = normalize(text, tone_style="old")
        elif roll < 0.25:
            text = text.upper()
        out.append(text)
    return out


def anchor_fold() -> Callable[[str], str]:
    table: dict[int, str | None] = dict.fromkeys(map(ord, string.punctuation), " ")
    table.update(dict.fromkeys(range(768, 880)))
    table.update({ord("đ"): "d", ord("Đ"): "d", ord("'"): None})

    def fold_anchor(text: str) -> str:
        return " ".join(unicodedata.normalize("NFD", text).translate(table).lower().split())

    return fold_anchor


def measure(function: Callable[[str], str], data: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()  # CPU time: the machine is shared
        for text in data:
            function(text)
        best = min(best, time.process_time() - start)
    return len(data) / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="50,000 sentences")
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, help="write the result rows there (run.py)")
    args = parser.parse_args()
    n = 50_000 if args.quick else args.n
    data = sentences(n, args.seed)
    anchor = anchor_fold()
    fold(data[0])  # fill the lazily-extended table for the characters in use
    results = {
        "unicodedata.normalize + str.translate (anchor)": measure(anchor, data, args.repeat),
        "dlxh.text.fold": measure(fold, data, args.repeat),
    }
    agree = sum(fold(t) == anchor(t) for t in data) / len(data)
    table = Table(title=f"fold: {n:,} short sentences (seed {args.seed}), best of {args.repeat}")
    for column in ("function", "sentences/s", "ratio to anchor"):
        table.add_column(column)
    base = results["unicodedata.normalize + str.translate (anchor)"]
    for name, per_second in results.items():
        table.add_row(name, f"{per_second:,.0f}", f"{per_second / base:.2f}×")
    console = Console()
    console.print(table)
    console.print(f"keys equal to the anchor's on {agree:.2%} of the sentences")
    ours = results["dlxh.text.fold"]
    write_rows(args.json, [row(
        "text: fold (Vietnamese folding key)", n, n / ours,
        "unicodedata.normalize + str.translate", n / base, target="≤ 1.0",
        peak_mib=peak_mib(),
        note=f"{ours:,.0f} sentences/s (CPU, best of {args.repeat}); keys equal to the "
             f"anchor's on {agree:.1%}",
    )])


if __name__ == "__main__":
    main()

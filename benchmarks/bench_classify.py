"""Classifier throughput: the lexicon classifier on generated items, and training time of the
trainable classifier.

Items are generated from fragments (who, how many, what they feel, about what, where), in the
style of MTTQ opinion items, with a fixed seed; a fifth are typed without diacritics.

Lexicon (one core, in this process):

- ``translate``: the anchor, one ``str.translate`` pass over every text (lower-casing table);
- ``analyse``: ``LexiconClassifier.analyse`` (cue matching and scoring, plain tuples out);
- ``classify``: ``LexiconClassifier.classify`` (the same, as :class:`dlxh.Label` objects with
  evidence, what ``dlxh.classify`` stores).

The ratio is time / anchor time (how many ``str.translate`` passes one classification costs).
The lexicon steps are timed in CPU time of this process (``time.process_time``), which other
work on a shared machine disturbs less than the wall clock. ``analyse`` runs with the garbage
collector on, as a caller's loop would (its results are tuples that the collector keeps
walking); ``classify`` pauses it for the batch.

Trainable: ``TrainableClassifier.train`` on N labelled items (model selection by
cross-validation, calibration, final fit), against the anchor of one plain scikit-learn
``TfidfVectorizer`` + ``LinearSVC`` fit on the same texts.

    python benchmarks/bench_classify.py --quick      # 20,000 items, training on 5,000
    python benchmarks/bench_classify.py              # 1,000,000 items, training on 50,000
    python benchmarks/bench_classify.py --quick --pure-python   # without pyahocorasick
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dlxh.classifiers import LexiconClassifier
from dlxh.model.opinions import OpinionItem

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchrows import peak_mib, write_rows
from benchrows import row as result_row  # run.py's result rows

WHO = (
    "Người dân",
    "Cử tri",
    "Nhiều ý kiến",
    "Đa số cán bộ, đảng viên",
    "Một bộ phận công nhân",
    "Bà con nông dân",
    "Phụ huynh học sinh",
    "Một số hộ kinh doanh",
    "Đồng bào dân tộc thiểu số",
    "Cựu chiến binh",
)
FEEL = (
    "phấn khởi, đồng tình với",
    "băn khoăn về",
    "bức xúc trước",
    "không đồng tình với",
    "lo lắng về",
    "chưa thực sự hài lòng với",
    "quan tâm đến",
    "ủng hộ",
)
ABOUT = (
    ("economy", "việc giá điện tăng liên tục"),
    ("land", "phương án bồi thường giải phóng mặt bằng"),
    ("education", "các khoản thu đầu năm học"),
    ("health", "tình trạng quá tải bệnh viện"),
    ("public-security", "tình trạng tín dụng đen, cho vay nặng lãi"),
    ("traffic-safety", "tuyến quốc lộ xuống cấp, nhiều ổ gà"),
    ("politics", "việc sắp xếp bộ máy sau sáp nhập xã"),
    ("environment", "mùi hôi từ bãi rác"),
    ("labour", "tình trạng nợ lương của doanh nghiệp"),
    ("social-media", "thông tin sai sự thật trên mạng xã hội"),
)
WHERE = ("trên địa bàn xã", "ở khu dân cư số 3", "tại thôn Đông", "", "của thành phố")
TAIL = ("", "; đề nghị UBND tỉnh sớm giải quyết.", ". Nghe nói sắp có điều chỉnh.", ".")


def _strip(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def generate(n: int, seed: int = 20261126) -> tuple[list[str], list[str]]:
    """``n`` texts and their topics."""
    rng = random.Random(seed)
    texts: list[str] = []
    topics: list[str] = []
    for i in range(n):
        topic, about = rng.choice(ABOUT)
        text = f"{rng.choice(WHO)} {rng.choice(FEEL)} {about} {rng.choice(WHERE)}{rng.choice(TAIL)}"
        texts.append(_strip(text) if i % 5 == 0 else text)
        topics.append(topic)
    return texts, topics


def timed(fn: Callable[[], object], clock: Callable[[], float] = time.perf_counter) -> float:
    start = clock()
    fn()
    return clock() - start


def cpu_timed(fn: Callable[[], object]) -> float:
    """CPU time of this process (one core: the lexicon runs in this thread)."""
    return timed(fn, time.process_time)


def bench_lexicon(n: int, pure_python: bool = False) -> list[dict[str, Any]]:
    texts, _ = generate(n)
    table = str.maketrans({chr(c): chr(c).lower() for c in range(0x41, 0x5B)})
    classifier = LexiconClassifier()
    classifier.analyse("khởi động")  # build the matcher outside the timing
    if pure_python:
        classifier._matcher._automaton = None  # as without pyahocorasick
    anchor = cpu_timed(lambda: [t.translate(table) for t in texts])
    analyse = cpu_timed(lambda: [classifier.analyse(t) for t in texts])
    items = [OpinionItem(id=f"i{i}", text=t) for i, t in enumerate(texts)]
    chunk = 10_000
    label_time = cpu_timed(
        lambda: [classifier.classify(items[i : i + chunk]) for i in range(0, len(items), chunk)]
    )
    engine = (
        "Aho-Corasick (pyahocorasick)"
        if classifier._matcher._automaton is not None
        else "syllable trie walk (pure Python; pip install pyahocorasick for the faster one)"
    )
    print(f"\nLexicon classifier, {n:,} generated items (one core); cue matching: {engine}")
    print(f"{'step':<12}{'CPU s':>10}{'items/s':>14}{'ratio':>9}")
    for name, seconds in (("translate", anchor), ("analyse", analyse), ("classify", label_time)):
        print(f"{name:<12}{seconds:>10.2f}{n / seconds:>14,.0f}{seconds / anchor:>9.1f}")
    return [
        result_row(f"classify: lexicon {name} (one core)", n, seconds, "str.translate pass", anchor,
            target="≥ 50,000 items/s", met=n / seconds >= 50_000, peak_mib=peak_mib(),
            note=f"{n / seconds:,.0f} items/s")
        for name, seconds in (("analyse", analyse), ("classify", label_time))
    ]


def bench_training(n: int) -> list[dict[str, Any]]:
    try:
        from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]
        from sklearn.svm import LinearSVC  # type: ignore[import-untyped]
    except ImportError:
        print("\nTraining: skipped (needs the ml extra: pip install 'dlxh[ml]')")
        return []
    from dlxh.classifiers import TrainableClassifier

    texts, topics = generate(n, seed=7)

    def plain() -> None:
        matrix = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).fit_transform(texts)
        LinearSVC(class_weight="balanced").fit(matrix, topics)

    anchor = timed(plain)
    ours = timed(lambda: TrainableClassifier.train(texts, topics, dimension="topic"))
    print(f"\nTrainable classifier, training on {n:,} items")
    print(f"{'step':<34}{'seconds':>10}{'ratio':>9}")
    print(f"{'sklearn TF-IDF + LinearSVC (anchor)':<34}{anchor:>10.2f}{1.0:>9.1f}")
    print(f"{'TrainableClassifier.train':<34}{ours:>10.2f}{ours / anchor:>9.1f}")
    return [result_row("classify: TrainableClassifier.train", n, ours,
                "sklearn TF-IDF + LinearSVC fit", anchor, target="report", peak_mib=peak_mib(),
                note="model selection by cross-validation, calibration and final fit")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="20,000 items, training on 5,000")
    parser.add_argument("--items", type=int, default=None)
    parser.add_argument("--train-items", type=int, default=None)
    parser.add_argument("--json", type=Path, help="write the result rows there (run.py)")
    parser.add_argument(
        "--pure-python", action="store_true", help="lexicon: match cues without pyahocorasick"
    )
    args = parser.parse_args()
    rows = bench_lexicon(args.items or (20_000 if args.quick else 1_000_000), args.pure_python)
    rows += bench_training(args.train_items or (5_000 if args.quick else 50_000))
    write_rows(args.json, rows)


if __name__ == "__main__":
    main()

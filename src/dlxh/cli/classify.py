"""``dlxh classify``: run, train, evaluate and review classifiers.

Input files are read by the importers (any format dlxh reads), or, for a plain labelled data
set (JSON Lines, CSV or TSV with a text column and a label column), directly:
``--text-field text --label-field topic``. ``--where split=train`` keeps matching rows only.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import click

from dlxh.cli.i18n import bi
from dlxh.errors import ConfigurationError
from dlxh.model.opinions import OpinionItem

__all__ = ["classify"]

_PLAIN_SUFFIXES = (".jsonl", ".ndjson", ".csv", ".tsv")


def _where(pairs: Sequence[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise ConfigurationError(f"--where takes FIELD=VALUE, got {pair!r}")
        out[key] = value
    return out


def _is_plain(path: Path, text_field: str | None) -> bool:
    if text_field is not None:
        return True
    if path.suffix.lower() not in _PLAIN_SUFFIXES:
        return False
    with path.open("rb") as fh:
        head = fh.read(4096)
    return b'"dlxh/' not in head


def _read_items(
    path: Path,
    *,
    text_field: str | None,
    label_field: str | None,
    where: Sequence[str],
    dimension: str | None = None,
) -> list[OpinionItem]:
    from dlxh.classifiers.labelled import read_labelled

    if _is_plain(path, text_field):
        return read_labelled(
            path,
            text_field=text_field or "text",
            label_field=label_field or "label",
            dimension=dimension,
            where=_where(where),
        )
    if where:
        raise ConfigurationError("--where applies to plain labelled files (.jsonl, .csv, .tsv)")
    from dlxh.session import Session

    batch = Session().read(path)
    for problem in batch.problems:
        click.echo(str(problem), err=True)
    return list(batch.items)


def _field_and_dimension(
    label_field: str | None, dimension: str | None, plain: bool
) -> tuple[str, str]:
    from dlxh.classifiers.labelled import _kebab

    if label_field is None and dimension is None:
        raise ConfigurationError("say which labels to use: --label-field (or --dimension)")
    dim = dimension or _kebab(label_field or "label")
    # A plain file's gold labels are stored on the dimension; an imported item's may be in a column.
    field = dim if plain else (label_field or dim)
    return field, dim


_text_option = click.option(
    "--text-field",
    default=None,
    help=bi("Cột/trường nội dung trong tệp có nhãn.", "Text column of a labelled file."),
)
_label_option = click.option(
    "--label-field",
    default=None,
    help=bi("Cột/trường nhãn chuẩn.", "Column holding the gold label."),
)
_where_option = click.option(
    "--where",
    multiple=True,
    metavar="FIELD=VALUE",
    help=bi("Chỉ lấy dòng khớp, ví dụ split=train.", "Keep matching rows only, e.g. split=train."),
)
_dimension_option = click.option(
    "--dimension",
    default=None,
    help=bi("Chiều nhãn: topic, orientation...", "Label dimension: topic, orientation..."),
)


@click.group(
    "classify",
    help=bi(
        "Phân loại ý kiến: chạy, huấn luyện, đánh giá, xem xét.",
        "Classify opinions: run, train, evaluate, review.",
    ),
)
def classify() -> None:
    """Phân loại ý kiến: chạy, huấn luyện, đánh giá, xem xét (classify, train, evaluate, review)."""


@classify.command(
    "run",
    help=bi(
        "Gán nhãn cho các tin trong SOURCE.",
        "Label the items in SOURCE.",
    ),
)
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help=bi("Tệp kết quả: .json, .jsonl...", "Output file: .json, .jsonl..."),
)
@click.option(
    "--model",
    "models",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help=bi(
        "Mô hình đã huấn luyện, dùng trước bộ từ khóa.", "Trained model, asked before the lexicon."
    ),
)
@click.option(
    "--lexicon/--no-lexicon",
    default=True,
    show_default=True,
    help=bi("Dùng bộ phân loại từ khóa.", "Use the lexicon classifier."),
)
@click.option(
    "--min-confidence",
    type=float,
    default=None,
    help=bi(
        "Độ tin cậy để nhận nhãn của bộ phân loại đầu.",
        "Confidence to accept the first classifier.",
    ),
)
@_text_option
@_where_option
def run(
    source: Path,
    output: Path,
    models: Sequence[Path],
    lexicon: bool,
    min_confidence: float | None,
    text_field: str | None,
    where: Sequence[str],
) -> None:
    """Gán nhãn cho các tin trong SOURCE (label the items in SOURCE)."""
    from dlxh.classifiers.base import Classifier
    from dlxh.classifiers.combine import DEFAULT_MIN_CONFIDENCE
    from dlxh.classifiers.combine import classify as run_classifiers
    from dlxh.classifiers.trainable import TrainableClassifier
    from dlxh.session import Session

    session = Session()
    items = _read_items(source, text_field=text_field, label_field=None, where=where)
    chosen: list[Classifier | str] = [TrainableClassifier.load(m) for m in models]
    if lexicon:
        chosen.append("lexicon")
    if not chosen:
        raise ConfigurationError("no classifier: give --model or keep --lexicon")
    labelled = run_classifiers(
        items,
        chosen,
        session,
        min_confidence=DEFAULT_MIN_CONFIDENCE if min_confidence is None else min_confidence,
    )
    session.write(labelled, output)
    topics = Counter(item.value("topic") for item in labelled)
    click.echo(f"Đã gán nhãn {len(labelled)} tin (labelled {len(labelled)} items) → {output}")
    for value, count in topics.most_common():
        if value is not None:
            click.echo(f"  {value}: {count}")


@classify.command(
    "train",
    help=bi(
        "Huấn luyện mô hình từ các tin có nhãn.",
        "Train a model from labelled items.",
    ),
)
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help=bi("Tệp mô hình (.npz).", "Model file (.npz)."),
)
@_text_option
@_label_option
@_where_option
@_dimension_option
def train(
    source: Path,
    output: Path,
    text_field: str | None,
    label_field: str | None,
    where: Sequence[str],
    dimension: str | None,
) -> None:
    """Huấn luyện mô hình từ các tin có nhãn (train a model from labelled items)."""
    from dlxh.classifiers.labelled import gold_pairs
    from dlxh.classifiers.trainable import TrainableClassifier

    plain = _is_plain(source, text_field)
    field, dim = _field_and_dimension(label_field, dimension, plain)
    items = _read_items(
        source, text_field=text_field, label_field=label_field, where=where, dimension=dim
    )
    texts, labels = gold_pairs(items, field)
    model = TrainableClassifier.train(texts, labels, dimension=dim)
    model.save(output)
    summary = model.training
    click.echo(
        f"Đã huấn luyện (trained) {dim}: {len(texts)} tin, {len(model.classes)} nhãn, "
        f"CV macro F1 {summary.get('cv_macro_f1')}, mô hình (model) {model.model_id} → {output}"
    )


@classify.command(
    "evaluate",
    help=bi(
        "Đánh giá bộ phân loại trên các tin có nhãn chuẩn.",
        "Evaluate a classifier against gold labels.",
    ),
)
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--model",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=bi(
        "Mô hình cần đánh giá; mặc định: bộ từ khóa.", "Model to evaluate; default: the lexicon."
    ),
)
@click.option(
    "--cv",
    "folds",
    type=int,
    default=0,
    help=bi(
        "Kiểm định chéo N lần với mô hình huấn luyện.",
        "N-fold cross-validation of a trainable model.",
    ),
)
@_text_option
@_label_option
@_where_option
@_dimension_option
@click.option(
    "--confusion/--no-confusion",
    default=True,
    show_default=True,
    help=bi("In ma trận nhầm lẫn.", "Print the confusion matrix."),
)
@click.option("--json", "as_json", is_flag=True, help=bi("Kết quả dạng JSON.", "Output JSON."))
def evaluate(
    source: Path,
    model: Path | None,
    folds: int,
    text_field: str | None,
    label_field: str | None,
    where: Sequence[str],
    dimension: str | None,
    confusion: bool,
    as_json: bool,
) -> None:
    """Đánh giá bộ phân loại trên các tin có nhãn chuẩn (evaluate against gold labels)."""
    from dlxh.classifiers.evaluate import Evaluation, cross_validate
    from dlxh.classifiers.evaluate import evaluate as run_evaluation
    from dlxh.classifiers.labelled import gold_pairs
    from dlxh.classifiers.lexicon import LexiconClassifier
    from dlxh.classifiers.trainable import TrainableClassifier

    plain = _is_plain(source, text_field)
    field, dim = _field_and_dimension(label_field, dimension, plain)
    items = _read_items(
        source, text_field=text_field, label_field=label_field, where=where, dimension=dim
    )
    result: Evaluation
    if folds:
        if model is not None:
            raise ConfigurationError("--cv trains its own models: do not give --model")
        texts, labels = gold_pairs(items, field)
        result = cross_validate(texts, labels, folds=folds, dimension=dim)
    elif model is not None:
        trained = TrainableClassifier.load(model)
        result = run_evaluation(trained, items, trained.dimension, field=field)
    else:
        result = run_evaluation(LexiconClassifier(), items, dim, field=field)
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    how = f", {result.folds}-fold CV" if result.folds else ""
    click.echo(
        f"Đánh giá (evaluation) {result.dimension} — {result.classifier}{how}, {result.support} tin"
    )
    click.echo(result.table())
    if confusion:
        click.echo("")
        click.echo("Ma trận nhầm lẫn (confusion matrix; rows gold, columns predicted):")
        click.echo(result.confusion_table())


@classify.group(
    "review",
    help=bi(
        "Xem xét nhãn qua tệp Excel.",
        "Review labels through an Excel workbook.",
    ),
)
def review() -> None:
    """Xem xét nhãn qua Excel (review labels through an Excel workbook)."""


@review.command(
    "export",
    help=bi(
        "Xuất các nhãn cần xem xét từ các tin đã gán nhãn.",
        "Export the labels to review from labelled items.",
    ),
)
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help=bi("Tệp Excel để xem xét (.xlsx).", "Review workbook (.xlsx)."),
)
@click.option(
    "--threshold",
    type=float,
    default=None,
    help=bi("Liệt kê nhãn dưới độ tin cậy này.", "List labels under this confidence."),
)
@click.option(
    "--dimension",
    "dimensions",
    multiple=True,
    help=bi("Chỉ các chiều này.", "Only these dimensions."),
)
def review_export(
    source: Path, output: Path, threshold: float | None, dimensions: Sequence[str]
) -> None:
    """Xuất các nhãn cần xem xét (export the labels to review) from labelled items."""
    from dlxh.classifiers.review import DEFAULT_REVIEW_THRESHOLD, export_review, review_queue

    items = _read_items(source, text_field=None, label_field=None, where=())
    rows = review_queue(
        items,
        threshold=DEFAULT_REVIEW_THRESHOLD if threshold is None else threshold,
        dimensions=dimensions or None,
    )
    export_review(rows, output)
    click.echo(f"{len(rows)} nhãn cần xem xét (labels to review) → {output}")


@review.command(
    "apply",
    help=bi(
        "Áp dụng kết quả xem xét trong WORKBOOK cho các tin.",
        "Apply the review decisions in WORKBOOK to the items.",
    ),
)
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("workbook", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help=bi("Tệp kết quả.", "Output file."),
)
@click.option(
    "--reviewer",
    default=None,
    help=bi("Người xem xét, khi dòng không ghi tên.", "Reviewer name, when a row names none."),
)
def review_apply(source: Path, workbook: Path, output: Path, reviewer: str | None) -> None:
    """Áp dụng kết quả xem xét trong WORKBOOK cho các tin (apply the review decisions)."""
    from dlxh.classifiers.review import apply_review, read_review
    from dlxh.session import Session

    items = _read_items(source, text_field=None, label_field=None, where=())
    decisions, problems = read_review(workbook)
    for problem in problems:
        click.echo(str(problem), err=True)
    updated = apply_review(items, decisions, reviewer=reviewer)
    Session().write(updated, output)
    click.echo(
        f"Đã áp dụng {len(decisions)} quyết định (applied {len(decisions)} decisions) → {output}"
    )

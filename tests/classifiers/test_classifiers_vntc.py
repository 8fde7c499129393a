"""The trainable classifier on the VNTC news subset (read from ../shared, never copied)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("sklearn", reason="the trainable classifier needs the ml extra")

from dlxh.classifiers import TrainableClassifier, evaluate, read_labelled

# The shared data sets live beside the repository (../shared), never in it.
VNTC = (
    Path(__file__).resolve().parents[2]
    / ".."
    / "shared"
    / "data"
    / "vntc"
    / "vntc_10topics_subset.jsonl"
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not VNTC.exists(), reason=f"the VNTC subset is not beside this checkout ({VNTC})"
    ),
]


def test_vntc_topics_through_the_public_api() -> None:
    train = read_labelled(VNTC, label_field="topic", where={"split": "train"})
    test = read_labelled(VNTC, label_field="topic", where={"split": "test"})
    assert (len(train), len(test)) == (1000, 1500)
    model = TrainableClassifier.train_items(train, "topic")
    result = evaluate(model, test)
    # A multinomial naive Bayes baseline reaches 0.83 here; see docs/howto/classify.md for
    # the figure this model reaches and the 0.90 target.
    assert result.macro_f1 >= 0.85, result.table()

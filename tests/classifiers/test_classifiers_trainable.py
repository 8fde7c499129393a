"""The trainable classifier: training, calibrated predictions, safe model files."""

from __future__ import annotations

import io
import json
import os
import pickle
import zipfile
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("sklearn", reason="the trainable classifier needs the ml extra")

import numpy as np

from dlxh.classifiers import Classifier, TrainableClassifier, cross_validate, evaluate
from dlxh.classifiers.modelfile import read_model
from dlxh.errors import ConfigurationError, FormatError
from dlxh.model.opinions import OpinionItem
from dlxh.testing.contracts import ClassifierContract


@pytest.fixture(scope="module")
def orientation_model(statements: list[dict[str, Any]]) -> TrainableClassifier:
    rows = statements
    return TrainableClassifier.train(
        [r["text"] for r in rows], [r["orientation"] for r in rows], dimension="orientation"
    )


class TestTrainableContract(ClassifierContract):
    classifier_class = TrainableClassifier

    def make_classifier(self) -> Classifier:
        texts = ["giá điện tăng", "giá xăng tăng", "học phí cao", "trường học xa"] * 3
        labels = ["economy", "economy", "education", "education"] * 3
        return TrainableClassifier.train(texts, labels, dimension="topic")

    def make_items(self) -> list[OpinionItem]:
        return [OpinionItem(id="a", text="giá gas tăng"), OpinionItem(id="b", text="học thêm")]


def test_api_any_label_strings() -> None:
    texts = ["rất tốt, hài lòng", "tuyệt vời quá", "tệ quá", "quá tệ, thất vọng", "bình thường"] * 4
    labels = ["positive", "positive", "negative", "negative", "neutral"] * 4
    clf = TrainableClassifier.train(texts, labels)
    predictions = clf.predict(["hài lòng, rất tốt", "thất vọng"])
    assert [p[0] for p in predictions] == ["positive", "negative"]
    assert all(0.0 <= p[1] <= 1.0 for p in predictions)
    assert clf.classes == ("negative", "neutral", "positive")
    assert clf.predict([]) == []


def test_binary_labels() -> None:
    texts = ["hay lắm", "rất hay", "dở tệ", "chán quá"] * 5
    labels = ["pos", "pos", "neg", "neg"] * 5
    clf = TrainableClassifier.train(texts, labels)
    assert [p[0] for p in clf.predict(["rất hay", "dở tệ"])] == ["pos", "neg"]
    proba = clf.predict_proba(["hay"])
    assert proba.shape == (1, 2)
    assert proba.sum() == pytest.approx(1.0)


def test_training_needs_two_labels() -> None:
    with pytest.raises(ConfigurationError, match="two labels"):
        TrainableClassifier.train(["a", "b"], ["x", "x"])
    with pytest.raises(ConfigurationError, match="2 texts but 1 labels"):
        TrainableClassifier.train(["a", "b"], ["x"])


def test_confident_where_it_should_be(orientation_model: TrainableClassifier) -> None:
    result = orientation_model.predict(
        ["Người dân rất phấn khởi, đồng tình", "Người dân bức xúc, phản đối quyết liệt"]
    )
    assert [r[0] for r in result] == ["approve", "oppose"]
    assert orientation_model.training["class_weight"] == "balanced"
    assert orientation_model.temperature > 0.0


def test_cross_validation_on_statements(statements: list[dict[str, Any]]) -> None:
    rows = statements
    result = cross_validate(
        [r["text"] for r in rows],
        [r["orientation"] for r in rows],
        folds=3,
        dimension="orientation",
    )
    assert result.folds == 3
    assert result.support == len(rows)
    # Far above chance (0.25 for four labels): the model learns from 200 short statements.
    assert result.macro_f1 >= 0.6, result.table()


def test_save_and_load_round_trip(orientation_model: TrainableClassifier, tmp_path: Path) -> None:
    path = orientation_model.save(tmp_path / "orientation.npz")
    loaded = TrainableClassifier.load(path)
    texts = ["Bà con hoang mang", "nhan dan dong tinh", "Cử tri hỏi về lịch họp"]
    before, after = orientation_model.predict(texts), loaded.predict(texts)
    assert [p[0] for p in after] == [p[0] for p in before]
    assert [p[1] for p in after] == pytest.approx([p[1] for p in before], abs=1e-5)
    assert loaded.version == orientation_model.version
    assert loaded.dimension == "orientation"
    items = [OpinionItem(id="a", text=texts[0])]
    (label,) = loaded.classify(items)[0]
    assert label.classifier == "trainable" and label.classifier_version == loaded.version
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == ["coef.npy", "idf.npy", "intercept.npy", "meta.npy"]


def test_evaluate_a_trained_model(
    orientation_model: TrainableClassifier, statements: list[dict[str, Any]]
) -> None:
    from dlxh.model.enums import ReviewState
    from dlxh.model.opinions import Label

    rows = statements[:40]
    items = [
        OpinionItem(
            id=r["id"],
            text=r["text"],
            labels=(Label("orientation", r["orientation"], review=ReviewState.CONFIRMED),),
        )
        for r in rows
    ]
    result = evaluate(orientation_model, items)
    assert result.dimension == "orientation"
    assert result.accuracy > 0.9  # seen in training: a check of the plumbing, not of quality


# -- malicious model files -------------------------------------------------------------------


class _Payload:
    """Unpickling this would create the marker file."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (Path.touch, (self.marker,))


def test_a_pickle_renamed_as_a_model_is_refused(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = tmp_path / "model.npz"
    path.write_bytes(pickle.dumps(_Payload(marker)))
    with pytest.raises(FormatError, match="not a dlxh model"):
        TrainableClassifier.load(path)
    assert not marker.exists()


def _npz(path: Path, **arrays: Any) -> Path:
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    path.write_bytes(buffer.getvalue())
    return path


def test_object_arrays_are_refused_without_unpickling(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    payload = np.array([_Payload(marker)], dtype=object)
    meta = np.frombuffer(b"{}", dtype=np.uint8)
    path = _npz(tmp_path / "model.npz", meta=meta, idf=payload, coef=payload, intercept=payload)
    with pytest.raises(FormatError):
        TrainableClassifier.load(path)
    assert not marker.exists()


def test_a_pickled_npy_inside_the_archive_is_refused(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = tmp_path / "model.npz"
    with zipfile.ZipFile(path, "w") as archive:
        for name in ("meta", "idf", "coef", "intercept"):
            buffer = io.BytesIO()
            np.save(buffer, np.array([_Payload(marker)], dtype=object), allow_pickle=True)
            archive.writestr(f"{name}.npy", buffer.getvalue())
    with pytest.raises(FormatError):
        TrainableClassifier.load(path)
    assert not marker.exists()


def _rewrite_meta(source: Path, target: Path, change: Any) -> Path:
    with np.load(source, allow_pickle=False) as archive:
        arrays = {name: archive[name] for name in archive.files}
    meta = json.loads(arrays["meta"].tobytes().decode("utf-8"))
    change(meta)
    arrays["meta"] = np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8)
    return _npz(target, **arrays)


def test_unexpected_metadata_is_refused(
    orientation_model: TrainableClassifier, tmp_path: Path
) -> None:
    good = orientation_model.save(tmp_path / "good.npz")
    read_model(good)  # the untouched file is fine
    extra = _rewrite_meta(good, tmp_path / "extra.npz", lambda m: m.update(__reduce__="os.system"))
    with pytest.raises(FormatError, match="unknown keys"):
        TrainableClassifier.load(extra)
    wrong = _rewrite_meta(good, tmp_path / "wrong.npz", lambda m: m.update(classes=["a", "b"]))
    with pytest.raises(FormatError, match="shape"):
        TrainableClassifier.load(wrong)
    other = _rewrite_meta(good, tmp_path / "other.npz", lambda m: m.update(format="pickle"))
    with pytest.raises(FormatError, match="not a dlxh-trainable-classifier"):
        TrainableClassifier.load(other)


def test_extra_members_and_garbage_are_refused(
    orientation_model: TrainableClassifier, tmp_path: Path
) -> None:
    good = orientation_model.save(tmp_path / "good.npz")
    sneaky = tmp_path / "sneaky.npz"
    sneaky.write_bytes(good.read_bytes())
    with zipfile.ZipFile(sneaky, "a") as archive:
        archive.writestr("payload.pkl", pickle.dumps(1))
    with pytest.raises(FormatError, match="exactly"):
        TrainableClassifier.load(sneaky)
    garbage = tmp_path / "garbage.npz"
    garbage.write_bytes(b"PK\x03\x04" + os.urandom(64))
    with pytest.raises(FormatError):
        TrainableClassifier.load(garbage)


def test_without_the_ml_extra_training_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from dlxh.errors import ExtraMissingError

    monkeypatch.setitem(sys.modules, "sklearn", None)  # import sklearn now fails
    with pytest.raises(ExtraMissingError, match=r"dlxh\[ml\]"):
        TrainableClassifier.train(["a", "b"], ["x", "y"])


def test_explain_lists_the_features_that_pushed(orientation_model: TrainableClassifier) -> None:
    text = "Người dân bức xúc, phản đối"
    label, _ = orientation_model.predict([text])[0]
    assert label == "oppose"
    top = orientation_model.explain(text, top=3)
    assert len(top) == 3
    assert all(weight > 0 for _, weight in top)
    assert {feature for feature, _ in top} & {"bức xúc", "phản đối", "bức", "~phan doi"}


def test_informal_features() -> None:
    from dlxh.classifiers.features import FeatureSpec, analyse

    features = analyse("Hayyy quá :)) 😍", FeatureSpec(1, True, (2, 3)))
    assert "hay" in features and "~hay" in features
    assert "!:))" in features and "!😍" in features
    assert "#ha" in features

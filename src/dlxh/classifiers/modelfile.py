"""The model file of the trainable classifier: one ``.npz`` archive, no pickle.

The archive holds four arrays and nothing else:

* ``meta``: the UTF-8 bytes of a JSON object (format, version, classes, feature options,
  vocabulary, calibration, training summary), stored as ``uint8``;
* ``idf``: float (n_features,); ``coef``: float (n_classes or 1, n_features);
  ``intercept``: float (n_classes or 1,).

Reading checks everything before it trusts anything: the file is a zip archive of exactly
those members, not larger than a limit once unpacked; the arrays are read with
``numpy.load(..., allow_pickle=False)`` (an object array cannot be read, so nothing is
unpickled); the JSON has exactly the expected keys and types; the shapes agree. Any failure is
a :class:`~dlxh.errors.FormatError` (or :class:`~dlxh.errors.UnsafeInputError` for an
oversized archive): loading a model file cannot run code.
"""

from __future__ import annotations

import io
import json
import math
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from dlxh.errors import ExtraMissingError, FormatError, UnsafeInputError

if TYPE_CHECKING:
    import numpy as np

__all__ = ["MAX_MODEL_BYTES", "MODEL_FORMAT", "ModelData", "read_model", "write_model"]

MODEL_FORMAT = "dlxh-trainable-classifier"
MODEL_FORMAT_VERSION = 1
MAX_MODEL_BYTES = 2 * 1024**3
"""The largest model an archive may unpack to (refused beyond, as a zip bomb would be)."""

_MEMBERS = frozenset({"meta.npy", "idf.npy", "coef.npy", "intercept.npy"})
_META_KEYS = frozenset(
    {
        "format",
        "format_version",
        "engine_version",
        "dimension",
        "classes",
        "features",
        "vocabulary",
        "temperature",
        "trained_at",
        "training",
    }
)


@attrs.frozen(eq=False)
class ModelData:
    """What a model file holds, checked."""

    meta: Mapping[str, Any]
    idf: np.ndarray
    coef: np.ndarray
    intercept: np.ndarray


def _numpy() -> Any:
    try:
        import numpy as np
    except ImportError as exc:
        raise ExtraMissingError("ml", "numpy") from exc
    return np


def write_model(path: str | Path, data: ModelData) -> Path:
    """Write ``data`` to ``path`` (``.npz`` is the usual extension)."""
    np = _numpy()
    target = Path(path)
    meta = json.dumps(dict(data.meta), ensure_ascii=False, sort_keys=True).encode("utf-8")
    buffer = io.BytesIO()
    np.savez_compressed(
        buffer,
        meta=np.frombuffer(meta, dtype=np.uint8),
        idf=np.asarray(data.idf, dtype=np.float32),
        coef=np.asarray(data.coef, dtype=np.float32),
        intercept=np.asarray(data.intercept, dtype=np.float32),
    )
    target.write_bytes(buffer.getvalue())
    return target


def read_model(path: str | Path, *, max_bytes: int = MAX_MODEL_BYTES) -> ModelData:
    """Read and check a model file; see the module documentation for what is checked."""
    np = _numpy()
    source = Path(path)
    where = str(source)
    try:
        with source.open("rb") as fh:
            head = fh.read(4)
    except OSError as exc:
        raise FormatError(f"{where}: cannot read the model file ({exc})") from exc
    if head[:2] != b"PK" or not zipfile.is_zipfile(source):
        raise FormatError(f"{where}: not a dlxh model file (expected an .npz archive)")
    try:
        with zipfile.ZipFile(source) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise FormatError(f"{where}: damaged model archive ({exc})") from exc
    names = {info.filename for info in infos}
    if names != _MEMBERS or len(infos) != len(_MEMBERS):
        raise FormatError(
            f"{where}: a model archive holds exactly {sorted(_MEMBERS)}, found {sorted(names)}"
        )
    if sum(info.file_size for info in infos) > max_bytes:
        raise UnsafeInputError(f"{where}: the model unpacks to more than {max_bytes} bytes")
    try:
        with np.load(source, allow_pickle=False) as archive:
            arrays = {name: archive[name] for name in ("meta", "idf", "coef", "intercept")}
    except (ValueError, OSError, zipfile.BadZipFile, EOFError) as exc:
        raise FormatError(f"{where}: unreadable model arrays ({exc})") from exc
    for name, array in arrays.items():
        if array.dtype.hasobject or array.dtype.kind not in ("f", "u"):
            raise FormatError(f"{where}: array {name!r} has the wrong type {array.dtype}")
    meta_raw = arrays["meta"]
    if meta_raw.dtype != np.uint8 or meta_raw.ndim != 1:
        raise FormatError(f"{where}: 'meta' must be a byte array")
    try:
        meta = json.loads(meta_raw.tobytes().decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise FormatError(f"{where}: 'meta' is not UTF-8 JSON ({exc})") from exc
    data = ModelData(
        meta=_check_meta(meta, where),
        idf=arrays["idf"].astype(np.float64),
        coef=arrays["coef"].astype(np.float64),
        intercept=arrays["intercept"].astype(np.float64),
    )
    _check_shapes(data, where)
    return data


def _check_meta(meta: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(meta, dict):
        raise FormatError(f"{where}: 'meta' must be a JSON object")
    keys = set(meta)
    if keys != _META_KEYS:
        extra, missing = sorted(keys - _META_KEYS), sorted(_META_KEYS - keys)
        raise FormatError(
            f"{where}: unexpected model metadata (unknown keys {extra}, missing {missing})"
        )
    if meta["format"] != MODEL_FORMAT:
        raise FormatError(f"{where}: not a {MODEL_FORMAT} file (format {meta['format']!r})")
    if meta["format_version"] != MODEL_FORMAT_VERSION:
        raise FormatError(
            f"{where}: model format version {meta['format_version']!r} is not supported "
            f"(this dlxh reads version {MODEL_FORMAT_VERSION})"
        )
    for key in ("engine_version", "dimension", "trained_at"):
        if not isinstance(meta[key], str):
            raise FormatError(f"{where}: {key!r} must be a string")
    for key in ("classes", "vocabulary"):
        values = meta[key]
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise FormatError(f"{where}: {key!r} must be a list of strings")
        if len(set(values)) != len(values):
            raise FormatError(f"{where}: {key!r} has duplicates")
    if len(meta["classes"]) < 2:
        raise FormatError(f"{where}: a model needs at least two classes")
    temperature = meta["temperature"]
    if (
        not isinstance(temperature, int | float)
        or isinstance(temperature, bool)
        or not math.isfinite(temperature)
        or temperature <= 0
    ):
        raise FormatError(f"{where}: 'temperature' must be a positive number")
    if not isinstance(meta["features"], dict):
        raise FormatError(f"{where}: 'features' must be an object")
    training = meta["training"]
    if not isinstance(training, dict) or not all(
        isinstance(v, str | int | float | bool | type(None)) for v in training.values()
    ):
        raise FormatError(f"{where}: 'training' must be an object of plain values")
    return meta


def _check_shapes(data: ModelData, where: str) -> None:
    classes = len(data.meta["classes"])
    terms = len(data.meta["vocabulary"])
    rows = 1 if classes == 2 else classes
    if data.idf.shape != (terms,):
        raise FormatError(f"{where}: 'idf' has shape {data.idf.shape}, expected ({terms},)")
    if data.coef.shape != (rows, terms):
        raise FormatError(
            f"{where}: 'coef' has shape {data.coef.shape}, expected ({rows}, {terms})"
        )
    if data.intercept.shape != (rows,):
        raise FormatError(
            f"{where}: 'intercept' has shape {data.intercept.shape}, expected ({rows},)"
        )
    np = _numpy()
    for name in ("idf", "coef", "intercept"):
        if not np.all(np.isfinite(getattr(data, name))):
            raise FormatError(f"{where}: {name!r} holds values that are not finite")

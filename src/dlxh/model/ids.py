"""Stable identifiers: given by the source, or derived from content."""

from __future__ import annotations

import hashlib

__all__ = ["content_id"]

_SEPARATOR = "\x1f"  # unit separator: cannot occur in the parts we hash by accident


def content_id(prefix: str, *parts: object) -> str:
    """Return a stable id ``"<prefix>-<20 hex digits>"`` derived from ``parts``.

    The same parts always give the same id, in every process and on every machine (no
    ``hash()``, which is salted per process). Importers pass the file's content hash and the
    record's place, so that importing the same file twice yields the same ids.
    """
    if not prefix or not prefix.isascii() or not prefix.replace("-", "").isalnum():
        raise ValueError(f"id prefix must be short ASCII letters or digits, got {prefix!r}")
    digest = hashlib.blake2b(
        _SEPARATOR.join(str(p) for p in parts).encode("utf-8"), digest_size=10
    ).hexdigest()
    return f"{prefix}-{digest}"

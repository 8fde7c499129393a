"""What an importer reads from: a file path, bytes, or a binary stream, with its name."""

from __future__ import annotations

import errno
import hashlib
import io
import os
from pathlib import Path
from typing import BinaryIO

import attrs

__all__ = ["Source", "SourceLike"]

SourceLike = str | os.PathLike[str] | bytes | BinaryIO
"""Anything :func:`dlxh.read` accepts: a path, the file's bytes, or a binary stream."""

_HEAD = 8192


@attrs.define
class Source:
    """One input for an importer. Built by :meth:`from_any`; a path is opened only when read,
    bytes and streams are held in memory (a stream is read once)."""

    name: str
    path: Path | None = None
    _data: bytes | None = attrs.field(default=None, alias="data", repr=False)
    _sha256: str | None = attrs.field(default=None, init=False, repr=False)
    _head: bytes | None = attrs.field(default=None, init=False, repr=False)

    @classmethod
    def from_any(cls, value: SourceLike | Source, name: str | None = None) -> Source:
        """Wrap a path, bytes or a binary stream. ``name`` (a file name) helps detection by
        extension when the input has none of its own."""
        if isinstance(value, Source):
            return value
        if isinstance(value, bytes | bytearray):
            return cls(name=name or "<bytes>", data=bytes(value))
        if isinstance(value, str | os.PathLike):
            path = Path(value)
            if not path.exists():
                raise FileNotFoundError(errno.ENOENT, "no such file", str(path))
            if path.is_dir():
                raise IsADirectoryError(
                    errno.EISDIR, "a folder; read its files one by one", str(path)
                )
            return cls(name=name or path.name, path=path)
        if hasattr(value, "read"):
            data = value.read()
            if not isinstance(data, bytes):
                raise TypeError("dlxh reads binary streams: open the file with 'rb'")
            stream_name = getattr(value, "name", None)
            label = name or (Path(stream_name).name if isinstance(stream_name, str) else "<stream>")
            return cls(name=label, data=data)
        raise TypeError(
            f"cannot read from {type(value).__name__}: give a path, bytes or a binary stream"
        )

    @property
    def suffix(self) -> str:
        """The lower-case extension of the name (``".xlsx"``), or ``""``."""
        return Path(self.name).suffix.lower()

    @property
    def size(self) -> int:
        """Size in bytes."""
        if self._data is not None:
            return len(self._data)
        assert self.path is not None
        return self.path.stat().st_size

    def head(self, size: int = _HEAD) -> bytes:
        """The first bytes (at most 8 KiB by default), for content sniffing."""
        if size <= _HEAD:
            if self._head is None:
                self._head = self._read_head(_HEAD)
            return self._head[:size]
        return self._read_head(size)

    def _read_head(self, size: int) -> bytes:
        if self._data is not None:
            return self._data[:size]
        assert self.path is not None
        with self.path.open("rb") as fh:
            return fh.read(size)

    def open(self) -> BinaryIO:
        """A fresh binary stream over the whole input."""
        if self._data is not None:
            return io.BytesIO(self._data)
        assert self.path is not None
        return self.path.open("rb")

    def read_bytes(self) -> bytes:
        """The whole input."""
        if self._data is not None:
            return self._data
        assert self.path is not None
        return self.path.read_bytes()

    @property
    def sha256(self) -> str:
        """SHA-256 of the content, hex (computed once, streaming for files)."""
        if self._sha256 is None:
            digest = hashlib.sha256()
            with self.open() as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    digest.update(chunk)
            self._sha256 = digest.hexdigest()
        return self._sha256

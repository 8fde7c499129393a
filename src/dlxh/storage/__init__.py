"""Where items, reports and their history are kept.

>>> import dlxh
>>> store = dlxh.open_store("sqlite:///:memory:")
>>> store.schema_version() >= 2
True
>>> store.close()

:func:`open_store` opens a store by URL, choosing the backend registered (through the
``dlxh_register_storage`` hook) for the URL's scheme: ``sqlite:///dlxh.db`` or a plain path for
the embedded SQLite file, ``postgresql://...`` for a PostgreSQL server (extra ``postgres``).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from dlxh.errors import ConfigurationError
from dlxh.storage.base import (
    AuditEntry,
    Descendants,
    SaveResult,
    Storable,
    Store,
    UnitTree,
)
from dlxh.storage.postgresql import PostgresStore
from dlxh.storage.sql import SqlStore, StoreError, catalog_descendants
from dlxh.storage.sqlite import SqliteStore

if TYPE_CHECKING:
    from dlxh.session import Session

__all__ = [
    "AuditEntry",
    "Descendants",
    "PostgresStore",
    "SaveResult",
    "SqlStore",
    "SqliteStore",
    "Storable",
    "Store",
    "StoreError",
    "UnitTree",
    "catalog_descendants",
    "open_store",
    "url_scheme",
]


def url_scheme(url: str) -> str:
    """The scheme of a store URL (``"sqlite"``, ``"postgresql"``); a plain path (no
    ``scheme://``) is a SQLite file."""
    scheme, sep, _rest = url.partition("://")
    if not sep or not scheme or len(scheme) < 2 or not scheme.replace("+", "").isalnum():
        return "sqlite"
    return scheme.lower()


def open_store(
    url: str | os.PathLike[str] = "sqlite:///dlxh.db",
    session: Session | None = None,
    *,
    descendants: Descendants | UnitTree | None = None,
) -> Store:
    """Open (creating or upgrading its schema if needed) the store at ``url``.

    ``sqlite:///dlxh.db``, ``sqlite:///:memory:`` or a plain path open the embedded SQLite
    store; ``postgresql://user@host/db`` a PostgreSQL server (``pip install 'dlxh[postgres]'``);
    other schemes go to the backends that plugins register. ``session`` gives the plugins
    (the default session otherwise). ``descendants`` resolves the units below a unit for
    queries by unit: a function ``(code, as_of) -> codes`` or a catalog; the dlxh unit
    catalog by default.
    """
    text = os.fspath(url)
    scheme = url_scheme(text)
    if session is None:
        from dlxh.session import default_session

        session = default_session()
    known: list[str] = []
    for backend in session.storage_backends:
        if scheme in backend.schemes:
            return backend.open(text, descendants=descendants)
        known.extend(backend.schemes)
    raise ConfigurationError(
        f"no storage backend opens {scheme}:// URLs; installed: "
        + (", ".join(f"{s}://" for s in sorted(known)) or "none")
    )

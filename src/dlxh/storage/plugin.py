"""The built-in storage backends, registered through the ``dlxh_register_storage`` hook."""

from __future__ import annotations

from dlxh.plugins.hookspecs import hookimpl
from dlxh.storage.base import Store
from dlxh.storage.postgresql import PostgresStore
from dlxh.storage.sqlite import SqliteStore

__all__ = ["dlxh_register_storage"]


@hookimpl
def dlxh_register_storage() -> list[type[Store]]:
    return [SqliteStore, PostgresStore]

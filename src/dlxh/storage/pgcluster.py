"""A throwaway PostgreSQL cluster, for tests and benchmarks of PostgreSQL stores.

``initdb`` in a temporary folder, ``pg_ctl start`` on a free port of 127.0.0.1 with trust
authentication, ``stop()`` removes everything. It needs the server binaries (Debian's
``postgresql`` package: ``/usr/lib/postgresql/*/bin``); as root the server runs as the
``postgres`` user, since PostgreSQL refuses to run as root. Never for production data::

    with PostgresCluster.start_new() as cluster:
        store = dlxh.open_store(cluster.create_database())
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path
from typing import Self

from dlxh.errors import ConfigurationError

__all__ = ["BINDIR_ENV", "PostgresCluster", "find_server_binaries"]


BINDIR_ENV = "DLXH_PG_BINDIR"
"""Environment variable naming the folder of ``initdb`` and ``pg_ctl`` (a server installed
elsewhere than on ``PATH`` or in ``/usr/lib/postgresql``)."""


def find_server_binaries() -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl``: ``$DLXH_PG_BINDIR`` when set, else on
    ``PATH``, else the newest ``/usr/lib/postgresql/<version>/bin``; ``None`` when there is
    none."""
    given = os.environ.get(BINDIR_ENV)
    if given:
        folder = Path(given)
        ok = (folder / "initdb").exists() and (folder / "pg_ctl").exists()
        return folder if ok else None
    on_path = shutil.which("pg_ctl")
    if on_path and shutil.which("initdb"):
        return Path(on_path).resolve().parent
    found = [p.parent for p in Path("/usr/lib/postgresql").glob("*/bin/pg_ctl")
             if (p.parent / "initdb").exists()]
    found.sort(key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0)
    return found[-1] if found else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PostgresCluster:
    """A PostgreSQL server of its own in a temporary folder (see the module docstring)."""

    def __init__(self, bindir: Path | None = None) -> None:
        found = bindir or find_server_binaries()
        if found is None:
            raise ConfigurationError(
                "no PostgreSQL server binaries (initdb, pg_ctl): install the 'postgresql' "
                "package (scripts/install-test-services.sh)"
            )
        self.bindir = found
        self.root = Path(tempfile.mkdtemp(prefix="dlxh-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.run_as: str | None = None
        if os.geteuid() == 0:
            import pwd

            try:
                entry = pwd.getpwnam("postgres")
            except KeyError:
                shutil.rmtree(self.root, ignore_errors=True)
                raise ConfigurationError(
                    "running as root and there is no 'postgres' user to run the server"
                ) from None
            self.run_as = "postgres"
            os.chown(self.root, entry.pw_uid, entry.pw_gid)
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}"
        """The server's URL, without a database name."""
        self._names = itertools.count(1)
        self.started = False

    @classmethod
    def start_new(cls, bindir: Path | None = None) -> Self:
        """Create and start a cluster."""
        cluster = cls(bindir)
        try:
            cluster.start()
        except BaseException:
            cluster.stop()
            raise
        return cluster

    def _run(self, *args: str) -> None:
        result = subprocess.run(
            args, user=self.run_as, capture_output=True, text=True, timeout=120, check=False,
            cwd=self.root,
        )
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")

    def start(self) -> None:
        """``initdb`` then ``pg_ctl start``; durability is switched off (``fsync=off``):
        this server is for tests, a crash of the machine may lose its data."""
        self._run(
            str(self.bindir / "initdb"), "-D", str(self.data), "-U", "postgres",
            "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync",
        )
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c full_page_writes=off -c max_connections=50"
        )
        self._run(
            str(self.bindir / "pg_ctl"), "-D", str(self.data), "-o", options,
            "-l", str(self.root / "server.log"), "-w", "-t", "60", "start",
        )
        self.started = True

    def create_database(self, name: str | None = None) -> str:
        """Create an empty database; returns its URL."""
        from dlxh.storage.postgresql import _psycopg

        psycopg = _psycopg()
        name = name or f"dlxh_{os.getpid()}_{next(self._names)}"
        if not name.replace("_", "").isalnum():
            raise ConfigurationError(f"database names here are letters, digits and _: {name!r}")
        with psycopg.connect(f"{self.url}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        return f"{self.url}/{name}"

    def stop(self) -> None:
        """Stop the server (immediately) and delete its folder."""
        if self.started:
            with contextlib.suppress(Exception):
                self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m",
                          "immediate", "-w", "stop")
            self.started = False
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

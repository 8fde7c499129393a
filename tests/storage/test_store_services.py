"""Without PostgreSQL server binaries the PostgreSQL tests are skipped, with the reason;
``DLXH_REQUIRE_SERVICES=1`` (CI) turns that skip into a failure."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from dlxh.storage.pgcluster import BINDIR_ENV

HERE = Path(__file__).parent


def _run_pg_test(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, BINDIR_ENV: str(tmp_path / "no-server-here"), **env}
    environment.pop("DLXH_TEST_POSTGRES_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider",
         str(HERE / "test_store_contract.py"), "-k", "postgresql and new_store"],
        capture_output=True, text=True, timeout=300, env=environment, check=False,
        cwd=HERE.parent.parent,
    )


def test_missing_server_is_a_skip_with_the_reason(tmp_path: Path) -> None:
    result = _run_pg_test(tmp_path, DLXH_REQUIRE_SERVICES="0")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 skipped" in result.stdout
    assert "no PostgreSQL server binaries" in result.stdout


def test_missing_server_fails_when_services_are_required(tmp_path: Path) -> None:
    result = _run_pg_test(tmp_path, DLXH_REQUIRE_SERVICES="1")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "DLXH_REQUIRE_SERVICES=1" in result.stdout

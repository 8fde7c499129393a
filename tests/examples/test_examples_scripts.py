"""Every example script runs as a user would run it, and says what it promises."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

# script -> a piece of what it must print
EXPECTED = {
    "read_and_inspect.py": "Vấn đề theo mã",
    "classify_and_review.py": "Đã duyệt (reviewed) 2 nhãn",
    "synthesise.py": "pairwise F1",
    "export.py": "Số điện thoại đã được che (phone redacted): True",
    "manage_network.py": "Chưa có CTV (blind spots): Phường Đoàn Kết, Xã Mường Kim",
    "units_across_reform.py": "sau (after) 2026-01-01: 34 tỉnh",
    "custom_importer.py": "hotline-bad-date",
}


def test_every_example_script_is_covered() -> None:
    scripts = {p.name for p in EXAMPLES.glob("*.py")} - {"demo.py", "make_example_data.py"}
    assert scripts == set(EXPECTED)


@pytest.mark.parametrize("script", sorted(EXPECTED))
def test_example_runs(script: str, tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / script), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert EXPECTED[script] in done.stdout

"""The tutorial works as written: its console commands (after the install steps) and its
Python blocks run in order, in a fresh folder."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TUTORIAL = ROOT / "docs" / "tutorial" / "getting-started.md"
_BLOCK = re.compile(r"```(console|python)\n(.*?)```", re.S)
_INSTALL = ("python -m venv", ". .venv", "pip install")


def _blocks() -> list[tuple[str, str]]:
    return [(m.group(1), m.group(2)) for m in _BLOCK.finditer(TUTORIAL.read_text("utf-8"))]


def _command(line: str) -> list[str]:
    words = shlex.split(line.split("  #", 1)[0])
    if words[0] == "dlxh":
        return [sys.executable, "-m", "dlxh.cli", *words[1:]]
    if words[0] == "python":
        return [sys.executable, *(str(ROOT / w) if w.startswith("examples/") else w
                                  for w in words[1:])]
    raise AssertionError(f"the test does not know how to run {line!r}")


def test_the_tutorial_runs_as_written(tmp_path: Path) -> None:
    blocks = _blocks()
    assert [kind for kind, _ in blocks].count("python") >= 6
    namespace: dict[str, object] = {"__name__": "tutorial"}
    here = Path.cwd()
    os.chdir(tmp_path)
    try:
        for kind, text in blocks:
            if kind == "python":
                exec(compile(text, str(TUTORIAL), "exec"), namespace)
                continue
            for line in text.splitlines():
                line = line.removeprefix("$ ").strip()
                if not line or line.startswith(_INSTALL):
                    continue
                done = subprocess.run(_command(line), capture_output=True, text=True,
                                      timeout=600, check=False)
                assert done.returncode == 0, f"{line}: {done.stderr}"
    finally:
        os.chdir(here)
    assert (tmp_path / "lai-chau" / "tong-hop-2026-12.docx").stat().st_size > 0
    assert (tmp_path / "lai-chau" / "ket-qua" / "tong-hop-2026-12.docx").exists()

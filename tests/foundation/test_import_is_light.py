from __future__ import annotations

import subprocess
import sys

import dlxh

HEAVY = ("openpyxl", "docx", "sklearn", "pandas", "numpy", "rapidfuzz", "matplotlib", "psycopg")


def test_import_dlxh_loads_no_heavy_library() -> None:
    code = f"import sys, dlxh; print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "", f"import dlxh loaded: {out}"


def test_public_api_is_exported() -> None:
    for name in dlxh.__all__:
        assert hasattr(dlxh, name), name
    assert callable(dlxh.read) and callable(dlxh.write)
    assert dlxh.__version__

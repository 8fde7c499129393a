"""Constants shared by the network tests (a module with a unique name: tests are not packages)."""

from __future__ import annotations

import datetime as dt

PROVINCE = "08"  # Tuyên Quang: 124 commune-level units after the 2025 reform
AS_OF = dt.date(2026, 1, 15)
ROSTER_SIZE = 3000

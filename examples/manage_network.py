"""A province's Front structure, its collaborator roster, coverage, representativeness and a
pseudonymised upward export.

    python examples/manage_network.py [OUTPUT_FOLDER]
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

import dlxh
from dlxh.network import (
    build_structure,
    coverage,
    for_upward_export,
    representativeness,
    write_roster,
)
from dlxh.testing.roster import generate_roster

DAY = dt.date(2026, 12, 31)


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    structure = build_structure("12", as_of=DAY, members=True)
    print(f"{len(structure)} tổ chức, {len(structure.reporting_lines)} tuyến báo cáo "
          "(organisations, reporting lines)")
    roster = generate_roster("12", per_unit=3, as_of=DAY, leave_empty={"03388", "03637"}, seed=1)
    path = out / "cong-tac-vien.xlsx"
    write_roster(roster, path)
    back = dlxh.read(path)
    print(f"Danh sách CTV: {len(back.collaborators)} người, {len(back.problems)} vấn đề")
    cov = coverage(back.collaborators, "12", as_of=DAY)
    print("Chưa có CTV (blind spots):", ", ".join(u.name for u in cov.blind_units))
    fit = representativeness(back.collaborators, {"sex": {"male": 0.5, "female": 0.5}})
    print("Độ lệch so với tham chiếu (divergence from the reference):",
          [(f.label, round(f.divergence, 3)) for f in fit.fits])
    upward = for_upward_export(back.collaborators, secret="khoa-bi-mat-cua-tinh-lai-chau")
    sent = out / "ctv-gui-cap-tren.xlsx"
    dlxh.write(list(upward.collaborators), sent)
    print("Gửi cấp trên, đã thay tên bằng bí danh (pseudonymised):", sent)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="dlxh-")))

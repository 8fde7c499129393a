"""Administrative units across the July 2025 reform: find a place as people write it, follow
an old commune to the one it became, and map old counts onto the new tree.

    python examples/units_across_reform.py
"""

from __future__ import annotations

import datetime as dt

from dlxh.units import catalog, predecessors, reaggregate, resolve, successors


def main() -> None:
    before, after = dt.date(2025, 6, 30), dt.date(2026, 1, 1)
    old = catalog(before)
    new = catalog(after)
    print(f"Trước (before) {before}: {len(old.units('province'))} tỉnh; "
          f"sau (after) {after}: {len(new.units('province'))} tỉnh")
    for text in ("p. Đoàn Kết, tp Lai Chau", "xa Binh Lu, huyen Tam Duong, Lai Chau"):
        match = resolve(text, as_of=before)[0]
        now = ", ".join(f"{u.name} ({u.code})" for u in successors(match.unit))
        print(f"{text!r} -> {match.unit.name} ({match.unit.code}); nay là (now): {now}")
    commune = new.get("03388")
    print(f"{commune.name} được lập từ (made from):",
          ", ".join(u.name for u in predecessors(commune)))
    # Items counted by old district in 2024, re-counted by new commune.
    counts = {u.code: 10.0 for u in old.children(old.get("12"))[:3]}
    again = reaggregate(counts, source=before, target=after, level="commune")
    print("Số liệu cũ trên cây mới (old counts on the new tree):",
          {code: round(n, 1) for code, n in list(again.totals.items())[:4]},
          f"({len(again.problems)} vấn đề)")


if __name__ == "__main__":
    main()

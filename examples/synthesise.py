"""Synthesise a province's month from the scenario generator's items, and check the result
against what was planted.

    python examples/synthesise.py [OUTPUT_FOLDER]
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

import dlxh
from dlxh.testing.scenario import pairwise_scores, scenario


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    sc = scenario(3000, seed=7, province="12", first_month=10)
    month = sc.periods[-1]
    syn = dlxh.synthesize(
        [sc.items, sc.reports],
        unit=sc.province,
        period=month,
        reporting_lines=sc.reporting_lines,
        organisations=sc.organisations,
        receiver_id=sc.province_organisation,
        today=month.end + dt.timedelta(days=20),
    )
    print(f"{syn.report.title}: {len(syn.streams)} luồng ý kiến (streams)")
    for stream in syn.streams[:5]:
        breadth = stream.breadth.label if stream.breadth else "?"
        print(f"  [{breadth}] {stream.statement[:70]} ({stream.item_count} ý kiến, "
              f"{stream.unit_count} xã)")
    # Against the planted truth: items of the month, grouped by the synthesis.
    index = {item.id: n for n, item in enumerate(sc.items)}
    in_month = [n for n, item in enumerate(sc.items) if item.date and month.contains(item.date)]
    clusters = [[index[i] for i in s.item_ids] for s in (*syn.streams, *syn.rumours)]
    truth = [sc.truth[n] for n in in_month]
    position = {n: k for k, n in enumerate(in_month)}
    _precision, _recall, f1 = pairwise_scores(
        truth, [[position[n] for n in c if n in position] for c in clusters]
    )
    print(f"Độ khớp với luồng đã gieo (pairwise F1 against the planted streams): {f1:.3f}")
    c = syn.completeness.total if syn.completeness else None
    if c is not None:
        print(f"Báo cáo: cần {c.expected}, nhận {c.received}, chậm {c.late}, thiếu {c.missing}")
    path = dlxh.write(syn, out / f"tong-hop-{month.code}.docx")
    print("Đã ghi (written):", path)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="dlxh-")))

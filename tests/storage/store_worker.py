"""A separate process that writes to a store, for the kill and concurrency tests.

    python store_worker.py import URL FIRST COUNT [--hang]
        save items FIRST..FIRST+COUNT-1 in ONE save; with --hang, print "WRITING" after the
        first chunk is written (inside the transaction) and wait to be killed.
    python store_worker.py write URL FIRST COUNT BATCH GO_FILE NAME
        wait for GO_FILE, then save the items in saves of BATCH items, then save the report
        "rep-shared" titled after NAME. Prints the totals as JSON.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from pathlib import Path

import attrs

from dlxh.model.enums import ReportKind
from dlxh.model.opinions import Label, OpinionItem
from dlxh.model.periods import Period
from dlxh.model.reports import Report
from dlxh.storage import open_store


def make_item(n: int) -> OpinionItem:
    return OpinionItem(
        id=f"item-{n:07d}",
        text=f"Ý kiến số {n}: người dân quan tâm đến giá điện và việc làm",
        date=dt.date(2026, 10, 1) + dt.timedelta(days=n % 28),
        unit=("08001", "08002", "09001")[n % 3],
        labels=(Label("topic", ("kinh-te", "y-te", "giao-duc")[n % 3], confidence=0.9),),
    )


def main(argv: list[str]) -> int:
    mode, url = argv[0], argv[1]
    first, count = int(argv[2]), int(argv[3])
    store = open_store(url)
    if mode == "import":
        hang = "--hang" in argv

        def progress(written: int) -> None:
            if hang:
                print("WRITING", written, flush=True)
                time.sleep(600)

        result = store.save([make_item(n) for n in range(first, first + count)],
                            progress=progress, action="import", actor="worker")
        print(json.dumps(result.as_dict()), flush=True)
    elif mode == "write":
        batch, go, name = int(argv[4]), Path(argv[5]), argv[6]
        while not go.exists():
            time.sleep(0.01)
        added = 0
        for start in range(first, first + count, batch):
            stop = min(start + batch, first + count)
            added += store.save([make_item(n) for n in range(start, stop)]).total_added
        shared = Report(id="rep-shared", kind=ReportKind.PERIODIC, title=f"Báo cáo của {name}",
                        period=Period.month(2026, 10))
        result = store.save(attrs.evolve(shared))
        print(json.dumps({"added": added, "report": result.as_dict()}), flush=True)
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Ingest speed into SQLite for 100-word records (target: at least 20,000 rows/s on 2 cores).

For CSV and JSONL it prints rows/s for a first ingest into an empty store (best of --repeat
runs, each into a fresh store), a re-run of the same file (all rows unchanged), and the CPU
time per row. The machine's load average is printed too: other work lowers the wall-clock
figures. Run: .venv/bin/python bench/bench_ingest.py [ROWS] [--repeat N]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from intel.config import load_settings
from intel.intake import ingest_path
from intel.store import Store

WORDS = ("girl boy seen car older male phone cash park station hotel missing returned found with "
         "friends injuries bruises drugs line county gang vehicle collected late night school care "
         "home worker reports concerns social media snapchat gifts alcohol party flat").split()


def make_file(path: Path, n: int, fmt: str, seed: int = 7) -> None:
    rng = random.Random(seed)
    bcus = load_settings().bcus
    start = date(2026, 1, 5)
    rows = [{
        "id": f"CR-2026-{i:07d}", "kind": "crime_report", "date": (start + timedelta(days=i % 300)).isoformat(),
        "bcu": bcus[i % len(bcus)], "source_eval": "2", "intel_assessment": "B", "handling": "P",
        "subject_ref": f"YP-{i % 5000:06d}", "text": " ".join(rng.choices(WORDS, k=100)),
    } for i in range(n)]
    if fmt == "jsonl":
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    else:
        with path.open("w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("rows", nargs="?", type=int, default=30_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    n, settings = args.rows, load_settings()
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in ("csv", "jsonl"):
            src = Path(tmp) / f"records.{fmt}"
            make_file(src, n, fmt)
            best, cpu = 0.0, float("inf")
            for i in range(args.repeat):
                store = Store(f"sqlite:///{tmp}/bench_{fmt}_{i}.db")
                t0, c0 = time.perf_counter(), time.process_time()
                s = ingest_path(store, src, settings, "bench", progress=False)
                wall, used = time.perf_counter() - t0, time.process_time() - c0
                assert s.ingested == n, s
                best, cpu = max(best, n / wall), min(cpu, used)
                if i < args.repeat - 1:
                    store.close()
            t0 = time.perf_counter()
            s = ingest_path(store, src, settings, "bench", progress=False)
            again = time.perf_counter() - t0
            assert s.unchanged == n, s
            store.close()
            print(f"{fmt:5s} {n:,} rows of 100 words into SQLite: first ingest {best:,.0f} rows/s "
                  f"(best of {args.repeat}); re-run, all unchanged {n / again:,.0f} rows/s; "
                  f"CPU {cpu / n * 1e6:.0f} us/row (both threads)")
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; target: first ingest >= 20,000 rows/s")


if __name__ == "__main__":
    main()

"""Ingest speed into SQLite for 100-word records (target: at least 20,000 rows/s on 2 cores).

Prints rows/s for a first ingest (all new), a re-run (all unchanged) and the parse+validate
share. Run: .venv/bin/python bench/bench_ingest.py [ROWS]
"""

from __future__ import annotations

import json
import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from intel.config import load_settings
from intel.intake import ingest_path, validate_row
from intel.readers import read_file
from intel.store import Store

WORDS = ("girl boy seen car older male phone cash park station hotel missing returned found with "
         "friends injuries bruises drugs line county gang vehicle collected late night school care "
         "home worker reports concerns social media snapchat gifts alcohol party flat").split()


def make_file(path: Path, n: int, fmt: str, seed: int = 7) -> None:
    rng = random.Random(seed)
    bcus = load_settings().bcus
    start = date(2026, 1, 5)
    rows = []
    for i in range(n):
        rows.append({
            "id": f"CR-2026-{i:07d}", "kind": "crime_report", "date": (start + timedelta(days=i % 300)).isoformat(),
            "bcu": bcus[i % len(bcus)], "source_eval": "2", "intel_assessment": "B", "handling": "P",
            "subject_ref": f"YP-{i % 5000:06d}", "text": " ".join(rng.choices(WORDS, k=100)),
        })
    if fmt == "jsonl":
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    else:
        import csv
        with path.open("w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    settings = load_settings()
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in ("csv", "jsonl"):
            src = Path(tmp) / f"records.{fmt}"
            make_file(src, n, fmt)
            store = Store(f"sqlite:///{tmp}/bench_{fmt}.db")
            t0 = time.perf_counter()
            parsed = read_file(src)
            for line, raw in parsed.rows:
                validate_row(raw, settings, source=str(src), line=line).content_hash()
            t_parse = time.perf_counter() - t0
            t0, c0 = time.perf_counter(), time.process_time()
            s = ingest_path(store, src, settings, "bench", progress=False)
            t_first, c_first = time.perf_counter() - t0, time.process_time() - c0
            assert s.ingested == n, s
            t0 = time.perf_counter()
            s = ingest_path(store, src, settings, "bench", progress=False)
            t_again = time.perf_counter() - t0
            assert s.unchanged == n, s
            store.close()
            print(f"{fmt:5s} {n:,} rows of 100 words: first ingest {n / t_first:,.0f} rows/s ({t_first:.2f} s); "
                  f"re-run (all unchanged) {n / t_again:,.0f} rows/s; parse+validate+hash alone "
                  f"{n / t_parse:,.0f} rows/s; first ingest per CPU-second {n / c_first:,.0f} rows/s")
    print(f"load average while measuring: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores "
          "(other work on the machine lowers the wall-clock figures)")


if __name__ == "__main__":
    main()

"""Speed of the synthetic corpus generator (target: at least 50,000 records a minute).

Prints records a minute for generating in memory and for generating plus writing JSONL and truth,
and peak Python memory. Run: .venv/bin/python bench/bench_demo_data.py [--weeks 17 --per-week 3000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
import tracemalloc
from pathlib import Path

from intel.demo_data import generate, write_corpus, write_truth


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--weeks", type=int, default=17)
    ap.add_argument("--per-week", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()

    t0 = time.perf_counter()
    records, truth = generate(args.weeks, args.per_week, args.seed, "2026-W47")
    gen = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as d:
        t1 = time.perf_counter()
        write_corpus(records, Path(d) / "corpus.jsonl")
        write_truth(truth, Path(d) / "truth.json")
        wrote = time.perf_counter() - t1
        size = (Path(d) / "corpus.jsonl").stat().st_size
    n = len(records)
    print(f"records: {n} ({args.weeks} weeks x {args.per_week}/week + planted)")
    print(f"generate: {gen:.2f} s = {n / gen * 60:,.0f} records/min")
    print(f"generate + write: {gen + wrote:.2f} s = {n / (gen + wrote) * 60:,.0f} records/min "
          f"(corpus {size / 1e6:.1f} MB)")
    del records, truth
    tracemalloc.start()
    generate(4, args.per_week, args.seed, "2026-W47")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"peak Python memory, 4 weeks x {args.per_week}/week: {peak / 1e6:.0f} MB")
    target = 50_000
    print(f"target {target:,} records/min: {'met' if n / (gen + wrote) * 60 >= target else 'NOT met'}")


if __name__ == "__main__":
    main()

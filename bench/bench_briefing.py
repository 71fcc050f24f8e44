"""Time the Pacesetter briefings: one BCU, and all 33 BCUs plus force-wide (target: all in <= 45 s).

Builds a demo store once (synthetic corpus, ingest, extraction) unless --db points at one, then
times the parts: loading the week (records, extractions, pattern report), assembling the inputs,
and rendering the PDFs.

    .venv/bin/python bench/bench_briefing.py                 # fresh store: 17 weeks x 600 a week
    .venv/bin/python bench/bench_briefing.py --db sqlite:///demo/intel.db --week 2026-W47
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from datetime import datetime
from pathlib import Path


def _cpu() -> float:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", help="existing store URL (default: build a fresh demo store)")
    ap.add_argument("--week", help="ISO week (default: the last week in the store)")
    ap.add_argument("--weeks", type=int, default=17)
    ap.add_argument("--per-week", type=int, default=600)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()

    from intel.briefs import build_briefing, load_week, produce_briefings, resolve_bcus
    from intel.config import load_settings
    from intel.store import Store
    from nlp.pipeline import Extractor
    from products.briefing import briefing_pdf

    settings = load_settings()
    tmp = Path(tempfile.mkdtemp(prefix="bench_briefing_"))
    if args.db:
        url = args.db
    else:
        from intel.demo import run_demo

        t0 = time.perf_counter()
        res = run_demo(settings, tmp / "demo", weeks=args.weeks, per_week=args.per_week, seed=args.seed,
                       user="bench", bcus="force-wide", progress=False, say=lambda *_: None)
        url = res.store_url
        print(f"setup (corpus, ingest, extract, 1 briefing): {time.perf_counter() - t0:.1f} s, "
              f"{res.records} records")
    store = Store(url)
    t0 = time.perf_counter()
    extractor = Extractor.from_config(settings.config_path)
    print(f"load extractor:                {time.perf_counter() - t0:6.2f} s")
    week = args.week
    if week is None:
        from intel.weeks import week_of

        last = max(r.date for r in store.iter_records())
        week = week_of(last)
    n = store.count_records()
    now = datetime(2026, 1, 1)

    from intel.briefs import PATTERN_CACHE

    store.put_artifact(PATTERN_CACHE, week, {"digest": "cold"})  # force the pattern run once
    t0 = time.perf_counter()
    pic = load_week(store, settings, week, extractor, user="bench")
    t_cold = time.perf_counter() - t0
    print(f"load week {week}, pattern run included ({n} records in store): {t_cold:6.2f} s")
    t0 = time.perf_counter()
    pic = load_week(store, settings, week, extractor, user="bench")
    t_load = time.perf_counter() - t0
    print(f"load week {week}, week's pattern report already made:        {t_load:6.2f} s")

    bcu = max(settings.bcus, key=lambda b: sum(r.bcu == b for r in pic.records))
    t0 = time.perf_counter()
    b = build_briefing(pic, store, settings, bcu, user="bench", now=now)
    t_build = time.perf_counter() - t0
    t0 = time.perf_counter()
    briefing_pdf(b, tmp / "one.pdf")
    t_pdf = time.perf_counter() - t0
    print(f"one briefing ({bcu}): assemble {t_build:.2f} s + render {t_pdf:.2f} s = {t_build + t_pdf:.2f} s "
          f"(+ the week load above: {t_load + t_build + t_pdf:.2f} s)")

    c0 = _cpu()
    t0 = time.perf_counter()
    done = produce_briefings(store, settings, week, resolve_bcus(settings, "all"), tmp / "all",
                             extractor=extractor, user="bench", now=now)
    t_all = time.perf_counter() - t0
    cpu = _cpu() - c0
    print(f"all {len(done) - 1} BCUs + force-wide, end to end (week load with its pattern report made): "
          f"{t_all:6.2f} s ({'within' if t_all <= 45 else 'OVER'} the 45 s target)")
    print(f"  CPU time for that (this process and its render workers): {cpu:6.2f} s; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (other work on the machine slows the wall time)")
    print(f"all {len(done) - 1} BCUs + force-wide including a fresh pattern run: about "
          f"{t_all - t_load + t_cold:6.2f} s")
    store.close()
    print(f"output: {tmp}")


if __name__ == "__main__":
    main()

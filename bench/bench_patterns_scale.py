"""Time and peak memory of the pattern engine at scale: 100,000 and 500,000 narratives, and one more week.

Narratives are synthesised cheaply: three sentences drawn from a synthetic-corpus sentence pool
(`intel demo-data`), random themes, BCUs, risk and a few linking entities. The NLP is NOT run
(its own bench covers it); extraction results are synthesised. Each measurement runs in its own
process so peak memory (ru_maxrss) belongs to that step alone.
Reference (issue 5): 500,000 narratives clustered and scanned in <= 10 min and <= 4 GB;
one more week costs <= 2x the new week alone.
Run: .venv/bin/python bench/bench_patterns_scale.py [--sizes 100000 500000]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BCUS = ["Barking and Dagenham", "Barnet", "Bexley", "Brent", "Bromley", "Camden", "Croydon", "Ealing", "Enfield",
        "Greenwich", "Hackney", "Haringey", "Harrow", "Havering", "Hillingdon", "Hounslow", "Islington",
        "Lambeth", "Lewisham", "Merton", "Newham", "Redbridge", "Southwark", "Sutton", "Tower Hamlets",
        "Waltham Forest", "Wandsworth", "Westminster"]
THEMES = ["cse", "cce", "missing", "iioc", "online_abuse", "sexual_abuse", "domestic_abuse", "neglect",
          "physical_abuse", "harmful_practices", "trafficking", "offender_management", "youth_violence"]
FIRST_MONDAY = date(2026, 9, 7)  # 2026-W37
WEEKS = 9  # baseline (8) + the week reported: everything is fitted and scanned


def sentence_pool(workdir: Path) -> list[str]:
    corpus = workdir / "pool.jsonl"
    if not corpus.exists():
        subprocess.run([str(ROOT / ".venv/bin/intel"), "demo-data", "--weeks", "4", "--per-week", "600", "--seed", "7",
                        "--out", str(corpus), "--truth", str(workdir / "truth.json")], check=True, capture_output=True)
    sents = set()
    for line in corpus.read_text().splitlines():
        for snt in re.split(r"(?<=[.!?])\s+", json.loads(line)["text"]):
            if len(snt) > 20:
                sents.add(snt)
    return sorted(sents)


def make_items(n: int, weeks: range, pool: list[str], seed: int):
    from intel.patterns.items import Item

    rng = random.Random(seed)
    out = []
    per_week = n // len(weeks)
    for w in weeks:
        monday = FIRST_MONDAY + timedelta(weeks=w)
        for j in range(per_week):
            ents = []
            if rng.random() < 0.05:
                ents.append(("VRM", f"LR{rng.randint(10, 99)}{rng.choice('ABCDEFGH')}{rng.choice('KLMN')}W"))
            if rng.random() < 0.05:
                ents.append(("PHONE", f"+447700{rng.randint(900000, 999999)}"))
            out.append(Item(id=f"S{w:02d}-{j:07d}", text=" ".join(rng.sample(pool, 3)),
                            date=monday + timedelta(days=rng.randrange(7)), bcu=rng.choice(BCUS),
                            themes=tuple(rng.sample(THEMES, rng.choice((1, 1, 2)))), entities=tuple(ents),
                            risk=rng.randrange(100), spans=()))
    return out


def phase(args) -> None:
    from intel.patterns.engine import analyse
    from intel.patterns.settings import load_pattern_settings
    from intel.weeks import week_of

    s = load_pattern_settings()
    pool = sentence_pool(Path(args.workdir))
    n = args.n
    state_path = Path(args.workdir) / f"state_{n}.json"
    if args.phase == "full":
        items = make_items(n, range(WEEKS), pool, 1)
        week, state = week_of(FIRST_MONDAY + timedelta(weeks=WEEKS - 1)), None
    elif args.phase == "incremental":
        items = make_items(n, range(WEEKS), pool, 1) + make_items(n // WEEKS, range(WEEKS, WEEKS + 1), pool, 2)
        week, state = week_of(FIRST_MONDAY + timedelta(weeks=WEEKS)), json.loads(state_path.read_text())
    else:  # the new week alone, fitted from nothing
        items = make_items(n // WEEKS, range(WEEKS, WEEKS + 1), pool, 2)
        week, state = week_of(FIRST_MONDAY + timedelta(weeks=WEEKS)), None
    t0 = time.perf_counter()
    report, new_state = analyse(items, week, s, state=state)
    secs = time.perf_counter() - t0
    if args.phase == "full":
        state_path.write_text(json.dumps(new_state))
    rss_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
    print(json.dumps({"phase": args.phase, "items": len(items), "seconds": round(secs, 1), "peak_gb": round(rss_gb, 2),
                      "clusters": len(new_state["clusters"]), "mode": new_state["mode"],
                      "patterns": len(report.patterns),
                      "state_mb": round(len(json.dumps(new_state)) / 1e6, 1)}))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 500_000])
    ap.add_argument("--phase", choices=["full", "incremental", "alone"])
    ap.add_argument("--n", type=int)
    ap.add_argument("--workdir")
    a = ap.parse_args()
    if a.phase:
        return phase(a)
    workdir = Path(tempfile.mkdtemp(prefix="bench_patterns_scale_"))
    print(f"{len(sentence_pool(workdir)):,} pool sentences; extractions SYNTHESISED (no NLP run); "
          f"narratives spread over {WEEKS} weeks (baseline + reported week)")
    print(f"{'narratives':>11} {'step':<28}{'seconds':>9}{'peak GB':>9}  notes")
    for n in a.sizes:
        res = {}
        for ph in ("full", "incremental", "alone"):
            out = subprocess.run([sys.executable, __file__, "--phase", ph, "--n", str(n), "--workdir", str(workdir)],
                                 check=True, capture_output=True, text=True).stdout
            res[ph] = json.loads(out.strip().splitlines()[-1])
        f, i, al = res["full"], res["incremental"], res["alone"]
        print(f"{n:>11,} {'fit + scan (all weeks)':<28}{f['seconds']:>9}{f['peak_gb']:>9}  "
              f"{f['clusters']} clusters, state {f['state_mb']} MB; target <= 600 s, <= 4 GB at 500k")
        print(f"{'':>11} {'one more week, incremental':<28}{i['seconds']:>9}{i['peak_gb']:>9}  "
              f"mode {i['mode']}, {n // WEEKS:,} new narratives")
        print(f"{'':>11} {'that week alone, from zero':<28}{al['seconds']:>9}{al['peak_gb']:>9}  "
              f"ratio {i['seconds'] / max(al['seconds'], 1e-9):.2f}x (target <= 2x)")


if __name__ == "__main__":
    main()

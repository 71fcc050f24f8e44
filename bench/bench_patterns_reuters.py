"""Does the engine flag a real emerging topic? Reuters-21578 newswire run as one BCU's records.

Every story becomes a narrative of BCU "Reuters" dated by its date line. The engine runs week by
week over the dense weeks (1987-W10 to W16) with its state, as in production. Truth is taken from
the stories' own topic labels: a topic "emerges" in a week when it has >= 8 stories and at least
3x its mean of the previous weeks (with at least 4 weeks of history). A flag (new or emerging
cluster, term burst or spike) "catches" an emerging topic when at least half its stories carry
that topic label. There is no published reference figure; the figures are for tracking changes.
Run: .venv/bin/python bench/bench_patterns_reuters.py
"""

from __future__ import annotations

import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from intel.patterns.engine import analyse  # noqa: E402
from intel.patterns.items import Item  # noqa: E402
from intel.patterns.settings import load_pattern_settings  # noqa: E402
from intel.weeks import weeks_between  # noqa: E402

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "reuters21578.csv.gz"
FIRST, LAST = "1987-W10", "1987-W16"


def main() -> None:
    df = pd.read_csv(DATA, parse_dates=["date"])
    df["week"] = df["date"].dt.strftime("%G-W%V")
    weeks = weeks_between(FIRST, LAST)
    df = df[df["week"].isin(weeks)].reset_index(drop=True)
    topics_of = {str(r.doc_id): set(str(r.topics).split(";")) if isinstance(r.topics, str) else set()
                 for r in df.itertuples()}
    items = [Item(id=str(r.doc_id), text=f"{r.title or ''}. {r.text or ''}", date=r.date.date(), bcu="Reuters")
             for r in df.fillna("").itertuples()]
    s = load_pattern_settings()
    # truth: topics that jump in a week against their own history
    counts = defaultdict(Counter)
    for it in items:
        for t in topics_of[it.id]:
            counts[t][it.week] += 1
    emerging = {}
    for i, w in enumerate(weeks):
        if i < s.scan.min_baseline_weeks:
            continue
        base = weeks[max(0, i - s.scan.baseline_weeks):i]
        for t, c in counts.items():
            mean = sum(c[b] for b in base) / len(base)
            if c[w] >= 8 and c[w] >= 3 * max(mean, 0.5):
                emerging.setdefault(w, []).append((t, c[w], round(mean, 1)))
    print(f"Reuters-21578 {FIRST}..{LAST}: {len(items):,} stories as one BCU; default config/patterns.yaml")
    state, t0 = None, time.perf_counter()
    caught, total, flags_all, flags_true, coherent = 0, 0, 0, 0, 0
    for w in weeks:
        report, state = analyse(items, w, s, state=state)
        flags = [p for p in report.patterns if p.kind in ("new_cluster", "emerging_cluster", "spike")]
        if w not in emerging and weeks.index(w) < s.scan.min_baseline_weeks:
            continue
        print(f"\n{w} ({state['mode']}): label-emerging topics {sorted(emerging.get(w, []), key=lambda x: -x[1])[:6]}")
        hit_topics = set()
        for p in flags[:12]:
            lab = Counter(t for r in p.records for t in topics_of.get(r, ()))
            top, n = lab.most_common(1)[0] if lab else ("-", 0)
            true = n >= 0.5 * len(p.records)
            is_emerging = top in {t for t, _, _ in emerging.get(w, [])}
            flags_all += 1
            flags_true += is_emerging and true
            coherent += true and top != "-"
            if true and is_emerging:
                hit_topics.add(top)
            print(f"  {p.kind:17} {', '.join(p.terms[:4]):42} {len(p.records):>4} stories; "
                  f"top label {top} {n}/{len(p.records)}{'  <- emerging topic' if true and is_emerging else ''}")
        total += len(emerging.get(w, []))
        caught += len(hit_topics)
    print(f"\nengine time {time.perf_counter() - t0:.1f} s over {len(weeks)} weeks")
    print(f"label-emerging topics caught by a flag in their week: {caught}/{total}; "
          f"flags whose stories are mostly an emerging topic: {flags_true}/{flags_all}")
    print(f"flags whose stories mostly share one topic label (a coherent news event): {coherent}/{flags_all}")
    print("(most stories carry no topic label, so label-based truth undercounts real events such as the"
          " Noranda mine accident or a takeover; read the flag list above)")


if __name__ == "__main__":
    main()

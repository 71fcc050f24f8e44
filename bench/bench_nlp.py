"""Throughput of the full extraction pipeline beside spaCy's blank English tokenizer.

Prints words/s for `Extractor.pipe` and for `spacy.blank("en").pipe` on the same texts, and the
ratio. Texts: the dev gold narratives plus real police prose from the shared Madison incident
file when present (cut into narrative-sized pieces), repeated to about 300k words.

    .venv/bin/python bench/bench_nlp.py [--words 300000]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

import spacy

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from nlp.pipeline import Extractor  # noqa: E402

MADISON = Path(__file__).resolve().parents[2] / "shared" / "data" / "madison_police_incidents.csv"


def texts(target_words: int) -> list[str]:
    base: list[str] = []
    dev = ROOT / "tests" / "data" / "dev_gold.jsonl"
    if dev.exists():
        base += [json.loads(l)["text"] for l in dev.open(encoding="utf-8") if l.strip()]
    if MADISON.exists():
        csv.field_size_limit(10**8)
        with MADISON.open(encoding="utf-8", errors="replace") as fh:
            for row in csv.DictReader(fh):
                words = row["text"].split()
                for i in range(0, len(words), 120):
                    base.append(" ".join(words[i:i + 120]))
                if sum(len(t.split()) for t in base) > target_words:
                    break
    out, n = [], 0
    while n < target_words:
        for t in base:
            out.append(t)
            n += len(t.split())
            if n >= target_words:
                break
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--words", type=int, default=300_000)
    ap.add_argument("--theme-model", help="a theme model JSON, or 'none' for the rule weights alone "
                                          "(default: the one config/nlp.yaml names)")
    args = ap.parse_args()
    docs = texts(args.words)
    words = sum(len(t.split()) for t in docs)
    t0 = time.perf_counter()
    ex = Extractor.from_config(theme_model=args.theme_model)
    load = time.perf_counter() - t0
    blank = spacy.blank("en")
    full = tok = full_cpu = tok_cpu = float("inf")
    n = 0
    # Best of three runs each, alternating, so neither side is measured cold or alone on a busy
    # machine. CPU seconds (process time) are printed too: on a shared machine wall time also
    # counts waiting for a core.
    for _ in range(3):
        t0, c0 = time.perf_counter(), time.process_time()
        n = sum(1 for _ in ex.pipe((str(i), t, None) for i, t in enumerate(docs)))
        full, full_cpu = min(full, time.perf_counter() - t0), min(full_cpu, time.process_time() - c0)
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in blank.pipe(docs, batch_size=256):
            pass
        tok, tok_cpu = min(tok, time.perf_counter() - t0), min(tok_cpu, time.process_time() - c0)
    print(f"texts: {n}, words: {words}, pipeline load: {load:.1f} s, extractor {ex.version}, "
          f"theme model: {ex.config.source.get('theme_model') or 'none'}")
    print(f"full pipeline:           {words / full:>10,.0f} words/s ({full:.2f} s)")
    print(f"spacy.blank('en') tokens: {words / tok:>10,.0f} words/s ({tok:.2f} s)")
    print(f"ratio (full / tokenizer): {tok / full:.2f}")
    print(f"per CPU second: full {words / full_cpu:,.0f} words/s, tokenizer {words / tok_cpu:,.0f} words/s, "
          f"ratio {tok_cpu / full_cpu:.2f}")
    try:
        import os

        print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    except OSError:
        pass
    print("target: >= 150,000 words/s for the full pipeline on one core")


if __name__ == "__main__":
    main()

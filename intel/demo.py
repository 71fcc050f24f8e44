"""`intel demo`: the whole chain into a fresh folder, so a reader sees what a chair receives.

Synthetic corpus -> ingest -> extraction -> patterns -> briefings for the last week (every BCU and
force-wide). Nothing here is real data; the generator is reached only from this module.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from intel.config import Settings
from intel.errors import IntelError


@dataclass
class DemoResult:
    out: Path
    store_url: str
    week: str
    records: int
    briefings: list[Path] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def force_wide(self) -> Path:
        return next(p for p in self.briefings if "force-wide" in p.name)


MARKER = "DEMO-SYNTHETIC.txt"
DEMO_FILES = ("intel.db", "intel.db-wal", "intel.db-shm", "corpus.jsonl", "truth.json")
DEFAULT_WEEKS = 17  # the reporting week, the 4 before it and the 12-week baseline before those
DEFAULT_PER_WEEK = 600


def run_demo(settings: Settings, out: Path, *, weeks: int = DEFAULT_WEEKS, seed: int = 7,
             per_week: int = DEFAULT_PER_WEEK,
             end_week: str | None = None, user: str = "demo", bcus: str = "all", progress: bool = True,
             say=print) -> DemoResult:
    from intel.analysis import extract_pending
    from intel.briefs import BASELINE_WEEKS, SHORT_WEEKS, pattern_report, produce_briefings, resolve_bcus
    from intel.demo_data import generate
    from intel.intake import ingest_path
    from intel.store import Store
    from intel.weeks import parse_week, shift_week
    from nlp.pipeline import Extractor

    out = Path(out)
    db = out / "intel.db"
    if db.exists():
        if not (out / MARKER).exists():
            raise IntelError(f"{db} already exists and is not a demo store: the demo builds a fresh store; "
                             "pass a new --out folder")
        _clear(out)  # an earlier demo: rebuilt, so `make demo` can run again
    if weeks < 6:
        raise IntelError(f"--weeks {weeks}: the briefing compares a week with the 4 before it; use at least 6")
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("Synthetic demo data written by `intel demo`; rerunning the demo replaces this folder's "
                              "store, corpus and briefings.\n", encoding="utf-8")
    url = f"sqlite:///{db}"
    settings = settings.model_copy(update={"store_url": url})
    t: dict[str, float] = {}

    t0 = time.perf_counter()
    corpus = generate(weeks, per_week, seed, end_week, bcus=list(settings.bcus))
    records, truth = _records_and_truth(corpus)
    corpus_path = out / "corpus.jsonl"
    with open(corpus_path, "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n")
    if truth is not None:
        (out / "truth.json").write_text(json.dumps(truth, indent=1, sort_keys=True), encoding="utf-8")
    t["corpus"] = time.perf_counter() - t0
    say(f"Synthetic corpus: {len(records)} records over {weeks} weeks (seed {seed}) -> {corpus_path}")

    store = Store(url)
    try:
        t0 = time.perf_counter()
        summary = ingest_path(store, corpus_path, settings, user, progress=progress)
        t["ingest"] = time.perf_counter() - t0
        say(f"Ingested {summary.ingested} records ({summary.quarantined} quarantined) into {db}")

        t0 = time.perf_counter()
        extractor = Extractor.from_config(settings.config_path)
        n = extract_pending(store, extractor, progress=progress, user=user)
        t["extract"] = time.perf_counter() - t0
        say(f"Extracted themes, indicators and entities from {n} records (pipeline {extractor.version})")

        week = _last_week(records)
        t0 = time.perf_counter()
        first = parse_week(shift_week(week, -(BASELINE_WEEKS + SHORT_WEEKS)))[0]
        report = pattern_report(store, settings, week, extractor,
                                list(store.iter_records(start=first, end=parse_week(week)[1])), user=user)
        t["patterns"] = time.perf_counter() - t0
        say(f"Patterns for {week}: {len(report.clusters)} clusters, {len(report.patterns)} patterns "
            "(spikes, new and emerging clusters, linked series)")
        t0 = time.perf_counter()
        produced = produce_briefings(store, settings, week, resolve_bcus(settings, bcus), out / "briefings",
                                     extractor=extractor, user=user, progress=progress,
                                     now=datetime.now().replace(microsecond=0))
        t["briefings"] = time.perf_counter() - t0
    finally:
        store.close()
    result = DemoResult(out, url, week, len(records), [p.path for p in produced], t)
    say(f"Wrote {len(produced)} briefings for {week} to {out / 'briefings'} "
        f"({t['briefings']:.0f} s; whole demo {sum(t.values()):.0f} s)")
    say(f"Force-wide briefing: {result.force_wide}")
    return result


def _clear(out: Path) -> None:
    import shutil

    for name in DEMO_FILES:
        (out / name).unlink(missing_ok=True)
    shutil.rmtree(out / "briefings", ignore_errors=True)


def _records_and_truth(corpus) -> tuple[list[dict], dict | None]:
    """Accept what the generator returns: (records, truth), an object with .records/.truth, or records."""
    if isinstance(corpus, tuple) and len(corpus) == 2:
        records, truth = corpus
    elif hasattr(corpus, "records"):
        records, truth = corpus.records, getattr(corpus, "truth", None)
    else:
        records, truth = corpus, None
    rows = []
    for r in records:
        d = r.to_dict() if hasattr(r, "to_dict") else dict(r)
        d.update(d.pop("extra", None) or {})  # intake puts unknown columns back into Record.extra
        rows.append({k: v for k, v in d.items() if v is not None})
    if truth is not None and hasattr(truth, "to_dict"):
        truth = truth.to_dict()
    return rows, truth


def _last_week(records: list[dict]) -> str:
    from datetime import date

    from intel.weeks import week_of

    if not records:
        raise IntelError("the synthetic corpus is empty; check --weeks and the demo_data banks")
    return week_of(max(date.fromisoformat(str(r["date"])[:10]) for r in records))

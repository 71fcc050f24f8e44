"""Glue between the store and the NLP pipeline: extract what has not been extracted yet."""

from __future__ import annotations

from itertools import islice

from intel.progress import CountingBar
from intel.audit import CONSULTATION, default_user

BATCH = 512  # records per pipe() call and per save


def extract_pending(store, extractor, *, progress: bool = True, user: str | None = None) -> int:
    """Run `extractor` over every current record whose text has no extraction for `extractor.version`.

    The extractor is duck-typed: `.version` and `.pipe(items)` over (id, text, date) yielding
    Extractions in input order. Saved batch by batch, so an interrupted run resumes where it
    stopped. Returns how many records were extracted.
    """
    version = extractor.version
    user = user or default_user()
    total = store.count_pending_extraction(version)
    if total == 0:
        return 0
    bar = CountingBar("extract", total, progress)
    done = 0
    pending = store.pending_extraction(version)
    try:
        while True:
            batch = list(islice(pending, BATCH))
            if not batch:
                break
            exts = list(extractor.pipe([(r.id, r.text, r.date) for r in batch]))
            if len(exts) != len(batch):
                raise RuntimeError(f"extractor {version} returned {len(exts)} extractions for {len(batch)} texts")
            store.save_extractions(zip(batch, exts), version)
            store.audit(CONSULTATION, user, f"extraction by pipeline {version}", [r.id for r in batch],
                        "theme, indicator and entity extraction")
            done += len(batch)
            bar.advance(len(batch))
    finally:
        bar.stop()
    return done


def extractions_for(store, records, extractor) -> dict:
    """Extractions of `records` for `extractor.version`, extracting and caching any not yet stored."""
    ext = store.get_extractions([r.id for r in records], extractor.version)
    missing = [r for r in records if r.id not in ext]
    if missing:
        fresh = list(extractor.pipe((r.id, r.text, r.date) for r in missing))
        store.save_extractions(zip(missing, fresh), extractor.version)
        ext.update({e.id: e for e in fresh})
    return ext

"""Coverage figures of a corpus, from its records and truth (used by tests and the bench)."""

from __future__ import annotations

import re
from collections import Counter

_PHONE = re.compile(r"(?:\+44\s?7700|07700)[\s-]?\d{3}\s?\d{3}")
SHORTHAND = ("MFH", "MISPER", "RHI", "YP", "IP", "CSE", "CCE", "RSO", "SHPO", "VRM", "MASH", "NFA", "s47", "LAC", "DWO", "PPD")


def coverage(records: list[dict], truth: dict) -> dict:
    n = len(records)
    t = truth["records"]
    words = [len(r["text"].split()) for r in records]
    flags = Counter(m["flag"] for v in t.values() for m in v["not_asserted"])
    upper = " ".join(r["text"] for r in records)
    return {
        "records": n,
        "kinds": dict(Counter(r["kind"] for r in records)),
        "routine_share": sum(1 for r in records if not t[r["id"]]["themes"]) / n,
        "mention_share": sum(1 for v in t.values() if v["not_asserted"]) / n,
        "flags": dict(flags),
        "themes": dict(Counter(x for v in t.values() for x in v["themes"])),
        "indicators": dict(Counter(x for v in t.values() for x in v["indicators"])),
        "min_words": min(words),
        "max_words": max(words),
        "bcu_counts": dict(Counter(r["bcu"] for r in records)),
        "graded_lit_share": _share(records, lambda r: r["kind"] == "lit_submission",
                                   lambda r: bool(r["source_eval"] and r["intel_assessment"] and r["handling"])),
        "handling_c_share": _share(records, lambda r: r["kind"] == "lit_submission", lambda r: r["handling"] == "C"),
        "shorthand": {s: bool(re.search(rf"\b{s}\b", upper)) for s in SHORTHAND},
        "phones": sorted({re.sub(r"\D", "", m)[-6:] for r in records for m in _PHONE.findall(r["text"])}),
    }


def _share(records, which, test) -> float:
    rows = [r for r in records if which(r)]
    return sum(1 for r in rows if test(r)) / max(1, len(rows))

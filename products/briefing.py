"""The weekly Pacesetter briefing: template context from a `Briefing`, then HTML or PDF."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import yaml

from products import charts
from products.inputs import Briefing, GradingSpread, PatternItem
from products.judgements import KIND_LABELS, SECTIONS, key_judgements
from products.redaction import HANDLING_C_NOTE, mask_terms, show
from products.render import TEMPLATES_DIR, iso_stamp, render_html, write_pdf

MAX_EXCERPTS = 3
MAX_DETAILED = 6  # patterns shown in full; the rest get one line each, so the briefing reads in minutes
# Entity kinds a product may print as they are; the rest are contact details or names.
PRINTABLE_ENTITIES = {"VRM", "PLATFORM", "VENUE", "PLACE", "AGE"}


@lru_cache(maxsize=4)
def _actions(templates_dir: str) -> dict:
    with open(Path(templates_dir) / "actions.yaml", encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or {}
    return {"by_kind": data.get("by_kind") or {}, "by_theme": data.get("by_theme") or {}}


def recommended_action(p: PatternItem, templates_dir: Path = TEMPLATES_DIR) -> str:
    if p.action:
        return p.action
    acts = _actions(str(templates_dir))
    parts = [acts["by_kind"].get(p.kind), acts["by_theme"].get(p.theme or "")]
    return " ".join(x for x in parts if x) or "LIT analyst to review and report to the next Pacesetter."


def _entity(e: dict) -> str:
    label, norm = e.get("label", ""), e.get("norm", "")
    return f"{label} {norm}" if label in PRINTABLE_ENTITIES else f"{label} [masked]"


def _safe_pattern(p: PatternItem, hints: frozenset[str] = frozenset()) -> PatternItem:
    """Pattern ids, summaries and terms are machine-made from narrative text, so they are masked too."""
    return replace(p, id=mask_terms(p.id, hints), summary=mask_terms(p.summary, hints),
                   terms=[t for t in (mask_terms(t, hints) for t in p.terms) if t != "[NAME]"])


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: text.rfind(" ", 0, n)] + " …"


MAX_REASONS = 4
MAX_REFS = 12


def reason_words(reasons: list[str]) -> list[str]:
    """'older_partner (significant, current)' -> 'older partner (significant)'; theme bonuses dropped."""
    out = []
    for r in reasons:
        if r.startswith("theme "):
            continue
        name, _, rest = r.partition(" (")
        tags = [t for t in rest.rstrip(")").split(", ") if t and t != "current"] if rest else []
        out.append(name.replace("_", " ") + (f" ({', '.join(tags)})" if tags else ""))
    return out[:MAX_REASONS] + (["…"] if len(out) > MAX_REASONS else [])


def refs(ids: list[str], n: int = MAX_REFS) -> str:
    return ", ".join(ids[:n]) + (f" and {len(ids) - n} more" if len(ids) > n else "")


def grading_table(g: GradingSpread) -> dict:
    rows = []
    for s in ("1", "2", "3", "?"):
        cells = [g.cells.get(f"{s}{a}", 0) for a in ("A", "B", "C", "D", "E", "?")]
        if s != "?" or any(cells):
            rows.append({"source": s, "cells": cells, "total": sum(cells)})
    cols = ["A", "B", "C", "D", "E"] + (["?"] if any(r["cells"][5] for r in rows) else [])
    for r in rows:
        r["cells"] = r["cells"][: len(cols)]
    return {"cols": cols, "rows": rows, "handling": g.handling, "total": sum(g.cells.values())}


def _pattern_ctx(p: PatternItem, templates_dir: Path, hints: frozenset[str] = frozenset()) -> dict:
    excerpts = [show(e, hints) for e in p.excerpts[:MAX_EXCERPTS]]
    return {
        "id": p.id,
        "kind": KIND_LABELS.get(p.kind, p.kind),
        "theme": p.theme,
        "summary": p.summary,
        "bcus": p.bcus,
        "weeks": p.weeks,
        "records": len(p.records),
        "record_refs": p.records[:8],
        "more_refs": max(0, len(p.records) - 8),
        "entities": [_entity(e) for e in p.entities],
        "terms": p.terms[:8],
        "statistic": p.statistic,
        "excerpts": excerpts,
        "withheld": sum(not e.quoted for e in excerpts),
        "action": recommended_action(p, templates_dir),
    }


def build_context(b: Briefing, templates_dir: Path = TEMPLATES_DIR) -> dict:
    labels = {t.theme: t.label for t in b.theme_counts}
    hints = frozenset(b.name_hints)
    safe = replace(b, patterns=[_safe_pattern(p, hints) for p in sorted(b.patterns, key=lambda p: (-p.score, p.id))])
    shown_counts = [t for t in b.theme_counts if t.this_week or t.avg_4wk or t.baseline]
    chart = (charts.volumes_chart([t.label for t in shown_counts], [t.this_week for t in shown_counts],
                                  [t.avg_4wk for t in shown_counts], [t.baseline for t in shown_counts],
                                  salt=f"volumes-{b.area}-{b.period.week}")
             if shown_counts else "")
    produced = b.provenance.produced_at
    title = f"Pacesetter briefing — {b.area} — {b.period.week}"
    return {
        "title": title,
        "footer_label": f"{b.area} · {b.period.week}",
        "b": safe,
        "area": b.area,
        "force_wide": b.bcu is None,
        "sections": SECTIONS,
        "judgements": key_judgements(safe, labels),
        "volumes": b.theme_counts,
        "volumes_shown": shown_counts,
        "volumes_chart": chart,
        "bcu_counts": sorted(b.bcu_counts.items(), key=lambda kv: (-kv[1], kv[0])),
        "patterns": [_pattern_ctx(p, templates_dir, hints) for p in safe.patterns[:MAX_DETAILED]],
        "more_patterns": [{"id": p.id, "kind": KIND_LABELS.get(p.kind, p.kind),
                           "theme": labels.get(p.theme, p.theme or ""), "records": len(p.records),
                           "bcus": ", ".join(p.bcus[:3]) + (f" +{len(p.bcus) - 3}" if len(p.bcus) > 3 else ""),
                           "summary": _clip(p.summary, 110)}
                          for p in safe.patterns[MAX_DETAILED:]],
        "theme_labels": labels,
        "grading": grading_table(b.grading),
        "produced_on": produced.date().isoformat() if produced else "",
        "produced_iso": iso_stamp(produced),
        "handling_c_note": HANDLING_C_NOTE,
        "high_risk": [{"c": c, "reasons": reason_words(c.reasons)} for c in b.high_risk],
        "iioc_without": refs(b.focus.iioc_without_plan),
        "nfa_refs": refs(b.focus.nfa_refs),
        "keywords": ", ".join(["Pacesetter", "child protection", b.area, b.period.week]),
    }


def briefing_html(b: Briefing, templates_dir: Path = TEMPLATES_DIR, *, standalone: bool = False) -> str:
    return render_html("briefing.html.j2", build_context(b, templates_dir), templates_dir, standalone=standalone)


def briefing_pdf(b: Briefing, target: Path | None = None, templates_dir: Path = TEMPLATES_DIR) -> bytes:
    return write_pdf(briefing_html(b, templates_dir), target, templates_dir=templates_dir)

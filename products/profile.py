"""NIM problem profile for one theme: current picture, trend, places and venues, linked series,
recommendations."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from products import charts
from products.briefing import _pattern_ctx, _safe_pattern, grading_table, recommended_action
from products.inputs import PatternItem, ProblemProfile
from products.judgements import grading_note
from products.redaction import HANDLING_C_NOTE, show
from products.render import TEMPLATES_DIR, iso_stamp, render_html, write_pdf

MAX_EXCERPTS = 6


def trend_words(counts: list[int]) -> str:
    """Compare the last third of the run with the first third, in the words a reader expects."""
    if len(counts) < 3 or not any(counts):
        return "too few records to call a trend"
    k = max(1, len(counts) // 3)
    first, last = sum(counts[:k]) / k, sum(counts[-k:]) / k
    if last >= 1.25 * first + 0.5:
        return f"rising: {last:.1f} a week lately against {first:.1f} at the start of the period"
    if last <= 0.8 * first - 0.5:
        return f"falling: {last:.1f} a week lately against {first:.1f} at the start of the period"
    return f"broadly stable at about {sum(counts) / len(counts):.1f} a week"


def recommendations(p: ProblemProfile, templates_dir: Path = TEMPLATES_DIR) -> list[str]:
    recs = []
    if p.high_risk:
        recs.append(f"Review the {len(p.high_risk)} high-risk children at the next MASE meeting "
                    f"({', '.join(c.case_ref for c in p.high_risk[:5])}).")
    if p.places:
        top = ", ".join(pl.name for pl in p.places[:3])
        recs.append(f"Neighbourhood and licensing teams to visit and brief the places named most often ({top}).")
    for pat in p.patterns[:3]:
        recs.append(f"{pat.id}: {recommended_action(pat, templates_dir)}")
    theme_only = recommended_action(PatternItem("", "", "", theme=p.theme), templates_dir)
    if theme_only not in " ".join(recs):
        recs.append(theme_only)
    recs.append("LIT to refresh this profile in 12 weeks and report the change to the intelligence lead.")
    return recs


def build_context(p: ProblemProfile, templates_dir: Path = TEMPLATES_DIR) -> dict:
    counts = [p.weekly_counts.get(w, 0) for w in p.weeks]
    hints = frozenset(p.name_hints)
    safe_patterns = [_safe_pattern(x, hints) for x in sorted(p.patterns, key=lambda x: (-x.score, x.id))]
    produced = p.provenance.produced_at
    title = f"Problem profile — {p.theme_label} — {p.area} — {p.weeks[0]} to {p.weeks[-1]}" if p.weeks \
        else f"Problem profile — {p.theme_label} — {p.area}"
    return {
        "title": title,
        "footer_label": f"Problem profile · {p.theme_label} · {p.area}",
        "b": p,
        "area": p.area,
        "period_label": f"{p.weeks[0]} to {p.weeks[-1]}" if p.weeks else "",
        "trend": trend_words(counts),
        "trend_chart": charts.trend_chart(p.weeks, counts, salt=f"trend-{p.theme}-{p.area}") if p.weeks else "",
        "weekly": list(zip(p.weeks, counts)),
        "bcu_counts": sorted(p.bcu_counts.items(), key=lambda kv: (-kv[1], kv[0])),
        "indicators": sorted(p.indicators.items(), key=lambda kv: (-kv[1], kv[0]))[:10],
        "patterns": [_pattern_ctx(x, templates_dir, hints) for x in safe_patterns],
        "excerpts": [show(e, hints) for e in p.excerpts[:MAX_EXCERPTS]],
        "excerpt_grading": grading_note([e.grade for e in p.excerpts[:MAX_EXCERPTS]]),
        "recommendations": recommendations(replace(p, patterns=safe_patterns), templates_dir),
        "grading": grading_table(p.grading),
        "produced_on": produced.date().isoformat() if produced else "",
        "produced_iso": iso_stamp(produced),
        "handling_c_note": HANDLING_C_NOTE,
        "keywords": ", ".join(["problem profile", p.theme_label, p.area]),
    }


def profile_html(p: ProblemProfile, templates_dir: Path = TEMPLATES_DIR, *, standalone: bool = False) -> str:
    return render_html("problem_profile.html.j2", build_context(p, templates_dir), templates_dir, standalone=standalone)


def profile_pdf(p: ProblemProfile, target: Path | None = None, templates_dir: Path = TEMPLATES_DIR) -> bytes:
    return write_pdf(profile_html(p, templates_dir), target, templates_dir=templates_dir)

"""Bottom line up front: three to five key judgements drawn from the figures, each pointing to
the section that holds its evidence, each saying how far its grading can carry it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from products.inputs import Briefing, Excerpt, Grade, PatternItem

SECTIONS = {
    "volumes": ("2", "Volumes by theme"),
    "patterns": ("3", "Emerging patterns and linked series"),
    "focus": ("4", "Focus areas"),
    "high-risk": ("5", "High-risk children for tasking"),
    "data-quality": ("6", "Intelligence gaps and data quality"),
    "annex": ("Annex", "Method, grading and handling"),
}

KIND_LABELS = {
    "linked_series": "Linked series",
    "spike": "Spike",
    "emerging_cluster": "Emerging cluster",
    "new_cluster": "New cluster",
}

MIN_JUDGEMENTS, MAX_JUDGEMENTS = 3, 5


@dataclass(frozen=True)
class Judgement:
    text: str
    section: str  # anchor id in SECTIONS
    grading: str = ""  # how far the intelligence behind it can carry it

    @property
    def section_title(self) -> str:
        number, title = SECTIONS[self.section]
        return f"section {number} ({title})" if number[0].isdigit() else f"the {number} ({title})"


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def grading_note(grades: list[Grade]) -> str:
    """E.g. 'Grading: 2B P x3, 3D P x1. Rests in part on source 3 or D/E intelligence: corroborate.'"""
    if not grades:
        return "Grading: no graded intelligence behind this judgement."
    counts = Counter(g.label for g in grades)
    spread = ", ".join(f"{code} ×{n}" if n > 1 else code for code, n in sorted(counts.items()))
    note = f"Grading: {spread}."
    weak = sum(g.is_weak for g in grades)
    if weak == len(grades):
        note += " Rests only on source-3 or D/E-assessed intelligence: corroborate before acting."
    elif weak:
        note += " Rests in part on source-3 or D/E-assessed intelligence: corroborate before acting."
    if not any(g.is_graded for g in grades):
        note += " Ungraded: treat as unconfirmed."
    return note


def _grades(excerpts: list[Excerpt]) -> list[Grade]:
    return [e.grade for e in excerpts]


def _pattern_judgement(p: PatternItem, theme_labels: dict[str, str]) -> Judgement:
    what = KIND_LABELS.get(p.kind, p.kind)
    theme = f" ({theme_labels.get(p.theme, p.theme)})" if p.theme else ""
    where = ", ".join(p.bcus[:4]) + (f" and {len(p.bcus) - 4} more" if len(p.bcus) > 4 else "")
    where = f" across {where}" if len(p.bcus) > 1 else (f" in {where}" if where else "")
    # The pattern engine's summary already says where and how many; the counts are the fallback.
    text = f"{what} {p.id}{theme}: " + (p.summary if p.summary.strip() else f"{plural(len(p.records), 'record')}{where}.")
    return Judgement(text, "patterns", grading_note(_grades(p.excerpts)))


def _volume_judgement(b: Briefing) -> Judgement:
    rises = [t for t in b.theme_counts if t.this_week >= 3 and t.this_week >= 1.5 * max(t.avg_4wk, 1.0)]
    if rises:
        t = max(rises, key=lambda t: (t.this_week - t.avg_4wk, t.theme))
        text = (f"{t.label} records rose to {t.this_week} this week against a 4-week average of "
                f"{t.avg_4wk:.1f} and a {b.baseline_weeks}-week baseline of {t.baseline:.1f}.")
    else:
        total = sum(t.this_week for t in b.theme_counts)
        avg = sum(t.avg_4wk for t in b.theme_counts)
        text = (f"No theme rose markedly: {total} theme mentions this week against "
                f"{avg:.1f} a week over the last four weeks.")
    return Judgement(text, "volumes", "Counts of records, whatever their grading; see the annex for the spread.")


def _high_risk_judgement(b: Briefing) -> Judgement | None:
    if not b.high_risk:
        return None
    refs = ", ".join(c.case_ref for c in b.high_risk[:3]) + (" and others" if len(b.high_risk) > 3 else "")
    reasons = Counter(r.split(" (")[0] for c in b.high_risk for r in c.reasons if not r.startswith("theme "))
    top = ", ".join(r.replace("_", " ") for r, _ in reasons.most_common(3))
    text = (f"{len(b.high_risk)} {'child' if len(b.high_risk) == 1 else 'children'} scored high risk "
            f"this week ({refs}); the commonest reasons: {top or 'see section 5'}.")
    return Judgement(text, "high-risk", grading_note([c.grade for c in b.high_risk]))


def _focus_judgement(b: Briefing) -> Judgement | None:
    f = b.focus
    if f.iioc_without_plan:
        text = (f"{len(f.iioc_without_plan)} of {f.iioc_cases} indecent-image cases have no safeguarding "
                f"plan recorded ({', '.join(f.iioc_without_plan[:3])}{' …' if len(f.iioc_without_plan) > 3 else ''}).")
    elif f.repeat_missing:
        text = (f"{len(f.repeat_missing)} {'child has' if len(f.repeat_missing) == 1 else 'children have'} "
                f"gone missing repeatedly in the last {f.repeat_window_weeks} weeks "
                f"({', '.join(r.case_ref for r in f.repeat_missing[:3])}).")
    else:
        worst = max((bl for bl in f.backlogs if bl.open_items), key=lambda bl: bl.oldest_days or 0, default=None)
        if worst is None:
            return None
        text = (f"The {worst.name} backlog stands at {worst.open_items} open items; the oldest is "
                f"{worst.oldest_days} days old.")
    return Judgement(text, "focus", "From case and workflow records, not graded intelligence.")


def _data_judgement(b: Briefing) -> Judgement | None:
    d = b.data_quality
    if d.records == 0:
        return Judgement(f"No records were received for {b.area} in week {b.period.week}: this briefing "
                         "has nothing new to report.", "data-quality")
    if not (d.ungraded or d.quarantined):
        return None
    return Judgement(f"{d.ungraded} of {d.records} submissions are ungraded and {d.quarantined} rows were "
                     "quarantined at intake: judgements may understate the picture.", "data-quality")


def key_judgements(b: Briefing, theme_labels: dict[str, str]) -> list[Judgement]:
    patterns = sorted(b.patterns, key=lambda p: (-p.score, p.id))
    out: list[Judgement] = []
    if b.data_quality.records == 0:
        out.append(_data_judgement(b))
    if patterns:
        out.append(_pattern_judgement(patterns[0], theme_labels))
    out.append(_volume_judgement(b))
    for j in (_high_risk_judgement(b), _focus_judgement(b)):
        if j:
            out.append(j)
    if len(patterns) > 1:
        out.append(_pattern_judgement(patterns[1], theme_labels))
    if b.data_quality.records:
        j = _data_judgement(b)
        if j:
            out.append(j)
    if not patterns and len(out) < MIN_JUDGEMENTS:
        out.append(Judgement("No emerging patterns or linked series were found this week.", "patterns"))
    if not b.high_risk and len(out) < MIN_JUDGEMENTS:
        out.append(Judgement("No child scored high risk this week.", "high-risk"))
    return out[:MAX_JUDGEMENTS]

"""Term bursts: words suddenly in many more narratives than in the baseline weeks.

A new venue ("Thameside Suites") or a new method ("delivery job", "e-scooter") shows first as a
handful of narratives sharing new words, long before it is big enough to form its own topic
cluster. Bursting words that travel together are grouped, and each group is reported as a new
(words never seen before) or emerging cluster with the narratives behind it.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import numpy as np
from scipy import stats

from intel.patterns.report import Pattern
from intel.patterns.scan import benjamini_hochberg

_TOKEN = re.compile(r"[a-z][a-z]+")
_KEEP_LABELS = ("VENUE", "PLATFORM")  # a new venue or app is exactly what a burst should show
# Dates recur with the calendar, not with a topic.
CALENDAR = frozenset(
    "jan feb mar apr jun jul aug sep sept oct nov dec january february march april may june july august "
    "september october november december mon tue tues wed thu thur thurs fri sat sun monday tuesday "
    "wednesday thursday friday saturday sunday".split())


def name_words(items, labels=("PERSON", "NICKNAME", "PLACE")) -> frozenset:
    """Words the NLP tagged as a name (or place) anywhere: a name missed in one narrative is still a name."""
    return frozenset(t for it in items for lab, norm in it.entities if lab in labels
                     for t in _TOKEN.findall(norm.lower()))


def doc_terms(item, stop_words: frozenset) -> set[str]:
    """The words of a narrative that may signal a new topic.

    Left out: stop words, calendar words, and words inside entities (names, VRMs, phones, places:
    linked series and spikes cover those) except venues and platforms.
    """
    text = item.text
    if item.spans:  # None or empty: nothing to blank out
        chars = list(text)
        for e in item.spans:
            if e.label not in _KEEP_LABELS:
                chars[e.start:e.end] = " " * (e.end - e.start)
        text = "".join(chars)
    return {t for t in _TOKEN.findall(text.lower()) if t not in stop_words and t not in CALENDAR}


def weekly_df(items, stop_words) -> dict[str, tuple[int, dict[str, int]]]:
    """week -> (narratives, {term: narratives containing it})."""
    docs: dict[str, int] = Counter()
    df: dict[str, Counter] = defaultdict(Counter)
    for it in items:
        docs[it.week] += 1
        df[it.week].update(doc_terms(it, stop_words))
    return {w: (docs[w], dict(df[w])) for w in docs}


def term_bursts(current, week: str, baseline: list[str], dfs: dict, s, stop_words, names=frozenset()) -> list[Pattern]:
    """Patterns for groups of bursting words.

    `current` holds the narratives of the recent window (the week reported and the
    `window_weeks - 1` before it: a new topic often starts with two or three narratives a week);
    `baseline` the weeks before that window, whose term counts are in `dfs`. A word must appear
    in the week reported itself.
    """
    b = s.bursts
    if len(baseline) < s.scan.min_baseline_weeks or not current:
        return []
    terms_of = {it.id: doc_terms(it, stop_words) - names for it in current}
    this_week = {t for it in current if it.week == week for t in terms_of[it.id]}
    df_now = Counter(t for ts in terms_of.values() for t in ts)
    n_now = len(current)
    n_base = sum(dfs.get(w, (0, {}))[0] for w in baseline)
    if n_base == 0:
        return []
    tested, pvals = [], []
    for term, obs in df_now.items():
        if obs < b.min_count or term not in this_week:
            continue  # cannot reach significance: left out of the family (Tarone)
        base = sum(dfs.get(w, (0, {}))[1].get(term, 0) for w in baseline)
        expected = n_now * (base + 0.5) / (n_base + 1)  # add-half: a new word is rare, not impossible
        if obs < b.min_ratio * expected:
            continue
        tested.append((term, obs, expected, base))
        pvals.append(float(stats.poisson.sf(obs - 1, expected)))
    if not tested:
        return []
    q = benjamini_hochberg(pvals)
    hits = sorted(((t, o, e, base, p, qq) for (t, o, e, base), p, qq in zip(tested, pvals, q) if qq <= b.fdr),
                  key=lambda h: (h[4], h[0]))
    docs_of = {h[0]: {i for i, ts in terms_of.items() if h[0] in ts} for h in hits}
    bcu_of = {it.id: it.bcu for it in current}
    # one BCU's burst is a spike's business; a new topic shows across BCUs
    need = min(b.min_bcus, len(set(bcu_of.values())))  # a one-BCU force still has bursts
    hits = [h for h in hits if len({bcu_of[i] for i in docs_of[h[0]]}) >= need]
    groups: list[list[tuple]] = []
    for h in hits:  # strongest first; a word joins the group whose narratives it mostly shares
        for g in groups:
            lead = docs_of[g[0][0]]
            mine = docs_of[h[0]]
            if len(lead & mine) / len(lead | mine) >= b.group_jaccard:
                g.append(h)
                break
        else:
            groups.append([h])
    by_id = {it.id: it for it in current}
    out = []
    # several new words travelling together (a venue's name and kind, an app and a method) make a
    # topic; a lone word is more often a change in wording, so it ranks after them
    groups.sort(key=lambda g: (len(g) < 2, g[0][4], g[0][0]))
    for g in groups[: b.max_report]:
        lead = g[0]
        recs = sorted(docs_of[lead[0]])
        members = [by_id[r] for r in recs]
        themes = Counter(t for it in members for t in it.themes)
        new = all(h[3] == 0 for h in g)
        kind = "new_cluster" if new else "emerging_cluster"
        terms = [h[0] for h in g][:8]
        bcus = sorted({it.bcu for it in members})
        out.append(Pattern(
            kind=kind, id=f"{kind}:terms:{lead[0]}:{week}", theme=_top(themes), bcus=bcus,
            weeks=sorted({it.week for it in members}),
            records=recs, entities=[], terms=terms, score=round(float(-np.log10(max(lead[5], 1e-300))), 2),
            summary=(f"{'New' if new else 'Growing'} words {', '.join(repr(t) for t in terms[:4])}: in {lead[1]} "
                     f"narratives in {len({it.week for it in members})} week(s) to {week} against {lead[2]:.2f} "
                     f"expected, in {', '.join(bcus[:5])}"
                     f"{' …' if len(bcus) > 5 else ''}."),
            statistic={"observed": lead[1], "expected": round(lead[2], 3), "p": float(f"{lead[4]:.3g}"),
                       "q": float(f"{lead[5]:.3g}"), "model": "poisson", "baseline_weeks": len(baseline),
                       "baseline_narratives_with_term": lead[3], "source": "term_burst"},
        ))
    return out


def _top(counter: Counter):
    return min(counter.items(), key=lambda kv: (-kv[1], kv[0]))[0] if counter else None

"""Weekly counts against a baseline: count-model tail probabilities with Benjamini-Hochberg control."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats


def tail_p(observed: int, expected: float, model: str = "negbin", dispersion: float = 0.15) -> float:
    """P(X >= observed) under Poisson(expected), or a negative binomial with var = mu + a mu^2."""
    if observed <= 0:
        return 1.0
    if model == "poisson" or dispersion <= 0:
        return float(stats.poisson.sf(observed - 1, expected))
    n = 1.0 / dispersion
    p = n / (n + expected)
    return float(stats.nbinom.sf(observed - 1, n, p))


def benjamini_hochberg(pvals) -> np.ndarray:
    p = np.asarray(pvals, dtype=float)
    m = len(p)
    if m == 0:
        return p
    order = np.argsort(p, kind="stable")
    ranked = p[order] * m / np.arange(1, m + 1)
    q = np.minimum.accumulate(ranked[::-1])[::-1]
    out = np.empty(m)
    out[order] = np.minimum(q, 1.0)
    return out


@dataclass
class Hit:
    key: object
    observed: int
    expected: float
    p: float
    q: float
    baseline_weeks: int
    dispersion: float = 0.0

    @property
    def score(self) -> float:
        """-log10 q: 1.3 is q = 0.05; larger is stronger evidence."""
        return round(float(-np.log10(max(self.q, 1e-300))), 2)

    def statistic(self, model: str) -> dict:
        return {"observed": self.observed, "expected": round(self.expected, 3), "p": float(f"{self.p:.3g}"),
                "q": float(f"{self.q:.3g}"), "model": model, "baseline_weeks": self.baseline_weeks,
                "dispersion": self.dispersion}


def pooled_dispersion(series: dict, baseline: list[str]) -> float:
    """Method-of-moments negative binomial dispersion pooled over a family: sum(var - mean) / sum(mean^2).

    Lets the data say how much more than Poisson the weekly counts vary (0 when they do not).
    """
    if len(baseline) < 2:
        return 0.0
    num = den = 0.0
    for counts in series.values():
        x = np.array([counts.get(w, 0) for w in baseline], dtype=float)
        m = x.mean()
        if m > 0:
            num += x.var(ddof=1) - m
            den += m * m
    return float(min(max(num / den, 0.0), 1.0)) if den else 0.0


def scan(series: dict, week: str, baseline: list[str], s, *, allow_short: bool = False,
         prior: dict | None = None, dispersion: float | None = None, scale: dict | None = None) -> list[Hit]:
    """Test each series' count in `week` against the mean of `baseline` weeks; one BH family.

    `series` maps key -> {week: count}. A key with too short a history is skipped unless
    `allow_short` (a new cluster is judged against the floor rate alone). `prior` maps a key to a
    wider expected weekly rate that steadies a thin baseline; `scale` maps a key to a factor on its
    expected count (how busy its unit was this week against its baseline).
    """
    tested = []
    for key in sorted(series, key=str):
        counts = series[key]
        obs = int(counts.get(week, 0))
        if obs < s.min_count:
            # still a test in the family: BH must count every hypothesis looked at
            tested.append((key, obs, None))
            continue
        tested.append((key, obs, counts))
    if len(baseline) < s.min_baseline_weeks and not allow_short:
        return []
    if dispersion is None:  # callers splitting a family pass one estimate from all of it
        dispersion = pooled_dispersion(series, baseline) if s.dispersion == "auto" else float(s.dispersion)
    rows = []
    for key, obs, counts in tested:
        if counts is None:
            rows.append((key, obs, 0.0, 1.0))
            continue
        total = float(sum(counts.get(w, 0) for w in baseline))
        if prior is not None and key in prior:
            # shrink a thin local baseline towards the wider rate (empirical Bayes, prior_weeks of weight)
            mean = (total + s.prior_weeks * prior[key]) / (len(baseline) + s.prior_weeks)
        else:
            mean = total / len(baseline) if baseline else 0.0
        if scale is not None:
            mean *= scale.get(key, 1.0)
        expected = max(mean, s.min_baseline_rate)
        p = tail_p(obs, expected, s.model, dispersion) if obs >= s.min_ratio * expected else 1.0
        rows.append((key, obs, expected, p))
    q = benjamini_hochberg([r[3] for r in rows])
    return [Hit(key, obs, exp, p, float(qq), len(baseline), round(dispersion, 4)) for (key, obs, exp, p), qq in zip(rows, q)
            if obs >= s.min_count and qq <= s.fdr]

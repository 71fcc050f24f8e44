"""Stable cluster ids: match this fit's clusters to the last state's by term-profile cosine.

Profiles (top terms of each cluster's mean TF-IDF) are compared rather than centroids, because a
refit changes the vocabulary and the LSA axes, but not what a cluster is about.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linear_sum_assignment


def profile_similarity(a: list[dict], b: list[dict]) -> np.ndarray:
    vocab = {t: i for i, t in enumerate(sorted({t for p in a + b for t in p}))}

    def dense(ps):
        M = np.zeros((len(ps), max(len(vocab), 1)))
        for r, p in enumerate(ps):
            for t, w in p.items():
                M[r, vocab[t]] = w
        n = np.linalg.norm(M, axis=1, keepdims=True)
        return M / np.maximum(n, 1e-12)

    return dense(a) @ dense(b).T if a and b else np.zeros((len(a), len(b)))


@dataclass
class Matching:
    ids: list[str]  # id for each new cluster, in order
    events: list[dict] = field(default_factory=list)  # {"kind": "split"|"merge", "from": [...], "into": [...]}
    retired: list[str] = field(default_factory=list)  # old ids with no successor


def format_id(n: int, prefix: str = "C") -> str:
    return f"{prefix}{n:04d}"


def match_ids(old_ids: list[str], old_profiles: list[dict], new_profiles: list[dict], next_id: int,
              threshold: float, split_merge_threshold: float) -> tuple[Matching, int]:
    """Hungarian matching above `threshold`; unmatched new clusters get fresh ids from `next_id`."""
    S = profile_similarity(old_profiles, new_profiles)
    ids: list[str | None] = [None] * len(new_profiles)
    matched_old: dict[int, int] = {}
    if S.size:
        rows, cols = linear_sum_assignment(-S)
        for r, c in zip(rows, cols):
            if S[r, c] >= threshold:
                ids[c] = old_ids[r]
                matched_old[r] = c
    for c in range(len(ids)):
        if ids[c] is None:
            ids[c] = format_id(next_id)
            next_id += 1
    events = []
    # split: an old cluster resembles its successor and also a brand-new cluster
    for r, c in sorted(matched_old.items()):
        others = [j for j in range(len(ids)) if j != c and j not in matched_old.values()
                  and S[r, j] >= split_merge_threshold]
        if others:
            events.append({"kind": "split", "from": [old_ids[r]], "into": [ids[c]] + [ids[j] for j in others]})
    # merge: an unmatched old cluster resembles a new cluster that kept another id
    retired = []
    for r in range(len(old_ids)):
        if r in matched_old:
            continue
        j = int(S[r].argmax()) if S.shape[1] else -1
        if j >= 0 and S[r, j] >= split_merge_threshold:
            events.append({"kind": "merge", "from": [old_ids[r]], "into": [ids[j]]})
        else:
            retired.append(old_ids[r])
    return Matching(ids=[str(i) for i in ids], events=events, retired=retired), next_id

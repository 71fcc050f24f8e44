"""Clustering real police prose: Madison (Wisconsin) police incident reports, NMI against incident type.

Default config/patterns.yaml; k chosen by the engine, and k fixed at the number of incident types.
No published reference figure exists for this corpus; the figures are for tracking changes.
Run: .venv/bin/python bench/bench_patterns_madison.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pandas as pd
from sklearn import metrics

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from intel.patterns.clusterer import TopicClusterer  # noqa: E402
from intel.patterns.embedding import TextEmbedder  # noqa: E402
from intel.patterns.labels import class_tfidf, top_terms  # noqa: E402
from intel.patterns.settings import load_pattern_settings  # noqa: E402

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "madison_police_incidents.csv"


def main() -> None:
    df = pd.read_csv(DATA)
    texts, y = df["text"].fillna("").tolist(), df["label"].to_numpy()
    s = load_pattern_settings()
    n_types = len(set(y))
    print(f"Madison police incidents: {len(df):,} reports, {n_types} incident types; default config")
    print(f"{'k':>14}{'NMI':>8}{'V':>8}{'ARI':>8}{'seconds':>9}")
    for k in (None, n_types):
        t0 = time.perf_counter()
        emb = TextEmbedder.from_settings(s)
        Z = emb.fit_transform(texts)
        clu = TopicClusterer.from_settings(s, n_clusters=k).fit(Z, tfidf=emb.tfidf_)
        lab = clu.labels_
        secs = time.perf_counter() - t0
        name = f"auto ({clu.n_clusters_})" if k is None else str(k)
        print(f"{name:>14}{metrics.normalized_mutual_info_score(y, lab):>8.3f}{metrics.v_measure_score(y, lab):>8.3f}"
              f"{metrics.adjusted_rand_score(y, lab):>8.3f}{secs:>9.1f}")
    counts = emb.counter().transform(texts)
    terms = top_terms(class_tfidf(counts, lab, clu.n_clusters_), emb.terms_, 5)
    print("example cluster labels (class-based TF-IDF) with their commonest incident type:")
    for j in range(min(6, clu.n_clusters_)):
        common = pd.Series(y[lab == j]).value_counts()
        if len(common):
            print(f"  {' / '.join(terms[j][:4]):45} {common.index[0]} ({common.iloc[0]}/{common.sum()})")


if __name__ == "__main__":
    main()

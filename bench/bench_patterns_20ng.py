"""Clustering quality on the scikit-learn 4-group 20 Newsgroups subset, with the engine's default config.

Reference (scikit-learn example "Clustering text documents using k-means"): k-means on LSA(100)
of TF-IDF, V-measure 0.412, ARI 0.321. Target here: V-measure >= 0.45.
Run: .venv/bin/python bench/bench_patterns_20ng.py [--seeds 5]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn import metrics

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from intel.patterns.clusterer import TopicClusterer  # noqa: E402
from intel.patterns.embedding import TextEmbedder  # noqa: E402
from intel.patterns.settings import load_pattern_settings  # noqa: E402

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "20ng_bydate.csv.gz"
GROUPS = ["alt.atheism", "talk.religion.misc", "comp.graphics", "sci.space"]


_QUOTE = re.compile(r"(writes in|writes:|wrote:|says:|said:|^In article|^Quoted from|^\||^>)")


def strip_newsgroup(text: str) -> str:
    """As scikit-learn's remove=("headers", "footers", "quotes"), which the reference figures use."""
    _, _, body = text.partition("\n\n")
    lines = body.strip().split("\n")
    for i in range(len(lines) - 1, -1, -1):  # footer: after the last line of dashes
        if lines[i].strip().strip("-") == "":
            if i > 0:
                lines = lines[:i]
            break
    return "\n".join(ln for ln in lines if not _QUOTE.search(ln))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--data", default=str(DATA))
    ap.add_argument("--keep-headers", action="store_true", help="cluster whole posts (headers help a lot)")
    a = ap.parse_args()
    df = pd.read_csv(a.data)
    df = df[df["label"].isin(GROUPS)].reset_index(drop=True)
    texts, y = df["text"].fillna("").tolist(), df["label"].to_numpy()
    if not a.keep_headers:
        texts = [strip_newsgroup(t) for t in texts]
    base = load_pattern_settings()
    print(f"20 Newsgroups 4 groups: {len(df)} documents (reference 3,387); default config/patterns.yaml, k=4, "
          f"{'with headers' if a.keep_headers else 'headers, footers and quotes removed as in the reference'}")
    rows = []
    for seed in range(base.seed, base.seed + a.seeds):
        s = base.model_copy(update={"seed": seed})
        t0 = time.perf_counter()
        emb = TextEmbedder.from_settings(s)
        Z = emb.fit_transform(texts)
        labels = TopicClusterer.from_settings(s, n_clusters=4).fit(Z, tfidf=emb.tfidf_).labels_
        rows.append((seed, metrics.v_measure_score(y, labels), metrics.adjusted_rand_score(y, labels),
                     metrics.normalized_mutual_info_score(y, labels), time.perf_counter() - t0))
        print(f"  seed {seed}: V {rows[-1][1]:.3f}  ARI {rows[-1][2]:.3f}  NMI {rows[-1][3]:.3f}  ({rows[-1][4]:.1f} s)")
    r = np.array([x[1:4] for x in rows])
    print(f"{'':24}{'engine (mean ± sd)':>22}{'reference':>12}")
    print(f"{'V-measure':24}{r[:, 0].mean():>14.3f} ± {r[:, 0].std():.3f}{0.412:>12.3f}   target >= 0.45")
    print(f"{'Adjusted Rand':24}{r[:, 1].mean():>14.3f} ± {r[:, 1].std():.3f}{0.321:>12.3f}")
    print(f"{'NMI':24}{r[:, 2].mean():>14.3f} ± {r[:, 2].std():.3f}{'-':>12}")
    print(f"default seed {base.seed}: V {rows[0][1]:.3f} -> {'PASS' if rows[0][1] >= 0.45 else 'FAIL'} (V >= 0.45)")


if __name__ == "__main__":
    main()

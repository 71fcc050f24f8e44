"""`TextEmbedder`: narratives -> unit vectors (TF-IDF, then LSA or NMF), an estimator in the scikit-learn manner.

Its fitted state round-trips through JSON (`to_state`/`from_state`, arrays as base64 .npy), never pickle.
"""

from __future__ import annotations

import base64
import io

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.decomposition import NMF, TruncatedSVD
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.preprocessing import normalize


def encode_array(a: np.ndarray) -> str:
    buf = io.BytesIO()
    np.save(buf, np.ascontiguousarray(a), allow_pickle=False)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def decode_array(s: str) -> np.ndarray:
    return np.load(io.BytesIO(base64.b64decode(s)), allow_pickle=False)


class TextEmbedder(BaseEstimator, TransformerMixin):
    def __init__(self, max_features=30000, min_df=2, max_df=0.5, ngram_max=1, sublinear_tf=True,
                 stop_words="english", reducer="lsa", n_components=100, random_state=7):
        self.max_features = max_features
        self.min_df = min_df
        self.max_df = max_df
        self.ngram_max = ngram_max
        self.sublinear_tf = sublinear_tf
        self.stop_words = stop_words
        self.reducer = reducer
        self.n_components = n_components
        self.random_state = random_state

    @classmethod
    def from_settings(cls, s) -> "TextEmbedder":
        v = s.vectoriser
        return cls(max_features=v.max_features, min_df=v.min_df, max_df=v.max_df, ngram_max=v.ngram_max,
                   sublinear_tf=v.sublinear_tf, stop_words=v.stop_words, reducer=s.reducer.kind,
                   n_components=s.reducer.n_components, random_state=s.seed)

    def _vectoriser(self, n_docs: int, vocabulary=None) -> TfidfVectorizer:
        # Tiny inputs (a test, a quiet week) cannot meet min_df/max_df meant for thousands of narratives.
        min_df, max_df = (self.min_df, self.max_df) if n_docs >= 50 else (1, 1.0)
        return TfidfVectorizer(
            max_features=self.max_features, min_df=min_df, max_df=max_df, ngram_range=(1, self.ngram_max),
            sublinear_tf=self.sublinear_tf, stop_words=self.stop_words, dtype=np.float32,
            vocabulary=vocabulary, token_pattern=r"(?u)\b[a-zA-Z][a-zA-Z]+\b",
        )

    def fit_tfidf(self, texts):
        texts = list(texts)
        vec = self._vectoriser(len(texts))
        try:
            X = vec.fit_transform(texts)
        except ValueError:  # every word filtered out: fall back to keeping all words
            vec = TfidfVectorizer(dtype=np.float32, token_pattern=r"(?u)\b\w+\b")
            X = vec.fit_transform([t or "empty" for t in texts])
        self.vectoriser_ = vec
        self.terms_ = vec.get_feature_names_out()
        return X

    def fit(self, texts, y=None):
        self.fit_transform(texts)
        return self

    def fit_transform(self, texts, y=None):
        X = self.fit_tfidf(texts)
        self.tfidf_ = X  # kept for labels and profiles of the fitted batch; dropped from state
        n_comp = min(self.n_components, X.shape[1] - 1, X.shape[0] - 1)
        if self.reducer == "none" or n_comp < 2:
            self.components_ = None
            return self._finish(X.toarray() if X.shape[1] <= 5000 else X)
        if self.reducer == "lsa":
            red = TruncatedSVD(n_components=n_comp, random_state=self.random_state, algorithm="randomized", n_iter=5)
        else:
            red = NMF(n_components=n_comp, random_state=self.random_state, init="nndsvda", max_iter=200)
        Z = red.fit_transform(X)
        self.components_ = red.components_.astype(np.float32)
        self.nmf_ = red if self.reducer == "nmf" else None
        return self._finish(Z)

    def tfidf(self, texts):
        return self.vectoriser_.transform(list(texts))

    def transform(self, texts):
        X = self.tfidf(texts)
        return self.reduce(X)

    def reduce(self, X):
        if self.components_ is None:
            return self._finish(X.toarray() if hasattr(X, "toarray") else X)
        if self.reducer == "nmf":
            if getattr(self, "nmf_", None) is not None:
                return self._finish(self.nmf_.transform(X))
            # Restored from state: non-negative projection approximates NMF's solve well enough to assign.
            Z = np.asarray(X @ self.components_.T)
            return self._finish(np.maximum(Z, 0))
        return self._finish(np.asarray(X @ self.components_.T))

    @staticmethod
    def _finish(Z):
        Z = np.asarray(Z, dtype=np.float32) if not hasattr(Z, "tocsr") else Z
        return normalize(Z)

    def counter(self) -> CountVectorizer:
        """Counts over the fitted vocabulary, for class-based TF-IDF labels."""
        return CountVectorizer(vocabulary=self.vectoriser_.vocabulary_, ngram_range=(1, self.ngram_max),
                               stop_words=self.stop_words, token_pattern=self.vectoriser_.token_pattern)

    # --- JSON state ---------------------------------------------------------------------------
    def to_state(self) -> dict:
        return {
            "params": self.get_params(),
            "terms": [str(t) for t in self.terms_],
            "idf": encode_array(self.vectoriser_.idf_.astype(np.float32)),
            "token_pattern": self.vectoriser_.token_pattern,
            "components": None if self.components_ is None else encode_array(self.components_),
        }

    @classmethod
    def from_state(cls, d: dict) -> "TextEmbedder":
        self = cls(**d["params"])
        vocab = {t: i for i, t in enumerate(d["terms"])}
        vec = self._vectoriser(10**6, vocabulary=vocab)
        vec.token_pattern = d["token_pattern"]
        vec.fit(["x"])  # validates the fixed vocabulary; idf is replaced just below
        vec.idf_ = decode_array(d["idf"]).astype(np.float64)
        self.vectoriser_ = vec
        self.terms_ = np.array(d["terms"], dtype=object)
        self.components_ = None if d["components"] is None else decode_array(d["components"])
        self.nmf_ = None
        return self

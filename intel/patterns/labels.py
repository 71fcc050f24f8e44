"""Cluster labels from class-based TF-IDF, term profiles for matching, and redacted excerpts."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp


def class_tfidf(counts: sp.csr_matrix, labels: np.ndarray, n_classes: int) -> np.ndarray:
    """c-TF-IDF (Grootendorst 2022): per-class term frequency x log(1 + mean class size / term frequency)."""
    onehot = sp.csr_matrix((np.ones(len(labels)), (labels, np.arange(len(labels)))), shape=(n_classes, len(labels)))
    tf = np.asarray((onehot @ counts).todense(), dtype=np.float64)
    sizes = tf.sum(axis=1, keepdims=True)
    tf_norm = tf / np.maximum(sizes, 1)
    avg = sizes.mean()
    idf = np.log1p(avg / np.maximum(tf.sum(axis=0), 1))
    return tf_norm * idf


def top_terms(scores: np.ndarray, terms, n: int) -> list[list[str]]:
    out = []
    for row in scores:
        idx = np.argsort(-row, kind="stable")[:n]
        out.append([str(terms[i]) for i in idx if row[i] > 0])
    return out


def term_profiles(tfidf: sp.csr_matrix, labels: np.ndarray, n_classes: int, terms, n_terms: int) -> list[dict]:
    """Each cluster's mean TF-IDF vector, top terms only: comparable across refits and vocabularies."""
    out = []
    for k in range(n_classes):
        rows = tfidf[labels == k]
        if rows.shape[0] == 0:
            out.append({})
            continue
        mean = np.asarray(rows.mean(axis=0)).ravel()
        idx = np.argsort(-mean, kind="stable")[:n_terms]
        out.append({str(terms[i]): round(float(mean[i]), 6) for i in idx if mean[i] > 0})
    return out


def blend_profiles(old: dict, new: dict, w_old: float, w_new: float, n_terms: int) -> dict:
    keys = set(old) | set(new)
    tot = max(w_old + w_new, 1e-12)
    merged = {k: (old.get(k, 0.0) * w_old + new.get(k, 0.0) * w_new) / tot for k in keys}
    top = sorted(merged.items(), key=lambda kv: (-kv[1], kv[0]))[:n_terms]
    return {k: round(v, 6) for k, v in top}


def excerpt(item, chars: int, hints: frozenset = frozenset()) -> str:
    """A redacted excerpt of a narrative.

    nlp.redact masks what the NLP found; the products layer's mask adds a last net for names the
    NLP missed here but found elsewhere (`hints`, the window's name words) and contact details.
    Both are imported when first needed; if neither is there, no text is shown at all.
    """
    ents = None if item.spans is None else list(item.spans)
    try:
        from products.redaction import mask

        text = mask(item.text, ents, hints=hints)
    except ImportError:
        try:
            from nlp.redact import redact
        except ImportError:
            return "[excerpt withheld: redaction unavailable]"
        text = redact(item.text, ents)
    text = " ".join(text.split())
    return text if len(text) <= chars else text[: chars - 1].rsplit(" ", 1)[0] + " …"

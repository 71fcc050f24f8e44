"""A theme model learned from gold data, which confirms or vetoes the rule layer's themes.

The rules find evidence (asserted indicators and theme terms, with negation and the other context
flags applied) and weigh it with the hand-set weights of `taxonomy.yaml`. Writers new to the rules
word things the weights did not foresee, so a theme is often just over or just under its threshold.
`ThemeModel` reads the whole narrative (TF-IDF of its words, one logistic regression per
theme) and decides those cases:

- a theme with rule evidence is asserted when the model gives it at least `add_threshold`, even if
  the rule weights fall short;
- a theme the rule weights assert is dropped when the model gives it less than `keep_threshold`,
  unless the rule evidence is strong (rule score at least `rules_sure_at`): a bag of words must not
  veto "running a line out of Chelmsford" because the rest of the note is boilerplate, and in
  safeguarding a missed flag costs more than a false one.

A theme never rests on the model alone: without asserted rule evidence there is nothing to show an
analyst, so the model cannot add it, and the evidence spans are always the rule layer's.

It follows scikit-learn: parameters in `__init__`, learning in `fit`, fitted state in `name_`. It is
saved as plain JSON (vocabulary, idf and weights; no pickle), and `transform` re-implements
`TfidfVectorizer(ngram_range=(1, ngram_max), sublinear_tf=True)` so inference needs no scikit-learn.
Words alone (`ngram_max=1`) scored as well as words and pairs on the held-out sets and cost half
the time, so they are the default.
"""

from __future__ import annotations

import json
import math
import random
import re
from collections import Counter
from pathlib import Path

FORMAT = "intel-theme-model/2"
_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default token pattern



class ThemeModel:
    """Per-theme logistic regression over TF-IDF word (and optionally word-pair) features.

    Parameters
    ----------
    C : inverse regularisation strength.
    add_threshold : probability at which a theme with rule evidence is asserted.
    keep_threshold : probability below which a theme the rules assert is dropped.
    max_features : vocabulary size (most frequent terms).
    min_examples : themes with fewer positive (or negative) narratives are left to the rules.
    rules_sure_at : a rule score at or above this asserts the theme whatever the model says.
    """

    def __init__(self, C: float = 10.0, add_threshold: float = 0.5, keep_threshold: float = 0.1,
                 max_features: int = 8000, min_examples: int = 5, ngram_max: int = 1,
                 rules_sure_at: float = 0.8):
        self.C = C
        self.add_threshold = add_threshold
        self.keep_threshold = keep_threshold
        self.max_features = max_features
        self.ngram_max = ngram_max
        self.rules_sure_at = rules_sure_at
        self.min_examples = min_examples

    def fit(self, texts: list[str], Y: list[set[str]], themes: list[str]) -> "ThemeModel":
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        import numpy as np

        if len(texts) != len(Y):
            raise ValueError(f"{len(texts)} texts but {len(Y)} label sets")
        if self.ngram_max not in (1, 2):
            raise ValueError(f"ngram_max={self.ngram_max}: expected 1 (words) or 2 (words and word pairs)")
        vec = TfidfVectorizer(ngram_range=(1, self.ngram_max), min_df=2, sublinear_tf=True, max_features=self.max_features,
                              dtype=np.float64)
        X = vec.fit_transform(texts)
        self.vocabulary_ = {t: int(i) for t, i in vec.vocabulary_.items()}
        self.idf_ = [float(v) for v in vec.idf_]
        self.coef_: dict[str, list[float]] = {}
        self.intercept_: dict[str, float] = {}
        self.fallback_: list[str] = []
        self.positives_: dict[str, int] = {}
        self.n_examples_ = len(texts)
        for tid in themes:
            y = [tid in ys for ys in Y]
            pos = sum(y)
            self.positives_[tid] = pos
            if pos < self.min_examples or len(y) - pos < self.min_examples:
                self.fallback_.append(tid)
                continue
            clf = LogisticRegression(C=self.C, class_weight="balanced", max_iter=5000).fit(X, y)
            self.coef_[tid] = [round(float(w), 5) for w in clf.coef_[0]]
            self.intercept_[tid] = round(float(clf.intercept_[0]), 5)
        self.themes_ = sorted(self.coef_)
        self._W = self._pairs = None
        return self

    def transform(self, text: str) -> dict[int, float]:
        """The narrative's TF-IDF vector (sparse: column -> value), as TfidfVectorizer computes it."""
        if getattr(self, "_pairs", None) is None:  # word pairs keyed by tuple: no strings to build
            self._pairs = {tuple(t.split(" ")): j for t, j in self.vocabulary_.items() if " " in t}
        toks = _TOKEN.findall(text.lower())
        vocab, pairs, idf = self.vocabulary_, self._pairs, self.idf_
        x: dict[int, float] = {}
        grams = [(Counter(toks), vocab)] + ([(Counter(zip(toks, toks[1:])), pairs)] if pairs else [])
        for counter, table in grams:
            for g, c in counter.items():
                j = table.get(g)
                if j is not None:
                    x[j] = (1.0 + math.log(c)) * idf[j] if c > 1 else idf[j]
        norm = math.sqrt(sum(v * v for v in x.values()))
        return {j: v / norm for j, v in x.items()} if norm else {}

    def predict_proba(self, text: str, themes=None) -> dict[str, float]:
        """Probability per learned theme (or per theme of `themes` that was learned)."""
        import numpy as np

        wanted = self.themes_ if themes is None else [t for t in themes if t in self.coef_]
        if not wanted:
            return {}
        x = self.transform(text)
        if getattr(self, "_W", None) is None:  # weights as one (terms x themes) array, built on first use
            self._col = {t: i for i, t in enumerate(self.themes_)}
            self._W = np.array([self.coef_[t] for t in self.themes_], dtype=np.float64).T.copy()
        if not x:
            z = [0.0] * len(self.themes_)
        else:
            idx = np.fromiter(x.keys(), dtype=np.int64, count=len(x))
            val = np.fromiter(x.values(), dtype=np.float64, count=len(x))
            z = (val @ self._W[idx]).tolist()  # every theme at once: cheaper than picking columns
        return {t: 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, self.intercept_[t] + z[self._col[t]]))))
                for t in wanted}

    def decide(self, rule_score: float, rule_threshold: float, p: float | None) -> bool:
        """Whether a theme with asserted rule evidence (rule_score > 0) is asserted; `p` is None for a
        theme the model did not learn (or was not asked about), which the rule weights decide."""
        if rule_score >= self.rules_sure_at:
            return True
        if p is None:
            return rule_score >= rule_threshold
        return p >= self.add_threshold or (rule_score >= rule_threshold and p >= self.keep_threshold)

    # -- plain JSON, no pickle --------------------------------------------------------------
    def to_dict(self, **provenance) -> dict:
        terms = [""] * len(self.vocabulary_)
        for t, i in self.vocabulary_.items():
            terms[i] = t
        return {"format": FORMAT,
                "params": {"C": self.C, "add_threshold": self.add_threshold, "keep_threshold": self.keep_threshold,
                           "max_features": self.max_features, "min_examples": self.min_examples,
                           "ngram_max": self.ngram_max, "rules_sure_at": self.rules_sure_at},
                "n_examples": self.n_examples_, "positives": self.positives_, "fallback": self.fallback_,
                "terms": terms, "idf": [round(v, 5) for v in self.idf_],
                "intercept": self.intercept_, "coef": self.coef_, **provenance}

    @classmethod
    def from_dict(cls, d: dict, where: str = "theme model") -> "ThemeModel":
        def need(ok: bool, key: str, what: str) -> None:
            if not ok:
                raise ValueError(f"{where}: key '{key}': {what}")

        need(isinstance(d, dict) and d.get("format") == FORMAT, "format",
             f"expected {FORMAT!r}; retrain with `intel themes train`")
        p = d.get("params") or {}
        for k in ("add_threshold", "keep_threshold"):
            need(isinstance(p.get(k), (int, float)) and 0 <= p[k] <= 1, f"params.{k}", "expected a number in [0, 1]")
        terms, idf = d.get("terms"), d.get("idf")
        need(isinstance(terms, list) and all(isinstance(t, str) for t in terms), "terms", "expected a list of strings")
        need(isinstance(idf, list) and len(idf) == len(terms), "idf", "expected one number per term")
        coef, icpt = d.get("coef"), d.get("intercept")
        need(isinstance(coef, dict) and isinstance(icpt, dict) and set(coef) == set(icpt), "coef",
             "expected a mapping theme -> weights, with an intercept per theme")
        for tid, ws in coef.items():
            need(isinstance(ws, list) and len(ws) == len(terms), f"coef.{tid}", "expected one weight per term")
            need(isinstance(icpt[tid], (int, float)), f"intercept.{tid}", "expected a number")
        m = cls(C=float(p.get("C", 10.0)), add_threshold=float(p["add_threshold"]),
                keep_threshold=float(p["keep_threshold"]), max_features=int(p.get("max_features", len(terms))),
                min_examples=int(p.get("min_examples", 5)), ngram_max=int(p.get("ngram_max", 2)),
                rules_sure_at=float(p.get("rules_sure_at", 1.01)))
        m.vocabulary_ = {t: i for i, t in enumerate(terms)}
        m.idf_ = [float(v) for v in idf]
        m.coef_ = {t: [float(v) for v in ws] for t, ws in coef.items()}
        m.intercept_ = {t: float(v) for t, v in icpt.items()}
        m.fallback_ = list(d.get("fallback", []))
        m.positives_ = dict(d.get("positives", {}))
        m.n_examples_ = int(d.get("n_examples", 0))
        m.themes_ = sorted(m.coef_)
        m._W = m._pairs = None
        return m

    def save(self, path: Path, **provenance) -> None:
        Path(path).write_text(json.dumps(self.to_dict(**provenance), sort_keys=True) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> "ThemeModel":
        path = Path(path)
        try:
            d = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise ValueError(f"{path}: cannot read the theme model ({exc}); retrain with `intel themes train`") from exc
        return cls.from_dict(d, str(path))


def micro_f1(pred: list[set[str]], gold: list[set[str]]) -> tuple[float, float, float]:
    tp = sum(len(p & g) for p, g in zip(pred, gold))
    fp = sum(len(p - g) for p, g in zip(pred, gold))
    fn = sum(len(g - p) for p, g in zip(pred, gold))
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0)


GRID_ADD = (0.5, 0.6, 0.7)
GRID_KEEP = (0.05, 0.1, 0.15)


def train(gold_paths: list[Path], config_dir: Path | None = None, C: float = 10.0, folds: int = 5,
          seed: int = 0, max_features: int = 8000, rules_sure_at: float = 0.8,
          ngram_max: int = 1) -> tuple[ThemeModel, dict]:
    """Fit a ThemeModel on gold files. The two thresholds are chosen by k-fold on the same files
    (each record judged by a model that did not see it), and that k-fold figure is reported beside
    the rule weights' own figure on the same records."""
    from nlp.evaluate import load_gold
    from nlp.pipeline import Extractor

    per_file = {str(p): load_gold(Path(p)) for p in gold_paths}
    records = [r for rs in per_file.values() for r in rs]
    if len(records) < 2 * folds:
        raise ValueError(f"{len(records)} gold records is too few to train and check a theme model; "
                         f"give at least {2 * folds}")
    ex = Extractor.from_config(config_dir, theme_model="none")
    texts = [r.text for r in records]
    Y = [set(r.themes) for r in records]
    thresholds = {t: d.threshold for t, d in ex.config.themes.items()}
    evidenced = ex.rule_evidence(texts)  # theme -> rule score; the weights assert it at its threshold
    rule_pred = [{t for t, sc in ev.items() if sc >= thresholds[t]} for ev in evidenced]
    themes = sorted(ex.config.themes)
    order = list(range(len(records)))
    random.Random(seed).shuffle(order)
    probs: list[dict[str, float]] = [{} for _ in records]
    for k in range(folds):
        test = set(order[k::folds])
        tr = [i for i in order if i not in test]
        m = ThemeModel(C=C, max_features=max_features, ngram_max=ngram_max).fit(
            [texts[i] for i in tr], [Y[i] for i in tr], themes)
        for i in test:
            probs[i] = m.predict_proba(texts[i])

    def decide(add: float, keep: float) -> list[set[str]]:
        mm = ThemeModel(add_threshold=add, keep_threshold=keep, rules_sure_at=rules_sure_at)
        return [{t for t, sc in ev.items() if mm.decide(sc, thresholds[t], pr.get(t))}
                for ev, pr in zip(evidenced, probs)]

    grid = {(a, kp): micro_f1(decide(a, kp), Y) for a in GRID_ADD for kp in GRID_KEEP}
    add, keep = max(grid, key=lambda k: (round(grid[k][2], 4), -k[0], k[1]))
    model = ThemeModel(C=C, add_threshold=add, keep_threshold=keep, max_features=max_features,
                       rules_sure_at=rules_sure_at, ngram_max=ngram_max).fit(texts, Y, themes)
    report = {
        "records": len(records),
        "files": {p: len(rs) for p, rs in per_file.items()},
        "folds": folds,
        "add_threshold": add, "keep_threshold": keep, "rules_sure_at": rules_sure_at,
        "rules": dict(zip(("precision", "recall", "f1"), micro_f1(rule_pred, Y))),
        "model_cv": dict(zip(("precision", "recall", "f1"), grid[(add, keep)])),
        "fallback": model.fallback_,
    }
    return model, report

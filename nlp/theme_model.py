"""A theme model learned from gold data: how much each kind of rule evidence says about a theme.

The hand-set weights in `taxonomy.yaml` say, for example, that `gifts_money` adds 0.4 towards CSE.
`ThemeModel` learns those weights instead, one logistic regression per theme, from labelled
narratives (`intel themes train`). Its inputs are only what the rule layer found and asserted, so
every theme it asserts still rests on evidence spans in the text, and negation and the other
context flags still decide what counts.

It follows scikit-learn: parameters in `__init__`, learning in `fit`, fitted state in `name_`.
It is saved as plain JSON (no pickle), so a lead can read and diff two versions.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

FORMAT = "intel-theme-model/1"


def theme_features(asserted: set[str], terms: dict[str, list[float]], flagged_terms: set[str],
                   flagged_ids: set[str], rule_scores: dict[str, float]) -> dict[str, float]:
    """The rule layer's evidence for one narrative, as named features.

    `ind=X`: indicator X asserted; `term=T`: strongest asserted theme term for T; `terms=T`: how
    many distinct asserted terms (up to 3); `rule=T`: the hand-weighted rule score; `flagged=X` and
    `flagged_term=T`: mentioned, but negated, hypothetical, historical, uncertain or about another.
    """
    x: dict[str, float] = {}
    for iid in asserted:
        x[f"ind={iid}"] = 1.0
    for tid, ws in terms.items():
        if ws:
            x[f"term={tid}"] = max(ws)
            x[f"terms={tid}"] = float(min(len(ws), 3))
    for tid, s in rule_scores.items():
        if s > 0:
            x[f"rule={tid}"] = s
    for iid in flagged_ids - asserted:
        x[f"flagged={iid}"] = 1.0
    for tid in flagged_terms - set(t for t, ws in terms.items() if ws):
        x[f"flagged_term={tid}"] = 1.0
    return x


class ThemeModel:
    """One logistic regression per theme over `theme_features`.

    Parameters
    ----------
    C : inverse regularisation strength (smaller keeps weights near zero; little data wants small C).
    threshold : probability at or above which a theme is asserted.
    min_examples : a theme with fewer positive (or negative) training narratives than this is left
        to the rule weights (`fallback_`).
    """

    def __init__(self, C: float = 1.0, threshold: float = 0.5, min_examples: int = 5):
        self.C = C
        self.threshold = threshold
        self.min_examples = min_examples

    def fit(self, X: list[dict[str, float]], Y: list[set[str]], themes: list[str]) -> "ThemeModel":
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression

        if len(X) != len(Y):
            raise ValueError(f"{len(X)} feature rows but {len(Y)} label sets")
        vec = DictVectorizer(sparse=False)  # a few hundred features; liblinear wants 32-bit sparse indices
        M = vec.fit_transform(X)
        names = list(vec.get_feature_names_out())
        self.coef_: dict[str, dict[str, float]] = {}
        self.intercept_: dict[str, float] = {}
        self.fallback_: list[str] = []
        self.n_examples_ = len(X)
        self.positives_: dict[str, int] = {}
        for tid in themes:
            y = [tid in ys for ys in Y]
            pos = sum(y)
            self.positives_[tid] = pos
            if pos < self.min_examples or len(y) - pos < self.min_examples:
                self.fallback_.append(tid)
                continue
            clf = LogisticRegression(C=self.C, solver="liblinear", random_state=0).fit(M, y)
            self.coef_[tid] = {names[j]: round(float(w), 5) for j, w in enumerate(clf.coef_[0]) if abs(w) > 1e-6}
            self.intercept_[tid] = round(float(clf.intercept_[0]), 5)
        self.themes_ = sorted(self.coef_)
        return self

    def predict_proba(self, x: dict[str, float]) -> dict[str, float]:
        out = {}
        for tid in self.themes_:
            w = self.coef_[tid]
            z = self.intercept_[tid] + sum(v * w.get(k, 0.0) for k, v in x.items())
            out[tid] = 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))
        return out

    def supports(self, tid: str, feature: str) -> bool:
        """Whether a present feature pushes towards the theme (so its span is evidence for it)."""
        return self.coef_.get(tid, {}).get(feature, 0.0) > 0

    # -- plain JSON, no pickle --------------------------------------------------------------
    def to_dict(self, **provenance) -> dict:
        return {"format": FORMAT, "params": {"C": self.C, "threshold": self.threshold,
                                             "min_examples": self.min_examples},
                "n_examples": self.n_examples_, "positives": self.positives_, "fallback": self.fallback_,
                "intercept": self.intercept_, "coef": self.coef_, **provenance}

    @classmethod
    def from_dict(cls, d: dict, where: str = "theme model") -> "ThemeModel":
        def need(ok: bool, key: str, what: str) -> None:
            if not ok:
                raise ValueError(f"{where}: key '{key}': {what}")

        need(isinstance(d, dict) and d.get("format") == FORMAT, "format", f"expected {FORMAT!r}; retrain with `intel themes train`")
        p = d.get("params") or {}
        need(isinstance(p.get("threshold"), (int, float)) and 0 < p["threshold"] < 1, "params.threshold", "expected a number in (0, 1)")
        m = cls(C=float(p.get("C", 1.0)), threshold=float(p["threshold"]), min_examples=int(p.get("min_examples", 5)))
        coef, icpt = d.get("coef"), d.get("intercept")
        need(isinstance(coef, dict) and isinstance(icpt, dict) and set(coef) == set(icpt), "coef",
             "expected a mapping theme -> {feature: weight} with an intercept per theme")
        for tid, ws in coef.items():
            need(isinstance(ws, dict) and all(isinstance(v, (int, float)) for v in ws.values()), f"coef.{tid}",
                 "expected feature -> number")
            need(isinstance(icpt[tid], (int, float)), f"intercept.{tid}", "expected a number")
        m.coef_ = {t: {k: float(v) for k, v in ws.items()} for t, ws in coef.items()}
        m.intercept_ = {t: float(v) for t, v in icpt.items()}
        m.fallback_ = list(d.get("fallback", []))
        m.positives_ = dict(d.get("positives", {}))
        m.n_examples_ = int(d.get("n_examples", 0))
        m.themes_ = sorted(m.coef_)
        return m

    def save(self, path: Path, **provenance) -> None:
        Path(path).write_text(json.dumps(self.to_dict(**provenance), indent=1, sort_keys=True) + "\n", encoding="utf-8")

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


def train(gold_paths: list[Path], config_dir: Path | None = None, C: float = 1.0, threshold: float = 0.5,
          folds: int = 5, seed: int = 0) -> tuple[ThemeModel, dict]:
    """Fit a ThemeModel on gold files, with a k-fold estimate beside the rule weights on the same records.

    Features come from the rule layer alone (no theme model), so training never feeds on itself.
    """
    from nlp.evaluate import load_gold
    from nlp.pipeline import Extractor

    per_file = {str(p): load_gold(Path(p)) for p in gold_paths}
    records = [r for rs in per_file.values() for r in rs]
    if len(records) < 2 * folds:
        raise ValueError(f"{len(records)} gold records is too few to train and check a theme model; "
                         f"give at least {2 * folds}")
    ex = Extractor.from_config(config_dir, theme_model="none")
    texts = [r.text for r in records]
    X = ex.theme_features(texts)
    Y = [set(r.themes) for r in records]
    rule_pred = [set(e.theme_ids) for e in ex.pipe((r.id, r.text, None) for r in records)]
    themes = sorted(ex.config.themes)
    # k-fold: every record is predicted by a model that did not see it
    order = list(range(len(records)))
    import random

    random.Random(seed).shuffle(order)
    cv_pred: list[set[str]] = [set() for _ in records]
    for k in range(folds):
        test = set(order[k::folds])
        tr = [i for i in order if i not in test]
        m = ThemeModel(C=C, threshold=threshold).fit([X[i] for i in tr], [Y[i] for i in tr], themes)
        for i in test:
            probs = m.predict_proba(X[i])
            chosen = {t for t, p in probs.items() if p >= threshold and _has_evidence(m, t, X[i])}
            # themes the fold left to the rules keep the rule decision
            chosen |= {t for t in rule_pred[i] if t in m.fallback_}
            cv_pred[i] = chosen
    model = ThemeModel(C=C, threshold=threshold).fit(X, Y, themes)
    report = {
        "records": len(records),
        "files": {p: len(rs) for p, rs in per_file.items()},
        "folds": folds,
        "rules": dict(zip(("precision", "recall", "f1"), micro_f1(rule_pred, Y))),
        "model_cv": dict(zip(("precision", "recall", "f1"), micro_f1(cv_pred, Y))),
        "fallback": model.fallback_,
    }
    return model, report


def _has_evidence(m: ThemeModel, tid: str, x: dict[str, float]) -> bool:
    return any(m.supports(tid, k) for k in x if k.startswith("ind=")) or \
        ((m.supports(tid, f"term={tid}") or m.supports(tid, f"rule={tid}")) and f"term={tid}" in x)

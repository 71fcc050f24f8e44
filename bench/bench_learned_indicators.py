"""Would a model learned from the gold files improve indicators on an author it has not seen?

Two learned layers over the rule extractor, each scored by leave-one-file-out cross-validation on
the training gold files (one file = one author, so every fold is an unseen author):

- **mention**: a multinomial logistic regression per indicator mention over its context (the
  indicator id, the rule flags, words to the left and right within the sentence, the sentence's
  first words, a year in the sentence, the previous sentence's first words). Classes: asserted,
  the five flags, or absent (the annotators did not label that indicator at all). A rule-asserted
  mention is vetoed below `veto` probability of asserted; a flagged one is cleared above `clear`.
- **add**: one logistic regression per indicator over TF-IDF of the whole narrative (words and
  pairs), adding the indicator at probability >= `t` when the rules found no mention of it at all
  (the "no phrase" misses).

Prints pooled asserted-indicator F1 / precision / recall and the wrongly-asserted rate for the
rules and each setting. The clean sets (heldout2/3) are not read. Run:
  .venv/bin/python bench/bench_learned_indicators.py
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from nlp.evaluate import load_gold  # noqa: E402
from nlp.extraction import CONTEXT_FLAGS  # noqa: E402

TRAIN = {"dev": "tests/data/dev_gold.jsonl", "heldout": "bench/data/heldout_gold.jsonl",
         **{f"tune_{k}": f"tests/data/tune_{k}_gold.jsonl" for k in "abcdefghi"}}
_TOK = re.compile(r"\w+|[^\w\s]")
_SENT_END = re.compile(r"[.!?;\n]")


def mention_features(text: str, m) -> dict:
    s0 = max([x.end() for x in _SENT_END.finditer(text, 0, m.start)] or [0])
    e = _SENT_END.search(text, m.end)
    s1 = e.start() if e else len(text)
    left = [t.lower() for t in _TOK.findall(text[s0:m.start])]
    right = [t.lower() for t in _TOK.findall(text[m.end:s1])]
    f = {"I=" + m.id: 1}
    flags = [x for x in CONTEXT_FLAGS if getattr(m, x)]
    for x in flags or ["none"]:
        f["F=" + x] = 1
    for prefix, words in (("L=", left[-8:]), ("L3=", left[-3:]), ("R=", right[:6]), ("S0=", left[:3]),
                          ("M=", _TOK.findall(m.text.lower()))):
        for w in words:
            f[prefix + w] = 1
    if re.search(r"\b(19|20)\d\d\b", text[s0:s1]):
        f["YEAR"] = 1
    p0 = max([x.end() for x in _SENT_END.finditer(text, 0, max(s0 - 1, 0))] or [0])
    for w in _TOK.findall(text[p0:s0].lower())[:4]:
        f["P=" + w] = 1
    return f


def mention_label(g, iid: str, m, n_mentions: int, na: dict) -> str | None:
    """What the annotator says of this mention, or None where one document label cannot tell."""
    flags = [x for x in CONTEXT_FLAGS if getattr(m, x)]
    if iid in g.indicators:
        return "asserted" if n_mentions == 1 or not flags else None
    if iid in na:
        if len(na[iid]) == 1:
            return next(iter(na[iid]))
        return flags[0] if flags and flags[0] in na[iid] else None
    return "absent"


def score(docs, asserted) -> tuple:
    tp = fp = fn = wrong = total = 0
    for name, g, _ in docs:
        pi = asserted.get((name, g.id), set())
        tp, fp, fn = tp + len(pi & g.indicators), fp + len(pi - g.indicators), fn + len(g.indicators - pi)
        for iid, _flag in g.not_asserted:
            total += 1
            wrong += iid in pi
    p, r = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    return (2 * p * r / max(p + r, 1e-9), p, r, wrong / max(total, 1))


def main() -> None:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    from nlp.pipeline import Extractor

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--C", type=float, default=1.0, help="regularisation of the mention model")
    a = ap.parse_args()
    ex = Extractor.from_config()
    docs = []
    for name, rel in TRAIN.items():
        if not (ROOT / rel).exists():
            continue
        gold = load_gold(ROOT / rel)
        docs += [(name, g, p) for g, p in zip(gold, ex.pipe((g.id, g.text, None) for g in gold))]
    names = sorted({d[0] for d in docs})
    base = {(n, g.id): set(p.asserted_indicators) for n, g, p in docs}

    # mention model
    rows = []
    for n, g, p in docs:
        na = defaultdict(set)
        for iid, flag in g.not_asserted:
            na[iid].add(flag)
        by_id = defaultdict(list)
        for m in p.indicators:
            by_id[m.id].append(m)
        for iid, ms in by_id.items():
            for m in ms:
                rows.append((n, g.id, m, mention_label(g, iid, m, len(ms), na), mention_features(g.text, m)))
    print(f"{len(docs)} narratives in {len(names)} files; mentions by label: "
          + ", ".join(f"{k}={v}" for k, v in Counter(r[3] for r in rows).most_common()))
    grid = [(v, c) for v in (0.2, 0.4, 0.5) for c in (1.01, 0.8)]
    mention_res = {k: defaultdict(set) for k in grid}
    for held in names:
        tr = [r for r in rows if r[0] != held and r[3]]
        te = [r for r in rows if r[0] == held]
        dv = DictVectorizer()
        clf = LogisticRegression(C=a.C, max_iter=3000).fit(dv.fit_transform([r[4] for r in tr]), [r[3] for r in tr])
        probs = clf.predict_proba(dv.transform([r[4] for r in te]))
        ia = list(clf.classes_).index("asserted")
        for veto, clear in grid:
            for (n, gid, m, _lab, _f), pr in zip(te, probs):
                keep = (pr[ia] >= veto) if m.asserted else (pr[ia] > clear)
                if keep:
                    mention_res[(veto, clear)][(n, gid)].add(m.id)

    # add model
    inds = sorted({i for _, g, _ in docs for i in g.indicators})
    ths = (0.5, 0.7, 0.9)
    add_res = {t: {k: set(v) for k, v in base.items()} for t in ths}
    for held in names:
        tr = [d for d in docs if d[0] != held]
        te = [d for d in docs if d[0] == held]
        vec = TfidfVectorizer(sublinear_tf=True, min_df=2, ngram_range=(1, 2), max_features=20000)
        X, Xt = vec.fit_transform([g.text for _, g, _ in tr]), vec.transform([g.text for _, g, _ in te])
        for i in inds:
            y = [i in g.indicators for _, g, _ in tr]
            if sum(y) < 8:
                continue
            pr = LogisticRegression(C=10.0, max_iter=1000).fit(X, y).predict_proba(Xt)[:, 1]
            for (n, g, p), q in zip(te, pr):
                if not any(m.id == i for m in p.indicators):
                    for t in ths:
                        if q >= t:
                            add_res[t][(n, g.id)].add(i)

    print(f"\n{'layer (leave one file out)':38}{'ind F1':>8}{'prec':>7}{'recall':>8}{'wrongly asserted':>18}")
    def line(label, res):
        f, p, r, w = score(docs, res)
        print(f"{label:38}{f:>8.3f}{p:>7.3f}{r:>8.3f}{w:>17.1%}")
    line("rules alone", base)
    for (veto, clear) in grid:
        line(f"mention model veto<{veto} clear>{clear if clear <= 1 else '-'}", mention_res[(veto, clear)])
    for t in ths:
        line(f"add model p>={t}", add_res[t])


if __name__ == "__main__":
    main()

"""How far two careful human annotators agree on the same narratives: the ceiling for any extractor.

A second annotator, working from the taxonomy and label conventions only and blind to the first
annotator's labels and to the extractor, labelled the texts of a gold set again. Scoring the second
against the first with the same code as `intel themes evaluate` gives the agreement the issue's
targets can be read against (theme and indicator micro-F1, and how often one annotator asserts what
the other marked negated, hypothetical, historical, uncertain or about someone else). The extractor
is scored against both annotators beside it.

Run: .venv/bin/python bench/bench_annotator_agreement.py [FIRST.jsonl SECOND.jsonl ...]
(default: the pairs in DEFAULT_PAIRS; the second annotators' files are in bench/data/second_annotator/)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from nlp.evaluate import GoldRecord, evaluate, load_gold  # noqa: E402
from nlp.extraction import Entity, Extraction, IndicatorMention, ThemeHit  # noqa: E402
from nlp.pipeline import Extractor  # noqa: E402


DEFAULT_PAIRS = [("bench/data/heldout3_gold.jsonl", "bench/data/second_annotator/heldout3.jsonl"),
                 ("tests/data/tune_e_gold.jsonl", "bench/data/second_annotator/tune_e.jsonl")]


def as_prediction(g: GoldRecord) -> Extraction:
    """One annotator's labels in the shape of an extraction, so the other can score it."""
    mentions = [IndicatorMention(i, 0, 0, i) for i in sorted(g.indicators)]
    mentions += [IndicatorMention(i, 0, 0, i, **{flag: True}) for i, flag in g.not_asserted]
    return Extraction(id=g.id, themes=[ThemeHit(t, 1.0) for t in sorted(g.themes)], indicators=mentions,
                      entities=[Entity(lab, text, 0, 0, text) for lab, text in g.entities])


def figures(ev) -> dict:
    ents = ev.entities["per_label"]
    return {"theme": ev.themes["micro"]["f1"], "indicator": ev.indicators["micro"]["f1"],
            "wrong": ev.wrongly_asserted["all"]["rate"],
            **{lab: ents[lab]["f1"] if lab in ents else None for lab in ("VRM", "PHONE", "AGE")}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", help="pairs: first annotator's gold, second annotator's gold")
    args = ap.parse_args()
    if not args.files:
        args.files = [str(ROOT / f) for pair in DEFAULT_PAIRS for f in pair if (ROOT / pair[1]).exists()]
    if len(args.files) % 2:
        ap.error("give the files in pairs: FIRST SECOND [FIRST SECOND ...]")
    ex = Extractor.from_config()
    print(f"extractor {ex.version}")
    print(f"{'set':12} {'who is scored':28} {'n':>4} {'theme F1':>8} {'ind F1':>7} {'wrongly asserted':>17} "
          f"{'VRM':>5} {'PHONE':>5} {'AGE':>5}")

    def f(v):
        return f"{v:.2f}" if v is not None else "  -"

    for a_path, b_path in zip(args.files[::2], args.files[1::2]):
        a, b = load_gold(Path(a_path)), load_gold(Path(b_path))
        by_id = {g.id: g for g in b}
        missing = [g.id for g in a if g.id not in by_id]
        if missing:
            sys.exit(f"{b_path}: {len(missing)} ids of {a_path} are missing, e.g. {missing[:3]}")
        b = [by_id[g.id] for g in a]
        preds = list(ex.pipe((g.id, g.text, None) for g in a))
        name = Path(a_path).name.replace("_gold.jsonl", "")
        rows = [("second annotator vs first", evaluate(a, [as_prediction(g) for g in b], top=0)),
                ("first annotator vs second", evaluate(b, [as_prediction(g) for g in a], top=0)),
                ("extractor vs first", evaluate(a, preds, top=0)),
                ("extractor vs second", evaluate(b, preds, top=0))]
        for who, ev in rows:
            r = figures(ev)
            print(f"{name:12} {who:28} {ev.n:>4} {r['theme']:>8.3f} {r['indicator']:>7.3f} "
                  f"{100 * r['wrong']:>16.1f}% {f(r['VRM']):>5} {f(r['PHONE']):>5} {f(r['AGE']):>5}")
    print("F1 between annotators is symmetric; the wrongly-asserted rate is not (it is over the scored "
          "side's reference non-asserted mentions).")


if __name__ == "__main__":
    main()

"""Scoring the extractor against hand-labelled gold lines (`intel themes evaluate`).

Gold line: {"id", "text", "themes": [ids], "indicators": [asserted ids],
"not_asserted": [{"id", "flag"}], "entities": [{"label", "text"}]}.
Entities match per record on label and normal form (VRM without spaces, phone in E.164, age as a
number), so "LR15KTW" and "LR15 KTW" are the same registration and a name said twice is one entity.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from nlp.entities import _norm_phone
from nlp.extraction import CONTEXT_FLAGS, Extraction


class GoldError(ValueError):
    """A gold file line is malformed (message names file, line and field)."""


@dataclass
class GoldRecord:
    id: str
    text: str
    themes: set[str]
    indicators: set[str]
    not_asserted: list[tuple[str, str]]
    entities: list[tuple[str, str]]
    line: int = 0


def load_gold(path: Path) -> list[GoldRecord]:
    path = Path(path)
    if not path.exists():
        raise GoldError(f"{path}: file not found")
    out = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                d = json.loads(line)
            except json.JSONDecodeError as exc:
                raise GoldError(f"{path} line {n}: not valid JSON ({exc.msg})") from exc
            if not isinstance(d, dict):
                raise GoldError(f"{path} line {n}: expected a JSON object")
            for key, typ in (("id", str), ("text", str), ("themes", list), ("indicators", list)):
                if not isinstance(d.get(key), typ):
                    raise GoldError(f"{path} line {n}: field '{key}' missing or not a {typ.__name__}")
            na = d.get("not_asserted", []) or []
            ents = d.get("entities", []) or []
            try:
                nas = [(str(x["id"]), str(x["flag"])) for x in na]
                es = [(str(x["label"]), str(x["text"])) for x in ents]
            except (KeyError, TypeError) as exc:
                raise GoldError(f"{path} line {n}: field 'not_asserted' or 'entities' malformed ({exc})") from exc
            for _, flag in nas:
                if flag not in CONTEXT_FLAGS:
                    raise GoldError(f"{path} line {n}: field 'not_asserted.flag': '{flag}' is not one of {', '.join(CONTEXT_FLAGS)}")
            out.append(GoldRecord(d["id"], d["text"], set(d["themes"]), set(d["indicators"]), nas, es, n))
    return out


def entity_key(label: str, text: str, norm: str | None = None) -> str:
    if label == "VRM":
        return re.sub(r"\s", "", text).upper()
    if label == "PHONE":
        return _norm_phone(text) or re.sub(r"\D", "", text)
    if label == "POSTCODE":
        return re.sub(r"\s", "", text).upper()
    if label == "AGE":
        if norm is not None and norm.isdigit():
            return norm
        m = re.search(r"\d+", text)
        return m.group() if m else text.lower()
    return " ".join(text.lower().split())


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: Iterable, pred: Iterable) -> None:
        g, p = Counter(gold), Counter(pred)
        self.tp += sum((g & p).values())
        self.fp += sum((p - g).values())
        self.fn += sum((g - p).values())

    def prf(self) -> dict:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3),
                "tp": self.tp, "fp": self.fp, "fn": self.fn, "support": self.tp + self.fn}


def _summary(per: dict[str, Counts]) -> dict:
    micro = Counts()
    for c in per.values():
        micro.tp, micro.fp, micro.fn = micro.tp + c.tp, micro.fp + c.fp, micro.fn + c.fn
    rows = {k: per[k].prf() for k in sorted(per)}
    scored = [r for r in rows.values() if r["support"] or r["fp"]]
    macro = round(sum(r["f1"] for r in scored) / len(scored), 3) if scored else 0.0
    return {"micro": micro.prf(), "macro_f1": macro, "per_label": rows}


@dataclass
class Evaluation:
    n: int
    themes: dict
    indicators: dict
    entities: dict
    wrongly_asserted: dict
    worst: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"records": self.n, "themes": self.themes, "indicators": self.indicators,
                "entities": self.entities, "wrongly_asserted": self.wrongly_asserted, "worst_errors": self.worst}


def evaluate(gold: list[GoldRecord], preds: list[Extraction], top: int = 15) -> Evaluation:
    th: dict[str, Counts] = defaultdict(Counts)
    ind: dict[str, Counts] = defaultdict(Counts)
    ent: dict[str, Counts] = defaultdict(Counts)
    wrong = {f: [0, 0] for f in CONTEXT_FLAGS}
    errors = []
    for g, p in zip(gold, preds):
        pt, pi = set(p.theme_ids), set(p.asserted_indicators)
        for t in g.themes | pt:
            th[t].add([t] if t in g.themes else [], [t] if t in pt else [])
        for i in g.indicators | pi:
            ind[i].add([i] if i in g.indicators else [], [i] if i in pi else [])
        labels = {lab for lab, _ in g.entities} | {e.label for e in p.entities}
        for lab in labels:
            # per record, an entity is found or not: repeats of one name are one entity
            ent[lab].add(sorted({entity_key(lab, t) for la, t in g.entities if la == lab}),
                         sorted({entity_key(lab, e.text, e.norm) for e in p.entities if e.label == lab}))
        why = []
        for iid, flag in g.not_asserted:
            wrong[flag][1] += 1
            if iid in pi:
                wrong[flag][0] += 1
                ms = [m for m in p.indicators if m.id == iid and m.asserted]
                why.append(f"{iid} should be {flag} but asserted by '{ms[0].text}'" if ms else f"{iid} should be {flag}")
        for i in sorted(pi - g.indicators):
            if not any(i == x for x, _ in g.not_asserted):
                ms = [m for m in p.indicators if m.id == i and m.asserted]
                why.append(f"extra {i} from '{ms[0].text}'" if ms else f"extra {i}")
        for i in sorted(g.indicators - pi):
            ms = [m for m in p.indicators if m.id == i]
            why.append(f"missed {i}" + (f" (found '{ms[0].text}' flagged {','.join(ms[0].flags)})" if ms else " (no phrase matched)"))
        for t in sorted(g.themes ^ pt):
            why.append(("missed theme " if t in g.themes else "extra theme ") + t)
        if why:
            errors.append({"id": g.id, "errors": len(why), "text": g.text,
                           "expected": {"themes": sorted(g.themes), "indicators": sorted(g.indicators),
                                        "not_asserted": [f"{i}:{f}" for i, f in g.not_asserted]},
                           "found": {"themes": sorted(pt), "indicators": sorted(pi)}, "why": why})
    errors.sort(key=lambda e: (-e["errors"], e["id"]))
    total_w = sum(w for w, _ in wrong.values())
    total_n = sum(n for _, n in wrong.values())
    wa = {f: {"wrong": w, "total": n, "rate": round(w / n, 3) if n else 0.0} for f, (w, n) in wrong.items()}
    wa["all"] = {"wrong": total_w, "total": total_n, "rate": round(total_w / total_n, 3) if total_n else 0.0}
    return Evaluation(len(gold), _summary(th), _summary(ind), _summary(ent), wa, errors[:top])


def evaluate_file(path: Path, extractor, top: int = 15) -> Evaluation:
    gold = load_gold(path)
    preds = list(extractor.pipe(((g.id, g.text, None) for g in gold)))
    return evaluate(gold, preds, top=top)

"""One PhraseMatcher pass finds every lexicon phrase: indicators, theme terms, context triggers,
terminators and gazetteers. Phrase matching is far cheaper than token patterns, so all lexicons
share this single pass and later components only look at its hits.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from nlp.settings import NlpConfig, expand, load_config

Doc.set_extension("intel_hits", default=None, force=True)


@dataclass(slots=True)
class Hit:
    kind: str  # "I" indicator, "T" theme term, "C" trigger, "P" pseudo trigger, "X" terminator, "E" entity
    key: str  # indicator/theme id, flag, entity label
    start: int  # character offsets into the text
    end: int
    ts: int  # token offsets
    te: int
    meta: object = None  # trigger direction / theme weight / entity norm
    flags: dict = field(default_factory=dict)


def _patterns(cfg: NlpConfig) -> dict[str, tuple[str, str, object, list[str]]]:
    """match key -> (kind, key, meta, phrases)."""
    out: dict[str, tuple[str, str, object, list[str]]] = {}
    for ind in cfg.indicators.values():
        out[f"I|{ind.id}"] = ("I", ind.id, None, ind.phrases)
    for th in cfg.themes.values():
        by_w: dict[float, list[str]] = {}
        for p, w in th.phrases.items():
            by_w.setdefault(w, []).append(p)
        for w, ps in by_w.items():
            out[f"T|{th.id}|{w}"] = ("T", th.id, w, ps)
    ctx = cfg.nlp["context"]
    for flag, dirs in ctx.get("triggers", {}).items():
        for direction, ps in dirs.items():
            out[f"C|{flag}|{direction}"] = ("C", flag, direction, ps)
    for group, ps in (ctx.get("other_subject_groups") or {}).items():
        out[f"C|other_subject|forward|{group}"] = ("C", "other_subject", ("forward", group), ps)
    out["P|pseudo"] = ("P", "pseudo", None, ctx.get("pseudo", []))
    out["X|all"] = ("X", "all", None, ctx.get("terminators", []))
    for flag, ps in (ctx.get("flag_terminators") or {}).items():
        out[f"X|{flag}"] = ("X", flag, None, ps)
    return out


@Language.factory("intel_matcher", default_config={"config_dir": ""})
def make_matcher(nlp: Language, name: str, config_dir: str):
    return IntelMatcher(nlp, load_config(config_dir or None))


class IntelMatcher:
    def __init__(self, nlp: Language, cfg: NlpConfig):
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.meta: dict[int, tuple[str, str, object]] = {}
        for mkey, (kind, key, meta, phrases) in _patterns(cfg).items():
            variants = sorted({v for p in phrases for v in expand(p)})
            if not variants:
                continue
            self.matcher.add(mkey, list(nlp.tokenizer.pipe(variants)))
            self.meta[nlp.vocab.strings[mkey]] = (kind, key, meta)
        # Gazetteers: phrase -> canonical norm; one match key per label.
        self.gaz_norm: dict[str, dict[str, str]] = {}
        for label, entries in (cfg.nlp.get("gazetteers") or {}).items():
            norms: dict[str, str] = {}
            for canon, variants in _gaz_entries(entries):
                for v in variants:
                    for e in expand(v):
                        norms[e.lower()] = canon
            if norms:
                mkey = f"E|{label}"
                self.matcher.add(mkey, list(nlp.tokenizer.pipe(sorted(norms))))
                self.meta[nlp.vocab.strings[mkey]] = ("E", label, None)
                self.gaz_norm[label] = norms

    def __call__(self, doc: Doc) -> Doc:
        hits = []
        meta = self.meta
        text = doc.user_data.get("intel_text") or doc.text
        for mid, s, e in self.matcher(doc):
            kind, key, m = meta[mid]
            cs = doc[s].idx
            last = doc[e - 1]
            ce = last.idx + len(last)
            if kind == "E":
                m = self.gaz_norm[key].get(text[cs:ce].lower())
            hits.append(Hit(kind, key, cs, ce, s, e, m))
        doc._.intel_hits = hits
        return doc


def _gaz_entries(entries) -> list[tuple[str, list[str]]]:
    """A gazetteer is a list of names, or of {norm: [variants]} mappings."""
    out = []
    for e in entries:
        if isinstance(e, str):
            out.append((e.lower(), [e]))
        elif isinstance(e, dict):
            for canon, vs in e.items():
                out.append((str(canon).lower(), [str(canon)] + [str(v) for v in (vs or [])]))
    return out

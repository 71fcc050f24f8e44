"""One PhraseMatcher pass finds every lexicon phrase: indicators, theme terms, context triggers,
terminators and gazetteers. Phrase matching is far cheaper than token patterns, so all lexicons
share this single pass and later components only look at its hits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from nlp.settings import NlpConfig, expand, load_config



@dataclass(slots=True)
class Hit:
    kind: str  # "I" indicator, "T" theme term, "C" trigger, "P" pseudo trigger, "N" innocent context, "X" terminator, "E" entity
    key: str  # indicator/theme id, flag, entity label
    start: int  # character offsets into the text
    end: int
    ts: int  # token offsets
    te: int
    meta: object = None  # trigger direction / theme weight / entity norm
    flags: dict = field(default_factory=dict)
    parts: tuple = ()  # for a co-occurrence mention: the (start, end, ts, te) of each part


def _patterns(cfg: NlpConfig) -> dict[str, tuple[str, str, object, list[str]]]:
    """match key -> (kind, key, meta, phrases)."""
    out: dict[str, tuple[str, str, object, list[str]]] = {}
    for ind in cfg.indicators.values():
        out[f"I|{ind.id}"] = ("I", ind.id, None, ind.phrases)
        for j, c in enumerate(ind.combine):
            out[f"A|{ind.id}|{j}"] = ("A", ind.id, (j, int(c.get("window", 10))), c["a"])
            out[f"B|{ind.id}|{j}"] = ("B", ind.id, (j, int(c.get("window", 10))), c["b"])
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
    for flag, ps in (ctx.get("pseudo_for") or {}).items():
        out[f"P|{flag}"] = ("P", flag, None, ps)
    # words that put an indicator phrase in its everyday sense ("bruise ... from football")
    for iid, ps in (ctx.get("innocent_context") or {}).items():
        if iid != "window":
            out[f"N|{iid}"] = ("N", iid, None, ps["context"])
    return out


@Language.factory("intel_matcher", default_config={"config_dir": ""})
def make_matcher(nlp: Language, name: str, config_dir: str):
    return IntelMatcher(nlp, load_config(config_dir or None))


class IntelMatcher:
    def __init__(self, nlp: Language, cfg: NlpConfig):
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        # Acronyms that are also words (SEND, DA, OT) and names marked "=Reading" must match
        # case-sensitively: they go in the same (one-pass) matcher under a key of their own, and a
        # hit counts only when the text is exactly one of them.
        self.meta: dict[int, tuple[str, str, object]] = {}
        self.exact: dict[int, frozenset[str]] = {}
        for mkey, (kind, key, meta, phrases) in _patterns(cfg).items():
            variants = {v for p in phrases for v in expand(p)}
            exact = sorted(v.lstrip("=") for v in variants if _is_exact(v))
            loose = sorted(v for v in variants if not _is_exact(v))
            if loose:
                self.matcher.add(mkey, list(nlp.tokenizer.pipe(loose)))
                self.meta[nlp.vocab.strings[mkey]] = (kind, key, meta)
            if exact:
                self.matcher.add(mkey + "|exact", list(nlp.tokenizer.pipe(exact)))
                self.meta[nlp.vocab.strings[mkey + "|exact"]] = (kind, key, meta)
                self.exact[nlp.vocab.strings[mkey + "|exact"]] = frozenset(exact)
        self.regexes = [(ind.id, re.compile("|".join(f"(?:{r})" for r in ind.regex)))
                        for ind in cfg.indicators.values() if ind.regex]
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
        exact = self.exact
        # Context triggers only matter when there is a mention to qualify, so their hits are
        # built only then (most sentences have triggers, fewer have mentions).
        pending = []
        for mid, s, e in self.matcher(doc):
            kind, key, m = meta[mid]
            if kind == "C" or kind == "P" or kind == "N":
                pending.append((mid, s, e))
                continue
            cs = doc[s].idx
            last = doc[e - 1]
            ce = last.idx + len(last)
            if mid in exact and " ".join(text[cs:ce].split()) not in exact[mid]:
                continue
            if kind == "E":
                m = self.gaz_norm[key].get(text[cs:ce].lower())
            hits.append(Hit(kind, key, cs, ce, s, e, m))
        for iid, rx in self.regexes:
            for m in rx.finditer(text):
                span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
                if span is not None and len(span):
                    hits.append(Hit("I", iid, m.start(), m.end(), span.start, span.end))
        if any(h.kind == "A" for h in hits):
            hits.extend(_combine(hits, text))
        if pending and any(h.kind in ("I", "T") for h in hits):
            for mid, s, e in pending:
                kind, key, m = meta[mid]
                cs = doc[s].idx
                last = doc[e - 1]
                ce = last.idx + len(last)
                if mid in exact and " ".join(text[cs:ce].split()) not in exact[mid]:
                    continue
                hits.append(Hit(kind, key, cs, ce, s, e, m))
        doc.user_data["intel_hits"] = hits
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


_ACRONYM = re.compile(r"[A-Z][A-Z0-9&]{1,5}")
_BREAK = re.compile(r"[.!?;\n]")


def _is_exact(v: str) -> bool:
    return v.startswith("=") or bool(_ACRONYM.fullmatch(v))


def _combine(hits: list[Hit], text: str) -> list[Hit]:
    """Co-occurrence mentions: an `a` phrase and a `b` phrase of one rule, close and in one sentence."""
    a_hits = [h for h in hits if h.kind == "A"]
    b_hits = [h for h in hits if h.kind == "B"]
    out = []
    seen = set()
    for a in a_hits:
        rule, window = a.meta
        for b in b_hits:
            if b.key != a.key or b.meta[0] != rule:
                continue
            if a.start < b.end and b.start < a.end:
                continue
            first, second = (a, b) if a.start < b.start else (b, a)
            if second.ts - first.te > window or _BREAK.search(text, first.end, second.start):
                continue
            k = (a.key, first.start, second.end)
            if k in seen:
                continue
            seen.add(k)
            out.append(Hit("I", a.key, first.start, second.end, first.ts, second.te, None,
                           parts=((first.start, first.end, first.ts, first.te),
                                  (second.start, second.end, second.ts, second.te))))
    return out

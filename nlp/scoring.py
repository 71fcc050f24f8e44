"""Themes from indicator evidence and theme terms, and a SERAF-style risk score, weights in config.

Only asserted mentions (no context flag) count as evidence. A theme's score is 1 - exp(-sum of
weights) over distinct indicators and distinct theme terms, so several weak signs add up and one
strong term ("CSE", "county lines") can carry a theme alone.
"""

from __future__ import annotations

import math

from spacy.language import Language
from spacy.tokens import Doc

from nlp.extraction import Entity, Evidence, Extraction, IndicatorMention, Risk, ThemeHit
from nlp.matching import Hit
from nlp.settings import FLAGS, NlpConfig, load_config



@Language.factory("intel_scorer", default_config={"config_dir": "", "theme_model": ""})
def make_scorer(nlp: Language, name: str, config_dir: str, theme_model: str):
    return Scorer(load_config(config_dir or None, theme_model or None))


class Scorer:
    def __init__(self, cfg: NlpConfig):
        self.cfg = cfg
        self.model = cfg.theme_model
        self.internal = {i for i, d in cfg.indicators.items() if d.internal}
        self.tier = {i: d.tier for i, d in cfg.indicators.items()}
        ctx = cfg.nlp["context"]
        # e.g. a parent's drinking: the substance mention is about someone else, but it is
        # itself evidence of family_mh_substance.
        self.derive = ctx.get("derive_from_other_subject", {}) or {}
        self.code_labels = set((cfg.nlp.get("entities") or {}).get("not_evidence_inside", ["NICKNAME"]))
        self.historical_ok = set(ctx.get("historical_counts_for_themes", []) or [])
        risk = cfg.nlp["risk"]
        self.points = {t: float(w) for t, w in risk["tiers"].items()}
        self.bands = risk.get("bands", {"medium": 30, "high": 60})
        self.child_age = int(risk.get("young_child_age", 13))
        self.young_floor = float(risk.get("young_child_floor", self.bands["medium"]))
        self.theme_points = {k: float(v) for k, v in (risk.get("themes", {}) or {}).items()}
        # indicator -> [(theme, weight)], so scoring only visits the indicators found
        self.by_indicator: dict[str, list[tuple[str, float]]] = {}
        for tid, th in cfg.themes.items():
            for iid, w in th.indicators.items():
                self.by_indicator.setdefault(iid, []).append((tid, w))

    def __call__(self, doc: Doc) -> Doc:
        hits: list[Hit] = doc.user_data.get("intel_hits") or []
        codes = [(e.start, e.end) for e in doc.user_data.get("intel_entities") or [] if e.label in self.code_labels]
        if codes:
            hits = [h for h in hits if h.kind not in ("I", "T") or not any(a <= h.start and h.end <= b for a, b in codes)]
        mentions = self._mentions(hits, doc.user_data.get("intel_text") or doc.text)
        themes = self._themes(hits, mentions, doc.user_data.get("intel_text") or doc.text, doc)
        ents: list[Entity] = doc.user_data.get("intel_entities") or []
        reported = [m for m in mentions if m.id not in self.internal]
        doc.user_data["intel_extraction"] = Extraction(
            id="", themes=themes, indicators=reported, entities=ents,
            risk=self._risk(reported, themes, ents))
        return doc

    def _mentions(self, hits: list[Hit], text: str) -> list[IndicatorMention]:
        ind = [h for h in hits if h.kind == "I"]
        # Keep the longest of overlapping mentions of one indicator ("went missing" inside
        # "went missing overnight"), so one phrase is one mention.
        ind.sort(key=lambda h: (h.key, h.start, -(h.end - h.start)))
        last: dict[str, int] = {}
        kept: list[Hit] = []
        for h in ind:
            if "pseudo" in h.flags or h.start < last.get(h.key, -1):
                continue
            last[h.key] = h.end
            kept.append(h)
        out: list[IndicatorMention] = []
        seen = set()
        for h in kept:
            flags = {f: (f in h.flags) for f in FLAGS}
            out.append(IndicatorMention(h.key, h.start, h.end, text[h.start:h.end], **flags))
            seen.add((h.key, h.start, h.end))
            t = h.flags.get("other_subject")
            if t is not None and isinstance(t.meta, tuple):
                target = (self.derive.get(t.meta[1]) or {}).get(h.key)
                if target and (target, h.start, h.end) not in seen:
                    rest = {f: (f in h.flags and f != "other_subject") for f in FLAGS}
                    out.append(IndicatorMention(target, h.start, h.end, text[h.start:h.end], **rest))
                    seen.add((target, h.start, h.end))
        out.sort(key=lambda m: (m.start, m.end, m.id))
        return out

    def _themes(self, hits: list[Hit], mentions: list[IndicatorMention], text: str, doc: Doc) -> list[ThemeHit]:
        by_ind: dict[str, list[IndicatorMention]] = {}
        for m in mentions:
            if m.asserted:
                by_ind.setdefault(m.id, []).append(m)
        terms: dict[str, list[Hit]] = {}
        for h in hits:
            if h.kind != "T":
                continue
            flags = h.flags
            if flags and not (h.key in self.historical_ok and set(flags) == {"historical"}):
                continue  # includes "pseudo"
            terms.setdefault(h.key, []).append(h)
        strong = [h for hs in terms.values() for h in hs if float(h.meta) >= 2.0]
        if strong:
            terms = {tid: kept for tid, hs in terms.items() if (kept := [h for h in hs if not _inside_stronger(h, strong)])}
        totals: dict[str, float] = {}
        for iid in by_ind:
            for tid, w in self.by_indicator.get(iid, ()):
                totals[tid] = totals.get(tid, 0.0) + w
        for tid, hs in terms.items():
            # distinct terms by their text, so "CSE ... CSE" counts once; further distinct
            # terms add half, as they mostly restate the first
            distinct: dict[str, float] = {}
            for h in hs:
                k = text[h.start:h.end].lower()
                distinct[k] = max(distinct.get(k, 0.0), float(h.meta))
            ws = sorted(distinct.values(), reverse=True)
            totals[tid] = totals.get(tid, 0.0) + ws[0] + 0.5 * sum(ws[1:3])
        rule = {tid: 1.0 - math.exp(-t) for tid, t in totals.items() if t > 0}
        doc.user_data["intel_rule_evidence"] = rule
        # The learned model (if any) settles themes with evidence; it never adds one without. Themes
        # the rules are sure of need no model (it may not veto them), which saves its time.
        probs: dict[str, float] = {}
        if self.model is not None:
            unsure = [t for t, sc in rule.items() if sc < self.model.rules_sure_at]
            probs = self.model.predict_proba(text, unsure) if unsure else {}
        out = []
        for tid, rscore in rule.items():
            th = self.cfg.themes[tid]
            score = probs.get(tid, rscore)
            if self.model is not None:
                present = self.model.decide(rscore, th.threshold, probs.get(tid))
            else:
                present = rscore >= th.threshold
            if not present:
                continue
            ev = [(m.start, m.end) for i, ms in by_ind.items() if th.indicators.get(i, 0) > 0 for m in ms]
            ev += [(h.start, h.end) for h in terms.get(tid, ())]
            evidence = [Evidence(s, e, text[s:e]) for s, e in sorted(set(ev))]
            out.append(ThemeHit(tid, round(score, 3), evidence))
        out.sort(key=lambda t: (-t.score, t.id))
        return out

    def _risk(self, mentions: list[IndicatorMention], themes: list[ThemeHit], ents: list[Entity]) -> Risk:
        asserted = sorted({m.id for m in mentions if m.asserted})
        items = []
        for iid in asserted:
            tier = self.tier.get(iid, "moderate")
            items.append((self.points[tier], iid, tier))
        items.sort(key=lambda x: (-x[0], x[1]))
        score = sum(p for p, _, _ in items)
        reasons = [f"{iid} ({tier}, current)" if tier != "vulnerability" else f"{iid} (vulnerability)"
                   for _, iid, tier in items]
        for t in themes:
            p = self.theme_points.get(t.id, 0.0)
            if p:
                score += p
                reasons.append(f"theme {t.id} (+{p:g})")
        ages = [int(e.norm) for e in ents if e.label == "AGE" and e.norm.isdigit()]
        young = [a for a in ages if a < self.child_age]
        if young:
            if score < self.young_floor:
                score = self.young_floor
            reasons.append(f"child under {self.child_age} (aged {min(young)}): never low")
        score = int(round(min(100.0, score)))
        band = "high" if score >= self.bands["high"] else "medium" if score >= self.bands["medium"] else "low"
        return Risk(score, band, reasons)


def _inside_stronger(h: Hit, strong: list[Hit]) -> bool:
    """A weak theme word inside another theme's strong phrase belongs to that phrase: "exploited"
    in "exploited for sex" is no evidence of criminal exploitation."""
    return float(h.meta) < 1.0 and any(
        s.key != h.key and s.start <= h.start and h.end <= s.end and s.end - s.start > h.end - h.start for s in strong)

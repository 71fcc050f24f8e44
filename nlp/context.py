"""ConText-style flags on every indicator and theme-term mention.

A trigger phrase ("no concerns re", "if", "previously", "possibly", "her brother") opens a scope
forward or backward within its sentence, up to a terminator ("but", "however") or a window of
tokens; any mention inside the scope gets the trigger's flag. Triggers, scopes and terminators
are data in config/nlp.yaml.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from nlp.matching import Hit
from nlp.settings import FLAGS, expand, load_config

_SENT = re.compile(r"[.!?]+[\"'’”)\]]*\s+(?=[^a-z])|\n\s*")
_YEAR = re.compile(r"\b(?:in|during|back in|around|throughout|circa|c\.)\s+(?:early |late |mid-?|the summer of |the spring of |the autumn of |the winter of )?"
                   r"(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+)?((?:19|20)\d\d)\b", re.I)
# "a CIN plan 2021-22", "(2016-2018)": a span of years is past; so is "his 2016 conviction".
# (An ISO date "2024-03-12" is not a span.)
_YEAR_SPAN = re.compile(r"\b(?:19|20)\d\d\s*[-–/]\s*((?:19|20)?\d\d)\b(?![-/.]\d)")
# "abused by her uncle between 2018 and 2020", "from 2016 to 2019": the span is past whichever side it is on
_YEAR_BETWEEN = re.compile(r"\b(?:between|from)\s+(?:19|20)\d\d\s+(?:and|to|until|till)\s+((?:19|20)\d\d)\b", re.I)
_YEAR_OFFENCE = re.compile(r"\b((?:19|20)\d\d)\s+(?:conviction|convictions|offence|offences|caution|cautions|"
                           r"arrest|arrests|allegation|allegations|referral|referrals|case|cases)\b"
                           r"|\b(?:convicted|conviction|convictions|offence|offences|sentenced|cautioned)\s+(?:in\s+)?((?:19|20)\d\d)\b"
                           r"|\(((?:19|20)\d\d)\)", re.I)
# A backward hedge that is not one: a question mark closing a quoted message ("texts saying 'u
# about?'") and "suspected" before the word it qualifies ("6 wraps suspected crack").
_NOT_BACKWARD = re.compile(r"\?+\s*['\"’”]|suspected\s+(?!(?:and|but|or|by|of|to|in|at|on|as|that|which)\b)[A-Za-z]", re.I)
_LIST_OR = re.compile(r"\b(?:or|nor)\b", re.I)
# An adult named with an age is someone other than the child: "Dean HOLLIS (34)", "(Kerry, 29)",
# "(62, alcohol dependent)", "her partner Craig, 34, ..." (a word before the age needs a comma, so
# "(Flat 22)" is not an age).
_ADULT_AGE = re.compile(r"\(\s*(?:([A-Z][\w'-]*),\s*)?(?:aged\s+)?(\d\d)\s*(?:yrs|years|yo|y/o)?\s*[,)]"
                        r"|\b([A-Z][A-Za-z'-]+),\s+(?:aged\s+)?(\d\d),\s")
# the name written just before "(34)": "Dean HOLLIS (34)", "Mr Barry WELLS (62, ..."
_NAME_BEFORE = re.compile(r"((?:[A-Z][\w'-]+\s+){1,2})$")
# words before an age that are not a name
_NOT_NAMES = frozenset("""mr mrs ms miss dr rso male female man woman adult suspect occupant driver owner tenant the a an
her his their mum dad mother father partner boyfriend girlfriend uncle aunt brother sister cousin nan gran dp viw ip susp
subject victim nominal source intelligence age aged stated approx about also and with who was is has from of""".split())
# "on 12/03/2019": a full date more than a year before the record date is history, not this episode
_ON_DATE = re.compile(r"\b(?:on|dated|from)\s+(\d{1,2})[/.-](\d{1,2})[/.-]((?:19|20)\d\d)\b", re.I)


@Language.factory("intel_context", default_config={"config_dir": ""})
def make_context(nlp: Language, name: str, config_dir: str):
    return ContextFlags(load_config(config_dir or None).nlp["context"])


class ContextFlags:
    def __init__(self, ctx: dict):
        self.window = {f: int(ctx.get("window", {}).get(f, 8)) if isinstance(ctx.get("window"), dict)
                       else int(ctx.get("window", 8)) for f in FLAGS}
        self.exempt = {f: set(v or []) for f, v in (ctx.get("exempt") or {}).items()}
        inn = ctx.get("innocent_context") or {}
        self.innocent_window = int(inn.get("window", 8))
        # which mention words each list covers (None: every mention of that indicator)
        self.innocent_words = {k: ({w.lower() for p in v.get("words") or [] for w in expand(p)} or None)
                               for k, v in inn.items() if k != "window"}
        # an indicator's list may reach further than the default ("an online safety talk to Year 8
        # covering Snapchat, TikTok and gaming chat")
        self.innocent_windows = {k: int(v.get("window", self.innocent_window)) for k, v in inn.items() if k != "window"}
        self.year_historical = bool(ctx.get("past_year_is_historical", True))
        self.adult_age = int(ctx.get("adult_age_is_other_subject") or 0)
        # flags whose forward scope a comma ends unless the stretch is a list with "or"/"nor"
        # ("refused to give details, had £300 cash" vs "no concerns of missing, CSE or drug use")
        self.comma_ends = set(ctx.get("comma_ends_scope", []) or [])
        self.household_themes = set(ctx.get("other_subject_counts_for_themes", []) or [])
        # A past offence in an offender's record ("a 2014 conviction for sexual assault") is history,
        # not a disclosure of abuse now: it does not make the theme (historical_counts_for_themes).
        cues = [v for t in ctx.get("offence_history_cues", []) or [] for v in expand(t)]
        self.offence_cue_rx = _term_regex(cues) if cues else None
        # Terminators are only looked for between a trigger and a mention, so they are a regex
        # searched on that stretch of text rather than phrases matched over every token.
        common = [v for t in ctx.get("terminators", []) for v in expand(t)]
        extra = ctx.get("flag_terminators") or {}
        skip = {f: set(v or []) for f, v in (ctx.get("terminator_exempt") or {}).items()}
        # A heading ("History:", "Safety plan:") scopes across sentences until the next heading.
        heads = sorted({h for t in ctx.get("section_ends", []) for h in expand(t)}, key=len, reverse=True)
        self.section_end_rx = re.compile(
            r"\n\s*[A-Za-z][\w /&'-]{0,30}:" + "".join(
                r"|(?<![\w'])" + r"\s+".join(re.escape(w) for w in h.split()) + r"\s*:" for h in heads), re.IGNORECASE)
        self.section_sentences = {f: int(n) for f, n in (ctx.get("section_sentences") or {}).items()}
        self.flag_term_rx = {f: _term_regex([v for t in extra.get(f, []) for v in expand(t)]) for f in FLAGS}
        self.term_rx = {f: _term_regex([t for t in common if t not in skip.get(f, ())]
                                       + [v for t in extra.get(f, []) for v in expand(t)]) for f in FLAGS}
        # "her dad ... when he has been drinking": "her" says the child is a girl, so "he" is the
        # other person and does not bring the scope back to the child ("his sister ... she" likewise).
        os_common = [t for t in common if t not in skip.get("other_subject", ())]
        os_extra = [v for t in extra.get("other_subject", []) for v in expand(t)]
        pron = {"her": {"he", "him", "himself", "and he"}, "his": {"she", "her", "herself", "and she"}}
        self.os_term_rx = {g: _term_regex([t for t in os_common + os_extra if t.lower() not in ps]) for g, ps in pron.items()}
        self.os_flag_rx = {g: _term_regex([t for t in os_extra if t.lower() not in ps]) for g, ps in pron.items()}
        # Terminators of a backward scope only: "He has learning difficulties and was exploited in
        # 2022" does not date the difficulties, while "In 2022 he was exploited and was found in
        # Southend" dates both.
        back = ctx.get("backward_terminators") or {}
        self.back_term_rx = {f: _term_regex([v for t in back.get(f, []) for v in expand(t)]) for f in FLAGS}

    def __call__(self, doc: Doc) -> Doc:
        hits: list[Hit] = doc.user_data.get("intel_hits") or []
        mentions = [h for h in hits if h.kind in ("I", "T")]
        if not mentions:
            return doc
        text = doc.user_data.get("intel_text") or doc.text
        bounds = [m.end() for m in _SENT.finditer(text)]
        pseudo = [h for h in hits if h.kind == "P" and h.key == "pseudo"]
        pseudo_for = [h for h in hits if h.kind == "P" and h.key != "pseudo"]
        raw_triggers = [h for h in hits if h.kind == "C"] if pseudo else []
        triggers = [h for h in hits if h.kind == "C"
                    and not any(p.start <= h.start and h.end <= p.end for p in pseudo)
                    and not any(p.key == h.key and p.start <= h.start and h.end <= p.end for p in pseudo_for)]
        triggers.extend(self._year_triggers(doc, text))
        if self.adult_age:
            triggers.extend(self._adult_triggers(doc, text))
        innocent = [h for h in hits if h.kind == "N"]
        for m in mentions:
            # A mention inside a pseudo phrase is dropped ("CSE screening tool", "no money"), unless
            # the mention's own words hold the phrase's trigger: "will not engage" and "not
            # attending school" are the indicator's wording, not a negation of something else.
            if any(p.start <= m.start and m.end <= p.end for p in pseudo) and not any(
                    m.start <= t.start and t.end <= m.end for t in raw_triggers):
                m.flags["pseudo"] = True
                continue
            sent = bisect_right(bounds, m.start)
            lo = bounds[sent - 1] if sent else 0
            hi = bounds[sent] if sent < len(bounds) else len(text)
            # an everyday sense in the same sentence ("a kitchen knife", "bruise from football")
            if innocent and self._everyday(m, innocent, text, lo, hi):
                m.flags["pseudo"] = True
                continue
            flags = m.flags
            # A co-occurrence mention is reached from its first part by a forward trigger and from
            # its last by a backward one; triggers inside its parts do not count.
            parts = m.parts or ((m.start, m.end, m.ts, m.te),)
            ms, _, mts, _ = parts[0]
            _, me, _, mte = parts[-1]
            for t in triggers:
                direction = t.meta[0] if isinstance(t.meta, tuple) else t.meta
                if direction in ("previous_sentence", "section"):
                    flag = t.key
                    if flag in flags or m.key in self.exempt.get(flag, ()):
                        continue
                    if direction == "previous_sentence":
                        # "This was in 2019." looks back over the sentence before it; it must open
                        # its sentence ("He may have been to Bristol but this is unconfirmed" is
                        # about its own clause)
                        ts_ = bisect_right(bounds, t.start)
                        if ts_ == sent + 1 and not text[bounds[ts_ - 1]:t.start].strip(" \t\"'(-*"):
                            flags[flag] = t
                    elif (t.end <= ms and bisect_right(bounds, t.start) + self.section_sentences.get(flag, 99) > sent
                          and not self.section_end_rx.search(text, t.end, ms)
                          # a trigger over its own sentence only ("No link has been established
                          # between X and Y.") covers all of it; a longer one stops at "now", "and"...
                          and (self.section_sentences.get(flag, 99) == 1
                               or not self.flag_term_rx[flag].search(text, t.end, ms))):
                        flags[flag] = t
                    continue
                if t.start < lo or t.end > hi or any(t.start < pe and ps < t.end for ps, pe, _, _ in parts):
                    continue
                flag = t.key
                if flag in flags or m.key in self.exempt.get(flag, ()):
                    continue
                # some theme terms describe the household, whoever they are about ("mum's flat is squalid")
                if flag == "other_subject" and m.kind == "T" and m.key in self.household_themes:
                    continue
                win = self.window[flag]
                term_rx, child_rx = self.term_rx[flag], self.flag_term_rx[flag]
                if flag == "other_subject":
                    g = text[t.start:t.start + 4].lower().rstrip()
                    if g in self.os_term_rx:
                        term_rx, child_rx = self.os_term_rx[g], self.os_flag_rx[g]
                    if child_rx.search(text, m.start, m.end):
                        continue  # "her boyfriend picked her up": the child is in the mention itself
                if t.end <= ms and direction in ("forward", "both"):
                    # a negation spans a list joined by "or"/"nor" ("nothing to suggest anyone is
                    # exploiting her or that she is talking to anyone online")
                    if flag == "negated" and mts - t.te > win and _LIST_OR.search(text, t.end, ms):
                        win *= 2
                    # "suspected" before a noun qualifies that noun only ("14 wraps of suspected
                    # crack cocaine down his boxers and a Nokia")
                    elif flag == "uncertain" and _NOT_BACKWARD.match(text, t.start, min(len(text), t.end + 12)):
                        win = min(win, 3)
                    if (mts - t.te <= win and not term_rx.search(text, t.end, ms)
                            and not (flag in self.comma_ends and "," in text[t.end:ms]
                                     and not _LIST_OR.search(text, t.end, min(hi, me + 40)))):
                        flags[flag] = t
                elif t.start >= me and direction in ("backward", "both"):
                    if flag == "uncertain" and _NOT_BACKWARD.match(text, t.start, min(len(text), t.end + 12)):
                        continue  # "'u about?'", "6 wraps suspected crack": not a doubt about what went before
                    if (t.ts - mte <= win and not term_rx.search(text, me, t.start)
                            and not self.back_term_rx[flag].search(text, me, t.end)):
                        flags[flag] = t
                elif (m.parts and ms <= t.start and t.end <= me and parts[-1][2] - t.te <= 2
                      and not term_rx.search(text, parts[0][1], t.start)):
                    # right before the second part of a co-occurrence: "his stepdad did not hit him"
                    # (not across a clause: "her brothers threatened her after she refused to marry")
                    flags[flag] = t
            if (m.kind == "T" and self.offence_cue_rx is not None and "historical" in flags
                    and self.offence_cue_rx.search(text, lo, hi)):
                flags["offence_history"] = True
        return doc

    def _everyday(self, m: Hit, innocent: list[Hit], text: str, lo: int, hi: int) -> bool:
        words = self.innocent_words.get(m.key, ())
        if words is not None and " ".join(text[m.start:m.end].lower().split()) not in words:
            return False
        return any(n.key == m.key and lo <= n.start and n.end <= hi
                   and (n.ts - m.te if n.ts >= m.te else m.ts - n.te) <= self.innocent_windows.get(m.key, self.innocent_window)
                   for n in innocent)

    def _adult_triggers(self, doc: Doc, text: str) -> list[Hit]:
        if "," not in text and "(" not in text:
            return []
        out = []
        names: dict[str, int] = {}
        for m in _ADULT_AGE.finditer(text):
            inner, age, name, age2 = m.groups()
            if int(age or age2) < self.adult_age:
                continue
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is not None:
                out.append(Hit("C", "other_subject", m.start(), m.end(), span.start, span.end, ("forward", "adult")))
            before = _NAME_BEFORE.search(text, max(0, m.start() - 40), m.start()) if age else None
            for n in [inner, name, *(before.group(1).split() if before else ())]:
                if n and len(n) >= 3 and n.lower() not in _NOT_NAMES:
                    names.setdefault(n.lower(), m.end())
        # the adult named again later ("Kerry refused to give a statement", "WELLS referred to ASC")
        for n, after in names.items():
            for m in re.finditer(r"\b" + re.escape(n) + r"\b", text[after:], re.I):
                s, e = after + m.start(), after + m.end()
                span = doc.char_span(s, e, alignment_mode="expand")
                if text[s].isupper() and span is not None:
                    out.append(Hit("C", "other_subject", s, e, span.start, span.end, ("forward", "adult")))
        return out

    def _year_triggers(self, doc: Doc, text: str) -> list[Hit]:
        if not self.year_historical or "19" not in text and "20" not in text:
            return []
        ref: date | None = doc.user_data.get("intel_date")
        out = []
        for m in [*_YEAR.finditer(text), *_YEAR_SPAN.finditer(text), *_YEAR_BETWEEN.finditer(text), *_YEAR_OFFENCE.finditer(text)]:
            y = next(g for g in m.groups() if g)
            year = int(y) + 2000 if len(y) == 2 else int(y)
            if ref is not None and year >= ref.year:
                continue
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is None:
                continue
            out.append(Hit("C", "historical", m.start(), m.end(), span.start, span.end, "both"))
        for m in _ON_DATE.finditer(text) if ref is not None else ():
            try:
                when = date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            except ValueError:
                continue
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is not None and (ref - when).days > 365:
                out.append(Hit("C", "historical", m.start(), m.end(), span.start, span.end, "both"))
        return out


def _term_regex(terms: list[str]) -> re.Pattern:
    parts = []
    for t in sorted(set(terms), key=len, reverse=True):
        if t == "-":
            parts.append(r"\s[-–]\s")
        elif t == ".":
            # a full stop in lower-case notes ("no phone on him. refused to say more") ends a
            # scope; not one after an initial, a title or an abbreviation ("Mr.", "approx.", "p.m.")
            parts.append(r"(?-i:(?<!\b[A-Z]))(?<!\bmrs)(?<!\bmr)(?<!\bms)(?<!\bdr)(?<!\bst)(?<!\bre)(?<!\bno)"
                         r"(?<!\bvs)(?<!approx)(?<!\.[a-z])\.\s+")
        elif not t[0].isalnum():
            parts.append(re.escape(t))
        else:
            parts.append(r"(?<![\w'])" + r"\s+".join(re.escape(w) for w in t.split()) + r"(?![\w'])")
    return re.compile("|".join(parts) or r"(?!)", re.IGNORECASE)

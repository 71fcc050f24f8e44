"""Linking entities: regexes over the doc text (run once each) plus gazetteer hits from the
shared PhraseMatcher. Each entity carries a `norm` so records can be linked on it.
"""

from __future__ import annotations

import re
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from nlp.extraction import Entity
from nlp.settings import load_config

Doc.set_extension("intel_entities", default=None, force=True)

MONTHS = {m: i for i, ms in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
     ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
     ("oct", "october"), ("nov", "november"), ("dec", "december")], 1) for m in ms}
_MON = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
_NUMDATE = r"\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})"
_TXTDATE = rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON}\.?,?\s+\d{{4}}"
_ANYDATE = rf"(?:{_NUMDATE}|{_TXTDATE})"

RX_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
RX_PHONE = re.compile(r"(?<![\w+/])(?:\+44[\s-]?(?:\(0\)[\s-]?)?|\(0|0)(?:\d[\s)\-]{0,2}){8,9}\d(?![\d/])")
RX_VRM = re.compile(
    r"(?<![\w-])(?:[A-Z]{2}[0-9]{2} ?[A-Z]{3}|[A-Z][0-9]{1,3} ?[A-Z]{3}|[A-Z]{3} ?[0-9]{1,3}[A-Z])(?![\w-])"
)
RX_POSTCODE = re.compile(r"(?<![\w-])(?:GIR ?0AA|[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][ABD-HJLNP-UW-Z]{2})(?![\w-])")
_WORDNUM = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen".split())}
RX_AGE = re.compile(
    r"(?i)(?<![\w/.])(?:(?P<a1>\d{1,2}|" + "|".join(_WORDNUM) + r")\s?-?\s?(?:years?|yrs?|yr)\.?\s?-?\s?old"
    r"|(?P<a2>\d{1,2})\s?(?:yrs?|y/o|yo|y\.o\.?|years? of age)(?![\w/])"
    r"|(?:aged?|age:)\s?(?P<a3>\d{1,2})(?![\d/.:])"
    r")"
)
RX_AGE_PAREN = re.compile(r"(?<=[A-Za-z)] )\((?P<a>\d{1,2})(?:\s?(?:yrs?|y/o|yo))?\)")
RX_DOB = re.compile(rf"(?i)\b(?:d\.?o\.?b\.?|date of birth|born(?: on)?)\s*[:\-]?\s*(?P<d>{_ANYDATE})")
RX_DATE = re.compile(rf"(?i)(?<![\w/.])(?:{_ANYDATE}|{_MON}\s+\d{{4}})(?![\w/])")
RX_NICK = re.compile(
    r"(?i:\b(?:known as|k/a|aka|a\.k\.a\.?|goes by|nicknamed|street name|calls (?:him|her)self|uses the name)\s*[:\-]?\s*)"
    r"[\"'‘“]?(?P<n>[A-Z0-9][\w\-]*(?: [A-Z][\w\-]*)?)[\"'’”]?"
)
RX_NICK_QUOTED = re.compile(r"(?<=[A-Z][a-z] )[\"'‘“](?P<n>[A-Z][\w\-]+(?: [A-Z][\w\-]+)?)[\"'’”](?= [A-Z])")
RX_TITLE = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|PC|DC|DS|DI|DCI|Sgt|PS|Insp)\.? (?P<n>[A-Z][a-z'\-]+(?: [A-Z][a-zA-Z'\-]+)?)"
)
RX_NAME_TAIL = re.compile(r"(?: (?:Mc|Mac|O')?[A-Z][a-z'\-]+| [A-Z]{2,}(?![a-z])){1,2}")


def _norm_phone(s: str) -> str | None:
    digits = re.sub(r"\D", "", s)
    if digits.startswith("44"):
        digits = digits[2:]
        if digits.startswith("0"):
            digits = digits[1:]
    elif digits.startswith("0"):
        digits = digits[1:]
    else:
        return None
    if len(digits) not in (9, 10) or digits[0] not in "12378":
        return None
    if digits[0] == "7" and len(digits) != 10:
        return None
    return "+44" + digits


def parse_date(s: str) -> date | None:
    s = s.strip()
    m = re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})", s)
    try:
        if m:
            d, mo, y = int(m[1]), int(m[2]), int(m[3])
            if y < 100:
                y += 2000 if y <= 30 else 1900
            return date(y, mo, d)
        m = re.fullmatch(r"(?i)(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]+)\.?,?\s+(\d{4})", s)
        if m and m[2].lower() in MONTHS:
            return date(int(m[3]), MONTHS[m[2].lower()], int(m[1]))
    except ValueError:
        return None
    return None


def _age_at(dob: date, on: date) -> int:
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


def _date_norm(s: str) -> str:
    d = parse_date(s)
    if d:
        return d.isoformat()
    m = re.fullmatch(r"(?i)([a-z]+)\.?\s+(\d{4})", s.strip())
    if m and m[1].lower()[:3] in MONTHS:
        return f"{m[2]}-{MONTHS[m[1].lower()[:3]]:02d}"
    return s.lower()


@Language.factory("intel_entities", default_config={"config_dir": ""})
def make_entities(nlp: Language, name: str, config_dir: str):
    cfg = load_config(config_dir or None).nlp.get("entities", {})
    return EntityFinder(cfg)


class EntityFinder:
    PRIORITY = ("EMAIL", "PHONE", "VRM", "POSTCODE", "AGE", "DATE", "NICKNAME")

    def __init__(self, cfg: dict):
        self.not_names = {w.lower() for w in cfg.get("not_name_words", [])}
        self.not_vrm = {w.upper() for w in cfg.get("not_vrm", [])}
        vt = cfg.get("venue_types", {}) or {}
        self.venue_type = {k.lower(): v for k, v in vt.items()}
        if self.venue_type:
            words = "|".join(sorted((re.escape(k) for k in vt), key=len, reverse=True))
            self.rx_venue = re.compile(
                r"(?P<name>(?:(?:Mc|Mac|O')?[A-Z][\w'&]*\s){1,3})(?P<type>" + words + r")(?![\w])")
        else:
            self.rx_venue = None
        self.name_stop_start = {w.lower() for w in cfg.get("name_stop_start", [])}

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        ref: date | None = doc.user_data.get("intel_date")
        found: list[Entity] = []
        add = found.append
        if "@" in text:
            for m in RX_EMAIL.finditer(text):
                add(Entity("EMAIL", m.group(), m.start(), m.end(), m.group().lower()))
        for m in RX_PHONE.finditer(text):
            n = _norm_phone(m.group())
            if n:
                add(Entity("PHONE", m.group(), m.start(), m.end(), n))
        for m in RX_VRM.finditer(text):
            norm = m.group().replace(" ", "")
            if norm not in self.not_vrm and not norm.isalpha():
                add(Entity("VRM", m.group(), m.start(), m.end(), norm))
        for m in RX_POSTCODE.finditer(text):
            pc = m.group().replace(" ", "")
            add(Entity("POSTCODE", m.group(), m.start(), m.end(), pc[:-3] + " " + pc[-3:]))
        for m in RX_DOB.finditer(text):
            dob = parse_date(m.group("d"))
            if dob is None:
                continue
            s, e = m.span("d")
            norm = str(_age_at(dob, ref)) if ref and dob <= ref else "dob:" + dob.isoformat()
            add(Entity("AGE", text[s:e], s, e, norm))
        for m in RX_AGE.finditer(text):
            raw = m.group("a1") or m.group("a2") or m.group("a3")
            age = int(raw) if raw.isdigit() else _WORDNUM[raw.lower()]
            add(Entity("AGE", m.group(), m.start(), m.end(), str(age)))
        for m in RX_AGE_PAREN.finditer(text):
            s, e = m.span("a")
            add(Entity("AGE", text[s:e], s, e, str(int(m.group("a")))))
        for m in RX_DATE.finditer(text):
            add(Entity("DATE", m.group(), m.start(), m.end(), _date_norm(m.group())))
        for rx in (RX_NICK, RX_NICK_QUOTED):
            for m in rx.finditer(text):
                s, e = m.span("n")
                add(Entity("NICKNAME", text[s:e], s, e, text[s:e].lower()))
        if self.rx_venue is not None:
            for m in self.rx_venue.finditer(text):
                name = m.group("name").strip()
                words = name.split()
                while words and words[0].lower() in self.name_stop_start:
                    words = words[1:]
                if not words:
                    continue
                s = m.start("name") + m.group("name").index(words[0])
                vtype = self.venue_type[m.group("type").lower()]
                add(Entity("VENUE", text[s:m.end()], s, m.end(), f"{vtype}:{' '.join(words).lower()}"))
        names: list[Entity] = []
        for m in RX_TITLE.finditer(text):
            s, e = m.span("n")
            names.append(Entity("PERSON", text[s:e], s, e, " ".join(text[s:e].lower().split())))
        for h in doc._.intel_hits or []:
            if h.kind != "E":
                continue
            span = text[h.start:h.end]
            if h.key == "FIRSTNAME":
                if not span[0].isupper() or span.lower() in self.not_names:
                    continue
                e = h.end
                tail = RX_NAME_TAIL.match(text, e)
                if tail:
                    tw = tail.group().split()
                    keep = []
                    for w in tw:
                        if w.lower() in self.not_names:
                            break
                        keep.append(w)
                    if keep:
                        e = e + tail.group().index(keep[-1]) + len(keep[-1])
                names.append(Entity("PERSON", text[h.start:e], h.start, e, " ".join(text[h.start:e].lower().split())))
            elif h.key in ("PLACE", "VENUE") and not span[0].isupper():
                continue
            else:
                norm = h.meta or span.lower()
                if h.key == "VENUE":
                    norm = norm if ":" in norm else "brand:" + norm
                add(Entity(h.key, span, h.start, h.end, norm))
        doc._.intel_entities = _resolve(found, names)
        return doc


def _resolve(found: list[Entity], names: list[Entity]) -> list[Entity]:
    """Drop overlaps: structured entities first by priority, then longer spans win."""
    prio = {lab: i for i, lab in enumerate(EntityFinder.PRIORITY)}
    order = sorted(found + names, key=lambda e: (prio.get(e.label, 99), -(e.end - e.start), e.start))
    taken: list[tuple[int, int]] = []
    out = []
    for e in order:
        if any(e.start < b and a < e.end for a, b in taken):
            continue
        taken.append((e.start, e.end))
        out.append(e)
    out.sort(key=lambda e: (e.start, e.end, e.label))
    return out

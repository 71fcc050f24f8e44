"""Linking entities: regexes over the doc text (run once each) plus gazetteer hits from the
shared PhraseMatcher. Each entity carries a `norm` so records can be linked on it.
"""

from __future__ import annotations

import re
from datetime import date

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc

from nlp.extraction import Entity
from nlp.settings import load_config


MONTHS = {m: i for i, ms in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
     ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
     ("oct", "october"), ("nov", "november"), ("dec", "december")], 1) for m in ms}
_MON = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
_NUMDATE = r"\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})"
_TXTDATE = rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON}\.?,?\s+\d{{4}}"
_ANYDATE = rf"(?:{_NUMDATE}|{_TXTDATE})"

# Each regex starts with a literal or a character class (no leading lookbehind), so Python's
# engine can skip ahead quickly; the "not inside a word" checks are done on the few matches.
RX_EMAIL = re.compile(r"[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# "+44 (0)7700", "0044 7700", "+44 07700" (a stray 0), "(07700) 900123"; a "/" after the number
# only when another number follows ("07700 900123/07700 900124"), else it is a date or reference.
RX_PHONE = re.compile(
    r"(?:(?:\+|00)44[\s-]?(?:\(0\)[\s-]?|0)?|\(0|0)(?:\d[\s)\-]{0,2}){8,9}\d(?!\d|/(?![0+]))")
# dots only in the mobile shape (07700.900.123): dotted digit runs are otherwise dates
RX_PHONE_DOT = re.compile(r"(?:(?:\+|00)44\.?|0)7\d{3}\.\d{3}\.?\d{3}(?![\d.]\d)")
RX_VRM_LOWER = re.compile(r"[0-9]{2}(?<=[a-z]{2}[0-9]{2}) ?[a-z]{3}(?![\w-])")
RX_VRM = re.compile(
    r"[A-Z](?:[A-Z] ?[0-9]{2} ?[A-Z]{3}|[0-9]{1,3} ?[A-Z]{3}|[A-Z]{2} ?[0-9]{1,3}[A-Z])(?![\w-])"
)
RX_POSTCODE = re.compile(r"[A-Z](?:IR ?0AA|[A-Z]?[0-9][A-Z0-9]? ?[0-9][ABD-HJLNP-UW-Z]{2})(?![\w-])")
_WORDNUM = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen".split())}
for _t, _tw in enumerate("twenty thirty forty fifty sixty seventy eighty".split(), 2):
    _WORDNUM[_tw] = _t * 10
    for _u, _uw in enumerate("one two three four five six seven eight nine".split(), 1):
        _WORDNUM[f"{_tw}-{_uw}"] = _WORDNUM[f"{_tw} {_uw}"] = _t * 10 + _u
RX_AGE = re.compile(
    r"(?P<a>\d{1,2})(?:\s?-?\s?(?:years?|yrs?|yr|y)\.?\s?-?\s?olds?|\s?(?:yrs?|y/o|yo|y\.o\.?|y|years? of age)(?![\w/]))", re.I)
# "15F", "16/M", "F15", "M/16" (police and health shorthand for sex and age); case matters: 15m is metres
RX_AGE_SEX = re.compile(r"(?P<a>\d{1,2})/?[MF](?![\w/])")
RX_SEX_AGE = re.compile(r"[MF]/?(?P<a>\d{1,2})(?![\w/])")
# "16-17 year olds", "14/15yo": both ends are ages
RX_AGE_RANGE = re.compile(
    r"(?P<a>\d{1,2})\s?(?:-|/|to|or)\s?(?P<b>\d{1,2})\s?-?\s?(?:years?|yrs?|y/o|yo)(?![\w/])", re.I)
# "aged fifteen", "aged twenty-two"
RX_AGED_WORD = re.compile(
    r"[Aa]ged\s(?:about\s|around\s|approximately\s)?(?P<a>" + "|".join(sorted(_WORDNUM, key=len, reverse=True)) + r")(?![\w-])", re.I)
RX_YEARS_OLD = re.compile(r"[Yy](?:ears?|rs?)\s?-?\s?[Oo]ld")
RX_AGE_WORD = re.compile(
    r"(?P<a>" + "|".join(sorted(_WORDNUM, key=len, reverse=True)) + r")\s?-?\s?$", re.I)
_ABOUT = r"(?:approx\.?|approximately|about|around|roughly|c\.|circa|possibly|maybe)"
_NOT_AGE_AFTER = (r"(?!\s?(?:\d|%|:|/|hrs|hours|mins|minutes|days|weeks|months|times|pm|am|miles|x\b|p\b|k\b|yards|metres|cm|"
                  r"inch|-inch|ft|feet|pound|£|tabs\b|tablets|pills|pupils|people|youths|males|females|men\b|women|"
                  r"children|kids|officers|calls|visits|episodes|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b))")
RX_AGED = re.compile(
    rf"[Aa](?:ged?|GED?)\s?[:\-]?\s?(?:{_ABOUT}\s)?(?P<a>\d{{1,2}})(?:\s?(?:-|to|and|&|or)\s?(?P<b>\d{{1,2}}))?{_NOT_AGE_AFTER}")
# "who is 15", "states she is 17", "approx 15", "possibly 11 or 12"
# A bare number is an age when the words before it say so. Numbers are found first (a cheap
# scan) and the words before each are checked on a short window.
RX_NUM = re.compile(r"\d{1,2}(?![\d])")
RX_DIGITS = re.compile(r"\d+")
RX_NUM_TAIL = re.compile(rf"(?:\s?(?:or|to|and|&|-)\s?(?P<b>\d{{1,2}}))?{_NOT_AGE_AFTER}(?![\w])")
# "who is 15", "states she is 17", "approx 15", "possibly 11 or 12"
RX_SAID_BEFORE = re.compile(
    rf"(?:(?:who|friend|boyfriend|girlfriend|partner|[Ss]he|[Hh]e) is|who's|is now|(?:states|says|said|say|claims|claimed|claim) "
    rf"(?:she|he|they) (?:is|was|are|were)|claims to be|describing (?:herself|himself) as|described as(?: a)?|"
    rf"(?:believed|thought|said|understood|reported|estimated) to be|"
    rf"(?:[Ww]hen|[Ss]ince|[Ff]rom when) (?:she|he|they|I) (?:was|were)|"
    rf"(?:between the ages|from the age) of|(?:boy|girl|child|son|daughter|baby) of|"
    rf"(?:[Hh]e|[Ss]he|(?!(?:It|That|There|What|Here|Where|Who|This|Which|Let|Today|Now)')[A-Z][a-z]+)'s"
    rf"(?: only| just| nearly| almost| about| like)?|"
    rf"(?:gives|gave|giving|give|gives his|gives her|gave his|gave her|giving his|giving her) age as|age as|"
    rf"[Aa]ge on registration|(?:, )?now|"
    rf"(?:who|whom) (?:she|he|they) (?:says|said|thinks|thought|believes|believed|claims|claimed) (?:is|was|are|were)|"
    rf"(?:thinks|thought|believes|believed) (?:he|she|they) (?:is|was|are|were)|"
    rf"(?:looks?|looked|looking|appears?|appeared|appearing)(?: to be)?(?: about| around| like| approx\.?)?|"
    rf"can't be more than|cannot be more than|no more than|no older than|{_ABOUT})\s$")
# The last word before the number in every RX_SAID_BEFORE form: a cheap gate before the regex.
_SAID_LAST = frozenset("a is was are were be as of now than about around like approx approx. approximately roughly "
                       "c. circa possibly maybe only just nearly almost registration looks look looked looking "
                       "appears appear appeared appearing".split())
# "Marco is 14.", "Resident is 70 and has dementia", "Parents are both 19": a subject, then the age
RX_IS_BEFORE = re.compile(
    r"(?:\b(?:[Hh]e|[Ss]he|[Tt]hey|who|both|[Rr]esident|[Oo]ccupant|[Tt]enant|[Pp]arents|[Mm]um|[Dd]ad|[Mm]other|"
    r"[Ff]ather|[Pp]artner|[Bb]oyfriend|[Gg]irlfriend)|\b(?P<w>[A-Z][a-z]+)) (?:is|are|was|were)"
    r"(?: both| now| only| just| nearly| almost)?\s$")
# an age straight after a person word: "YP, 15,", "Driver, 24,", "boy 14"
RX_PERSON_BEFORE = re.compile(
    r"\b(?:yp|YP|boy|girl|male|female|victim|son|daughter|driver|suspect|Boy|Girl|Male|Female|Victim|Driver|"
    r"Suspect|IP|V|S1|S2|VIW|SUSP|DP|sons|daughters|children|kids|twins|boys|girls|brother|sister|siblings|"
    r"cousin|nephew|niece|resident|occupant|tenant|leaver|Resident|Occupant|Tenant|Children|Mum|Dad|mum|dad|"
    r"Mother|Father|mother|father|F|M),?\s$")
# "Kezia Ward, 15, from home": a full name, then the age between commas
RX_FULLNAME_AGE = re.compile(r"(?P<f>[A-Z][a-z]+(?:-[A-Z][a-z]+)?) (?P<l>(?:Mc|Mac|O')?[A-Z][a-zA-Z'\-]+), (?P<a>\d{1,2}),")
# "aged 4, 6 and 9": further ages in a list
RX_AGE_LIST_NEXT = re.compile(rf"(?:,\s?|\s?(?:and|&|or)\s)(?P<b>\d{{1,2}}){_NOT_AGE_AFTER}(?![\w])")
RX_AGE_AFTER_NAME = re.compile(rf",?\s(?P<a>\d{{1,2}}){_NOT_AGE_AFTER}(?=[\s,.;)?]|$)")
RX_AGED_BEFORE = re.compile(rf"[Aa](?:ged?|GED?)\s?[:\-]?\s?(?:{_ABOUT}\s)?$")
RX_DECADE_BEFORE = re.compile(
    r"(?:in (?:his|her|their)|(?:male|female|man|woman|men|males),?(?: in (?:his|her|their))?) "
    r"(?:early |mid |late |mid-)?$", re.I)
# "IN HIS 30S" in upper-case notes has the shape of an old suffix plate (ABC 123D): a decade, not a VRM
RX_DECADE_NOT_VRM = re.compile(r"(?:HIS|HER|MID) ?[1-9]0S")
RX_AGE_PAREN = re.compile(
    r"\((?:[MF],?\s?|aged?\s|Y\d{1,2},\s?|Year \d{1,2},\s?)?(?P<a>\d{1,2})(?:\s?(?:yrs?|y/o|yo|years?))?"
    r"(?:(?:,| and| &|-|–) ?(?P<b>\d{1,2}))*(?:,?\s?[MF])?"
    r"(?:,\s?(?:LAC|CLA|CIN|CP|SEN|SEND|EHCP|Y\d{1,2}|Year \d{1,2}|[MF]|male|female|yrs?))?\)")
RX_AGE_PAREN_LIST = re.compile(r"\d{1,2}")
RX_DOB = re.compile(rf"(?i)(?:d\.?o\.?b\.?|date of birth|born(?: on)?)\s*[:\-]?\s*(?P<d>{_ANYDATE})")
RX_DATE = re.compile(
    rf"\d(?:\d?[/.\-]\d{{1,2}}[/.\-](?:\d{{4}}|\d{{2}})|\d?(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON}\.?,?\s+\d{{4}}"
    rf"|\d?/\d{{1,2}}(?![/\d])|\d?(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON}\b)")
RX_DATE_MONTH = re.compile(rf"{_MON}\s+\d{{4}}")
# "March 12th, 2024", "March 12" (US order) and ISO "2024-03-12"
RX_DATE_US = re.compile(rf"{_MON}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?(?![\d:])")
RX_DATE_ISO = re.compile(r"(?:19|20)\d\d-[01]\d-[0-3]\d(?![\d])")
# A month, weekday, festival or relative day written alone. Months that are also first names or
# words (May, April, June, August, Mar...) need a date word before them.
_DATE_CTX = r"(?:in|since|from|until|till|to|by|of|on|during|before|after|early|late|mid|mid-|last|this|next|end of|start of|beginning of)"
# Weekdays, unambiguous months, festivals and relative days ("since Friday", "at Easter", "last night")
# are the DATE gazetteer in nlp.yaml (found by the shared PhraseMatcher for free). Months that are
# also names or words (May, April, June, March, Sept...) need a date word before them.
RX_MONTH_WORD = re.compile(r"(?:April|May|June|July|August|March|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)(?![\w'])")
RX_DATE_CTX_BEFORE = re.compile(rf"\b{_DATE_CTX}\s$")
RX_YEAR = re.compile(r"(?:19[5-9]\d|20[0-3]\d)(?![\w/-])")
RX_YEAR_RANGE = re.compile(r"(?:19[5-9]\d|20[0-3]\d)(?=[-–/](?:\d\d|19[5-9]\d|20[0-3]\d)(?![\w/-]))")
_NICK_TRIG = (
    r"(?:[Kk]nown (?:(?:locally|on the streets?|to (?:friends|peers|others|police|him|her|them|the group)|only) )?as|"
    r"[Kk]/[Aa]|a/k/a|aka|AKA|Aka|a\.k\.a\.?|A\.K\.A\.?|[Gg](?:oes|oing|o) by(?: the name(?: of)?)?|"
    r"[Nn]ick ?name[ds]?(?: of| is| was)?|[Ss]treet ?names?(?: of| is| was)?|[Tt]ag name(?: of| is)?|[Aa]lias(?:es)?|"
    r"[Mm]oniker|[Rr]eferred to as|[Cc]all(?:s|ed|ing) (?:him|her|them)sel(?:f|ves)|[Uu]s(?:es|ing|ed) the name)"
)
RX_NICK = re.compile(
    _NICK_TRIG + r",?\s*[:\-]?\s*[\"'‘“]?(?P<n>[A-Z0-9][\w\-]*(?: [A-Z][\w\-]*)?)[\"'’”]?")
# after a trigger, a quoted name may be written in lower case ("aka 'tiny'")
RX_NICK_LOWER = re.compile(_NICK_TRIG + r"\s*[:\-]?\s*[\"'‘“](?P<n>[a-z][\w\-]*(?: [a-z][\w\-]*)?)[\"'’”]")
# The strongest cues are followed by a street name even unquoted and in lower case ("goes by the
# name mad biggs", "a new street name, kid tigz"); a trailing preposition is not part of it.
RX_NICK_UNQUOTED = re.compile(
    r"(?:[Gg]o(?:es|ing)? by the name(?: of)?|[Ss]treet ?name(?: is| of)?,?|[Kk]nown on the streets? as"
    # a person "known as" a lower-case word: "owes money to a male known as spanner"
    r"|\b(?:[Mm]ale|[Mm]an|[Ff]emale|[Ww]oman|[Bb]oy|[Gg]irl|[Aa]dult|[Ll]ad|[Yy]outh|[Gg]uy|[Dd]ealer|[Oo]lder)"
    r" known as(?! (?:an?|the|being|one|someone|his|her|their|my|\w+ly)\b))"
    r" (?P<n>[a-z][a-z0-9\-]{1,14}(?: [a-z0-9][a-z0-9\-]{0,14})?)(?![\w'])")
_NICK_TAIL_STOP = frozenset("among amongst by and in on with to from at for who which the of but or he she they "
                            "is was has had locally online now".split())
_NICK_GATE = ("known as", "known locally", "known on", "known to", "known only", "k/a", "aka", "a.k.a", "goes by",
              "going by", "go by", "nickname", "nick name", "street name", "streetname", "tag name", "alias",
              "moniker", "referred to as", "calls him", "calls her", "called him", "called her", "calling him",
              "calling her", "uses the name", "using the name", "used the name")
_NICK_GATE_RX = re.compile("|".join(re.escape(g) for g in _NICK_GATE))
# A short capitalised name in quotes is how most writers mark a street name: "one of the men, 'Zee',",
# "a contact called 'Prince'", "'Little Man', described as". Speech in quotes is longer or a stop word.
# ... but not a group, a drug line or part of a registration: "the 'Beat Boys'", "a line called
# 'Bandz'", "reg ending 'VXJ'", "'GS' youngers"
RX_NICK_NOT_BEFORE = re.compile(
    r"(?:\b[Tt]he|\b[Ll]ines?\b[^.;]*|\b(?:[Rr]eg|[Rr]egistration|[Pp]late|VRM|[Nn]umber ?plate)\b[^.;]*)\s$")
RX_NICK_NOT_AFTER = re.compile(
    r"\s(?:gang|crew|boys|girls|youngers|youngins|olders|line|lines|mandem|estate|postcode|group|set|road|area|lot)\b", re.I)
RX_NICK_BARE = re.compile(r"[\"'‘“](?P<n>[A-Z][\w\-]{0,14}(?: [A-Z][\w\-]{0,14})?)[\"'’”](?![\w'’])")
RX_NICK_QUOTED = re.compile(r"[\"'‘“](?<=[a-z] [\"'‘“])(?P<n>[A-Z][\w\-]+(?: [A-Z][\w\-]+)?)[\"'’”](?= [A-Z])")
RX_TITLE = re.compile(
    r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|PC|DC|DS|DI|DCI|Sgt|PS|Insp)\.? (?P<n>[A-Z][a-z'\-]+(?: [A-Z][a-zA-Z'\-]+)?)"
)
RX_STREET = re.compile(
    r"(?:Road|Street|Lane|Avenue|Close|Gardens|Way|Drive|Crescent|Grove|Place|Square|Terrace|Rise|Walk|Mews|"
    r"Parade|Row|Broadway|High Street|Market)(?![\w])")
RX_NAME_BEFORE = re.compile(r"(?:(?:Mc|Mac|O')?[A-Z][\w'&\-]*\s){1,3}$")
# Names not in the list: "Colin BARKER" (police style surname), "Tanya (15)", "Kiera, 15," "Tanya 15yo".
RX_NAME_CAPS = re.compile(r"(?:Mc|Mac|O')?[A-Z][a-z]+(?:-[A-Z][a-z]+)? (?:Mc|Mac|O')?[A-Z]{3,}(?:-[A-Z]{2,})?(?![\w'\-/])")
RX_NAME_AGE = re.compile(
    r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?= \(\d{1,2}\??\)|, \d{1,2}[,) ]| \d{1,2}(?:yo|yrs|y/o| yrs| years old|,))")
RX_NAME_TAIL = re.compile(r"(?: (?:Mc|Mac|O')?[A-Z][a-z'\-]+| [A-Z]{2,}(?![a-z])){1,2}")


def _ages(text: str, m: re.Match, add) -> None:
    """One AGE per number: "aged 13-16" is two ages (13 and 16)."""
    for g in ("a", "b"):
        if m.re.groupindex.get(g) and m.group(g):
            s, e = m.span(g)
            add(Entity("AGE", text[s:e], s, e, str(int(m.group(g)))))


def _free(text: str, i: int, extra: str) -> bool:
    """True when position i does not continue a word (or one of the extra characters)."""
    if i == 0:
        return True
    c = text[i - 1]
    return not (c.isalnum() or c == "_" or c in extra)


def _norm_phone(s: str) -> str | None:
    digits = re.sub(r"\D", "", s)
    if digits.startswith("0044"):
        digits = digits[2:]
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
        m = re.fullmatch(r"(?i)([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", s)
        if m and m[1].lower() in MONTHS:
            return date(int(m[3]), MONTHS[m[1].lower()], int(m[2]))
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
        self.name_stop_start = {w.lower() for w in cfg.get("name_stop_start", [])}
        self.not_nick = {w.lower() for w in cfg.get("not_nickname", [])}
        vt = cfg.get("venue_types", {}) or {}
        self.venue_type = {k.lower(): v for k, v in vt.items()}
        if self.venue_type:
            words = "|".join(sorted((re.escape(k) for k in vt), key=len, reverse=True))
            self.rx_venue = re.compile(r"(?:" + words + r")(?![\w])")
        else:
            self.rx_venue = None

    def _is_before(self, text: str, w0: int, s: int) -> bool:
        """A subject then a verb just before the number ("Marco is", "Parents are both")."""
        m = RX_IS_BEFORE.search(text, w0, s)
        return m is not None and not (m.group("w") and m.group("w").lower() in self.not_names)

    def _named(self, text: str, m: re.Match, add, label: str = "VENUE") -> None:
        """A type word ("Hotel", "Road") found; the capitalised words before it are the name."""
        if m.start() < 2 or text[m.start() - 1] != " ":
            return
        before = RX_NAME_BEFORE.search(text, max(0, m.start() - 60), m.start())
        if not before:
            return
        words = before.group().split()
        while words and words[0].lower() in self.name_stop_start:
            words = words[1:]
        if not words:
            return
        s = m.start() - len(" ".join(words)) - 1
        if text[s:m.start() - 1] != " ".join(words):
            return
        if label == "VENUE":
            norm = f"{self.venue_type[m.group().lower()]}:{' '.join(words).lower()}"
        else:
            norm = " ".join(text[s:m.end()].lower().split())
        add(Entity(label, text[s:m.end()], s, m.end(), norm))

    def __call__(self, doc: Doc) -> Doc:
        text = doc.user_data.get("intel_text") or doc.text
        ref: date | None = doc.user_data.get("intel_date")
        found: list[Entity] = []
        add = found.append
        low = text.lower()
        if "@" in text:
            for m in RX_EMAIL.finditer(text):
                if _free(text, m.start(), "."):
                    add(Entity("EMAIL", m.group(), m.start(), m.end(), m.group().lower()))
        for rx in (RX_PHONE, RX_PHONE_DOT):
            for m in rx.finditer(text):
                n = _norm_phone(m.group())
                # "07700 900123/07700 900124": a slash between two numbers is a list
                if n and (_free(text, m.start(), "+/.") or text[m.start() - 1] == "/" and text[m.start() - 2].isdigit()):
                    add(Entity("PHONE", m.group(), m.start(), m.end(), n))
        for m in RX_VRM.finditer(text):
            norm = m.group().replace(" ", "")
            if norm not in self.not_vrm and _free(text, m.start(), "-") and not RX_DECADE_NOT_VRM.fullmatch(m.group()):
                add(Entity("VRM", m.group(), m.start(), m.end(), norm))
        for m in RX_VRM_LOWER.finditer(text):
            # informal notes write registrations in lower case ("lr15ktw"); only the current format
            s = m.start() - 2
            if _free(text, s, "-"):
                add(Entity("VRM", text[s:m.end()], s, m.end(), text[s:m.end()].replace(" ", "").upper()))
        for m in RX_POSTCODE.finditer(text):
            if _free(text, m.start(), "-"):
                pc = m.group().replace(" ", "")
                add(Entity("POSTCODE", m.group(), m.start(), m.end(), pc[:-3] + " " + pc[-3:]))
        if "b" in low and ("dob" in low or "d.o.b" in low or "birth" in low or "born" in low):
            for m in RX_DOB.finditer(text):
                dob = parse_date(m.group("d"))
                if dob is None:
                    continue
                s, e = m.span("d")
                if ref and dob <= ref:
                    add(Entity("AGE", text[s:e], s, e, str(_age_at(dob, ref))))
                else:  # no record date to count from: the age is unknown, the date is not
                    add(Entity("DATE", text[s:e], s, e, dob.isoformat()))
        if "year" in low:
            for y in RX_YEARS_OLD.finditer(text):
                m = RX_AGE_WORD.search(text, max(0, y.start() - 12), y.start())
                if m and _free(text, m.start(), ""):
                    add(Entity("AGE", text[m.start():y.end()], m.start(), y.end(), str(_WORDNUM[m.group("a").lower()])))
        if "aged " in low:
            for m in RX_AGED_WORD.finditer(text):
                if _free(text, m.start(), ""):
                    s, e = m.span("a")
                    add(Entity("AGE", text[s:e], s, e, str(_WORDNUM[m.group("a").lower()])))
        # One scan for digit runs; the number-shaped recognisers are tried only where one starts.
        for d in RX_DIGITS.finditer(text):
            s = d.start()
            if s and not _free(text, s, "/.-"):
                if s >= 2 and text[s - 1] in "MF/" and len(d.group()) <= 2:
                    m = RX_SEX_AGE.match(text, s - (2 if text[s - 1] == "/" else 1))
                    if m and _free(text, m.start(), ""):
                        add(Entity("AGE", m.group("a"), s, m.end(), str(int(m.group("a")))))
                elif s >= 5 and len(d.group()) == 4 and text[s - 1] in "-–/" and RX_YEAR.match(text, s):
                    # the end of a year range "2016-2018"
                    if RX_YEAR.match(text, s - 5) or text[s - 5:s - 1].isdigit():
                        add(Entity("DATE", d.group(), s, d.end(), d.group()))
                continue
            m = RX_AGE.match(text, s)
            if m:
                add(Entity("AGE", m.group(), s, m.end(), str(int(m.group("a")))))
            elif len(d.group()) <= 2:
                m = RX_AGE_RANGE.match(text, s) or RX_AGE_SEX.match(text, s)
                if m and (s == 0 or text[s - 1] not in "£$#"):
                    _ages(text, m, add)
            m = RX_DATE.match(text, s)
            if m:
                add(Entity("DATE", m.group(), s, m.end(), _date_norm(m.group())))
            elif len(d.group()) == 4:
                m = RX_YEAR.match(text, s) or RX_YEAR_RANGE.match(text, s)
                if m:
                    add(Entity("DATE", m.group(), s, m.end(), m.group()))
            m = RX_NUM.match(text, s)
            if m is None or s < 2 or text[s - 1] not in " ,:":
                continue
            w0 = max(0, s - 40)
            if RX_AGED_BEFORE.search(text, w0, s):
                # "aged 14", "aged about 12", "aged 13-16" (two ages), "aged 4, 6 and 9"
                tail = RX_NUM_TAIL.match(text, m.end())
                if tail is not None:
                    add(Entity("AGE", m.group(), s, m.end(), str(int(m.group()))))
                    if tail.group("b"):
                        b0, b1 = tail.span("b")
                        add(Entity("AGE", text[b0:b1], b0, b1, str(int(tail.group("b")))))
                    else:
                        pos = m.end()
                        while (nxt := RX_AGE_LIST_NEXT.match(text, pos)) is not None:
                            b0, b1 = nxt.span("b")
                            add(Entity("AGE", text[b0:b1], b0, b1, str(int(nxt.group("b")))))
                            pos = b1
                continue
            if len(m.group()) == 2 and m.group()[1] == "0" and text.startswith(("s", "'s", "S", "'S"), m.end()):
                # "in his 30s", "male, 40s"
                if RX_DECADE_BEFORE.search(text, w0, s):
                    add(Entity("AGE", m.group(), s, m.end(), m.group()))
                continue
            tail = RX_NUM_TAIL.match(text, m.end())
            if tail is None:
                continue
            last = (text[max(0, s - 14):s].rsplit(None, 1)[-1:] or [""])[0].lstrip("'‘\"(")
            if (last in _SAID_LAST or last.endswith(("'s", "’s"))) and RX_SAID_BEFORE.search(text, w0, s):
                add(Entity("AGE", m.group(), s, m.end(), str(int(m.group()))))
                if tail.group("b"):
                    b0, b1 = tail.span("b")
                    add(Entity("AGE", text[b0:b1], b0, b1, str(int(tail.group("b")))))
            elif (RX_PERSON_BEFORE.search(text, max(0, s - 12), s) or self._is_before(text, w0, s)) \
                    and (tail.end() == len(text) or text[tail.end()] in " ,.;)?"):
                add(Entity("AGE", m.group(), s, m.end(), str(int(m.group()))))
                if tail.group("b"):
                    b0, b1 = tail.span("b")
                    add(Entity("AGE", text[b0:b1], b0, b1, str(int(tail.group("b")))))
        if "(" in text:
            for m in RX_AGE_PAREN.finditer(text):
                # "Chloe (15)", "two children (6 and 9)": a bracketed age after a word
                if m.start() < 2 or not (text[m.start() - 2].isalpha() or text[m.start() - 2] in "'’\""):
                    continue
                for n in RX_AGE_PAREN_LIST.finditer(m.group()):
                    s, e = m.start() + n.start(), m.start() + n.end()
                    if text[s - 1].isalpha() or text[s - 1] == " " and text[s - 5:s - 1] == "Year":
                        continue  # "(14, Y10)": a school year, not an age
                    add(Entity("AGE", text[s:e], s, e, str(int(n.group()))))
        for m in RX_DATE_MONTH.finditer(text):
            add(Entity("DATE", m.group(), m.start(), m.end(), _date_norm(m.group())))
        for m in RX_DATE_US.finditer(text):
            if _free(text, m.start(), ""):
                add(Entity("DATE", m.group(), m.start(), m.end(), _date_norm(m.group())))
        if "-" in text:
            for m in RX_DATE_ISO.finditer(text):
                if _free(text, m.start(), "-/"):
                    add(Entity("DATE", m.group(), m.start(), m.end(), m.group()))
        for m in RX_MONTH_WORD.finditer(text):
            if _free(text, m.start(), "") and RX_DATE_CTX_BEFORE.search(text, max(0, m.start() - 14), m.start()):
                add(Entity("DATE", m.group(), m.start(), m.end(), m.group().lower()))
        if _NICK_GATE_RX.search(low):
            for rx in (RX_NICK, RX_NICK_LOWER):
                for m in rx.finditer(text):
                    if _free(text, m.start(), ""):
                        s, e = m.span("n")
                        add(Entity("NICKNAME", text[s:e], s, e, text[s:e].lower()))
            for m in RX_NICK_UNQUOTED.finditer(text):
                s, e = m.span("n")
                words = text[s:e].split()
                if len(words) == 2 and (words[1] in _NICK_TAIL_STOP or words[1] in STOP_WORDS or words[1].endswith("ly")):
                    e = s + len(words[0])
                if text[s:e] not in _NICK_TAIL_STOP and text[s:e] not in STOP_WORDS and _free(text, m.start(), ""):
                    add(Entity("NICKNAME", text[s:e], s, e, text[s:e].lower()))
        if "'" in text or '"' in text or "‘" in text or "“" in text:
            for m in RX_NICK_BARE.finditer(text):
                s, e = m.span("n")
                if (text[s:e].lower() not in self.not_nick and text[s:e].lower() not in self.not_names
                        and _free(text, m.start(), "") and not RX_NICK_NOT_BEFORE.search(text, max(0, m.start() - 40), m.start())
                        and not RX_NICK_NOT_AFTER.match(text, m.end())):
                    add(Entity("NICKNAME", text[s:e], s, e, text[s:e].lower()))
        for m in RX_NICK_QUOTED.finditer(text):
            s, e = m.span("n")
            add(Entity("NICKNAME", text[s:e], s, e, text[s:e].lower()))
        names: list[Entity] = []
        for m in RX_NAME_CAPS.finditer(text):
            first, last = m.group().split(" ", 1)
            if (_free(text, m.start(), "") and first.lower() not in self.not_names
                    and first.lower() not in self.name_stop_start and last.lower() not in self.not_names):
                names.append(Entity("PERSON", m.group(), m.start(), m.end(), m.group().lower()))
        for m in RX_NAME_AGE.finditer(text):
            w = m.group()
            if _free(text, m.start(), "") and w.lower() not in self.not_names and w.lower() not in self.name_stop_start:
                names.append(Entity("PERSON", w, m.start(), m.end(), w.lower()))
        for m in RX_TITLE.finditer(text):
            if not _free(text, m.start(), ""):
                continue
            s, e = m.span("n")
            names.append(Entity("PERSON", text[s:e], s, e, " ".join(text[s:e].lower().split())))
        for h in doc.user_data.get("intel_hits") or []:
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
            elif h.key == "DATE" and text.endswith(("every ", "Every "), 0, h.start):
                continue  # "every Wednesday" is a habit, not a date
            else:
                norm = h.meta or span.lower()
                if h.key == "VENUE":
                    norm = norm if ":" in norm else "brand:" + norm
                add(Entity(h.key, span, h.start, h.end, norm))
        if self.rx_venue is not None:
            for m in self.rx_venue.finditer(text):
                self._named(text, m, add)
        for m in RX_STREET.finditer(text):
            self._named(text, m, add, label="PLACE")
        if ", " in text:
            for m in RX_FULLNAME_AGE.finditer(text):
                # not "Fox Lane, 14," (an address): both words must be able to be names
                if _free(text, m.start(), "") and m.group("f").lower() not in self.not_names \
                        and m.group("l").lower() not in self.not_names - {"ward"}:
                    s, e = m.span("a")
                    found.append(Entity("AGE", text[s:e], s, e, str(int(m.group("a")))))
        for n in names:
            m = RX_AGE_AFTER_NAME.match(text, n.end)
            if m:
                s, e = m.span("a")
                found.append(Entity("AGE", text[s:e], s, e, str(int(m.group("a")))))
        doc.user_data["intel_entities"] = _resolve(found, names)
        return doc


def _resolve(found: list[Entity], names: list[Entity]) -> list[Entity]:
    """Drop overlaps: structured entities first by priority, then longer spans win."""
    prio = _PRIO
    order = sorted(found + names, key=lambda e: (prio.get(e.label, 99), -(e.end - e.start), e.start))
    # one byte per character taken: an overlap test is a C-speed scan of the span, not a loop
    # over every entity kept so far
    taken = bytearray(max((e.end for e in order), default=0) + 1)
    out = []
    for e in order:
        if e.end > e.start and any(taken[e.start:e.end]):
            continue
        taken[e.start:e.end] = b"\x01" * (e.end - e.start)
        out.append(e)
    out.sort(key=lambda e: (e.start, e.end, e.label))
    return out


_PRIO = {lab: i for i, lab in enumerate(EntityFinder.PRIORITY)}

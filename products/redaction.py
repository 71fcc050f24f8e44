"""Turn raw excerpts into what a product may print.

nlp.redact does the masking; the two regexes below are a last net for phone numbers and emails
because a leaked contact detail in a circulated PDF cannot be recalled.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import yaml
from spacy.lang.en.stop_words import STOP_WORDS

from products.inputs import Excerpt
from products.render import TEMPLATES_DIR

HANDLING_C_NOTE = "handling code C: not quoted, see the originating LIT"
MAX_CHARS = 280

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# UK numbers: 07xxx xxxxxx, 020 xxxx xxxx, +44 7xxx ..., with spaces, dots or dashes.
_PHONE = re.compile(r"(?<![\w-])(?:\+44\s?\(?0?\)?\s?|\(?0)\d{2,4}\)?[\s.-]?\d{3,4}[\s.-]?\d{3,4}(?![\w-])")


@dataclass(frozen=True)
class ShownExcerpt:
    """An excerpt as printed: redacted text, or the handling-code-C note, with its grading."""

    record_id: str
    text: str
    grade_code: str
    weak: bool
    quoted: bool
    bcu: str
    date: str


def _nlp_redact(text: str, entities) -> str:
    from nlp.redact import redact  # imported here so products/ loads before nlp's models are built

    return redact(text, entities)


@lru_cache(maxsize=1)
def _lists() -> tuple[frozenset, frozenset]:
    with open(TEMPLATES_DIR / "redaction.yaml", encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or {}
    return (frozenset(str(w).upper() for w in data.get("not_names") or []),
            frozenset(str(w).casefold() for w in data.get("keep_words") or []))


_WORD = r"[A-Z][a-z][a-z'’\-]*"
_CAPS = r"[A-Z][A-Z'’]*[A-Z](?:-[A-Z][A-Z'’]*[A-Z])*"  # SMITH, O'NEIL, SMITH-JONES
# A reference such as CR-2026-000123 is not a surname: capitals followed by "-digit" are left alone.
_PAIR = re.compile(rf"\b(?:({_WORD})\s+({_CAPS})(?![\w'’-]*-\d)|({_CAPS})\s+({_WORD}))\b")


# One to three capitalised words right before an age: "Nimco Celik (12)", "Ali KHAN, 16yo", "Ana aged 15".
_NAMEWORD = r"(?:[A-Z][a-z][a-z'’\-]*|[A-Z][A-Z'’]*[A-Z])"
# ... or before a date of birth: "MFH: Tiago CLARKE, DOB 16/05/2011"
_DOB_AFTER = r",?\s*(?i:dob|d\.o\.b|date of birth)\b"
_AGED = re.compile(rf"\b({_NAMEWORD}(?:\s+{_NAMEWORD}){{0,2}})(?=\s*\(\d{{1,2}}\)|,?\s*\d{{1,2}}\s*(?:yo|y/o|yrs|years? old)\b"
                   rf"|,?\s+aged\s+\d{{1,2}}\b|,\s*\d{{1,2}}\s*,|{_DOB_AFTER})")
# Lower-cased narratives ("intelligence re yp tia demir, 13, ...") lose the capitals the rules above
# need; there a name is the one or two words after an introducer and before an age.
_AGED_LOWER = re.compile(r"\b(?:re|regarding|about|yp|ip|victim|misper|mfh|notification:|referral for|for"
                         r"|(?i:mfh|misper|name|subject|ip|yp|victim|child)\s*:)\s+"
                         r"([a-z][a-z'’\-]+(?:\s+[a-z][a-z'’\-]+)?)(?=\s*\(\d{1,2}\)|,\s*\d{1,2}\s*(?:,|yo\b)"
                         rf"|\s+aged\s+\d{{1,2}}\b|{_DOB_AFTER})")
_NOT_LOWER_NAMES = {"yp", "ip", "the", "a", "an", "her", "his", "their", "child", "girl", "boy", "male", "female",
                    "victim", "suspect", "sibling", "brother", "sister", "son", "daughter", "mother", "father",
                    "mum", "dad", "teenager", "youth", "person", "adult", "baby", "infant", "pupil", "student"}
_BEFORE = re.compile(r"\b([A-Z][a-z][a-z'’\-]*)\s+$")
_AFTER = re.compile(r"^\s+([A-Z][a-z][a-z'’\-]*|[A-Z]{2,})\b")


def name_tokens(text: str, entities=None, *, lower: bool = True) -> set[str]:
    """Words that are part of a name: PERSON/NICKNAME entities with the capitalised word either side
    (the NLP layer may catch only "Ahmed" of "Andreea Ahmed"), and First SURNAME / SURNAME First pairs."""
    not_names, keep = _lists()
    tokens: set[str] = set()
    for e in entities or []:
        if getattr(e, "label", "") in ("PERSON", "NICKNAME"):
            words = re.findall(r"[A-Za-z][A-Za-z'’\-]+", e.text)
            # A lower-case word inside an entity ("Barking and Dagenham" mistaken for a name) is not
            # spread unless the whole entity is lower-case text, and then only within this text.
            tokens.update(w for w in words if w[0].isupper() or (lower and e.text.islower()))
            if getattr(e, "label", "") == "PERSON" and 0 <= e.start <= e.end <= len(text) \
                    and text[e.start:e.end] == e.text:
                for m in (_BEFORE.search(text, max(0, e.start - 40), e.start), _AFTER.match(text[e.end:e.end + 40])):
                    if m:
                        tokens.add(m.group(1))
    for m in _PAIR.finditer(text):
        word, caps = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        if caps.upper() not in not_names and len(caps.strip("'’-")) >= 2:
            tokens.update((word, caps))
    for m in _AGED.finditer(text):
        tokens.update(m.group(1).split())
    if lower:  # weaker evidence: used for this text only, never spread as a hint to other texts
        for m in _AGED_LOWER.finditer(text):
            words = m.group(1).split()
            if words[0] in STOP_WORDS:  # "for the record, DOB checks ..."
                continue
            tokens.update(w for w in words if w not in _NOT_LOWER_NAMES)
    # Parts of O'NEIL-JONES too, in case another mask already took part of the whole.
    tokens |= {p for t in tokens for p in re.split(r"['’-]", t) if len(p) >= 3}
    return {t for t in tokens if len(t) >= 2 and t.casefold() not in keep and t.upper() not in not_names
            and t.casefold() not in STOP_WORDS}


_WORDS = re.compile(r"[A-Za-z]+(?:['’\-][A-Za-z]+)*")


@lru_cache(maxsize=8)
def _forms(tokens: frozenset[str], lower: bool) -> frozenset[str]:
    # Case-sensitive forms (Will, WILL) so a name like "Will" leaves the verb "will" alone in prose;
    # the lower-case form only for word lists (cluster terms), where names arrive lower-cased.
    forms = {f for t in tokens for f in (t, t.upper(), t[:1].upper() + t[1:].lower())}
    if lower:
        forms |= {t.lower() for t in tokens if len(t) >= 3}
    return frozenset(forms)


def _spread(text: str, tokens, *, lower: bool = False) -> str:
    """Mask every remaining mention of a name's words ("Tanya was found" after "Tanya WILLIAMS").

    Word by word with a set lookup: thousands of name words cost no more than one.
    """
    if not tokens:
        return text
    forms = _forms(frozenset(tokens), lower)

    def sub(m: re.Match) -> str:
        w = m.group()
        if w in forms or any(p in forms for p in re.split(r"['’\-]", w) if len(p) >= 3):
            return "[NAME]"
        return w

    out = _WORDS.sub(sub, text)
    return re.sub(r"\[NAME\](?:[\s,'’-]*\[NAME\])+", "[NAME]", out)


def mask(text: str, entities=None, *, tokens: set[str] | None = None, hints: frozenset[str] = frozenset()) -> str:
    """Redact names, contact details, addresses, postcodes and dates of birth.

    `hints` are name words seen anywhere in the records behind the product (never printed): a name
    the NLP layer missed in this text but found in another is still masked.
    """
    tokens = name_tokens(text, entities) if tokens is None else tokens
    out = _nlp_redact(text, entities)
    out = _spread(out, tokens)
    out = _spread(out, hints)
    out = _EMAIL.sub("[EMAIL]", out)
    return _PHONE.sub("[PHONE]", out)


def mask_terms(text: str, hints: frozenset[str] = frozenset()) -> str:
    """Pattern summaries, ids and cluster terms: machine-made from narratives, often lower-cased."""
    out = _spread(mask(text, hints=hints), hints, lower=True)
    return out


# A sentence ends at . ! or ? followed by white space, so emails and "LR15 KTW." stay whole.
_SENTENCE = re.compile(r"\S.*?(?:[.!?]+(?=\s)|$)", re.S)


def _sentences(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _SENTENCE.finditer(text) if m.group().strip()]


def mask_focused(ex: Excerpt, limit: int = MAX_CHARS, hints: frozenset[str] = frozenset()) -> str:
    """The sentences holding the evidence (or the opening ones), each redacted, up to `limit` chars.

    Each sentence is redacted on its own with the entities shifted to it, so the entity offsets
    found on the full text still line up; names found anywhere in the text are masked everywhere.
    """
    text, ents = ex.text, list(ex.entities) if ex.entities is not None else None
    tokens = name_tokens(text, ents)
    sents = _sentences(text)
    idx = [i for i, (a0, b0) in enumerate(sents) if any(a < b0 and b > a0 for a, b in ex.focus)] if ex.focus else []
    idx = idx or list(range(len(sents)))
    parts, used, prev = [], 0, -1
    for i in idx:
        start, end = sents[i]
        sub = None
        if ents is not None:
            sub = [type(e)(e.label, e.text, e.start - start, e.end - start, e.norm) for e in ents
                   if e.start >= start and e.end <= end]
        piece = " ".join(mask(text[start:end], sub, tokens=tokens, hints=hints).split())
        if i != prev + 1:
            piece = "… " + piece  # sentences left out before this one
        if used and used + len(piece) > limit:
            parts.append("…")
            break
        parts.append(piece)
        used += len(piece) + 1
        prev = i
    return _shorten(" ".join(parts), limit + 40)


def _shorten(text: str, limit: int = MAX_CHARS) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit] + " …"


def show(ex: Excerpt, hints: frozenset[str] = frozenset()) -> ShownExcerpt:
    if ex.grade.may_quote:
        text, quoted = mask_focused(ex, hints=hints), True
    else:
        text, quoted = HANDLING_C_NOTE, False
    return ShownExcerpt(
        record_id=ex.record_id,
        text=text,
        grade_code=ex.grade.label if ex.grade.label == "ungraded" else f"graded {ex.grade.label}",
        weak=ex.grade.is_weak,
        quoted=quoted,
        bcu=ex.bcu,
        date=ex.date.isoformat() if ex.date else "",
    )

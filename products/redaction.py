"""Turn raw excerpts into what a product may print.

nlp.redact does the masking; the two regexes below are a last net for phone numbers and emails
because a leaked contact detail in a circulated PDF cannot be recalled.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from products.inputs import Excerpt

HANDLING_C_NOTE = "handling code C: not quoted, see the originating LIT"
MAX_CHARS = 320

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


def mask(text: str, entities=None) -> str:
    """Redact names, contact details, addresses, postcodes and dates of birth."""
    out = _nlp_redact(text, entities)
    out = _EMAIL.sub("[EMAIL]", out)
    return _PHONE.sub("[PHONE]", out)


def _shorten(text: str, limit: int = MAX_CHARS) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit] + " …"


def show(ex: Excerpt) -> ShownExcerpt:
    if ex.grade.may_quote:
        # Redact the whole text first so offsets in `entities` still match, then shorten.
        text, quoted = _shorten(mask(ex.text, ex.entities)), True
    else:
        text, quoted = HANDLING_C_NOTE, False
    return ShownExcerpt(
        record_id=ex.record_id,
        text=text,
        grade_code=ex.grade.code,
        weak=ex.grade.is_weak,
        quoted=quoted,
        bcu=ex.bcu,
        date=ex.date.isoformat() if ex.date else "",
    )

"""Redaction for products: masks personal identifiers, keeps what analysts need (case
references, BCUs, places, venues, platforms, ages).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from nlp.entities import RX_DOB, RX_EMAIL, RX_PHONE, RX_POSTCODE, _norm_phone
from nlp.extraction import Entity

if TYPE_CHECKING:  # pragma: no cover
    from nlp.pipeline import Extractor

MASKS = {"PERSON": "[NAME]", "PHONE": "[PHONE]", "EMAIL": "[EMAIL]", "POSTCODE": "[POSTCODE]",
         "NICKNAME": "[NAME]"}
# A house number (or flat) followed by a street name: "14 Oakleigh Road", "Flat 3, 22 Kingsbury Road".
_STREET = (r"(?:Road|Rd|Street|St|Lane|Ln|Avenue|Ave|Close|Gardens|Gdns|Way|Drive|Dr|Crescent|Cres|Grove|"
           r"Place|Square|Terrace|Hill|Rise|Walk|Mews|Parade|Court|Row|Green|Park|Vale|View|Estate|House|Tower)")
RX_ADDRESS = re.compile(
    r"\b(?:(?:Flat|Apartment|Apt|Unit)\s+\d+[A-Za-z]?,?\s+)?\d{1,4}[A-Za-z]?,?\s+(?:[A-Z][a-z'\-]+\s+){1,3}" + _STREET + r"\b"
)


@lru_cache(maxsize=1)
def _default_extractor() -> "Extractor":
    from nlp.pipeline import Extractor

    return Extractor.from_config()


def redact(text: str, entities: list[Entity] | None = None, *, extractor: "Extractor | None" = None) -> str:
    """Mask PERSON, PHONE, EMAIL, POSTCODE, street addresses and dates of birth.

    >>> redact("Chloe (15) on 07700 900123", [Entity("PERSON", "Chloe", 0, 5, "chloe")])
    '[NAME] (15) on [PHONE]'
    """
    if not text:
        return ""
    if entities is None:
        entities = (extractor or _default_extractor()).extract(text).entities
    spans: list[tuple[int, int, str]] = []
    for e in entities:
        mask = MASKS.get(e.label)
        if e.label == "AGE" and not e.text.strip().isdigit() and re.search(r"\d[/.\-]\d", e.text):
            mask = "[DOB]"  # an age worked out from a date of birth shows the date itself
        if mask and 0 <= e.start < e.end <= len(text):
            spans.append((e.start, e.end, mask))
    # Belt and braces: the identifiers with a fixed shape are masked even if not passed in.
    for m in RX_ADDRESS.finditer(text):
        spans.append((m.start(), m.end(), "[ADDRESS]"))
    for m in RX_DOB.finditer(text):
        spans.append((m.start("d"), m.end("d"), "[DOB]"))
    for m in RX_EMAIL.finditer(text):
        spans.append((m.start(), m.end(), "[EMAIL]"))
    for m in RX_PHONE.finditer(text):
        if _norm_phone(m.group()):
            spans.append((m.start(), m.end(), "[PHONE]"))
    for m in RX_POSTCODE.finditer(text):
        spans.append((m.start(), m.end(), "[POSTCODE]"))
    # Longest first at each start; overlapping spans merge into the first mask.
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    out, pos = [], 0
    for s, e, mask in spans:
        if s < pos:
            if e > pos:
                pos = e
            continue
        out.append(text[pos:s])
        out.append(mask)
        pos = e
    out.append(text[pos:])
    return "".join(out)

"""`Item`: the plain per-narrative input of the pattern engine, built from a Record and its Extraction."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from intel.weeks import week_of


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    date: date
    bcu: str
    themes: tuple[str, ...] = ()
    entities: tuple[tuple[str, str], ...] = ()  # (label, norm)
    risk: int = 0
    may_quote: bool = True  # handling code C is never quoted, so never used as an excerpt
    # nlp Entity objects, for redaction; None when the NLP has not run (redaction then finds them)
    spans: tuple | None = field(default=None, compare=False, repr=False)

    week: str = field(default="", init=False, compare=False, repr=False)

    def __post_init__(self):
        # asked for in every loop of the engine: worked out once
        object.__setattr__(self, "week", week_of(self.date))


def item_from(record, extraction=None) -> Item:
    """Record (+ Extraction, if the NLP has run) -> Item."""
    ents: tuple = ()
    spans: tuple | None = None
    themes: tuple = ()
    risk = 0
    if extraction is not None:
        themes = tuple(extraction.theme_ids)
        spans = tuple(extraction.entities)
        ents = tuple((e.label, e.norm) for e in extraction.entities)
        risk = int(extraction.risk.score)
    return Item(
        id=record.id, text=record.text, date=record.date, bcu=record.bcu, themes=themes,
        entities=ents, risk=risk, may_quote=record.grading.may_quote, spans=spans,
    )

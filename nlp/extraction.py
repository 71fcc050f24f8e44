"""`Extraction`: what the NLP layer finds in one text, in the shape of `intel extract` JSON.

The CLI, the store (as JSON) and the tests share this one definition.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

CONTEXT_FLAGS = ("negated", "hypothetical", "historical", "uncertain", "other_subject")


@dataclass(frozen=True)
class Evidence:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class ThemeHit:
    id: str
    score: float
    evidence: list[Evidence] = field(default_factory=list)


@dataclass(frozen=True)
class IndicatorMention:
    id: str
    start: int
    end: int
    text: str
    negated: bool = False
    hypothetical: bool = False
    historical: bool = False
    uncertain: bool = False
    other_subject: bool = False

    @property
    def asserted(self) -> bool:
        """A mention asserts its indicator when no context flag is set."""
        return not any(getattr(self, f) for f in CONTEXT_FLAGS)

    @property
    def flags(self) -> list[str]:
        return [f for f in CONTEXT_FLAGS if getattr(self, f)]


@dataclass(frozen=True)
class Entity:
    label: str  # AGE, VRM, PHONE, EMAIL, POSTCODE, PLATFORM, VENUE, PLACE, DATE, NICKNAME, PERSON
    text: str
    start: int
    end: int
    norm: str


@dataclass(frozen=True)
class Risk:
    score: int  # 0..100
    band: str  # low | medium | high
    reasons: list[str] = field(default_factory=list)


@dataclass
class Extraction:
    id: str
    themes: list[ThemeHit] = field(default_factory=list)
    indicators: list[IndicatorMention] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    risk: Risk = field(default_factory=lambda: Risk(0, "low", []))

    @property
    def theme_ids(self) -> list[str]:
        return [t.id for t in self.themes]

    @property
    def asserted_indicators(self) -> list[str]:
        """Indicator ids with at least one mention that has no context flag, sorted."""
        return sorted({m.id for m in self.indicators if m.asserted})

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "Extraction":
        return cls(
            id=str(d["id"]),
            themes=[
                ThemeHit(t["id"], float(t["score"]), [Evidence(**e) for e in t.get("evidence", [])])
                for t in d.get("themes", [])
            ],
            indicators=[IndicatorMention(**m) for m in d.get("indicators", [])],
            entities=[Entity(**e) for e in d.get("entities", [])],
            risk=Risk(**d["risk"]) if d.get("risk") else Risk(0, "low", []),
        )

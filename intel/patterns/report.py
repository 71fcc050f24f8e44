"""`PatternReport`: what the pattern engine says about a week, in the shape of `intel patterns --json`."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

PATTERN_KINDS = ("new_cluster", "emerging_cluster", "spike", "linked_series")


@dataclass
class Cluster:
    id: str  # stable week to week, e.g. "C0007"
    label: str
    terms: list[str]
    size: int
    records: list[str]  # this week's narratives in the cluster, nearest the centre first
    weekly_counts: dict[str, int]  # ISO week "2026-W47" -> count
    status: str  # new | emerging | stable | declining | merged | split
    excerpts: list[str] = field(default_factory=list)  # redacted representative excerpts


@dataclass
class Pattern:
    kind: str  # one of PATTERN_KINDS
    id: str
    theme: str | None
    bcus: list[str]
    weeks: list[str]
    records: list[str]  # this week's narratives in the cluster, nearest the centre first
    entities: list[dict]  # [{"label": "VRM", "norm": "LR15KTW"}]
    terms: list[str]
    score: float
    summary: str
    statistic: dict = field(default_factory=dict)  # e.g. {"observed": 9, "expected": 2.1, "p": 0.0004, "q": 0.01}


@dataclass
class PatternReport:
    week: str
    clusters: list[Cluster] = field(default_factory=list)
    patterns: list[Pattern] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "PatternReport":
        return cls(
            week=d["week"],
            clusters=[Cluster(**c) for c in d.get("clusters", [])],
            patterns=[Pattern(**p) for p in d.get("patterns", [])],
        )

"""What a product is made from: plain dataclasses, filled by intel/briefs.py or by hand in tests.

Excerpt text here is raw narrative; products/ redacts it (and withholds handling code C) before
any template sees it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class Period:
    week: str  # ISO week, e.g. "2026-W47"
    start: date
    end: date


@dataclass(frozen=True)
class Grade:
    """3x5x2 grading of one piece of intelligence; any part may be missing."""

    source_eval: str | None = None  # 1 | 2 | 3
    intel_assessment: str | None = None  # A..E
    handling: str | None = None  # P | C

    @property
    def code(self) -> str:
        return f"{self.source_eval or '?'}{self.intel_assessment or '?'} {self.handling or '?'}"

    @property
    def label(self) -> str:
        """The code as printed: 'ungraded' when no part is recorded."""
        if not (self.source_eval or self.intel_assessment or self.handling):
            return "ungraded"
        return self.code

    @property
    def is_weak(self) -> bool:
        return self.source_eval == "3" or self.intel_assessment in ("D", "E")

    @property
    def is_graded(self) -> bool:
        return bool(self.source_eval and self.intel_assessment and self.handling)

    @property
    def may_quote(self) -> bool:
        return self.handling != "C"


@dataclass(frozen=True)
class Excerpt:
    record_id: str
    text: str  # raw; redacted by products/ before rendering
    grade: Grade = field(default_factory=Grade)
    bcu: str = ""
    date: date | None = None
    entities: list | None = None  # nlp Entity list for `text`, if known (saves a second pass)
    focus: list[tuple[int, int]] = field(default_factory=list)  # evidence spans: quote the sentences holding them


@dataclass(frozen=True)
class ThemeCount:
    theme: str  # taxonomy id
    label: str
    this_week: int
    avg_4wk: float  # mean of the 4 weeks before this one
    baseline: float  # mean weekly count over the longer baseline before that


@dataclass(frozen=True)
class PatternItem:
    id: str
    kind: str  # new_cluster | emerging_cluster | spike | linked_series
    summary: str
    theme: str | None = None
    bcus: list[str] = field(default_factory=list)
    weeks: list[str] = field(default_factory=list)
    records: list[str] = field(default_factory=list)
    entities: list[dict] = field(default_factory=list)  # [{"label": "VRM", "norm": "LR15KTW"}]
    terms: list[str] = field(default_factory=list)
    score: float = 0.0
    statistic: dict = field(default_factory=dict)
    excerpts: list[Excerpt] = field(default_factory=list)
    action: str | None = None  # None: products/ picks one from templates/actions.yaml


@dataclass(frozen=True)
class Backlog:
    name: str  # "MASH", "PPD"
    open_items: int
    oldest_days: int | None  # age in days of the oldest open item at the end of the week


@dataclass(frozen=True)
class RepeatMissing:
    case_ref: str
    episodes: int  # in the reporting window
    episodes_this_week: int


@dataclass(frozen=True)
class FocusAreas:
    cse_new: int = 0  # CSE records this week
    cse_open: int = 0  # CSE investigations still open at the end of the week
    iioc_cases: int = 0
    iioc_with_plan: int = 0
    iioc_without_plan: list[str] = field(default_factory=list)  # case references
    iioc_plan_unknown: int = 0
    missing_episodes: int = 0
    missing_children: int = 0
    repeat_missing: list[RepeatMissing] = field(default_factory=list)
    repeat_window_weeks: int = 12
    backlogs: list[Backlog] = field(default_factory=list)
    nfa_notifications: int = 0
    nfa_refs: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class HighRiskChild:
    case_ref: str
    score: int
    band: str
    reasons: list[str]
    records: list[str] = field(default_factory=list)
    grade: Grade = field(default_factory=Grade)  # of the record the score rests on


@dataclass(frozen=True)
class DataQuality:
    records: int = 0
    ungraded: int = 0
    ungraded_refs: list[str] = field(default_factory=list)
    missing_fields: dict[str, int] = field(default_factory=dict)  # field -> records missing it
    quarantined: int = 0
    quarantine_reasons: dict[str, int] = field(default_factory=dict)  # "field: reason" -> rows


@dataclass(frozen=True)
class GradingSpread:
    """Counts of this week's records by source evaluation x intelligence assessment, and handling."""

    cells: dict[str, int] = field(default_factory=dict)  # "2B" -> n; "?" for a missing part
    handling: dict[str, int] = field(default_factory=dict)  # "P" | "C" | "?" -> n


@dataclass(frozen=True)
class Provenance:
    pipeline_version: str = ""
    taxonomy_version: str = ""
    model_version: str = ""
    produced_at: datetime | None = None
    produced_by: str = ""
    run_id: int | None = None  # kept in the store's runs table and the archive; not printed (it changes per run)
    input_range: str = ""  # e.g. "2026-W36 to 2026-W47"
    input_digest: str = ""  # SHA-256 prefix over the ids and content hashes read: same digest, same inputs


@dataclass(frozen=True)
class Briefing:
    force_name: str
    bcu: str | None  # None: force-wide
    period: Period
    theme_counts: list[ThemeCount]
    patterns: list[PatternItem] = field(default_factory=list)
    focus: FocusAreas = field(default_factory=FocusAreas)
    high_risk: list[HighRiskChild] = field(default_factory=list)
    data_quality: DataQuality = field(default_factory=DataQuality)
    grading: GradingSpread = field(default_factory=GradingSpread)
    provenance: Provenance = field(default_factory=Provenance)
    marking: str = "OFFICIAL-SENSITIVE"
    baseline_weeks: int = 12
    bcu_counts: dict[str, int] = field(default_factory=dict)  # force-wide only: BCU -> records this week
    name_hints: frozenset[str] = frozenset()  # name words seen in the records behind it; masked, never printed

    @property
    def area(self) -> str:
        return self.bcu or "Force-wide"

    @property
    def records_this_week(self) -> int:
        return self.data_quality.records


@dataclass(frozen=True)
class PlaceCount:
    name: str
    label: str  # PLACE | VENUE | PLATFORM ...
    count: int


@dataclass(frozen=True)
class ProblemProfile:
    """NIM problem profile for one theme over a run of weeks."""

    force_name: str
    bcu: str | None
    theme: str
    theme_label: str
    theme_definition: str
    weeks: list[str]
    weekly_counts: dict[str, int]  # week -> records with the theme
    bcu_counts: dict[str, int] = field(default_factory=dict)
    places: list[PlaceCount] = field(default_factory=list)
    indicators: dict[str, int] = field(default_factory=dict)  # indicator id -> asserted mentions
    patterns: list[PatternItem] = field(default_factory=list)
    excerpts: list[Excerpt] = field(default_factory=list)
    high_risk: list[HighRiskChild] = field(default_factory=list)
    grading: GradingSpread = field(default_factory=GradingSpread)
    provenance: Provenance = field(default_factory=Provenance)
    marking: str = "OFFICIAL-SENSITIVE"
    name_hints: frozenset[str] = frozenset()  # as for Briefing

    @property
    def area(self) -> str:
        return self.bcu or "Force-wide"

    @property
    def total(self) -> int:
        return sum(self.weekly_counts.values())

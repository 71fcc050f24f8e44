"""The record: one LIT submission or case narrative, as it crosses intake -> store -> nlp."""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from enum import Enum


class RecordKind(str, Enum):
    LIT_SUBMISSION = "lit_submission"
    CRIME_REPORT = "crime_report"
    MISSING_RETURN = "missing_return"
    MASH_REFERRAL = "mash_referral"
    OFFENDER_VISIT = "offender_visit"
    OTHER = "other"


SOURCE_EVALS = ("1", "2", "3")  # 3x5x2: 1 reliable, 2 untested, 3 not reliable
INTEL_ASSESSMENTS = ("A", "B", "C", "D", "E")  # A known directly ... E suspected to be false
HANDLING_CODES = ("P", "C")  # P lawful sharing permitted; C sharing only under conditions

# Intake fields in the order exports usually carry them; anything else goes into `extra`.
REQUIRED_FIELDS = ("id", "text", "date", "bcu", "kind")
OPTIONAL_FIELDS = (
    "source_eval", "intel_assessment", "handling", "handling_conditions", "ward", "status",
    "outcome", "safeguarding_plan", "opened_at", "closed_at", "author",
)
DATE_FIELDS = ("date", "opened_at", "closed_at")


@dataclass(frozen=True)
class Grading:
    """3x5x2 grading. Any part may be missing (ungraded) on narratives that are not intelligence."""

    source_eval: str | None = None
    intel_assessment: str | None = None
    handling: str | None = None
    handling_conditions: str | None = None

    @property
    def code(self) -> str:
        """E.g. '2B P'; '?' for a missing part."""
        return f"{self.source_eval or '?'}{self.intel_assessment or '?'} {self.handling or '?'}"

    @property
    def is_graded(self) -> bool:
        return bool(self.source_eval and self.intel_assessment and self.handling)

    @property
    def is_weak(self) -> bool:
        """A judgement resting on an unreliable source or doubtful intelligence must say so."""
        return self.source_eval == "3" or self.intel_assessment in ("D", "E")

    @property
    def may_quote(self) -> bool:
        """Handling code C is shared only under its conditions, so products never quote it."""
        return self.handling != "C"


@dataclass
class Record:
    id: str
    kind: RecordKind
    text: str
    date: date
    bcu: str
    grading: Grading = field(default_factory=Grading)
    ward: str | None = None
    status: str | None = None
    outcome: str | None = None
    safeguarding_plan: bool | None = None
    opened_at: date | None = None
    closed_at: date | None = None
    author: str | None = None
    extra: dict = field(default_factory=dict)

    def content_hash(self) -> str:
        """Hash of everything the record says, to tell a re-sent row from a new version."""
        # Fields joined by NUL (which intake refuses inside values), with a mask telling None from
        # "": much cheaper than JSON, and intake hashes every row it reads.
        g = self.grading
        fields = (self.id, self.kind.value, self.text, _iso(self.date), self.bcu, g.source_eval,
                  g.intel_assessment, g.handling, g.handling_conditions, self.ward, self.status, self.outcome,
                  None if self.safeguarding_plan is None else str(self.safeguarding_plan),
                  _iso(self.opened_at), _iso(self.closed_at), self.author)
        mask = "".join(["0" if f is None else "1" for f in fields])
        payload = "\x00".join((mask, *[f or "" for f in fields], _extra_key(self.extra)))
        return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()

    def text_hash(self) -> str:
        return text_hash(self.text)

    def to_dict(self) -> dict:
        """Flat intake-schema dict (dates as ISO strings), the inverse of `from_dict`."""
        # Built by hand rather than with asdict: intake hashes every row, and asdict is slow.
        g = self.grading
        iso = _iso
        return {
            "id": self.id, "kind": self.kind.value, "text": self.text, "date": iso(self.date),
            "bcu": self.bcu, "ward": self.ward, "status": self.status, "outcome": self.outcome,
            "safeguarding_plan": self.safeguarding_plan, "opened_at": iso(self.opened_at),
            "closed_at": iso(self.closed_at), "author": self.author, "extra": copy.deepcopy(self.extra),
            "source_eval": g.source_eval, "intel_assessment": g.intel_assessment, "handling": g.handling,
            "handling_conditions": g.handling_conditions,
        }

    @classmethod
    def from_dict(cls, d: dict) -> "Record":
        """Build from an already-validated flat dict (see intel.intake for validation)."""

        def _date(v):
            if v is None or isinstance(v, date):
                return v
            return date.fromisoformat(str(v)[:10])

        return cls(
            id=str(d["id"]),
            kind=RecordKind(d["kind"]),
            text=d["text"],
            date=_date(d["date"]),
            bcu=d["bcu"],
            grading=Grading(
                source_eval=d.get("source_eval"),
                intel_assessment=d.get("intel_assessment"),
                handling=d.get("handling"),
                handling_conditions=d.get("handling_conditions"),
            ),
            ward=d.get("ward"),
            status=d.get("status"),
            outcome=d.get("outcome"),
            safeguarding_plan=d.get("safeguarding_plan"),
            opened_at=_date(d.get("opened_at")),
            closed_at=_date(d.get("closed_at")),
            author=d.get("author"),
            extra=dict(d.get("extra") or {}),
        )


# One encoder, built once: json.dumps with options builds a new one on every call.
_extra_json = json.JSONEncoder(sort_keys=True, ensure_ascii=False, default=str).encode


def _extra_key(extra: dict) -> str:
    """Canonical text of `extra` for hashing: length-prefixed when all text (CSV), else JSON."""
    if not extra:
        return ""
    items = sorted(extra.items())
    if all(k.__class__ is str and v.__class__ is str for k, v in items):
        return "s" + "".join([f"{len(k)}:{k}{len(v)}:{v}" for k, v in items])
    return "j" + _extra_json(extra)


def _iso(d: date | None) -> str | None:
    return None if d is None else d.isoformat()


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()

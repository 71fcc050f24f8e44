"""The audit log: who did what to which records, and why (DPA 2018 s.62 logging).

Every processing operation on records writes one event of the six kinds the Act names. The store
writes them (`Store.audit`); this module holds the vocabulary and the readable listing.
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone

from intel.errors import IntelError

COLLECTION = "collection"        # records taken in: ingest, submit
ALTERATION = "alteration"        # a record replaced by a new version
CONSULTATION = "consultation"    # records read: searches, extraction runs, pattern reports
DISCLOSURE = "disclosure"        # records leave the store: export, briefing, delivery
COMBINATION = "combination"      # records joined with others: linked series, clusters
ERASURE = "erasure"              # a record removed with its versions and derived data

AUDIT_ACTIONS = (COLLECTION, ALTERATION, CONSULTATION, DISCLOSURE, COMBINATION, ERASURE)


@dataclass(frozen=True)
class AuditEvent:
    id: int
    at: datetime  # UTC, timezone-aware
    user: str
    action: str
    what: str
    record_ids: list[str] = field(default_factory=list)
    why: str = ""

    def to_dict(self) -> dict:
        return {"id": self.id, "at": self.at.isoformat(), "user": self.user, "action": self.action,
                "what": self.what, "record_ids": list(self.record_ids), "why": self.why}


def default_user() -> str:
    """Who is acting, for the audit log: INTEL_USER, else the login name."""
    return os.environ.get("INTEL_USER") or getpass.getuser()


def check_action(action: str) -> str:
    if action not in AUDIT_ACTIONS:
        raise IntelError(f"audit action {action!r}: expected one of {', '.join(AUDIT_ACTIONS)} (DPA 2018 s.62)")
    return action


def parse_since(text: str) -> datetime:
    """'2026-11-20' (midnight UTC) or '2026-11-20T14:00' (UTC unless it carries a zone)."""
    try:
        if len(text.strip()) == 10:
            return datetime.combine(date.fromisoformat(text.strip()), time(0), tzinfo=timezone.utc)
        dt = datetime.fromisoformat(text.strip())
    except ValueError:
        raise IntelError(f"--since {text!r}: expected a date or time such as 2026-11-20 or 2026-11-20T14:00") from None
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def describe_records(record_ids: list[str], limit: int = 3) -> str:
    """'CR-1, CR-2, CR-3 and 97 more' for a readable one-line listing."""
    if not record_ids:
        return "-"
    shown = ", ".join(record_ids[:limit])
    more = len(record_ids) - limit
    return f"{shown} and {more} more" if more > 0 else shown

"""ISO reporting weeks (Monday to Sunday), written '2026-W47'."""

from __future__ import annotations

import re
from datetime import date, timedelta

from intel.errors import IntelError

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def week_of(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def parse_week(text: str) -> tuple[date, date]:
    """'2026-W47' -> (Monday, Sunday) of that week."""
    m = _WEEK.match(text.strip())
    if not m:
        raise IntelError(f"week {text!r}: expected YYYY-Www, for example 2026-W47")
    try:
        monday = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
    except ValueError as exc:
        raise IntelError(f"week {text!r}: {exc}") from None
    return monday, monday + timedelta(days=6)


def shift_week(week: str, n: int) -> str:
    monday, _ = parse_week(week)
    return week_of(monday + timedelta(weeks=n))


def weeks_between(first: str, last: str) -> list[str]:
    """Every ISO week from `first` to `last` inclusive."""
    start, _ = parse_week(first)
    end, _ = parse_week(last)
    out = []
    while start <= end:
        out.append(week_of(start))
        start += timedelta(weeks=1)
    return out


def last_complete_week(today: date) -> str:
    """The most recent week whose Sunday is before `today`."""
    return week_of(today - timedelta(days=today.isoweekday()))

"""The audit vocabulary and helpers (the store's audit log is tested in test_store.py)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from intel.audit import AUDIT_ACTIONS, check_action, default_user, describe_records, parse_since
from intel.errors import IntelError


def test_the_six_kinds_of_dpa_s62():
    assert AUDIT_ACTIONS == ("collection", "alteration", "consultation", "disclosure", "combination", "erasure")
    assert check_action("disclosure") == "disclosure"
    with pytest.raises(IntelError, match="DPA 2018 s.62"):
        check_action("export")


def test_parse_since_accepts_dates_and_times_in_utc():
    assert parse_since("2026-11-20") == datetime(2026, 11, 20, tzinfo=timezone.utc)
    assert parse_since("2026-11-20T14:30") == datetime(2026, 11, 20, 14, 30, tzinfo=timezone.utc)
    assert parse_since("2026-11-20T14:30+01:00") == datetime(2026, 11, 20, 13, 30, tzinfo=timezone.utc)
    with pytest.raises(IntelError, match="--since 'last week'"):
        parse_since("last week")


def test_describe_records_shortens_long_lists():
    assert describe_records([]) == "-"
    assert describe_records(["A", "B"]) == "A, B"
    assert describe_records([f"R{i}" for i in range(10)]) == "R0, R1, R2 and 7 more"


def test_default_user_prefers_intel_user(monkeypatch):
    monkeypatch.setenv("INTEL_USER", "analyst7")
    assert default_user() == "analyst7"

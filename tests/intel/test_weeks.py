from datetime import date

import pytest

from intel.errors import IntelError
from intel.weeks import last_complete_week, parse_week, shift_week, week_of, weeks_between


def test_week_round_trip():
    monday, sunday = parse_week("2026-W48")
    assert monday == date(2026, 11, 23) and sunday == date(2026, 11, 29)
    assert week_of(sunday) == "2026-W48"


def test_year_boundary():
    assert shift_week("2026-W53", 1) == "2027-W01"
    assert weeks_between("2026-W52", "2027-W02") == ["2026-W52", "2026-W53", "2027-W01", "2027-W02"]


def test_last_complete_week_on_a_friday_is_the_week_before():
    assert last_complete_week(date(2026, 11, 27)) == "2026-W47"


def test_bad_week_says_the_format():
    with pytest.raises(IntelError, match="YYYY-Www"):
        parse_week("2026-47")

import pytest

from intel.patterns.scan import benjamini_hochberg, scan, tail_p
from intel.patterns.settings import ScanSettings

WEEKS = [f"2026-W{n}" for n in range(38, 46)]


def test_benjamini_hochberg_matches_hand_computation():
    # sorted p 0.01, 0.03, 0.04, 0.5 -> p*m/rank 0.04, 0.06, 0.0533, 0.5 -> running minimum from the top
    q = benjamini_hochberg([0.01, 0.04, 0.03, 0.5])
    assert q == pytest.approx([0.04, 0.16 / 3, 0.16 / 3, 0.5])


def test_tail_probability_orders_and_negbin_is_more_cautious():
    assert tail_p(10, 2.0, "poisson") < tail_p(5, 2.0, "poisson") < 1
    assert tail_p(10, 2.0, "negbin", 0.2) > tail_p(10, 2.0, "poisson")
    assert tail_p(0, 2.0) == 1.0


def test_scan_flags_only_the_jump_above_min_count():
    s = ScanSettings()
    series = {"flat": {w: 3 for w in WEEKS} | {"2026-W46": 4},
              "jump": {w: 2 for w in WEEKS} | {"2026-W46": 12},
              "tiny": {"2026-W46": 2}}
    hits = scan(series, "2026-W46", WEEKS, s)
    assert [h.key for h in hits] == ["jump"]
    assert hits[0].observed == 12 and hits[0].expected == pytest.approx(2.0)


def test_scan_needs_some_history():
    s = ScanSettings(min_baseline_weeks=2)
    assert scan({"a": {"2026-W46": 20}}, "2026-W46", ["2026-W45"], s) == []

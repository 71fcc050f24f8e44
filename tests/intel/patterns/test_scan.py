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


def test_a_busy_week_scales_the_expected_count_but_a_spike_does_not_excuse_itself():
    from intel.patterns.engine import _busy_week
    from intel.patterns.items import Item
    from intel.weeks import parse_week

    base = [f"2026-W{w:02d}" for w in range(38, 46)]
    items = []
    for w in base:  # 15 narratives a week, one of them CSE
        items += [Item(id=f"{w}-{i}", text="x", date=parse_week(w)[0], bcu="Brent", themes=("cse",) if i == 0 else ())
                  for i in range(15)]
    # the last week is busier (20 other narratives against 14) and has 10 CSE narratives
    items += [Item(id=f"W46-{i}", text="x", date=parse_week("2026-W46")[0], bcu="Brent",
                   themes=("cse",) if i < 10 else ()) for i in range(30)]
    tb = {("cse", "Brent"): {**{w: 1 for w in base}, "2026-W46": 10}}
    f = _busy_week(items, "2026-W46", base, tb, steady=0)[("cse", "Brent")]
    assert f == pytest.approx(20 / 14)  # the 10 CSE narratives do not count as volume
    g = _busy_week(items, "2026-W46", base, tb, steady=5)[("cse", "Brent")]
    assert 1 < g < f


def test_scale_multiplies_the_expected_count():
    s = ScanSettings(min_count=4, min_baseline_weeks=2, dispersion=0.0, model="poisson")
    series = {"a": {"w1": 2, "w2": 2, "w3": 8}}
    plain = scan(series, "w3", ["w1", "w2"], s)
    busy = scan(series, "w3", ["w1", "w2"], s, scale={"a": 2.0})
    assert plain and plain[0].expected == pytest.approx(2.0)
    assert busy and busy[0].expected == pytest.approx(4.0) and busy[0].p > plain[0].p

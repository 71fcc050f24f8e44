from dataclasses import replace

from intel.patterns.engine import analyse
from intel.patterns.items import Item as _Item
from intel.patterns.settings import PatternSettings
from tests.intel.patterns.fixtures import background, week_days

# k up to 8 (not 30): the fixture has four topics, and the search over k is most of the run time
S = PatternSettings().with_changes(clusterer={"k_max": 8})


def Item(**kw):
    """An extracted narrative (spans=(): the NLP found no entities), so excerpts need no NLP run."""
    kw.setdefault("spans", ())
    return _Item(**kw)


def run_weeks(items, weeks, settings=S, n_clusters=None):
    state, reports = None, {}
    for w in weeks:
        reports[w], state = analyse(items, w, settings, state=state, n_clusters=n_clusters)
    return reports, state


def test_cluster_ids_stay_stable_across_weekly_updates_and_refits():
    items = background(weeks=10)
    weeks = [f"2026-W{n}" for n in range(37, 47)]
    reports, state = run_weeks(items, weeks)
    # every topic keeps one id from first fit to the last week, through refits (every 4 weeks)
    def ids_by_topic(rep):
        by = {}
        for c in rep.clusters:
            topic = max(("cse", "cce", "missing", "neglect"),
                        key=lambda t: sum(t in it.themes for it in items if it.id in set(c.records)))
            by.setdefault(topic, set()).add(c.id)
        return by
    first, last = ids_by_topic(reports["2026-W38"]), ids_by_topic(reports["2026-W46"])
    assert set(first) == {"cse", "cce", "missing", "neglect"}
    assert first == last
    assert state["mode"] in ("fit", "incremental")
    assert any(r.clusters and r.clusters[0].status == "stable" for r in reports.values())


def test_week_after_state_is_incremental_not_a_refit():
    items = background(weeks=3)
    _, s1 = analyse(items, "2026-W38", S)
    _, s2 = analyse(items, "2026-W39", S, state=s1)
    assert s1["mode"] == "fit" and s2["mode"] == "incremental"
    assert s2["fitted_week"] == "2026-W38"
    assert s2["embedder"]["terms"] == s1["embedder"]["terms"]  # vocabulary kept, not refitted


def test_rerun_is_deterministic_with_default_settings():
    items = background(weeks=4)
    a, _ = analyse(items, "2026-W40", PatternSettings())
    b, _ = analyse(items, "2026-W40", PatternSettings())
    assert a.to_dict() == b.to_dict()


def test_planted_spike_is_flagged_with_its_records_and_statistic():
    items = background(weeks=10)
    planted = [Item(id=f"SP-{i}", text="older male collected the girl in a car hotel gifts", date=d,
                    bcu="Hackney", themes=("cse",), risk=50)
               for i, d in enumerate(week_days(9) * 2)]
    report, _ = analyse(items + planted, "2026-W46", S)
    spikes = [p for p in report.patterns if p.kind == "spike"]
    assert [(p.theme, p.bcus) for p in spikes] == [("cse", ["Hackney"])]
    assert {f"SP-{i}" for i in range(14)} <= set(spikes[0].records)
    st = spikes[0].statistic
    assert st["observed"] > st["expected"] * 2 and st["q"] <= S.scan.fdr


def test_quiet_background_raises_no_spike():
    report, _ = analyse(background(weeks=10), "2026-W46", S)
    assert [p for p in report.patterns if p.kind in ("spike", "emerging_cluster", "new_cluster")] == []


def test_new_topic_opens_a_new_cluster_with_its_own_terms():
    items = background(weeks=10)
    novel = [Item(id=f"NB-{i}", text="nail bar workers vietnamese girls debt bondage passports taken",
                  date=d, bcu="Barnet", themes=("trafficking",)) for i, d in enumerate(week_days(9))]
    _, state = run_weeks(items, [f"2026-W{n}" for n in range(37, 46)])
    report, state = analyse(items + novel, "2026-W46", S, state=state)
    new = [p for p in report.patterns if p.kind == "new_cluster"]
    from_clusters = [p for p in new if p.statistic.get("cluster")]
    assert len(from_clusters) == 1 and set(from_clusters[0].records) == {f"NB-{i}" for i in range(7)}
    assert {"nail", "bondage"} & set(from_clusters[0].terms)
    assert from_clusters[0].statistic["cluster"] in {c["id"] for c in state["clusters"]}


def test_new_words_across_bcus_burst_before_they_make_a_cluster():
    items = background(weeks=10)
    days = week_days(9)
    novel = [Item(id=f"AH-{i}", text=f"girl found at the Thameside aparthotel with an older male, {t}",
                  date=days[i], bcu=bcu, themes=("cse",))
             for i, (bcu, t) in enumerate([("Havering", "key card"), ("Lambeth", "room booked"), ("Camden", "drunk")])]
    report, _ = analyse(items + novel, "2026-W46", S)
    bursts = [p for p in report.patterns if p.statistic.get("source") == "term_burst"]
    assert [(p.kind, p.records) for p in bursts] == [("new_cluster", ["AH-0", "AH-1", "AH-2"])]
    assert set(bursts[0].terms) == {"thameside", "aparthotel"}
    # with min_bcus 2, the same three narratives in one BCU are left to that BCU's spike test
    one_bcu = [replace(it, bcu="Havering") for it in novel]
    strict = S.with_changes(bursts={"min_bcus": 2})
    report, _ = analyse(items + one_bcu, "2026-W46", strict)
    assert not [p for p in report.patterns if p.statistic.get("source") == "term_burst"]


def test_a_topic_starting_slowly_is_counted_over_two_weeks():
    items = background(weeks=10)
    slow = [Item(id=f"ES-{i}", text="paid to ride an e-scooter for a delivery job advert", date=d,
                 bcu="Hillingdon", themes=("cce",)) for i, d in enumerate([week_days(8)[1], week_days(8)[4],
                                                                            week_days(9)[2]])]
    report, _ = analyse(items + slow, "2026-W46", S)
    bursts = [p for p in report.patterns if p.statistic.get("source") == "term_burst"]
    assert [p.records for p in bursts] == [["ES-0", "ES-1", "ES-2"]]
    assert bursts[0].weeks == ["2026-W45", "2026-W46"] and "scooter" in bursts[0].terms


def test_empty_week_gives_empty_report_and_keeps_state():
    items = background(weeks=3)
    _, s1 = analyse(items, "2026-W39", S)
    report, s2 = analyse(items, "2026-W41", S, state=s1)  # W40, W41 have no narratives
    assert report.clusters == [] and [p for p in report.patterns if p.kind != "linked_series"] == []
    assert s2["clusters"] and [c["id"] for c in s2["clusters"]] == [c["id"] for c in s1["clusters"]]
    nothing, none_state = analyse([], "2026-W41", S)
    assert nothing.clusters == [] and nothing.patterns == [] and none_state is None


def test_bcu_with_one_record():
    items = background(weeks=3)
    lone = Item(id="ONE", text="child missing from the care home overnight", date=week_days(2)[3],
                bcu="City of London", themes=("missing",))
    report, _ = analyse(items + [lone], "2026-W39", S, bcu="City of London")
    assert [c.records for c in report.clusters] == [["ONE"]]
    assert len(report.clusters[0].excerpts) == 1  # drawn from this BCU's own narrative only
    assert "care home" in report.clusters[0].excerpts[0]
    solo, _ = analyse([lone], "2026-W39", S)
    assert solo.clusters[0].records == ["ONE"] and solo.clusters[0].size == 1


def test_fixed_number_of_clusters():
    report, state = analyse(background(weeks=2), "2026-W38", S, n_clusters=6)
    assert len(state["clusters"]) == 6


def test_handling_code_c_is_never_an_excerpt():
    items = [replace(it, may_quote=False) for it in background(weeks=1)]
    report, _ = analyse(items, "2026-W37", S)
    assert all(c.excerpts == [] for c in report.clusters)


def test_state_is_plain_json():
    import json
    _, state = analyse(background(weeks=2), "2026-W38", S)
    assert json.loads(json.dumps(state)) == state


def test_spike_terms_leave_out_names_the_nlp_tagged():
    # a child's first name is the most distinctive word of her narratives, and no topic (session 4)
    items = background(weeks=10)
    planted = [Item(id=f"SN-{i}", text=f"Zainab seen with older male in a car near hotel, gifts {i}", date=d,
                    bcu="Hackney", themes=("cse",), risk=50, entities=(("PERSON", "zainab"),))
               for i, d in enumerate(week_days(9) * 2)]
    report, _ = analyse(items + planted, "2026-W46", S)
    spikes = [p for p in report.patterns if p.kind == "spike"]
    assert spikes and spikes[0].terms and "zainab" not in spikes[0].terms
    assert "hotel" in spikes[0].terms or "gifts" in spikes[0].terms

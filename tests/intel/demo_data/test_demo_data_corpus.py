"""The synthetic corpus: determinism, intake schema, truth file, planted patterns, coverage."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
import yaml

from intel.config import load_settings
from intel.demo_data import generate
from intel.demo_data.banks import load_banks
from intel.demo_data.generate import Generator
from intel.demo_data.stats import SHORTHAND, coverage
from intel.errors import IntelError
from intel.weeks import week_of

REPO = Path(__file__).resolve().parents[3]
END = "2026-W47"

# Canonical ids of ../shared/spec/taxonomy.yaml, copied so the test runs without that folder.
THEMES = ["cse", "cce", "missing", "iioc", "online_abuse", "sexual_abuse", "domestic_abuse", "neglect",
          "physical_abuse", "harmful_practices", "trafficking", "offender_management", "youth_violence"]
INDICATORS = ["missing_episodes", "missing_out_of_area", "staying_out_late", "older_partner", "unknown_adults",
              "vehicles", "hotels_venues", "gifts_money", "phones", "online_contact", "sexual_health",
              "disclosure_withdrawn", "substances", "education", "self_harm", "injuries", "exploited_peers", "gangs",
              "weapons", "drug_running", "cuckooing", "offending", "adults_loitering", "behaviour_change",
              "distrust_authority", "familial_abuse", "looked_after", "family_mh_substance", "vulnerability",
              "trafficked_movement", "rso_contact", "indecent_images", "return_state"]
FLAGS = {"negated", "hypothetical", "historical", "uncertain", "other_subject"}


@pytest.fixture(scope="module")
def small():
    return generate(4, 200, 7, END)


@pytest.fixture(scope="module")
def big():
    g = Generator(12, 600, 11, END)
    records, truth = g.build()
    return records, truth, g.stats


def test_same_options_give_the_same_corpus_and_another_seed_does_not(small):
    again = generate(4, 200, 7, END)
    assert json.dumps(small, sort_keys=True) == json.dumps(again, sort_keys=True)
    other = generate(4, 200, 8, END)
    assert [r["text"] for r in other[0][:50]] != [r["text"] for r in small[0][:50]]


def test_output_does_not_depend_on_the_process_hash_seed(tmp_path):
    import os
    import subprocess
    import sys

    code = ("import json,sys; from intel.demo_data import generate; "
            "json.dump(generate(4, 60, 3, '2026-W10'), sys.stdout, sort_keys=True)")
    outs = []
    for h in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=h)
        outs.append(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, check=True).stdout)
    assert outs[0] == outs[1] and len(outs[0]) > 1000


def test_only_the_generator_demo_and_cli_import_the_generator():
    # The extractor and the pattern engine are measured on text written by others: they must never
    # read the phrase banks or the truth.
    allowed = {REPO / "intel" / "demo.py", REPO / "intel" / "cli" / "demo_data_cmds.py"}
    offenders = []
    for folder in ("intel", "nlp", "products"):
        for path in (REPO / folder).rglob("*.py"):
            if "demo_data" in path.parts or path in allowed:
                continue
            if re.search(r"intel\.demo_data|import demo_data\b|demo_data/banks|truth\.json", path.read_text(encoding="utf-8")):
                offenders.append(str(path.relative_to(REPO)))
    assert offenders == []


def test_too_few_bcus_is_a_clear_error():
    with pytest.raises(IntelError, match="at least 7 BCUs"):
        generate(4, 100, 7, END, bcus=["Barnet", "Brent", "Camden"])


def test_every_record_passes_the_intake_validator(small):
    from intel.intake import validate_row

    settings = load_settings()
    for line, row in enumerate(small[0], 1):
        rec = validate_row(row, settings, source="corpus.jsonl", line=line)
        assert rec.extra.get("subject_ref") == row["subject_ref"]


def test_ids_are_case_references_per_kind_and_unique(small):
    records = small[0]
    prefixes = {"lit_submission": "LIT", "crime_report": "CR", "missing_return": "MFH",
                "mash_referral": "MASH", "offender_visit": "OV"}
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids))
    for r in records:
        assert re.fullmatch(rf"{prefixes[r['kind']]}-{r['date'][:4]}-\d{{6}}", r["id"]), r["id"]
        if r["subject_ref"] is not None:
            assert re.fullmatch(r"YP-\d{6}", r["subject_ref"])
    # Children come back: repeat missing episodes can be counted without names.
    missing = Counter(r["subject_ref"] for r in records if r["kind"] == "missing_return")
    assert max(missing.values()) >= 3


def test_truth_file_has_the_contract_shape(small):
    records, truth = small
    assert set(truth) == {"seed", "weeks", "control_bcu", "records", "patterns"}
    assert truth["seed"] == 7 and truth["weeks"] == ["2026-W44", "2026-W45", "2026-W46", "2026-W47"]
    assert set(truth["records"]) == {r["id"] for r in records}
    for entry in truth["records"].values():
        assert set(entry) == {"themes", "indicators", "not_asserted", "entities"}
        assert set(entry["themes"]) <= set(THEMES)
        assert set(entry["indicators"]) <= set(INDICATORS)
        na = [m["id"] for m in entry["not_asserted"]]
        assert not set(na) & set(entry["indicators"]), "an id is never both asserted and not asserted"
        assert all(m["flag"] in FLAGS for m in entry["not_asserted"])
    shapes = {"linked_series": {"kind", "id", "entity", "records", "bcus", "weeks"},
              "emerging_cluster": {"kind", "id", "description", "start_week", "records", "bcus", "key_terms"},
              "spike": {"kind", "id", "theme", "bcu", "week", "records", "baseline_per_week", "bcus"}}
    for p in truth["patterns"]:
        assert shapes[p["kind"]] <= set(p), p["id"]


def test_entity_offsets_point_at_the_entity_text(small):
    records, truth = small
    texts = {r["id"]: r["text"] for r in records}
    n = 0
    for rid, entry in truth["records"].items():
        for e in entry["entities"]:
            assert texts[rid][e["start"]:e["end"]] == e["text"], (rid, e)
            if e["label"] == "VRM":
                assert e["norm"] == e["text"].replace(" ", "").upper()
            if e["label"] == "PHONE":
                assert re.fullmatch(r"\+447700900\d{3}", e["norm"]), e
            n += 1
    assert n > len(records)


def test_dates_fall_in_the_weeks_and_statuses_are_consistent(small):
    records, truth = small
    last = date.fromisoformat("2026-11-22")
    for r in records:
        assert week_of(date.fromisoformat(r["date"])) in truth["weeks"]
        if r["status"] == "closed":
            assert r["opened_at"] <= r["closed_at"] <= last.isoformat() and r["outcome"]
        if r["status"] == "open":
            assert r["closed_at"] is None and r["outcome"] is None


def _pattern_records(truth, kind):
    return [p for p in truth["patterns"] if p["kind"] == kind]


def test_linked_series_carry_the_same_entity_written_differently(small):
    records, truth = small
    by_id = {r["id"]: r for r in records}
    series = _pattern_records(truth, "linked_series")
    assert len(series) >= 3
    assert {s["entity"]["label"] for s in series} >= {"VRM", "PHONE", "NICKNAME"}
    for s in series:
        assert 3 <= len(s["records"]) <= 8 and 2 <= len(s["bcus"]) <= 4
        assert s["bcus"] == sorted({by_id[i]["bcu"] for i in s["records"]})
        weeks = sorted({week_of(date.fromisoformat(by_id[i]["date"])) for i in s["records"]})
        assert s["weeks"] == weeks and 2 <= len(truth["weeks"][truth["weeks"].index(weeks[0]):truth["weeks"].index(weeks[-1]) + 1]) <= 6
        windows = []
        for rid in s["records"]:
            text = by_id[rid]["text"]
            hits = [e for e in truth["records"][rid]["entities"]
                    if e["label"] == s["entity"]["label"] and e["norm"] == s["entity"]["norm"]]
            assert hits, (s["id"], rid)
            e = hits[0]
            assert text[e["start"]:e["end"]] == e["text"]
            windows.append(text[max(0, e["start"] - 30):e["end"] + 30])
        assert len(set(windows)) == len(windows), "each mention is written differently"
    # Nothing else in the corpus carries a series entity by chance.
    for s in series:
        carriers = {rid for rid, t in truth["records"].items() for e in t["entities"]
                    if e["label"] == s["entity"]["label"] and e["norm"] == s["entity"]["norm"]}
        assert carriers == set(s["records"])


def test_emerging_clusters_start_in_their_week_and_grow(small):
    records, truth = small
    by_id = {r["id"]: r for r in records}
    clusters = _pattern_records(truth, "emerging_cluster")
    assert len(clusters) >= 2
    for c in clusters:
        terms = [t.lower() for t in c["key_terms"]]
        for rid in c["records"]:
            assert any(t in by_id[rid]["text"].lower() for t in terms), rid
        start = truth["weeks"].index(c["start_week"])
        assert start >= 1
        for r in records:
            if truth["weeks"].index(week_of(date.fromisoformat(r["date"]))) < start:
                assert not any(t in r["text"].lower() for t in terms), r["id"]
        per_week = Counter(week_of(date.fromisoformat(by_id[i]["date"])) for i in c["records"])
        counts = [per_week.get(w, 0) for w in truth["weeks"][start:]]
        assert counts[-1] > counts[0] and counts == sorted(counts)


def test_spikes_are_three_times_their_baseline(small):
    records, truth = small
    spikes = _pattern_records(truth, "spike")
    assert len(spikes) >= 2
    for s in spikes:
        weekly = Counter(week_of(date.fromisoformat(r["date"])) for r in records
                         if r["bcu"] == s["bcu"] and s["theme"] in truth["records"][r["id"]]["themes"])
        others = [weekly.get(w, 0) for w in truth["weeks"] if w != s["week"]]
        baseline = sum(others) / len(others)
        assert s["baseline_per_week"] == pytest.approx(baseline, abs=0.01)
        assert weekly[s["week"]] >= max(3 * baseline, 5)
        assert len(s["records"]) == weekly[s["week"]]


def test_control_bcu_has_no_planted_pattern(small):
    records, truth = small
    control = truth["control_bcu"]
    assert control in load_settings().bcus
    by_id = {r["id"]: r for r in records}
    for p in truth["patterns"]:
        assert control not in p["bcus"]
        assert all(by_id[i]["bcu"] != control for i in p["records"])
    assert any(r["bcu"] == control for r in records)


def test_coverage_figures_of_the_issue(big):
    records, truth, stats = big
    c = coverage(records, truth)
    n = c["records"]
    assert set(c["kinds"]) == {"lit_submission", "crime_report", "missing_return", "mash_referral", "offender_visit"}
    assert set(c["themes"]) == set(THEMES)
    assert set(c["indicators"]) == set(INDICATORS)
    assert 0.15 <= c["routine_share"] <= 0.25
    assert c["mention_share"] >= 0.20
    assert set(c["flags"]) == FLAGS
    assert 0.03 <= stats["typo_records"] / n <= 0.07
    assert stats["distractor_records"] / n >= 0.05
    assert 20 <= c["min_words"] and 380 <= c["max_words"] <= 400
    assert all(c["shorthand"].values()), [s for s, ok in c["shorthand"].items() if not ok]
    assert all(900000 <= int(p) <= 900999 for p in c["phones"]) and len(c["phones"]) > 50
    assert set(c["bcu_counts"]) == set(load_settings().bcus)
    assert max(c["bcu_counts"].values()) >= 5 * min(c["bcu_counts"].values())
    assert 0.9 <= c["graded_lit_share"] < 1.0
    assert 0.05 <= c["handling_c_share"] <= 0.2


def test_phone_numbers_are_only_in_the_drama_range(big):
    records = big[0]
    for r in records:
        for m in re.finditer(r"\d[\d \-]{8,}\d", r["text"]):
            digits = re.sub(r"\D", "", m.group(0))
            if len(digits) in (11, 12):
                assert re.fullmatch(r"(07700|447700)900\d{3}", digits), (r["id"], m.group(0))


def test_a_contact_email_belongs_to_one_person():
    # two strangers' parents with one email made an unplanted "linked series" (session 4)
    world = Generator(4, 50, 7, END).world
    emails = [world.email() for _ in range(5000)]
    assert len(set(emails)) == len(emails)


def test_an_indicator_that_states_a_theme_comes_with_it(big):
    # sentences tagged %theme are written only in records planned with that theme, so the truth
    # never lacks a theme its text states (the extractor reads "groomed via Snapchat" as online abuse)
    records, truth, _ = big
    states = {"online_contact": "online_abuse", "indecent_images": "iioc", "missing_episodes": "missing",
              "trafficked_movement": "trafficking", "drug_running": "cce", "weapons": "youth_violence"}
    planted = {rid for p in truth["patterns"] for rid in p["records"]}  # pattern sentences are as written
    bad = []
    for r in records:
        if r["id"] in planted or r["id"].startswith("OV-"):  # offender notes are about the offender
            continue
        t = truth["records"][r["id"]]
        bad += [(r["id"], i) for i in t["indicators"] if i in states and states[i] not in t["themes"]]
    assert not bad, bad[:5]


def test_grading_status_and_plans_let_a_briefing_count(big):
    records, truth = big[0], big[1]
    lit = [r for r in records if r["kind"] == "lit_submission"]
    assert {r["source_eval"] for r in lit} >= {"1", "2", "3"}
    assert {r["intel_assessment"] for r in lit} >= {"A", "B", "C", "D", "E"}
    for r in lit:
        assert (r["handling"] == "C") == bool(r["handling_conditions"])
    mash = [r for r in records if r["kind"] == "mash_referral"]
    assert {r["status"] for r in mash} == {"open", "closed"}
    nfa = sum(r["outcome"] == "NFA" for r in mash) / sum(r["status"] == "closed" for r in mash)
    assert 0.2 < nfa < 0.6
    iioc = [r for r in records if "iioc" in truth["records"][r["id"]]["themes"]]
    assert iioc and all(r["safeguarding_plan"] is not None for r in iioc)
    assert {r["safeguarding_plan"] for r in iioc} == {True, False}


def test_fewer_lit_submissions_at_weekends(big):
    lit = [date.fromisoformat(r["date"]).isoweekday() for r in big[0] if r["kind"] == "lit_submission"]
    per_day = Counter(lit)
    assert per_day[6] + per_day[7] < 0.6 * (per_day[1] + per_day[2])


def test_common_indicators_have_at_least_15_ways():
    banks = load_banks()
    common = ["missing_episodes", "missing_out_of_area", "staying_out_late", "older_partner", "unknown_adults",
              "vehicles", "hotels_venues", "gifts_money", "phones", "online_contact", "substances", "education",
              "injuries", "gangs", "weapons", "drug_running", "behaviour_change", "familial_abuse",
              "looked_after", "return_state"]
    for iid in common:
        forms = {"".join(t for s, t in tpl.parts if not s) for tpl in banks.indicators[iid].say}
        assert len(forms) >= 15, iid
    assert set(banks.indicators) == set(INDICATORS)
    assert set(banks.themes) == set(THEMES)


def test_taxonomy_in_config_matches_the_generator_when_present():
    path = REPO / "config" / "taxonomy.yaml"
    if not path.exists():
        pytest.skip("config/taxonomy.yaml has not landed")
    tax = yaml.safe_load(path.read_text(encoding="utf-8"))
    banks = load_banks()
    assert set(banks.indicators) <= set(tax["indicators"])
    assert set(banks.themes) <= set(tax["themes"])


def test_every_bank_slot_can_be_filled():
    from intel.demo_data.compose import _FILL

    banks = load_banks()
    templates = list(banks.fillers) + list(banks.distractors) + list(banks.routine_notes)
    for group in (banks.openers, banks.routine, banks.context, banks.ov):
        for ts in group.values():
            templates += ts
    for i in banks.indicators.values():
        templates += i.say
    for t in banks.themes.values():
        templates += t.say
    for s in banks.series.values():
        templates += s["say"]
    for c in banks.clusters:
        templates += c["say"]
    known = set(_FILL) | {"venue"}
    for t in templates:
        assert t.slots <= known, (t.source, t.slots - known)
        assert set(t.asserts) <= set(INDICATORS), t.source


def test_a_malformed_bank_names_the_file(tmp_path):
    from intel.demo_data.banks import BANKS_DIR, BankError

    for f in BANKS_DIR.glob("*.yaml"):
        (tmp_path / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "context.yaml").write_text("negated: [unclosed\n", encoding="utf-8")
    with pytest.raises(BankError, match="context.yaml"):
        load_banks(tmp_path)


def test_too_few_weeks_or_a_bad_week_is_a_clear_error():
    with pytest.raises(IntelError, match="--weeks 2"):
        generate(2, 200, 7, END)
    with pytest.raises(IntelError, match="YYYY-Www"):
        generate(4, 200, 7, "2026-47")

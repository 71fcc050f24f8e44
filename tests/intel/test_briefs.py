"""Briefings from a real store: a small hand-made week ingested, extracted and briefed for real.

Week under test: 2026-W47 (Mon 16 to Sun 22 November 2026). Hackney has the full picture, Camden
one record, Sutton none.
"""

from __future__ import annotations

import json
from datetime import datetime
from io import BytesIO

import pytest
from pypdf import PdfReader

from intel.audit import DISCLOSURE
from intel.briefs import (build_briefing, build_problem_profile, load_week, produce_briefings,
                          produce_problem_profile, resolve_bcus)
from intel.config import load_settings
from intel.errors import IntelError
from intel.intake import ingest_path
from intel.store import Store

WEEK = "2026-W47"
NOW = datetime(2026, 11, 23, 7, 30)
NAMES = ["Chloe", "SMITH", "Jayden", "OKAFOR", "Chloe SMITH"]
PHONE = "07700 900123"


def rec(id, date, bcu, kind, text, **kw):
    return {"id": id, "date": date, "bcu": bcu, "kind": kind, "text": text, **kw}


CHLOE = dict(subject_ref="YP-000101")
ROWS = [
    # Hackney, earlier weeks: CSE once in W42 (baseline) and once a week in W43-W46 (the 4-week
    # average); two earlier missing episodes; a MASH referral open since 20 October.
    *[rec(f"LIT-2026-0009{i}", d, "Hackney", "lit_submission",
          "Source reports Chloe SMITH was seen with older males at a party in a flat on the Pembury Estate; "
          "she was given alcohol and cash by them.",
          source_eval="2", intel_assessment="B", handling="P", **CHLOE)
      for i, d in enumerate(["2026-10-14", "2026-10-20", "2026-10-28", "2026-11-04", "2026-11-11"])],
    rec("MFH-2026-000001", "2026-11-03", "Hackney", "missing_return",
        "MFH: Chloe SMITH (15) went missing from her care home overnight and returned at 6am smelling of alcohol.",
        status="closed", **CHLOE),
    rec("MFH-2026-000002", "2026-11-10", "Hackney", "missing_return",
        "MFH: Chloe SMITH (15) went missing from her care home overnight and returned at 6am smelling of alcohol.",
        status="closed", **CHLOE),
    rec("MASH-2026-000001", "2026-10-20", "Hackney", "mash_referral",
        "Referral to MASH for Jayden OKAFOR (9): school report neglect, he arrives hungry and in dirty clothes.",
        status="open", subject_ref="YP-000104"),
    # Hackney, the week under test.
    rec("LIT-2026-000101", "2026-11-17", "Hackney", "lit_submission",
        f"Source reports Chloe SMITH (15) is collected most evenings by an older male in a black Audi LR15 KTW. "
        f"She has a new iPhone and cash she cannot explain. He calls her on {PHONE}.",
        source_eval="3", intel_assessment="D", handling="P", ward="Dalston", author="PC 123", **CHLOE),
    rec("MFH-2026-000003", "2026-11-18", "Hackney", "missing_return",
        "MFH: Chloe SMITH (15) went missing from her care home overnight and returned at 6am smelling of alcohol.",
        status="closed", **CHLOE),
    rec("CR-2026-000201", "2026-11-19", "Hackney", "crime_report",
        "Crime report: indecent images of a 14 year old girl were shared on Snapchat by a 19 year old male. "
        "Suspect lives with two younger children.", status="open", safeguarding_plan=False,
        subject_ref="YP-000103"),
    rec("CR-2026-000202", "2026-11-20", "Hackney", "crime_report",
        "Crime report: indecent images of a 13 year old boy found on the phone of his 30 year old neighbour.",
        status="open", safeguarding_plan=True, subject_ref="YP-000105"),
    rec("MASH-2026-000002", "2026-11-19", "Hackney", "mash_referral",
        "Referral to MASH for Jayden OKAFOR (9): school report neglect, he arrives hungry and in dirty clothes.",
        status="closed", outcome="NFA", closed_at="2026-11-20", subject_ref="YP-000104"),
    rec("LIT-2026-000102", "2026-11-21", "Hackney", "lit_submission",
        "Source reports Chloe SMITH was seen with older males at a party in a flat on the Pembury Estate; "
          "she was given alcohol and cash by them.",
        **CHLOE),  # ungraded
    # Camden: one record, handling code C.
    rec("LIT-2026-000103", "2026-11-18", "Camden", "lit_submission",
        "Covert source: the Audi LR15 KTW picks up girls from outside the chicken shop on Camden High Street.",
        source_eval="1", intel_assessment="A", handling="C", subject_ref="YP-000102"),
]
BAD = {"id": "LIT-2026-000999", "date": "2026-11-31", "bcu": "Hackney", "kind": "lit_submission", "text": "x"}


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    from nlp.pipeline import Extractor

    tmp = tmp_path_factory.mktemp("briefs")
    src = tmp / "week.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in [*ROWS, BAD]) + "\n", encoding="utf-8")
    settings = load_settings(db_url=f"sqlite:///{tmp / 'intel.db'}")
    store = Store(settings.store_url)
    ingest_path(store, src, settings, "tester", progress=False)
    extractor = Extractor.from_config(settings.config_path)
    pic = load_week(store, settings, WEEK, extractor, user="tester")
    yield store, settings, extractor, pic, tmp
    store.close()


def brief(world, bcu):
    store, settings, extractor, pic, _ = world
    return build_briefing(pic, store, settings, bcu, user="tester", now=NOW)


def _with_theme(pic, theme, bcu, start, end):
    return sum(1 for r in pic.records if r.bcu == bcu and start <= r.date <= end
               and theme in pic.extractions[r.id].theme_ids)


def test_volumes_use_this_week_the_4_before_and_the_12_before_those(world):
    from datetime import date

    pic = world[3]
    counts = {t.theme: t for t in brief(world, "Hackney").theme_counts}
    # Which records carry a theme is the extractor's call; the windows are the briefing's.
    for theme in ("cse", "missing", "iioc"):
        t = counts[theme]
        assert t.this_week == _with_theme(pic, theme, "Hackney", date(2026, 11, 16), date(2026, 11, 22))
        assert t.avg_4wk == _with_theme(pic, theme, "Hackney", date(2026, 10, 19), date(2026, 11, 15)) / 4
        assert t.baseline == _with_theme(pic, theme, "Hackney", date(2026, 7, 27), date(2026, 10, 18)) / 12
    # The five earlier CSE submissions: one in the baseline (W42), one a week in W43-W46.
    assert (counts["cse"].avg_4wk, counts["cse"].baseline) == (1.0, 1 / 12)
    assert counts["cse"].this_week >= 2  # LIT-2026-000101 and LIT-2026-000102 at least


def test_figures_for_hackney(world):
    b = brief(world, "Hackney")
    f = b.focus
    assert (f.iioc_cases, f.iioc_with_plan, f.iioc_without_plan) == (2, 1, ["CR-2026-000201"])
    assert (f.missing_episodes, f.missing_children) == (1, 1)
    assert [(r.case_ref, r.episodes, r.episodes_this_week) for r in f.repeat_missing] == [("YP-000101", 3, 1)]
    mash = next(x for x in f.backlogs if x.name == "MASH")
    assert (mash.open_items, mash.oldest_days) == (1, 33)  # opened 20 October, week ends 22 November
    assert (f.nfa_notifications, f.nfa_refs) == (1, ["MASH-2026-000002"])
    dq = b.data_quality
    assert dq.records == 6 and dq.ungraded_refs == ["LIT-2026-000102"]
    assert dq.quarantined == 1
    # Children by case reference: the subject_ref of each of this week's high-band records, once.
    pic = world[3]
    high = {r.extra["subject_ref"] for r in pic.records if r.bcu == "Hackney" and pic.week_index(r) == 0
            and pic.extractions[r.id].risk.band == "high"}
    assert sorted(c.case_ref for c in b.high_risk) == sorted(high) and "YP-000101" in high


def test_pdf_text_has_sections_figures_and_no_names(world):
    store, settings, extractor, pic, tmp = world
    done = produce_briefings(store, settings, WEEK, ["Hackney", "Camden", "Sutton", None], tmp / "out",
                             extractor=extractor, user="tester", now=NOW, workers=1)
    texts = {}
    for p in done:
        reader = PdfReader(BytesIO(p.path.read_bytes()))
        texts[p.area] = " ".join(" ".join(pg.extract_text() for pg in reader.pages).split())
        for s in NAMES + [PHONE]:
            assert s not in texts[p.area], (p.area, s)
    h = texts["Hackney"]
    for s in ["1. Bottom line up front", "2. Volumes by theme", "3. Emerging patterns", "4. Focus areas",
              "5. High-risk children for tasking", "6. Intelligence gaps and data quality", "Annex"]:
        assert s in h
    assert "MASH backlog 1 open items; oldest 33 days" in h
    assert "1 with a safeguarding plan; 1 without (CR-2026-000201)" in h
    assert "YP-000101 (3, 1 this week)" in h
    assert "Partner notifications ended NFA 1 MASH-2026-000002" in h
    assert "No records were received for Sutton in week 2026-W47" in texts["Sutton"]
    assert "Records this week 1" in texts["Camden"]
    assert "Covert source" not in texts["Camden"] and "Covert source" not in texts["Force-wide"]
    assert "Hackney 6" in texts["Force-wide"] and "Camden 1" in texts["Force-wide"]


def test_each_briefing_is_audited_as_a_disclosure(world):
    store, settings, extractor, pic, tmp = world
    before = len(store.audit_events())
    produce_briefings(store, settings, WEEK, ["Hackney"], tmp / "audit", extractor=extractor, user="lead1",
                      now=NOW, workers=1)
    [ev] = store.audit_events(user="lead1")
    assert ev.action == DISCLOSURE and "Hackney" in ev.what and len(store.audit_events()) == before + 1
    assert "CR-2026-000201" in ev.record_ids and "LIT-2026-000101" in ev.record_ids


def test_same_store_and_week_same_pdf_text(world):
    store, settings, extractor, pic, tmp = world
    a = produce_briefings(store, settings, WEEK, ["Hackney"], tmp / "a", extractor=extractor, user="t", now=NOW,
                          workers=1)
    b = produce_briefings(store, settings, WEEK, ["Hackney"], tmp / "b", extractor=extractor, user="t", now=NOW,
                          workers=2)
    text = lambda p: [pg.extract_text() for pg in PdfReader(BytesIO(p.read_bytes())).pages]  # noqa: E731
    assert text(a[0].path) == text(b[0].path)


def test_problem_profile(world):
    store, settings, extractor, pic, tmp = world
    p = build_problem_profile(store, settings, "cse", "Hackney", WEEK, 6, extractor=extractor, user="t", now=NOW)
    assert p.weeks[0] == "2026-W42" and len(p.weeks) == 6
    pic = world[3]
    assert sum(p.weekly_counts.values()) == sum(1 for r in pic.records if r.bcu == "Hackney"
                                                and "cse" in pic.extractions[r.id].theme_ids
                                                and r.date.isoformat() >= "2026-10-12")
    assert p.weekly_counts["2026-W43"] == 1
    path = produce_problem_profile(store, settings, "cse", None, WEEK, 6, tmp / "pp", extractor=extractor,
                                   user="t", now=NOW)
    text = " ".join(pg.extract_text() for pg in PdfReader(str(path)).pages)
    assert "Problem profile" in text and "Chloe" not in text
    with pytest.raises(IntelError, match="not a theme"):
        build_problem_profile(store, settings, "nope", None, WEEK, 6, extractor=extractor, user="t")


def test_resolve_bcus(world):
    settings = world[1]
    assert resolve_bcus(settings, "hackney") == ["Hackney"]
    assert resolve_bcus(settings, "all")[-1] is None and len(resolve_bcus(settings, "all")) == len(settings.bcus) + 1
    with pytest.raises(IntelError, match="not in settings.bcus"):
        resolve_bcus(settings, "Gotham")


def test_pattern_report_is_reused_until_its_inputs_change(world, monkeypatch, tmp_path):
    import intel.patterns.from_store as fs
    from intel.briefs import PATTERN_CACHE

    store, settings, extractor, pic, _ = world
    assert store.get_artifact(PATTERN_CACHE, WEEK)["digest"]
    calls = []
    real = fs.report_for_week
    monkeypatch.setattr(fs, "report_for_week", lambda *a, **k: calls.append(1) or real(*a, **k))
    load_week(store, settings, WEEK, extractor, user="t")
    assert calls == []  # same records, same pipeline, same patterns.yaml: the saved report serves
    extra = tmp_path / "late.jsonl"
    extra.write_text(json.dumps(rec("LIT-2026-000150", "2026-11-22", "Hackney", "lit_submission",
                                    "Late submission: YP seen getting into a car with older males.")) + "\n")
    ingest_path(store, extra, settings, "tester", progress=False)
    load_week(store, settings, WEEK, extractor, user="t")
    assert calls == [1]  # a late submission reruns the pattern engine

"""The store and JSONL paths, with a stand-in extractor (the NLP pipeline is tested in its own area)."""

import json
import re

import pytest
from typer.testing import CliRunner

from intel.errors import IntelError
from intel.patterns import from_store
from intel.patterns.from_store import read_jsonl, report_for_file, report_for_week
from intel.patterns.settings import PatternSettings
from nlp.extraction import Entity, Extraction, Risk, ThemeHit
from tests.intel.patterns.fixtures import background

VRM = re.compile(r"\b[A-Z]{2}\d{2} ?[A-Z]{3}\b")


class KeywordExtractor:
    """Themes by keyword and VRMs by regex: enough to drive the engine."""

    version = "test-1"

    def pipe(self, items, batch_size=256):
        for rid, text, _ in items:
            themes = [ThemeHit(t, 0.9) for t, w in (("cse", "hotel"), ("cce", "drugs"), ("missing", "missing"),
                                                     ("neglect", "food")) if w in text]
            ents = [Entity("VRM", m.group(), m.start(), m.end(), m.group().replace(" ", "")) for m in VRM.finditer(text)]
            yield Extraction(id=rid, themes=themes, entities=ents, risk=Risk(40, "medium", []))


def write_jsonl(path, items, extra=()):
    with open(path, "w") as fh:
        for it in items:
            fh.write(json.dumps({"id": it.id, "text": it.text, "date": it.date.isoformat(), "bcu": it.bcu}) + "\n")
        for row in extra:
            fh.write(json.dumps(row) + "\n")


LINKED = [{"id": "L1", "text": "girl seen getting into LR15 KTW near the hotel", "date": "2026-09-22", "bcu": "Hackney"},
          {"id": "L2", "text": "LR15 KTW stopped outside a children's home", "date": "2026-09-24", "bcu": "Haringey"}]


def test_jsonl_run_keeps_state_in_a_file_and_finds_a_cross_bcu_series(tmp_path):
    src, st = tmp_path / "r.jsonl", tmp_path / "state.json"
    write_jsonl(src, background(weeks=3), LINKED)
    r1 = report_for_file(src, "2026-W38", state_path=st, extractor=KeywordExtractor(), settings=PatternSettings())
    r2 = report_for_file(src, "2026-W39", state_path=st, extractor=KeywordExtractor(), settings=PatternSettings())
    saved = json.loads(st.read_text())["artifacts"]["cluster_state"]
    assert sorted(saved) == ["2026-W38", "2026-W39"] and saved["2026-W39"]["mode"] == "incremental"
    assert {c.id for c in r2.clusters} <= {c["id"] for c in saved["2026-W38"]["clusters"]}
    series = [p for p in r2.patterns if p.kind == "linked_series"]
    assert [(p.records, p.bcus) for p in series] == [(["L1", "L2"], ["Hackney", "Haringey"])]


@pytest.mark.parametrize("line, message", [
    ('{"id": "a", "text": "x", "date": "2026-13-01", "bcu": "Barnet"}', "r.jsonl:2: field 'date'"),
    ('{"id": "a", "text": "", "date": "2026-11-01", "bcu": "Barnet"}', "r.jsonl:2: field 'text'"),
    ('not json', "r.jsonl:2: not valid JSON"),
])
def test_bad_jsonl_line_names_file_line_and_field(tmp_path, line, message):
    src = tmp_path / "r.jsonl"
    src.write_text('{"id": "ok", "text": "fine", "date": "2026-11-01", "bcu": "Barnet"}\n' + line + "\n")
    with pytest.raises(IntelError, match=re.escape(message)):
        read_jsonl(src)


def test_store_run_saves_state_and_report(tmp_path):
    intake = pytest.importorskip("intel.intake")
    from intel.config import load_settings
    from intel.store import Store

    src = tmp_path / "records.jsonl"
    items = background(weeks=3)
    with open(src, "w") as fh:
        for it in items:
            fh.write(json.dumps({"id": it.id, "kind": "lit_submission", "text": it.text,
                                 "date": it.date.isoformat(), "bcu": it.bcu}) + "\n")
    store = Store(f"sqlite:///{tmp_path / 'intel.db'}")
    try:
        intake.ingest_path(store, src, load_settings(), "tester", progress=False)
        rep = report_for_week(store, "2026-W39", extractor=KeywordExtractor(), settings=PatternSettings())
        assert rep.clusters and store.artifact_keys("cluster_state") == ["2026-W39"]
        assert store.get_artifact("pattern_report", "2026-W39") == rep.to_dict()
        view = report_for_week(store, "2026-W39", bcu="Sutton", extractor=KeywordExtractor(),
                               settings=PatternSettings(), save=False)
        sutton = {it.id for it in items if it.bcu == "Sutton"}
        assert view.clusters and all(set(c.records) <= sutton for c in view.clusters)
        assert all("Sutton" in p.bcus for p in view.patterns)
    finally:
        store.close()


def test_cli_json_from_file(tmp_path, monkeypatch):
    from intel.cli import app

    src = tmp_path / "r.jsonl"
    write_jsonl(src, background(weeks=2), LINKED)
    monkeypatch.setattr(from_store, "load_extractor", lambda config_dir=None: KeywordExtractor())
    res = CliRunner().invoke(app, ["patterns", "--in", str(src), "--week", "2026-W39", "--json"])
    assert res.exit_code == 0, res.output
    d = json.loads(res.output)
    assert d["week"] == "2026-W39" and set(d) >= {"week", "clusters", "patterns"}
    assert {"id", "label", "terms", "size", "records", "weekly_counts", "status"} <= set(d["clusters"][0])
    res = CliRunner().invoke(app, ["patterns", "--in", str(src), "--week", "2026-W38"])
    assert res.exit_code == 0 and "Clusters this week" in res.output


def test_cli_rejects_unknown_bcu(tmp_path):
    from intel.cli import app

    res = CliRunner().invoke(app, ["patterns", "--in", str(tmp_path / "x.jsonl"), "--bcu", "Atlantis"])
    assert res.exit_code != 0 and "not a BCU" in str(res.exception)

"""Evaluation arithmetic on a tiny hand-made gold set."""

import json

import pytest

from nlp.evaluate import GoldError, evaluate_file, load_gold

GOLD = [
    {"id": "g1", "text": "YP went missing overnight and was found in Luton.", "themes": ["missing"],
     "indicators": ["missing_episodes", "missing_out_of_area"], "not_asserted": [],
     "entities": [{"label": "PLACE", "text": "Luton"}]},
    {"id": "g2", "text": "No concerns of CSE. If she goes missing again call police.", "themes": [],
     "indicators": [], "not_asserted": [{"id": "missing_episodes", "flag": "hypothetical"}], "entities": []},
    {"id": "g3", "text": "Seen in car LR15 KTW, phone 07700 900123.", "themes": [], "indicators": ["vehicles"],
     "not_asserted": [], "entities": [{"label": "VRM", "text": "LR15KTW"}, {"label": "PHONE", "text": "+447700900123"}]},
]


@pytest.fixture
def gold_file(tmp_path):
    p = tmp_path / "gold.jsonl"
    p.write_text("\n".join(json.dumps(g) for g in GOLD) + "\n")
    return p


def test_scores_on_small_gold(extractor, gold_file):
    r = evaluate_file(gold_file, extractor).to_dict()
    assert r["records"] == 3
    assert r["themes"]["per_label"]["missing"]["f1"] == 1.0
    assert r["indicators"]["per_label"]["missing_episodes"]["tp"] == 1
    assert r["entities"]["per_label"]["VRM"]["f1"] == 1.0  # matched on the normal form
    assert r["entities"]["per_label"]["PHONE"]["f1"] == 1.0
    assert r["wrongly_asserted"]["hypothetical"] == {"wrong": 0, "total": 1, "rate": 0.0}


def test_bad_gold_line_names_file_and_line(tmp_path):
    p = tmp_path / "gold.jsonl"
    p.write_text(json.dumps(GOLD[0]) + "\n{not json\n")
    with pytest.raises(GoldError, match="gold.jsonl line 2"):
        load_gold(p)


def test_bad_flag_is_named(tmp_path):
    p = tmp_path / "gold.jsonl"
    bad = dict(GOLD[1], not_asserted=[{"id": "missing_episodes", "flag": "maybe"}])
    p.write_text(json.dumps(bad) + "\n")
    with pytest.raises(GoldError, match="line 1: field 'not_asserted.flag'"):
        load_gold(p)

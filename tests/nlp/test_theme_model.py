"""The optional learned theme model: fit, plain-JSON round trip, evidence, config and the CLI."""

import json
import shutil

import pytest
from typer.testing import CliRunner

from intel.cli import app
from nlp.pipeline import Extractor
from nlp.settings import REPO_CONFIG, NlpConfigError, load_config
from nlp.theme_model import ThemeModel, theme_features

# Twelve hand-made feature rows: cse goes with gifts_money, never with substances alone.
ROWS = ([({"ind=gifts_money": 1.0, "rule=cse": 0.4}, {"cse"})] * 6
        + [({"ind=substances": 1.0}, set())] * 6)
X = [x for x, _ in ROWS]
Y = [y for _, y in ROWS]


def test_fit_learns_which_evidence_carries_a_theme():
    m = ThemeModel(C=10.0, min_examples=3).fit(X, Y, ["cse", "neglect"])
    assert m.themes_ == ["cse"] and m.fallback_ == ["neglect"]  # no neglect examples: rules decide
    p = m.predict_proba
    assert p({"ind=gifts_money": 1.0, "rule=cse": 0.4})["cse"] > 0.8
    assert p({"ind=substances": 1.0})["cse"] < 0.2
    assert m.supports("cse", "ind=gifts_money") and not m.supports("cse", "ind=substances")


def test_saved_as_json_and_loads_to_the_same_probabilities(tmp_path):
    m = ThemeModel(C=10.0, min_examples=3).fit(X, Y, ["cse"])
    path = tmp_path / "m.json"
    m.save(path, trained_on={"x.jsonl": 12})
    d = json.loads(path.read_text())
    assert d["format"] == "intel-theme-model/1" and d["trained_on"] == {"x.jsonl": 12}
    back = ThemeModel.load(path)
    x = {"ind=gifts_money": 1.0}
    assert back.predict_proba(x) == pytest.approx(m.predict_proba(x))


def test_bad_model_file_names_the_key(tmp_path):
    path = tmp_path / "m.json"
    path.write_text(json.dumps({"format": "intel-theme-model/1", "params": {"threshold": 2}}))
    with pytest.raises(ValueError, match="params.threshold"):
        ThemeModel.load(path)
    path.write_text("not json")
    with pytest.raises(ValueError, match="m.json"):
        ThemeModel.load(path)


def test_features_separate_asserted_from_flagged():
    x = theme_features({"gifts_money"}, {"cse": [1.5, 0.5]}, {"missing"}, {"missing_episodes"}, {"cse": 0.8})
    assert x == {"ind=gifts_money": 1.0, "term=cse": 1.5, "terms=cse": 2.0, "rule=cse": 0.8,
                 "flagged=missing_episodes": 1.0, "flagged_term=missing": 1.0}


def _config_with(tmp_path, model: dict | None, key_line: str) -> str:
    cdir = tmp_path / "config"
    shutil.copytree(REPO_CONFIG, cdir)
    text = (cdir / "nlp.yaml").read_text().replace("\ntheme_model:", "\n# theme_model:")
    (cdir / "nlp.yaml").write_text(text + f"\n{key_line}\n")
    if model is not None:
        (cdir / "themes.json").write_text(json.dumps(model))
    return str(cdir)


def test_nlp_yaml_naming_a_missing_model_fails_clearly(tmp_path):
    cdir = _config_with(tmp_path, None, "theme_model: themes.json")
    with pytest.raises(NlpConfigError, match="themes.json.*intel themes train"):
        load_config(cdir)


def test_a_model_decides_themes_and_evidence_stays_in_the_text(tmp_path):
    # A model that asserts cse from gifts_money alone, with no other route to cse.
    model = {"format": "intel-theme-model/1", "params": {"C": 1.0, "threshold": 0.5},
             "coef": {"cse": {"ind=gifts_money": 6.0}}, "intercept": {"cse": -3.0}}
    cdir = _config_with(tmp_path, model, "theme_model: themes.json")
    ex = Extractor.from_config(cdir)
    assert ex.version != Extractor.from_config(cdir, theme_model="none").version
    text = "She has a new phone and cash she cannot explain."
    got = ex.extract(text)
    cse = next(t for t in got.themes if t.id == "cse")
    assert cse.score > 0.9
    assert all(text[e.start:e.end] == e.text for e in cse.evidence) and cse.evidence
    # negated, the indicator is not evidence, so the model has nothing to assert cse on
    assert "cse" not in ex.extract("No concerns about gifts or money from adults.").theme_ids


def test_train_and_compare_from_the_command_line(tmp_path):
    out = tmp_path / "themes.json"
    res = CliRunner().invoke(app, ["themes", "train", "--gold", "tests/data/dev_gold.jsonl", "--out", str(out),
                                   "--json"])
    assert res.exit_code == 0, res.output
    report = json.loads(res.stdout)
    assert report["records"] == 200 and 0 < report["model_cv"]["f1"] <= 1 and 0 < report["rules"]["f1"] <= 1
    assert ThemeModel.load(out).themes_
    res = CliRunner().invoke(app, ["themes", "evaluate", "--gold", "tests/data/dev_gold.jsonl",
                                   "--theme-model", str(out), "--json", "--top", "0"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["themes"]["micro"]["f1"] > 0.5


def test_train_refuses_too_little_data(tmp_path):
    gold = tmp_path / "g.jsonl"
    gold.write_text(json.dumps({"id": "g1", "text": "Went missing.", "themes": ["missing"],
                                "indicators": ["missing_episodes"], "not_asserted": [], "entities": []}) + "\n")
    res = CliRunner().invoke(app, ["themes", "train", "--gold", str(gold), "--out", str(tmp_path / "m.json")])
    assert res.exit_code != 0 and "too few" in str(res.exception or res.output)

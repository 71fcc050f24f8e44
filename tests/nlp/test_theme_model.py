"""The learned theme model: fit, plain-JSON round trip, how it settles themes, config and the CLI."""

import json
import shutil

import pytest
from typer.testing import CliRunner

from intel.cli import app
from nlp.pipeline import Extractor
from nlp.settings import REPO_CONFIG, NlpConfigError, load_config
from nlp.theme_model import ThemeModel

# Hand-made narratives: exploitation words go with cse; school-trip words do not.
CSE = ["older men give her cash and vodka at a flat", "picked up by older men in cars and given cash",
       "older men at a flat gave her vodka and a phone", "given cash by older men, stays at their flat",
       "older men collect her in cars and give her cash", "vodka and cash from older men at a flat"]
OTHER = ["school trip to the museum went well", "trip to the museum with the school was fine",
         "the school museum trip, all children well", "museum visit with school staff, no issues",
         "school staff took the class to a museum", "a good school trip, museum and lunch"]
TEXTS, LABELS = CSE + OTHER, [{"cse"}] * 6 + [set()] * 6


def test_fit_learns_which_words_go_with_a_theme():
    m = ThemeModel(C=10.0, min_examples=3).fit(TEXTS, LABELS, ["cse", "neglect"])
    assert m.themes_ == ["cse"] and m.fallback_ == ["neglect"]  # no neglect examples: rules decide
    assert m.predict_proba("older men gave her cash at a flat")["cse"] > 0.7
    assert m.predict_proba("a school trip to the museum")["cse"] < 0.3


@pytest.mark.parametrize("ngram_max", [1, 2])
def test_transform_matches_scikit_learn(ngram_max):
    from sklearn.feature_extraction.text import TfidfVectorizer

    m = ThemeModel(min_examples=3, ngram_max=ngram_max).fit(TEXTS, LABELS, ["cse"])
    vec = TfidfVectorizer(ngram_range=(1, ngram_max), min_df=2, sublinear_tf=True,
                          max_features=m.max_features).fit(TEXTS)
    text = "Older men, older men: cash at a flat after the school trip"
    ref = vec.transform([text]).toarray()[0]
    ours = m.transform(text)
    assert {j: pytest.approx(v) for j, v in ours.items()} == {j: v for j, v in enumerate(ref) if v}


def test_saved_as_json_and_loads_to_the_same_probabilities(tmp_path):
    m = ThemeModel(min_examples=3).fit(TEXTS, LABELS, ["cse"])
    path = tmp_path / "m.json"
    m.save(path, trained_on={"x.jsonl": 12})
    d = json.loads(path.read_text())
    assert d["format"] == "intel-theme-model/2" and d["trained_on"] == {"x.jsonl": 12}
    back = ThemeModel.load(path)
    text = "older men gave her vodka"
    assert back.predict_proba(text)["cse"] == pytest.approx(m.predict_proba(text)["cse"], abs=1e-4)


def test_bad_model_file_names_the_key(tmp_path):
    path = tmp_path / "m.json"
    path.write_text(json.dumps({"format": "intel-theme-model/2", "params": {"add_threshold": 2, "keep_threshold": 0.1}}))
    with pytest.raises(ValueError, match="params.add_threshold"):
        ThemeModel.load(path)
    path.write_text("not json")
    with pytest.raises(ValueError, match="m.json"):
        ThemeModel.load(path)


def test_decide_adds_over_the_rules_and_drops_below_them():
    m = ThemeModel(add_threshold=0.6, keep_threshold=0.1, rules_sure_at=0.8)
    assert m.decide(rule_score=0.3, rule_threshold=0.5, p=0.7)  # the weights fell short; the model is sure
    assert not m.decide(rule_score=0.3, rule_threshold=0.5, p=0.5)
    assert m.decide(rule_score=0.6, rule_threshold=0.5, p=0.2)  # the weights say yes; no strong objection
    assert not m.decide(rule_score=0.6, rule_threshold=0.5, p=0.05)  # the model objects strongly
    assert m.decide(rule_score=0.85, rule_threshold=0.5, p=0.01)  # strong rule evidence is not vetoed
    assert m.decide(rule_score=0.6, rule_threshold=0.5, p=None)  # a theme the model did not learn: the weights
    assert not m.decide(rule_score=0.3, rule_threshold=0.5, p=None)


def _config_with(tmp_path, model: ThemeModel | None, key_line: str) -> str:
    cdir = tmp_path / "config"
    shutil.copytree(REPO_CONFIG, cdir)
    text = (cdir / "nlp.yaml").read_text().replace("\ntheme_model:", "\n# theme_model:")
    (cdir / "nlp.yaml").write_text(text + f"\n{key_line}\n")
    if model is not None:
        model.save(cdir / "themes.json")
    return str(cdir)


def test_nlp_yaml_naming_a_missing_model_fails_clearly(tmp_path):
    cdir = _config_with(tmp_path, None, "theme_model: themes.json")
    with pytest.raises(NlpConfigError, match="themes.json.*intel themes train"):
        load_config(cdir)


def test_the_model_settles_themes_with_evidence_and_never_adds_one_without(tmp_path):
    # A model certain about cse whatever the text: it may only act where the rules found evidence.
    m = ThemeModel(add_threshold=0.5, keep_threshold=0.1).fit(TEXTS, LABELS, ["cse"])
    m.coef_["cse"] = [0.0] * len(m.coef_["cse"])
    m.intercept_["cse"] = 10.0
    cdir = _config_with(tmp_path, m, "theme_model: themes.json")
    ex = Extractor.from_config(cdir)
    assert ex.version != Extractor.from_config(cdir, theme_model="none").version
    text = "She was seen with older males."  # weak evidence: the rule weights alone do not assert cse
    assert "cse" not in Extractor.from_config(cdir, theme_model="none").extract(text).theme_ids
    cse = next(t for t in ex.extract(text).themes if t.id == "cse")
    assert cse.evidence and all(text[e.start:e.end] == e.text for e in cse.evidence)
    # no asserted evidence at all: nothing to show an analyst, so no theme
    assert "cse" not in ex.extract("No concerns of CSE. The school trip went well.").theme_ids


def test_train_and_compare_from_the_command_line(tmp_path):
    out = tmp_path / "themes.json"
    res = CliRunner().invoke(app, ["themes", "train", "--gold", "tests/data/dev_gold.jsonl", "--out", str(out),
                                   "--json"])
    assert res.exit_code == 0, res.output
    report = json.loads(res.stdout)
    assert report["records"] == 200 and 0 < report["model_cv"]["f1"] <= 1 and 0 < report["rules"]["f1"] <= 1
    assert ThemeModel.load(out).themes_
    res = CliRunner().invoke(app, ["themes", "evaluate", "--gold", "tests/data/tune_a_gold.jsonl",
                                   "--theme-model", str(out), "--json", "--top", "0"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["themes"]["micro"]["f1"] > 0.5


def test_train_refuses_too_little_data(tmp_path):
    gold = tmp_path / "g.jsonl"
    gold.write_text(json.dumps({"id": "g1", "text": "Went missing.", "themes": ["missing"],
                                "indicators": ["missing_episodes"], "not_asserted": [], "entities": []}) + "\n")
    res = CliRunner().invoke(app, ["themes", "train", "--gold", str(gold), "--out", str(tmp_path / "m.json")])
    assert res.exit_code != 0 and "too few" in str(res.exception or res.output)

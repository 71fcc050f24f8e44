"""Config is data: bad files fail naming file and key; the version follows the files."""

import re
import shutil
from pathlib import Path

import pytest

from nlp.settings import NlpConfigError, expand, load_config

REPO_CONFIG = Path(__file__).resolve().parents[2] / "config"


def test_expand_alternatives_and_optional_words():
    assert sorted(expand("{went,gone} missing")) == ["gone missing", "went missing"]
    assert sorted(expand("picked {her,} up")) == ["picked her up", "picked up"]
    assert expand("aged {13..15}") == ["aged 13", "aged 14", "aged 15"]
    assert expand("{hit by {her,his} dad,kicked} her") == ["hit by her dad her", "hit by his dad her", "kicked her"]


def copy_config(tmp_path: Path) -> Path:
    for name in ("taxonomy.yaml", "nlp.yaml", "theme_model.json"):  # nlp.yaml names the theme model
        if (REPO_CONFIG / name).exists():
            shutil.copy(REPO_CONFIG / name, tmp_path / name)
    return tmp_path


def test_every_canonical_id_is_defined():
    import yaml

    # CI lays shared/ beside the clone; a developer's checkout has it at /work/shared.
    spec = next((p for p in (REPO_CONFIG.parent.parent / "shared/spec/taxonomy.yaml",
                             Path("/work/shared/spec/taxonomy.yaml")) if p.exists()), Path("/nonexistent"))
    if not spec.exists():
        pytest.skip("shared spec not on this machine")
    canon = yaml.safe_load(spec.read_text())
    cfg = load_config(REPO_CONFIG)
    assert set(canon["themes"]) <= set(cfg.themes)
    assert set(canon["indicators"]) <= set(cfg.indicators)


def test_version_changes_with_config(tmp_path):
    d = copy_config(tmp_path)
    v1 = load_config(d).version
    assert load_config(d).version == v1
    (d / "nlp.yaml").write_text((d / "nlp.yaml").read_text() + "\n# changed\n")
    assert load_config(d).version != v1


def test_bad_tier_names_file_and_key(tmp_path):
    d = copy_config(tmp_path)
    t = (d / "taxonomy.yaml").read_text().replace("tier: significant", "tier: severe", 1)
    (d / "taxonomy.yaml").write_text(t)
    with pytest.raises(NlpConfigError, match=r"taxonomy.yaml: key 'indicators\.\w+\.tier'"):
        load_config(d)


def test_theme_weight_for_unknown_indicator(tmp_path):
    d = copy_config(tmp_path)
    # the first indicator weight under cse, whatever its value
    t = re.sub(r"(\n  cse:\n(?:.*\n)*?    indicators:\n      )older_partner:", r"\1older_partnr:",
               (d / "taxonomy.yaml").read_text(), count=1)
    (d / "taxonomy.yaml").write_text(t)
    with pytest.raises(NlpConfigError, match="themes.cse.indicators.older_partnr"):
        load_config(d)


def test_missing_file(tmp_path):
    with pytest.raises(NlpConfigError, match="nlp.yaml|taxonomy.yaml"):
        load_config(tmp_path)


def test_yaml_tags_are_refused(tmp_path):
    d = copy_config(tmp_path)
    (d / "nlp.yaml").write_text("max_chars: !!python/object/apply:os.system ['true']\n")
    with pytest.raises(NlpConfigError, match="not valid YAML"):
        load_config(d)


def test_innocent_context_for_an_unknown_indicator_names_the_key(tmp_path):
    d = copy_config(tmp_path)
    text = (d / "nlp.yaml").read_text().replace("  innocent_context:\n", "  innocent_context:\n    knifes: {context: [kitchen]}\n", 1)
    (d / "nlp.yaml").write_text(text)
    with pytest.raises(NlpConfigError, match=r"nlp\.yaml.*context\.innocent_context\.knifes.*not an indicator"):
        load_config(d)


@pytest.mark.parametrize("old, new, key", [
    ("  adult_age_is_other_subject: 18", "  adult_age_is_other_subject: adult", "context.adult_age_is_other_subject"),
    ("  comma_ends_scope: [negated]", "  comma_ends_scope: [negatd]", "context.comma_ends_scope"),
    ("  backward_terminators:\n", "  backward_terminators:\n    historic: [and]\n", "context.backward_terminators.historic"),
])
def test_bad_context_keys_name_the_key(tmp_path, old, new, key):
    d = copy_config(tmp_path)
    text = (d / "nlp.yaml").read_text()
    assert old in text, f"{old!r} is no longer in nlp.yaml; update this test"
    (d / "nlp.yaml").write_text(text.replace(old, new, 1))
    with pytest.raises(NlpConfigError, match=r"nlp\.yaml.*" + key.replace(".", r"\.")):
        load_config(d)

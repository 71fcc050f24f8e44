import json

import pytest

from intel.errors import ConfigError, IntelError
from intel.patterns.settings import PatternSettings, load_pattern_settings
from intel.patterns.state_file import FileArtifacts, previous_state


def test_repo_config_loads_and_matches_the_defaults_it_documents(repo_root):
    s = load_pattern_settings(repo_root / "config")
    assert s.reducer.kind == "lsa" and s.scan.baseline_weeks == 8 and "VRM" in s.series.entity_labels


def test_bad_setting_names_file_and_key(tmp_path):
    (tmp_path / "patterns.yaml").write_text("scan:\n  fdr: 2\nclusterer:\n  kind: dbscan\n  colour: red\n")
    with pytest.raises(ConfigError) as e:
        load_pattern_settings(tmp_path)
    msg = str(e.value)
    assert "patterns.yaml" in msg and "scan.fdr" in msg and "clusterer.kind" in msg and "clusterer.colour" in msg


def test_model_hash_changes_only_with_model_settings():
    s = PatternSettings()
    assert s.with_changes(scan={"fdr": 0.2}).model_hash() == s.model_hash()
    assert s.with_changes(reducer={"n_components": 20}).model_hash() != s.model_hash()


def test_state_file_keeps_recent_weeks_and_reads_the_week_before(tmp_path):
    arts = FileArtifacts(tmp_path / "st.json")
    for w in ("2026-W40", "2026-W41", "2026-W42", "2026-W43"):
        arts.put_artifact("cluster_state", w, {"week": w})
    again = FileArtifacts(tmp_path / "st.json")
    assert again.artifact_keys("cluster_state") == ["2026-W41", "2026-W42", "2026-W43"]
    assert previous_state(again, "2026-W43") == {"week": "2026-W42"}
    assert previous_state(again, "2026-W41") is None


def test_state_file_that_is_not_ours_is_refused(tmp_path):
    p = tmp_path / "st.json"
    p.write_text(json.dumps({"hello": 1}))
    with pytest.raises(IntelError, match="not a pattern state file"):
        FileArtifacts(p)

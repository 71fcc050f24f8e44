import pytest

from intel.config import load_settings
from intel.errors import ConfigError


def test_default_settings_have_33_bcus():
    s = load_settings()
    assert len(s.bcus) == 33 and "City of London" in s.bcus


def test_wrong_key_names_file_and_key(tmp_path):
    (tmp_path / "settings.yaml").write_text("bcus: [Barnet]\nstore_ur1: sqlite://\n")
    with pytest.raises(ConfigError) as e:
        load_settings(tmp_path)
    assert "settings.yaml" in str(e.value) and "store_ur1" in str(e.value) and "unknown key" in str(e.value)


def test_wrong_type_says_what_was_expected(tmp_path):
    (tmp_path / "settings.yaml").write_text("bcus: [Barnet]\nintake: {max_text_chars: lots}\n")
    with pytest.raises(ConfigError, match=r"intake\.max_text_chars.*integer"):
        load_settings(tmp_path)


def test_db_override(tmp_path, monkeypatch):
    monkeypatch.setenv("INTEL_DB", "sqlite:///x.db")
    assert load_settings().store_url == "sqlite:///x.db"
    assert load_settings(db_url="sqlite:///y.db").store_url == "sqlite:///y.db"

"""The ingest, submit, audit and erase commands, through the real Typer app."""

from __future__ import annotations

import json
import subprocess
import sys
import types

import pytest
from typer.testing import CliRunner

from intel.cli import app
from intel.errors import IntelError
from intel.store import Store
from nlp.extraction import Extraction

runner = CliRunner()


@pytest.fixture
def db(tmp_path, monkeypatch):
    monkeypatch.setenv("INTEL_USER", "analyst1")
    monkeypatch.delenv("INTEL_DB", raising=False)
    return f"sqlite:///{tmp_path / 'intel.db'}"


def run(db, *args, input=None):
    return runner.invoke(app, ["--db", db, *args], input=input)


@pytest.mark.parametrize("command", ["ingest", "submit", "audit", "erase"])
def test_help_explains_with_an_example(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0 and "Example: intel " + command in " ".join(result.output.split())


def test_ingest_prints_the_accounting_and_quarantine_file(db, intake_file):
    path = intake_file("unknown_bcu.csv")
    result = run(db, "ingest", str(path), "--no-extract")
    assert result.exit_code == 0, result.output
    assert "read 2: ingested 1, unchanged 0, new versions 0, quarantined 1" in result.output
    assert "line 3: bcu: unknown BCU 'Hackny'; did you mean 'Hackney'?" in result.output
    assert f"{path}.rejected.jsonl" in result.output


def test_ingest_json_is_one_object_per_file(db, intake_file):
    result = run(db, "ingest", str(intake_file("good.csv")), "--json", "--no-extract")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"read": 2, "ingested": 2, "unchanged": 0, "versions": 0, "quarantined": 0,
                                         "rejected_file": None}


def test_ingest_runs_extraction_when_the_pipeline_is_there(db, intake_file, monkeypatch):
    class Fake:
        version = "fake-9"

        @classmethod
        def from_config(cls, config_dir=None):
            return cls()

        def pipe(self, items, batch_size=256):
            return (Extraction(id=i) for i, _, _ in items)

    monkeypatch.setitem(sys.modules, "nlp.pipeline", types.SimpleNamespace(Extractor=Fake))
    result = run(db, "ingest", str(intake_file("good.csv")), "--no-progress")
    assert result.exit_code == 0 and "extracted 2 record(s) with pipeline fake-9" in result.output
    with Store(db) as s:
        assert set(s.get_extractions(["CR-1", "CR-2"], "fake-9")) == {"CR-1", "CR-2"}


def test_ingest_file_error_says_which_files_were_stored(db, intake_file):
    good, broken = intake_file("good.csv"), intake_file("broken_array.json")
    result = run(db, "ingest", str(good), str(broken), "--no-extract")
    assert isinstance(result.exception, IntelError)
    assert "broken_array.json: line" in str(result.exception) and f"already stored: {good}" in str(result.exception)


def test_submit_from_stdin_prints_the_reference(db):
    args = ["submit", "--bcu", "Lambeth", "--source-eval", "2", "--intel-assessment", "B", "--handling", "P",
            "--date", "2026-11-20", "--extra", "subject_ref=YP-004512"]
    first = run(db, *args, input="Source reports YP collected by older male in a black Audi.\n")
    assert first.exit_code == 0, first.output
    assert first.output.strip() == "Stored LIT-2026-00001"
    second = run(db, *args, input="Another report.\n")
    assert second.output.strip() == "Stored LIT-2026-00002"
    with Store(db) as s:
        r = s.get_record("LIT-2026-00001")
    assert r.author == "analyst1" and r.extra == {"subject_ref": "YP-004512"} and r.grading.code == "2B P"


def test_submit_without_a_terminal_names_the_missing_option(db):
    result = run(db, "submit", "--text", "Seen at the station")
    assert isinstance(result.exception, IntelError) and "--bcu is missing" in str(result.exception)


def test_audit_and_erase_read_well(db, intake_file):
    run(db, "ingest", str(intake_file("good.csv")), "--no-extract")
    erased = run(db, "erase", "CR-1", "--reason", "erasure request ER-7", "--yes")
    assert erased.exit_code == 0
    assert "Erased CR-1: 1 version(s), 0 extraction(s), 0 quarantined row(s), 0 artifact(s)" in erased.output
    listing = run(db, "audit", "--record", "CR-1")
    assert listing.exit_code == 0
    flat = " ".join(listing.output.split())
    assert "collection" in flat and "erasure" in flat and "ER-7" in flat and "analyst1" in flat
    lines = run(db, "audit", "--json", "--user", "analyst1").output.splitlines()
    assert [json.loads(x)["action"] for x in lines] == ["collection", "erasure"]
    assert run(db, "audit", "--since", "2999-01-01").output.strip() == "No audit events match."


def test_errors_exit_2_with_the_message(tmp_path):
    result = subprocess.run([sys.executable, "-c", "from intel.cli import main; main()", "--db", f"sqlite:///{tmp_path}/x.db", "erase",
                             "NOPE", "--reason", "r", "--yes"], capture_output=True, text=True)
    assert result.returncode == 2 and "erase NOPE: no such record" in result.stderr


def test_submit_in_a_terminal_asks_for_missing_fields(db, monkeypatch):
    monkeypatch.setattr("intel.cli.intake_cmds._interactive", lambda: True)
    answers = "Seen with older male at the station\nKensington & Chelsea\n3\nd\nC\n"
    result = run(db, "submit", "--date", "2026-11-21", "--handling-conditions", "not to be shared with school",
                 input=answers)
    assert result.exit_code == 0, result.output
    assert "Intelligence text" in result.output and "BCU" in result.output
    assert result.output.strip().endswith("Stored LIT-2026-00001")
    with Store(db) as s:
        r = s.get_record("LIT-2026-00001")
    assert r.bcu == "Kensington and Chelsea" and r.grading.code == "3D C" and not r.grading.may_quote


def test_submit_rejects_bad_input_naming_the_field(db):
    result = run(db, "submit", "--bcu", "Hackny", "--source-eval", "2", "--intel-assessment", "B", "--handling", "P",
                 "--text", "x")
    assert isinstance(result.exception, IntelError)
    assert "submit: --bcu: unknown BCU 'Hackny'; did you mean 'Hackney'?" in str(result.exception)

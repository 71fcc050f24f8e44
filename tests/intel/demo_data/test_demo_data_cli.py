"""`intel demo-data` writes the corpus and truth files; bad options fail with a clear message."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from intel.cli import app
from intel.errors import IntelError


def test_demo_data_writes_corpus_and_truth(tmp_path):
    out, truth = tmp_path / "corpus.jsonl", tmp_path / "truth.json"
    args = ["demo-data", "--weeks", "4", "--per-week", "100", "--seed", "3", "--end-week", "2026-W10",
            "--out", str(out), "--truth", str(truth)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    data = json.loads(truth.read_text(encoding="utf-8"))
    assert {r["id"] for r in rows} == set(data["records"])
    assert data["weeks"][-1] == "2026-W10" and data["seed"] == 3
    assert f"wrote {len(rows)} records" in result.output and data["control_bcu"] in result.output
    first = out.read_bytes()
    assert CliRunner().invoke(app, args).exit_code == 0
    assert out.read_bytes() == first


def test_demo_data_rejects_a_bad_week(tmp_path):
    result = CliRunner().invoke(app, ["demo-data", "--end-week", "W47", "--out", str(tmp_path / "c.jsonl")])
    assert isinstance(result.exception, IntelError)
    assert "YYYY-Www" in str(result.exception)


def test_demo_data_names_a_path_it_cannot_write(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    result = CliRunner().invoke(app, ["demo-data", "--weeks", "4", "--per-week", "50", "--end-week", "2026-W10",
                                      "--out", str(blocker / "corpus.jsonl")])
    assert isinstance(result.exception, IntelError)
    assert str(blocker / "corpus.jsonl") in str(result.exception)

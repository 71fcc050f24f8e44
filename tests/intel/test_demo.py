"""`intel demo`: the whole chain on a small synthetic corpus, into a fresh folder."""

from __future__ import annotations

import json
import re

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from intel.config import load_settings
from intel.demo import run_demo
from intel.errors import IntelError


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo") / "run"
    said = []
    res = run_demo(load_settings(), out, weeks=6, per_week=50, seed=3, end_week="2026-W47", user="tester",
                   bcus="force-wide", progress=False, say=said.append)
    return res, said


def test_chain_writes_store_corpus_and_briefing(demo):
    res, said = demo
    assert res.week == "2026-W47" and res.records > 300
    assert (res.out / "intel.db").exists() and (res.out / "corpus.jsonl").exists()
    assert res.force_wide.exists() and res.force_wide.parent == res.out / "briefings"
    assert any(str(res.force_wide) in line for line in said)  # it says where the PDF is


def test_no_corpus_name_reaches_the_pdf(demo):
    res, _ = demo
    text = " ".join(p.extract_text() for p in PdfReader(str(res.force_wide)).pages)
    text = " ".join(text.split())
    assert "Pacesetter briefing: Force-wide" in text and "2026-W47" in text
    truth = json.loads((res.out / "truth.json").read_text())
    names = {e["text"] for r in truth["records"].values() for e in r.get("entities", [])
             if e["label"] == "PERSON" and len(e["text"]) >= 4}
    assert names
    leaked = sorted(n for n in names if re.search(rf"(?<![\w\[]){re.escape(n)}(?!\w)", text))
    assert leaked == []


def test_refuses_a_folder_with_a_store_that_is_not_a_demo(tmp_path):
    (tmp_path / "intel.db").write_bytes(b"")
    with pytest.raises(IntelError, match="not a demo store"):
        run_demo(load_settings(), tmp_path, weeks=6, per_week=50, seed=3, progress=False, say=lambda *_: None)
    assert (tmp_path / "intel.db").exists()


def test_cli_help_has_an_example():
    from intel.cli import app

    for cmd in (["demo"], ["brief"], ["brief", "problem-profile"], ["deliver"]):
        result = CliRunner().invoke(app, [*cmd, "--help"])
        assert result.exit_code == 0 and "Example: intel" in result.output


def test_brief_and_problem_profile_commands_on_the_demo_store(demo, tmp_path):
    from intel.cli import app

    res, _ = demo
    runner = CliRunner()
    out = runner.invoke(app, ["--db", res.store_url, "brief", "--week", "2026-W47", "--bcu", "Hackney",
                              "--out", str(tmp_path)])
    assert out.exit_code == 0, out.output
    pdf = tmp_path / "pacesetter-2026-W47-hackney.pdf"
    assert str(pdf) in out.output and pdf.exists()
    out = runner.invoke(app, ["--db", res.store_url, "brief", "problem-profile", "--theme", "cse", "--bcu", "all",
                              "--weeks", "6", "--week", "2026-W47", "--out", str(tmp_path)])
    assert out.exit_code == 0, out.output
    text = " ".join(p.extract_text() for p in PdfReader(out.output.strip().splitlines()[-1]).pages)
    assert "Problem profile: Child sexual exploitation" in " ".join(text.split())
    bad = runner.invoke(app, ["--db", res.store_url, "brief", "--week", "2026-W47", "--bcu", "Gotham"])
    assert isinstance(bad.exception, IntelError) and "not in settings.bcus" in str(bad.exception)

"""`intel extract` and `intel themes evaluate` from the command line."""

import json

from typer.testing import CliRunner

from intel.cli import app

runner = CliRunner()


def test_extract_stdin_to_stdout():
    lines = "\n".join(json.dumps(r) for r in [
        {"id": "a", "text": "YP went missing from her placement.", "date": "2026-03-01"},
        {"id": "b", "text": "No concerns."},
    ])
    res = runner.invoke(app, ["extract", "--in", "-", "--out", "-"], input=lines)
    assert res.exit_code == 0, res.output
    out = [json.loads(x) for x in res.stdout.strip().splitlines()]
    assert [o["id"] for o in out] == ["a", "b"]
    assert any(m["id"] == "missing_episodes" and not m["negated"] for m in out[0]["indicators"])
    assert set(out[0]) == {"id", "themes", "indicators", "entities", "risk"}


def test_extract_file_with_two_workers(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps({"id": f"r{i}", "text": "Went missing overnight."}) for i in range(5)))
    dst = tmp_path / "out.jsonl"
    res = runner.invoke(app, ["extract", "--in", str(src), "--out", str(dst), "--workers", "2", "--batch-size", "2"])
    assert res.exit_code == 0, res.output
    assert [json.loads(x)["id"] for x in dst.read_text().splitlines()] == [f"r{i}" for i in range(5)]


def test_extract_bad_line_names_line_and_field(tmp_path):
    from intel.errors import IntelError

    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": "ok"}) + "\n" + json.dumps({"id": "b"}) + "\n")
    res = runner.invoke(app, ["extract", "--in", str(src)])
    assert isinstance(res.exception, IntelError)
    assert "line 2" in str(res.exception) and "'text'" in str(res.exception)


def test_themes_evaluate_json_and_html(tmp_path):
    gold = tmp_path / "g.jsonl"
    gold.write_text(json.dumps({"id": "g1", "text": "<b>YP</b> went missing.", "themes": ["missing"],
                                "indicators": ["missing_episodes"], "not_asserted": [], "entities": []}) + "\n")
    html = tmp_path / "r.html"
    res = runner.invoke(app, ["themes", "evaluate", "--gold", str(gold), "--json", "--html", str(html)])
    assert res.exit_code == 0, res.output
    r = json.loads(res.stdout)
    assert r["themes"]["micro"]["f1"] == 1.0
    page = html.read_text()
    assert "&lt;b&gt;YP" in page or "<b>YP" not in page  # gold text is escaped

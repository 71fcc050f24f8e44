"""Checks the hand-labelled gold sets are well formed and cover the taxonomy.

The gold files are the yardstick for the extractor; a malformed line or an id
outside the taxonomy would silently skew every score measured against them.
"""

import json
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
DEV = REPO / "tests" / "data" / "dev_gold.jsonl"
HELDOUT = REPO / "bench" / "data" / "heldout_gold.jsonl"
HELDOUT2 = REPO / "bench" / "data" / "heldout2_gold.jsonl"
HELDOUT3 = REPO / "bench" / "data" / "heldout3_gold.jsonl"
HELDOUT4 = REPO / "bench" / "data" / "heldout4_gold.jsonl"
TUNE = {k: REPO / "tests" / "data" / f"tune_{k}_gold.jsonl" for k in "abcdefghi"}
SHARED_TAXONOMY = REPO.parent / "shared" / "spec" / "taxonomy.yaml"  # CI and developers lay shared/ beside the repo
PROJECT_TAXONOMY = REPO / "config" / "taxonomy.yaml"

FLAGS = {"negated", "hypothetical", "historical", "uncertain", "other_subject"}
LABELS = {"AGE", "VRM", "PHONE", "EMAIL", "POSTCODE", "PLATFORM", "VENUE", "PLACE",
          "DATE", "NICKNAME", "PERSON"}
KEYS = {"id", "text", "themes", "indicators", "not_asserted", "entities"}
# Fictional numbers only: Ofcom's drama range 07700 900000-900999, in any written form.
DRAMA_PHONE = re.compile(r"^(?:44|0044|440)?0?7700900\d{3}$")
# Current-style UK plate (two letters, two digits, three letters), spaced or not.
UK_VRM = re.compile(r"^[A-Z]{2}\d{2}[A-Z]{3}$")


def _taxonomy() -> dict:
    for path in (SHARED_TAXONOMY, Path("/work/shared/spec/taxonomy.yaml")):
        if path.exists():
            with path.open(encoding="utf-8") as fh:
                return yaml.safe_load(fh)
    # Without the shared spec, the project's taxonomy less its internal helper ids is the canon.
    with PROJECT_TAXONOMY.open(encoding="utf-8") as fh:
        tax = yaml.safe_load(fh)
    tax["indicators"] = {k: v for k, v in tax["indicators"].items() if not (v or {}).get("internal")}
    return tax


def _load(path: Path) -> list[dict]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                pytest.fail(f"{path.name} line {lineno}: not JSON ({exc})")
            row["_line"] = lineno
            rows.append(row)
    return rows


TAX = _taxonomy()
THEMES = set(TAX["themes"])
INDICATORS = set(TAX["indicators"])
SETS = {"dev": (DEV, "dev-"), "heldout": (HELDOUT, "ho-"), "heldout2": (HELDOUT2, "h2-"),
        "heldout3": (HELDOUT3, "h3-"), "heldout4": (HELDOUT4, "h4-"), **{f"tune_{k}": (p, f"t{k}-") for k, p in TUNE.items()}}


def _problems(rows: list[dict], prefix: str) -> list[str]:
    """Every defect in a gold set, each naming its line and field."""
    out = []
    seen = Counter(r.get("id") for r in rows)
    for r in rows:
        where = f"line {r['_line']} ({r.get('id')})"
        keys = set(r) - {"_line"}
        if keys != KEYS:
            out.append(f"{where}: keys {sorted(keys)} != {sorted(KEYS)}")
            continue
        if not str(r["id"]).startswith(prefix):
            out.append(f"{where}: id should start with {prefix!r}")
        if seen[r["id"]] > 1:
            out.append(f"{where}: id repeated")
        if not isinstance(r["text"], str) or not r["text"].strip():
            out.append(f"{where}: text empty")
        for t in r["themes"]:
            if t not in THEMES:
                out.append(f"{where}: themes: unknown theme {t!r}")
        for i in r["indicators"]:
            if i not in INDICATORS:
                out.append(f"{where}: indicators: unknown indicator {i!r}")
        for dup in [k for k, n in Counter(r["indicators"]).items() if n > 1]:
            out.append(f"{where}: indicators: {dup!r} listed twice")
        asserted = set(r["indicators"])
        for na in r["not_asserted"]:
            if na.get("id") not in INDICATORS:
                out.append(f"{where}: not_asserted: {na.get('id')!r} is not an indicator id")
            if na.get("flag") not in FLAGS:
                out.append(f"{where}: not_asserted: flag {na.get('flag')!r} not in {sorted(FLAGS)}")
            if na.get("id") in asserted:
                out.append(f"{where}: {na.get('id')!r} both asserted and not_asserted")
        for e in r["entities"]:
            if e.get("label") not in LABELS:
                out.append(f"{where}: entities: label {e.get('label')!r} unknown")
            if not e.get("text") or e["text"] not in r["text"]:
                out.append(f"{where}: entities: {e.get('text')!r} not found in text")
            if e.get("label") == "AGE" and not str(e.get("text", "")).isdigit():
                out.append(f"{where}: entities: AGE {e.get('text')!r} should be the number only")
            if e.get("label") == "PHONE" and not DRAMA_PHONE.match(re.sub(r"\D", "", e.get("text", ""))):
                out.append(f"{where}: entities: PHONE {e.get('text')!r} outside 07700 900000-900999")
            if e.get("label") == "VRM" and not UK_VRM.match(e.get("text", "").replace(" ", "").upper()):
                out.append(f"{where}: entities: VRM {e.get('text')!r} is not a UK plate")
    return out


@pytest.mark.parametrize("name", sorted(SETS))
def test_gold_set_is_well_formed(name):
    path, prefix = SETS[name]
    problems = _problems(_load(path), prefix)
    assert not problems, f"{path}:\n" + "\n".join(problems[:30])


def test_checker_catches_bad_lines():
    # The validator itself must be able to fail, or the tests above prove nothing.
    bad = [
        {"_line": 1, "id": "dev-1", "text": "YP aged 14 missing.", "themes": ["nope"],
         "indicators": ["missing_episodes"],
         "not_asserted": [{"id": "missing_episodes", "flag": "maybe"}],
         "entities": [{"label": "AGE", "text": "15"}, {"label": "PHONE", "text": "07911 123456"},
                      {"label": "VRM", "text": "ABC"}]},
        {"_line": 2, "id": "dev-1", "text": "x", "themes": [], "indicators": [],
         "not_asserted": [], "entities": []},
    ]
    joined = "\n".join(_problems(bad, "dev-"))
    for expected in ("unknown theme", "both asserted", "flag 'maybe'", "not found in text",
                     "id repeated", "outside 07700", "not a UK plate"):
        assert expected in joined


def test_set_sizes():
    assert len(_load(DEV)) >= 150
    assert len(_load(HELDOUT)) >= 50


def test_every_theme_and_indicator_asserted_twice_in_dev():
    rows = _load(DEV)
    themes = Counter(t for r in rows for t in r["themes"])
    indicators = Counter(i for r in rows for i in r["indicators"])
    thin = sorted(k for k in THEMES if themes[k] < 2) + sorted(k for k in INDICATORS if indicators[k] < 2)
    assert not thin, f"asserted fewer than twice in dev: {thin}"


def test_dev_has_context_flags_and_quiet_records():
    rows = _load(DEV)
    flagged = sum(1 for r in rows if r["not_asserted"])
    quiet = sum(1 for r in rows if not r["themes"])
    flags = {na["flag"] for r in rows for na in r["not_asserted"]}
    assert flagged >= len(rows) / 3, "fewer than a third of records carry a non-asserted mention"
    assert quiet >= len(rows) // 10, "too few routine records with no concern"
    assert flags == FLAGS


def test_no_text_appears_in_two_sets():
    seen: dict[str, str] = {}
    for name, (path, _) in sorted(SETS.items()):
        for r in _load(path):
            key = " ".join(r["text"].lower().split())
            assert key not in seen, f"{r['id']} in {name} repeats a text of {seen.get(key)}"
            seen[key] = name


SECOND = {"heldout3": REPO / "bench" / "data" / "second_annotator" / "heldout3.jsonl",
          "tune_e": REPO / "bench" / "data" / "second_annotator" / "tune_e.jsonl"}


@pytest.mark.parametrize("name", sorted(SECOND))
def test_second_annotator_labels_the_same_texts_well_formed(name):
    first_path, prefix = SETS[name]
    second = _load(SECOND[name])
    assert _problems(second, prefix) == []
    first = {r["id"]: r["text"] for r in _load(first_path)}
    assert {r["id"]: r["text"] for r in second} == first

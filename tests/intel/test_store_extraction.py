"""extract_pending: the glue that runs an extractor over what the store has not extracted yet."""

from __future__ import annotations

import json
from datetime import date

import pytest

from intel.analysis import extract_pending
from intel.intake import ingest_path
from nlp.extraction import Extraction, ThemeHit


class FakeExtractor:
    """Duck-typed like nlp.pipeline.Extractor: a version and pipe() over (id, text, date)."""

    def __init__(self, version="fake-1"):
        self.version = version
        self.seen: list[tuple[str, str, date | None]] = []

    def pipe(self, items, batch_size=256):
        for id, text, day in items:
            self.seen.append((id, text, day))
            yield Extraction(id=id, themes=[ThemeHit("cse" if "car" in text else "cce", 0.9)])


@pytest.fixture
def loaded(store, settings, tmp_path):
    rows = [{"id": f"R{i}", "kind": "other", "date": f"2026-11-{16 + i % 3}", "bcu": "Sutton",
             "text": f"seen in a car ({i})" if i % 2 else f"county lines runner ({i})"} for i in range(7)]
    (tmp_path / "r.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    ingest_path(store, tmp_path / "r.jsonl", settings, "analyst1", progress=False)
    return store


def test_extracts_each_pending_record_once_then_nothing(loaded):
    fake = FakeExtractor()
    assert extract_pending(loaded, fake, progress=False, user="analyst1") == 7
    assert {s[0] for s in fake.seen} == {f"R{i}" for i in range(7)}
    assert fake.seen[0][2] == date(2026, 11, 16)  # dates are passed through
    got = loaded.get_extractions([f"R{i}" for i in range(7)], "fake-1")
    assert got["R1"].theme_ids == ["cse"] and got["R2"].theme_ids == ["cce"]
    again = FakeExtractor()
    assert extract_pending(loaded, again, progress=False, user="analyst1") == 0 and again.seen == []
    assert extract_pending(loaded, FakeExtractor("fake-2"), progress=False, user="analyst1") == 7
    consulted = [e for e in loaded.audit_events() if e.action == "consultation"]
    assert len(consulted) == 2 and "fake-1" in consulted[0].what and len(consulted[0].record_ids) == 7


def test_resumes_after_an_interrupted_run(loaded, monkeypatch):
    monkeypatch.setattr("intel.analysis.BATCH", 3)

    class Failing(FakeExtractor):
        def pipe(self, items, batch_size=256):
            if len(self.seen) >= 3:
                raise KeyboardInterrupt
            yield from super().pipe(items, batch_size)

    with pytest.raises(KeyboardInterrupt):
        extract_pending(loaded, Failing(), progress=False, user="analyst1")
    assert loaded.count_pending_extraction("fake-1") == 4
    assert extract_pending(loaded, FakeExtractor(), progress=False, user="analyst1") == 4


def test_an_extractor_that_drops_items_is_an_error(loaded):
    class Short(FakeExtractor):
        def pipe(self, items, batch_size=256):
            yield from list(super().pipe(items, batch_size))[:-1]

    with pytest.raises(RuntimeError, match="returned 6 extractions for 7"):
        extract_pending(loaded, Short(), progress=False, user="analyst1")

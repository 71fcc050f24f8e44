"""One file is one transaction: an ingest killed with SIGKILL leaves nothing; a rerun stores each row once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from intel.intake import ingest_path
from intel.store import Store
from intel.store import schema as t

ROWS = 20_000
# The child announces when half the file's batches are inserted (inside the one transaction) and
# then slows down, so the parent's SIGKILL lands midway every time, however loaded the machine is.
SCRIPT = """
import sys, time
from intel.config import load_settings
from intel.intake import ingest_path
from intel.store import Store
store = Store(sys.argv[1])
real, calls = store.insert_prepared, []
def insert_prepared(*a, **kw):
    real(*a, **kw)
    calls.append(1)
    if len(calls) == int(sys.argv[3]):
        print("midway", flush=True)
        time.sleep(60)
store.insert_prepared = insert_prepared
ingest_path(store, sys.argv[2], load_settings(), "analyst1", progress=False)
print("finished", flush=True)
"""


def _write_big_file(path: Path) -> None:
    words = "girl seen getting into a car with an older male near the station late at night ".split()
    with path.open("w", encoding="utf-8") as fh:
        for i in range(ROWS):
            text = " ".join(words[(i + k) % len(words)] for k in range(60))
            fh.write(json.dumps({"id": f"CR-{i:06d}", "kind": "crime_report", "date": "2026-11-16",
                                 "bcu": "Hackney", "text": text}) + "\n")


@pytest.mark.slow
def test_sigkill_midway_leaves_nothing_and_a_rerun_stores_each_row_once(tmp_path, settings):
    db = tmp_path / "intel.db"
    url = f"sqlite:///{db}"
    src = tmp_path / "big.jsonl"
    _write_big_file(src)
    from intel.intake import BATCH

    half = ROWS // BATCH // 2
    proc = subprocess.Popen([sys.executable, "-c", SCRIPT, url, str(src), str(half)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    assert line.strip() == "midway", f"child did not reach midway: {line!r} {proc.stderr.read()}"
    with Store(url) as peek:  # while it runs, another reader sees none of the file
        assert peek.count_records() == 0
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL

    store = Store(url)
    assert store.count_records() == 0
    assert store.audit_events() == [] and store.quarantined() == []

    summary = ingest_path(store, src, settings, "analyst1", progress=False)
    assert (summary.read, summary.ingested, summary.quarantined) == (ROWS, ROWS, 0)
    with store.engine.connect() as conn:
        n, distinct = conn.execute(select(func.count(), func.count(t.records.c.id.distinct()))).one()
    assert n == distinct == ROWS
    again = ingest_path(store, src, settings, "analyst1", progress=False)
    assert again.unchanged == ROWS and store.count_records() == ROWS
    store.close()

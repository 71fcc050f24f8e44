"""Random bytes and random CSV/JSON shapes: intake either stores with rows that add up, or fails with a clear IntakeError."""

from __future__ import annotations

import atexit
import csv
import io
import json
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings as hsettings, strategies as st
from sqlalchemy import text

from intel.config import load_settings
from intel.intake import IntakeError, ingest_path
from intel.store import Store

SETTINGS = load_settings()
_TMP = Path(tempfile.mkdtemp(prefix="intel-hyp-"))
STORE = Store(f"sqlite:///{_TMP / 'intel.db'}")
atexit.register(shutil.rmtree, _TMP, ignore_errors=True)
atexit.register(STORE.close)
FIELDS = ["id", "text", "date", "bcu", "kind", "source_eval", "intel_assessment", "handling", "ward",
          "safeguarding_plan", "opened_at", "closed_at", "subject_ref", "Ward ", "ID"]

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10, 10**20), st.floats(allow_nan=True),
    st.text(max_size=30), st.sampled_from(["2026-11-16", "16/11/2026", "2026-02-30", "Hackney", "hackney",
                                           "Hackny", "crime_report", "other", "2", "B", "P", "C", "yes", ""]),
)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                                           max_size=3), max_leaves=5)
rows = st.lists(st.dictionaries(st.one_of(st.sampled_from(FIELDS), st.text(max_size=8)), values, max_size=8),
                max_size=8)


def _reset() -> None:
    with STORE.write() as conn:
        for table in ("audit_records", "audit_events", "quarantine", "extractions", "record_versions", "records"):
            conn.execute(text(f"DELETE FROM {table}"))


def _check(path: Path) -> None:
    _reset()
    try:
        s = ingest_path(STORE, path, SETTINGS, "hypothesis", progress=False)
    except IntakeError as exc:
        assert str(path) in str(exc)  # a clear file-level error, naming the file
        assert STORE.count_records() == 0 and STORE.quarantined() == []
        return
    assert s.read == s.ingested + s.unchanged + s.versions + s.quarantined
    assert STORE.count_records() == s.ingested  # fresh store: every new id is one current record
    assert len(STORE.quarantined()) == s.quarantined
    assert (s.rejected_file is not None) == (s.quarantined > 0)
    if s.rejected_file:
        with open(s.rejected_file, encoding="utf-8") as fh:
            assert sum(1 for _ in fh) == s.quarantined


common = hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@common
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".csv", ".jsonl", ".json"]))
def test_random_bytes(data, suffix):
    path = _TMP / f"random{suffix}"
    path.write_bytes(data)
    _check(path)


@common
@given(records=rows, fmt=st.sampled_from(["jsonl", "json"]), cp1252=st.booleans())
def test_random_json_shapes(records, fmt, cp1252):
    body = (json.dumps(records, ensure_ascii=False, indent=1) if fmt == "json"
            else "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    path = _TMP / f"shapes.{fmt}"
    path.write_bytes(body.encode("cp1252", "replace") if cp1252 else body.encode("utf-8", "surrogatepass"))
    _check(path)


@common
@given(header=st.lists(st.one_of(st.sampled_from(FIELDS), st.text(max_size=6)), max_size=7),
       body=st.lists(st.lists(st.text(max_size=12), max_size=8), max_size=8))
def test_random_csv_shapes(header, body):
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(header)
    w.writerows(body)
    path = _TMP / "shapes.csv"
    path.write_bytes(buf.getvalue().encode("utf-8", "surrogatepass"))
    _check(path)


plausible = st.fixed_dictionaries(
    {"id": st.sampled_from(["A", "B", "C", " A ", ""]), "text": st.sampled_from(["seen in car", "missing", " ", "x" * 60]),
     "date": st.sampled_from(["2026-11-16", "17/11/2026", "2026-13-01"]), "bcu": st.sampled_from(["Hackney", "Hackny"]),
     "kind": st.sampled_from(["crime_report", "other", "memo"])},
    optional={"source_eval": st.sampled_from(["1", "2", "4"]), "subject_ref": st.text(max_size=4)},
)


@common
@given(records=st.lists(plausible, max_size=12), fmt=st.sampled_from(["jsonl", "json", "csv"]))
def test_plausible_rows_with_duplicates_add_up(records, fmt):
    path = _TMP / f"plausible.{fmt}"
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=["id", "text", "date", "bcu", "kind", "source_eval", "subject_ref"])
        w.writeheader()
        w.writerows(records)
        path.write_text(buf.getvalue(), encoding="utf-8")
    elif fmt == "json":
        path.write_text(json.dumps(records), encoding="utf-8")
    else:
        path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    _check(path)

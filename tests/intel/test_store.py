"""Store behaviour on SQLite and PostgreSQL (the postgresql cases need INTEL_TEST_PG_URL)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import inspect, text

from intel.errors import IntelError
from intel.migrations import head_revision
from intel.records import Grading, Record, RecordKind
from intel.store import Store
from intel.store.store import utcnow
from nlp.extraction import Entity, Extraction, ThemeHit


def rec(id, day, bcu="Hackney", kind=RecordKind.CRIME_REPORT, text=None, **kw) -> Record:
    return Record(id=id, kind=kind, text=text or f"narrative of {id}", date=day, bcu=bcu, **kw)


def put(store: Store, *records: Record, user: str = "analyst1") -> None:
    """Insert first versions (as intake does)."""
    now = utcnow()
    with store.write() as conn:
        store.insert_new(conn, [(r, r.content_hash(), i + 2) for i, r in enumerate(records)],
                         source="fixture.csv", user=user, at=now)


def new_version(store: Store, r: Record) -> None:
    from intel.store.store import record_row

    now = utcnow()
    with store.write() as conn:
        _, version, _ = store.existing(conn, [r.id])[r.id]
        store.replace_record(conn, record_row(r, content_hash=r.content_hash(), version=version + 1,
                                              source="fixture.csv", line=9, user="analyst1", at=now), now)


def test_schema_is_migrated_to_head_and_reopening_is_harmless(store_url):
    s = Store(store_url)
    s.close()
    s = Store(store_url)
    with s.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == head_revision()
        tables = set(inspect(conn).get_table_names())
    s.close()
    assert {"records", "record_versions", "extractions", "runs", "artifacts", "quarantine",
            "audit_events", "audit_records"} <= tables


def test_sqlite_store_uses_wal(sqlite_store):
    with sqlite_store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_in_memory_sqlite_works_for_a_whole_ingest(settings, intake_file):
    from intel.intake import ingest_path

    with Store("sqlite://") as s:
        assert ingest_path(s, intake_file("good.csv"), settings, "analyst1", progress=False).ingested == 2
        assert s.count_records() == 2 and len(s.audit_events()) == 1


def test_bad_url_is_a_clear_error(tmp_path):
    with pytest.raises(IntelError, match="store URL"):
        Store("nosuchdb://x")
    with pytest.raises(IntelError, match="cannot open the store"):
        Store(f"sqlite:///{tmp_path}/missing/folder/intel.db")


def test_record_round_trip_keeps_every_field(store):
    r = rec("CR-1", date(2026, 11, 16), grading=Grading("2", "B", "C", "not to social care"), ward="Dalston",
            status="open", outcome="referred", safeguarding_plan=True, opened_at=date(2026, 11, 1),
            closed_at=date(2026, 11, 20), author="PC 123", extra={"subject_ref": "YP-004512", "n": [1, 2]})
    put(store, r)
    assert store.get_record("CR-1") == r
    assert store.get_record("nope") is None


def test_iter_records_orders_by_date_then_id_and_filters_inclusively(store):
    d = date(2026, 11, 16)
    put(store, rec("B", d), rec("A", d), rec("C", d - timedelta(days=1), bcu="Barnet"),
        rec("D", d + timedelta(days=7), kind=RecordKind.LIT_SUBMISSION))
    assert [r.id for r in store.iter_records()] == ["C", "A", "B", "D"]
    assert [r.id for r in store.iter_records(bcu="Hackney")] == ["A", "B", "D"]
    assert [r.id for r in store.iter_records(start=d, end=d)] == ["A", "B"]
    assert [r.id for r in store.iter_records(kinds=["lit_submission"])] == ["D"]
    assert [r.id for r in store.iter_records(kinds=[RecordKind.CRIME_REPORT], bcu="Hackney")] == ["A", "B"]
    assert store.count_records() == 4
    assert store.count_records(start=d, kinds=["crime_report"]) == 2


def test_iter_records_pages_through_more_than_one_page(store, monkeypatch):
    monkeypatch.setattr("intel.store.store.PAGE", 3)
    put(store, *[rec(f"R{i:02d}", date(2026, 1, 1 + i % 4)) for i in range(10)])
    ids = [r.id for r in store.iter_records()]
    assert len(ids) == 10 and len(set(ids)) == 10
    assert ids == sorted(ids, key=lambda i: (int(i[1:]) % 4, i))


def test_record_versions_oldest_first(store):
    put(store, rec("CR-1", date(2026, 11, 16), text="first account"))
    new_version(store, rec("CR-1", date(2026, 11, 16), text="second account"))
    new_version(store, rec("CR-1", date(2026, 11, 16), text="third account"))
    assert [r.text for r in store.record_versions("CR-1")] == ["first account", "second account", "third account"]
    assert store.get_record("CR-1").text == "third account"
    assert store.count_records() == 1
    assert store.record_versions("nope") == []


def ext(id: str, theme: str = "cse") -> Extraction:
    return Extraction(id=id, themes=[ThemeHit(theme, 0.8)], entities=[Entity("VRM", "LR15 KTW", 0, 8, "LR15KTW")])


def test_extractions_are_cached_by_text_hash_and_pipeline_version(store):
    a, b = rec("A", date(2026, 11, 16), text="same text"), rec("B", date(2026, 11, 17), text="same text")
    c = rec("C", date(2026, 11, 18), text="other text")
    put(store, a, b, c)
    assert [r.id for r in store.pending_extraction("v1")] == ["A", "B", "C"]
    assert store.count_pending_extraction("v1") == 3
    assert store.save_extractions([(a, ext("A")), (c, ext("C", "cce"))], "v1") == 2
    # B shares A's text, so A's extraction answers for B too, under B's id.
    assert list(store.pending_extraction("v1")) == []
    got = store.get_extractions(["A", "B", "C", "missing"], "v1")
    assert set(got) == {"A", "B", "C"}
    assert got["B"].id == "B" and got["B"].theme_ids == ["cse"] and got["C"].theme_ids == ["cce"]
    assert got["A"].entities[0].norm == "LR15KTW"
    # A new pipeline version has nothing cached yet.
    assert store.count_pending_extraction("v2") == 3
    # A new version of C's text needs extracting again.
    new_version(store, rec("C", date(2026, 11, 18), text="changed text"))
    assert [r.id for r in store.pending_extraction("v1")] == ["C"]
    assert "C" not in store.get_extractions(["C"], "v1")


def test_runs_record_who_asked_and_the_outcome(store):
    run = store.start_run("patterns", "analyst1", {"week": "2026-W47", "since": date(2026, 11, 16)})
    assert store.get_run(run)["status"] == "running"
    store.finish_run(run, "ok", {"clusters": 4})
    got = store.get_run(run)
    assert got["user"] == "analyst1" and got["params"] == {"week": "2026-W47", "since": "2026-11-16"}
    assert got["status"] == "ok" and got["summary"] == {"clusters": 4} and got["finished_at"] >= got["started_at"]
    with pytest.raises(IntelError, match="no such run"):
        store.finish_run(run + 100, "ok", {})


def test_artifacts_upsert_and_list_sorted(store):
    store.put_artifact("cluster_state", "2026-W47", {"centroids": [[0.1, 0.2]]})
    store.put_artifact("cluster_state", "2026-W46", {"centroids": []})
    store.put_artifact("cluster_state", "2026-W47", {"centroids": [[0.3]]})
    store.put_artifact("pattern_report", "2026-W47", {"week": "2026-W47"})
    assert store.get_artifact("cluster_state", "2026-W47") == {"centroids": [[0.3]]}
    assert store.get_artifact("cluster_state", "2026-W01") is None
    assert store.artifact_keys("cluster_state") == ["2026-W46", "2026-W47"]
    with pytest.raises(IntelError, match="JSON"):
        store.put_artifact("x", "y", {"bad": object()})


def test_audit_rejects_actions_outside_the_six_kinds(store):
    with pytest.raises(IntelError, match="collection, alteration, consultation, disclosure, combination, erasure"):
        store.audit("viewing", "analyst1", "looked")


def test_audit_events_filter_by_since_user_and_record(store):
    store.audit("consultation", "analyst1", "search", ["A", "B"], "weekly review")
    store.audit("disclosure", "lead2", "briefing Hackney 2026-W47", ["B"], "Pacesetter meeting")
    store.audit("combination", "analyst1", "linked series LS1", ["A", "C"])
    events = store.audit_events()
    assert [e.action for e in events] == ["consultation", "disclosure", "combination"]
    assert events[0].record_ids == ["A", "B"] and events[0].why == "weekly review"
    assert events[0].at.tzinfo is not None
    assert [e.what for e in store.audit_events(user="lead2")] == ["briefing Hackney 2026-W47"]
    assert [e.action for e in store.audit_events(record="A")] == ["consultation", "combination"]
    assert store.audit_events(since=datetime.now(timezone.utc) + timedelta(minutes=5)) == []
    assert len(store.audit_events(since=datetime.now(timezone.utc) - timedelta(minutes=5))) == 3


def test_erase_removes_record_versions_derived_data_and_is_audited(store):
    a = rec("A", date(2026, 11, 16), text="private text")
    b = rec("B", date(2026, 11, 16), text="shared text")
    c = rec("C", date(2026, 11, 16), text="shared text")
    put(store, a, b, c)
    new_version(store, rec("A", date(2026, 11, 16), text="private text, amended"))
    store.save_extractions([(store.get_record("A"), ext("A")), (b, ext("B"))], "v1")
    with store.write() as conn:
        store.add_quarantine(conn, [{"source": "f.csv", "line": 3, "field": "date", "reason": "bad",
                                     "raw": "{\"id\": \"A\"}", "record_id": "A", "at": utcnow()}])
    store.put_artifact("pattern_report", "2026-W47", {"clusters": [{"id": "C0001", "records": ["A", "B"]}],
                                                      "by_record": {"A": 1, "B": 2}, "note": "A"})
    store.put_artifact("pattern_report", "2026-W46", {"clusters": [{"records": ["B"]}]})
    gone = store.erase("A", "erasure request ER-1", "lead2")
    assert gone == {"versions": 2, "extractions": 1, "quarantined": 1, "artifacts": 1}
    assert store.get_artifact("pattern_report", "2026-W47") == {
        "clusters": [{"id": "C0001", "records": ["B"]}], "by_record": {"B": 2}, "note": "A"}
    assert store.get_record("A") is None and store.record_versions("A") == []
    assert store.quarantined() == []
    assert "A" not in store.get_extractions(["A"], "v1")
    # C shares B's text: erasing B must keep the extraction C still uses.
    store.erase("B", "erasure request ER-2", "lead2")
    assert store.get_extractions(["C"], "v1")["C"].id == "C"
    last = store.audit_events(record="A")[-1]
    assert (last.action, last.user, last.why) == ("erasure", "lead2", "erasure request ER-1")
    with pytest.raises(IntelError, match="no such record"):
        store.erase("A", "again", "lead2")
    with pytest.raises(IntelError, match="reason"):
        store.erase("C", "  ", "lead2")


def test_migrations_build_exactly_the_tables_in_schema_py(store):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from intel.store.schema import metadata

    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []

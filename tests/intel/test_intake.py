"""Intake validation and ingest, one bad file per rule (fixtures in tests/data/intake)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from intel.intake import IntakeError, RowError, ingest_path, submit_record, validate_row
from intel.records import RecordKind


def ingest(store, path, settings, **kw):
    s = ingest_path(store, path, settings, "analyst1", progress=False, **kw)
    assert s.read == s.ingested + s.unchanged + s.versions + s.quarantined
    return s


def rejected(summary) -> list[dict]:
    with open(summary.rejected_file, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def only_problem(store, summary, line, field, *phrases):
    """The file's one quarantined row: in the table and the rejected file, naming line, field and reason."""
    assert summary.quarantined == 1
    [q] = store.quarantined()
    [r] = rejected(summary)
    assert (q.line, q.field) == (r["line"], r["field"]) == (line, field)
    assert q.source == r["source"] == summary.source
    for p in phrases:
        assert p in q.reason
    return q


def test_good_csv_is_stored_with_extra_columns(store, settings, intake_file):
    s = ingest(store, intake_file("good.csv"), settings)
    assert (s.read, s.ingested, s.quarantined, s.rejected_file) == (2, 2, 0, None)
    r = store.get_record("CR-1")
    assert r.kind is RecordKind.CRIME_REPORT and r.bcu == "Hackney" and r.date == date(2026, 11, 16)
    assert r.grading.code == "2B P" and r.extra == {"subject_ref": "YP-000101"}
    assert store.get_record("CR-2").grading.code == "?? ?"
    [event] = store.audit_events()
    assert event.action == "collection" and event.user == "analyst1" and event.record_ids == ["CR-1", "CR-2"]


def test_blank_text(store, settings, intake_file):
    s = ingest(store, intake_file("blank_text.csv"), settings)
    only_problem(store, s, 3, "text", "blank")
    assert s.ingested == 1 and store.get_record("CR-2") is None


def test_bad_date(store, settings, intake_file):
    s = ingest(store, intake_file("bad_date.csv"), settings)
    only_problem(store, s, 3, "date", "2026-13-01", "YYYY-MM-DD")


def test_unknown_bcu_suggests_the_nearest(store, settings, intake_file):
    s = ingest(store, intake_file("unknown_bcu.csv"), settings)
    only_problem(store, s, 3, "bcu", "Hackny", "did you mean 'Hackney'")


def test_bad_grading_codes(store, settings, intake_file):
    s = ingest(store, intake_file("bad_grading.csv"), settings)
    assert (s.ingested, s.quarantined) == (1, 3)
    problems = {(q.line, q.field) for q in store.quarantined()}
    assert problems == {(2, "source_eval"), (3, "intel_assessment"), (4, "handling")}
    assert store.get_record("CR-4").grading.code == "2B P"  # lower case accepted and normalised


def test_text_over_the_configured_cap(store, small_cap_settings, intake_file):
    s = ingest(store, intake_file("over_cap.csv"), small_cap_settings)
    only_problem(store, s, 3, "text", "over the 50 cap", "max_text_chars")


def test_cp1252_file_is_decoded_and_says_so(store, settings, intake_file):
    s = ingest(store, intake_file("cp1252.csv"), settings)
    assert s.ingested == 1 and s.encoding == "cp1252"
    assert any("cp1252" in n for n in s.notes)
    assert store.get_record("CR-1").text == "Girl\u2019s phone topped up with \u00a320 cash"


def test_undecodable_line_is_quarantined_and_the_rest_kept(store, settings, intake_file):
    s = ingest(store, intake_file("undecodable.csv"), settings)
    only_problem(store, s, 3, "(line)", "neither UTF-8 nor cp1252")
    assert store.get_record("CR-3").text == "Caf\u00e9 on the high road"


def test_duplicates_same_content_is_a_no_op_new_content_is_a_version(store, settings, intake_file):
    path = intake_file("duplicates.jsonl")
    s = ingest(store, path, settings)
    assert (s.read, s.ingested, s.unchanged, s.versions) == (3, 1, 1, 1)
    assert [r.text for r in store.record_versions("LIT-1")] == [
        "Source reports YP collected by older male.", "Source reports YP collected by older male in a black Audi."]
    assert [e.action for e in store.audit_events(record="LIT-1")] == ["collection", "alteration"]
    # Running the same file again changes nothing.
    again = ingest(store, path, settings)
    assert (again.ingested, again.unchanged, again.versions) == (0, 3, 0)
    assert len(store.record_versions("LIT-1")) == 2


def test_a_clean_rerun_of_a_corrected_file_removes_the_old_rejects(store, settings, intake_file):
    path = intake_file("bad_date.csv")
    first = ingest(store, path, settings)
    assert first.rejected_file and path.with_name("bad_date.csv.rejected.jsonl").exists()
    path.write_text(path.read_text().replace("2026-13-01", "2026-11-30"))
    fixed = ingest(store, path, settings)
    assert (fixed.ingested, fixed.unchanged, fixed.quarantined, fixed.rejected_file) == (1, 1, 0, None)
    assert not path.with_name("bad_date.csv.rejected.jsonl").exists()


def test_changed_row_in_a_later_file_is_a_new_version(store, settings, tmp_path):
    row = {"id": "CR-9", "kind": "crime_report", "date": "2026-11-16", "bcu": "Brent", "text": "first"}
    (tmp_path / "a.jsonl").write_text(json.dumps(row) + "\n")
    (tmp_path / "b.jsonl").write_text(json.dumps({**row, "text": "second"}) + "\n")
    ingest(store, tmp_path / "a.jsonl", settings)
    s = ingest(store, tmp_path / "b.jsonl", settings)
    assert s.versions == 1 and [r.text for r in store.record_versions("CR-9")] == ["first", "second"]


def test_jsonl_bad_lines_each_quarantined_with_line_and_field(store, settings, intake_file):
    s = ingest(store, intake_file("bad_lines.jsonl"), settings)
    assert (s.read, s.ingested, s.quarantined) == (5, 1, 4)  # the blank line is not a row
    got = {(q.line, q.field) for q in store.quarantined()}
    assert got == {(2, "(line)"), (4, "(line)"), (5, "kind"), (6, "text")}
    reasons = {q.line: q.reason for q in store.quarantined()}
    assert "not valid JSON" in reasons[2] and "JSON object" in reasons[4] and "lit_submission" in reasons[5]


def test_json_array_rows_know_their_lines(store, settings, intake_file):
    s = ingest(store, intake_file("array.json"), settings)
    assert (s.read, s.ingested, s.quarantined) == (3, 2, 1)
    [q] = store.quarantined()
    assert q.line == 6 and "JSON object" in q.reason
    mr1, mr2 = store.get_record("MR-1"), store.get_record("MR-2")
    assert mr1.safeguarding_plan is True and mr1.bcu == "City of London"
    assert mr2.date == date(2026, 11, 18) and mr2.bcu == "City of London" and mr2.ward == "Aldgate"


def test_broken_json_array_rejects_the_file_naming_the_line(store, settings, intake_file):
    path = intake_file("broken_array.json")
    with pytest.raises(IntakeError, match=r"broken_array\.json: line \d+: not valid JSON"):
        ingest(store, path, settings)
    assert store.count_records() == 0


def test_more_values_than_columns(store, settings, intake_file):
    s = ingest(store, intake_file("extra_values.csv"), settings)
    only_problem(store, s, 2, "(line)", "6 values but the header has 5 columns")


def test_column_map_reads_an_export_with_other_names(store, settings, intake_file):
    mapped = settings.model_copy(update={"intake": settings.intake.model_copy(update={"column_map": {
        "Ref": "id", "Narrative": "text", "Recorded": "date", "Borough": "bcu", "Type": "kind"}})})
    s = ingest(store, intake_file("column_map.csv"), mapped)
    assert s.ingested == 1
    assert store.get_record("X-1").extra == {"Team": "LIT East"}


def test_strict_rejects_the_whole_file_on_the_first_error(store, settings, intake_file):
    path = intake_file("bad_date.csv")
    with pytest.raises(RowError) as e:
        ingest_path(store, path, settings, "analyst1", strict=True, progress=False)
    assert (e.value.line, e.value.field) == (3, "date") and "bad_date.csv: line 3: date" in str(e.value)
    assert store.count_records() == 0 and store.quarantined() == [] and store.audit_events() == []
    assert not path.with_name(path.name + ".rejected.jsonl").exists()


def test_unknown_file_type_and_missing_file(store, settings, tmp_path):
    (tmp_path / "notes.txt").write_text("just some notes")
    with pytest.raises(IntakeError, match="unknown file type"):
        ingest(store, tmp_path / "notes.txt", settings)
    with pytest.raises(IntakeError, match="file not found"):
        ingest(store, tmp_path / "absent.csv", settings)


def test_duplicate_header_is_a_file_error(store, settings, tmp_path):
    (tmp_path / "dup.csv").write_text("id,text,id\n1,a,2\n")
    with pytest.raises(IntakeError, match=r"line 1: column 'id' appears twice"):
        ingest(store, tmp_path / "dup.csv", settings)


def test_progress_bar_on_big_files_does_not_change_the_result(store, settings, tmp_path):
    few = settings.model_copy(update={"intake": settings.intake.model_copy(update={"progress_min_rows": 5})})
    rows = [{"id": f"R{i}", "kind": "other", "date": "2026-11-16", "bcu": "Sutton", "text": f"t{i}"}
            for i in range(12)]
    (tmp_path / "p.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    s = ingest_path(store, tmp_path / "p.jsonl", few, "analyst1", progress=True)
    assert s.ingested == 12 and store.count_records() == 12


@pytest.mark.parametrize("raw, field, phrase", [
    ({"text": "t", "date": "2026-11-16", "bcu": "Sutton", "kind": "other"}, "id", "missing"),
    ({"id": "x", "text": "t", "date": "2026-11-16", "bcu": "Sutton"}, "kind", "missing"),
    ({"id": "x", "text": "t", "date": "2026-11-16", "bcu": "Sutton", "kind": "memo"}, "kind", "offender_visit"),
    ({"id": "x", "text": "t\x00", "date": "2026-11-16", "bcu": "Sutton", "kind": "other"}, "text", "NUL"),
    ({"id": "x", "text": "t", "date": "yesterday", "bcu": "Sutton", "kind": "other"}, "date", "YYYY-MM-DD"),
    ({"id": "x", "text": "t", "date": "2026-11-16", "bcu": "Sutton", "kind": "other",
      "opened_at": "2026-11-10", "closed_at": "2026-11-01"}, "closed_at", "before opened_at"),
    ({"id": "x", "text": "t", "date": "2026-11-16", "bcu": "Sutton", "kind": "other",
      "safeguarding_plan": "maybe"}, "safeguarding_plan", "yes or no"),
    ({"id": ["x"], "text": "t", "date": "2026-11-16", "bcu": "Sutton", "kind": "other"}, "id", "a list"),
    ({"id": "x", "text": "t", "date": "2026-11-16", "bcu": "Sutton", "kind": "other",
      "score": float("nan")}, "(extra)", "NaN"),
    ({"id": "x", "text": "\ud800", "date": "2026-11-16", "bcu": "Sutton", "kind": "other"}, "text", "surrogate"),
])
def test_validate_row_names_the_field(settings, raw, field, phrase):
    with pytest.raises(RowError) as e:
        validate_row(raw, settings, source="f.jsonl", line=7)
    assert e.value.field == field and phrase in e.value.message
    assert str(e.value).startswith(f"f.jsonl: line 7: {field}: ")


def test_validate_row_normalises(settings):
    r = validate_row({"ID": " 17 ", "Text": "  seen  ", "date": "2026-11-16T09:30:00", "bcu": "hammersmith & fulham",
                      "kind": "Crime Report", "source_eval": 2, "intel_assessment": "c", "handling": "c",
                      "safeguarding_plan": "No", "other": ""}, settings)
    assert (r.id, r.text, r.date, r.bcu, r.kind) == ("17", "seen", date(2026, 11, 16), "Hammersmith and Fulham",
                                                      RecordKind.CRIME_REPORT)
    assert r.grading.code == "2C C" and r.safeguarding_plan is False and r.extra == {}


def test_submit_record_stores_then_versions(store, settings):
    raw = {"id": "LIT-2026-00001", "date": "2026-11-20", "bcu": "Lambeth", "text": "Source reports...",
           "source_eval": "1", "intel_assessment": "A", "handling": "P"}
    r, outcome = submit_record(store, raw, settings, "analyst1")
    assert outcome == "ingested" and r.kind is RecordKind.LIT_SUBMISSION
    assert submit_record(store, raw, settings, "analyst1")[1] == "unchanged"
    assert submit_record(store, {**raw, "text": "Source reports more."}, settings, "analyst1")[1] == "version"
    assert [e.action for e in store.audit_events(record="LIT-2026-00001")] == ["collection", "alteration"]

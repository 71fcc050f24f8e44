"""Commands: ingest, submit, audit, erase (thin: parse, call intel.intake / the store, format)."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Optional

import typer

from intel.audit import describe_records, parse_since
from intel.cli.app import app, state
from intel.errors import IntelError


def _store():
    from intel.store import Store

    return Store.from_settings(state.settings)


def _echo_err(msg: str) -> None:
    typer.echo(msg, err=True)


@app.command()
def ingest(
    files: list[Path] = typer.Argument(..., help="CSV, JSONL or JSON-array exports.", show_default=False),
    strict: bool = typer.Option(False, "--strict", help="Reject the whole file on its first bad row."),
    as_json: bool = typer.Option(False, "--json", help="Print each file's summary as one JSON object."),
    no_extract: bool = typer.Option(False, "--no-extract", help="Do not run the NLP pipeline afterwards."),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Progress bar on files over 1,000 rows."),
) -> None:
    """Take exports of LIT submissions and case narratives into the store.

    Each file is one transaction: all of its good rows are stored, or (if interrupted) none. Bad rows go to the quarantine table and to FILE.rejected.jsonl with the file, line, field and reason. Re-sending a row is a no-op; an id with new content becomes a new version. Afterwards the NLP pipeline extracts themes and entities from the new texts.

    Fields: id, text, date, bcu, kind; optional source_eval, intel_assessment, handling, handling_conditions, ward, status, outcome, safeguarding_plan, opened_at, closed_at, author. Other columns are kept as extra fields; intake.column_map in settings.yaml renames columns.

    Example: intel ingest exports/lit_2026_w47.csv exports/missing_returns.jsonl --json
    """
    from intel.intake import ingest_path

    settings, user = state.settings, state.user
    store = _store()
    try:
        done = []
        for f in files:
            try:
                summary = ingest_path(store, f, settings, user, strict=strict, progress=progress)
            except IntelError as exc:
                stored = f" (already stored: {', '.join(done)})" if done else ""
                raise IntelError(f"{exc}{stored}") from None
            done.append(str(f))
            for note in summary.notes:
                _echo_err(f"note: {note}")
            if as_json:
                typer.echo(json.dumps(summary.to_json()))
            else:
                _print_summary(summary)
        if not no_extract:
            _extract(store, settings, user, progress, quiet=as_json)
    finally:
        store.close()


def _print_summary(s) -> None:
    typer.echo(f"{s.source}: read {s.read}: ingested {s.ingested}, unchanged {s.unchanged}, "
               f"new versions {s.versions}, quarantined {s.quarantined}")
    for p in s.first_problems:
        typer.echo(f"  {p}")
    if s.rejected_file:
        more = " (all of them)" if s.quarantined <= len(s.first_problems) else f" (all {s.quarantined})"
        typer.echo(f"  quarantined rows{more}: {s.rejected_file}")


def _extract(store, settings, user, progress, quiet) -> None:
    try:
        from nlp.pipeline import Extractor
    except ImportError:
        _echo_err("note: the NLP pipeline is not installed; run extraction later")
        return
    from intel.analysis import extract_pending

    try:
        extractor = Extractor.from_config(Path(settings.config_dir) if settings.config_dir else None)
    except Exception as exc:  # nlp/ has its own errors (it never imports intel); the ingest itself stands
        _echo_err(f"note: records stored, but extraction did not start: {exc}")
        return
    n = extract_pending(store, extractor, progress=progress, user=user)
    msg = f"extracted {n} record(s) with pipeline {extractor.version}"
    _echo_err(msg) if quiet else typer.echo(msg)


@app.command()
def submit(
    id: Optional[str] = typer.Option(None, "--id", help="Reference; default: the next LIT-YYYY-NNNNN."),
    day: Optional[str] = typer.Option(None, "--date", help="Date of the intelligence, YYYY-MM-DD; default today."),
    bcu: Optional[str] = typer.Option(None, "--bcu", help="BCU, e.g. Hackney."),
    text: Optional[str] = typer.Option(None, "--text", help="The intelligence text."),
    text_file: Optional[Path] = typer.Option(None, "--text-file", help="Read the text from this file ('-': stdin)."),
    source_eval: Optional[str] = typer.Option(None, "--source-eval", help="Source evaluation: 1, 2 or 3."),
    intel_assessment: Optional[str] = typer.Option(None, "--intel-assessment", help="Assessment: A to E."),
    handling: Optional[str] = typer.Option(None, "--handling", help="Handling code: P or C."),
    handling_conditions: Optional[str] = typer.Option(None, "--handling-conditions", help="Conditions for code C."),
    ward: Optional[str] = typer.Option(None, "--ward", help="Ward, if known."),
    extra: list[str] = typer.Option([], "--extra", help="Another field as KEY=VALUE, e.g. subject_ref=YP-004512."),
) -> None:
    """Store one LIT submission and print its reference.

    The text comes from --text, --text-file or standard input. Run in a terminal, it asks for each missing field; in a script, a missing field is an error.

    Example: intel submit --bcu Hackney --source-eval 2 --intel-assessment B --handling P --text-file note.txt (or pipe the text in: echo "..." | intel submit --bcu Hackney ...)
    """
    from intel.intake import next_reference, submit_record, validate_row

    settings = state.settings
    interactive = _interactive()
    if text is None and text_file is not None:
        text = _read_text(text_file)
    elif text is None and not interactive:
        text = sys.stdin.read()
    fields = {"text": text, "bcu": bcu, "source_eval": source_eval, "intel_assessment": intel_assessment,
              "handling": handling}
    questions = {"text": "Intelligence text", "bcu": "BCU", "source_eval": "Source evaluation (1, 2, 3)",
                 "intel_assessment": "Intelligence assessment (A-E)", "handling": "Handling code (P, C)"}
    for name, value in fields.items():
        if value is None or not str(value).strip():
            if interactive:
                fields[name] = typer.prompt(questions[name])
            else:
                raise IntelError(f"submit: --{name.replace('_', '-')} is missing; pass it "
                                 "(or run in a terminal to be asked)")
    raw = {**_extras(extra), **fields, "date": day or date.today().isoformat(), "kind": "lit_submission",
           "handling_conditions": handling_conditions, "ward": ward, "author": state.user}
    store = _store()
    try:
        if id is None:
            rec = _checked(lambda: validate_row({**raw, "id": "pending"}, settings, source="<submit>", line=1))
            id = next_reference(store, rec.date)
        rec, outcome = _checked(lambda: submit_record(store, {**raw, "id": id}, settings, state.user))
    finally:
        store.close()
    typer.echo({"ingested": f"Stored {rec.id}",
                "unchanged": f"{rec.id} already stored with this content; nothing changed",
                "version": f"Stored a new version of {rec.id}; the previous one is kept"}[outcome])


def _checked(fn):
    """Say which option is wrong, in the words of the command line."""
    from intel.intake import RowError

    try:
        return fn()
    except RowError as exc:
        option = {"text": "--text"}.get(exc.field, "--" + exc.field.replace("_", "-"))
        raise IntelError(f"submit: {option}: {exc.message}") from None


def _interactive() -> bool:
    """Prompt only when a person is at the terminal; scripts get an error naming the option."""
    return sys.stdin.isatty()


def _read_text(path: Path) -> str:
    if str(path) == "-":
        return sys.stdin.read()
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise IntelError(f"--text-file {path}: file not found") from None
    except UnicodeDecodeError as exc:
        raise IntelError(f"--text-file {path}: not UTF-8 text (byte {exc.start}); save it as UTF-8") from None


def _extras(pairs: list[str]) -> dict:
    out = {}
    for p in pairs:
        key, sep, value = p.partition("=")
        if not sep or not key.strip():
            raise IntelError(f"--extra {p!r}: expected KEY=VALUE, e.g. subject_ref=YP-004512")
        out[key.strip()] = value.strip()
    return out


@app.command()
def audit(
    since: Optional[str] = typer.Option(None, "--since", help="From this date or time (UTC), e.g. 2026-11-20."),
    user: Optional[str] = typer.Option(None, "--user", help="Only this user's actions."),
    record: Optional[str] = typer.Option(None, "--record", help="Only actions on this record id."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per event."),
) -> None:
    """List the audit log: who collected, altered, consulted, disclosed, combined or erased which records, and why.

    These are the six kinds of processing DPA 2018 s.62 requires to be logged.

    Example: intel audit --since 2026-11-20 --record CR-2026-000123
    """
    from rich.console import Console
    from rich.table import Table

    store = _store()
    try:
        events = store.audit_events(since=parse_since(since) if since else None, user=user, record=record)
    finally:
        store.close()
    if as_json:
        for e in events:
            typer.echo(json.dumps(e.to_dict()))
        return
    if not events:
        typer.echo("No audit events match.")
        return
    table = Table(show_lines=False)
    for col in ("when (UTC)", "user", "action", "what", "records", "why"):
        table.add_column(col, overflow="fold")
    for e in events:
        table.add_row(e.at.strftime("%Y-%m-%d %H:%M:%S"), e.user, e.action, e.what,
                      f"{len(e.record_ids)}: {describe_records(e.record_ids)}" if e.record_ids else "-", e.why or "-")
    Console(width=max(120, Console().width)).print(table)


@app.command()
def erase(
    record_id: str = typer.Argument(..., help="The record's id."),
    reason: str = typer.Option(..., "--reason", help="Why (kept in the audit log), e.g. the erasure request ref."),
    yes: bool = typer.Option(False, "--yes", help="Do not ask for confirmation."),
) -> None:
    """Erase a record with all its versions and derived data (extractions, quarantined rows); audited.

    Example: intel erase LIT-2026-00412 --reason "DPA erasure request ER-2026-031"
    """
    if not yes and _interactive():
        typer.confirm(f"Erase {record_id} and everything derived from it? This cannot be undone", abort=True)
    store = _store()
    try:
        gone = store.erase(record_id, reason, state.user)
    finally:
        store.close()
    typer.echo(f"Erased {record_id}: {gone['versions']} version(s), {gone['extractions']} extraction(s), "
               f"{gone['quarantined']} quarantined row(s), {gone['artifacts']} artifact(s). Logged as an erasure by {state.user}: {reason}")

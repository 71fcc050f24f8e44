"""Ingest: a whole file as one transaction, and single submissions.

Every row read ends up counted once: ingested (new id), unchanged (same id, content we hold),
a new version (same id, new content; the old version is kept) or quarantined (with the reason,
in the quarantine table and FILE.rejected.jsonl).
"""

from __future__ import annotations

import json
import os
import queue
import threading
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path

from intel.progress import CountingBar
from intel.audit import ALTERATION, COLLECTION
from intel.config import Settings
from intel.intake.validate import RowError, encodable, validate_row
from intel.readers import ParsedFile, Problem, read_file
from intel.records import Record, RecordKind
from intel.store.schema import ID_MAX
from intel.store.store import record_row, utcnow

BATCH = 2000  # rows validated and looked up per round trip


@dataclass
class IngestSummary:
    read: int = 0
    ingested: int = 0
    unchanged: int = 0
    versions: int = 0
    quarantined: int = 0
    rejected_file: str | None = None
    source: str = ""
    encoding: str = "utf-8"
    notes: list[str] = field(default_factory=list)
    first_problems: list[str] = field(default_factory=list)  # "line 3: text: blank ...", up to 5

    def to_json(self) -> dict:
        """The `intel ingest --json` object."""
        return {k: getattr(self, k) for k in ("read", "ingested", "unchanged", "versions", "quarantined",
                                              "rejected_file")}

    def check(self) -> None:
        if self.ingested + self.unchanged + self.versions + self.quarantined != self.read:
            raise AssertionError(f"row accounting does not add up: {asdict(self)}")


# -- ingest -------------------------------------------------------------------------------------

def _raw_text(raw) -> str:
    if isinstance(raw, str):
        text = raw
    else:
        try:
            text = json.dumps(raw, ensure_ascii=False, default=str)
        except ValueError:
            text = repr(raw)
    if "\x00" in text or not encodable(text):
        text = json.dumps(text)  # escaped, so any store can hold it
    return text


def _raw_id(raw) -> str | None:
    if isinstance(raw, dict):
        rid = raw.get("id")
        if isinstance(rid, (str, int)) and not isinstance(rid, bool):
            rid = str(rid).strip()
            if rid and len(rid) <= ID_MAX and "\x00" not in rid and encodable(rid):
                return rid
    return None


def _spans_bad_line(line: int, raw, bad_lines: set[int]) -> bool:
    if not bad_lines:
        return False
    # A CSV row may span lines; its text tells how many.
    extent = 0
    if isinstance(raw, dict):
        extent = sum(str(v).count("\n") + str(v).count("\r") for v in raw.values() if v is not None)
    return any(n in bad_lines for n in range(line, line + extent + 1))


def ingest_path(store, path, settings: Settings, user: str, *, strict: bool = False,
                progress: bool = True) -> IngestSummary:
    """Ingest one CSV/JSONL/JSON file as a single transaction; see the module docstring.

    Validation runs here while a writer thread stores the previous batch: SQLite does its work
    without holding the GIL, so the two overlap on a 2-core machine.
    """
    parsed: ParsedFile = read_file(path)
    source = parsed.source
    summary = IngestSummary(read=len(parsed.rows), source=source, encoding=parsed.encoding)
    if parsed.encoding_note:
        summary.notes.append(parsed.encoding_note)
    rejected: list[dict] = []
    now = utcnow()

    def reject(line: int, field_name: str, reason: str, raw) -> None:
        if strict:
            raise RowError(source, line, field_name, reason + " (--strict: nothing from this file was stored)")
        if len(summary.first_problems) < 5:
            summary.first_problems.append(f"line {line}: {field_name}: {reason}")
        rejected.append({"source": source, "line": line, "field": field_name, "reason": reason,
                         "raw": _raw_text(raw), "record_id": _raw_id(raw), "at": now})

    writer = _Writer(store, summary, user, now)
    bar = CountingBar(f"ingest {Path(source).name}", summary.read,
                      progress and summary.read > settings.intake.progress_min_rows)
    try:
        for start in range(0, len(parsed.rows), BATCH):
            batch = parsed.rows[start:start + BATCH]
            good: list[tuple[int, Record, str]] = []  # line, record, content hash
            for line, raw in batch:
                if isinstance(raw, Problem):
                    reject(line, raw.field, raw.reason, raw.raw)
                elif _spans_bad_line(line, raw, parsed.bad_lines):
                    reject(line, "(line)", "undecodable bytes: neither UTF-8 nor cp1252; "
                                           "re-export the file as UTF-8", raw)
                else:
                    try:
                        rec = validate_row(raw, settings, source=source, line=line)
                    except RowError as exc:
                        reject(line, exc.field, exc.message, raw)
                    else:
                        good.append((line, rec, rec.content_hash()))
            writer.put(good)
            bar.advance(len(batch))
        summary.quarantined = len(rejected)
        writer.finish(rejected)
    except BaseException:
        writer.abort()
        raise
    finally:
        bar.stop()
    summary.check()
    if rejected:
        summary.rejected_file = _write_rejected(Path(source), rejected)
    else:
        # A clean run of a corrected file must not leave the last run's rejects looking current.
        rejected_path(Path(source)).unlink(missing_ok=True)
    return summary


def rejected_path(path: Path) -> Path:
    return path.with_name(path.name + ".rejected.jsonl")


_DONE, _ABORT = object(), object()


class _Aborted(Exception):
    pass


class _Writer:
    """The store side of one file's ingest: one transaction, fed validated batches through a queue."""

    def __init__(self, store, summary: IngestSummary, user: str, now: datetime) -> None:
        self.store, self.summary, self.user, self.now = store, summary, user, now
        self.queue: queue.Queue = queue.Queue(maxsize=2)
        self.error: BaseException | None = None
        self.new_ids: list[str] = []
        self.altered_ids: list[str] = []
        # id -> (current content hash, version, hashes of all versions), as of now
        self.known: dict[str, tuple[str, int, set[str]]] = {}
        self.thread = threading.Thread(target=self._run, name="intel-ingest-writer", daemon=True)
        self.thread.start()

    def put(self, item) -> None:
        while True:
            try:
                self.queue.put(item, timeout=0.2)
                return
            except queue.Full:
                if not self.thread.is_alive():
                    self._raise()

    def finish(self, rejected: list[dict]) -> None:
        self.put((_DONE, rejected))
        self.thread.join()
        self._raise()

    def abort(self) -> None:
        if self.thread.is_alive():
            try:
                self.queue.put(_ABORT, timeout=5)
            except queue.Full:
                pass
            self.thread.join(timeout=30)

    def _raise(self) -> None:
        if self.error is not None and not isinstance(self.error, _Aborted):
            raise self.error

    def _run(self) -> None:
        store, s = self.store, self.summary
        try:
            with store.write() as conn:
                while True:
                    item = self.queue.get()
                    if item is _ABORT:
                        raise _Aborted()  # rolls the transaction back
                    if isinstance(item, tuple) and item[0] is _DONE:
                        rejected = item[1]
                        break
                    self._store_batch(conn, item)
                store.add_quarantine(conn, rejected)
                name = Path(s.source).name
                if self.new_ids:
                    store.audit_in(conn, COLLECTION, self.user, f"ingest {name}: {len(self.new_ids)} new record(s)",
                                   self.new_ids)
                if self.altered_ids:
                    store.audit_in(conn, ALTERATION, self.user,
                                   f"ingest {name}: {len(self.altered_ids)} new version(s); old versions kept",
                                   self.altered_ids)
        except BaseException as exc:  # handed to the caller's thread by _raise
            self.error = exc

    def _store_batch(self, conn, good: list[tuple[int, Record, str]]) -> None:
        # Rows are built here rather than in the validating thread: measured, that balances the two.
        store, s, known, source, user, now = self.store, self.summary, self.known, self.summary.source, self.user, self.now
        known.update(store.existing(conn, [rec.id for _, rec, _ in good if rec.id not in known]))
        pending: dict[str, object] = {}
        prepare = store.prepare_new
        for line, rec, h in good:
            seen = known.get(rec.id)
            if seen is None:
                pending[rec.id] = prepare(rec, h, line, source=source, user=user, at=now)
                known[rec.id] = (h, 1, {h})
                self.new_ids.append(rec.id)
                s.ingested += 1
            elif h in seen[2]:
                # A re-sent row matching any version we hold: re-running a file is a no-op.
                s.unchanged += 1
            else:
                if rec.id in pending:  # its first version is still waiting to be inserted
                    store.insert_prepared(conn, list(pending.values()))
                    pending.clear()
                version = seen[1] + 1
                store.replace_record(conn, record_row(rec, content_hash=h, version=version, source=source,
                                                      line=line, user=user, at=now), now)
                known[rec.id] = (h, version, seen[2] | {h})
                self.altered_ids.append(rec.id)
                s.versions += 1
        store.insert_prepared(conn, list(pending.values()))


def _write_rejected(path: Path, rejected: list[dict]) -> str:
    out = rejected_path(path)
    tmp = out.with_name(out.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        for r in rejected:
            row = {k: r[k] for k in ("line", "field", "reason", "raw")}
            fh.write(json.dumps({"source": r["source"], **row}, ensure_ascii=False) + "\n")
    os.replace(tmp, out)  # written after commit, whole or not at all
    return str(out)



def submit_record(store, raw: dict, settings: Settings, user: str) -> tuple[Record, str]:
    """Validate and store one LIT submission; -> (record, "ingested" | "unchanged" | "version")."""
    rec = validate_row({**raw, "kind": raw.get("kind") or RecordKind.LIT_SUBMISSION.value}, settings,
                       source="<submit>", line=1)
    now = utcnow()
    h = rec.content_hash()
    with store.write() as conn:
        seen = store.existing(conn, [rec.id]).get(rec.id)
        if seen is None:
            store.insert_new(conn, [(rec, h, None)], source="<submit>", user=user, at=now)
            store.audit_in(conn, COLLECTION, user, "submit: LIT submission", [rec.id])
            return rec, "ingested"
        if h in seen[2]:
            return rec, "unchanged"
        store.replace_record(conn, record_row(rec, content_hash=h, version=seen[1] + 1, source="<submit>",
                                              line=None, user=user, at=now), now)
        store.audit_in(conn, ALTERATION, user, "submit: new version of a LIT submission; old version kept", [rec.id])
        return rec, "version"


def next_reference(store, day: date) -> str:
    """The next free LIT-YYYY-NNNNN reference for a submission dated `day`."""
    from sqlalchemy import select

    from intel.store.schema import records

    prefix = f"LIT-{day.year}-"
    with store.engine.connect() as conn:
        ids = conn.execute(select(records.c.id).where(records.c.id.like(prefix + "%"))).scalars().all()
    nums = [int(i[len(prefix):]) for i in ids if i[len(prefix):].isdigit()]
    return f"{prefix}{(max(nums) + 1 if nums else 1):05d}"

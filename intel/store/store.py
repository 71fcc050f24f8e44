"""`Store`: one SQLAlchemy engine over SQLite (WAL) or PostgreSQL, schema migrated by Alembic.

Reads return `Record`/`Extraction`/dataclasses; nothing outside this package sees a row or table.
Intake uses the lower-level batch methods (`write`, `existing`, `insert_new`, `replace_record`, ...) so that one
file is one transaction.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Iterable, Iterator, Sequence

from sqlalchemy import DateTime, Text, and_, cast, create_engine, literal, delete, event, exists, func, insert, or_, select, update
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.pool import StaticPool
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError

from intel.audit import ERASURE, AuditEvent, check_action
from intel.config import Settings
from intel.errors import IntelError
from intel.migrations import current_revision, head_revision, upgrade_to_head
from intel.records import Grading, Record, RecordKind
from intel.store import schema as t
from nlp.extraction import Extraction

CHUNK = 500  # ids per IN (...) lookup: well under SQLite's and PostgreSQL's parameter limits
PAGE = 2000  # rows per keyset page when streaming records


@dataclass(frozen=True)
class QuarantinedRow:
    source: str
    line: int
    field: str
    reason: str
    raw: str
    at: datetime  # UTC, timezone-aware
    record_id: str | None = None


def utcnow() -> datetime:
    """Naive UTC, the form every timestamp column holds."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _naive_utc(dt: datetime) -> datetime:
    return dt.astimezone(timezone.utc).replace(tzinfo=None) if dt.tzinfo else dt


def _aware(dt: datetime | None) -> datetime | None:
    return dt.replace(tzinfo=timezone.utc) if dt is not None else None


def chunks(seq: Sequence, n: int = CHUNK) -> Iterator[Sequence]:
    for i in range(0, len(seq), n):
        yield seq[i:i + n]


def _make_engine(url: str) -> Engine:
    try:
        if url.startswith("sqlite"):
            if make_url(url).database in (None, "", ":memory:"):
                # In memory: every connection would be a different, empty database, so all share one.
                engine = create_engine(url, poolclass=StaticPool, connect_args={"check_same_thread": False})
            else:
                engine = create_engine(url, connect_args={"timeout": 60})
            _sqlite_setup(engine)
        else:
            engine = create_engine(url, pool_pre_ping=True)
    except (ArgumentError, NoSuchModuleError) as exc:
        raise IntelError(
            f"store URL {url!r}: {exc}. Use sqlite:///intel.db or postgresql+psycopg://user@host/db"
        ) from None
    except ImportError as exc:
        raise IntelError(f"store URL {url!r}: driver missing ({exc}); install the 'postgres' extra") from None
    return engine


def _sqlite_setup(engine: Engine) -> None:
    # pysqlite's own transaction handling would not cover a whole file's statements; take it
    # over so BEGIN/COMMIT are ours (the SQLAlchemy-documented recipe).
    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        # NORMAL in WAL mode survives a killed process (only a power cut can lose the last commit).
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA cache_size=-65536")  # 64 MB: a big file's inserts stay in memory until commit
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):
        # Writers take the lock up front, so two ingests queue instead of failing on upgrade.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("intel_write") else "BEGIN")


def _record_from_row(r) -> Record:
    return Record(
        id=r.id, kind=RecordKind(r.kind), text=r.text, date=r.date, bcu=r.bcu,
        grading=Grading(r.source_eval, r.intel_assessment, r.handling, r.handling_conditions),
        ward=r.ward, status=r.status, outcome=r.outcome, safeguarding_plan=r.safeguarding_plan,
        opened_at=r.opened_at, closed_at=r.closed_at, author=r.author, extra=dict(r.extra or {}),
    )


def record_row(rec: Record, *, content_hash: str, version: int, source: str | None, line: int | None,
               user: str, at: datetime) -> dict:
    """The `records` row for a validated record."""
    g = rec.grading
    return {
        "id": rec.id, "version": version, "kind": rec.kind.value, "date": rec.date, "bcu": rec.bcu,
        "text": rec.text, "text_hash": rec.text_hash(), "content_hash": content_hash,
        "source_eval": g.source_eval, "intel_assessment": g.intel_assessment, "handling": g.handling,
        "handling_conditions": g.handling_conditions, "ward": rec.ward, "status": rec.status,
        "outcome": rec.outcome, "safeguarding_plan": rec.safeguarding_plan, "opened_at": rec.opened_at,
        "closed_at": rec.closed_at, "author": rec.author, "extra": rec.extra, "source": source,
        "line": line, "ingested_at": at, "ingested_by": user,
    }


_RECORD_COLS = [c.name for c in t.records.c]
_SQLITE_INSERT_RECORD = (f"INSERT INTO records ({', '.join(f'{chr(34)}{c}{chr(34)}' for c in _RECORD_COLS)}) "
                         f"VALUES ({', '.join('?' for _ in _RECORD_COLS)})")


_stamps: dict[datetime, str] = {}


def _sqlite_stamp(at: datetime) -> str:
    # One ingest stamps every row with the same time; format it once.
    got = _stamps.get(at)
    if got is None:
        _stamps.clear()
        got = _stamps[at] = at.isoformat(" ", "microseconds")
    return got


def _sqlite_record(rec: Record, content_hash: str, line: int | None, source: str | None, user: str,
                   stamp: str) -> tuple:
    """A first-version records row in _RECORD_COLS order, as SQLAlchemy's SQLite types store it."""
    g = rec.grading
    sp = rec.safeguarding_plan
    return (
        rec.id, 1, rec.kind.value, rec.date.isoformat(), rec.bcu, rec.text, rec.text_hash(), content_hash,
        g.source_eval, g.intel_assessment, g.handling, g.handling_conditions, rec.ward, rec.status, rec.outcome,
        None if sp is None else int(sp), rec.opened_at and rec.opened_at.isoformat(),
        rec.closed_at and rec.closed_at.isoformat(), rec.author, json.dumps(rec.extra), source, line, stamp, user,
    )


class Store:
    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = _make_engine(url)
        self.dialect = self.engine.dialect.name
        try:
            # Check with a plain read first: opening a store must not wait for a running ingest.
            with self.engine.connect() as conn:
                current = current_revision(conn)
            if current != head_revision():
                with self.engine.connect() as conn:
                    conn = conn.execution_options(intel_write=True)
                    with conn.begin():
                        upgrade_to_head(conn)
        except OperationalError as exc:
            self.engine.dispose()
            raise IntelError(f"cannot open the store at {url}: {exc.orig}. Check --db / INTEL_DB.") from None

    @classmethod
    def from_settings(cls, settings: Settings) -> "Store":
        return cls(settings.store_url)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- transactions -------------------------------------------------------------------------
    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One write transaction: everything inside commits together or not at all."""
        with self.engine.connect() as conn:
            conn = conn.execution_options(intel_write=True)
            with conn.begin():
                yield conn

    def _insert(self, table):
        """Dialect insert, for ON CONFLICT clauses."""
        if self.dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as pg_insert
            return pg_insert(table)
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert
        return sqlite_insert(table)

    # -- records ------------------------------------------------------------------------------
    def get_record(self, record_id: str) -> Record | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(t.records).where(t.records.c.id == record_id)).first()
        return _record_from_row(row) if row else None

    @staticmethod
    def _filters(bcu, start, end, kinds) -> list:
        c = t.records.c
        conds = []
        if bcu is not None:
            conds.append(c.bcu == bcu)
        if start is not None:
            conds.append(c.date >= start)
        if end is not None:
            conds.append(c.date <= end)
        if kinds is not None:
            conds.append(c.kind.in_([k.value if isinstance(k, RecordKind) else str(k) for k in kinds]))
        return conds

    def iter_records(self, *, bcu: str | None = None, start: date | None = None, end: date | None = None,
                     kinds: Iterable[str] | None = None) -> Iterator[Record]:
        """Current versions, ordered by (date, id); start and end inclusive."""
        if kinds is not None:
            kinds = list(kinds)
        yield from self._keyset(self._filters(bcu, start, end, kinds))

    def _keyset(self, conds: list) -> Iterator[Record]:
        # Pages by (date, id) so no cursor stays open while the caller works (or writes).
        c = t.records.c
        last = None
        while True:
            q = select(t.records).where(*conds)
            if last is not None:
                q = q.where(or_(c.date > last[0], and_(c.date == last[0], c.id > last[1])))
            with self.engine.connect() as conn:
                rows = conn.execute(q.order_by(c.date, c.id).limit(PAGE)).all()
            for r in rows:
                yield _record_from_row(r)
            if len(rows) < PAGE:
                return
            last = (rows[-1].date, rows[-1].id)

    def count_records(self, *, bcu: str | None = None, start: date | None = None, end: date | None = None,
                      kinds: Iterable[str] | None = None) -> int:
        if kinds is not None:
            kinds = list(kinds)
        q = select(func.count()).select_from(t.records).where(*self._filters(bcu, start, end, kinds))
        with self.engine.connect() as conn:
            return conn.execute(q).scalar_one()

    def record_versions(self, record_id: str) -> list[Record]:
        """Every version of a record, oldest first (the last is the current one)."""
        with self.engine.connect() as conn:
            old = conn.execute(select(t.record_versions).where(t.record_versions.c.id == record_id)
                               .order_by(t.record_versions.c.version)).all()
            cur = conn.execute(select(t.records).where(t.records.c.id == record_id)).first()
        return [_record_from_row(r) for r in old] + ([_record_from_row(cur)] if cur else [])

    # -- batch operations used by intake (inside `write()`) -----------------------------------
    def existing(self, conn: Connection, ids: Sequence[str]) -> dict[str, tuple[str, int, set[str]]]:
        """id -> (current content hash, current version, content hashes of every version) among `ids`."""
        c, v = t.records.c, t.record_versions.c
        out: dict[str, tuple[str, int, set[str]]] = {}
        for part in chunks(list(ids)):
            found = []
            for r in conn.execute(select(c.id, c.content_hash, c.version).where(c.id.in_(part))):
                out[r.id] = (r.content_hash, r.version, {r.content_hash})
                found.append(r.id)
            if found:
                for rid, h in conn.execute(select(v.id, v.content_hash).where(v.id.in_(found))):
                    out[rid][2].add(h)
        return out

    def insert_new(self, conn: Connection, items: list[tuple[Record, str, int | None]], *, source: str | None,
                   user: str, at: datetime) -> None:
        """Insert first versions: items are (record, content hash, line in the source file)."""
        self.insert_prepared(conn, [self.prepare_new(r, h, line, source=source, user=user, at=at)
                                    for r, h, line in items])

    def prepare_new(self, rec: Record, content_hash: str, line: int | None, *, source: str | None, user: str,
                    at: datetime):
        """The row `insert_prepared` takes for a first version, in this database's fastest form.

        Split from the insert so intake can build rows in its validating thread, off the writer's.
        """
        if self.dialect == "sqlite":
            # Straight to the driver, in the storage forms SQLAlchemy's SQLite types use (so reads
            # match): Core's per-row parameter processing was half the ingest time.
            return _sqlite_record(rec, content_hash, line, source, user, _sqlite_stamp(at))
        return record_row(rec, content_hash=content_hash, version=1, source=source, line=line, user=user, at=at)

    def insert_prepared(self, conn: Connection, rows: list) -> None:
        if not rows:
            return
        if self.dialect == "sqlite":
            conn.exec_driver_sql(_SQLITE_INSERT_RECORD, rows)
        else:
            conn.execute(insert(t.records), rows)

    def replace_record(self, conn: Connection, row: dict, at: datetime) -> None:
        """Keep the current row as history and put `row` (with its new version) in its place."""
        hist = [col for col in t.record_versions.c if col.name != "superseded_at"]
        src = select(*[t.records.c[col.name] for col in hist], literal(at, DateTime())) \
            .where(t.records.c.id == row["id"])
        conn.execute(insert(t.record_versions).from_select([*(col.name for col in hist), "superseded_at"], src))
        conn.execute(update(t.records).where(t.records.c.id == row["id"]).values(**row))

    def add_quarantine(self, conn: Connection, rows: list[dict]) -> None:
        """rows: source, line, field, reason, raw, record_id, at."""
        if rows:
            conn.execute(insert(t.quarantine), rows)

    # -- extractions ----------------------------------------------------------------------------
    @staticmethod
    def _missing_extraction(pipeline_version: str):
        e = t.extractions.c
        return ~exists().where(and_(e.text_hash == t.records.c.text_hash, e.pipeline_version == pipeline_version))

    def pending_extraction(self, pipeline_version: str) -> Iterator[Record]:
        """Current records whose text has no extraction for this pipeline version, by (date, id)."""
        yield from self._keyset([self._missing_extraction(pipeline_version)])

    def count_pending_extraction(self, pipeline_version: str) -> int:
        q = select(func.count()).select_from(t.records).where(self._missing_extraction(pipeline_version))
        with self.engine.connect() as conn:
            return conn.execute(q).scalar_one()

    def save_extractions(self, items: Iterable[tuple[Record, Extraction]], pipeline_version: str) -> int:
        """Cache each extraction under its record's text hash; returns how many records it covered."""
        n = 0
        batch: dict[str, dict] = {}
        now = utcnow()

        def flush():
            if batch:
                stmt = self._insert(t.extractions).on_conflict_do_nothing(index_elements=["text_hash", "pipeline_version"])
                with self.write() as conn:
                    conn.execute(stmt, list(batch.values()))
                batch.clear()

        for rec, ext in items:
            h = rec.text_hash()
            batch[h] = {"text_hash": h, "pipeline_version": pipeline_version, "data": ext.to_dict(), "created_at": now}
            n += 1
            if len(batch) >= CHUNK:
                flush()
        flush()
        return n

    def get_extractions(self, record_ids: Iterable[str], pipeline_version: str) -> dict[str, Extraction]:
        """record id -> its current text's extraction (records without one are left out)."""
        r, e = t.records.c, t.extractions.c
        out: dict[str, Extraction] = {}
        with self.engine.connect() as conn:
            for part in chunks(list(dict.fromkeys(record_ids))):
                q = select(r.id, e.data).join_from(t.records, t.extractions, e.text_hash == r.text_hash) \
                    .where(r.id.in_(part), e.pipeline_version == pipeline_version)
                for rid, data in conn.execute(q):
                    # Records sharing a text share one extraction; it answers under each id.
                    out[rid] = Extraction.from_dict({**data, "id": rid})
        return out

    # -- runs and artifacts ----------------------------------------------------------------------
    def start_run(self, kind: str, user: str, params: dict) -> int:
        with self.write() as conn:
            res = conn.execute(insert(t.runs).values(kind=kind, requested_by=user, params=_jsonable(params),
                                                     status="running", started_at=utcnow()))
            return int(res.inserted_primary_key[0])

    def finish_run(self, run_id: int, status: str, summary: dict) -> None:
        with self.write() as conn:
            res = conn.execute(update(t.runs).where(t.runs.c.id == run_id)
                               .values(status=status, summary=_jsonable(summary), finished_at=utcnow()))
            if res.rowcount == 0:
                raise IntelError(f"run {run_id}: no such run (start it with start_run)")

    def get_run(self, run_id: int) -> dict | None:
        with self.engine.connect() as conn:
            r = conn.execute(select(t.runs).where(t.runs.c.id == run_id)).first()
        if r is None:
            return None
        d = dict(r._mapping)
        d["user"] = d.pop("requested_by")
        d["started_at"], d["finished_at"] = _aware(d["started_at"]), _aware(d["finished_at"])
        return d

    def put_artifact(self, kind: str, key: str, data: dict) -> None:
        values = {"kind": kind, "key": key, "data": _jsonable(data), "updated_at": utcnow()}
        stmt = self._insert(t.artifacts).values(**values)
        stmt = stmt.on_conflict_do_update(index_elements=["kind", "key"],
                                          set_={"data": stmt.excluded.data, "updated_at": stmt.excluded.updated_at})
        with self.write() as conn:
            conn.execute(stmt)

    def get_artifact(self, kind: str, key: str) -> dict | None:
        a = t.artifacts.c
        with self.engine.connect() as conn:
            return conn.execute(select(a.data).where(a.kind == kind, a.key == key)).scalar_one_or_none()

    def artifact_keys(self, kind: str) -> list[str]:
        a = t.artifacts.c
        with self.engine.connect() as conn:
            return list(conn.execute(select(a.key).where(a.kind == kind).order_by(a.key)).scalars())

    # -- quarantine -------------------------------------------------------------------------------
    def quarantined(self, *, since: datetime | None = None) -> list[QuarantinedRow]:
        q = t.quarantine.c
        stmt = select(t.quarantine).order_by(q.id)
        if since is not None:
            stmt = stmt.where(q.at >= _naive_utc(since))
        with self.engine.connect() as conn:
            return [QuarantinedRow(r.source, r.line, r.field, r.reason, r.raw, _aware(r.at), r.record_id)
                    for r in conn.execute(stmt)]

    # -- audit ------------------------------------------------------------------------------------
    def audit(self, action: str, user: str, what: str, record_ids: Sequence[str] = (), why: str = "") -> None:
        with self.write() as conn:
            self.audit_in(conn, action, user, what, record_ids, why)

    def audit_in(self, conn: Connection, action: str, user: str, what: str, record_ids: Sequence[str] = (),
                 why: str = "") -> None:
        """`audit` inside the caller's transaction, so the event commits with what it describes."""
        check_action(action)
        if not user:
            raise IntelError("audit: the acting user is empty; set INTEL_USER")
        ids = list(dict.fromkeys(str(i) for i in record_ids))
        res = conn.execute(insert(t.audit_events).values(at=utcnow(), actor=user, action=action, what=what,
                                                         why=why or "", n_records=len(ids)))
        event_id = res.inserted_primary_key[0]
        for part in chunks(ids, 5000):
            if self.dialect == "sqlite":
                conn.exec_driver_sql("INSERT INTO audit_records (event_id, record_id) VALUES (?, ?)",
                                     [(event_id, i) for i in part])
            else:
                conn.execute(insert(t.audit_records), [{"event_id": event_id, "record_id": i} for i in part])

    def audit_events(self, *, since: datetime | None = None, user: str | None = None,
                     record: str | None = None) -> list[AuditEvent]:
        a, ar = t.audit_events.c, t.audit_records.c
        stmt = select(t.audit_events).order_by(a.at, a.id)
        if since is not None:
            stmt = stmt.where(a.at >= _naive_utc(since))
        if user is not None:
            stmt = stmt.where(a.actor == user)
        if record is not None:
            stmt = stmt.where(a.id.in_(select(ar.event_id).where(ar.record_id == record)))
        with self.engine.connect() as conn:
            events = conn.execute(stmt).all()
            ids: dict[int, list[str]] = {e.id: [] for e in events}
            for part in chunks(list(ids)):
                for eid, rid in conn.execute(select(ar.event_id, ar.record_id).where(ar.event_id.in_(part))
                                             .order_by(ar.event_id, ar.record_id)):
                    ids[eid].append(rid)
        return [AuditEvent(e.id, _aware(e.at), e.actor, e.action, e.what, ids[e.id], e.why) for e in events]

    # -- erasure ----------------------------------------------------------------------------------
    def erase(self, record_id: str, reason: str, user: str) -> dict:
        """Remove a record, its versions, its quarantined rows and extractions no other record uses.

        Returns what went: {"versions", "extractions", "quarantined"} counts. The audit log keeps
        the id and the reason, never the content.
        """
        if not reason or not reason.strip():
            raise IntelError(f"erase {record_id}: give the reason (--reason TEXT); the audit log keeps it")
        r, v, e, qn = t.records.c, t.record_versions.c, t.extractions.c, t.quarantine.c
        with self.write() as conn:
            hashes = set(conn.execute(select(r.text_hash).where(r.id == record_id)).scalars())
            n_versions = len(hashes) and 1
            old = conn.execute(select(v.text_hash).where(v.id == record_id)).scalars().all()
            if not hashes and not old:
                raise IntelError(f"erase {record_id}: no such record in the store (check the id with `intel audit --record`)")
            hashes.update(old)
            n_versions += len(old)
            conn.execute(delete(t.records).where(r.id == record_id))
            conn.execute(delete(t.record_versions).where(v.id == record_id))
            still_used = set(conn.execute(select(r.text_hash).where(r.text_hash.in_(hashes))).scalars()) | \
                set(conn.execute(select(v.text_hash).where(v.text_hash.in_(hashes))).scalars())
            orphans = hashes - still_used
            n_ext = 0
            if orphans:
                n_ext = conn.execute(delete(t.extractions).where(e.text_hash.in_(orphans))).rowcount
            n_q = conn.execute(delete(t.quarantine).where(qn.record_id == record_id)).rowcount
            n_art = self._scrub_artifacts(conn, record_id)
            what = (f"erased record {record_id}: {n_versions} version(s), {n_ext} extraction(s), "
                    f"{n_q} quarantined row(s), mentions in {n_art} artifact(s)")
            self.audit_in(conn, ERASURE, user, what, [record_id], reason.strip())
        return {"versions": n_versions, "extractions": n_ext, "quarantined": n_q, "artifacts": n_art}

    def _scrub_artifacts(self, conn: Connection, record_id: str) -> int:
        """Drop the id from saved artifacts (pattern reports, cluster state): list items and keys equal to it."""
        a = t.artifacts.c
        needle = json.dumps(record_id)[1:-1]  # as it appears inside the stored JSON text
        rows = conn.execute(select(a.kind, a.key, a.data).where(cast(a.data, Text).contains(needle, autoescape=True))).all()
        changed = 0
        for kind, key, data in rows:
            cleaned = _without(data, record_id)
            if cleaned != data:
                conn.execute(update(t.artifacts).where(a.kind == kind, a.key == key)
                             .values(data=cleaned, updated_at=utcnow()))
                changed += 1
        return changed


def _without(obj, record_id: str):
    if isinstance(obj, list):
        return [_without(v, record_id) for v in obj if v != record_id]
    if isinstance(obj, dict):
        return {k: _without(v, record_id) for k, v in obj.items() if k != record_id}
    return obj


def _jsonable(data: dict) -> dict:
    """Fail here, naming the problem, rather than deep in the driver."""
    try:
        return json.loads(json.dumps(data, allow_nan=False, default=_default))
    except (TypeError, ValueError) as exc:
        raise IntelError(f"cannot store {type(data).__name__} as JSON: {exc}") from None


def _default(o):
    if isinstance(o, (date, datetime)):
        return o.isoformat()
    raise TypeError(f"{type(o).__name__} is not JSON serialisable")

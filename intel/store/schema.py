"""Tables of the store. The Alembic migrations in `intel/migrations/` create exactly these.

Timestamps are naive UTC (SQLite keeps no zone); `intel.store` attaches UTC when reading.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON, Boolean, Column, Date, DateTime, ForeignKey, Index, Integer, MetaData, String, Table, Text,
)

metadata = MetaData()

ID_MAX = 200  # longest record id intake accepts


def _record_columns(history: bool = False) -> list[Column]:
    # Shared by `records` (current version) and `record_versions` (superseded ones), so a
    # new version is one INSERT ... SELECT of the old row.
    cols = [
        Column("id", String(ID_MAX), primary_key=True),
        Column("version", Integer, nullable=False, primary_key=history),
        Column("kind", String(32), nullable=False),
        Column("date", Date, nullable=False),
        Column("bcu", String(100), nullable=False),
        Column("text", Text, nullable=False),
        Column("text_hash", String(64), nullable=False),
        Column("content_hash", String(64), nullable=False),
        Column("source_eval", String(1)),
        Column("intel_assessment", String(1)),
        Column("handling", String(1)),
        Column("handling_conditions", Text),
        Column("ward", Text),
        Column("status", Text),
        Column("outcome", Text),
        Column("safeguarding_plan", Boolean),
        Column("opened_at", Date),
        Column("closed_at", Date),
        Column("author", Text),
        Column("extra", JSON, nullable=False),
        Column("source", Text),
        Column("line", Integer),
        Column("ingested_at", DateTime, nullable=False),
        Column("ingested_by", Text, nullable=False),
    ]
    if history:
        cols.append(Column("superseded_at", DateTime, nullable=False))
    return cols


# One secondary index only: reports read a date range (a week) and filter BCU and kind within
# it, and every extra index slows the bulk ingest.
records = Table(
    "records", metadata, *_record_columns(),
    Index("ix_records_date_id", "date", "id"),
)

record_versions = Table(
    "record_versions", metadata, *_record_columns(history=True),
    Index("ix_record_versions_text_hash", "text_hash"),
)

extractions = Table(
    "extractions", metadata,
    Column("text_hash", String(64), primary_key=True),
    Column("pipeline_version", String(100), primary_key=True),
    Column("data", JSON, nullable=False),
    Column("created_at", DateTime, nullable=False),
)

runs = Table(
    "runs", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(64), nullable=False),
    Column("requested_by", Text, nullable=False),
    Column("params", JSON, nullable=False),
    Column("status", String(32), nullable=False),
    Column("summary", JSON),
    Column("started_at", DateTime, nullable=False),
    Column("finished_at", DateTime),
)

artifacts = Table(
    "artifacts", metadata,
    Column("kind", String(64), primary_key=True),
    Column("key", String(200), primary_key=True),
    Column("data", JSON, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)

quarantine = Table(
    "quarantine", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source", Text, nullable=False),
    Column("line", Integer, nullable=False),
    Column("field", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("raw", Text, nullable=False),
    Column("record_id", String(ID_MAX)),
    Column("at", DateTime, nullable=False),
    Index("ix_quarantine_at", "at"),
    Index("ix_quarantine_record_id", "record_id"),
)

audit_events = Table(
    "audit_events", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime, nullable=False),
    Column("actor", Text, nullable=False),
    Column("action", String(16), nullable=False),
    Column("what", Text, nullable=False),
    Column("why", Text, nullable=False),
    Column("n_records", Integer, nullable=False),
    Index("ix_audit_events_at", "at"),
    Index("ix_audit_events_actor", "actor"),
)

audit_records = Table(
    "audit_records", metadata,
    Column("event_id", Integer, ForeignKey("audit_events.id", ondelete="CASCADE"), primary_key=True),
    Column("record_id", String(ID_MAX), primary_key=True),
    Index("ix_audit_records_record_id", "record_id"),
)

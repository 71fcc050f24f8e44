"""Initial schema: records and their versions, extractions, runs, artifacts, quarantine, audit.

Revision ID: 0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _record_columns(history: bool) -> list:
    cols = [
        sa.Column("id", sa.String(200), primary_key=True),
        sa.Column("version", sa.Integer, nullable=False, primary_key=history),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("bcu", sa.String(100), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("text_hash", sa.String(64), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("source_eval", sa.String(1)),
        sa.Column("intel_assessment", sa.String(1)),
        sa.Column("handling", sa.String(1)),
        sa.Column("handling_conditions", sa.Text),
        sa.Column("ward", sa.Text),
        sa.Column("status", sa.Text),
        sa.Column("outcome", sa.Text),
        sa.Column("safeguarding_plan", sa.Boolean),
        sa.Column("opened_at", sa.Date),
        sa.Column("closed_at", sa.Date),
        sa.Column("author", sa.Text),
        sa.Column("extra", sa.JSON, nullable=False),
        sa.Column("source", sa.Text),
        sa.Column("line", sa.Integer),
        sa.Column("ingested_at", sa.DateTime, nullable=False),
        sa.Column("ingested_by", sa.Text, nullable=False),
    ]
    if history:
        cols.append(sa.Column("superseded_at", sa.DateTime, nullable=False))
    return cols


def upgrade() -> None:
    op.create_table("records", *_record_columns(history=False))
    op.create_index("ix_records_date_id", "records", ["date", "id"])

    op.create_table("record_versions", *_record_columns(history=True))
    op.create_index("ix_record_versions_text_hash", "record_versions", ["text_hash"])

    op.create_table(
        "extractions",
        sa.Column("text_hash", sa.String(64), primary_key=True),
        sa.Column("pipeline_version", sa.String(100), primary_key=True),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("requested_by", sa.Text, nullable=False),
        sa.Column("params", sa.JSON, nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("summary", sa.JSON),
        sa.Column("started_at", sa.DateTime, nullable=False),
        sa.Column("finished_at", sa.DateTime),
    )
    op.create_table(
        "artifacts",
        sa.Column("kind", sa.String(64), primary_key=True),
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "quarantine",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("line", sa.Integer, nullable=False),
        sa.Column("field", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("raw", sa.Text, nullable=False),
        sa.Column("record_id", sa.String(200)),
        sa.Column("at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_quarantine_at", "quarantine", ["at"])
    op.create_index("ix_quarantine_record_id", "quarantine", ["record_id"])
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("what", sa.Text, nullable=False),
        sa.Column("why", sa.Text, nullable=False),
        sa.Column("n_records", sa.Integer, nullable=False),
    )
    op.create_index("ix_audit_events_at", "audit_events", ["at"])
    op.create_index("ix_audit_events_actor", "audit_events", ["actor"])
    op.create_table(
        "audit_records",
        sa.Column("event_id", sa.Integer, sa.ForeignKey("audit_events.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("record_id", sa.String(200), primary_key=True),
    )
    op.create_index("ix_audit_records_record_id", "audit_records", ["record_id"])


def downgrade() -> None:
    for table in ("audit_records", "audit_events", "quarantine", "artifacts", "runs", "extractions",
                  "record_versions", "records"):
        op.drop_table(table)

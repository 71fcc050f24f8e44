"""Fixtures for the foundation tests: settings, and stores on SQLite and (when available) PostgreSQL."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from intel.config import load_settings
from intel.store import Store
from intel.store.schema import metadata

INTAKE_DATA = Path(__file__).resolve().parent.parent / "data" / "intake"
PG_URL = os.environ.get("INTEL_TEST_PG_URL")


_pg_migrated = False


def _reset_postgres(url: str) -> None:
    # The first test of the session starts from an empty schema (so the migrations run for real);
    # later ones just empty the tables, which is much faster than migrating again.
    global _pg_migrated
    engine = create_engine(url)
    with engine.begin() as conn:
        if not _pg_migrated:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        else:
            tables = ", ".join(t.name for t in metadata.sorted_tables)
            conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()
    _pg_migrated = True


@pytest.fixture
def settings():
    return load_settings()


@pytest.fixture
def small_cap_settings(settings):
    return settings.model_copy(update={"intake": settings.intake.model_copy(update={"max_text_chars": 50})})


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'intel.db'}"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'intel.db'}"
    if not PG_URL:
        pytest.skip("INTEL_TEST_PG_URL is not set (.ci/run starts PostgreSQL and sets it)")
    _reset_postgres(PG_URL)
    return PG_URL


@pytest.fixture
def store(store_url):
    s = Store(store_url)
    yield s
    s.close()


@pytest.fixture
def sqlite_store(sqlite_url):
    s = Store(sqlite_url)
    yield s
    s.close()


@pytest.fixture
def intake_file(tmp_path):
    """Copy a fixture from tests/data/intake into tmp_path (so FILE.rejected.jsonl lands there)."""

    def copy(name: str) -> Path:
        dst = tmp_path / name
        dst.write_bytes((INTAKE_DATA / name).read_bytes())
        return dst

    return copy

"""Every store test runs on SQLite, and on PostgreSQL too when CHORUS_TEST_POSTGRES names a server.

`.ci/run` starts a throwaway server and sets CHORUS_TEST_POSTGRES, so CI runs both. Each
PostgreSQL test gets a schema of its own (dropped after), so tests never see each other's rows.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

PG_URL = os.environ.get("CHORUS_TEST_POSTGRES")
PG_SKIP = "CHORUS_TEST_POSTGRES is not set (.ci/run starts a PostgreSQL server and sets it)"


def pg_schema_url(base: str) -> Iterator[str]:
    """A URL whose connections use a fresh schema; the schema is dropped afterwards."""
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options={quote(f'-csearch_path={schema}')}"
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database, one per backend."""
    if request.param == "sqlite":
        yield str(tmp_path / "chorus.db")
        return
    if not PG_URL:
        pytest.skip(PG_SKIP)
    yield from pg_schema_url(PG_URL)

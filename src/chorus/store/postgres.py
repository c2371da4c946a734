"""The PostgreSQL store, for a database that several machines or people share.

Needs psycopg 3: pip install 'chorus-news[postgres]'. It is imported when a postgresql:// URL is
opened, never before. The SQL is the shared one in `base.py` (`?` placeholders become `%s`).

Two ingests may run at once: each batch takes a lock on `articles` that blocks other writers (not
readers) until it commits, so the duplicate checks of one batch cannot race another's inserts.
Migrations run under an advisory lock for the same reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from ..errors import ConfigError, StoreError
from .base import Store

# Any fixed number: the key of the advisory lock that serializes migrations.
_MIGRATION_LOCK = 0x63686F72  # "chor"
_PASSWORD = re.compile(r"(://[^/:@]*:)[^/@]*@")
CONNECT_TIMEOUT = 10


def redact(url: str) -> str:
    """The URL without its password, for messages.

    >>> redact("postgresql://ann:secret@db.example/news")
    'postgresql://ann:***@db.example/news'
    """
    return _PASSWORD.sub(r"\1***@", url)


class PostgresStore(Store):
    """A store in a PostgreSQL database given by a postgresql:// URL."""

    backend = "postgres"

    def __init__(self, url: str) -> None:
        super().__init__(redact(url))
        try:
            import psycopg
        except ImportError:
            raise ConfigError(
                f"{self.name}: using PostgreSQL needs pip install 'chorus-news[postgres]'") from None
        self._psycopg = psycopg
        try:
            self._conn = psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT)
        except psycopg.Error as exc:
            raise StoreError(f"{self.name}: cannot connect: {_first_line(exc)}") from None

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self._conn.execute(_pg(sql), params or None)

    def _executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        with self._conn.cursor() as cursor:
            cursor.executemany(_pg(sql), rows)

    def _begin(self, purpose: str) -> None:
        self._conn.execute("BEGIN")
        if purpose == "migrate":
            self._conn.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
        elif purpose == "write" and self._has_table("articles"):
            # Blocks other writers of articles until commit; readers go on.
            self._conn.execute("LOCK TABLE articles IN SHARE ROW EXCLUSIVE MODE")

    def _has_table(self, name: str) -> bool:
        row = self._conn.execute("SELECT to_regclass(%s)", (name,)).fetchone()
        return row is not None and row[0] is not None

    def _translate(self, exc: Exception) -> StoreError | None:
        if not isinstance(exc, self._psycopg.Error):
            return None
        if isinstance(exc, self._psycopg.OperationalError):
            return StoreError(f"{self.name}: database unreachable or failing: {_first_line(exc)}")
        return StoreError(f"{self.name}: database error: {_first_line(exc)}")

    def close(self) -> None:
        self._conn.close()


def _pg(sql: str) -> str:
    """The shared SQL with psycopg's placeholders (the shared SQL has no literal ? or %)."""
    return sql.replace("?", "%s")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]

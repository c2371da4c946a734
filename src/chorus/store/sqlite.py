"""The SQLite store: one file, no server; what `chorus ingest` uses unless given a postgresql:// URL.

WAL mode lets readers (`chorus stories`, the web UI) read while an ingest writes; writers take
the lock up front (BEGIN IMMEDIATE) so two ingests into one file wait for each other instead of
failing half-way; foreign keys are enforced; a locked database is waited for BUSY_TIMEOUT
seconds before the error. synchronous=NORMAL keeps every committed batch through a crash of the
process (a power cut may lose the last few commits, never consistency).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..errors import StoreError
from .base import Store

BUSY_TIMEOUT = 30.0


class SQLiteStore(Store):
    """A store in one SQLite file (or ":memory:")."""

    backend = "sqlite"

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        super().__init__(str(path))
        memory = str(path) == ":memory:"
        if not memory and not create and not Path(path).exists():
            raise StoreError(f"{path}: no database here; `chorus ingest SOURCES --db {path}` creates one")
        if not memory and Path(path).is_dir():
            raise StoreError(f"{path}: is a directory, not a database file")
        try:
            # isolation_level=None: no implicit transactions; Store.transaction() says when.
            self._conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT, isolation_level=None,
                                         check_same_thread=False)
            self._conn.execute("PRAGMA foreign_keys = ON")
            if not memory:
                self._conn.execute("PRAGMA journal_mode = WAL")
            self._conn.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.Error as exc:
            raise self._translate(exc) from exc  # type: ignore[misc]

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        return self._conn.execute(sql, params)

    def _executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self._conn.executemany(sql, rows)

    def _begin(self, purpose: str) -> None:
        # IMMEDIATE takes the write lock now: a batch's lookups and inserts then see one state.
        self._conn.execute("BEGIN IMMEDIATE")

    def _has_table(self, name: str) -> bool:
        row = self._conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone()
        return row is not None

    def _translate(self, exc: Exception) -> StoreError | None:
        if not isinstance(exc, sqlite3.Error):
            return None
        reason = str(exc) or type(exc).__name__
        if "locked" in reason or "busy" in reason:
            return StoreError(f"{self.name}: database is locked by another process "
                              f"(waited {BUSY_TIMEOUT:g} s); try again when it is done")
        if "not a database" in reason:
            return StoreError(f"{self.name}: not a SQLite database")
        if "unable to open" in reason:
            return StoreError(f"{self.name}: cannot open the database file (does its folder exist?)")
        return StoreError(f"{self.name}: database error: {reason}")

    def close(self) -> None:
        self._conn.close()

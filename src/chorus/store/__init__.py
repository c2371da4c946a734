"""Where ingested articles, their sentences and their stories are kept.

`open(url)` gives a Store: a SQLite file for a path (the default, `chorus.db` in the current
directory, or the CHORUS_DB environment variable), PostgreSQL for a postgresql:// URL. The schema
is migrated to this chorus's version when the store is opened.

>>> from chorus import store
>>> with store.open("news.db") as db:                               # doctest: +SKIP
...     added = store.ingest(db, ["feeds/", "https://news.example/rss"])
...     for story in db.stories():
...         print(story.title, len(story.articles))
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable

from ..errors import StoreError
from ..model import Problem
from ..options import Options
from .base import BATCH_SIZE, Added, Store, StoryRecord, content_hash

__all__ = ["DEFAULT_DB", "Added", "Store", "StoryRecord", "content_hash", "default_url", "ingest", "open"]

DEFAULT_DB = "chorus.db"
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def default_url() -> str:
    """The database used when none is given: $CHORUS_DB, else chorus.db in the current directory."""
    return os.environ.get("CHORUS_DB") or DEFAULT_DB


def open(url: str | os.PathLike[str] | None = None, *, create: bool = True, migrate: bool = True) -> Store:  # noqa: A001
    """Open (and, for SQLite with `create`, create) the store at `url` and bring its schema up to date.

    `url` is a file path, "sqlite:///relative/path", or "postgresql://user:pass@host/db". With
    `create=False` a missing SQLite file is an error, as readers of a database want; with
    `migrate=False` the schema is only checked. Raises StoreError (or ConfigError when the
    postgres extra is missing).
    """
    target = default_url() if url is None else os.fspath(url)
    if not target:
        raise StoreError("no database given")
    if target.startswith(("postgresql://", "postgres://")):
        from .postgres import PostgresStore

        store: Store = PostgresStore(target)
    elif target.startswith("sqlite://"):
        from .sqlite import SQLiteStore

        # As SQLAlchemy spells it: sqlite:///relative.db, sqlite:////absolute.db, sqlite:// in memory.
        store = SQLiteStore(target.removeprefix("sqlite://").removeprefix("/") or ":memory:", create=create)
    elif _URL.match(target):
        scheme = target.split(":", 1)[0]
        raise StoreError(f"{target}: unsupported database URL scheme {scheme!r}; "
                         "give a file path (SQLite) or a postgresql:// URL")
    else:
        from .sqlite import SQLiteStore

        store = SQLiteStore(target, create=create)
    try:
        if migrate:
            store.migrate()
        else:
            store.check_version()
    except BaseException:
        store.close()
        raise
    return store


def ingest(
    store: Store,
    sources: Iterable[str | os.PathLike[str]],
    options: Options = Options(),
    *,
    batch_size: int = BATCH_SIZE,
    on_problem: Callable[[Problem], None] | None = None,
    on_progress: Callable[[Added], None] | None = None,
) -> Added:
    """Read `sources` (files, directories, URLs) as a stream and store their articles.

    Commits every `batch_size` articles and at the end of every file, so a file that fails half
    way keeps the batches before it and a kill loses at most one uncommitted batch. The counts
    given to `on_progress` and returned run over all the sources.
    """
    from ..ingest import iter_sources

    done = Added()
    problems: list[Problem] = []
    for _source, items in iter_sources(sources, options):
        base = done

        def progress(now: Added, base: Added = base) -> None:
            if on_progress is not None:
                on_progress(_plus(base, now))

        added = store.add_articles(items, batch_size=batch_size, on_problem=on_problem, on_progress=progress)
        problems.extend(added.problems)
        done = _plus(base, added)
    return Added(done.read, done.new, done.duplicate, done.skipped, tuple(problems))


def _plus(a: Added, b: Added) -> Added:
    return Added(a.read + b.read, a.new + b.new, a.duplicate + b.duplicate, a.skipped + b.skipped)

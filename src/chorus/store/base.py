"""The Store: one data-access layer over SQLite (the default) and PostgreSQL.

Everything that reads or writes the database goes through a Store; the SQL is written once here,
with `?` placeholders, and each backend supplies only a connection, its way of taking the write
lock and its error messages. `open(url)` picks the backend from the URL.

Writes are transactional. `add_articles` cleans and segments each article (or takes the
sentences of a Document already prepared, e.g. by a batch worker), then commits in batches: an article and all its sentences are in the same transaction, so a crash (or a kill)
loses at most the batch being written and never leaves an article without its sentences, and
running the same ingest again stores only what is missing.

>>> from chorus import store
>>> from chorus.ingest import iter_articles
>>> with store.open("chorus.db") as db:                               # doctest: +SKIP
...     added = db.add_articles(iter_articles(["feeds/"]))
...     print(added.new, added.duplicate)
"""

from __future__ import annotations

import hashlib
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, NamedTuple

from ..clean import clean
from ..errors import StoreError
from ..model import Article, Document, Problem, Sentence
from ..segment import segment
from .migrations import LATEST, MIGRATIONS, SCHEMA_VERSION_TABLE

__all__ = ["Added", "Store", "StoryRecord", "content_hash"]

BATCH_SIZE = 500
# Placeholders per IN (...) query: under SQLite's oldest limit (999) and cheap for PostgreSQL.
_IN_CHUNK = 500
_ARTICLE_COLUMNS = "id, title, outlet, source, published, text, author, url"


@dataclass(frozen=True, slots=True)
class Added:
    """What `add_articles` did: articles read, newly stored, already stored, and inputs skipped.

    `skipped` counts the inputs (files, lines, items) that gave no article and the articles the
    store refused (an id already stored with other text, no text left after cleaning); each has
    its Problem in `problems`, as do warnings, which are not counted.
    """

    read: int = 0
    new: int = 0
    duplicate: int = 0
    skipped: int = 0
    problems: tuple[Problem, ...] = field(default=(), compare=False)


@dataclass(frozen=True, slots=True)
class StoryRecord:
    """A stored story and the ids of its articles, in ingest order."""

    id: str
    title: str
    created_at: datetime
    updated_at: datetime
    articles: tuple[str, ...] = ()


def content_hash(text: str) -> str:
    """The identity of an article's text: sha256 of it with whitespace collapsed, casefolded.

    >>> content_hash("The  port\\nreopened.") == content_hash("the port reopened.")
    True
    """
    return hashlib.sha256(" ".join(text.split()).casefold().encode("utf-8")).hexdigest()


class Store(ABC):
    """A chorus database. Use as a context manager, or call `close()`.

    Backends implement the few methods marked abstract; everything else is shared.
    """

    backend: str = ""  # "sqlite" or "postgres": picks migration variants

    def __init__(self, name: str) -> None:
        self.name = name  # how messages name this database (never with a password)
        self._depth = 0
        self._lock = threading.RLock()

    # -- what a backend supplies ------------------------------------------------------------

    @abstractmethod
    def _execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """Run one statement; return a cursor with fetchone/fetchall/iteration."""

    @abstractmethod
    def _executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        """Run one statement for each row."""

    @abstractmethod
    def _begin(self, purpose: str) -> None:
        """Start a transaction; purpose "write" or "migrate" takes the backend's write lock."""

    @abstractmethod
    def _translate(self, exc: Exception) -> StoreError | None:
        """The StoreError for a driver error, or None when it is not one of the driver's."""

    @abstractmethod
    def close(self) -> None:
        """Close the connection; the store cannot be used after."""

    # -- transactions, errors, schema ---------------------------------------------------------

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self, purpose: str = "write") -> Iterator[None]:
        """Run the block in one transaction: committed at its end, rolled back on any exception.

        Nested uses join the outer transaction. Every write method uses this, so a caller can
        group several writes (a story and its assignments) into one atomic change.
        """
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                return
            with self._errors():
                self._begin(purpose)
            self._depth = 1
            try:
                yield
            except BaseException:
                self._depth = 0
                try:
                    self._execute("ROLLBACK")
                except Exception:  # noqa: BLE001 - the first error is the one worth reporting
                    pass
                raise
            self._depth = 0
            with self._errors():
                self._execute("COMMIT")

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """Turn the driver's errors into StoreError naming the database."""
        try:
            yield
        except StoreError:
            raise
        except Exception as exc:
            translated = self._translate(exc)
            if translated is None:
                raise
            raise translated from exc

    def schema_version(self) -> int:
        """The highest migration applied (0 for an empty database)."""
        with self._errors():
            if not self._has_table("schema_version"):
                return 0
            row = self._execute("SELECT MAX(version) FROM schema_version").fetchone()
        return int(row[0] or 0)

    def migrate(self) -> int:
        """Apply the migrations this database lacks, each in its own transaction; return the version.

        Raises StoreError when the database is at a version newer than this chorus knows.
        """
        with self._errors():
            for migration in MIGRATIONS:
                with self.transaction("migrate"):
                    self._execute(SCHEMA_VERSION_TABLE)
                    row = self._execute("SELECT MAX(version) FROM schema_version").fetchone()
                    current = int(row[0] or 0)
                    if current > LATEST:
                        raise StoreError(
                            f"{self.name}: database is at schema version {current}, newer than this "
                            f"chorus knows ({LATEST}); upgrade chorus to use it"
                        )
                    if migration.version <= current:
                        continue
                    for statement in migration.statements(self.backend):
                        self._execute(statement)
                    self._execute(
                        "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
                        (migration.version, migration.name, _now()),
                    )
        return self.schema_version()

    def check_version(self) -> None:
        """Raise StoreError unless the database is at exactly the schema this chorus writes."""
        version = self.schema_version()
        if version != LATEST:
            how = "run chorus ingest to upgrade it" if version < LATEST else "upgrade chorus to use it"
            raise StoreError(f"{self.name}: database is at schema version {version}, this chorus uses "
                             f"{LATEST}; {how}")

    @abstractmethod
    def _has_table(self, name: str) -> bool:
        """True when the table exists."""

    # -- writing articles ---------------------------------------------------------------------

    def add_articles(
        self,
        items: Iterable[Article | Document | Problem],
        *,
        batch_size: int = BATCH_SIZE,
        on_problem: Callable[[Problem], None] | None = None,
        on_progress: Callable[[Added], None] | None = None,
    ) -> Added:
        """Store articles not stored yet, with their sentences; commit every `batch_size`.

        `items` may hold the Problems of a reader (`chorus.ingest.iter_articles`); they are
        counted and passed on. A Document stands for its article as read (`document.article`,
        whose text is stored and hashed) with its sentences already cleaned and segmented, so
        that work can be done elsewhere (`chorus batch` does it on the workers); an empty
        `sentences` means cleaning left nothing. An article whose text is already stored (under any id) counts as a
        duplicate; one whose id is stored with different text is refused with a Problem, the
        stored one kept. `on_problem` hears of every Problem as it happens, `on_progress` gets
        the running counts (without problems) after every item. Raises StoreError when the database fails; what
        was committed before stays.
        """
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        tally = _Tally(on_problem)
        batch: list[_Pending] = []
        for item in items:
            if isinstance(item, Problem):
                tally.problem(item)
            else:
                tally.read += 1
                article, sentences = (item.article, item.sentences) if isinstance(item, Document) else (item, None)
                batch.append(_Pending(article, content_hash(article.text), sentences))
                if len(batch) >= batch_size:
                    self._write_batch(batch, tally)
                    batch = []
            if on_progress is not None:
                on_progress(tally.counts())
        if batch:
            self._write_batch(batch, tally)
            if on_progress is not None:
                on_progress(tally.counts())
        return tally.added()

    def _write_batch(self, batch: list[_Pending], tally: _Tally) -> None:
        """Clean, segment and write one batch atomically; update `tally` only once committed.

        Articles already stored are found first, without the write lock, and not cleaned at
        all: that makes running an interrupted ingest again fast. Cleaning the rest also happens
        before the lock is taken, so other writers wait only for the inserts.
        """
        known = self._known(batch)
        prepared: list[tuple[Article, str, tuple[Sentence, ...]]] = []
        empty: list[Problem] = []
        for article, digest, given in batch:
            if digest in known[1] or article.id in known[0]:
                prepared.append((article, digest, ()))  # decided under the lock below
                continue
            sentences = _sentences(article) if given is None else given
            if sentences:
                prepared.append((article, digest, sentences))
            else:
                empty.append(Problem(article.source, "no article text left after removing web boilerplate"))
        new = duplicate = 0
        refused: list[Problem] = []
        with self.transaction("write"):
            by_id, by_hash = self._known(batch)  # again: another writer may have added some since
            seq = int(self._execute("SELECT COALESCE(MAX(seq), 0) FROM articles").fetchone()[0])
            now = _now()
            articles: list[tuple[Any, ...]] = []
            sentences: list[tuple[Any, ...]] = []
            for article, digest, doc_sentences in prepared:
                if digest in by_hash:
                    duplicate += 1
                    continue
                if article.id in by_id:
                    refused.append(Problem(article.source, f'id "{article.id}" already stored with '
                                                           "different text; kept the stored article"))
                    continue
                if not doc_sentences:  # was stored when looked at first, and since deleted
                    doc_sentences = _sentences(article)
                    if not doc_sentences:
                        continue
                by_hash[digest] = by_id[article.id] = article.id
                seq += 1
                articles.append((article.id, seq, digest, article.title, article.outlet, article.source,
                                 article.url, _iso(article.published), article.author, article.text, now))
                sentences.extend((article.id, s.index, s.text, s.paragraph) for s in doc_sentences)
                new += 1
            if articles:
                self._executemany(
                    "INSERT INTO articles (id, seq, content_hash, title, outlet, source, url, published, "
                    "author, text, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", articles)
                self._executemany(
                    "INSERT INTO sentences (article_id, idx, text, paragraph) VALUES (?, ?, ?, ?)", sentences)
        tally.new += new
        tally.duplicate += duplicate
        for problem in empty + refused:
            tally.problem(problem)

    def _known(self, batch: list[_Pending]) -> tuple[dict[str, str], dict[str, str]]:
        """Which of a batch's ids and hashes are stored: ({id: hash}, {hash: id})."""
        with self._errors():
            by_id = dict(self._lookup("SELECT id, content_hash FROM articles WHERE id IN ({})",
                                      [p.article.id for p in batch]))
            by_hash = dict(self._lookup("SELECT content_hash, id FROM articles WHERE content_hash IN ({})",
                                        [p.digest for p in batch]))
        return by_id, by_hash

    def _lookup(self, sql: str, keys: list[str]) -> list[tuple[Any, ...]]:
        """Rows of an `IN ({})` query over `keys`, asked in chunks."""
        rows: list[tuple[Any, ...]] = []
        unique = list(dict.fromkeys(keys))
        for start in range(0, len(unique), _IN_CHUNK):
            chunk = unique[start:start + _IN_CHUNK]
            rows.extend(self._execute(sql.format(", ".join("?" * len(chunk))), chunk).fetchall())
        return rows

    # -- reading articles ---------------------------------------------------------------------

    def article(self, article_id: str) -> Article | None:
        """The stored article with this id, or None."""
        with self._errors():
            row = self._execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article_id,)).fetchone()
        return _article(row) if row else None

    def articles(self, since: datetime | None = None, *, unassigned: bool = False) -> Iterator[Article]:
        """Stored articles in the order they were stored.

        `since` keeps those published at or after it (naive times are UTC), or, for articles with
        no date, stored at or after it. `unassigned` keeps those in no story yet: what an
        incremental clustering run has to place.
        """
        where, params = [], []
        if since is not None:
            where.append("COALESCE(published, ingested_at) >= ?")
            params.append(_iso(since))
        if unassigned:
            where.append("NOT EXISTS (SELECT 1 FROM story_articles sa WHERE sa.article_id = articles.id)")
        sql = f"SELECT {_ARTICLE_COLUMNS} FROM articles"
        if where:
            sql += " WHERE " + " AND ".join(where)
        return self._stream(sql + " ORDER BY seq", params)

    def unassigned_span(self) -> tuple[int, datetime | None, bool]:
        """Of the articles in no story yet: how many, the earliest date, and whether any has none
        (what an incremental clustering run needs to know before it replays anything)."""
        sql = ("SELECT COUNT(*), MIN(published), COUNT(*) - COUNT(published) FROM articles WHERE NOT EXISTS "
               "(SELECT 1 FROM story_articles sa WHERE sa.article_id = articles.id)")
        with self._errors():
            count, earliest, undated = self._execute(sql).fetchone()
        return int(count), datetime.fromisoformat(earliest) if earliest else None, bool(undated)

    def _stream(self, sql: str, params: Sequence[Any]) -> Iterator[Article]:
        """Articles of a query, fetched a chunk at a time rather than all at once."""
        with self._errors():
            cursor = self._execute(sql, params)
            while rows := cursor.fetchmany(_IN_CHUNK):
                yield from (_article(row) for row in rows)

    def sentences(self, article_id: str) -> tuple[Sentence, ...]:
        """The stored sentences of an article (cleaned and segmented when it was stored)."""
        with self._errors():
            rows = self._execute("SELECT idx, text, paragraph FROM sentences WHERE article_id = ? ORDER BY idx",
                                 (article_id,)).fetchall()
        return tuple(Sentence(article_id, int(i), text, int(p)) for i, text, p in rows)

    def document(self, article_id: str) -> Document | None:
        """The article with its stored sentences, ready for `chorus.brief.build_briefing`."""
        article = self.article(article_id)
        return None if article is None else Document(article, self.sentences(article_id))

    def count(self, *tables: str) -> dict[str, int]:
        """Rows per table: those named, else articles, sentences, stories and story_articles (a
        count scans its table, and sentences are the largest)."""
        known = ("articles", "sentences", "stories", "story_articles")
        if unknown := set(tables) - set(known):
            raise ValueError(f"no such table: {', '.join(sorted(unknown))}")
        with self._errors():
            return {table: int(self._execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
                    for table in tables or known}

    # -- near-duplicates and stories (written by dedup and clustering) --------------------------

    def set_duplicate(self, article_id: str, duplicate_of: str | None) -> None:
        """Mark an article as a near-copy of another (None clears it)."""
        with self.transaction(), self._errors():
            cursor = self._execute("UPDATE articles SET duplicate_of = ? WHERE id = ?", (duplicate_of, article_id))
            if cursor.rowcount == 0:
                raise StoreError(f"{self.name}: no article {article_id!r}")

    def duplicates(self) -> dict[str, str]:
        """Every article marked as a near-copy, mapped to the article it copies."""
        with self._errors():
            rows = self._execute("SELECT id, duplicate_of FROM articles WHERE duplicate_of IS NOT NULL").fetchall()
        return {a: b for a, b in rows}

    def put_story(self, story_id: str, title: str) -> None:
        """Create a story, or retitle an existing one."""
        now = _now()
        with self.transaction(), self._errors():
            self._execute(
                "INSERT INTO stories (id, title, created_at, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (id) DO UPDATE SET title = excluded.title, updated_at = excluded.updated_at",
                (story_id, title, now, now))

    def assign(self, article_id: str, story_id: str) -> None:
        """Put an article in a story (moving it out of any other); the story must exist."""
        self.assign_many([(article_id, story_id)])

    def assign_many(self, pairs: Iterable[tuple[str, str]]) -> None:
        """`assign` for many (article id, story id) pairs in one transaction."""
        pairs = list(pairs)
        if not pairs:
            return
        now = _now()
        with self.transaction(), self._errors():
            self._executemany(
                "INSERT INTO story_articles (article_id, story_id) VALUES (?, ?) "
                "ON CONFLICT (article_id) DO UPDATE SET story_id = excluded.story_id", pairs)
            self._executemany("UPDATE stories SET updated_at = ? WHERE id = ?",
                              [(now, s) for s in dict.fromkeys(s for _, s in pairs)])

    def delete_story(self, story_id: str) -> None:
        """Remove a story; its articles stay stored, in no story."""
        with self.transaction(), self._errors():
            self._execute("DELETE FROM stories WHERE id = ?", (story_id,))

    def stories(self) -> list[StoryRecord]:
        """Every story with its article ids, oldest story first."""
        with self._errors():
            rows = self._execute("SELECT id, title, created_at, updated_at FROM stories ORDER BY created_at, id").fetchall()
            members = self._execute(
                "SELECT sa.story_id, sa.article_id FROM story_articles sa JOIN articles a ON a.id = sa.article_id "
                "ORDER BY a.seq").fetchall()
        grouped: dict[str, list[str]] = {}
        for story_id, article_id in members:
            grouped.setdefault(story_id, []).append(article_id)
        return [StoryRecord(i, t, datetime.fromisoformat(c), datetime.fromisoformat(u), tuple(grouped.get(i, ())))
                for i, t, c, u in rows]

    def story(self, story_id: str) -> StoryRecord | None:
        """One story, or None."""
        return next((s for s in self.stories() if s.id == story_id), None)


class _Pending(NamedTuple):
    """An article waiting in a batch: its content hash, and its sentences when already prepared."""

    article: Article
    digest: str
    sentences: tuple[Sentence, ...] | None


def _sentences(article: Article) -> tuple[Sentence, ...]:
    return segment(clean(article)).sentences


class _Tally:
    """Running counts of an ingest, and its problems in order."""

    def __init__(self, on_problem: Callable[[Problem], None] | None) -> None:
        self.read = self.new = self.duplicate = self.skipped = 0
        self.problems: list[Problem] = []
        self._on_problem = on_problem

    def problem(self, problem: Problem) -> None:
        self.problems.append(problem)
        if problem.skipped:
            self.skipped += 1
        if self._on_problem is not None:
            self._on_problem(problem)

    def added(self) -> Added:
        return Added(self.read, self.new, self.duplicate, self.skipped, tuple(self.problems))

    def counts(self) -> Added:
        """The counts without the problems: cheap enough to give after every item."""
        return Added(self.read, self.new, self.duplicate, self.skipped)


def _now() -> str:
    return datetime.now(timezone.utc).replace(tzinfo=None).isoformat()


def _iso(value: datetime | None) -> str | None:
    """A time as stored: ISO 8601, naive UTC (aware times are converted), so text order is time order."""
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    return value.isoformat()


def _article(row: Sequence[Any]) -> Article:
    id_, title, outlet, source, published, text, author, url = row
    return Article(id=id_, title=title, outlet=outlet, source=source,
                   published=datetime.fromisoformat(published) if published else None,
                   text=text, author=author, url=url)

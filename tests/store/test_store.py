"""The Store on every backend: schema, idempotent and atomic writes, reading back, stories."""

from __future__ import annotations

import builtins
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

import pytest

from chorus import store
from chorus.errors import ConfigError, StoreError
from chorus.clean import clean
from chorus.model import Document, Problem
from chorus.segment import segment
from chorus.store.migrations import LATEST
from store_corpus import make_article


def test_new_database_is_migrated_to_the_latest_version(store_url: str) -> None:
    with store.open(store_url) as db:
        assert db.schema_version() == LATEST
        assert db.migrate() == LATEST  # a second run has nothing to do
        assert db.count() == {"articles": 0, "sentences": 0, "stories": 0, "story_articles": 0}


def test_articles_are_stored_with_their_sentences(store_url: str) -> None:
    published = datetime(2024, 5, 1, 12, 30)
    with store.open(store_url) as db:
        added = db.add_articles([make_article("a", published=published), make_article("b")])
        assert (added.read, added.new, added.duplicate, added.skipped) == (2, 2, 0, 0)
        a = db.article("a")
        assert a == make_article("a", published=published)
        sentences = db.sentences("a")
        assert [(s.index, s.paragraph, s.text) for s in sentences] == [
            (0, 0, "The Millbrook dam failed on Sunday."),
            (1, 0, "Crews reached a residents by noon."),
            (2, 1, "The mayor spoke."),
        ]
        assert {s.article for s in sentences} == {"a"}
        doc = db.document("a")
        assert doc is not None and doc.sentences == sentences
        assert db.article("missing") is None and db.document("missing") is None


def test_the_same_article_twice_is_stored_once(store_url: str) -> None:
    a, b = make_article("a"), make_article("b")
    with store.open(store_url) as db:
        first = db.add_articles([a, b, a])  # a repeat inside one batch
        again = db.add_articles([a, b])
        assert (first.new, first.duplicate) == (2, 1)
        assert (again.new, again.duplicate, again.skipped) == (0, 2, 0)
        assert db.count()["articles"] == 2
        assert db.count()["sentences"] == 6


def test_same_text_under_another_id_is_a_duplicate(store_url: str) -> None:
    with store.open(store_url) as db:
        db.add_articles([make_article("a", "Same   words here.")])
        added = db.add_articles([make_article("copy", "same words here.")])  # spacing and case aside
        assert (added.new, added.duplicate) == (0, 1)
        assert [x.id for x in db.articles()] == ["a"]


def test_same_id_with_different_text_keeps_the_first_and_says_so(store_url: str) -> None:
    with store.open(store_url) as db:
        db.add_articles([make_article("a", "The first text.")])
        added = db.add_articles([make_article("a", "A second, different text.", source="late.jsonl:3")])
        assert (added.new, added.duplicate, added.skipped) == (0, 0, 1)
        assert [str(p) for p in added.problems] == [
            'late.jsonl:3: id "a" already stored with different text; kept the stored article'
        ]
        assert db.article("a").text == "The first text."


def test_same_id_twice_in_one_batch_keeps_the_first(store_url: str) -> None:
    with store.open(store_url) as db:
        added = db.add_articles([make_article("a", "One text."), make_article("a", "Another text.")])
        assert (added.new, added.skipped) == (1, 1)
        assert db.article("a").text == "One text."


def test_article_left_empty_by_cleaning_is_skipped(store_url: str) -> None:
    with store.open(store_url) as db:
        added = db.add_articles([make_article("noise", "Most Popular"), make_article("b")])
        assert (added.read, added.new, added.skipped) == (2, 1, 1)
        assert [p.message for p in added.problems] == ["no article text left after removing web boilerplate"]
        assert db.article("noise") is None


def test_documents_prepared_elsewhere_are_stored_as_the_articles_would_be(store_url: str) -> None:
    """`chorus batch` cleans and segments on its workers and hands the store Documents."""
    articles = [make_article("a"), make_article("noise", "Most Popular"), make_article("b")]
    documents = [Document(a, segment(clean(a)).sentences) for a in articles]
    with store.open(store_url) as db:
        added = db.add_articles(documents)
        assert (added.read, added.new, added.skipped) == (3, 2, 1)
        assert db.article("a") == articles[0] and db.article("noise") is None
        assert db.sentences("b") == documents[2].sentences
        again = db.add_articles([articles[0]])  # the same article as read: hashed the same
        assert (again.new, again.duplicate) == (0, 1)


def test_reader_problems_pass_through_and_are_counted(store_url: str) -> None:
    heard: list[Problem] = []
    items = [Problem("bad.json", "not valid JSON"), make_article("a"),
             Problem("a.html", "1 invalid UTF-8 byte replaced", skipped=False)]
    with store.open(store_url) as db:
        added = db.add_articles(items, on_problem=heard.append)
    assert (added.read, added.new, added.skipped) == (1, 1, 1)  # the warning is not a skip
    assert heard == list(added.problems) == [items[0], items[2]]


def test_batches_commit_as_they_go_and_a_failing_batch_leaves_nothing_half_written(store_url: str) -> None:
    def articles():
        for i in range(7):
            yield make_article(f"a{i}")
        raise RuntimeError("the reader died")

    with store.open(store_url) as db:
        with pytest.raises(RuntimeError):
            db.add_articles(articles(), batch_size=3)
        # two full batches were committed; the third (a6) was never written
        assert [a.id for a in db.articles()] == [f"a{i}" for i in range(6)]
        assert db.count()["sentences"] == 18


def test_a_database_error_rolls_back_the_whole_batch(store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with store.open(store_url) as db:
        db.add_articles([make_article("kept")])
        real = db._executemany

        def failing(sql: str, rows):  # the articles go in, then the sentences fail
            if sql.startswith("INSERT INTO sentences"):
                raise StoreError("disk full")
            return real(sql, rows)

        monkeypatch.setattr(db, "_executemany", failing)
        with pytest.raises(StoreError, match="disk full"):
            db.add_articles([make_article("lost-1"), make_article("lost-2")])
        monkeypatch.undo()
        assert [a.id for a in db.articles()] == ["kept"]
        assert db.count() == {"articles": 1, "sentences": 3, "stories": 0, "story_articles": 0}
        assert db.add_articles([make_article("lost-1")]).new == 1  # and the store still works


def test_articles_since_uses_the_published_time_else_the_ingest_time(store_url: str) -> None:
    with store.open(store_url) as db:
        db.add_articles([
            make_article("old", published=datetime(2020, 1, 1)),
            make_article("new", published=datetime(2024, 6, 1, 8)),
            make_article("undated"),  # stored now, so it is "since" any past date
        ])
        since = [a.id for a in db.articles(since=datetime(2024, 1, 1))]
        assert since == ["new", "undated"]
        # an aware time is compared in UTC: 10:00+02:00 is 08:00 UTC
        aware = datetime.fromisoformat("2024-06-01T10:00:00+02:00")
        assert [a.id for a in db.articles(since=aware)] == ["new", "undated"]
        assert [a.id for a in db.articles()] == ["old", "new", "undated"]  # ingest order


def test_stories_and_assignments(store_url: str) -> None:
    with store.open(store_url) as db:
        db.add_articles([make_article(x) for x in "abc"])
        db.put_story("s1", "Dam fails")
        db.put_story("s2", "Bridge closes")
        db.assign_many([("a", "s1"), ("b", "s1"), ("c", "s2")])
        db.assign("b", "s2")  # an article is in one story: this moves it
        db.put_story("s1", "Millbrook dam fails")  # retitle
        stories = db.stories()
        assert [(s.id, s.title, s.articles) for s in stories] == [
            ("s1", "Millbrook dam fails", ("a",)),
            ("s2", "Bridge closes", ("b", "c")),
        ]
        assert stories[0].updated_at >= stories[0].created_at
        assert [a.id for a in db.articles(unassigned=True)] == []
        db.delete_story("s2")
        assert [a.id for a in db.articles(unassigned=True)] == ["b", "c"]
        assert db.count()["articles"] == 3
        assert db.story("s1").articles == ("a",) and db.story("s2") is None


def test_assigning_to_a_missing_story_or_article_fails_cleanly(store_url: str) -> None:
    with store.open(store_url) as db:
        db.add_articles([make_article("a")])
        with pytest.raises(StoreError):
            db.assign("a", "no-such-story")
        db.put_story("s", "T")
        with pytest.raises(StoreError):
            db.assign("no-such-article", "s")
        assert db.count()["story_articles"] == 0


def test_near_duplicates_are_marked_and_cleared(store_url: str) -> None:
    with store.open(store_url) as db:
        db.add_articles([make_article("wire"), make_article("copy")])
        db.set_duplicate("copy", "wire")
        assert db.duplicates() == {"copy": "wire"}
        db.set_duplicate("copy", None)
        assert db.duplicates() == {}
        with pytest.raises(StoreError, match="no article 'ghost'"):
            db.set_duplicate("ghost", "wire")


def test_transaction_groups_writes_and_rolls_them_back_together(store_url: str) -> None:
    with store.open(store_url) as db:
        db.add_articles([make_article("a")])
        with pytest.raises(KeyError):
            with db.transaction():
                db.put_story("s", "T")
                db.assign("a", "s")
                raise KeyError("clustering failed half way")
        assert db.stories() == []
        with db.transaction():
            db.put_story("s", "T")
            db.assign("a", "s")
        assert db.story("s").articles == ("a",)


def test_a_database_at_a_newer_schema_is_refused(store_url: str) -> None:
    with store.open(store_url) as db:
        with db.transaction():
            db._execute("INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
                        (LATEST + 1, "from the future", "2030-01-01T00:00:00"))
    with pytest.raises(StoreError, match=f"schema version {LATEST + 1}, newer than this chorus knows"):
        store.open(store_url)
    with pytest.raises(StoreError, match="upgrade chorus"):
        store.open(store_url, migrate=False)


def test_an_older_database_is_upgraded_on_open_or_refused_without_migrating(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    sqlite3.connect(path).close()  # an empty file: version 0
    with pytest.raises(StoreError, match="schema version 0, this chorus uses"):
        store.open(path, migrate=False)
    with store.open(path) as db:
        assert db.schema_version() == LATEST


def test_missing_sqlite_file_is_created_only_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    with pytest.raises(StoreError, match="no database here"):
        store.open(path, create=False)
    assert not path.exists()
    store.open(path).close()
    assert path.exists()
    store.open(path, create=False).close()


def test_sqlite_file_errors_name_the_file(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database, just some text " * 100)
    with pytest.raises(StoreError, match=f"{junk}: not a SQLite database"):
        store.open(junk)
    with pytest.raises(StoreError, match="cannot open the database file"):
        store.open(tmp_path / "no" / "such" / "dir.db")
    with pytest.raises(StoreError, match="is a directory"):
        store.open(tmp_path)


def test_sqlite_settings(tmp_path: Path) -> None:
    with store.open(tmp_path / "s.db") as db:
        assert db._execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db._execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert db._execute("PRAGMA busy_timeout").fetchone()[0] >= 1000


def test_urls_pick_the_backend(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with store.open("sqlite:///rel.db") as db:
        db.add_articles([make_article("a")])
    assert (tmp_path / "rel.db").exists()
    with store.open("sqlite://") as db:  # in memory
        assert db.count()["articles"] == 0
    with pytest.raises(StoreError, match="unsupported database URL scheme 'mysql'"):
        store.open("mysql://x@y/z")


def test_default_database_is_chorus_db_or_chorus_db_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CHORUS_DB", raising=False)
    assert store.default_url() == "chorus.db"
    monkeypatch.setenv("CHORUS_DB", "postgresql://u@h/news")
    assert store.default_url() == "postgresql://u@h/news"


def test_postgres_without_the_extra_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_psycopg(name: str, *args, **kwargs):
        if name == "psycopg" or name.startswith("psycopg."):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_psycopg)
    with pytest.raises(ConfigError, match=r"needs pip install 'chorus-news\[postgres\]'"):
        store.open("postgresql://ann:secret@127.0.0.1:1/news")


def test_unreachable_postgres_is_a_store_error_without_the_password() -> None:
    pytest.importorskip("psycopg")
    with pytest.raises(StoreError) as caught:
        store.open("postgresql://ann:secret@127.0.0.1:1/news?connect_timeout=2")
    message = str(caught.value)
    assert message.startswith("postgresql://ann:***@127.0.0.1:1/news") and "cannot connect" in message
    assert "secret" not in message


def test_content_hash_ignores_spacing_and_case() -> None:
    assert store.content_hash("A  b\nc") == store.content_hash("a b c")
    assert store.content_hash("a b c") != store.content_hash("a b d")
    assert len(store.content_hash("x")) == 64


def test_aware_published_times_are_stored_as_utc(store_url: str) -> None:
    aware = datetime(2024, 5, 1, 14, 0, tzinfo=timezone.utc)
    with store.open(store_url) as db:
        db.add_articles([make_article("a", published=aware)])
        assert db.article("a").published == datetime(2024, 5, 1, 14, 0)


def test_unassigned_span_tells_how_many_await_a_story_and_from_when(store_url: str) -> None:
    with store.open(store_url) as db:
        assert db.unassigned_span() == (0, None, False)
        db.add_articles([make_article("a", published=datetime(2031, 4, 7, 9)),
                         make_article("b", published=datetime(2031, 4, 6, 8, 30))])
        assert db.unassigned_span() == (2, datetime(2031, 4, 6, 8, 30), False)
        db.add_articles([make_article("c")])
        assert db.unassigned_span() == (3, datetime(2031, 4, 6, 8, 30), True)
        with db.transaction():
            db.put_story("s-1", "Dam fails")
            db.assign_many([("b", "s-1"), ("c", "s-1")])
        assert db.unassigned_span() == (1, datetime(2031, 4, 7, 9), False)

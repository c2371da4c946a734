"""What a store must hold after any ingest, interrupted or not: checks shared by the store and batch tests."""

from __future__ import annotations

from chorus import store


def assert_consistent(db: store.Store) -> list[str]:
    """Assert the store is whole: each article once, each with all its sentences (numbered 0..n-1
    without gaps), no sentence without its article. Returns the article ids in ingest order."""
    def one(sql: str) -> object:
        return db._execute(sql).fetchone()[0]

    if db.backend == "sqlite":
        assert one("PRAGMA integrity_check") == "ok"
        assert db._execute("PRAGMA foreign_key_check").fetchall() == []
    ids = [row[0] for row in db._execute("SELECT id FROM articles ORDER BY seq").fetchall()]
    assert len(ids) == len(set(ids)) > 0
    assert one("SELECT COUNT(DISTINCT content_hash) FROM articles") == len(ids)
    assert one("SELECT COUNT(*) FROM sentences s "
               "WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = s.article_id)") == 0
    assert one("SELECT COUNT(*) FROM articles a "
               "WHERE NOT EXISTS (SELECT 1 FROM sentences s WHERE s.article_id = a.id)") == 0
    assert one("SELECT COUNT(*) FROM (SELECT article_id, COUNT(*) AS n, MAX(idx) AS top "
               "FROM sentences GROUP BY article_id) counts WHERE n != top + 1") == 0
    return ids

"""The store's schema, as numbered migrations applied in order and recorded in `schema_version`.

One SQL dialect serves SQLite and PostgreSQL: TEXT for strings and for times (ISO 8601, naive UTC,
so they sort as text), BIGINT for integers, standard foreign keys and ON CONFLICT. A statement
that must differ between the two goes in `Migration.variants` under the backend's name.

Never edit a migration that has shipped: add the next number. A database at a higher version
than this list knows is refused (`StoreError`), since this chorus would misread it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str
    # backend name ("sqlite", "postgres") -> SQL run instead of `sql` there
    variants: dict[str, str] = field(default_factory=dict)

    def statements(self, backend: str) -> list[str]:
        """The migration's statements for one backend, one per list item."""
        text = self.variants.get(backend, self.sql)
        return [s.strip() for s in text.split(";\n") if s.strip() and not _only_comments(s)]


def _only_comments(statement: str) -> bool:
    return all(not line.strip() or line.strip().startswith("--") for line in statement.splitlines())


SCHEMA_VERSION_TABLE = """
CREATE TABLE IF NOT EXISTS schema_version (
    version BIGINT PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
)
"""

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "articles, sentences and stories", """
-- One row per distinct article. content_hash (sha256 of the whitespace-normalized, casefolded
-- text) makes storing the same article twice a no-op; seq is the order of ingest.
CREATE TABLE articles (
    id TEXT PRIMARY KEY,
    seq BIGINT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    outlet TEXT,
    source TEXT NOT NULL,
    url TEXT,
    published TEXT,
    author TEXT,
    text TEXT NOT NULL,
    ingested_at TEXT NOT NULL,
    -- set by dedup: the article this one is a near-copy of (a wire story run by another outlet)
    duplicate_of TEXT REFERENCES articles (id) ON DELETE SET NULL
);
CREATE INDEX articles_published ON articles (published);
CREATE INDEX articles_ingested_at ON articles (ingested_at);
CREATE INDEX articles_duplicate_of ON articles (duplicate_of);

-- The cleaned article's sentences, written in the same transaction as the article.
CREATE TABLE sentences (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    idx BIGINT NOT NULL,
    text TEXT NOT NULL,
    paragraph BIGINT NOT NULL,
    PRIMARY KEY (article_id, idx)
);

CREATE TABLE stories (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- An article is in at most one story.
CREATE TABLE story_articles (
    story_id TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    PRIMARY KEY (article_id)
);
CREATE INDEX story_articles_story ON story_articles (story_id)
"""),
)

LATEST = MIGRATIONS[-1].version

"""The data model every stage shares.

Frozen dataclasses without I/O: ingest builds Articles, clean and segment turn them into
Documents, brief builds a Briefing, and the renderers read it. Only `render/json.py` knows how a
Briefing is spelled on the wire ("chorus.briefing/1").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone


@dataclass(frozen=True, slots=True)
class Article:
    """One news article as read from its source, before cleaning.

    `source` is the path or URL it came from (with `:line` for JSONL); every message about the
    article names it. `id` is the input's own id when it has one, so citations survive re-runs.
    `published` is kept in UTC without a zone: a feed mixes stamps with and without offsets, and
    every stage that orders or windows articles by date compares them with each other.

    >>> Article(id="a1", title="Probe lands", outlet="Daily Orbit", source="a1.txt",
    ...         published=None, text="The probe landed on Sunday.")  # doctest: +ELLIPSIS
    Article(id='a1', ...)
    """

    id: str
    title: str
    outlet: str | None
    source: str
    published: datetime | None
    text: str
    author: str | None = None
    url: str | None = None

    def __post_init__(self) -> None:
        when = self.published
        if when is not None and when.tzinfo is not None:
            try:
                when = when.astimezone(timezone.utc)
            except OverflowError:  # year 1 or 9999 shifted out of range: keep its wall time
                pass
            object.__setattr__(self, "published", when.replace(tzinfo=None))


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a cleaned article; `index` is its 0-based position in that article."""

    article: str
    index: int
    text: str
    paragraph: int = 0


@dataclass(frozen=True, slots=True)
class Document:
    """An article after cleaning and sentence splitting: what the briefing stage reads."""

    article: Article
    sentences: tuple[Sentence, ...]

    @property
    def words(self) -> int:
        return sum(len(s.text.split()) for s in self.sentences)


@dataclass(frozen=True, slots=True)
class Story:
    """Articles about one event, as grouped by `chorus.cluster`; `id` never changes as it grows.

    `articles` lists every member id in arrival order, copies included; `duplicates` pairs each
    original that has near-duplicate copies with their ids, so a copy is never counted as
    independent support.

    >>> Story(id="s-1", title="Dam bursts", articles=("a", "b"), duplicates=(("a", ("b",)),)).originals
    ('a',)
    """

    id: str
    title: str
    articles: tuple[str, ...]
    duplicates: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def originals(self) -> tuple[str, ...]:
        """The member ids that are not copies of another member."""
        copies = {c for _, group in self.duplicates for c in group}
        return tuple(a for a in self.articles if a not in copies)


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with one input. `skipped` inputs gave no article; others were read anyway."""

    source: str
    message: str
    line: int | None = None
    skipped: bool = True

    def __str__(self) -> str:
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class SummarySentence:
    """One summary sentence, the sentence it comes from, and the other articles that state it."""

    text: str
    article: str
    sentence: int
    supported_by: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Fact:
    kind: str
    text: str
    articles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Claim:
    text: str
    article: str


@dataclass(frozen=True, slots=True)
class Conflict:
    about: str
    claims: tuple[Claim, ...]
    values: tuple[str, ...] = ()    # the values the claims give, best supported first ("11", "14")


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    date: str
    text: str
    articles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Briefing:
    """The account of one story: what every renderer takes.

    Every article id that a summary sentence, fact, conflict or timeline entry names is the id
    of one of `documents`.
    """

    title: str
    documents: tuple[Document, ...]
    summary: tuple[SummarySentence, ...]
    facts: tuple[Fact, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()
    problems: tuple[Problem, ...] = field(default=(), compare=False)

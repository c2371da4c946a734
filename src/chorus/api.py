"""The Python API: what the CLI, the web app and the batch runner all call.

>>> import chorus
>>> b = chorus.brief("examples/harbor-bridge", words=120)      # doctest: +SKIP
>>> [s.supported_by for s in b.summary]                         # doctest: +SKIP
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import replace

from .brief import build_briefing
from .clean import clean
from .dedup import fold
from .errors import NoArticles
from .ingest import Loaded, UniqueIds
from .ingest import load as _load_sources
from .model import Article, Briefing, Document, Problem
from .options import Options
from .segment import segment

Source = str | os.PathLike[str] | Article


def load(sources: Source | Iterable[Source], options: Options | None = None) -> Loaded:
    """Read paths (files or directories) and take Article objects as they are."""
    options = options or Options()
    items = [sources] if isinstance(sources, (str, os.PathLike, Article)) else list(sources)
    paths = [s for s in items if not isinstance(s, Article)]
    given = [s for s in items if isinstance(s, Article)]
    loaded = _load_sources(paths, options) if paths else Loaded(articles=(), problems=())
    return Loaded(articles=_unique_ids(given + list(loaded.articles)), problems=loaded.problems)


def prepare(articles: Iterable[Article]) -> tuple[tuple[Document, ...], tuple[Problem, ...]]:
    """Clean and segment articles, dropping those that no article text is left of."""
    docs: list[Document] = []
    problems: list[Problem] = []
    for article in articles:
        got = document_of(clean(article))
        if isinstance(got, Document):
            docs.append(got)
        else:
            problems.append(got)
    return tuple(docs), tuple(problems)


def document_of(cleaned: Article) -> Document | Problem:
    """A cleaned article split into sentences, or the Problem of one with no text left."""
    doc = segment(cleaned)
    return doc if doc.sentences else Problem(cleaned.source, "no article text left after removing web boilerplate")


def fold_copies(articles: Iterable[Article]) -> tuple[tuple[Article, ...], tuple[Problem, ...]]:
    """Keep one article of each group of (near-)copies, naming the rest as counted once.

    A wire story that three outlets ran with small edits is one account, not three: counting
    the copies would make every sentence of it look independently confirmed.
    """
    items = list(articles)
    originals, copies = fold(items)
    by_id = {a.id: a for a in items}
    notes = tuple(
        Problem(by_id[c].source, f"copy of {by_id[o].source} (same or near-same text); counted once")
        for o, cs in copies.items() for c in cs
    )
    return originals, notes


def brief(sources: Source | Iterable[Source], words: int | None = None, *, options: Options | None = None) -> Briefing:
    """A sourced briefing of the story that `sources` (paths or Articles) are all about.

    Problems with single inputs are collected in `Briefing.problems`; if nothing usable is
    left, `NoArticles` is raised with every problem in its message.
    """
    options = options or Options()
    if words is not None:
        options = replace(options, words=words)
    loaded = load(sources, options)
    originals, copies = fold_copies(loaded.articles)
    documents, dropped = prepare(originals)
    problems = loaded.problems + copies + dropped
    if not documents:
        detail = "".join(f"\n  {p}" for p in problems)
        raise NoArticles(f"no usable article in the input{detail}")
    return build_briefing(documents, options, problems)


def _unique_ids(articles: list[Article]) -> tuple[Article, ...]:
    """Articles with ids made unique by suffixing, so every citation points at one article."""
    ids = UniqueIds()
    return tuple(a if (new := ids.claim(a.id)) == a.id else replace(a, id=new) for a in articles)

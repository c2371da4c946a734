"""The Python API: what the CLI, the web app and the batch runner all call.

>>> import chorus
>>> b = chorus.brief("examples/harbor-bridge", words=120)      # doctest: +SKIP
>>> [s.supported_by for s in b.summary]                         # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import replace

from .brief import build_briefing
from .clean import clean
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
    """Clean and segment articles; drop those left empty and exact copies of an earlier one."""
    docs: list[Document] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for article in articles:
        doc = segment(clean(article))
        if not doc.sentences:
            problems.append(Problem(article.source, "no article text left after removing web boilerplate"))
            continue
        key = hashlib.sha1(" ".join(s.text for s in doc.sentences).casefold().encode()).hexdigest()
        if key in seen:
            problems.append(Problem(article.source, f"same text as {seen[key]}; counted once"))
            continue
        seen[key] = article.source
        docs.append(doc)
    return tuple(docs), tuple(problems)


def brief(sources: Source | Iterable[Source], words: int | None = None, *, options: Options | None = None) -> Briefing:
    """A sourced briefing of the story that `sources` (paths or Articles) are all about.

    Problems with single inputs are collected in `Briefing.problems`; if nothing usable is
    left, `NoArticles` is raised with every problem in its message.
    """
    options = options or Options()
    if words is not None:
        options = replace(options, words=words)
    loaded = load(sources, options)
    documents, dropped = prepare(loaded.articles)
    problems = loaded.problems + dropped
    if not documents:
        detail = "".join(f"\n  {p}" for p in problems)
        raise NoArticles(f"no usable article in the input{detail}")
    return build_briefing(documents, options, problems)


def _unique_ids(articles: list[Article]) -> tuple[Article, ...]:
    """Articles with ids made unique by suffixing, so every citation points at one article."""
    ids = UniqueIds()
    return tuple(a if (new := ids.claim(a.id)) == a.id else replace(a, id=new) for a in articles)

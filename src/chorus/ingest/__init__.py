"""Ingest: turn files and directories into Articles, and every input that is off into a Problem.

One bad file never stops the others: `load` reads what it can and says, per input, what it could
not read and why. `iter_articles` is the streaming form for large inputs (a 100,000-line JSONL, a
crawl): it yields each Article or Problem as it is read and keeps nothing. Sources may also be
http(s) URLs of pages or feeds (see `web.py`).

>>> loaded = load(["coverage/", "extra/wire.jsonl"])                # doctest: +SKIP
>>> [a.id for a in loaded.articles]                                 # doctest: +SKIP
['ap-report', 'wire-1', 'wire-2']
>>> [str(p) for p in loaded.problems]                               # doctest: +SKIP
['extra/wire.jsonl:3: missing "text" field']
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import InputError
from ..model import Article, Problem
from ..options import Options
from .files import os_reason
from .html import read_html
from .jsonl import UniqueIds, article_from_record, read_json, read_jsonl
from .rss import read_feed
from .text import read_txt
from .warc import read_warc
from .web import is_url, read_url

__all__ = ["Loaded", "UniqueIds", "article_from_record", "iter_articles", "iter_sources", "load", "reader_for"]

Reader = Callable[[Path, str, Options], Iterator[Article | Problem]]

READERS: dict[str, Reader] = {
    ".txt": read_txt,
    ".html": read_html,
    ".htm": read_html,
    ".json": read_json,
    ".jsonl": read_jsonl,
    ".rss": read_feed,
    ".atom": read_feed,
    ".xml": read_feed,  # only when it is a feed; other XML is refused by the reader, named
    ".warc": read_warc,
    ".warc.gz": read_warc,
}
_KNOWN = ", ".join(READERS)


@dataclass(frozen=True, slots=True)
class Loaded:
    """What a load gave: the articles read, and a Problem for each input (or part) that was off."""

    articles: tuple[Article, ...]
    problems: tuple[Problem, ...]


def load(sources: Iterable[str | os.PathLike[str]], options: Options = Options()) -> Loaded:
    """Read every article in `sources` (files, or directories walked recursively in name order).

    Never raises for bad input: unreadable, unsupported, empty, binary or malformed inputs each
    become a Problem naming the file (and line), and the rest are read. Article ids are unique
    across the whole load ("a", "a-2", "a-3"…).
    """
    articles: list[Article] = []
    problems: list[Problem] = []
    ids = UniqueIds()
    for item in iter_articles(sources, options):
        if isinstance(item, Problem):
            problems.append(item)
        else:
            articles.append(replace(item, id=ids.claim(item.id)))
    return Loaded(tuple(articles), tuple(problems))


def iter_articles(sources: Iterable[str | os.PathLike[str]], options: Options = Options()) -> Iterator[Article | Problem]:
    """Stream what `load` reads, in the same order, holding nothing: Articles and Problems.

    Unlike `load`, ids are left as the inputs give them (the store keeps the first article with
    an id and reports the others).
    """
    for _source, items in iter_sources(sources, options):
        yield from items


def iter_sources(
    sources: Iterable[str | os.PathLike[str]], options: Options = Options()
) -> Iterator[tuple[str, Iterator[Article | Problem]]]:
    """Yield (file or URL, its items) per input, so a caller can act at the end of each file.

    Each item iterator must be consumed before the next pair is asked for. Directories are
    expanded; a path that cannot be used comes as a pair holding only its Problem.
    """
    if isinstance(sources, (str, os.PathLike)):
        sources = [sources]  # a lone path is one source, not a sequence of characters
    seen: set[str] = set()
    for entry in _inputs(sources):
        if isinstance(entry, Problem):
            yield entry.source, iter((entry,))
            continue
        if isinstance(entry, str):  # a URL
            if entry not in seen:
                seen.add(entry)
                yield entry, _guarded(entry, entry, read_url, options)
            continue
        path = entry
        source = str(path)
        reader = reader_for(path)
        if reader is None:
            yield source, iter((Problem(source, _unsupported(path.suffix)),))
            continue
        real = os.path.realpath(path)
        if real in seen:  # the same file named twice, or inside a directory also given
            continue
        seen.add(real)
        yield source, _guarded(path, source, reader, options)


def _guarded(path: Path | str, source: str, reader: Callable[..., Iterator[Article | Problem]],
             options: Options) -> Iterator[Article | Problem]:
    """Run one reader; its InputError or OSError becomes a Problem and ends that input only."""
    try:
        if isinstance(path, Path) and not stat.S_ISREG(os.stat(path).st_mode):
            raise InputError(source, "not a regular file")
        yield from reader(path, source, options)
    except InputError as exc:
        yield Problem(exc.source, exc.message, exc.line)
    except OSError as exc:
        yield Problem(source, os_reason(exc))


def _inputs(sources: Iterable[str | os.PathLike[str]]) -> Iterator[Path | str | Problem]:
    """Every file the sources name (directories expanded) and every URL, in order; or a Problem."""
    for name in sources:
        if isinstance(name, str) and is_url(name):
            yield name
            continue
        problems: list[Problem] = []
        for item in _files([name], problems):
            yield from _drain(problems)
            yield item
        yield from _drain(problems)


def _drain(problems: list[Problem]) -> Iterator[Problem]:
    while problems:
        yield problems.pop(0)


def reader_for(path: Path) -> Reader | None:
    """The reader for a file by its extension (".warc.gz" counts as one)."""
    return READERS.get(_suffix(path))


def _suffix(path: Path) -> str:
    name = path.name.lower()
    return ".warc.gz" if name.endswith(".warc.gz") else path.suffix.lower()


def _files(sources: Iterable[str | os.PathLike[str]], problems: list[Problem]) -> Iterator[Path]:
    """Every file the sources name, directories expanded; missing paths become Problems."""
    for name in sources:
        path = Path(name)
        try:
            is_dir = stat.S_ISDIR(path.stat().st_mode)
        except OSError as exc:
            problems.append(Problem(str(path), os_reason(exc)))
            continue
        if not is_dir:
            yield path
            continue
        found = list(_walk(path, problems, {os.path.realpath(path)}))
        if not any(reader_for(file) is not None for file in found):
            problems.append(Problem(str(path), f"no {_KNOWN} files in this directory"))
        yield from found


def _walk(directory: Path, problems: list[Problem], visited: set[str]) -> Iterator[Path]:
    """Files under `directory` in name order, skipping hidden entries and symlink loops."""
    try:
        entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
    except OSError as exc:
        problems.append(Problem(str(directory), os_reason(exc)))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()
        except OSError as exc:
            problems.append(Problem(str(path), os_reason(exc)))
            continue
        if not is_dir:
            yield path
            continue
        real = os.path.realpath(path)
        if real not in visited:
            yield from _walk(path, problems, visited | {real})


def _unsupported(suffix: str) -> str:
    """Message for a file chorus has no reader for, listing the ones it has."""
    kind = f"'{suffix}'" if suffix else "(no extension)"
    return f"unsupported file type {kind}; chorus reads {_KNOWN}"

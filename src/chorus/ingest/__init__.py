"""Ingest: turn files and directories into Articles, and every input that is off into a Problem.

One bad file never stops the others: `load` reads what it can and says, per input, what it could
not read and why.

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
from .text import read_txt

__all__ = ["Loaded", "UniqueIds", "article_from_record", "load"]

Reader = Callable[[Path, str, Options], Iterator[Article | Problem]]

READERS: dict[str, Reader] = {
    ".txt": read_txt,
    ".html": read_html,
    ".htm": read_html,
    ".json": read_json,
    ".jsonl": read_jsonl,
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
    if isinstance(sources, (str, os.PathLike)):
        sources = [sources]  # a lone path is one source, not a sequence of characters
    articles: list[Article] = []
    problems: list[Problem] = []
    ids = UniqueIds()
    seen: set[str] = set()
    for path in _files(sources, problems):
        source = str(path)
        reader = READERS.get(path.suffix.lower())
        if reader is None:
            problems.append(Problem(source, _unsupported(path.suffix)))
            continue
        real = os.path.realpath(path)
        if real in seen:  # the same file named twice, or inside a directory also given
            continue
        seen.add(real)
        try:
            if not stat.S_ISREG(os.stat(path).st_mode):
                raise InputError(source, "not a regular file")
            for item in reader(path, source, options):
                if isinstance(item, Problem):
                    problems.append(item)
                else:
                    articles.append(replace(item, id=ids.claim(item.id)))
        except InputError as exc:
            problems.append(Problem(exc.source, exc.message, exc.line))
        except OSError as exc:
            problems.append(Problem(source, os_reason(exc)))
    return Loaded(tuple(articles), tuple(problems))


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
        if not any(file.suffix.lower() in READERS for file in found):
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

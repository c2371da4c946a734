"""Splitting the input into parts that workers read on their own, and reading one part.

A part is a byte range of a JSONL feed (cut at line starts) or a run of whole files or URLs in
input order. Workers read parts with chorus's own readers, so a part gives exactly the Articles
and Problems that `chorus.ingest.iter_articles` gives for those lines or files, in the same
order; the client puts the parts back in order.

Planning runs in the client and touches only file names, sizes and a few bytes around each cut;
counting the lines before each cut (a JSONL article's source and default id carry its line
number) is a task of its own, so no single machine reads the whole corpus.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from ..api import document_of
from ..clean import clean
from ..errors import InputError
from ..ingest import iter_articles, iter_sources, reader_for
from ..ingest.files import os_reason
from ..ingest.jsonl import read_jsonl
from ..ingest.web import is_url
from ..model import Article, Document, Problem
from ..options import Options
from ..segment import segment
from ..stories import Analysed, analyse

__all__ = ["PARTITION_BYTES", "Part", "Read", "count_lines", "number_lines", "plan", "read_part"]

# Bytes of input per task: about 800 articles of 2.5 kB, a second or two of work, so a task is
# long next to Dask's ~1 ms per task and short enough for an even spread and a moving progress bar.
PARTITION_BYTES = 2_000_000
# A run of single-article files (HTML pages, text files) is cut at this many files as well.
FILES_PER_PART = 200
_SCAN = 1 << 16


@dataclass(frozen=True, slots=True)
class Part:
    """One task's share of the input.

    `kind` "jsonl": lines starting in bytes [start, end) of one feed, the first of them line
    `first_line`. `kind` "files": whole files or URLs (`sources`), read as `chorus ingest` does.
    """

    kind: str
    sources: tuple[str, ...]
    start: int = 0
    end: int = 0
    first_line: int = 1


@dataclass(frozen=True, slots=True)
class Read:
    """What the client needs of one article: its fields without the text, and its analysis.

    `dropped` (with documents only) is the Problem `chorus.api.prepare` gives when it leaves the
    article out of briefings (nothing left after cleaning), else None.
    """

    article: Article
    analysed: Analysed | None = None
    dropped: Problem | None = None


# -- planning (client) ---------------------------------------------------------------------------

def plan(sources: Iterable[str | os.PathLike[str]], options: Options = Options(),
         partition_bytes: int = PARTITION_BYTES) -> list[Part | Problem]:
    """The parts of `sources`, in input order, with the Problems found while listing them.

    Inputs are listed by `chorus.ingest.iter_sources` (directories expanded, a file named twice
    read once); a source that gives only a Problem (missing, unsupported, not a regular file)
    has it here, in its place. JSONL parts still have `first_line` 0: see `number_lines`.
    """
    out: list[Part | Problem] = []
    run: list[str] = []
    run_bytes = 0

    def flush() -> None:
        nonlocal run, run_bytes
        if run:
            out.append(Part("files", tuple(run)))
        run, run_bytes = [], 0

    for source, items in iter_sources(sources, options):
        size = _remote_size(source)
        if size is None:  # nothing to read remotely: its items are its Problems, cheap to list here
            flush()
            out.extend(item for item in items if isinstance(item, Problem))
            continue
        if source.lower().endswith(".jsonl") and not is_url(source):
            flush()
            out.extend(Part("jsonl", (source,), start, end, 0) for start, end in _cuts(source, size, partition_bytes))
            continue
        run.append(source)
        run_bytes += size
        if run_bytes >= partition_bytes or len(run) >= FILES_PER_PART:
            flush()
    flush()
    return out


def _remote_size(source: str) -> int | None:
    """Bytes a worker will read for this source (0 for a URL), or None when it is not worth a task."""
    if is_url(source):
        return 0
    try:
        st = os.stat(source)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode):
        return None
    return st.st_size if reader_for(Path(source)) is not None else None


def _cuts(path: str, size: int, partition_bytes: int) -> list[tuple[int, int]]:
    """Byte ranges of about `partition_bytes`, each starting at the start of a line."""
    bounds = [0]
    with open(path, "rb") as f:
        for nominal in range(partition_bytes, size, partition_bytes):
            if nominal <= bounds[-1]:
                continue
            at = _line_start(f, nominal, size)
            if at < size and at > bounds[-1]:
                bounds.append(at)
    bounds.append(size)
    return [(a, b) for a, b in zip(bounds, bounds[1:])] or [(0, 0)]


def _line_start(f: object, offset: int, size: int) -> int:
    """The first line start at or after `offset` (the byte after the first newline at offset-1 or later)."""
    f.seek(offset - 1)  # type: ignore[attr-defined]
    pos = offset - 1
    while pos < size:
        block = f.read(_SCAN)  # type: ignore[attr-defined]
        if not block:
            break
        found = block.find(b"\n")
        if found >= 0:
            return pos + found + 1
        pos += len(block)
    return size


def count_lines(path: str, start: int, end: int) -> int:
    """Newlines in bytes [start, end) of a file (worker task: numbering the lines of later parts)."""
    n = 0
    with open(path, "rb") as f:
        f.seek(start)
        left = end - start
        while left > 0:
            block = f.read(min(left, 1 << 20))
            if not block:
                break
            n += block.count(b"\n")
            left -= len(block)
    return n


def number_lines(parts: list[Part | Problem], counts: Iterable[int]) -> list[Part | Problem]:
    """Set `first_line` of each JSONL part from the newline counts of its file's parts (in order)."""
    counted = iter(counts)
    out: list[Part | Problem] = []
    line, current = 1, None
    for part in parts:
        if isinstance(part, Part) and part.kind == "jsonl":
            if part.sources[0] != current or part.start == 0:
                current, line = part.sources[0], 1
            out.append(replace(part, first_line=line))
            line += next(counted)
        else:
            out.append(part)
    return out


# -- reading (worker) ----------------------------------------------------------------------------

def read_part(part: Part, options: Options, what: str) -> tuple[list[Read | Problem | Document | Article], tuple | None]:
    """Read one part; return its items in input order and, for `what="group+docs"`, its Documents.

    `what`:
    - "group": a `Read` (fields and analysis) per article, for dedup and story grouping;
    - "group+docs": the same plus each article's cleaned and segmented Document (None when
      cleaning left nothing), returned apart so that it can stay on the worker for briefing;
    - "documents": for storing, a Document per article: the article as read (its text is what
      the store keeps and hashes) with its cleaned sentences ("articles": the Article alone).
    Problems come in their place among the items.
    """
    items: list[Read | Problem | Document | Article] = []
    docs: list[Document | None] | None = [] if what == "group+docs" else None
    for item in _items(part, options):
        if isinstance(item, Problem):
            items.append(item)
        elif what == "documents":
            items.append(Document(item, segment(clean(item)).sentences))
        elif what == "articles":
            items.append(item)
        else:
            cleaned = clean(item)
            read = Read(replace(item, text=""), analyse(item, cleaned))
            if docs is not None:
                # What `chorus digest` does to its articles before briefing (`api.prepare`).
                got = document_of(cleaned)
                read = replace(read, dropped=got if isinstance(got, Problem) else None)
                docs.append(got if isinstance(got, Document) else None)
            items.append(read)
    return items, None if docs is None else tuple(docs)


def _items(part: Part, options: Options) -> Iterator[Article | Problem]:
    if part.kind == "files":
        yield from iter_articles(list(part.sources), options)
        return
    source = part.sources[0]
    try:
        if part.start == 0:
            # The whole-file checks (UTF-16, binary) are read_jsonl's own: let it look at the head.
            head = read_jsonl(Path(source), source, options)
            try:
                next(head, None)
            finally:
                head.close()
        yield from _jsonl_range(Path(source), source, part.start, part.end, part.first_line, options)
    except InputError as exc:
        yield Problem(exc.source, exc.message, exc.line)
    except OSError as exc:
        yield Problem(source, os_reason(exc))


def _jsonl_range(path: Path, source: str, start: int, end: int, first_line: int,
                 options: Options) -> Iterator[Article | Problem]:
    """`read_jsonl` for the lines that start in bytes [start, end), numbered from `first_line`.

    Line by line as `chorus.ingest.jsonl.read_jsonl` reads them (the same per-line function,
    limits and messages); the file-level checks are done on the part at offset 0.
    """
    from ..ingest.jsonl import read_line, read_lines

    with open(path, "rb") as file:
        file.seek(start)
        pos = start
        for lineno, raw, size in read_lines(file, options.max_file_bytes, first_line):
            if pos >= end:
                break
            pos += size
            if raw is not None and not raw.strip():
                continue
            yield from read_line(raw, size, source, lineno, path.stem, options)

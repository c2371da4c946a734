"""Articles as JSON records: a .json file (one object, or an array of them) or a .jsonl feed.

Fields: `text` (required), `title`, `id`, `url`, `outlet`, `author`, `published` (ISO 8601).
A .jsonl feed is streamed line by line, so its size is bounded per line, not per file, and a bad
line is reported with its number while the other lines are read.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from ..errors import ExtractionError, MalformedRecord, UnsupportedFormat
from ..model import Article, Problem
from ..options import Options
from .files import (
    SNIFF_BYTES,
    cut_text,
    decode,
    is_binary,
    lenient_utf8,
    normalize_field,
    normalize_text,
    over_limit,
    read_bytes,
    replaced_warning,
)

# Field names other tools use for the article body; named in the message when "text" is missing.
_OTHER_TEXT_FIELDS = ("body", "content", "article", "maintext", "document", "story")
_OPTIONAL_STRINGS = ("url", "outlet", "author")


class UniqueIds:
    """Hands out article ids, suffixing "-2", "-3"… so that a citation never names two articles.

    >>> ids = UniqueIds()
    >>> [ids.claim(x) for x in ("a", "b", "a", "a")]
    ['a', 'b', 'a-2', 'a-3']
    """

    def __init__(self) -> None:
        self._taken: set[str] = set()
        self._next_suffix: dict[str, int] = {}

    def claim(self, wanted: str) -> str:
        """Return `wanted` if it is free, else the first free `wanted-N`, and mark it taken."""
        unique = wanted
        if unique in self._taken:
            n = self._next_suffix.get(wanted, 2)
            while f"{wanted}-{n}" in self._taken:
                n += 1
            self._next_suffix[wanted] = n + 1
            unique = f"{wanted}-{n}"
        self._taken.add(unique)
        return unique


def article_from_record(
    record: Mapping[str, Any],
    source: str,
    line: int | None = None,
    options: Options = Options(),
    *,
    default_id: str | None = None,
    problems: list[Problem] | None = None,
) -> Article:
    """Build an Article from one JSON record, for every reader of JSON-shaped articles.

    `source` is the file or URL and `line` the record's line in it (the Article's source becomes
    "source:line"). The id is the record's own `id`, else `default_id`, else the source's stem
    (with "-line"). Raises MalformedRecord when the record has no usable `text`; fields that are
    present but unusable are dropped with a warning appended to `problems` (when given), as is a
    note that the text was cut.

    >>> article_from_record({"text": "The probe landed.", "id": 7}, "feed.jsonl", 3).id
    '7'
    """
    warnings: list[Problem] = [] if problems is None else problems

    def warn(message: str) -> None:
        warnings.append(Problem(source, message, line=line, skipped=False))

    text = _required_text(record, source, line)
    text, cut = cut_text(text, source, options, line)
    if cut:
        warnings.append(cut)
    strings = {name: _optional_string(record, name, warn) for name in ("title", *_OPTIONAL_STRINGS)}
    return Article(
        id=_record_id(record, warn) or default_id or _default_id(source, line),
        title=strings["title"] or "",
        outlet=strings["outlet"],
        source=source if line is None else f"{source}:{line}",
        published=_published(record.get("published"), warn),
        text=text,
        author=strings["author"],
        url=strings["url"],
    )


def read_json(path: Path, source: str, options: Options) -> Iterator[Article | Problem]:
    """Read a .json file: one article object, or an array of them (each item read on its own).

    Array items are named "file.json[0]", "file.json[1]"… in messages and as sources.
    """
    text, warning = decode(read_bytes(path, source, options), source)
    if warning:
        yield Problem(source, warning, skipped=False)
    value = _parse(text, source, None)
    if isinstance(value, dict):
        yield from _read_item(value, source, path.stem, options)
    elif isinstance(value, list):
        if not value:
            raise ExtractionError(source, "empty JSON array, no articles")
        for index, item in enumerate(value):
            yield from _read_item(item, f"{source}[{index}]", f"{path.stem}-{index + 1}", options)
    else:
        raise MalformedRecord(source, f"expected a JSON object or an array of objects, got {_kind(value)}")


def read_jsonl(path: Path, source: str, options: Options) -> Iterator[Article | Problem]:
    """Stream a .jsonl feed: one article per line; blank lines are ignored."""
    with open(path, "rb") as file:
        head = file.read(SNIFF_BYTES)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raise UnsupportedFormat(source, "UTF-16 text; JSONL must be UTF-8")
        if is_binary(head):
            raise UnsupportedFormat(source, "binary file, not text")
        file.seek(0)
        empty = True
        for lineno, raw, size in read_lines(file, options.max_file_bytes):
            if raw is not None and not raw.strip():
                continue
            empty = False
            yield from read_line(raw, size, source, lineno, path.stem, options)
    if empty:
        raise ExtractionError(source, "empty file")


def read_line(raw: bytes | None, size: int, source: str, lineno: int, stem: str,
              options: Options) -> Iterator[Article | Problem]:
    """One non-blank JSONL line as its article (and warnings), or the Problem that skips it.

    `raw` is None for a line over the size limit. Shared by `read_jsonl` and the batch
    runner's byte-range reader, so a line reads the same wherever it is read.
    """
    warnings: list[Problem] = []
    try:
        if raw is None:
            raise MalformedRecord(source, over_limit("line", size, options.max_file_bytes), line=lineno)
        article = _article_from_line(raw, source, lineno, stem, options, warnings)
    except MalformedRecord as exc:
        yield from warnings
        yield Problem(source, exc.message, line=lineno)
        return
    yield from warnings
    yield article


def read_lines(file: IO[bytes], limit: int, first_line: int = 1) -> Iterator[tuple[int, bytes | None, int]]:
    """Yield (line number, bytes, size) per line from the file's position, numbered from
    `first_line`; bytes is None for a line over `limit`.

    An over-long line is skipped in chunks, never held in memory whole. A byte-order mark is
    dropped from line 1.
    """
    lineno = first_line - 1
    while chunk := file.readline(limit + 1):
        lineno += 1
        if chunk.endswith(b"\n") or len(chunk) <= limit:
            yield lineno, chunk.removeprefix(codecs.BOM_UTF8) if lineno == 1 else chunk, len(chunk)
            continue
        size = len(chunk)
        while not chunk.endswith(b"\n"):
            chunk = file.readline(1 << 20)
            if not chunk:
                break
            size += len(chunk)
        yield lineno, None, size


def _article_from_line(
    raw: bytes, source: str, lineno: int, stem: str, options: Options, warnings: list[Problem]
) -> Article:
    """Decode and parse one JSONL line into an Article; raises MalformedRecord for a bad line."""
    utf8 = lenient_utf8(raw)
    if utf8 is None:
        raise MalformedRecord(source, "line is not UTF-8 text", line=lineno)
    text, bad = utf8
    if bad:
        warnings.append(Problem(source, replaced_warning(bad), line=lineno, skipped=False))
    value = _parse(text, source, lineno)
    if not isinstance(value, dict):
        raise MalformedRecord(source, f"line is not a JSON object (got {_kind(value)})", line=lineno)
    return article_from_record(
        value, source, lineno, options, default_id=f"{stem}-{lineno}", problems=warnings
    )


def _read_item(item: object, source: str, default_id: str, options: Options) -> Iterator[Article | Problem]:
    """Read one JSON object (a whole .json file or an array item); a bad one becomes a Problem."""
    if not isinstance(item, dict):
        yield Problem(source, f"not a JSON object (got {_kind(item)})")
        return
    warnings: list[Problem] = []
    try:
        article = article_from_record(item, source, None, options, default_id=default_id, problems=warnings)
    except MalformedRecord as exc:
        yield from warnings
        yield Problem(source, exc.message)
        return
    yield from warnings
    yield article


def _parse(text: str, source: str, line: int | None) -> Any:
    """json.loads with messages that say where the JSON is broken (and what to do about it)."""
    what = "not valid JSON" if line is None else "line is not valid JSON"
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        hint = ""
        if line is None and exc.msg == "Extra data":
            hint = "; if it holds one article per line, name it .jsonl"
        where = exc.lineno if line is None else line
        raise MalformedRecord(source, f"{what} ({exc.msg} at column {exc.colno}){hint}", line=where) from None
    except RecursionError:
        raise MalformedRecord(source, f"{what} (nested too deeply)", line=line) from None
    except ValueError as exc:  # e.g. an integer longer than Python's 4300-digit limit
        raise MalformedRecord(source, f"{what} ({exc})", line=line) from None


def _required_text(record: Mapping[str, Any], source: str, line: int | None) -> str:
    """The record's normalized `text`; raises MalformedRecord when it is missing or unusable."""
    if "text" not in record:
        others = [name for name in _OTHER_TEXT_FIELDS if name in record]
        hint = f' (found "{others[0]}"; chorus reads the article from "text")' if others else ""
        raise MalformedRecord(source, f'missing "text" field{hint}', line=line)
    value = record["text"]
    if not isinstance(value, str):
        raise MalformedRecord(source, f'"text" must be a string, got {_kind(value)}', line=line)
    text = normalize_text(value)
    if not text:
        raise MalformedRecord(source, '"text" field is empty', line=line)
    return text


def _optional_string(record: Mapping[str, Any], name: str, warn: Callable[[str], None]) -> str | None:
    """A normalized optional string field; a non-string value is dropped with a warning."""
    value = record.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        warn(f'ignored "{name}": expected a string, got {_kind(value)}')
        return None
    return normalize_field(value) or None


def _record_id(record: Mapping[str, Any], warn: Callable[[str], None]) -> str | None:
    """The record's own id as a string; ints are accepted because many datasets number articles."""
    value = record.get("id")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        warn(f'ignored "id": expected a string or an integer, got {_kind(value)}')
        return None
    return normalize_field(str(value)) or None


def _published(value: object, warn: Callable[[str], None]) -> datetime | None:
    """Parse an ISO 8601 date or datetime; a bad one is dropped with a warning, not fatal.

    Times with an offset are kept so: `Article` turns them into naive UTC.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        if not isinstance(value, str):
            raise TypeError
        parsed = datetime.fromisoformat(value.strip())
    except (TypeError, ValueError):
        shown = value if isinstance(value, str) else _kind(value)
        warn(f'ignored "published": not an ISO 8601 date ({shown!s:.40})')
        return None
    return parsed


def _default_id(source: str, line: int | None) -> str:
    """An id for a record without one: the source's file name stem, plus the line number."""
    stem = Path(source).stem or source
    return stem if line is None else f"{stem}-{line}"


def _kind(value: object) -> str:
    """The JSON name of a value's type, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"

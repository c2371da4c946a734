"""Reading an evaluation dataset: JSON Lines of `{"id", "documents", "summary"}` clusters.

A bad line is reported as a `MalformedRecord` naming `file:line` and skipped; the rest is read.
Documents have no title line, so each becomes
`Article(id=f"{cluster}-d{i}", title="", outlet=None, source=f"{path}:{line}#{i}", ...)`.

The held-back split is fixed by the cluster id alone, so it never changes when the file is
reordered or grows: a cluster is in "tune" when the last hex digit of `sha1(id)` is below "c"
(12 of 16 values, about 75%), otherwise in "check". Tune on one part, confirm on the other.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass

from ..errors import ConfigError, InputError, MalformedRecord
from ..model import Article

SPLITS = ("all", "tune", "check")


@dataclass(frozen=True, slots=True)
class Cluster:
    """One line of the dataset: source documents about one event and the reference summary."""

    id: str
    documents: tuple[str, ...]
    summary: str
    source: str      # path of the dataset file
    line: int        # 1-based line number in it

    def articles(self) -> tuple[Article, ...]:
        """The documents as chorus Articles (no title, outlet or date: the dataset has none)."""
        return tuple(
            Article(id=f"{self.id}-d{i}", title="", outlet=None, source=f"{self.source}:{self.line}#{i}",
                    published=None, text=text)
            for i, text in enumerate(self.documents)
        )


def split_of(cluster_id: str) -> str:
    """"tune" or "check": the held-back part a cluster id belongs to (see the module docstring).

    >>> split_of("multinews-train-g2"), split_of("multinews-train-g1")
    ('tune', 'check')
    """
    return "tune" if hashlib.sha1(cluster_id.encode("utf-8")).hexdigest()[-1] < "c" else "check"


def parse_cluster(line_text: str, source: str, line: int) -> Cluster:
    """One JSONL line as a Cluster, or `MalformedRecord` saying what is wrong with it."""
    try:
        record = json.loads(line_text)
    except json.JSONDecodeError as e:
        raise MalformedRecord(source, f"not valid JSON ({e.msg}, column {e.colno})", line) from None
    if not isinstance(record, dict):
        raise MalformedRecord(source, f"expected a JSON object, got {type(record).__name__}", line)
    cid = record.get("id")
    if not isinstance(cid, str) or not cid.strip():
        raise MalformedRecord(source, 'missing or empty "id" string', line)
    docs = record.get("documents")
    if not isinstance(docs, list) or not all(isinstance(d, str) for d in docs):
        raise MalformedRecord(source, f'cluster {cid}: "documents" must be a list of strings', line)
    if not any(d.strip() for d in docs):
        raise MalformedRecord(source, f"cluster {cid}: no non-empty document", line)
    summary = record.get("summary")
    if not isinstance(summary, str) or not summary.strip():
        raise MalformedRecord(source, f'cluster {cid}: missing or empty "summary" string', line)
    return Cluster(id=cid, documents=tuple(docs), summary=summary, source=source, line=line)


def read_dataset(path: str | os.PathLike[str], *, split: str = "all",
                 limit: int | None = None) -> tuple[list[Cluster], list[MalformedRecord]]:
    """The clusters of `path` in file order (those of `split`, at most `limit`), and the bad lines.

    Every line is checked, so bad lines are reported even past `limit`; a repeated id is a bad
    line too (the first one counts). A file that cannot be read raises `InputError`.
    """
    if split not in SPLITS:
        raise ConfigError(f"split must be one of {', '.join(SPLITS)}, got {split!r}")
    if limit is not None and limit < 1:
        raise ConfigError(f"--limit must be at least 1, got {limit}")
    source = os.fspath(path)
    try:
        with open(source, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except FileNotFoundError:
        raise InputError(source, "no such file") from None
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(source, f"cannot read: {getattr(e, 'strerror', None) or e}") from None
    return _parse_lines(lines, source, split, limit)


def _parse_lines(lines: Iterable[str], source: str, split: str,
                 limit: int | None) -> tuple[list[Cluster], list[MalformedRecord]]:
    clusters: list[Cluster] = []
    problems: list[MalformedRecord] = []
    seen: dict[str, int] = {}
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            cluster = parse_cluster(text, source, number)
        except MalformedRecord as e:
            problems.append(e)
            continue
        if cluster.id in seen:
            problems.append(MalformedRecord(
                source, f"cluster {cluster.id}: id already used on line {seen[cluster.id]}; skipped", number))
            continue
        seen[cluster.id] = number
        if split != "all" and split_of(cluster.id) != split:
            continue
        if limit is None or len(clusters) < limit:
            clusters.append(cluster)
    return clusters, problems

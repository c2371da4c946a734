"""Reading the input in parts gives what `chorus.ingest` gives reading it whole (no cluster needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from chorus.batch.partition import Part, count_lines, number_lines, plan, read_part
from chorus.ingest import iter_articles
from chorus.model import Problem
from chorus.options import Options
from batch_corpus import write_inputs


def read_in_parts(sources: list[str], partition_bytes: int, options: Options = Options()) -> list:
    parts = plan(sources, options, partition_bytes)
    counts = [count_lines(p.sources[0], p.start, p.end) for p in parts if isinstance(p, Part) and p.kind == "jsonl"]
    items: list = []
    refused: set[str] = set()
    for part in number_lines(parts, counts):
        if isinstance(part, Problem):
            items.append(part)
            continue
        got, _ = read_part(part, options, "articles")
        if part.kind == "jsonl" and part.sources[0] in refused:
            continue
        if part.kind == "jsonl" and part.start == 0 and got and isinstance(got[0], Problem) and got[0].line is None:
            refused.add(part.sources[0])  # as the pipeline does: a file refused at its head is refused whole
        items.extend(got)
    return items


@pytest.mark.parametrize("partition_bytes", [1, 97, 700, 5_000, 10_000_000])
def test_parts_read_what_one_reader_reads(tmp_path: Path, partition_bytes: int) -> None:
    sources = write_inputs(tmp_path)
    assert read_in_parts(sources, partition_bytes) == list(iter_articles(sources))


def test_a_feed_is_cut_at_line_starts_and_numbered(tmp_path: Path) -> None:
    sources = write_inputs(tmp_path)
    parts = [p for p in plan(sources[:1], Options(), 700) if isinstance(p, Part)]
    assert len(parts) > 5
    data = Path(sources[0]).read_bytes()
    assert all(p.start == 0 or data[p.start - 1:p.start] == b"\n" for p in parts)
    assert [p.end for p in parts[:-1]] == [p.start for p in parts[1:]] and parts[-1].end == len(data)
    counts = [count_lines(p.sources[0], p.start, p.end) for p in parts]
    numbered = number_lines(parts, counts)
    assert [p.first_line for p in numbered] == [1 + data[:p.start].count(b"\n") for p in parts]


def test_an_over_long_line_is_named_and_the_next_one_read(tmp_path: Path) -> None:
    feed = tmp_path / "long.jsonl"
    feed.write_text('{"id": "a", "text": "' + "word " * 400 + '"}\n{"id": "b", "text": "Short and fine."}\n')
    options = Options(max_file_bytes=1000)
    expected = list(iter_articles([str(feed)], options))
    assert [type(x).__name__ for x in expected] == ["Problem", "Article"]
    assert read_in_parts([str(feed)], 300, options) == expected


def test_files_of_other_kinds_are_read_in_runs_in_order(tmp_path: Path) -> None:
    for n in range(5):
        (tmp_path / f"{n}.txt").write_text(f"Title {n}\n\nThe text of article {n} about the harbour.\n")
    parts = plan([str(tmp_path)], Options(), 60)
    assert all(isinstance(p, Part) and p.kind == "files" for p in parts) and len(parts) > 1
    assert read_in_parts([str(tmp_path)], 60) == list(iter_articles([str(tmp_path)]))

"""Reading evaluation datasets: clusters, bad lines named by file:line, the held-back split."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chorus.errors import ConfigError, InputError, MalformedRecord
from chorus.evaluate.dataset import read_dataset, split_of

TINY = Path(__file__).parents[1] / "data" / "eval-tiny.jsonl"


def test_tiny_dataset_reads_three_clusters_in_file_order() -> None:
    clusters, problems = read_dataset(TINY)
    assert [c.id for c in clusters] == ["tiny-ferry", "tiny-tram", "tiny-orchid"]
    assert problems == []
    assert [c.line for c in clusters] == [1, 2, 3]


def test_documents_become_untitled_articles_that_name_file_line_and_position() -> None:
    cluster = read_dataset(TINY)[0][1]
    articles = cluster.articles()
    assert [a.id for a in articles] == ["tiny-tram-d0", "tiny-tram-d1", "tiny-tram-d2"]
    assert articles[2].source == f"{TINY}:2#2"
    assert all(a.title == "" and a.outlet is None and a.published is None for a in articles)
    assert articles[0].text == cluster.documents[0]


def _write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "set.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


GOOD = {"id": "c1", "documents": ["Alpha beta."], "summary": "Alpha."}


def test_malformed_lines_are_reported_with_their_line_number_and_skipped(tmp_path: Path) -> None:
    path = _write(tmp_path, [
        json.dumps(GOOD),
        "{not json",
        json.dumps({"id": "c3", "documents": ["x"]}),
        "",
        json.dumps({"id": "c5", "documents": "x", "summary": "y"}),
        json.dumps({**GOOD, "id": "c6", "documents": ["", " "]}),
        json.dumps(["a list"]),
        json.dumps(GOOD),
        json.dumps({**GOOD, "id": "c9"}),
    ])
    clusters, problems = read_dataset(path)
    assert [c.id for c in clusters] == ["c1", "c9"]
    assert all(isinstance(p, MalformedRecord) for p in problems)
    assert [p.line for p in problems] == [2, 3, 5, 6, 7, 8]
    messages = [str(p) for p in problems]
    assert messages[0].startswith(f"{path}:2: not valid JSON")
    assert messages[1] == f'{path}:3: cluster c3: missing or empty "summary" string'
    assert "already used on line 1" in messages[5]


def test_limit_takes_the_first_clusters_but_every_line_is_still_checked(tmp_path: Path) -> None:
    path = _write(tmp_path, [json.dumps({**GOOD, "id": f"c{i}"}) for i in range(5)] + ["oops"])
    clusters, problems = read_dataset(path, limit=2)
    assert [c.id for c in clusters] == ["c0", "c1"]
    assert [p.line for p in problems] == [6]


def test_missing_file_is_an_input_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="nope.jsonl: no such file"):
        read_dataset(tmp_path / "nope.jsonl")


def test_bad_split_or_limit_is_a_config_error() -> None:
    with pytest.raises(ConfigError):
        read_dataset(TINY, split="train")
    with pytest.raises(ConfigError):
        read_dataset(TINY, limit=0)


def test_split_is_fixed_by_the_id_and_about_three_quarters_tune() -> None:
    ids = [f"cluster-{i}" for i in range(2000)]
    parts = [split_of(i) for i in ids]
    assert parts == [split_of(i) for i in ids]
    assert set(parts) == {"tune", "check"}
    assert 0.70 < parts.count("tune") / len(parts) < 0.80


def test_tune_and_check_partition_the_dataset(tmp_path: Path) -> None:
    path = _write(tmp_path, [json.dumps({**GOOD, "id": f"c{i}"}) for i in range(40)])
    every = [c.id for c in read_dataset(path)[0]]
    tune = [c.id for c in read_dataset(path, split="tune")[0]]
    check = [c.id for c in read_dataset(path, split="check")[0]]
    assert tune and check
    assert sorted(tune + check) == sorted(every)
    assert all(split_of(i) == "tune" for i in tune)

"""JSON and JSONL articles: fields, ids, and bad records named by line."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from chorus.errors import MalformedRecord
from chorus.ingest import UniqueIds, article_from_record, load
from chorus.model import Article, Problem
from chorus.options import Options


def write(directory: Path, name: str, content: str | bytes) -> Path:
    path = directory / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def jsonl(*records: object) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in records)


def messages(problems: tuple[Problem, ...]) -> list[tuple[int | None, str, bool]]:
    return [(p.line, p.message, p.skipped) for p in problems]


def test_json_object_with_every_field(tmp_path: Path) -> None:
    record = {
        "id": 42,
        "title": "Probe  lands",
        "text": "The probe landed on Sunday.\r\n\r\nIt sent photos.",
        "url": "https://orbit.example/probe",
        "outlet": "Daily Orbit",
        "author": "Ana Ruiz",
        "published": "2024-03-10T14:30:00+02:00",
    }
    path = write(tmp_path, "probe.json", json.dumps(record))
    loaded = load([path])
    assert loaded.problems == ()
    assert loaded.articles == (
        Article(
            id="42",
            title="Probe lands",
            outlet="Daily Orbit",
            source=str(path),
            published=datetime(2024, 3, 10, 12, 30),  # converted to UTC, naive
            text="The probe landed on Sunday.\n\nIt sent photos.",
            author="Ana Ruiz",
            url="https://orbit.example/probe",
        ),
    )


def test_json_without_title_or_id(tmp_path: Path) -> None:
    (article,) = load([write(tmp_path, "probe.json", '{"text": "The probe landed."}')]).articles
    assert (article.id, article.title, article.outlet, article.published) == ("probe", "", None, None)


def test_json_date_only(tmp_path: Path) -> None:
    path = write(tmp_path, "a.json", '{"text": "x", "published": "2024-03-10"}')
    assert load([path]).articles[0].published == datetime(2024, 3, 10)


def test_json_array_gives_several_articles_and_names_bad_items(tmp_path: Path) -> None:
    path = write(tmp_path, "feed.json", json.dumps([{"text": "One."}, {"title": "No text"}, "x", {"id": "c", "text": "Three."}]))
    loaded = load([path])
    assert [(a.id, a.source) for a in loaded.articles] == [("feed-1", f"{path}[0]"), ("c", f"{path}[3]")]
    assert [str(p) for p in loaded.problems] == [
        f'{path}[1]: missing "text" field',
        f"{path}[2]: not a JSON object (got a string)",
    ]


def test_invalid_json_file_names_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "a.json", '{\n  "text": "x"\n  "title": "y"\n}')
    problems = load([path]).problems
    assert messages(problems) == [(3, "not valid JSON (Expecting ',' delimiter at column 3)", True)]
    assert str(problems[0]).startswith(f"{path}:3: not valid JSON")


def test_jsonl_content_in_a_json_file_gets_a_hint(tmp_path: Path) -> None:
    path = write(tmp_path, "a.json", jsonl({"text": "x"}, {"text": "y"}))
    (problem,) = load([path]).problems
    assert (problem.line, problem.message) == (
        2,
        "not valid JSON (Extra data at column 1); if it holds one article per line, name it .jsonl",
    )


def test_json_scalar_is_refused(tmp_path: Path) -> None:
    (problem,) = load([write(tmp_path, "a.json", '"just a string"')]).problems
    assert problem.message == "expected a JSON object or an array of objects, got a string"


def test_empty_json_array(tmp_path: Path) -> None:
    (problem,) = load([write(tmp_path, "a.json", "[]")]).problems
    assert problem.message == "empty JSON array, no articles"


def test_jsonl_reads_each_line_with_ids_and_line_sources(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "wire.jsonl",
        jsonl({"id": "ap-1", "title": "Bridge reopens", "text": "It reopened.", "outlet": "AP"}, "", "   ", {"text": "Second."}),
    )
    loaded = load([path])
    assert loaded.problems == ()
    assert [(a.id, a.title, a.outlet, a.source) for a in loaded.articles] == [
        ("ap-1", "Bridge reopens", "AP", f"{path}:1"),
        ("wire-4", "", None, f"{path}:4"),
    ]


def test_bad_jsonl_lines_are_skipped_with_line_numbers(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "feed.jsonl",
        jsonl(
            {"text": "Good one."},
            '{"id": "abcdef" "text": "x"}',
            '["an", "array"]',
            {"title": "no text"},
            {"text": "   "},
            {"text": 12},
            {"body": "wrong field name"},
            {"text": "Good two."},
        ),
    )
    loaded = load([path])
    assert [a.text for a in loaded.articles] == ["Good one.", "Good two."]
    assert messages(loaded.problems) == [
        (2, "line is not valid JSON (Expecting ',' delimiter at column 17)", True),
        (3, "line is not a JSON object (got an array)", True),
        (4, 'missing "text" field', True),
        (5, '"text" field is empty', True),
        (6, '"text" must be a string, got a number', True),
        (7, 'missing "text" field (found "body"; chorus reads the article from "text")', True),
    ]
    assert str(loaded.problems[0]).startswith(f"{path}:2: line is not valid JSON")


def test_unparseable_date_is_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path, "a.jsonl", jsonl({"text": "x", "published": "March 3rd"}, {"text": "y", "published": 1710000000}))
    loaded = load([path])
    assert [a.published for a in loaded.articles] == [None, None]
    assert messages(loaded.problems) == [
        (1, 'ignored "published": not an ISO 8601 date (March 3rd)', False),
        (2, 'ignored "published": not an ISO 8601 date (a number)', False),
    ]


def test_wrongly_typed_optional_fields_are_dropped_with_warnings(tmp_path: Path) -> None:
    path = write(tmp_path, "a.jsonl", jsonl({"text": "x", "title": ["a"], "id": True, "outlet": 3}))
    loaded = load([path])
    assert (loaded.articles[0].id, loaded.articles[0].title, loaded.articles[0].outlet) == ("a-1", "", None)
    assert messages(loaded.problems) == [
        (1, 'ignored "title": expected a string, got an array', False),
        (1, 'ignored "outlet": expected a string, got a number', False),
        (1, 'ignored "id": expected a string or an integer, got a boolean', False),
    ]


def test_jsonl_limit_applies_per_line(tmp_path: Path) -> None:
    long_line = json.dumps({"text": "word " * 100})
    path = write(tmp_path, "feed.jsonl", jsonl({"text": "Short."}, long_line, {"text": "Also short."}) * 3)
    loaded = load([path], Options(max_file_bytes=200))
    assert len(loaded.articles) == 6  # the file is 1.6 kB, over the limit, yet its lines are read
    assert messages(loaded.problems) == [(n, "line is 513 bytes, over the 200 bytes limit", True) for n in (2, 5, 8)]


def test_jsonl_line_with_bad_bytes(tmp_path: Path) -> None:
    good = '{"text": "Café \udcff reopened — \udcfe today with everyone who had been waiting on the quay for months."}\n'
    undecodable = b'{"text": "caf\xe9"}\n'
    path = write(tmp_path, "a.jsonl", good.encode("utf-8", "surrogateescape") + undecodable)
    loaded = load([path])
    assert [a.text for a in loaded.articles] == ["Café \ufffd reopened — \ufffd today with everyone who had been waiting on the quay for months."]
    assert messages(loaded.problems) == [(1, "2 invalid UTF-8 bytes replaced", False), (2, "line is not UTF-8 text", True)]


def test_jsonl_with_bom_crlf_and_no_final_newline(tmp_path: Path) -> None:
    path = write(tmp_path, "a.jsonl", b'\xef\xbb\xbf{"text": "One."}\r\n{"text": "Two."}')
    assert [a.text for a in load([path]).articles] == ["One.", "Two."]


@pytest.mark.parametrize("content", ["", "\n\n  \n"])
def test_empty_jsonl(tmp_path: Path, content: str) -> None:
    assert messages(load([write(tmp_path, "a.jsonl", content)]).problems) == [(None, "empty file", True)]


def test_binary_jsonl(tmp_path: Path) -> None:
    (problem,) = load([write(tmp_path, "a.jsonl", b"\x1f\x8b\x08\x00\x00\x00\x00\x00")]).problems
    assert problem.message == "binary file, not text"


def test_deeply_nested_json_line(tmp_path: Path) -> None:
    path = write(tmp_path, "a.jsonl", "[" * 100_000 + "\n" + jsonl({"text": "ok"}))
    loaded = load([path])
    assert messages(loaded.problems)[0][:2] == (1, "line is not valid JSON (nested too deeply)")
    assert [a.text for a in loaded.articles] == ["ok"]


def test_article_from_record_for_other_callers() -> None:
    warnings: list[Problem] = []
    article = article_from_record(
        {"text": "A " * 600, "published": "2024-13-01"},
        "dataset.jsonl",
        7,
        Options(max_article_chars=1000),
        default_id="cluster-3-doc-0",
        problems=warnings,
    )
    assert (article.id, article.source, len(article.text) <= 1000) == ("cluster-3-doc-0", "dataset.jsonl:7", True)
    assert [str(w) for w in warnings] == [
        "dataset.jsonl:7: text cut to 1,000 characters",
        'dataset.jsonl:7: ignored "published": not an ISO 8601 date (2024-13-01)',
    ]


def test_article_from_record_default_id_and_errors() -> None:
    assert article_from_record({"text": "x"}, "feeds/wire.jsonl", 12).id == "wire-12"
    with pytest.raises(MalformedRecord, match=r'^feeds/wire.jsonl:12: missing "text" field$'):
        article_from_record({}, "feeds/wire.jsonl", 12)


def test_unique_ids() -> None:
    ids = UniqueIds()
    assert [ids.claim(i) for i in ("a", "a", "a-2", "b", "a")] == ["a", "a-2", "a-2-2", "b", "a-3"]

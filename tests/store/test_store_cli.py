"""`chorus ingest` as a user runs it: summary line, problems on stderr, exit codes, --db."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chorus import store
from chorus.cli import main
from store_corpus import write_corpus


def lines(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_ingest_stores_and_reports(tmp_path: Path, store_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    feed = write_corpus(tmp_path / "feed.jsonl", 30)
    assert main(["ingest", str(feed), "--db", store_url]) == 0
    out, err = capsys.readouterr()
    assert out == "30 articles read, 30 new, 0 already stored, 0 skipped\n"
    assert err == ""
    assert main(["ingest", str(feed), "--db", store_url]) == 0
    assert capsys.readouterr().out == "30 articles read, 0 new, 30 already stored, 0 skipped\n"
    with store.open(store_url) as db:
        assert db.count()["articles"] == 30


def test_bad_inputs_are_named_and_the_rest_stored(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = lines(tmp_path / "a.jsonl", [{"id": "a1", "text": "The dam failed on Sunday."},
                                        {"id": "a2", "body": "no text field"},
                                        {"id": "a3", "text": "Crews reached the valley."}])
    binary = tmp_path / "b.jsonl"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    later = lines(tmp_path / "c.jsonl", [{"id": "c1", "text": "The mayor spoke on Monday."}])
    db = tmp_path / "x.db"
    assert main(["ingest", str(good), str(binary), str(later), str(tmp_path / "missing.txt"), "--db", str(db)]) == 0
    out, err = capsys.readouterr()
    assert out == "3 articles read, 3 new, 0 already stored, 3 skipped\n"
    assert err.splitlines() == [
        f'chorus: skipped: {good}:2: missing "text" field (found "body"; chorus reads the article from "text")',
        f"chorus: skipped: {binary}: binary file, not text",
        f"chorus: skipped: {tmp_path / 'missing.txt'}: no such file or directory",
    ]
    with store.open(db) as s:
        assert [a.id for a in s.articles()] == ["a1", "a3", "c1"]


def test_conflicting_id_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "x.db")
    first = lines(tmp_path / "first.jsonl", [{"id": "n1", "text": "The bridge closed."}])
    second = lines(tmp_path / "second.jsonl", [{"id": "n1", "text": "The bridge reopened."}])
    assert main(["ingest", str(first), "--db", db]) == 0
    assert main(["ingest", str(second), "--db", db]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[-1] == "1 articles read, 0 new, 0 already stored, 1 skipped"
    assert f'{second}:1: id "n1" already stored with different text; kept the stored article' in err


def test_nothing_readable_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", str(tmp_path / "none.jsonl"), "--db", str(tmp_path / "x.db")]) == 1
    out, err = capsys.readouterr()
    assert "0 articles read" in out
    assert "chorus: error: no article found in the sources" in err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest"]) == 2
    assert main(["ingest", "x.jsonl", "--batch-size", "0"]) == 2


def test_database_errors_exit_1_naming_the_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    feed = write_corpus(tmp_path / "feed.jsonl", 2)
    junk = tmp_path / "junk.db"
    junk.write_text("not a database " * 100)
    assert main(["ingest", str(feed), "--db", str(junk)]) == 1
    assert f"chorus: error: {junk}: not a SQLite database" in capsys.readouterr().err


def test_default_database_is_chorus_db_in_the_current_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    feed = write_corpus(tmp_path / "feed.jsonl", 3)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CHORUS_DB", raising=False)
    assert main(["ingest", str(feed)]) == 0
    assert (tmp_path / "chorus.db").exists()
    monkeypatch.setenv("CHORUS_DB", str(tmp_path / "env.db"))
    assert main(["ingest", str(feed)]) == 0
    with store.open(tmp_path / "env.db", create=False) as db:
        assert db.count()["articles"] == 3


def test_small_batches_give_the_same_result(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    feed = write_corpus(tmp_path / "feed.jsonl", 25)
    db = tmp_path / "x.db"
    assert main(["ingest", str(feed), "--db", str(db), "--batch-size", "4"]) == 0
    with store.open(db) as s:
        assert [a.id for a in s.articles()] == [f"art-{i}" for i in range(25)]


def test_progress_bar_only_on_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    feed = write_corpus(tmp_path / "feed.jsonl", 40)
    assert main(["ingest", str(feed), "--db", str(tmp_path / "quiet.db")]) == 0
    assert capsys.readouterr().err == ""  # not a terminal: nothing but problems

    import click._termui_impl as termui
    monkeypatch.setattr("sys.stderr.isatty", lambda: True, raising=False)
    monkeypatch.setattr(termui, "isatty", lambda stream: True)
    monkeypatch.setattr("chorus.cli.sys.stderr.isatty", lambda: True, raising=False)
    assert main(["ingest", str(feed), "--db", str(tmp_path / "tty.db")]) == 0
    err = capsys.readouterr().err
    assert "ingest" in err and "40/40" in err and "40 new" in err and "articles/s" in err
    # a feed's size in articles is unknown before reading it: a bar without an end
    feed_file = tmp_path / "f.rss"
    feed_file.write_text('<rss version="2.0"><channel><title>T</title><item><guid>f1</guid>'
                         "<description>The port reopened on Monday.</description></item></channel></rss>")
    assert main(["ingest", str(feed), str(feed_file), "--db", str(tmp_path / "tty.db")]) == 0
    err = capsys.readouterr().err
    assert "41" in err and "1 new" in err and "40 already stored" in err

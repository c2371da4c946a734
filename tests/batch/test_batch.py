"""`chorus batch` on a real 2-worker local Dask cluster gives what one machine gives.

One cluster (2 worker processes) serves the tests through `--scheduler`, as a remote cluster
would; the files test starts its own with `--workers 2`, the path a user without a cluster takes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from chorus import batch, store
from chorus.cli import main
from chorus.errors import ConfigError
from chorus.options import Options
from batch_corpus import write_inputs
from store_checks import assert_consistent as assert_stored_whole

distributed = pytest.importorskip("distributed", reason="needs the batch extra: pip install 'chorus-news[batch]'")

PARTITION = 700  # bytes: the feed is read in a dozen parts, so order across parts is tested
# After every article of the largest story (Millbrook and Ostervale, 11 articles) and during the
# Quillon one: --since leaves that story out, and briefs Quillon with nothing new to lead with.
SINCE = "2031-04-16T09:30"


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    import logging

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                                  silence_logs=logging.ERROR) as cluster:
        yield cluster.scheduler_address


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[str, list[str]]:
    assert main(list(argv)) == 0
    captured = capsys.readouterr()
    return captured.out, sorted(captured.err.splitlines())


def digest_of_one_machine(*argv: str) -> tuple[str, list[str]]:
    """`chorus digest ...` in a fresh process, under a hash seed other than the one Dask gives its
    workers (6640, distributed's nanny): briefings must not depend on set order."""
    done = subprocess.run([sys.executable, "-m", "chorus.cli", "digest", *argv], capture_output=True, text=True,
                          env={**os.environ, "PYTHONHASHSEED": "1"}, check=True)
    return done.stdout, sorted(done.stderr.splitlines())


def test_files_in_files_out_equal_chorus_stories_and_digest(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sources = write_inputs(tmp_path)
    stories_out, stories_err = run_cli(capsys, "stories", *sources, "--format", "json")
    digest_out, digest_err = digest_of_one_machine(*sources, "--format", "json")
    expected = json.loads(stories_out)["stories"]

    problems: list[str] = []
    result = batch.run(sources, out=tmp_path / "out", workers=2, partition_bytes=PARTITION,
                       on_problem=lambda p: problems.append(str(p)))

    got = [json.loads(line) for line in (tmp_path / "out" / "stories.jsonl").read_text().splitlines()]
    assert got == expected                                           # same stories, ids, members, copies
    assert (tmp_path / "out" / "digest.json").read_text() == digest_out   # byte for byte
    assert sorted(f"chorus: {'skipped' if p.skipped else 'warning'}: {p}" for p in result.problems) == digest_err
    assert result.read == sum(len(s["articles"]) for s in expected)
    assert result.copies == sum(a["duplicate_of"] is not None for s in expected for a in s["articles"]) >= 5
    assert result.stories == len(expected) and result.briefed == len(json.loads(digest_out)["digest"])
    ids = [a["id"] for s in got for a in s["articles"]]
    assert "millbrook-0-2" in ids                                     # a second "millbrook-0", renamed as load does
    assert {"millbrook-0", "millbrook-wire", "reprint"} <= set(ids) and len(ids) == len(set(ids))
    assert len(result.worker_peak_mb) == 2 and result.client_peak_mb > 0


@pytest.mark.parametrize(("fmt", "since", "limit"), [
    ("markdown", SINCE, 2),          # the limit counts only stories with something new
    ("html", SINCE, None),
    ("json", SINCE, 2),
    ("html", "2099-01-01", None),    # nothing new: a digest of no story
])
def test_digest_format_and_since_equal_chorus_digest(tmp_path: Path, scheduler: str, fmt: str, since: str,
                                                     limit: int | None) -> None:
    from chorus.cli import _since

    sources = write_inputs(tmp_path)
    argv = ["--format", fmt, "--since", since, "--words", "60"] + (["--limit", str(limit)] if limit else [])
    expected, _ = digest_of_one_machine(*sources, *argv)

    result = batch.run(sources, out=tmp_path / "out", scheduler=scheduler, partition_bytes=PARTITION,
                       options=Options(words=60), since=_since(since), limit=limit, fmt=fmt)

    name = {"markdown": "digest.md", "html": "digest.html", "json": "digest.json"}[fmt]
    assert result.outputs == (str(tmp_path / "out" / "stories.jsonl"), str(tmp_path / "out" / name))
    assert (tmp_path / "out" / name).read_text() == expected                  # byte for byte
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(["stories.jsonl", name])
    stories = [json.loads(line) for line in (tmp_path / "out" / "stories.jsonl").read_text().splitlines()]
    # Quillon's, Brennick's (with the library note headlined as Brennick's) and Tavira's stories
    # have articles after SINCE.
    assert result.briefed == (min(limit or 3, 3) if since == SINCE else 0) < len(stories)


def test_database_in_and_out_equals_ingest_then_stories(tmp_path: Path, scheduler: str,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    sources = write_inputs(tmp_path)
    one, many = str(tmp_path / "one.db"), str(tmp_path / "many.db")
    ingested, _ = run_cli(capsys, "ingest", *sources, "--db", one, "--batch-size", "4")
    stories_one, _ = run_cli(capsys, "stories", "--db", one, "--format", "json")
    digest_one, _ = digest_of_one_machine("--db", one, "--format", "json", "--limit", "3", "--words", "60")

    out, _ = run_cli(capsys, "batch", *sources, "--db", many, "--out", str(tmp_path / "out"),
                     "--scheduler", scheduler, "--batch-size", "4", "--limit", "3", "--words", "60")
    counts = ingested.split(", ")[:3]  # "24 articles read", "22 new", "1 already stored"
    assert out.splitlines()[0].startswith(", ".join(counts) + ", ") and counts[2] == "1 already stored"
    stories_many, _ = run_cli(capsys, "stories", "--db", many, "--format", "json")
    assert stories_many == stories_one
    assert [json.loads(x) for x in (tmp_path / "out" / "stories.jsonl").read_text().splitlines()] == \
        json.loads(stories_one)["stories"]
    assert (tmp_path / "out" / "digest.json").read_text() == digest_one

    with store.open(one) as a, store.open(many) as b:
        for sql in ("SELECT id, seq, content_hash, title, source, published, duplicate_of FROM articles ORDER BY seq",
                    "SELECT article_id, idx, text, paragraph FROM sentences ORDER BY article_id, idx",
                    "SELECT article_id, story_id FROM story_articles ORDER BY article_id",
                    "SELECT id, title FROM stories ORDER BY id"):
            assert b._execute(sql).fetchall() == a._execute(sql).fetchall(), sql
        assert_consistent(b)


def assert_consistent(db: store.Store) -> None:
    """The checks `chorus ingest` passes after a kill and a rerun, and every article in a story."""
    assert_stored_whole(db)
    assert db._execute("SELECT COUNT(*) FROM articles a WHERE NOT EXISTS "
                       "(SELECT 1 FROM story_articles sa WHERE sa.article_id = a.id)").fetchone()[0] == 0


def test_database_digest_with_since_and_format_equals_chorus_digest_db(
        tmp_path: Path, scheduler: str, capsys: pytest.CaptureFixture[str]) -> None:
    sources = write_inputs(tmp_path)
    one, many = str(tmp_path / "one.db"), str(tmp_path / "many.db")
    run_cli(capsys, "ingest", *sources, "--db", one)
    argv = ["--format", "html", "--since", SINCE, "--limit", "3", "--words", "60"]
    expected, _ = digest_of_one_machine("--db", one, *argv)

    out, _ = run_cli(capsys, "batch", *sources, "--db", many, "--out", str(tmp_path / "out"),
                     "--scheduler", scheduler, *argv)
    assert out.splitlines()[-1] == f"wrote {tmp_path / 'out' / 'digest.html'}" and ", 3 briefed in " in out
    assert (tmp_path / "out" / "digest.html").read_text() == expected


def test_stored_articles_are_grouped_from_the_database(tmp_path: Path, scheduler: str,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    sources = write_inputs(tmp_path)
    one, many = str(tmp_path / "one.db"), str(tmp_path / "many.db")
    for db in (one, many):
        run_cli(capsys, "ingest", *sources, "--db", db)
    stories_one, _ = run_cli(capsys, "stories", "--db", one, "--format", "json")
    out, _ = run_cli(capsys, "batch", "--db", many, "--scheduler", scheduler, "--no-digest")
    with store.open(many) as db:
        assert out.startswith(f"{db.count()['articles']} stored articles, ")
    stories_many, _ = run_cli(capsys, "stories", "--db", many, "--format", "json")
    assert stories_many == stories_one


def test_without_the_extra_the_message_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    sources = write_inputs(tmp_path)
    with pytest.raises(ConfigError, match=r"chorus batch needs pip install 'chorus-news\[batch\]'"):
        batch.run(sources, out=tmp_path / "out")
    assert main(["batch", *sources, "--out", str(tmp_path / "out")]) == 1
    assert "chorus: error: chorus batch needs pip install 'chorus-news[batch]'" in capsys.readouterr().err


def test_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from chorus.batch import engine

    monkeypatch.setattr(engine, "CONNECT_TIMEOUT", "1s")
    assert main(["batch", str(tmp_path)]) == 2                       # nowhere to write
    assert main(["batch", "--out", str(tmp_path / "out")]) == 2       # nothing to read
    assert main(["batch", str(tmp_path), "--out", str(tmp_path / "o"), "--scheduler", "tcp://127.0.0.1:1"]) == 1
    assert "cannot reach the Dask scheduler" in capsys.readouterr().err
    # --since is read as chorus digest reads it, before any cluster is started.
    assert main(["batch", str(tmp_path), "--out", str(tmp_path / "o"), "--since", "14 March"]) == 2
    assert main(["digest", str(tmp_path), "--since", "14 March"]) == 2
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("Error:")]
    assert len(errors) == 2 and errors[0] == errors[1] and "'14 March' is not an ISO 8601 date" in errors[0]
    assert main(["batch", str(tmp_path), "--out", str(tmp_path / "o"), "--format", "pdf"]) == 2
    with pytest.raises(ConfigError, match="unknown format 'pdf'"):
        batch.run([str(tmp_path)], out=tmp_path / "o", fmt="pdf")

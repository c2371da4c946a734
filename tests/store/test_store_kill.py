"""Kill `chorus ingest` with SIGKILL mid-run, run it again: every article stored exactly once.

This is the promise the batch transactions make: a kill loses at most the batch being written,
never leaves an article without its sentences (or sentences without their article), and running
the same command again stores exactly what is missing.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from chorus import store
from chorus.errors import StoreError
from store_checks import assert_consistent
from store_corpus import write_corpus

ARTICLES = 3000
BATCH = 100


def stored(url: str) -> int:
    """Articles committed so far, as another process sees them (0 before the schema exists)."""
    try:
        with store.open(url, create=False, migrate=False) as db:
            return db.count()["articles"]
    except StoreError:
        return 0


def ingest_command(corpus: Path, db: str) -> list[str]:
    return [sys.executable, "-m", "chorus.cli", "ingest", str(corpus), "--db", db, "--batch-size", str(BATCH)]


@pytest.mark.slow
def test_kill_mid_run_then_rerun_stores_every_article_once(tmp_path: Path, store_url: str) -> None:
    corpus = write_corpus(tmp_path / "big.jsonl", ARTICLES)
    db = store_url
    proc = subprocess.Popen(ingest_command(corpus, db), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while stored(db) < 3 * BATCH:  # several batches committed, many still to come
            assert proc.poll() is None, f"ingest ended before it could be killed: {proc.communicate()}"
            assert time.monotonic() < deadline, "no batch committed within 60 s"
            time.sleep(0.02)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    at_kill = stored(db)
    print(f"killed with {at_kill} of {ARTICLES} articles committed")
    assert 3 * BATCH <= at_kill < ARTICLES
    assert at_kill % BATCH == 0  # only whole batches were committed

    rerun = subprocess.run(ingest_command(corpus, db), capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert rerun.stdout.strip() == (
        f"{ARTICLES:,} articles read, {ARTICLES - at_kill:,} new, {at_kill:,} already stored, 0 skipped"
    )

    with store.open(db) as conn:
        ids = assert_consistent(conn)  # whole articles, each once, with all their sentences
        assert ids == [f"art-{i}" for i in range(ARTICLES)]  # each once, in input order

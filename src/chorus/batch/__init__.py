"""Batch mode: the chorus pipeline on a Dask cluster, for a corpus too large for one machine.

    chorus batch feeds/ --out out/ --workers 2                       # a local cluster of 2 processes
    chorus batch feeds/ --db postgresql://… --scheduler tcp://head:8786   # an existing cluster

>>> from chorus import batch
>>> result = batch.run(["feeds/"], out="out", workers=2)          # doctest: +SKIP
>>> result.read, result.stories, result.outputs                    # doctest: +SKIP
(100000, 22538, ('out/stories.jsonl', 'out/digest.json'))

It runs the same code as `chorus ingest` + `chorus stories` + `chorus digest`, not a copy of it:
the per-article work (read, clean, fingerprint, featurize, segment) runs as tasks over parts of
the input (byte ranges of JSONL feeds, runs of other files; see `partition`); dedup and story
assignment, which need every article, run in the client over the results taken back in input
order, through `chorus.stories.StoryStream.place` (or `update_store` with a
database), so the stories, their ids and the copies found are those of one machine; briefing
each story is parallel again (`chorus.digest.digest` on the workers). Output goes to files
(`--out DIR`: stories.jsonl and the digest) or through `chorus.store` to the database, written
by the client in batches. See `pipeline` for the stages.

Why Dask (distributed) and not Ray: both installed here and were measured on the same work
(bench/batch_engines.py: the 10,000-article feed of bench/stream_speed.py, the same parts and
read-and-analyse function, 2 local worker processes, grouping in the client; docs/benchmarks.md):
- size: dask + distributed add 40 MB in 20 packages, nearly all pure Python; Ray adds 250 MB,
  most of it its own binary runtime (raylet, GCS, object store);
- start-up of a 2-worker local cluster with chorus imported on the workers: Dask 1.1-3.8 s,
  Ray 3.0-5.8 s (round by round, Dask was up 2-4 s sooner): most of a small batch, and of every
  test that starts a cluster;
- throughput: Ray's runs were 10-20% shorter round by round (6.3-13.6 s against 7.8-15.2 s on a
  2-core machine that other work shared): the cost is chorus's own per-article Python either way;
- past one machine, `dask scheduler` and `dask worker ADDRESS` are two commands that pip alone
  installs; Dask's futures keep each part's Documents on the worker that made them, so the brief
  stage moves only what each story needs (see `pipeline`).
Ray's edge in throughput is real but small next to the size and start-up it costs; the engine is
used only through `engine.cluster` and a few future calls in `pipeline`, should that change.

The Dask packages are an extra: `pip install 'chorus-news[batch]'`; without it `run` raises
ConfigError saying so.
"""

from __future__ import annotations

from .engine import INSTALL_HINT
from .pipeline import BatchResult, run

__all__ = ["INSTALL_HINT", "BatchResult", "run"]

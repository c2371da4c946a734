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
assignment, which depend on the order of the articles, run in the client over the results
taken back in input order, through `chorus.stories.StoryStream` (or `update_store` with a
database), so the stories, their ids and the copies found are those of one machine; briefing
each story is parallel again (`chorus.digest.digest` on the workers). Output goes to files
(`--out DIR`: stories.jsonl and the digest) or through `chorus.store` to the database, written
by the client in batches. See `pipeline` for the stages.

Why Dask (distributed) and not Ray, measured on this project's 2-core machine with the 10,000
article corpus of bench/stream_speed.py (analysis on 2 local worker processes, grouping in the
client; docs/benchmarks.md has the full runs):
- install: dask + distributed add 16 small packages, 40 MB, in 8 s; ray adds 244 MB (one binary
  wheel of its own runtime, plus protobuf), in 9 s from a warm cache;
- start-up of a 2-worker local cluster: Dask 0.4-0.7 s (1.4 s with chorus imported on the
  workers); Ray 5.5-6.2 s, which is most of a small batch;
- throughput on that corpus is bound by the per-article Python work either way: about the
  same for both (the machine is shared, so single runs vary by ±30%; see the benchmark);
- Dask's scheduler is one pure-Python process that `dask scheduler` / `dask worker` start on any
  machine with pip alone, its futures keep each part's Documents on the worker that made them
  (so briefing moves only what each story needs), and LocalCluster gives tests a real
  multi-process cluster in a second.

The Dask packages are an extra: `pip install 'chorus-news[batch]'`; without it `run` raises
ConfigError saying so.
"""

from __future__ import annotations

from .engine import INSTALL_HINT
from .pipeline import BatchResult, run

__all__ = ["INSTALL_HINT", "BatchResult", "run"]

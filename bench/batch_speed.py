"""Batch speed: one machine against `chorus batch` on a 2-worker local Dask cluster, 10,000 and 100,000 articles.

    python bench/batch_speed.py                   # both sizes; rewrite the docs section
    python bench/batch_speed.py --sizes 10000 --no-write
    python bench/batch_speed.py --undated         # the same feeds without dates (own docs section)

The corpora are bench/stream_speed.py's (its `make_corpus`, imported: real article text from
../shared/data made into many more stories, 10% wire copies, in date order). The work timed, per
size and path, in a fresh process each, is ingest + dedup + story grouping of the JSONL feed,
with the stories written as JSONL:
- one process: `chorus.ingest.iter_articles` -> `chorus.stories.group_stories` (analysis and
  grouping in the same process, what `chorus stories FEED --workers 1` does; on every path the
  grouping's neighbour search runs in one thread per core);
- one machine, 2 processes: the same with `workers=2` (what `chorus stories FEED` does by
  default on 2 cores: the articles are cleaned, fingerprinted and featurized in 2 processes and
  grouped in the main one);
- Dask: `chorus.batch.run(..., workers=2, digest=False)`: a LocalCluster of 2 worker processes
  started for the run (its start-up is in the time), reading and analysis on the workers over
  2 MB parts of the feed, grouping in the client.
Articles per second are over the whole run. Peak memory is the largest resident set (VmHWM) of
the process, and for Dask of the client (which also runs the scheduler) and of each worker.
The two paths must give the same stories, byte for byte; the script checks it.
With `--undated` the feeds carry no dates, so every article may be in a story with any other:
the case where grouping with hindsight could cost the square of the input (`chorus.communities`).
With `--digest` the 10,000 feed is also briefed (`chorus digest` against `chorus batch`).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from chorus.batch.engine import peak_mb  # VmHWM: ru_maxrss would count the parent this was forked from
from stream_speed import SIZES, make_corpus

# One process; one machine with --workers processes for the analysis; Dask with --workers workers.
PATHS = ("single", "processes", "dask")


def _digest_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def run_single(feed: Path, out: Path, digest: bool, workers: int = 1) -> dict:
    """One machine: read, analyse (in `workers` processes) and group (and brief), as `chorus stories` /
    `chorus digest` do."""
    from dataclasses import replace

    from chorus.ingest import iter_articles
    from chorus.model import Article
    from chorus.stories import group_stories, stories_dict

    t0 = time.perf_counter()
    articles: dict[str, Article] = {}

    def read():
        for item in iter_articles([feed]):
            if isinstance(item, Article):
                articles[item.id] = replace(item, text="") if not digest else item
                yield item

    stories, _ = group_stories(read(), workers=workers)
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "stories.jsonl", "w", encoding="utf-8") as f:
        for story in stories:
            f.write(json.dumps(stories_dict([story], articles)["stories"][0], ensure_ascii=False) + "\n")
    grouped = time.perf_counter() - t0
    briefed = 0
    if digest:
        from chorus.api import prepare
        from chorus.digest import digest as make_digest, render_digest

        documents, _ = prepare(articles.values())
        entries = make_digest(stories, {d.article.id: d for d in documents})
        (out / "digest.json").write_text(render_digest(entries, "json"), encoding="utf-8")
        briefed = len(entries)
    seconds = time.perf_counter() - t0
    return {"articles": len(articles), "seconds": seconds, "grouped_seconds": grouped, "stories": len(stories),
            "copies": sum(len(c) for s in stories for _, c in s.duplicates), "briefed": briefed,
            "peak_mb": peak_mb(), "load": os.getloadavg()[0], "stories_sha": _digest_of(out / "stories.jsonl"),
            "digest_sha": _digest_of(out / "digest.json") if digest else None}


def run_dask(feed: Path, out: Path, digest: bool, workers: int) -> dict:
    """`chorus batch FEED --out OUT --workers N` through the API, timing the whole run."""
    from chorus import batch

    t0 = time.perf_counter()
    result = batch.run([feed], out=out, workers=workers, digest=digest)
    seconds = time.perf_counter() - t0
    return {"articles": result.read, "seconds": seconds, "stories": result.stories, "copies": result.copies,
            "briefed": result.briefed, "peak_mb": peak_mb(), "worker_peak_mb": list(result.worker_peak_mb),
            "load": os.getloadavg()[0],
            "stories_sha": _digest_of(out / "stories.jsonl"),
            "digest_sha": _digest_of(out / "digest.json") if digest else None}


def startup(workers: int) -> float:
    """Seconds to start a local cluster of `workers` processes and import chorus on them, then stop it."""
    from chorus.batch import engine

    t0 = time.perf_counter()
    with engine.cluster(workers):
        up = time.perf_counter() - t0
    return up


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default=",".join(map(str, SIZES)), help="comma-separated corpus sizes")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--digest", action="store_true", help="also brief every story of the smallest feed")
    ap.add_argument("--undated", action="store_true", help="feeds without dates")
    ap.add_argument("--no-write", action="store_true", help="print only")
    ap.add_argument("--child", nargs=4, metavar=("WHAT", "FEED", "OUT", "DIGEST"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.child:  # one measurement in a fresh process, so its peak memory is its own
        what, feed, out, digest = args.child
        if what == "single":
            result = run_single(Path(feed), Path(out), digest == "1")
        elif what == "processes":
            result = run_single(Path(feed), Path(out), digest == "1", workers=args.workers)
        elif what == "dask":
            result = run_dask(Path(feed), Path(out), digest == "1", args.workers)
        else:
            result = {"seconds": startup(args.workers)}
        print(json.dumps(result))
        return 0

    sizes = [int(s) for s in args.sizes.split(",")]
    rows: dict[tuple[int, str], dict] = {}
    corpora: dict[int, dict] = {}
    starts = [_child("startup", Path("-"), Path("-"), False, args.workers)["seconds"] for _ in range(3)]
    print(f"cluster start-up: {starts}", file=sys.stderr, flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            feed = Path(tmp) / f"feed-{size}.jsonl"
            corpora[size] = make_corpus(size, feed, dated=not args.undated)
            print(f"corpus {size:,}: {corpora[size]}", file=sys.stderr, flush=True)
            for what in PATHS:
                rows[(size, what)] = _child(what, feed, Path(tmp) / f"{what}-{size}", False, args.workers)
                print(f"{what} {size:,}: {rows[(size, what)]}", file=sys.stderr, flush=True)
            same = len({rows[(size, what)]["stories_sha"] for what in PATHS}) == 1
            assert same, f"the paths grouped the {size:,} feed differently"
        briefs = {}
        if args.digest:
            size = min(sizes)
            feed = Path(tmp) / f"feed-{size}.jsonl"
            for what in ("single", "dask"):
                briefs[what] = _child(what, feed, Path(tmp) / f"{what}-{size}-digest", True, args.workers)
                print(f"{what} {size:,} with digest: {briefs[what]}", file=sys.stderr, flush=True)
            assert briefs["single"]["digest_sha"] == briefs["dask"]["digest_sha"], "the digests differ"
    body = report(sizes, rows, corpora, starts, briefs, args.workers, args.undated)
    print(body)
    if not args.no_write:
        from bench_report import write_section

        if args.undated:
            write_section("batch-speed-undated", "Batch speed without dates (`bench/batch_speed.py --undated`)", body)
        else:
            write_section("batch-speed", "Batch speed: one machine against Dask with 2 local workers "
                          "(`bench/batch_speed.py`)", body)
    return 0


def _child(what: str, feed: Path, out: Path, digest: bool, workers: int) -> dict:
    from bench_report import run_child

    return run_child([__file__, "--workers", str(workers), "--child", what, str(feed), str(out), "1" if digest else "0"])


def report(sizes: list[int], rows: dict, corpora: dict, starts: list[float], briefs: dict, workers: int,
           undated: bool = False) -> str:
    import chorus
    import dask
    import distributed

    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"- date: {when}",
        "- command: `python bench/batch_speed.py" + (" --digest" if briefs else "") + (" --undated" if undated else "") + "`",
        f"- machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"chorus {chorus.__version__}, dask {dask.__version__}, distributed {distributed.__version__}",
        "- corpus: bench/stream_speed.py's (`make_corpus`, same seed): real text from ../shared/data, "
        "many more stories, 10% wire copies, in date order" + (", without their dates (every article may "
        "be in a story with any other: no date window narrows the search for its neighbours)" if undated else ""),
        "- work: read the JSONL feed, clean, fingerprint and featurize every article, near-duplicate "
        "detection, story grouping with hindsight (`StoryStream.place`, every article held in the process "
        "that groups; its neighbour search in one thread per core, `chorus.communities.THREADS`, on every path), "
        "stories written as JSONL; every path gives the same stories file, byte for byte (checked)",
        f"- Dask: LocalCluster of {workers} worker processes of 1 thread, started inside the timed run "
        f"(start-up with chorus imported on the workers: {_span(starts)} s over {len(starts)} starts)",
        "",
        "| articles | path | seconds | articles/s | µs/article | peak memory | stories | copies | load after |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size in sizes:
        for what in PATHS:
            r = rows[(size, what)]
            if what == "single":
                path, memory = "one process", f"{r['peak_mb']:,.0f} MB"
            elif what == "processes":
                path, memory = f"one machine, {workers} processes", f"{r['peak_mb']:,.0f} MB main"
            else:
                path = f"Dask, {workers} local workers"
                memory = f"{r['peak_mb']:,.0f} MB client + " + " + ".join(f"{m:,.0f}" for m in r["worker_peak_mb"]) + " MB"
            lines.append(f"| {r['articles']:,} | {path} | {r['seconds']:.1f} | {r['articles'] / r['seconds']:,.0f} | "
                         f"{1e6 * r['seconds'] / r['articles']:,.0f} | {memory} | {r['stories']:,} | {r['copies']:,} | {r['load']:.1f} |")
    if len(sizes) >= 2:
        small, big = min(sizes), max(sizes)
        lines.append("")
        for what, name in (("single", "one process"), ("processes", f"one machine with {workers} processes"),
                           ("dask", f"Dask with {workers} workers")):
            a, b = rows[(small, what)], rows[(big, what)]
            ratio = (b["seconds"] / b["articles"]) / (a["seconds"] / a["articles"])
            lines.append(f"- cost per article at {big:,} over {small:,}, {name}: ×{ratio:.2f}")
        for size in sizes:
            s, m, d = rows[(size, "single")], rows[(size, "processes")], rows[(size, "dask")]
            lines.append(f"- speed-up at {size:,} over one process: {workers} processes ×{s['seconds'] / m['seconds']:.2f}, "
                         f"Dask ×{s['seconds'] / d['seconds']:.2f}")
    if briefs:
        s, d = briefs["single"], briefs["dask"]
        lines += ["", f"With a briefing per story (`chorus digest` against `chorus batch`, {s['briefed']:,} "
                      f"briefings of the {min(sizes):,} feed, same digest file byte for byte): one process "
                      f"{s['seconds']:.1f} s, Dask with {workers} workers {d['seconds']:.1f} s."]
    if undated:
        lines += ["", "Without dates, near-duplicate detection keeps every original in its index (no window lets "
                      "old ones leave), and nothing keeps apart the corpus's renamed copies of one document of the "
                      "data in two of its stories: some are near-duplicates, so more copies are found than were made."]
    lines += ["", "The machine has 2 cores, shared with other sessions' work while this ran (\"load after\" is the "
                  "1-minute load average at the end of each run; 2.0 means both cores busy); with 2 workers the "
                  "client's grouping also competes with them for those 2 cores. Read the speed-up as a floor: on "
                  "a cluster the workers have cores of their own and the client only groups."]
    return "\n".join(lines)


def _span(values: list[float]) -> str:
    """"0.8-0.9", or "0.9" when both ends round alike."""
    low, high = f"{min(values):.1f}", f"{max(values):.1f}"
    return low if low == high else f"{low}-{high}"


if __name__ == "__main__":
    sys.exit(main())

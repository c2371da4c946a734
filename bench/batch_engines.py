"""Which distributed engine for `chorus batch`: Dask distributed against Ray, on the same work.

    python bench/batch_engines.py [--rounds 3] [--size 10000]   # engines not installed are skipped, and said so

Ray is not a chorus dependency: to measure it, run this with a Python that has both (e.g. a venv
with `pip install ray` whose site-packages also see chorus's). For each engine, in a fresh
process per round (engines alternating, so both see the same load on a shared machine):
- start-up: a local cluster of 2 worker processes, with chorus imported on each;
- work: the 10,000-article feed of bench/stream_speed.py read in chorus.batch's 2 MB parts
  (`chorus.batch.partition.read_part`, the same function for both), at most 6 parts out at a
  time, results taken back in order and grouped in the client (`StoryStream`), as `chorus batch` does;
- installed size: the engine's packages and every dependency they add to chorus's own.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import sys
import tempfile
import time
from collections import deque
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

from bench_report import run_child
from stream_speed import make_corpus

ENGINES = {"dask": ("distributed", ["dask", "distributed"]), "ray": ("ray", ["ray"])}
WINDOW = 6


def _closure(names: list[str]) -> set[str]:
    """Installed distributions `names` need, themselves included (extras not followed)."""
    seen: set[str] = set()
    todo = list(names)
    while todo:
        name = re.split(r"[\s\[<>=!~;(]", todo.pop(), maxsplit=1)[0].lower().replace("_", "-")
        if name in seen:
            continue
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            continue
        seen.add(name)
        todo += [r for r in requires if "extra ==" not in r]
    return seen


def installed_mb(engine: str) -> tuple[float, int]:
    """MB on disk and count of the distributions the engine adds to chorus-news's own."""
    base = _closure(["chorus-news"])
    added = _closure(ENGINES[engine][1]) - base
    total = 0
    for name in added:
        for f in metadata.distribution(name).files or []:
            try:
                total += f.locate().stat().st_size
            except OSError:
                pass
    return total / 1e6, len(added)


def child(engine: str, feed: str) -> dict:
    from chorus.batch.partition import plan, read_part, count_lines, number_lines
    from chorus.options import Options
    from chorus.stories import StoryStream

    options = Options()
    t0 = time.perf_counter()
    if engine == "dask":
        from chorus.batch import engine as dask_engine

        ctx = dask_engine.cluster(2)
        client = ctx.__enter__()
        submit = lambda fn, *a: client.submit(fn, *a, pure=False)  # noqa: E731
        get = lambda f: f.result()  # noqa: E731
    else:
        import ray

        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
        remote_read, remote_count = ray.remote(read_part), ray.remote(count_lines)
        ray.get([ray.remote(lambda: __import__("chorus.stories") and 0).remote() for _ in range(2)])
        submits = {read_part: remote_read, count_lines: remote_count}
        submit = lambda fn, *a: submits[fn].remote(*a)  # noqa: E731
        get = ray.get
    up = time.perf_counter() - t0
    t1 = time.perf_counter()
    parts = plan([feed], options)
    counts = [get(submit(count_lines, p.sources[0], p.start, p.end)) for p in parts]
    parts = number_lines(parts, counts)
    stream = StoryStream()
    pending: deque = deque()
    n = 0

    def take() -> int:
        items, _ = get(pending.popleft())
        for read in items:
            stream.add_analysed(read.analysed)
        return len(items)

    for part in parts:
        pending.append(submit(read_part, part, options, "group"))
        if len(pending) >= WINDOW:
            n += take()
    while pending:
        n += take()
    seconds = time.perf_counter() - t1
    stories = len(stream.stories())
    if engine == "dask":
        ctx.__exit__(None, None, None)
    else:
        ray.shutdown()
    import resource

    return {"startup": up, "seconds": seconds, "articles": n, "stories": stories,
            "client_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--size", type=int, default=10_000)
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--child", nargs=2, metavar=("ENGINE", "FEED"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(child(*args.child)))
        return 0

    engines, missing = [], []
    for name, (module, _) in ENGINES.items():
        try:
            __import__(module)
            engines.append(name)
        except ImportError:
            missing.append(name)
    runs: dict[str, list[dict]] = {e: [] for e in engines}
    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "feed.jsonl"
        make_corpus(args.size, feed)
        for _ in range(args.rounds):
            for name in engines:
                runs[name].append(run_child([__file__, "--child", name, str(feed)], cwd=Path(tmp)))
                print(name, runs[name][-1], file=sys.stderr, flush=True)
    body = report(args, engines, missing, runs)
    print(body)
    if not args.no_write:
        from bench_report import write_section

        write_section("batch-engines", "Batch engine: Dask distributed against Ray (`bench/batch_engines.py`)", body)
    return 0


def report(args: argparse.Namespace, engines: list[str], missing: list[str], runs: dict) -> str:
    def span(values: list[float], fmt: str) -> str:
        lo, hi = min(values), max(values)
        return format(lo, fmt) if f"{lo:{fmt}}" == f"{hi:{fmt}}" else f"{lo:{fmt}}-{hi:{fmt}}"

    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"- date: {when}; machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        f"- command: `python bench/batch_engines.py --rounds {args.rounds} --size {args.size}` "
        "(with a Python that also has ray)",
        f"- work: {args.size:,} articles of bench/stream_speed.py's feed, read and analysed by 2 local worker "
        "processes in chorus.batch's parts, grouped in the client; ranges over the rounds (engines alternating)",
        "",
        "| engine | version | installed (added to chorus) | cluster start-up, 2 workers | seconds | articles/s | client peak |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for name in engines:
        r = runs[name]
        mb, count = installed_mb(name)
        version = metadata.version(ENGINES[name][1][-1])
        lines.append(
            f"| {name} | {version} | {mb:,.0f} MB in {count} packages | {span([x['startup'] for x in r], '.1f')} s | "
            f"{span([x['seconds'] for x in r], '.1f')} | {span([x['articles'] / x['seconds'] for x in r], ',.0f')} | "
            f"{span([x['client_mb'] for x in r], ',.0f')} MB |")
    if len(engines) == 2:
        a, b = engines
        pairs = list(zip(runs[a], runs[b]))
        lines += ["", f"Round by round ({a} then {b}, one right after the other): run "
                      + ", ".join(f"{x['seconds']:.1f} s against {y['seconds']:.1f} s" for x, y in pairs)
                      + "; start-up " + ", ".join(f"{x['startup']:.1f} s against {y['startup']:.1f} s" for x, y in pairs)
                      + ". Other sessions' load on this 2-core machine changed between rounds, hence the wide ranges."]
    if missing:
        lines += ["", f"Not installed here, so not measured: {', '.join(missing)}."]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())

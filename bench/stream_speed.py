"""Speed and growth of story grouping on a stream: 10,000 and 100,000 articles.

    python bench/stream_speed.py                 # both sizes; rewrite the docs section
    python bench/stream_speed.py --sizes 10000   # one size, print only with --no-write

What is timed, per size, in a fresh process: reading the JSONL feed into Articles
(`chorus.ingest`), cleaning, fingerprinting and featurizing each article (in `--workers`
processes, 2 by default: the machine has 2 cores), near-duplicate detection and incremental story
grouping (`chorus.stories.StoryStream`, in the main process). Articles per second are over that
whole run; peak memory is the largest resident set (VmHWM) of the main process plus that of the
largest worker. With `--store` the same feed is also stored in a SQLite file with
`chorus ingest`'s code path (`chorus.store`), timed apart because it also splits every article
into sentences, which grouping does not need.

The corpus (written once to a temporary directory, not timed) is made from the shared data,
../shared/data/stories-dev.jsonl and multinews-dev.jsonl, so it has real article text but many
more stories than the data has:
- a *story* is a labelled cluster of the data (an ECB+ event or a Multi-News cluster) given a
  new identity: every capitalized word of it gets a suffix made for that copy ("Paris" ->
  "Parisvok"), so copies of one cluster share their topic words but not their names, like
  look-alike events in a real stream, and the vocabulary grows with the corpus as news does;
- each story gets an event day, uniform over two years, and its articles are dated within two
  days after it; the stream is in date order;
- each article of a story is a document of the cluster with edits: 15% of its sentences dropped,
  two neighbouring sentences swapped, and 8% of its words replaced by words drawn from the data's
  vocabulary, so that two copies of one document in different stories are not near-duplicates
  of each other; 10% of articles are followed by a wire copy of themselves (a new headline, 3
  words changed), which dedup should catch;
- stories are drawn (with replacement) until the corpus has the size asked for. The seed is fixed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import resource
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
SIZES = (10_000, 100_000)
SEED = 7
_CAP = re.compile(r"\b([A-Z][a-z]{2,})\b")
_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")
_SYLLABLES = ["ka", "vo", "ri", "del", "mun", "sa", "tor", "el", "qui", "ban", "zu", "fen", "lo", "ar", "pix", "ne"]


def clusters() -> list[list[tuple[str, str]]]:
    """The labelled clusters of the shared data, each a list of (title, text)."""
    by_label: dict[str, list[tuple[str, str]]] = {}
    with open(SHARED / "stories-dev.jsonl", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            by_label.setdefault(r["cluster"], []).append((r.get("title") or "", r["text"]))
    with open(SHARED / "multinews-dev.jsonl", encoding="utf-8") as f:
        for line in f:
            c = json.loads(line)
            by_label[c["id"]] = [("", d) for d in c["documents"]]
    return list(by_label.values())


def _suffix(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(2))


def _edit(text: str, rng: random.Random, vocab: list[str], drop: float, swaps: int, words: int) -> str:
    paragraphs = []
    for para in text.split("\n"):
        sents = [s for s in _SENT.split(para) if s]
        kept = [s for s in sents if rng.random() >= drop] or sents[:1]
        if len(kept) > 2 and swaps:
            i = rng.randrange(len(kept) - 1)
            kept[i], kept[i + 1] = kept[i + 1], kept[i]
        paragraphs.append(" ".join(kept))
    out = "\n".join(p for p in paragraphs if p).split(" ")
    for _ in range(words):
        out[rng.randrange(len(out))] = rng.choice(vocab)
    return " ".join(out)


def make_corpus(size: int, path: Path, seed: int = SEED, dated: bool = True) -> dict:
    """Write `size` articles (JSONL, date order) to `path`; return counts for the report. With
    `dated` false, the same articles in the same order without their dates."""
    rng = random.Random(seed)
    base = clusters()
    vocab = sorted({w for c in base[:50] for _, t in c for w in t.split() if w.isalpha() and w.islower()})
    start = datetime(2030, 1, 1)
    rows: list[tuple[datetime, dict]] = []
    n_stories = n_copies = 0
    while len(rows) < size:
        cluster = rng.choice(base)
        n_stories += 1
        suffix = _suffix(rng)
        day = start + timedelta(days=rng.uniform(0, 730))
        for k, (title, text) in enumerate(cluster):
            if len(rows) >= size:
                break
            title = _CAP.sub(lambda m: m.group(1) + suffix, title)
            text = _CAP.sub(lambda m: m.group(1) + suffix, text)
            body = _edit(text, rng, vocab, drop=0.15, swaps=1, words=max(3, len(text.split()) * 8 // 100))
            when = day + timedelta(hours=rng.uniform(0, 48))
            aid = f"a{len(rows)}"
            rows.append((when, {"id": aid, "title": title, "text": body, "published": when.isoformat(timespec="seconds")}))
            if rng.random() < 0.10 and len(rows) < size:
                n_copies += 1
                copy = _edit(body, rng, vocab, drop=0.0, swaps=0, words=3)
                later = when + timedelta(hours=rng.uniform(0, 6))
                rows.append((later, {"id": f"a{len(rows)}", "title": f"{title} (wire)".strip(), "text": copy,
                                     "published": later.isoformat(timespec="seconds")}))
    rows.sort(key=lambda r: r[0])
    with open(path, "w", encoding="utf-8") as f:
        for _, r in rows:
            if not dated:
                del r["published"]
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return {"articles": len(rows), "stories": n_stories, "copies": n_copies,
            "mb": round(path.stat().st_size / 1e6, 1)}


def _analyse_lines(chunk: list[tuple[int, bytes]]) -> tuple[list, float]:
    """Worker: parse JSONL lines into Articles and analyse them (clean, fingerprint, features);
    also the worker's peak memory so far (VmHWM starts afresh at fork, unlike ru_maxrss)."""
    from chorus.batch.engine import peak_mb
    from chorus.ingest import article_from_record
    from chorus.stories import analyse

    out = []
    for lineno, raw in chunk:
        article = article_from_record(json.loads(raw), "feed.jsonl", lineno)
        out.append(analyse(article))
    return out, peak_mb()


def _chunks(path: Path, size: int = 100):
    chunk = []
    with open(path, "rb") as f:
        for lineno, raw in enumerate(f, start=1):
            chunk.append((lineno, raw))
            if len(chunk) == size:
                yield chunk
                chunk = []
    if chunk:
        yield chunk


def run_one(path: Path, workers: int) -> dict:
    """Read, dedup and group the feed at `path`, timing all of it: the ingest of a JSONL stream.

    The main process reads lines and does the sequential part (dedup, grouping); workers parse
    each line into an Article and clean, fingerprint and featurize it.
    """
    import multiprocessing

    from chorus.stories import StoryStream

    def cpu() -> float:
        own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime

    t0, c0 = time.perf_counter(), cpu()
    stream = StoryStream()
    n = 0
    marks = []
    worker_peak = 0.0
    pool = multiprocessing.get_context("fork").Pool(workers)
    try:
        for batch, peak in pool.imap(_analyse_lines, _chunks(path)):
            worker_peak = max(worker_peak, peak)
            for item in batch:
                stream.add_analysed(item)
                n += 1
                if n % 10_000 == 0:
                    marks.append((n, time.perf_counter() - t0))
        pool.close()
        pool.join()  # so the workers' CPU time is counted
    finally:
        pool.terminate()
    stories = stream.stories()
    seconds = time.perf_counter() - t0
    cpu_seconds = cpu() - c0
    copies = sum(len(c) for s in stories for _, c in s.duplicates)
    from chorus.batch.engine import peak_mb

    own, kids = peak_mb(), worker_peak
    return {"articles": n, "seconds": seconds, "per_second": n / seconds, "stories": len(stories),
            "cpu_ms_per_article": 1000 * cpu_seconds / n,
            "copies_found": copies, "peak_mb_main": own, "peak_mb_worker": kids, "marks": marks}


def run_store(path: Path) -> dict:
    """Store the feed in a fresh SQLite file as `chorus ingest` does; time it."""
    from chorus import store

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        with store.open(Path(tmp) / "bench.db") as db:
            added = store.ingest(db, [path])
        seconds = time.perf_counter() - t0
    return {"articles": added.new, "seconds": seconds, "per_second": added.new / seconds}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default=",".join(map(str, SIZES)), help="comma-separated corpus sizes")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--store", action="store_true", help="also time storing the 10,000 feed in SQLite")
    ap.add_argument("--repeat", type=int, default=1,
                    help="run each size this many times and report the fastest (the machine may be shared)")
    ap.add_argument("--no-write", action="store_true", help="print only")
    ap.add_argument("--child", nargs=2, metavar=("FEED", "WHAT"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.child:  # one measurement in a fresh process, so peak memory is its own
        feed, what = args.child
        result = run_store(Path(feed)) if what == "store" else run_one(Path(feed), args.workers)
        print(json.dumps(result))
        return 0

    sizes = [int(s) for s in args.sizes.split(",")]
    results, corpora, stored = {}, {}, None
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            feed = Path(tmp) / f"feed-{size}.jsonl"
            corpora[size] = make_corpus(size, feed)
            print(f"corpus {size:,}: {corpora[size]}", file=sys.stderr, flush=True)
            runs = [_child(feed, "group", args.workers) for _ in range(max(1, args.repeat))]
            results[size] = max(runs, key=lambda r: r["per_second"])
            results[size]["all_rates"] = [r["per_second"] for r in runs]
            print(f"grouped {size:,}: {results[size]}", file=sys.stderr, flush=True)
            if args.store and size == min(sizes):
                stored = _child(feed, "store", args.workers)
                print(f"stored {size:,}: {stored}", file=sys.stderr, flush=True)
    body = report(sizes, results, corpora, stored, args.workers, (load_before, os.getloadavg()[0]), args.repeat)
    print(body)
    if not args.no_write:
        from bench_report import write_section

        write_section("stream-speed", "Stream speed: ingest + dedup + story grouping (`bench/stream_speed.py`)", body)
    return 0


def _child(feed: Path, what: str, workers: int) -> dict:
    from bench_report import run_child

    return run_child([__file__, "--workers", str(workers), "--child", str(feed), what])


def report(sizes: list[int], results: dict, corpora: dict, stored: dict | None, workers: int,
           load: tuple[float, float] = (0.0, 0.0), repeat: int = 1) -> str:
    import chorus

    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"- date: {when}",
        f"- command: `python bench/stream_speed.py --store --repeat {repeat}` ({workers} worker processes for "
        "cleaning and fingerprinting, grouping in the main process)"
        + (f"; each size run {repeat} times, the fastest run shown (all runs' articles/s: "
           + "; ".join(f"{size:,}: " + ", ".join(f"{x:,.0f}" for x in results[size]['all_rates']) for size in sizes)
           + ")" if repeat > 1 else ""),
        f"- machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, chorus {chorus.__version__}; "
        f"1-minute load average {load[0]:.1f} before the run and {load[1]:.1f} after it (above 0 means other "
        "jobs shared the cores: the figures are then lower bounds, as the uneven per-10,000 rates show)",
        "- corpus: made from ../shared/data by the method in the script's docstring (stories = data clusters "
        "with renamed names and new dates over two years; edited copies of their documents; 10% wire copies)",
        "",
        "| articles | stories made | wire copies made | copies found | stories found | seconds | articles/s | "
        "CPU ms/article (all processes) | peak memory (main + worker) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size in sizes:
        r, c = results[size], corpora[size]
        lines.append(
            f"| {r['articles']:,} | {c['stories']:,} | {c['copies']:,} | {r['copies_found']:,} | {r['stories']:,} | "
            f"{r['seconds']:.1f} | {r['per_second']:,.0f} | {r['cpu_ms_per_article']:.2f} | "
            f"{r['peak_mb_main']:,.0f} + {r['peak_mb_worker']:,.0f} MB |")
    if len(sizes) >= 2:
        small, big = results[min(sizes)], results[max(sizes)]
        ratio = small["per_second"] / big["per_second"]
        cpu_ratio = big["cpu_ms_per_article"] / small["cpu_ms_per_article"]
        lines += ["", f"Cost per article at {max(sizes):,} over {min(sizes):,}: ×{cpu_ratio:.2f} in CPU time "
                      f"(×{ratio:.2f} in wall time). CPU time is the steadier measure on a shared machine; "
                      f"on 2 dedicated cores the rate would be about {2000 / big['cpu_ms_per_article']:,.0f} "
                      f"articles/s at {max(sizes):,} (2 cores / CPU per article, if the work overlaps fully)."]
        marks = results[max(sizes)]["marks"]
        if len(marks) > 1:
            rates = []
            prev_n, prev_t = 0, 0.0
            for n, t in marks:
                rates.append(f"{(n - prev_n) / (t - prev_t):,.0f}")
                prev_n, prev_t = n, t
            lines.append(f"Articles/s in each successive 10,000 of the {max(sizes):,} run: {', '.join(rates)}.")
    rates = {size: results[size]["per_second"] for size in sizes}
    lines += ["", "Target ≥ 1,000 articles/s on 2 cores: " + "; ".join(
        f"{size:,}: {rate:,.0f}/s {'met' if rate >= 1000 else '**not met** in wall time'}" for size, rate in rates.items())
        + "."]
    if stored:
        lines += ["", f"Storing the {min(sizes):,}-article feed in SQLite (`chorus ingest`'s code: clean, split "
                      f"into sentences, write): {stored['seconds']:.1f} s, {stored['per_second']:,.0f} articles/s."]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())

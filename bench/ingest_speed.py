"""Ingest throughput: `chorus ingest` of generated JSONL articles into a new SQLite database.

    python bench/ingest_speed.py [N]     # default 10,000 articles; rewrites its section of docs/benchmarks.md

Each run is a fresh `chorus ingest` process (start-up included) on N invented wire-style articles
(tests/store/store_corpus.py: 3-6 paragraphs, ~20 sentences, ~1.2 kB each), timed by wall clock;
then the same command again, when every article is already stored. Cleaning and sentence
splitting are most of the first run's time; the second run skips them.
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import chorus
from bench_report import write_section

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "store"))
from store_corpus import write_corpus  # noqa: E402


def run(corpus: Path, db: Path) -> tuple[float, str]:
    exe = shutil.which("chorus") or str(Path(sys.executable).with_name("chorus"))
    start = time.perf_counter()
    done = subprocess.run([exe, "ingest", str(corpus), "--db", str(db)], check=True, capture_output=True, text=True)
    return time.perf_counter() - start, done.stdout.strip()


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        corpus = write_corpus(Path(tmp) / "corpus.jsonl", count)
        size = corpus.stat().st_size
        first, first_out = run(corpus, Path(tmp) / "bench.db")
        again, again_out = run(corpus, Path(tmp) / "bench.db")
    rows = [
        "| run | seconds | articles/s | summary |",
        "|---|---:|---:|---|",
        f"| new database | {first:.2f} | {count / first:,.0f} | {first_out} |",
        f"| same input again | {again:.2f} | {count / again:,.0f} | {again_out} |",
    ]
    table = "\n".join(rows)
    print(table)
    body = (f"`python bench/ingest_speed.py {count}`: {count:,} generated articles ({size / 1e6:.1f} MB of JSONL) "
            f"into SQLite, wall time of a fresh `chorus ingest` process, start-up included. chorus "
            f"{chorus.__version__}, Python {platform.python_version()}, {os.cpu_count()} CPUs, "
            f"{time.strftime('%Y-%m-%d')}.\n\n{table}\n")
    write_section("ingest-speed", "Ingest speed (`bench/ingest_speed.py`)", body)


if __name__ == "__main__":
    main()

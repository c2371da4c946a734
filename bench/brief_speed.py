"""Start-up time of the `chorus` command and the time `chorus.brief` takes on the example story.

    python bench/brief_speed.py            # prints the table and rewrites its section of docs/benchmarks.md

Start-up is the wall time of `chorus --version` in a fresh process (median of 7); briefing is the
median of 20 in-process calls of `chorus.brief` after one warm-up call, so it excludes imports.
"""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import chorus
from bench_report import write_section

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "harbor-bridge"


def startup_seconds(runs: int = 7) -> float:
    exe = shutil.which("chorus") or str(Path(sys.executable).with_name("chorus"))
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([exe, "--version"], check=True, capture_output=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def brief_seconds(words: int, runs: int = 20) -> tuple[float, int, int]:
    chorus.brief(EXAMPLE, words=words)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        b = chorus.brief(EXAMPLE, words=words)
        times.append(time.perf_counter() - t)
    return statistics.median(times), len(b.documents), sum(d.words for d in b.documents)


def main() -> None:
    start = startup_seconds()
    rows = [f"| `chorus --version` (start-up, fresh process) | {start * 1000:.0f} ms |"]
    for words in (150, 250):
        t, n, w = brief_seconds(words)
        rows.append(f"| `chorus.brief` on the example, {n} articles / {w:,} words, `words={words}` | {t * 1000:.1f} ms |")
    body = "\n".join([
        f"Measured {time.strftime('%Y-%m-%d')} on {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, chorus {chorus.__version__}.",
        "Command: `python bench/brief_speed.py`. Median of 7 start-ups and of 20 briefings (after one warm-up).",
        "",
        "| what | median time |",
        "|---|---|",
        *rows,
    ])
    print(body)
    write_section("brief-speed", "Briefing speed", body)


if __name__ == "__main__":
    main()

"""ROUGE of chorus and the baselines on the Multi-News dev clusters; records the table.

    python bench/eval.py [--limit N] [--words 250] [--systems chorus,lead,...] [--split all|tune|check]
                         [--no-write]

Runs `chorus.evaluate.evaluate` on ../shared/data/multinews-dev.jsonl (next to the repository;
skipped with a message when absent), prints the table, and rewrites only its own section of
docs/benchmarks.md, between `<!-- eval:start -->` and `<!-- eval:end -->`. A system whose
dependency is missing (sumy for lexrank/textrank, a working chorus.api for chorus) is skipped
and the section says so.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import importlib.util
import os
import platform
import shlex
import sys
from dataclasses import replace
from importlib import metadata
from pathlib import Path

from bench_report import DOC, write_section

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "multinews-dev.jsonl"
PACKAGES = ("chorus-news", "rouge-score", "sumy", "nltk", "numpy", "PyStemmer")


def _available(system: str) -> str | None:
    """Why `system` cannot run here, or None if it can."""
    if system in ("lexrank", "textrank") and importlib.util.find_spec("sumy") is None:
        return "sumy is not installed (pip install 'chorus-news[eval]')"
    if system == "chorus":
        try:
            importlib.import_module("chorus.api")
        except ImportError as e:
            return f"chorus.api cannot be imported ({e})"
    return None


def _versions() -> str:
    out = []
    for name in PACKAGES:
        try:
            out.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            out.append(f"{name} (not installed)")
    return ", ".join(out)


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{os.cpu_count()} cores ({cpu}), {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}")


def _section(table: str, command: str, dataset: str, clusters: int, skipped: list[str]) -> str:
    lines = [
        f"- date: {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC",
        f"- command: `{command}`",
        f"- dataset: `{dataset}` (Multi-News; see shared/data/README.md), {clusters} clusters",
        f"- machine: {_machine()}",
        f"- packages: {_versions()}",
    ]
    lines += [f"- skipped: {s}" for s in skipped]
    lines += [
        "",
        "```text",
        table.rstrip("\n"),
        "```",
        "",
        "Every system's candidate sentences are cut by one rule (`chorus/evaluate/budget.py`): in the",
        "system's priority order, repeats skipped, whole sentences while they fit, the next one cut to",
        "the words left. lead is round-robin over the documents; lexrank/textrank are sumy's, ranked",
        "over the raw documents split by `chorus.segment`, shown in document order; oracle is greedy",
        "on ROUGE-1+2 F1 against the reference and may stop short of the budget. s/cluster times only",
        "the system's own call (chorus's includes its cleaning and splitting; the baselines' does not).",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from chorus.evaluate import SPLITS, SYSTEMS, evaluate, format_table, parse_systems

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="first N clusters only")
    parser.add_argument("--words", type=int, default=250, help="word budget (default 250)")
    parser.add_argument("--systems", default=",".join(SYSTEMS), help="comma-separated systems")
    parser.add_argument("--split", choices=SPLITS, default="all", help="held-back part to run on")
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/benchmarks.md")
    args = parser.parse_args(argv)

    if not DATA.is_file():
        print(f"bench/eval.py: skipped: {DATA} not found (the shared Multi-News dev file)")
        return 0
    systems, skipped = [], []
    for name in parse_systems(args.systems):
        reason = _available(name)
        if reason:
            skipped.append(f"{name}: {reason}")
            print(f"bench/eval.py: skipping {name}: {reason}", file=sys.stderr)
        else:
            systems.append(name)
    if not systems:
        print("bench/eval.py: no system can run", file=sys.stderr)
        return 1

    def progress(done: int, total: int) -> None:
        if sys.stderr.isatty():
            print(f"\r{done}/{total} clusters", end="" if done < total else "\n", file=sys.stderr)

    report = evaluate(DATA, limit=args.limit, words=args.words, systems=systems, split=args.split,
                      progress=progress)
    dataset = os.path.relpath(DATA, REPO)
    report = replace(report, dataset=dataset)
    table = format_table(report)
    print(table, end="")
    if not args.no_write:
        command = shlex.join(["python", "bench/eval.py", *(sys.argv[1:] if argv is None else argv)])
        write_section("eval", "Summary quality: ROUGE on Multi-News dev (`bench/eval.py`)",
                      _section(table, command, dataset, report.clusters, skipped))
        print(f"wrote {DOC.relative_to(REPO)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO / "src"))   # measure this checkout, whatever else is installed
    sys.exit(main())

"""Rewrite one marked section of docs/benchmarks.md, leaving every other section as it was."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

DOC = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"


def write_section(key: str, heading: str, body: str, doc: Path = DOC) -> None:
    """Replace the text between `<!-- key:start -->` and `<!-- key:end -->`, or append it."""
    block = f"<!-- {key}:start -->\n## {heading}\n\n{body.rstrip()}\n<!-- {key}:end -->"
    text = doc.read_text(encoding="utf-8") if doc.exists() else "# chorus benchmarks\n"
    pattern = re.compile(rf"<!-- {re.escape(key)}:start -->.*?<!-- {re.escape(key)}:end -->", re.S)
    text = pattern.sub(lambda _: block, text) if pattern.search(text) else text.rstrip() + "\n\n" + block + "\n"
    doc.parent.mkdir(parents=True, exist_ok=True)
    doc.write_text(text, encoding="utf-8")


def run_child(argv: list[str], cwd: Path | None = None) -> dict:
    """Run a benchmark's measuring child (a fresh process: its peak memory and caches are its
    own) with this Python, and return the JSON it prints last. The bench directory and chorus's
    sources go ahead of any PYTHONPATH the caller set."""
    repo = DOC.parents[1]
    path = os.pathsep.join(p for p in (str(repo / "bench"), str(repo / "src"), os.environ.get("PYTHONPATH", "")) if p)
    done = subprocess.run([sys.executable, *argv], check=True, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": path}, cwd=cwd)
    return json.loads(done.stdout.strip().splitlines()[-1])

"""Rewrite one marked section of docs/benchmarks.md, leaving every other section as it was."""

from __future__ import annotations

import re
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

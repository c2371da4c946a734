"""bench/eval.py rewrites only its own section of docs/benchmarks.md."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "eval.py"


@pytest.fixture()
def bench(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("bench_eval", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "DOC", tmp_path / "docs" / "benchmarks.md")
    return module


def test_section_is_created_then_replaced_in_place(bench) -> None:  # type: ignore[no-untyped-def]
    bench._write(bench._section("TABLE ONE\n", "python bench/eval.py", "d.jsonl", 3, []))
    first = bench.DOC.read_text()
    assert first.startswith("# chorus benchmarks") and "TABLE ONE" in first
    bench.DOC.write_text("# x\n\nbefore\n\n" + first[first.index(bench.START):] + "\nafter\n")
    bench._write(bench._section("TABLE TWO\n", "python bench/eval.py --limit 3", "d.jsonl", 3,
                                ["lexrank: sumy is not installed"]))
    text = bench.DOC.read_text()
    assert text.startswith("# x\n\nbefore\n\n") and text.endswith("\nafter\n")
    assert "TABLE TWO" in text and "TABLE ONE" not in text
    assert text.count(bench.START) == 1 and text.count(bench.END) == 1
    assert "- skipped: lexrank: sumy is not installed" in text
    assert "--limit 3" in text


def test_section_is_appended_to_a_file_without_markers(bench) -> None:  # type: ignore[no-untyped-def]
    bench.DOC.parent.mkdir()
    bench.DOC.write_text("# chorus benchmarks\n\n<!-- speed:start -->\nspeed\n<!-- speed:end -->\n")
    bench._write(bench._section("T\n", "c", "d", 1, []))
    text = bench.DOC.read_text()
    assert "<!-- speed:start -->\nspeed\n<!-- speed:end -->\n\n<!-- eval:start -->" in text

"""Benchmark scripts rewrite only their own section of docs/benchmarks.md."""

from __future__ import annotations

from pathlib import Path

from bench_report import write_section


def test_section_is_created_then_replaced_in_place(tmp_path: Path) -> None:
    doc = tmp_path / "docs" / "benchmarks.md"
    write_section("eval", "Quality", "TABLE ONE", doc)
    first = doc.read_text()
    assert first.startswith("# chorus benchmarks") and "TABLE ONE" in first
    doc.write_text("# x\n\nbefore\n\n" + first[first.index("<!-- eval:start -->"):] + "\nafter\n")
    write_section("eval", "Quality", "TABLE TWO", doc)
    text = doc.read_text()
    assert text.startswith("# x\n\nbefore\n\n") and text.endswith("\nafter\n")
    assert "TABLE TWO" in text and "TABLE ONE" not in text
    assert text.count("<!-- eval:start -->") == 1 and text.count("<!-- eval:end -->") == 1


def test_other_sections_are_left_alone(tmp_path: Path) -> None:
    doc = tmp_path / "benchmarks.md"
    doc.write_text("# chorus benchmarks\n\n<!-- speed:start -->\nspeed\n<!-- speed:end -->\n")
    write_section("eval", "Quality", "T", doc)
    text = doc.read_text()
    assert "<!-- speed:start -->\nspeed\n<!-- speed:end -->\n\n<!-- eval:start -->" in text

"""Plain-text articles: title line, body, id from the file name."""

from __future__ import annotations

from pathlib import Path

from chorus.ingest import load
from chorus.model import Article


def test_first_line_is_title_and_rest_is_body(tmp_path: Path) -> None:
    path = tmp_path / "daily-orbit.txt"
    path.write_text(
        "\n\n  Probe lands on the far side  \n\nThe probe landed on Sunday.\n\nIt sent back photos.\n",
        encoding="utf-8",
    )
    loaded = load([path])
    assert loaded.problems == ()
    assert loaded.articles == (
        Article(
            id="daily-orbit",
            title="Probe lands on the far side",
            outlet=None,
            source=str(path),
            published=None,
            text="The probe landed on Sunday.\n\nIt sent back photos.",
        ),
    )


def test_windows_line_ends_and_trailing_spaces(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"Title \r\nFirst paragraph.   \r\n\r\n\r\n\r\nSecond paragraph.\r\n")
    (article,) = load([path]).articles
    assert article.text == "First paragraph.\n\nSecond paragraph."


def test_non_english_text_is_read_as_is(tmp_path: Path) -> None:
    path = tmp_path / "tokyo.txt"
    path.write_text("東京で大雨\n東京で大雨が降り、電車が止まりました。\n", encoding="utf-8")
    (article,) = load([path]).articles
    assert (article.title, article.text) == ("東京で大雨", "東京で大雨が降り、電車が止まりました。")


def test_title_without_body_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Only a headline\n\n   \n", encoding="utf-8")
    loaded = load([path])
    assert loaded.articles == ()
    assert [str(p) for p in loaded.problems] == [f"{path}: no article text after the title line"]

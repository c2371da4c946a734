"""Reading bytes safely: size bounds, binary files, encodings, normalization, cutting long text."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from chorus.ingest import load
from chorus.ingest.files import cut_text, normalize_field, normalize_text, size_text
from chorus.model import Problem
from chorus.options import Options

BODY = "The Harbor Bridge reopened on Sunday.\n\nRepairs cost $4.2 million, the city said.\n"


def write(directory: Path, name: str, content: str | bytes) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def only_problem(path: Path, options: Options = Options()) -> Problem:
    loaded = load([path], options)
    assert loaded.articles == ()
    assert len(loaded.problems) == 1
    return loaded.problems[0]


def test_empty_file_is_skipped(tmp_path: Path) -> None:
    problem = only_problem(write(tmp_path, "a.txt", b""))
    assert (problem.message, problem.skipped) == ("empty file", True)


@pytest.mark.parametrize("content", [b"  \n\t\r\n  \n", "\u00a0\u3000\n".encode(), b"\xef\xbb\xbf \n"])
def test_whitespace_only_file_is_empty(tmp_path: Path, content: bytes) -> None:
    assert only_problem(write(tmp_path, "a.txt", content)).message == "empty file"


def test_nul_bytes_mean_binary(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    problem = only_problem(write(tmp_path, "photo.txt", png))
    assert str(problem) == f"{tmp_path / 'photo.txt'}: binary file, not text"


def test_many_control_characters_mean_binary(tmp_path: Path) -> None:
    noise = bytes(random.Random(1).choice([1, 2, 3, 27, 65, 66]) for _ in range(2000))
    assert only_problem(write(tmp_path, "a.html", noise)).message == "binary file, not text"


def test_few_bad_utf8_bytes_are_replaced_with_a_warning(tmp_path: Path) -> None:
    # "\udcff" is how surrogateescape spells the lone byte 0xFF, which is never valid UTF-8.
    text = "Café owners on the quay — all twelve — reopened on Monday after the storm.\nThe \udcff mayor \udcfe spoke.\n"
    loaded = load([write(tmp_path, "a.txt", text.encode("utf-8", "surrogateescape") * 3)])
    assert [(p.message, p.skipped) for p in loaded.problems] == [("6 invalid UTF-8 bytes replaced", False)]
    (article,) = loaded.articles
    assert article.title.startswith("Café owners")
    assert "The \ufffd mayor \ufffd spoke." in article.text


def test_heavily_damaged_utf8_is_still_read_as_utf8(tmp_path: Path) -> None:
    text = "Café — “quoted” \udcff\udcfe naïve\n" * 5  # bad bytes are 7% of the text
    loaded = load([write(tmp_path, "a.txt", ("Title\n" + text).encode("utf-8", "surrogateescape"))])
    assert [p.message for p in loaded.problems] == ["10 invalid UTF-8 bytes replaced"]
    assert loaded.articles[0].text.startswith("Café — “quoted” \ufffd\ufffd naïve")


def test_cp1252_file_is_read_with_a_warning(tmp_path: Path) -> None:
    text = "Storm closes the port\n\nThe café by the quay was déjà closed — “for safety,” said Müller.\n"
    loaded = load([write(tmp_path, "a.txt", text.encode("cp1252"))])
    assert [(p.message, p.skipped) for p in loaded.problems] == [("not UTF-8; read as cp1252", False)]
    assert loaded.articles[0].text == "The café by the quay was déjà closed — “for safety,” said Müller."


def test_one_accented_legacy_byte_is_not_mistaken_for_damaged_utf8(tmp_path: Path) -> None:
    text = "Port news\n" + "The council met on Tuesday and voted to reopen. " * 40 + "Café.\n"
    loaded = load([write(tmp_path, "a.txt", text.encode("cp1252"))])
    assert [p.message for p in loaded.problems] == ["not UTF-8; read as cp1252"]
    assert loaded.articles[0].text.endswith("Café.")


def test_stray_cp1252_apostrophe_in_ascii_text(tmp_path: Path) -> None:
    loaded = load([write(tmp_path, "a.txt", b"Title\nThe mayor\x92s office said so.\n")])
    assert [p.message for p in loaded.problems] == ["not UTF-8; read as cp1252"]
    assert loaded.articles[0].text == "The mayor\u2019s office said so."


def test_undecodable_bytes_are_skipped(tmp_path: Path) -> None:
    garbage = bytes(random.Random(0).randrange(0x80, 0x100) for _ in range(3000))
    problem = only_problem(write(tmp_path, "a.txt", garbage))
    assert (problem.message, problem.skipped) == ("cannot decode: not UTF-8 text", True)


def test_utf8_bom_is_stripped(tmp_path: Path) -> None:
    (article,) = load([write(tmp_path, "a.txt", b"\xef\xbb\xbfTitle\nBody.\n")]).articles
    assert article.title == "Title"


def test_utf16_with_bom_is_read(tmp_path: Path) -> None:
    loaded = load([write(tmp_path, "a.txt", "Τίτλος\r\nΗ γέφυρα άνοιξε ξανά.\r\n".encode("utf-16"))])
    assert loaded.problems == ()
    assert (loaded.articles[0].title, loaded.articles[0].text) == ("Τίτλος", "Η γέφυρα άνοιξε ξανά.")


def test_file_over_the_size_limit_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as file:
        file.truncate(52_300_000)  # sparse: costs no disk, and reading it would be slow
    problem = only_problem(path)
    assert (problem.message, problem.skipped) == ("file is 52.3 MB, over the 10 MB limit", True)


def test_small_size_limit_from_options(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", "Title\n" + "word " * 50)
    assert only_problem(path, Options(max_file_bytes=100)).message == "file is 256 bytes, over the 100 bytes limit"


def test_size_message_is_exact_when_rounding_would_hide_the_excess(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", "T\n" + "x" * 1099)
    problem = only_problem(path, Options(max_file_bytes=1100))
    assert problem.message == "file is 1,101 bytes, over the 1,100 bytes limit"


def test_size_text() -> None:
    assert [size_text(n) for n in (0, 999, 1000, 1550, 10_000_000, 52_340_000, 3_000_000_000)] == [
        "0 bytes", "999 bytes", "1 kB", "1.6 kB", "10 MB", "52.3 MB", "3 GB",
    ]


def test_normalize_text_line_ends_spaces_blank_runs_and_nfc() -> None:
    raw = "\n\n  Cafe\u0301 opens  \r\nSecond line\t\r\rThird\n\n\n\n\nFourth \u2028Fifth\x00\n\n"
    assert normalize_text(raw) == "  Café opens\nSecond line\n\nThird\n\nFourth\nFifth"


def test_normalize_field_collapses_whitespace() -> None:
    assert normalize_field("  Harbor\n Bridge\treopens\x07 ") == "Harbor Bridge reopens"


def test_long_text_is_cut_at_the_last_paragraph_break() -> None:
    text = "\n".join(f"Paragraph {i} " + " ".join(["word"] * 30) for i in range(20))
    cut, warning = cut_text(text, "a.txt", Options(max_article_chars=1000))
    assert len(cut) <= 1000 and text.startswith(cut) and text[len(cut)] == "\n"
    assert warning == Problem("a.txt", "text cut to 1,000 characters", skipped=False)


def test_text_without_near_paragraph_break_is_cut_at_whitespace() -> None:
    text = "Intro\n" + "word " * 400
    cut, _ = cut_text(text, "a.txt", Options(max_article_chars=1000))
    assert len(cut) <= 1000 and cut.endswith("word") and len(cut) > 990


def test_text_without_whitespace_is_cut_at_the_limit() -> None:
    cut, _ = cut_text("字" * 5000, "a.txt", Options(max_article_chars=1000))
    assert cut == "字" * 1000


def test_short_text_is_not_cut() -> None:
    assert cut_text("Short.", "a.txt", Options()) == ("Short.", None)


def test_over_long_article_is_cut_with_a_warning(tmp_path: Path) -> None:
    body = "\n\n".join("Sentence about the bridge. " * 10 for _ in range(10))
    loaded = load([write(tmp_path, "a.txt", "Title\n" + body)], Options(max_article_chars=1000))
    (article,) = loaded.articles
    assert len(article.text) <= 1000
    assert [str(p) for p in loaded.problems] == [f"{tmp_path / 'a.txt'}: text cut to 1,000 characters"]
    assert loaded.problems[0].skipped is False

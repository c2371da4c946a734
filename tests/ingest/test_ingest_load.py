"""load(): sources, directory walking, dispatch by extension, unique ids, never raising."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

from chorus.ingest import Loaded, load

SUPPORTED = ".txt, .html, .htm, .json, .jsonl, .rss, .atom, .xml, .warc, .warc.gz"


def write(directory: Path, name: str, content: str = "Title\nBody text.\n") -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    return path


def test_nonexistent_path(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    loaded = load([missing])
    assert loaded == Loaded(articles=(), problems=loaded.problems)
    assert [(str(p), p.skipped) for p in loaded.problems] == [(f"{missing}: no such file or directory", True)]


def test_unsupported_extension_named_explicitly(tmp_path: Path) -> None:
    loaded = load([write(tmp_path, "report.pdf"), write(tmp_path, "README")])
    assert [p.message for p in loaded.problems] == [
        f"unsupported file type '.pdf'; chorus reads {SUPPORTED}",
        f"unsupported file type (no extension); chorus reads {SUPPORTED}",
    ]


def test_directory_is_walked_recursively_in_sorted_order_skipping_hidden(tmp_path: Path) -> None:
    for name in ("b.txt", "a/z.txt", "a/b/y.txt", "a/a.txt", "c.htm", ".hidden.txt", ".git/config.txt", "a/.cache/x.txt"):
        write(tmp_path, name)
    write(tmp_path, "c.htm", "<html><body><p>" + "The port reopened today. " * 5 + "</p></body></html>")
    loaded = load([tmp_path])
    assert loaded.problems == ()
    assert [Path(a.source).relative_to(tmp_path).as_posix() for a in loaded.articles] == [
        "a/a.txt", "a/b/y.txt", "a/z.txt", "b.txt", "c.htm",
    ]


def test_unsupported_files_in_a_directory_are_named(tmp_path: Path) -> None:
    write(tmp_path, "a.txt")
    pdf = write(tmp_path, "scan.pdf")
    loaded = load([tmp_path])
    assert len(loaded.articles) == 1
    assert [str(p) for p in loaded.problems] == [f"{pdf}: unsupported file type '.pdf'; chorus reads {SUPPORTED}"]


def test_directory_with_nothing_usable(tmp_path: Path) -> None:
    write(tmp_path, "notes.md")
    write(tmp_path, "empty.txt", "")
    loaded = load([tmp_path])
    assert loaded.articles == ()
    assert sorted(str(p) for p in loaded.problems) == sorted([
        f"{tmp_path / 'notes.md'}: unsupported file type '.md'; chorus reads {SUPPORTED}",
        f"{tmp_path / 'empty.txt'}: empty file",
    ])


def test_empty_directory(tmp_path: Path) -> None:
    write(tmp_path, ".DS_Store")
    assert [str(p) for p in load([tmp_path]).problems] == [f"{tmp_path}: no {SUPPORTED} files in this directory"]


def test_duplicate_ids_are_made_unique(tmp_path: Path) -> None:
    write(tmp_path, "one/story.txt")
    write(tmp_path, "two/story.txt")
    write(tmp_path, "wire.jsonl", '{"id": "story", "text": "x"}\n{"id": "story", "text": "y"}\n')
    assert [a.id for a in load([tmp_path]).articles] == ["story", "story-2", "story-3", "story-4"]


def test_same_file_named_twice_is_read_once(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt")
    assert len(load([path, tmp_path, str(path)]).articles) == 1


def test_a_single_path_string_is_one_source(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt")
    assert [a.id for a in load(str(path)).articles] == ["a"]  # type: ignore[arg-type]


def test_fifo_is_not_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert [str(p) for p in load([fifo]).problems] == [f"{fifo}: not a regular file"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file_gives_the_os_reason(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt")
    path.chmod(0)
    assert [p.message for p in load([path]).problems] == ["permission denied"]


def test_symlink_loop_does_not_hang(tmp_path: Path) -> None:
    write(tmp_path, "a/x.txt")
    (tmp_path / "a" / "loop").symlink_to(tmp_path / "a")
    assert [a.id for a in load([tmp_path]).articles] == ["x"]


def test_one_bad_input_never_stops_the_others(tmp_path: Path) -> None:
    write(tmp_path, "1.txt", "")
    write(tmp_path, "2.json", "{")
    (tmp_path / "3.html").write_bytes(b"\x00\x01\x02")
    write(tmp_path, "4.jsonl", "not json\n")
    write(tmp_path, "5.txt")
    loaded = load([tmp_path, tmp_path / "missing"])
    assert [a.id for a in loaded.articles] == ["5"]
    assert len(loaded.problems) == 5 and all(p.skipped for p in loaded.problems)


def test_loaded_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        Loaded((), ()).articles = ()  # type: ignore[misc]

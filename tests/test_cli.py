"""The `chorus` command as a user runs it: help, formats, output files, bad input, exit codes."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from chorus import __version__
from chorus.cli import main

GOOD = {
    "a.txt": "Dam breach floods Millbrook valley\n\nThe Millbrook dam breached on Sunday night after days of heavy rain, flooding 40 homes in the valley below.\n\nEmergency crews evacuated 300 residents to the county fairground, officials said.",
    "b.txt": "Hundreds evacuated as Millbrook dam fails\n\nAbout 300 residents were evacuated to the county fairground after the Millbrook dam breached on Sunday night.\n\nThe flood reached 40 homes, the county sheriff said on Monday.",
}


def write(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return tmp_path


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert __version__ in capsys.readouterr().out


def test_help_explains_every_option_and_the_limits(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["brief", "--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    for option in ("--words", "--format", "--output", "markdown", "json", "html", ".jsonl", ".html", "10 MB", "200,000 characters"):
        assert option in out
    assert main(["--help"]) == 0
    assert "brief" in capsys.readouterr().out


def test_markdown_briefing_cites_numbered_sources(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["brief", str(write(tmp_path, GOOD))]) == 0
    out = capsys.readouterr().out
    summary = out.split("\n## ")[0]
    sources = out.split("## Sources")[1]
    sentences = [line for line in summary.splitlines()[1:] if line.strip()]
    assert sentences and all(re.search(r"(\[\d\])+$", line) for line in sentences)
    assert "1. Dam breach floods Millbrook valley" in sources


def test_json_output_validates_against_the_shipped_schema(example_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["brief", str(example_dir), "--format", "json", "--words", "250"]) == 0
    doc = json.loads(capsys.readouterr().out)
    schema = json.loads(resources.files("chorus").joinpath("schema/briefing.schema.json").read_text())
    jsonschema.validate(doc, schema)
    ids = {a["id"] for a in doc["articles"]}
    for s in doc["summary"]:
        assert s["article"] in ids and set(s["supported_by"]) <= ids


def test_html_shows_script_from_an_article_as_text(tmp_path: Path) -> None:
    files = dict(GOOD)
    files["c.txt"] = "<script>alert('x')</script> Dam breach\n\nThe Millbrook dam breached on Sunday night <script>alert(1)</script> after heavy rain, flooding 40 homes."
    out = tmp_path / "out.html"
    assert main(["brief", str(write(tmp_path / "in", files)), "--format", "html", "--output", str(out)]) == 0
    page = out.read_text()
    assert "<script>" not in page
    assert "&lt;script&gt;" in page


def test_output_file_is_written_instead_of_stdout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "brief.md"
    assert main(["brief", str(write(tmp_path / "in", GOOD)), "-o", str(out)]) == 0
    assert capsys.readouterr().out == ""
    assert out.read_text().startswith("# ")


def test_unwritable_output_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["brief", str(write(tmp_path / "in", GOOD)), "-o", str(tmp_path / "no" / "such" / "dir" / "x.md")]) == 1
    err = capsys.readouterr().err
    assert "chorus: error:" in err and "x.md" in err and "Traceback" not in err


BAD = {
    "empty.txt": b"",
    "binary.txt": bytes(range(256)) * 40,
    "latin.txt": "Caf\xe9 Ol\xe9\n\nDie Stra\xdfe war gesperrt.".encode("utf-16-le")[1:],
    "broken.json": b'{"text": "unterminated',
    "feed.jsonl": b'{"title": "no text here"}\nnot json at all\n',
    "huge.txt": b"Title\n\n" + b"word " * 2_200_000,
    "notes.pdf": b"%PDF-1.4",
}


def test_bad_inputs_mixed_with_good_are_named_and_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write(tmp_path, {**GOOD, **BAD})
    assert main(["brief", str(root)]) == 0
    captured = capsys.readouterr()
    for name in ("empty.txt", "binary.txt", "broken.json", "feed.jsonl:1", "feed.jsonl:2", "huge.txt", "notes.pdf"):
        assert name in captured.err, name
    assert "Traceback" not in captured.err
    assert "Millbrook" in captured.out


def test_bad_input_alone_fails_with_a_message_and_no_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write(tmp_path, BAD)
    assert main(["brief", str(root)]) == 1
    err = capsys.readouterr().err
    assert "chorus: error: no usable article" in err and "empty.txt" in err
    assert "Traceback" not in err


def test_directory_with_nothing_usable_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty").mkdir()
    assert main(["brief", str(tmp_path / "empty")]) == 1
    assert "chorus: error:" in capsys.readouterr().err


def test_missing_path_alone_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["brief", str(tmp_path / "nope.txt")]) == 1
    assert "nope.txt" in capsys.readouterr().err


def test_bad_usage_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["brief"]) == 2
    assert main(["brief", "x", "--words", "0"]) == 2
    assert main(["brief", "x", "--format", "pdf"]) == 2


def test_workers_default_to_the_cores_only_for_large_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    from chorus import cli

    monkeypatch.setattr(cli.os, "sched_getaffinity", lambda _pid: set(range(8)), raising=False)
    assert cli._workers(None, 50) == 1                     # starting processes would cost more
    assert cli._workers(None, 50_000) == 4                 # one per core, capped: one process groups
    assert cli._workers(3, 50) == 3 and cli._workers(1, 50_000) == 1  # --workers wins

"""The `chorus` command: argument parsing and output only; the work is in `chorus.api`.

Exit codes: 0 when a briefing was written (even if some inputs were skipped, each named on
stderr), 1 when nothing usable was found or another chorus error stopped the run, 2 on bad usage.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .errors import ChorusError
from .options import Options
from .render import FORMATS

_LIMITS = Options()


def _report(problem: object, skipped: bool) -> None:
    click.echo(f"chorus: {'skipped' if skipped else 'warning'}: {problem}", err=True)


def _emit(text: str, output: Path | None) -> None:
    """Write to --output, or stdout; an unwritable path is a usage problem, named."""
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as e:
        raise ChorusError(f"{output}: cannot write: {e.strerror or e}") from e


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name="chorus")
def cli() -> None:
    """chorus: one faithful, sourced account of a news story from many articles about it."""


@cli.command(
    epilog=(
        "Inputs: .txt (first non-empty line is the title), .html/.htm (article extracted with its "
        "title, site name, author and date), .json (one article) and .jsonl (one per line) with "
        "a required \"text\" field and optional \"title\", \"id\", \"url\", \"outlet\", \"published\". "
        f"Limits: a file (or a JSONL line) over {_LIMITS.max_file_bytes // 1_000_000} MB is skipped, "
        f"and article text is cut at {_LIMITS.max_article_chars:,} characters. Unusable inputs are "
        "named on stderr and skipped; the exit status is 1 only when no article is usable."
    )
)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-w", "--words", type=click.IntRange(min=1), default=_LIMITS.words, show_default=True,
              help="Word budget of the summary.")
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default="markdown", show_default=True,
              help="markdown for reading, json (schema chorus.briefing/1) for programs, html for a self-contained page.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Write the briefing to this file instead of standard output.")
def brief(paths: tuple[Path, ...], words: int, fmt: str, output: Path | None) -> None:
    """Brief one story from the articles in PATHS (files or directories, read recursively).

    Every summary sentence is a sentence from one of the articles, cited with the article it
    comes from and the other articles that state the same thing.
    """
    from .api import brief as make_briefing
    from .render import render

    try:
        briefing = make_briefing(list(paths), options=Options(words=words))
    except ChorusError as e:
        raise click.ClickException(str(e)) from e
    for p in briefing.problems:
        _report(p, p.skipped)
    try:
        _emit(render(briefing, fmt), output)
    except ChorusError as e:
        raise click.ClickException(str(e)) from e


@cli.command("eval")
@click.argument("dataset", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-n", "--limit", type=click.IntRange(min=1), help="Evaluate only the first N clusters.")
@click.option("-w", "--words", type=click.IntRange(min=1), default=250, show_default=True,
              help="Word budget every system's summary is cut to, the same way for all.")
@click.option("-s", "--systems", default="chorus,lead,lexrank,textrank,oracle", show_default=True,
              help="Comma-separated systems: chorus, lead (first sentences of each document in turn), "
                   "lexrank and textrank (sumy's), oracle (greedy extractive ROUGE ceiling).")
@click.option("--split", type=click.Choice(["all", "tune", "check"]), default="all", show_default=True,
              help="Evaluate all clusters, or the fixed tuning or held-back part (by a hash of the id).")
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="A table for reading, or JSON with every figure.")
def eval_command(dataset: Path, limit: int | None, words: int, systems: str, split: str, fmt: str) -> None:
    """Score chorus and baseline summarizers against reference summaries in DATASET.

    DATASET is JSON Lines, one cluster per line: {"id": str, "documents": [str, ...], "summary": str}.
    Prints ROUGE-1, ROUGE-2 and ROUGE-L F1 (rouge-score, stemmed; mean and 95% bootstrap
    interval over clusters) and seconds per cluster for each system, side by side. Needs the
    eval extra: pip install 'chorus-news[eval]'.
    """
    import json

    from .evaluate import evaluate, format_table, to_json

    bar = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = click.progressbar(length=total, label="clusters", file=sys.stderr)
            bar.__enter__()
        bar.update(1)

    try:
        report = evaluate(dataset, limit=limit, words=words, systems=systems, split=split,
                          progress=progress if sys.stderr.isatty() else None)
    except ChorusError as e:
        raise click.ClickException(str(e)) from e
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    if fmt == "json":
        click.echo(json.dumps(to_json(report), indent=2, ensure_ascii=False))
    else:
        click.echo(format_table(report))


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit status (used by the console script and by tests)."""
    try:
        cli.main(args=argv, prog_name="chorus", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("chorus: interrupted", err=True)
        return 130
    except click.UsageError as e:
        e.show()
        return 2
    except click.ClickException as e:
        click.echo(f"chorus: error: {e.format_message()}", err=True)
        return 1
    except click.exceptions.Exit as e:
        return e.exit_code
    return 0


if __name__ == "__main__":
    sys.exit(main())

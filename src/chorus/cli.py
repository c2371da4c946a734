"""The `chorus` command: argument parsing and output only; the work is in `chorus.api`.

Exit codes: 0 when a briefing was written or articles were stored (even if some inputs were
skipped, each named on stderr), 1 when nothing usable was found or another chorus error stopped
the run, 2 on bad usage.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import __version__
from .errors import ChorusError
from .model import Document, Problem
from .options import Options
from .render import FORMATS

if TYPE_CHECKING:
    from .store.base import Added

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

    bar: _Progress | None = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = _Progress("clusters", total, _counts_only)
        bar.update(done)

    try:
        report = evaluate(dataset, limit=limit, words=words, systems=systems, split=split,
                          progress=progress if sys.stderr.isatty() else None)
    except ChorusError as e:
        raise click.ClickException(str(e)) from e
    finally:
        if bar is not None:
            bar.close()
    if fmt == "json":
        click.echo(json.dumps(to_json(report), indent=2, ensure_ascii=False))
    else:
        click.echo(format_table(report))


@cli.command(
    epilog=(
        "SOURCES are files, directories (read recursively), and http(s) URLs of pages or RSS/Atom "
        "feeds. Files: .txt, .html/.htm, .json, .jsonl, .rss/.atom/.xml feeds, and .warc/.warc.gz "
        "web archives (pip install 'chorus-news[warc]'). URLs need pip install 'chorus-news[web]'; "
        "only public addresses are fetched, with at most 5 redirects, 20 s and the file size limit "
        "per URL. PostgreSQL needs pip install 'chorus-news[postgres]'. The same article stored "
        "twice is kept once, so running an interrupted ingest again completes it. Exit status: 0 "
        "when articles were read (inputs skipped are named on stderr), 1 when none were or the "
        "database failed, 2 on bad usage."
    )
)
@click.argument("sources", nargs=-1, required=True)
@click.option("--db", "db", metavar="URL", default=None,
              help="A SQLite file (created on first use) or a postgresql://user:pass@host/db URL. "
                   "Default: $CHORUS_DB, else chorus.db in the current directory.")
@click.option("--batch-size", type=click.IntRange(min=1), default=500, show_default=True,
              help="Articles per transaction; a crash loses at most the batch being written.")
def ingest(sources: tuple[str, ...], db: str | None, batch_size: int) -> None:
    """Store the articles in SOURCES, with their sentences, in the article database.

    Prints a summary line ("12,345 articles read, 12,000 new, 345 already stored, 3 skipped")
    and names every skipped input on stderr. A progress bar shows while stderr is a terminal.
    """
    from .store import ingest as ingest_into, open as open_store

    progress, counted = _ingest_progress(sources) if sys.stderr.isatty() else (None, None)
    try:
        with open_store(db) as store:
            try:
                added = ingest_into(store, sources, Options(), batch_size=batch_size,
                                    on_problem=_reporter(progress), on_progress=counted)
            finally:
                if progress is not None:
                    progress.close()
    except ChorusError as e:
        raise click.ClickException(str(e)) from e
    click.echo(f"{added.read:,} articles read, {added.new:,} new, {added.duplicate:,} already stored, "
               f"{added.skipped:,} skipped")
    if added.read == 0:
        raise click.ClickException("no article found in the sources")


class _Progress:
    """A progress bar on stderr, with what `describe` (of the count done and the seconds since the
    start) says after it, redrawn at most ten times a second; a bar without an end when the total
    is not known."""

    def __init__(self, label: str, total: int | None, describe: Callable[[int, float], str | None]) -> None:
        import itertools
        import time

        self._clock = time.monotonic
        self._start = self._last = self._clock()
        self._shown = self._done = 0
        # click wants a length or an iterable: an endless one gives a bar without an end.
        self._bar = click.progressbar(itertools.repeat(None) if total is None else None, length=total,
                                      label=label, file=sys.stderr, show_pos=True, show_eta=True,
                                      item_show_func=lambda _item: describe(self._done, self._clock() - self._start))
        self._bar.__enter__()

    def update(self, done: int) -> None:
        self._done = done
        now = self._clock()
        # Redrawing for every article would cost more than reading it; the last one is always shown.
        if now - self._last >= 0.1 or done == self._bar.length:
            self._last = now
            length = self._bar.length
            step = (min(done, length) if length else done) - self._shown
            self._shown += step
            self._bar.update(step)

    def report(self, problem: object) -> None:
        click.echo("\r\033[K", nl=False, err=True)  # clear the bar's line, then say it
        _report(problem, problem.skipped)  # type: ignore[attr-defined]

    def close(self) -> None:
        self._last = 0.0
        self.update(self._done)
        self._bar.render_progress()  # the final counts, even when the position has not moved
        self._bar.__exit__(None, None, None)


def _reporter(progress: _Progress | None) -> Callable[[Problem], None]:
    """How to name a problem on stderr: on a line of its own, clearing the bar's line first when
    a bar is drawn."""
    return progress.report if progress is not None else lambda p: _report(p, p.skipped)


def _ingest_progress(sources: tuple[str, ...]) -> tuple[_Progress, Callable[[Added], None]]:
    """The bar of `chorus ingest` (articles read, new, already stored, skipped, articles/s) and
    the function that gives it the store's counts."""
    latest: list[Added] = []

    def describe(_done: int, seconds: float) -> str | None:
        if not latest:
            return None
        c = latest[0]
        return (f"{c.new:,} new, {c.duplicate:,} already stored, {c.skipped:,} skipped, "
                f"{c.read / max(seconds, 1e-6):,.0f} articles/s")

    progress = _Progress("ingest", _estimate(sources), describe)

    def counted(counts: Added) -> None:
        latest[:] = [counts]
        progress.update(counts.read + counts.skipped)

    return progress, counted


def _estimate(sources: tuple[str, ...]) -> int | None:
    """How many items the sources hold, when cheap to know: JSONL lines and single-article files.

    None (a bar without an end) when any source is a URL, feed or web archive, whose size in
    articles is not known before reading it.
    """
    total = 0
    for name in sources:
        path = Path(name)
        files = sorted(p for p in path.rglob("*") if p.is_file() and not any(
            part.startswith(".") for part in p.relative_to(path).parts)) if path.is_dir() else [path]
        for file in files:
            suffix = file.name.lower().rsplit(".", 1)[-1] if "." in file.name else ""
            if "://" in name or suffix in ("rss", "atom", "xml", "warc", "gz", "json"):
                return None
            if suffix == "jsonl":
                try:
                    with open(file, "rb") as f:
                        total += sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))
                except OSError:
                    total += 1
            else:
                total += 1
    return total or None


# -- stories and digest (grouping in chorus.stories, briefings in chorus.digest) ----------------

# Below this many articles the analysis takes about a second, and starting processes gains little;
# past a few processes, the one that groups is the bottleneck.
_AUTO_WORKERS_FROM = 2_000
_MAX_AUTO_WORKERS = 4


def _workers(chosen: int | None, articles: int) -> int:
    """--workers, or by default one process per core (up to `_MAX_AUTO_WORKERS`) for a batch big
    enough to gain from them: the stories are the same whatever the number."""
    if chosen is not None:
        return chosen
    if articles < _AUTO_WORKERS_FROM:
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return min(cores, _MAX_AUTO_WORKERS)


def _grouped(paths: tuple[Path, ...], db: str | None, workers: int | None) -> tuple[list, dict]:
    """Stories and their articles: from files (grouped now) or from the database (updated first)."""
    if paths and db is not None:
        raise click.UsageError("give PATHS or --db, not both")
    if paths:
        from .api import load
        from .stories import group_stories

        loaded = load(list(paths))
        for p in loaded.problems:
            _report(p, p.skipped)
        if not loaded.articles:
            raise ChorusError("no usable article in the input")
        progress = _grouping_progress(len(loaded.articles))
        try:
            stories, stream = group_stories(loaded.articles, workers=_workers(workers, len(loaded.articles)),
                                            on_progress=progress.update if progress else None)
        finally:
            if progress is not None:
                progress.close()
        if (late := stream.order_problem()) is not None:
            _report(late, False)
        return stories, {a.id: a for a in loaded.articles}
    from .store import open as open_store
    from .stories import update_store

    with open_store(db, create=False) as store:
        progress = _grouping_progress(None)
        try:
            return update_store(store, workers=_workers(workers, store.count("articles")["articles"]),
                                on_problem=_reporter(progress), on_progress=progress.update if progress else None)
        finally:
            if progress is not None:
                progress.close()


def _grouping_progress(total: int | None) -> _Progress | None:
    """The bar of `chorus stories` and `digest` (articles analysed, articles/s, then "grouping"
    while the stories are cut), or None when stderr is not a terminal."""
    if not sys.stderr.isatty():
        return None
    return _Progress("stories", total, lambda done, seconds: "grouping" if done == total else _rate(done, seconds))


def _rate(done: int, seconds: float) -> str:
    return f"{done / max(seconds, 1e-6):,.0f} articles/s"


def _counts_only(_done: int, _seconds: float) -> None:
    """Nothing after the bar: its position and time left say it (clusters, parts, briefings)."""


def _since(value: str | None) -> datetime | None:
    """--since as a naive UTC datetime (what ingest stores); a bad date is a usage error."""
    if value is None:
        return None
    from datetime import timezone

    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        raise click.BadParameter(f"{value!r} is not an ISO 8601 date such as 2026-03-14 or 2026-03-14T09:00",
                                 param_hint="--since") from None
    if when.tzinfo is not None:
        when = when.astimezone(timezone.utc).replace(tzinfo=None)
    return when


_DB_HELP = ("Read the article database (see chorus ingest): a SQLite file or a postgresql:// URL. "
            "Default when no PATHS are given: $CHORUS_DB, else chorus.db.")
_WORKERS_HELP = ("Processes that clean and fingerprint articles; grouping itself runs in one. Default: one "
                 f"per core, up to {_MAX_AUTO_WORKERS}, for {_AUTO_WORKERS_FROM:,} articles or more; else 1.")


@cli.command(
    epilog=(
        "Near-duplicates (the same wire copy with small edits) join their original's story and are "
        "marked with the id they copy. With --db, articles not in a story yet are placed and the "
        "stories saved; stories already saved keep their ids and articles."
    )
)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--db", "db", metavar="URL", default=None, help=_DB_HELP)
@click.option("-f", "--format", "fmt", type=click.Choice(["markdown", "json"]), default="markdown",
              show_default=True,
              help='markdown for reading; json: {"stories": [{"id", "title", "articles": [{"id", "source", '
                   '"title", "outlet", "published", "duplicate_of"}]}]}.')
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Write to this file instead of standard output.")
@click.option("-j", "--workers", type=click.IntRange(min=1), default=None, help=_WORKERS_HELP)
def stories(paths: tuple[Path, ...], db: str | None, fmt: str, output: Path | None, workers: int | None) -> None:
    """Group articles into stories, largest first: from PATHS (files or directories), or the database.

    Every article is in exactly one story.
    """
    import json

    from .stories import stories_dict, stories_markdown

    try:
        found, articles = _grouped(paths, db, workers)
        text = (json.dumps(stories_dict(found, articles), ensure_ascii=False, indent=2) + "\n"
                if fmt == "json" else stories_markdown(found, articles))
        _emit(text, output)
    except ChorusError as e:
        raise click.ClickException(str(e)) from e


@cli.command(
    epilog=(
        "Copies of an article are folded into it, so a wire story run by several outlets is one "
        "source. --since DATE (ISO 8601; naive times are UTC) briefs only the stories with articles "
        "published after DATE, and each briefing opens with what is new: sentences of those "
        "articles that no earlier article of the story said."
    )
)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--db", "db", metavar="URL", default=None, help=_DB_HELP)
@click.option("--since", metavar="DATE", default=None, help="Lead each briefing with what is new since DATE.")
@click.option("-w", "--words", type=click.IntRange(min=1), default=_LIMITS.words, show_default=True,
              help="Word budget of each story's summary.")
@click.option("-n", "--limit", type=click.IntRange(min=1), default=None, help="Brief only the N largest stories.")
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default="markdown", show_default=True,
              help='markdown (a section per story), json ({"digest": [briefing, ...], "stories": [{"id", '
                   '"articles", "copies", "new_sentences"}], "since"}, each briefing as chorus brief --format '
                   "json), or html (one page).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Write to this file instead of standard output.")
@click.option("-j", "--workers", type=click.IntRange(min=1), default=None, help=_WORKERS_HELP)
def digest(paths: tuple[Path, ...], db: str | None, since: str | None, words: int, limit: int | None,
           fmt: str, output: Path | None, workers: int | None) -> None:
    """Write a briefing for each story, largest story first, from PATHS or the database."""
    from .digest import render_digest

    when = _since(since)
    options = Options(words=words)
    try:
        found, articles = _grouped(paths, db, workers)
        if paths:
            from .api import document_of
            from .clean import clean

            # Only the articles of the stories briefed are cleaned and split into sentences (with
            # --limit, a few of a large feed).
            entries = _briefed(found, lambda article_id: document_of(clean(articles[article_id])), articles, options,
                               when, limit)
        else:
            from .store import open as open_store

            with open_store(db, create=False) as store:
                entries = _briefed(found, store.document, articles, options, when, limit)
        _emit(render_digest(entries, fmt, when), output)
    except ChorusError as e:
        raise click.ClickException(str(e)) from e


def _briefed(found: list, document_of: Callable[[str], Document | Problem | None], articles: dict,
             options: Options, since: datetime | None, limit: int | None) -> list:
    """`chorus.digest.digest`, with a bar of the briefings written while stderr is a terminal; an
    article that `document_of` finds no text in is named on stderr and left out."""
    from .digest import digest as make_digest

    # With --since, how many stories have new articles is known only as they are briefed.
    total = None if since is not None else min(len(found), limit or len(found))
    progress = _Progress("briefings", total, _counts_only) if sys.stderr.isatty() else None

    def document(article_id: str) -> Document | None:
        got = document_of(article_id)
        if isinstance(got, Problem):
            _reporter(progress)(got)
            return None
        return got

    try:
        return make_digest(found, document, options=options, since=since, limit=limit,
                           on_progress=progress.update if progress else None, articles=articles)
    finally:
        if progress is not None:
            progress.close()


# -- batch (chorus.batch: the same pipeline on a Dask cluster) ----------------------------------

@cli.command(
    epilog=(
        "Runs chorus ingest + stories + digest on a Dask cluster: reading, cleaning and fingerprinting "
        "run as tasks over parts of the input, dedup and story grouping in this process in input "
        "order (so the stories are those of one machine), briefing on the workers again. With --out "
        "DIR: DIR/stories.jsonl (a story per line, as chorus stories --format json lists them) and "
        "DIR/digest.json, digest.md or digest.html by --format (as chorus digest prints it with the "
        "same --format, --words, --limit and --since). With --db: the articles are stored "
        "as chorus ingest stores them and grouped as chorus stories --db groups them; without SOURCES, "
        "the stored articles are grouped. Needs pip install 'chorus-news[batch]'."
    )
)
@click.argument("sources", nargs=-1)
@click.option("--db", "db", metavar="URL", default=None,
              help="Store the articles and stories in this database (a SQLite file or a postgresql:// URL).")
@click.option("-o", "--out", "out", metavar="DIR", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Write stories.jsonl and the digest to this directory.")
@click.option("-j", "--workers", type=click.IntRange(min=1), default=2, show_default=True,
              help="Worker processes of the local Dask cluster (ignored with --scheduler).")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="Use a running Dask cluster (e.g. tcp://head:8786) instead of starting a local one; "
                   "every worker needs this chorus installed and must see the SOURCES paths.")
@click.option("-w", "--words", type=click.IntRange(min=1), default=_LIMITS.words, show_default=True,
              help="Word budget of each story's summary.")
@click.option("-n", "--limit", type=click.IntRange(min=1), default=None, help="Brief only the N largest stories.")
@click.option("--since", metavar="DATE", default=None,
              help="Brief only the stories with articles published after DATE (ISO 8601; naive times are "
                   "UTC), each leading with what is new since then, as chorus digest --since does.")
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default="json", show_default=True,
              help="The digest file: digest.json, digest.md or digest.html, as chorus digest --format prints it.")
@click.option("--digest/--no-digest", default=True, show_default=True, help="Brief every story (with --out).")
@click.option("--batch-size", type=click.IntRange(min=1), default=500, show_default=True,
              help="Articles per database transaction (with --db).")
def batch(sources: tuple[str, ...], db: str | None, out: Path | None, workers: int, scheduler: str | None,
          words: int, limit: int | None, since: str | None, fmt: str, digest: bool, batch_size: int) -> None:
    """Ingest, dedup, group and brief SOURCES on a Dask cluster, into --out DIR and/or --db URL."""
    from .batch import run as run_batch

    when = _since(since)
    if out is None and db is None:
        raise click.UsageError("give --out DIR, --db URL or both")
    if not sources and db is None:
        raise click.UsageError("give SOURCES, or --db to group the articles already stored")
    bars: dict[str, _Progress] = {}  # the bar of the stage under way

    def progress(stage: str, done: int, total: int) -> None:
        if stage not in bars:
            for other in bars.values():
                other.close()
            bars.clear()
            bars[stage] = _Progress({"read": "read + group", "brief": "brief"}.get(stage, stage), total, _counts_only)
        bars[stage].update(done)

    def problem(p: Problem) -> None:
        _reporter(next(iter(bars.values()), None))(p)

    try:
        result = run_batch(list(sources), out=out, db=db, workers=workers, scheduler=scheduler,
                           options=Options(words=words), digest=digest, limit=limit, since=when, fmt=fmt,
                           batch_size=batch_size, on_problem=problem,
                           on_progress=progress if sys.stderr.isatty() else None)
    except ChorusError as e:
        raise click.ClickException(str(e)) from e
    finally:
        for bar in bars.values():
            bar.close()
    line = f"{result.read:,} {'articles read' if sources else 'stored articles'}"
    if result.stored is not None:
        line += f", {result.stored.new:,} new, {result.stored.duplicate:,} already stored"
    line += f", {result.stories:,} stories, {result.copies:,} copies"
    if result.briefed:
        line += f", {result.briefed:,} briefed"
    line += f" in {result.seconds:.1f} s"
    click.echo(line)
    for path in result.outputs:
        click.echo(f"wrote {path}")


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

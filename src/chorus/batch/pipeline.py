"""The batch pipeline: `chorus ingest` + `chorus stories` + `chorus digest` with the per-article work on Dask.

Three stages, the middle one in the client, as it needs every article:

1. read: workers read the parts of the input (`partition.plan`) and clean, fingerprint and
   featurize each article (`chorus.stories.analyse`), keeping its cleaned Document for later;
2. group: the client takes the parts back in input order and places them as `chorus stories`
   does (`StoryStream.place`: dedup, then story assignment, with hindsight up to
   `chorus.stories.HINDSIGHT_LIMIT` articles held at once, as a stream past it), so the stories
   are the same as on one machine; with a database the workers clean and segment the articles
   and the client stores
   them through `chorus.store` as `chorus ingest` does (in batches), then places them with
   `chorus.stories.update_store`, whose re-analysis of the stored articles runs on the workers;
3. brief: each chosen story's originals are sent to one worker (a shuffle: every part hands
   each worker the Documents it needs, never the whole corpus) and briefed with
   `chorus.digest.digest` and rendered there, each entry as the digest file spells it; the
   client writes them in digest order as they come, holding no more than it must.
"""

from __future__ import annotations

import heapq
import json
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from operator import itemgetter
from pathlib import Path
from typing import Any

from ..errors import ChorusError, ConfigError, NoArticles
from ..ingest import UniqueIds
from ..model import Article, Document, Problem, Story
from ..options import Options
from ..stories import Analysed, StoryStream, analyse, stories_dict
from . import engine
from .engine import cluster, in_order, threads, worker_peaks_mb
from .partition import PARTITION_BYTES, Part, Read, count_lines, number_lines, plan, read_part

__all__ = ["BatchResult", "run"]

STORIES_FILE = "stories.jsonl"
# The digest file by --format: what `chorus digest --format F` prints.
DIGEST_FILES = {"json": "digest.json", "markdown": "digest.md", "html": "digest.html"}
# Briefing tasks per worker thread when the Documents stay on the workers (files input).
BUCKETS_PER_THREAD = 8
# Stories per briefing task when the client sends the Documents (database input).
STORIES_PER_TASK = 50
# Articles per analysis task when the store's articles are regrouped.
ARTICLES_PER_TASK = 500

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True, slots=True)
class BatchResult:
    """What a batch did: articles read, stories and copies found, briefings written, and where.

    `stored` is the ingest's counts with a database (None without one). Peak memory is the
    largest resident set of the client process (which also runs a local cluster's scheduler) and
    of each worker, in MB.
    """

    read: int
    stories: int
    copies: int
    briefed: int
    seconds: float
    outputs: tuple[str, ...] = ()
    stored: Any = None
    problems: tuple[Problem, ...] = field(default=(), compare=False)
    client_peak_mb: float = 0.0
    worker_peak_mb: tuple[float, ...] = ()


def run(
    sources: Iterable[str | os.PathLike[str]] = (),
    *,
    out: str | os.PathLike[str] | None = None,
    db: str | None = None,
    workers: int = 2,
    scheduler: str | None = None,
    options: Options = Options(),
    digest: bool = True,
    limit: int | None = None,
    since: datetime | None = None,
    fmt: str = "json",
    batch_size: int = 500,
    partition_bytes: int = PARTITION_BYTES,
    on_problem: Callable[[Problem], None] | None = None,
    on_progress: Progress | None = None,
) -> BatchResult:
    """Ingest, dedup, group and brief `sources` on a Dask cluster; write to `out` and/or `db`.

    - sources and `out`: DIR/stories.jsonl (one story per line, as `chorus stories --format
      json` lists them) and the digest, DIR/digest.json, digest.md or digest.html by `fmt`
      (what `chorus digest --format FMT` prints, with the same `limit`, `since` and words);
    - sources and `db`: the articles are stored as `chorus ingest` stores them and grouped as
      `chorus stories --db` groups them; with `out` as well, the files are written from the store;
    - no sources, `db`: the stored articles not in a story yet are placed (`chorus stories --db`).

    `scheduler` is the address of a running Dask scheduler; without it a local cluster of
    `workers` processes is started for the run. Raises ConfigError without the batch extra.
    """
    sources = [sources] if isinstance(sources, (str, os.PathLike)) else list(sources)
    if out is None and db is None:
        raise ConfigError("give --out DIR, --db URL or both: where the batch writes")
    if fmt not in DIGEST_FILES:
        raise ConfigError(f"unknown format {fmt!r}; choose one of {', '.join(DIGEST_FILES)}")
    engine.require_dask()
    started = time.perf_counter()
    problems: list[Problem] = []

    def report(problem: Problem) -> None:
        problems.append(problem)
        if on_problem is not None:
            on_problem(problem)

    progress = on_progress or (lambda stage, done, total: None)
    out_dir = None if out is None else Path(out)
    if out_dir is not None:
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise ChorusError(f"{out_dir}: cannot create the output directory: {e.strerror or e}") from e
    with cluster(workers, scheduler) as client:
        if db is None:
            run_ = _FromFiles(client, options, report, progress)
            stories, articles, briefed, outputs = run_.go(sources, out_dir, digest, limit, since, fmt,
                                                          partition_bytes)
            stored = None
        else:
            stories, articles, briefed, outputs, stored = _with_store(
                client, db, sources, out_dir, options, digest, limit, since, fmt, batch_size, partition_bytes,
                report, progress)
        peaks = tuple(worker_peaks_mb(client))
    return BatchResult(
        read=len(articles) if stored is None else stored.read,
        stories=len(stories),
        copies=sum(len(c) for s in stories for _, c in s.duplicates),
        briefed=briefed,
        seconds=time.perf_counter() - started,
        outputs=tuple(str(p) for p in outputs),
        stored=stored,
        problems=tuple(problems),
        client_peak_mb=engine.peak_mb(),
        worker_peak_mb=peaks,
    )


# -- reading the parts ---------------------------------------------------------------------------

def _numbered(client: Any, parts: list[Part | Problem]) -> list[Part | Problem]:
    """The parts with the first line number of each JSONL range (lines counted on the workers)."""
    ranges = [p for p in parts if isinstance(p, Part) and p.kind == "jsonl"]
    if not ranges:
        return parts
    futures = client.map(count_lines, [p.sources[0] for p in ranges], [p.start for p in ranges],
                         [p.end for p in ranges])
    return number_lines(parts, client.gather(futures))


def _window(client: Any) -> int:
    return 2 * threads(client) + 2


def _read(client: Any, parts: list[Part | Problem], options: Options, what: str,
          progress: Progress) -> Iterator[tuple[int, list, Any]]:
    """(part number, items, Documents future or None) per part, in input order; a Problem is its own part.

    A file whose first part finds it unreadable (UTF-16, binary, an OS error) is dropped whole,
    as `chorus ingest` drops it: its later parts are not read.
    """
    pending: deque[tuple[int, Any, Any]] = deque()
    refused: set[str] = set()
    window = _window(client)
    total = len(parts)
    done = 0

    def take() -> tuple[int, list, Any]:
        nonlocal done
        number, head, docs = pending.popleft()
        # With Documents, `head` is the items alone; otherwise the whole (items, None) of read_part.
        items = head.result() if docs is not None else head.result()[0]
        done += 1
        progress("read", done, total)
        return number, items, docs

    def settle(number: int, items: list, docs: Any) -> tuple[int, list, Any]:
        part = parts[number]
        if isinstance(part, Part) and part.kind == "jsonl":
            source = part.sources[0]
            if source in refused:
                return number, [], None
            if part.start == 0 and items and isinstance(items[0], Problem) and items[0].line is None \
                    and items[0].source == source:
                refused.add(source)
        return number, items, docs

    for number, part in enumerate(parts):
        if isinstance(part, Problem):
            pending.append((number, _Done(([part], None)), None))
        else:
            whole = client.submit(read_part, part, options, what, pure=False)
            if what == "group+docs":
                head = client.submit(itemgetter(0), whole, pure=False)
                docs = client.submit(itemgetter(1), whole, pure=False)
                pending.append((number, head, docs))
            else:
                pending.append((number, whole, None))
            del whole
        while len(pending) > window:
            yield settle(*take())
    while pending:
        yield settle(*take())


class _Done:
    """A finished result in a future's clothes, for Problems found while planning."""

    def __init__(self, value: Any) -> None:
        self._value = value

    def result(self) -> Any:
        return self._value


# -- files in, files out ---------------------------------------------------------------------------

class _FromFiles:
    """`chorus stories PATHS` + `chorus digest PATHS`: ids made unique over the whole input, as `load` does."""

    def __init__(self, client: Any, options: Options, report: Callable[[Problem], None], progress: Progress) -> None:
        self.client = client
        self.options = options
        self.report = report
        self.progress = progress

    def go(self, sources: list, out_dir: Path | None, digest: bool, limit: int | None, since: datetime | None,
           fmt: str, partition_bytes: int) -> tuple[list[Story], dict[str, Article], int, list[Path]]:
        client = self.client
        parts = _numbered(client, plan(sources, self.options, partition_bytes))
        stream = StoryStream()
        ids = UniqueIds()
        articles: dict[str, Article] = {}
        where: dict[str, tuple[int, int, str]] = {}   # usable id -> (part, Document index, id as read)
        docs_of: dict[int, Any] = {}
        what = "group+docs" if digest else "group"

        def analysed_in_order() -> Iterator[Analysed]:
            """Each usable article's analysis, in input order, noting the article on the way."""
            for number, items, docs in _read(client, parts, self.options, what, self.progress):
                if docs is not None:
                    docs_of[number] = docs
                index = 0
                for item in items:
                    if isinstance(item, Problem):
                        self.report(item)
                        continue
                    read: Read = item
                    uid = ids.claim(read.article.id)
                    article = read.article if uid == read.article.id else replace(read.article, id=uid)
                    articles[uid] = article
                    if digest:
                        self._prepare(read, article, index, number, where)
                        index += 1
                    yield read.analysed if uid == read.article.id else replace(read.analysed, id=uid)

        stream.place(analysed_in_order())  # as chorus stories places the same articles
        if not articles:
            raise NoArticles("no usable article in the input")
        if (late := stream.order_problem()) is not None:
            self.report(late)
        stories = stream.stories()
        outputs: list[Path] = []
        if out_dir is not None:
            outputs.append(_write_stories(out_dir, stories, articles))
        briefed = 0
        if digest and out_dir is not None:
            chosen = _chosen(stories, lambda a: articles[a] if a in where else None, limit, since)
            layout = _Layout(fmt, since, len(chosen))
            outputs.append(_write_digest(out_dir, layout, self._brief(chosen, where, docs_of, layout)))
            briefed = len(chosen)
        docs_of.clear()
        return stories, articles, briefed, outputs

    def _prepare(self, read: Read, article: Article, index: int, number: int,
                 where: dict[str, tuple[int, int, str]]) -> None:
        """Note where the article's Document is, or report why `chorus.api.prepare` left it out."""
        if read.dropped is not None:
            self.report(read.dropped)
        else:
            where[article.id] = (number, index, read.article.id)

    def _brief(self, chosen: list[Story], where: dict[str, tuple[int, int, str]],
               docs_of: dict[int, Any], layout: _Layout) -> Iterator[Any]:
        """Brief the chosen stories on the workers, rendered, in digest order.

        Each part sends each bucket only its stories' Documents. A bucket's entries are held
        only until the entries before them in the digest have come.
        """
        client = self.client
        if not chosen:
            return
        n_buckets = max(1, min(len(chosen), BUCKETS_PER_THREAD * threads(client)))
        buckets: list[list[Story]] = [[] for _ in range(n_buckets)]
        wanted: dict[int, dict[int, dict[int, tuple[str, str]]]] = {}  # part -> bucket -> index -> (id, id as read)
        # Largest story first into the bucket with the fewest articles so far: even buckets, no long tail.
        loads = [(0, b) for b in range(n_buckets)]
        for story in chosen:
            load, b = heapq.heappop(loads)
            heapq.heappush(loads, (load + len(story.originals), b))
            buckets[b].append(story)
            for a in story.originals:
                if a in where:
                    part, index, raw = where[a]
                    wanted.setdefault(part, {}).setdefault(b, {})[index] = (a, raw)
        picks: list[list[Any]] = [[] for _ in range(n_buckets)]
        for part, by_bucket in wanted.items():
            for b, needed in by_bucket.items():
                picks[b].append(client.submit(_pick, docs_of[part], needed, pure=False))
        number = {s.id: k for k, s in enumerate(chosen, start=1)}
        futures = [client.submit(_brief_stories, buckets[b], self.options, layout,
                                 {s.id: number[s.id] for s in buckets[b]}, *picks[b], pure=False)
                   for b in range(n_buckets)]
        del picks
        distributed = engine.require_dask()
        waiting: dict[str, Any] = {}
        next_ = 0
        for done, future in enumerate(distributed.as_completed(futures), start=1):
            waiting.update(future.result())
            future.release()
            self.progress("brief", done, n_buckets)
            while next_ < len(chosen) and chosen[next_].id in waiting:
                yield waiting.pop(chosen[next_].id)
                next_ += 1
        if next_ < len(chosen):
            raise _unbriefed(chosen[next_])


def _pick(docs: tuple[Document | None, ...], needed: dict[int, tuple[str, str]]) -> dict[str, Document]:
    """Worker: the Documents a bucket needs from one part, under their ids as loaded ("a-2" for a second "a")."""
    out = {}
    for index, (uid, raw) in needed.items():
        doc = docs[index]
        if doc is None:
            continue
        if uid != raw:
            doc = Document(replace(doc.article, id=uid), tuple(replace(s, article=uid) for s in doc.sentences))
        out[uid] = doc
    return out


@dataclass(frozen=True, slots=True)
class _Layout:
    """The digest file to write: its format, `since`, and how many stories it holds (its head says)."""

    fmt: str
    since: datetime | None
    count: int


def _brief_stories(stories: list[Story], options: Options, layout: _Layout, number: dict[str, int],
                   *picked: Any) -> dict[str, Any]:
    """Worker: `chorus.digest.digest` of some stories, each entry rendered as the digest file spells it.

    `number` gives each story's place in the whole digest, from 1 (HTML anchors are numbered by it).
    """
    from ..digest import digest

    docs: dict[str, Document] = {}
    for p in picked:
        docs.update(p)
    return {e.story.id: _render_entry(e, layout, number[e.story.id])
            for e in digest(stories, docs, options=options, since=layout.since)}


def _render_entry(entry: Any, layout: _Layout, number: int) -> Any:
    """One entry as the digest file spells it, to be joined in the client (see `_write_digest`).

    JSON: the digest of this entry alone, as data; Markdown and HTML: the entry's text.
    """
    from ..digest import digest_dict, digest_entry

    if layout.fmt == "json":
        return digest_dict([entry], layout.since)
    return digest_entry(entry, layout.fmt, layout.since, number)


def _chosen(stories: list[Story], documented: Callable[[str], Article | None], limit: int | None,
            since: datetime | None) -> list[Story]:
    """The stories `chorus.digest.digest` briefs, in its order: largest first, then `limit` of them.

    Those with an original that has a Document (`documented` gives its Article, None without
    one) and, with `since`, one such original published after `since`.
    """
    from ..digest import briefs

    chosen = []
    for story in sorted(stories, key=lambda s: -len(s.articles)):
        if briefs([a for a in map(documented, story.originals) if a is not None], since):
            chosen.append(story)
            if limit is not None and len(chosen) >= limit:
                break
    return chosen


def _unbriefed(story: Story) -> ChorusError:
    # `_chosen` picks what `digest` briefs; should they ever differ, the file would not be `chorus digest`'s.
    return ChorusError(f"story {story.id} was chosen for the digest but not briefed")


def _write_stories(out_dir: Path, stories: list[Story], articles: dict[str, Article]) -> Path:
    """DIR/stories.jsonl: one story per line, each as `chorus stories --format json` lists it."""
    path = out_dir / STORIES_FILE
    try:
        with open(path, "w", encoding="utf-8") as f:
            for story in stories:
                f.write(json.dumps(stories_dict([story], articles)["stories"][0], ensure_ascii=False) + "\n")
    except OSError as e:
        raise ChorusError(f"{path}: cannot write: {e.strerror or e}") from e
    return path


def _write_digest(out_dir: Path, layout: _Layout, entries: Iterable[Any]) -> Path:
    """The digest file, what `chorus digest --format FMT` prints, written an entry at a time.

    `entries` are `_render_entry`'s, in digest order.
    """
    if layout.fmt == "json":
        return _write_json(out_dir / DIGEST_FILES["json"], layout, entries)
    return _write_text(out_dir / DIGEST_FILES[layout.fmt], layout, entries)


def _write_text(path: Path, layout: _Layout, texts: Iterable[str]) -> Path:
    """A Markdown or HTML digest: the head, the entries, the tail.

    Written under a temporary name and renamed when whole, so a failed run leaves no half digest.
    """
    from ..digest import digest_head, digest_tail

    part = path.with_name(path.name + ".part")
    try:
        with open(part, "w", encoding="utf-8") as f:
            f.write(digest_head(layout.fmt, layout.count, layout.since))
            for text in texts:
                f.write(text)
            f.write(digest_tail(layout.fmt))
        os.replace(part, path)
    except OSError as e:
        raise ChorusError(f"{path}: cannot write: {e.strerror or e}") from e
    finally:
        part.unlink(missing_ok=True)
    return path


def _write_json(path: Path, layout: _Layout, entries: Iterable[dict[str, Any]]) -> Path:
    """A JSON digest. Each entry comes as the one-story digest `render_digest` makes of it; their
    lists ("digest", and whatever else the digest lists per story) are concatenated key by key
    (spilled to temporary files, so no list is held whole), the other values taken from the
    digest of no story.
    """
    import tempfile

    from ..digest import digest_dict

    template = digest_dict([], layout.since)
    lists = [k for k, v in template.items() if isinstance(v, list)]
    spill = {k: tempfile.TemporaryFile("w+", encoding="utf-8") for k in lists}
    counts = dict.fromkeys(lists, 0)
    try:
        for entry in entries:
            for key in lists:
                for item in entry.get(key, ()):
                    text = json.dumps(item, ensure_ascii=False, indent=2)
                    spill[key].write((",\n" if counts[key] else "") + _indent(text, 4))
                    counts[key] += 1
        with open(path, "w", encoding="utf-8") as f:
            f.write("{\n")
            for n, (key, value) in enumerate(template.items()):
                f.write(f"  {json.dumps(key)}: ")
                if key in spill and counts[key]:
                    f.write("[\n")
                    spill[key].seek(0)
                    while block := spill[key].read(1 << 20):
                        f.write(block)
                    f.write("\n  ]")
                else:
                    f.write(_indent(json.dumps(value, ensure_ascii=False, indent=2), 2).lstrip())
                f.write(",\n" if n < len(template) - 1 else "\n")
            f.write("}\n")
    except OSError as e:
        raise ChorusError(f"{path}: cannot write: {e.strerror or e}") from e
    finally:
        for file in spill.values():
            file.close()
    return path


def _indent(text: str, spaces: int) -> str:
    pad = " " * spaces
    return "\n".join(pad + line for line in text.split("\n"))


# -- the database ----------------------------------------------------------------------------------

def _with_store(client: Any, db: str, sources: list, out_dir: Path | None, options: Options, digest: bool,
                limit: int | None, since: datetime | None, fmt: str, batch_size: int, partition_bytes: int,
                report: Callable[[Problem], None], progress: Progress) -> tuple:
    """`chorus ingest SOURCES --db` then `chorus stories --db` (and the digest from the store)."""
    from .. import store as chorus_store
    from ..stories import update_store

    stored = None
    with chorus_store.open(db, create=bool(sources)) as st:
        if sources:
            parts = _numbered(client, plan(sources, options, partition_bytes))
            def items() -> Iterator[Any]:
                for _number, got, _docs in _read(client, parts, options, "documents", progress):
                    yield from got

            stored = st.add_articles(items(), batch_size=batch_size, on_problem=report)
            if stored.read == 0:
                raise NoArticles("no article found in the sources")
        stories, articles = update_store(st, analyse_map=_Analyser(client), on_problem=report)
        outputs: list[Path] = []
        briefed = 0
        if out_dir is not None:
            outputs.append(_write_stories(out_dir, stories, articles))
            if digest:
                # Every stored article has its Document (its stored sentences): `articles` has them all.
                chosen = _chosen(stories, articles.get, limit, since)
                layout = _Layout(fmt, since, len(chosen))
                starts = range(0, len(chosen), STORIES_PER_TASK)
                total = len(starts)

                def rendered() -> Iterator[Any]:
                    jobs = ((chosen[i:i + STORIES_PER_TASK], i + 1,
                             {a: d for s in chosen[i:i + STORIES_PER_TASK] for a in s.originals
                              if (d := st.document(a)) is not None})
                            for i in starts)
                    for done, texts in enumerate(in_order(client, _brief_group, jobs, options, layout,
                                                          window=_window(client)), start=1):
                        progress("brief", done, total)
                        yield from texts

                outputs.append(_write_digest(out_dir, layout, rendered()))
                briefed = len(chosen)
    return stories, articles, briefed, outputs, stored


def _brief_group(job: tuple[list[Story], int, dict[str, Document]], options: Options, layout: _Layout) -> list[Any]:
    """Worker: the rendered entries of consecutive stories of the digest, the first of them its `first`th."""
    stories, first, docs = job
    rendered = _brief_stories(stories, options, layout, {s.id: k for k, s in enumerate(stories, start=first)}, docs)
    missing = [s for s in stories if s.id not in rendered]
    if missing:
        raise _unbriefed(missing[0])
    return [rendered[s.id] for s in stories]


class _Analyser:
    """`chorus.stories.analyse` over a stream of articles on the cluster, results in order."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def __call__(self, articles: Iterable[Article]) -> Iterator[Analysed]:
        for chunk in in_order(self.client, _analyse_many, _chunks(articles, ARTICLES_PER_TASK),
                              window=_window(self.client)):
            yield from chunk


def _analyse_many(articles: list[Article]) -> list[Analysed]:
    return [analyse(a) for a in articles]


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk

"""From a stream of articles to stories: clean, find copies (`chorus.dedup`), group (`chorus.cluster`).

`StoryStream` takes one article at a time, so a long-running ingest can keep one and feed it; a
copy joins its original's story and is listed as a duplicate there. `group_stories` runs a whole
batch given at once (`chorus stories PATHS`), optionally analysing articles (cleaning, shingling,
features) in worker processes, and groups it with hindsight (`chorus.communities`): each article
is compared with all the others, not only with the stories before it, so an article goes with the
articles it is closest to and the input's order matters little (bench/stories_eval.py).

>>> from chorus.model import Article
>>> text = "The Millbrook dam burst on Sunday night and flooded the Harrow valley below it. " * 3
>>> stream = StoryStream()
>>> a, b = (Article(i, "Dam bursts", None, i, None, text) for i in ("a", "b"))
>>> stream.add(a) == stream.add(b), stream.stories()[0].duplicates
(True, (('a', ('b',)),))
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import timedelta

from .clean import clean
from .cluster import DATED_THRESHOLD, THRESHOLD, WINDOW_DAYS, Clusterer, Features, features
from .communities import communities
from .dedup import Deduper, Fingerprint, article_text, fingerprint
from .model import Article, Problem, Story

# Past this many articles, a batch is grouped as a stream: hindsight holds every article's
# features at once (in bench/batch_speed.py, a peak of about 2.0 GB for 100,000 articles of
# bench/stream_speed.py's feed in one process, 2.3 GB without their dates: 20 to 23 KB each).
# Dated articles are compared only with their weeks, undated ones with a shortlist of all the
# others (`chorus.communities`), so time grows with the number of articles, not its square.
HINDSIGHT_LIMIT = 200_000

__all__ = ["HINDSIGHT_LIMIT", "Analysed", "StoryStream", "analyse", "group_stories", "stories_dict", "stories_markdown", "update_store"]


@dataclass(frozen=True, slots=True)
class Analysed:
    """Everything grouping needs of one article, computed without shared state (picklable)."""

    id: str
    fingerprint: Fingerprint
    features: Features


def analyse(article: Article, cleaned: Article | None = None) -> Analysed:
    """Clean an article (unless the caller has, `cleaned`) and compute its dedup fingerprint and
    clustering features."""
    cleaned = clean(article) if cleaned is None else cleaned
    return Analysed(article.id, fingerprint(article_text(cleaned)), features(cleaned))


class StoryStream:
    """Dedup and story grouping over a stream; `add` returns the story id an article went to."""

    def __init__(self, threshold: float = THRESHOLD, window_days: float = WINDOW_DAYS,
                 dated_threshold: float = DATED_THRESHOLD) -> None:
        self.dedup = Deduper()
        self.clusterer = Clusterer(threshold, window_days, dated_threshold)

    def add(self, article: Article, story: str | None = None) -> str:
        """Clean, dedup and place one article; `story` forces it into that story (see `add_analysed`)."""
        return self.add_analysed(analyse(article), story)

    def add_analysed(self, item: Analysed, story: str | None = None) -> str:
        """Place an analysed article: in its original's story if it is a copy, else by similarity.

        `story` replays a placement made earlier (e.g. read back from the store), so that stories
        keep their ids and members however the thresholds have changed since.
        """
        original = self.dedup.add(item.id, item.fingerprint, item.features.published)
        return self.clusterer.add(item.id, item.features, duplicate_of=original, story=story)

    def place(self, items: Iterable[Analysed], placed: dict[str, str] | None = None) -> None:
        """Place a batch: with hindsight (`_with_hindsight`) up to `HINDSIGHT_LIMIT` articles,
        which it holds in memory at once; past that, as a stream in the order given.

        Copies are found as the articles come (what dedup answers depends only on the articles
        before them), while later ones may still be being analysed in other processes.
        """
        placed = placed or {}
        items = iter(items)
        held: list[Analysed] = []
        originals: list[str | None] = []
        for item in itertools.islice(items, HINDSIGHT_LIMIT + 1):
            held.append(item)
            originals.append(self.dedup.add(item.id, item.fingerprint, item.features.published))
        if len(held) <= HINDSIGHT_LIMIT:
            self._with_hindsight(held, originals, placed)
            return
        for item, original in zip(held, originals):
            self.clusterer.add(item.id, item.features, duplicate_of=original, story=placed.get(item.id))
        for item in items:
            self.add_analysed(item, story=placed.get(item.id))

    def _with_hindsight(self, items: list[Analysed], originals: list[str | None], placed: dict[str, str]) -> None:
        """Place articles that are all at hand, whose copies are known (`originals`: the article
        each copies, or None), with hindsight: the articles that copy none are grouped by
        `chorus.communities` (each compared with all the others, not only with the stories
        before it), and the stories are built as `add` builds them. A new story's id is minted
        from its first article in the order given, as `add` mints it. `placed` (article id ->
        story id) replays placements made earlier, as `story` does for `add_analysed`: those
        articles stay in their stories, which the others may join.
        """
        firsts = [i for i, original in zip(items, originals) if original is None]
        label = {sid: n for n, sid in enumerate(dict.fromkeys(placed.values()))}
        membership = communities([i.features for i in firsts], self.clusterer.window / timedelta(days=1),
                                 [label[placed[i.id]] if i.id in placed else None for i in firsts])
        story_of = {i.id: placed[i.id] for i in firsts if i.id in placed}
        name: dict[int, str] = {c: story_of[i.id] for i, c in zip(firsts, membership) if i.id in story_of}
        taken = set(placed.values())
        for item, community in zip(firsts, membership):
            if community not in name:
                name[community] = self.clusterer.new_story_id(item.id, taken)
                taken.add(name[community])
            story_of.setdefault(item.id, name[community])
        for item, original in zip(items, originals):
            self.clusterer.add(item.id, item.features, duplicate_of=original,
                               story=story_of.get(item.id) if original is None else placed.get(item.id))

    def duplicate_of(self, article_id: str) -> str | None:
        """The original an article copies, or None."""
        original = self.dedup.original_of(article_id)
        return None if original == article_id else original

    def stories(self) -> list[Story]:
        """Every story so far, largest first."""
        return self.clusterer.stories()

    def order_problem(self) -> Problem | None:
        """A warning when articles came so long after later-dated ones that the stories of their
        days may have been forgotten: late articles (an archive given after a later one) still
        join their closed stories, but only up to `COLD_STORIES` closed stories are kept."""
        n = self.clusterer.late
        if not n:
            return None
        which = f"{self.clusterer.first_late}{', …' if n > 1 else ''}"
        return Problem(
            source="input order",
            message=(f"{n} article{'s' if n > 1 else ''} ({which}) came after articles dated long after them, "
                     "when the closed stories of their days were no longer kept (chorus keeps the "
                     f"{self.clusterer.cold_stories:,} latest for articles that come late), so they may stand apart "
                     "from their stories: give the inputs merged in date order"),
            skipped=False,
        )


def group_stories(articles: Iterable[Article], *, workers: int = 1, hindsight: bool = True,
                  threshold: float = THRESHOLD, window_days: float = WINDOW_DAYS,
                  dated_threshold: float = DATED_THRESHOLD,
                  on_progress: Callable[[int], None] | None = None) -> tuple[list[Story], StoryStream]:
    """Group a batch of articles into stories, largest first (`StoryStream.place`: with hindsight
    up to `HINDSIGHT_LIMIT` articles, about 20 KB of memory each; past it, or with `hindsight`
    false, as a stream in the order given, in flat memory).

    With `workers` > 1 the per-article analysis runs in that many processes; the result is the
    same as with one. `on_progress` hears how many articles have been analysed so far; with
    hindsight, the grouping itself comes after the last.
    """
    stream = StoryStream(threshold, window_days, dated_threshold)
    items = _counted(_analysed(articles, workers), on_progress)
    if hindsight:
        stream.place(items)
    else:
        for item in items:
            stream.add_analysed(item)
    return stream.stories(), stream


def _counted(items: Iterable[Analysed], on_progress: Callable[[int], None] | None) -> Iterator[Analysed]:
    """`items`, telling `on_progress` how many have gone by."""
    for n, item in enumerate(items, 1):
        if on_progress is not None:
            on_progress(n)
        yield item


def _analysed(articles: Iterable[Article], workers: int) -> Iterator[Analysed]:
    if workers <= 1:
        yield from map(analyse, articles)
        return
    import multiprocessing

    # fork shares the loaded modules with the workers; elsewhere (macOS, Windows) spawn works too.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    try:
        pool = multiprocessing.get_context(method).Pool(workers)
    except OSError:  # no processes to be had (a sandbox, a process limit): the same work in this one
        yield from map(analyse, articles)
        return
    with pool:
        yield from pool.imap(analyse, articles, chunksize=64)


# -- the store: stories kept across runs ---------------------------------------------------------

def update_store(store: object, *, workers: int = 1,
                 analyse_map: Callable[[Iterable[Article]], Iterable[Analysed]] | None = None,
                 on_problem: Callable[[Problem], None] | None = None,
                 on_progress: Callable[[int], None] | None = None,
                 ) -> tuple[list[Story], dict[str, Article]]:
    """Place the store's unassigned articles in stories and save that; return every story.

    The grouping state is not stored, so it is rebuilt by replaying stored articles in ingest
    order, each already placed one kept in the story it is in (its id and members stay as they
    were), and the new ones placed with hindsight among them (`StoryStream.place`), so that a
    folder ingested into a new store is grouped as `chorus stories FOLDER` groups it (past
    `HINDSIGHT_LIMIT` articles replayed, as a stream in ingest order). When every new article is dated, only
    stored articles from two story windows before the earliest of them on (and undated ones) are
    replayed: older stories are out of the new articles' date window anyway. Stories that got new
    articles are (re)titled; assignments and copies are written in one transaction. Returns the
    stories as stored (largest first) and every stored article without its text, for listing.

    `analyse_map` replaces the local analysis (`workers` processes): a function that takes the
    articles to replay and yields their `Analysed`, in the same order (e.g. on a cluster).
    `on_problem` hears of new articles whose stories may have been forgotten (`order_problem`);
    `on_progress`, how many articles have been replayed so far.
    """
    from dataclasses import replace as _replace

    records = store.stories()  # type: ignore[attr-defined]
    placed = {a: r.id for r in records for a in r.articles}
    known_copies = store.duplicates()  # type: ignore[attr-defined]
    articles: dict[str, Article] = {}
    new, earliest, undated = store.unassigned_span()  # type: ignore[attr-defined]
    if new:
        stream = StoryStream()
        horizon = None if undated or earliest is None else earliest - 2 * stream.clusterer.window

        def replayed(items: Iterable[Article]) -> Iterator[Article]:
            for article in items:
                articles[article.id] = _replace(article, text="")
                if horizon is None or article.published is None or article.published >= horizon:
                    yield article

        seen: list[str] = []

        def recorded(items: Iterable[Analysed]) -> Iterator[Analysed]:
            for item in items:
                seen.append(item.id)
                if on_progress is not None:
                    on_progress(len(seen))
                yield item

        analysed = (analyse_map(replayed(store.articles())) if analyse_map is not None  # type: ignore[attr-defined]
                    else _analysed(replayed(store.articles()), workers))  # type: ignore[attr-defined]
        stream.place(recorded(analysed), placed)
        pairs = [(a, stream.clusterer.story_of(a)) for a in seen if a not in placed]
        grown = {sid for _, sid in pairs}
        if on_problem is not None and (late := stream.order_problem()) is not None:
            on_problem(late)
        stories = stream.stories()
        # A copy as the stories record it (one placed apart from its original earlier is not).
        copy_of = {c: original for story in stories for original, copies in story.duplicates for c in copies}
        with store.transaction():  # type: ignore[attr-defined]
            for story in stories:
                if story.id in grown:
                    store.put_story(story.id, story.title)  # type: ignore[attr-defined]
            store.assign_many(pairs)  # type: ignore[attr-defined]
            for article_id in seen:
                if copy_of.get(article_id) != known_copies.get(article_id):
                    store.set_duplicate(article_id, copy_of.get(article_id))  # type: ignore[attr-defined]
        records = store.stories()  # type: ignore[attr-defined]
        known_copies = store.duplicates()  # type: ignore[attr-defined]
    else:
        articles = {a.id: _replace(a, text="") for a in store.articles()}  # type: ignore[attr-defined]
    return _stored_stories(records, known_copies), articles


def _stored_stories(records: Iterable[object], copy_of: dict[str, str]) -> list[Story]:
    """Story objects for the store's story records, largest first (then oldest first)."""
    out = []
    for r in records:
        members = tuple(r.articles)  # type: ignore[attr-defined]
        inside = set(members)
        groups: dict[str, list[str]] = {}
        for a in members:
            original = copy_of.get(a)
            if original is not None and original in inside:
                groups.setdefault(original, []).append(a)
        out.append(Story(r.id, r.title, members, tuple((k, tuple(v)) for k, v in groups.items())))  # type: ignore[attr-defined]
    return sorted(out, key=lambda s: -len(s.articles))


# -- listing -------------------------------------------------------------------------------------

def stories_dict(stories: list[Story], articles: dict[str, Article]) -> dict:
    """`{"stories": [{"id", "title", "articles": [{"id", "source", ...}]}]}`, largest story first.

    Each article entry: id, source, title, outlet, published (ISO 8601 or null) and
    duplicate_of (the id of the member it is a near-copy of, or null).
    """
    out = []
    for story in stories:
        copy_of = {c: original for original, copies in story.duplicates for c in copies}
        out.append({
            "id": story.id,
            "title": story.title,
            "articles": [_article_entry(articles[a], copy_of.get(a)) for a in story.articles],
        })
    return {"stories": out}


def _article_entry(article: Article, duplicate_of: str | None) -> dict:
    return {
        "id": article.id,
        "source": article.source,
        "title": article.title,
        "outlet": article.outlet,
        "published": article.published.isoformat() if article.published else None,
        "duplicate_of": duplicate_of,
    }


def stories_markdown(stories: list[Story], articles: dict[str, Article]) -> str:
    """A readable list: one section per story, its articles below, copies marked."""
    n_articles = sum(len(s.articles) for s in stories)
    lines = [f"# {len(stories):,} {'story' if len(stories) == 1 else 'stories'} from "
             f"{n_articles:,} article{'' if n_articles == 1 else 's'}"]
    for story in stories:
        copy_of = {c: original for original, copies in story.duplicates for c in copies}
        title = " ".join(story.title.split()) or "(untitled)"
        n = len(story.articles)
        lines += ["", f"## {title}", "", f"_{story.id} · {n} article{'' if n == 1 else 's'}_", ""]
        for a in story.articles:
            article = articles[a]
            what = " ".join(article.title.split()) or article.source
            extra = [x for x in (article.outlet, article.published.date().isoformat() if article.published else None) if x]
            line = f"- {what}" + (f" — {', '.join(extra)}" if extra else "") + f" [{a}]"
            if a in copy_of:
                line += f" (copy of {copy_of[a]})"
            lines.append(line)
    return "\n".join(lines) + "\n"

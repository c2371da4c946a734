"""Story grouping: one event per story, dates respected, ids stable, nobody left out."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from chorus.api import load
from chorus.clock import CORROBORATION
from chorus.cluster import Clusterer, features, story_id
from chorus.model import Article, Story
from chorus.stories import StoryStream, analyse, group_stories

DATA = Path(__file__).parent / "data" / "stories" / "articles.jsonl"
# Two unrelated stories, for the tests of dates and of a stream's clock.
HARBOR = "Harbor officials in Port Calder closed the Calder Channel after the Northern Tern ran aground."
QUORRA = "Quorra Semiconductor profit rose 48 percent on data-center orders, chief executive Lena Marsh said."
MILLBROOK_APRIL = ["millbrook-wire", "millbrook-daily", "millbrook-post", "millbrook-followup"]


@pytest.fixture(scope="module")
def articles() -> dict[str, Article]:
    return {a.id: a for a in load([DATA]).articles}


def grouping(stories: list[Story]) -> set[frozenset[str]]:
    return {frozenset(s.articles) for s in stories}


def test_articles_about_one_event_form_one_story(articles: dict[str, Article]) -> None:
    stories, _ = group_stories(articles[i] for i in MILLBROOK_APRIL)
    assert grouping(stories) == {frozenset(MILLBROOK_APRIL)}


def test_a_look_alike_event_elsewhere_starts_a_new_story(articles: dict[str, Article]) -> None:
    # Same kind of event, same week, same vocabulary (dam, rain, evacuated, homes, county), but
    # another valley and other people: a separate story.
    order = ["millbrook-wire", "millbrook-post", "ostervale-1", "millbrook-followup", "ostervale-2"]
    stories, _ = group_stories(articles[i] for i in order)
    assert grouping(stories) == {frozenset({"millbrook-wire", "millbrook-post", "millbrook-followup"}),
                                 frozenset({"ostervale-1", "ostervale-2"})}


def test_the_same_names_months_later_are_a_new_story(articles: dict[str, Article]) -> None:
    stories, _ = group_stories(articles[i] for i in [*MILLBROOK_APRIL, "millbrook-autumn"])
    assert frozenset({"millbrook-autumn"}) in grouping(stories)
    # Undated, the same article joins: the date is what kept it apart.
    undated = replace(articles["millbrook-autumn"], published=None)
    stories, _ = group_stories([*(articles[i] for i in MILLBROOK_APRIL), undated])
    assert grouping(stories) == {frozenset([*MILLBROOK_APRIL, "millbrook-autumn"])}


def test_a_story_takes_articles_within_its_date_window(articles: dict[str, Article]) -> None:
    c = Clusterer(window_days=4)
    first = c.add_article(articles["millbrook-wire"])                       # April 6
    assert c.add_article(articles["millbrook-post"]) == first              # April 7, 07:15
    assert c.add_article(articles["millbrook-followup"]) == first          # April 10, 09:00: within 4 days
    late = replace(articles["millbrook-followup"], id="late", published=datetime(2031, 4, 14, 10))
    assert c.add_article(late) != first                                    # 4 days 1 hour after the last


def test_dated_articles_within_the_window_need_less_agreement(articles: dict[str, Article]) -> None:
    # The window has already ruled out look-alike events of other months, so a dated article and
    # a dated story face the lower bar; anything undated still faces the strict one.
    c = Clusterer(threshold=0.99, dated_threshold=0.05)
    first = c.add_article(articles["millbrook-wire"])
    assert c.add_article(articles["millbrook-post"]) == first
    assert c.add_article(replace(articles["millbrook-daily"], published=None)) != first
    undated = Clusterer(threshold=0.99, dated_threshold=0.05)
    alone = undated.add_article(replace(articles["millbrook-wire"], published=None))
    assert undated.add_article(articles["millbrook-post"]) != alone


def test_a_misdated_copy_does_not_open_its_story_to_other_years(articles: dict[str, Article]) -> None:
    c = Clusterer()
    first = c.add_article(articles["millbrook-wire"])
    reprint = replace(articles["millbrook-wire"], id="reprint", published=datetime(2099, 1, 1))
    assert c.add_article(reprint, duplicate_of="millbrook-wire") == first          # a copy stays with its original
    later = replace(articles["millbrook-post"], id="later", published=datetime(2099, 1, 2))
    assert c.add_article(later) != first                                          # but 2099 is not this story's time


def test_story_ids_stay_the_same_as_stories_grow(articles: dict[str, Article]) -> None:
    c = Clusterer()
    seen: dict[str, str] = {}                                   # article -> story id when it was added
    for article in articles.values():
        seen[article.id] = c.add_article(article)
        for story in c.stories():                               # every earlier article is where it was
            for member in story.articles:
                assert seen[member] == story.id
    stories = {s.id: s for s in c.stories()}
    assert stories[seen["millbrook-wire"]].id == story_id("millbrook-wire")
    assert stories[seen["ostervale-1"]].id == story_id("ostervale-1")


def test_every_article_is_in_exactly_one_story(articles: dict[str, Article]) -> None:
    empty = Article("empty", "", None, "empty.txt", None, "Advertisement")
    no_title = Article("bare", "", None, "bare.txt", None, "Quorra shares rose 9 percent.")
    items = [*articles.values(), empty, no_title]
    stories, _ = group_stories(items)
    members = [a for s in stories for a in s.articles]
    assert sorted(members) == sorted(a.id for a in items)
    assert [len(s.articles) for s in stories] == sorted((len(s.articles) for s in stories), reverse=True)


def test_a_copy_joins_its_originals_story_as_a_duplicate(articles: dict[str, Article]) -> None:
    stream = StoryStream()
    home = stream.add(articles["millbrook-wire"])
    stream.add(articles["chip-1"])
    assert stream.add(articles["millbrook-daily"]) == home
    assert stream.duplicate_of("millbrook-daily") == "millbrook-wire"
    story = next(s for s in stream.stories() if s.id == home)
    assert story.duplicates == (("millbrook-wire", ("millbrook-daily",)),)
    assert story.originals == ("millbrook-wire",)


def test_a_replayed_placement_is_kept(articles: dict[str, Article]) -> None:
    # What the store does: earlier placements are replayed as they were, new articles placed.
    stream = StoryStream()
    stream.add(articles["millbrook-wire"], story="kept-1")
    stream.add(articles["chip-1"], story="kept-1")                   # placed together earlier: stays so
    assert stream.add(articles["millbrook-post"]) == "kept-1"
    assert {s.id: set(s.articles) for s in stream.stories()} == {
        "kept-1": {"millbrook-wire", "chip-1", "millbrook-post"}}


def test_a_batch_past_what_hindsight_holds_is_placed_as_a_stream(articles: dict[str, Article],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    # Copies are found as the batch comes in, before it is known whether it fits in hindsight;
    # past the limit, the articles already read must still be placed once each, as a stream does.
    items = [analyse(a) for a in articles.values()]
    replayed = {"millbrook-wire": "kept-1", "chip-1": "kept-1"}
    stream = StoryStream()
    for item in items:
        stream.add_analysed(item, story=replayed.get(item.id))
    monkeypatch.setattr("chorus.stories.HINDSIGHT_LIMIT", 3)
    batch = StoryStream()
    batch.place(items, replayed)
    assert batch.stories() == stream.stories()
    assert any(s.duplicates for s in batch.stories()) and any(s.id == "kept-1" for s in batch.stories())


def test_workers_give_the_same_stories(articles: dict[str, Article]) -> None:
    one, _ = group_stories(articles.values())
    two, _ = group_stories(articles.values(), workers=2)
    assert one == two


def test_features_weigh_names_and_skip_sentence_starts() -> None:
    a = Article("x", "", None, "x", None, "Rescuers reached Fenwick on Sunday. Sheriff Dana Whitlock said 300 left.")
    w = features(a).weights
    assert {"@fenwick", "@dana", "@whitlock", "@300"} <= set(w)
    assert "@rescuers" not in w and "@sunday" not in w and "@sheriff" not in w
    assert w["@whitlock"] > w["whitlock"]


def test_features_read_numbers_whole_and_names_after_abbreviations() -> None:
    text = "A magnitude 5.6 quake hit Qeshm, injuring 1,200 and 4 more. Officials told Mr. Tahmasbi and U.S. Navy staff."
    w = features(Article("x", "", None, "x", None, text)).weights
    assert {"@5.6", "@1200", "@tahmasbi", "@navy"} <= set(w)
    assert "@5" not in w and "@6" not in w and "@4" not in w   # short numbers are in every kind of story
    assert "@officials" not in w                               # a real sentence start is not a name


def test_dates_months_apart_keep_apart_even_when_text_is_identical() -> None:
    text = HARBOR
    c = Clusterer()
    when = datetime(2031, 1, 5)
    a = c.add("a", features(Article("a", "", None, "a", when, text)))
    b = c.add("b", features(Article("b", "", None, "b", when + timedelta(days=120), text)))
    u = c.add("u", features(Article("u", "", None, "u", None, text)))
    assert a != b and u in (a, b)


def test_a_story_far_behind_the_stream_is_closed() -> None:
    text, other, day = HARBOR, QUORRA, datetime(2031, 1, 5)
    c = Clusterer(window_days=5)
    first = c.add("a", features(Article("a", "", None, "a", day, text)))
    assert c.add("u1", features(Article("u1", "", None, "u1", None, text))) == first       # undated: joins
    for n in range(CORROBORATION):  # the stream moves on: enough articles eleven days later
        c.add(f"later{n}", features(Article(f"later{n}", "", None, "l", day + timedelta(days=11), other)))
    # Two windows behind the stream, the story no longer takes even undated articles.
    assert c.add("u2", features(Article("u2", "", None, "u2", None, text))) != first
    assert first in {s.id for s in c.stories()}                                            # still listed


def test_one_mis_dated_article_does_not_close_the_stories() -> None:
    text, other, day = HARBOR, QUORRA, datetime(2031, 1, 5)
    c = Clusterer(window_days=5)
    first = c.add("a", features(Article("a", "", None, "a", day, text)))
    c.add("typo", features(Article("typo", "", None, "typo", datetime(2099, 1, 1), other)))
    assert c.add("b", features(Article("b", "", None, "b", day + timedelta(days=1), text))) == first


# -- articles that come late: an archive given after one that reaches later dates -----------------

def dated(article: Article, when: datetime, suffix: str = "") -> Article:
    return replace(article, id=article.id + suffix, published=when)


def autumn(n: int = CORROBORATION, start: datetime = datetime(2031, 10, 20)) -> list[Article]:
    """Enough articles of one unrelated story to move the stream's clock to `start`."""
    return [Article(f"harbor-{start:%m%d}-{k}", "", None, "h", start + timedelta(hours=k), HARBOR) for k in range(n)]


def placed(c: Clusterer, items: list[Article]) -> set[frozenset[str]]:
    for article in items:
        c.add_article(article)
    return grouping(c.stories())


def test_two_date_ordered_feeds_one_after_the_other_group_like_one_merged_feed(articles: dict[str, Article]) -> None:
    # Two outlets' archives, given one after the other: by the time the second one's April
    # reports come, the first has taken the stream to October and April's stories have closed.
    aground = [Article(f"aground-{k}", "", None, "a", datetime(2031, 4, 20 + k), HARBOR) for k in range(2)]
    first = [articles[i] for i in ("millbrook-wire", "ostervale-1", "chip-1")] + autumn() + [articles["millbrook-autumn"]]
    second = [articles[i] for i in ("ostervale-2", "millbrook-post", "millbrook-followup")] + aground
    merged = sorted(first + second, key=lambda a: a.published)  # type: ignore[arg-type, return-value]
    c = Clusterer()
    assert placed(c, first + second) == placed(Clusterer(), merged)
    got = grouping(c.stories())
    assert frozenset({"millbrook-wire", "millbrook-post", "millbrook-followup"}) in got
    assert frozenset({"aground-0", "aground-1"}) in got            # a story only the late archive has
    assert c.story_of("millbrook-post") == story_id("millbrook-wire") and c.late == 0


def test_a_late_article_does_not_join_a_closed_story_of_another_period(articles: dict[str, Article]) -> None:
    c = Clusterer()
    april = c.add_article(articles["millbrook-wire"])
    placed(c, autumn())
    # July: late, and as close in words as can be, but three months after the April story.
    assert c.add_article(dated(articles["millbrook-post"], datetime(2031, 7, 1))) != april
    assert c.add_article(articles["millbrook-followup"]) == april                   # April 10 still joins


def test_a_closed_story_takes_late_articles_and_stays_closed(articles: dict[str, Article]) -> None:
    c = Clusterer()
    april = c.add_article(articles["millbrook-wire"])
    placed(c, autumn())
    assert c.add_article(articles["millbrook-post"]) == april                       # late: joins
    undated = Article("undated", "", None, "u", None, articles["millbrook-post"].text)
    assert c.add_article(undated) != april                                          # still closed to others
    assert c.add_article(articles["millbrook-followup"]) == april                   # the next late one joins too
    assert [len(s.articles) for s in c.stories() if s.id == april] == [3]


def test_articles_in_reverse_date_order_group_as_in_date_order(articles: dict[str, Article]) -> None:
    # A directory of files named in no date order: here the worst, newest first.
    stream = sorted([*articles.values(), *autumn()], key=lambda a: a.published)  # type: ignore[arg-type, return-value]
    backwards = Clusterer()
    assert placed(backwards, stream[::-1]) == placed(Clusterer(), stream)
    assert backwards.late == 0


def test_a_late_article_whose_story_was_forgotten_stands_apart_and_is_counted(articles: dict[str, Article]) -> None:
    c = Clusterer()
    c.cold_stories = 1                      # keep one closed story for late articles: April's are forgotten
    april = c.add_article(articles["millbrook-wire"])
    placed(c, [articles["ostervale-1"], *autumn()])
    assert c.add_article(articles["millbrook-post"]) != april
    assert (c.late, c.first_late) == (1, "millbrook-post")


def test_an_in_order_stream_never_looks_among_closed_stories(articles: dict[str, Article],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    # The same events every month for half a year, in date order: each month's are new stories
    # (the window), earlier months' close, and no article is compared with a closed story.
    def never(*args: object) -> None:
        raise AssertionError("an in-order article looked among closed stories")

    monkeypatch.setattr(Clusterer, "_cold_candidates", never)
    months = [[dated(a, a.published.replace(month=m), f"-{m}") for a in articles.values()  # type: ignore[union-attr]
               if a.id != "millbrook-autumn"] for m in range(1, 7)]
    c = Clusterer()
    got = placed(c, [a for month in months for a in month])
    expected = {frozenset(f"{i}-{m}" for i in ids) for m in range(1, 7) for ids in (
        ["millbrook-wire", "millbrook-daily", "millbrook-post", "millbrook-followup"], ["ostervale-1", "ostervale-2"], ["chip-1"])}
    assert got == expected and c.late == 0


def test_workers_fall_back_to_one_process_when_none_can_start(articles: dict[str, Article],
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing.context

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise OSError("no processes here")

    monkeypatch.setattr(multiprocessing.context.BaseContext, "Pool", refuse)
    one, _ = group_stories(articles.values())
    assert group_stories(articles.values(), workers=2)[0] == one

"""The timeline and the dates under it: resolved against each article's date, never invented."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

import chorus
from chorus.brief.dates import event_dates, find_dates, find_times
from chorus.brief.mentions import find_mentions
from chorus.brief.sentences import index_story
from chorus.brief.timeline import build_timeline
from chorus.model import Article, Document, Sentence

TUESDAY = datetime(2026, 3, 10, 19, 40)


def doc(id: str, *sentences: str, published: datetime | None = None) -> Document:
    article = Article(id=id, title="", outlet=None, source=f"{id}.txt", published=published, text=" ".join(sentences))
    return Document(article, tuple(Sentence(id, i, s) for i, s in enumerate(sentences)))


def timeline(*documents: Document) -> list[tuple[str, str, tuple[str, ...]]]:
    found = find_mentions(documents, use_model=False)
    return [(e.date, e.text, e.articles) for e in build_timeline(found, index_story(documents))]


def resolved(text: str, published: datetime | None = TUESDAY) -> list[str]:
    return [d.value for d in find_dates(text, published)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The ship struck the bridge on Tuesday.", ["2026-03-10"]),        # the publication day itself
        ("Crews had worked since 10 p.m. Monday.", ["2026-03-09"]),
        ("He met the families last Thursday.", ["2026-03-05"]),
        ("They met last Tuesday.", ["2026-03-03"]),                         # "last" skips today
        ("A crane is due to arrive from Siltmouth on Friday.", ["2026-03-13"]),  # the future
        ("The vote was delayed last month.", ["2026-02"]),
        ("Port Calder handled 41 million tonnes last year.", ["2025"]),
        ("The bridge opened in 1971.", ["1971"]),
        ("PORT CALDER, March 10 (Meridian Wire) - A ship hit the bridge.", ["2026-03-10"]),
        ("The deal should close by September.", ["2026-09"]),
        ("The summit was held on 12 June 2018.", ["2018-06-12"]),
        ("Workers struck two days ago.", ["2026-03-08"]),
        ("It happened yesterday.", ["2026-03-09"]),
        ("In 2019, 40 workers were hired; two months ago the plant closed.", ["2019", "2026-01"]),
        ("Earlier this month, the council voted.", ["2026-03"]),
    ],
)
def test_dates_resolve_against_the_publication_date(text: str, expected: list[str]) -> None:
    assert resolved(text) == expected


def test_a_date_without_a_year_takes_the_nearest_year() -> None:
    assert resolved("It happened on December 30.", datetime(2026, 1, 2)) == ["2025-12-30"]
    assert resolved("It will happen on January 3.", datetime(2025, 12, 30)) == ["2026-01-03"]


def test_without_a_publication_date_only_explicit_dates_resolve() -> None:
    found = find_dates("On Sunday, last month and on March 10 nothing resolves, but July 15, 2018 and in 1990 do.", None)
    assert [(d.value, d.label) for d in found] == [
        ("", "Sunday"), ("", "March 10"), ("2018-07-15", "July 15, 2018"), ("1990", "1990"),
    ]


def test_clock_times_are_normalized() -> None:
    assert [t.label for t in find_times("at 4:52 a.m., again at 5 PM and at noon")] == ["4:52 a.m.", "5 p.m.", "noon"]
    assert [t.label for t in find_times("from 10:30pm until midnight")] == ["10:30 p.m.", "midnight"]
    assert find_times("Route 9 reopened in 2026.") == []


def test_the_day_something_was_said_does_not_set_a_count_in_time() -> None:
    assert event_dates("Fourteen people were injured, the hospital said on Tuesday.") == frozenset()
    assert event_dates("The fire killed 12 workers on Monday night.") == {"monday"}


def test_timeline_orders_resolved_events_and_leaves_out_undated_relative_ones() -> None:
    entries = timeline(
        doc("a", "The bridge opened in 1971.", "A ship struck the bridge on Tuesday.", published=TUESDAY),
        doc("b", "A floating crane is due to arrive on Friday.", published=datetime(2026, 3, 11)),
        doc("c", "A ship struck the bridge on Tuesday, killing no one."),       # undated: left out
    )
    assert [e[0] for e in entries] == ["1971", "2026-03-10", "2026-03-13"]
    assert all("c" not in e[2] for e in entries)


def test_one_event_dated_alike_by_several_articles_is_one_entry() -> None:
    entries = timeline(
        doc("a", "A cargo ship struck the Harbor Bridge on Tuesday and a section collapsed.", published=TUESDAY),
        doc("b", "The cargo ship struck the Harbor Bridge early Tuesday, and a section of it collapsed.",
            published=datetime(2026, 3, 11)),
    )
    assert entries == [("2026-03-10", entries[0][1], ("a", "b"))]


def test_the_day_a_statement_was_made_is_not_an_event() -> None:
    assert timeline(doc("a", "The mayor said on Wednesday that the bridge would stay closed.", published=TUESDAY)) == []


def test_the_example_timeline_is_sorted_and_cites_dated_articles_only(example_dir: Path) -> None:
    briefing = chorus.brief(example_dir)
    dated = {d.article.id for d in briefing.documents if d.article.published}
    dates = [e.date for e in briefing.timeline]
    assert dates == sorted(dates) and "2026-03-10" in dates and "1971" in dates
    for entry in briefing.timeline:
        assert set(entry.articles) <= dated or entry.date == "1971", entry


def test_dates_are_found_before_their_hint_words_too() -> None:
    # A date is tried only a little before a hint ("ago", "month", a weekday, a month, a year).
    assert [d.text for d in find_dates("Earlier this month and next Wednesday, 2026-03-18.", TUESDAY)] == [
        "Earlier this month", "next Wednesday", "2026-03-18"]
    assert resolved("Workers struck 15 days ago, in 1990.") == ["2026-02-23", "1990"]


def test_a_day_that_does_not_exist_does_not_resolve() -> None:
    assert resolved("It was dated February 29, 2026, and February 29, 2024.") == ["", "2024-02-29"]
    assert [d.label for d in find_dates("It was dated February 30, 2026.", None)] == ["February 30, 2026"]
    assert resolved("It is due on April 31.", datetime(2026, 4, 2)) == [""]

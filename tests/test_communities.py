"""Grouping a batch given at once: neighbours, communities, dates, placements kept."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

from chorus.api import load
from chorus.cluster import Features, features
from chorus.communities import communities
from chorus.stories import group_stories

DATA = Path(__file__).parent / "data" / "stories" / "articles.jsonl"


def grouping(stories) -> set[frozenset[str]]:
    return {frozenset(s.articles) for s in stories}


def test_the_order_of_a_batch_does_not_change_its_stories() -> None:
    articles = load([DATA]).articles
    undated = [replace(a, published=None) for a in articles]
    for batch in (articles, undated):
        expected = grouping(group_stories(batch)[0])
        for seed in range(5):
            shuffled = list(batch)
            random.Random(seed).shuffle(shuffled)
            assert grouping(group_stories(shuffled)[0]) == expected


def test_identical_articles_months_apart_are_not_linked() -> None:
    text = "Rescuers searched the flooded Harrow valley after the Millbrook dam burst on Sunday night."
    day = datetime(2031, 4, 6)
    items = [Features(features_of(text), day + timedelta(days=offset), "Dam bursts") for offset in (0, 1, 90, 91)]
    assert communities(items) == [0, 0, 1, 1]
    undated = [replace(f, published=None) for f in items]
    assert communities(undated) == [0, 0, 0, 0]


def test_placed_articles_stay_in_their_groups_and_new_ones_join_the_closest() -> None:
    dam = "Rescuers searched the flooded Harrow valley after the Millbrook dam burst on Sunday night."
    vote = "The Harrow county council passed its budget after a long debate over road repairs."
    items = [Features(features_of(text), None, "") for text in (dam, dam, vote, dam, vote)]
    # The first two are identical yet placed apart earlier: they stay apart; the new dam report
    # joins one of them, the new budget report joins the budget story.
    membership = communities(items, fixed=[0, 1, 2, None, None])
    assert len({membership[0], membership[1], membership[2]}) == 3
    assert membership[3] in (membership[0], membership[1]) and membership[4] == membership[2]


def features_of(text: str) -> dict[str, float]:
    from chorus.model import Article

    return features(Article("x", "", None, "x", None, text)).weights

"""Grouping a batch given at once: neighbours, communities, dates, placements kept."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest

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


def exhaustive_neighbours(matrix, dates, window_days) -> dict[tuple[int, int], float]:
    """Every pair compared: each row's NEIGHBOURS best at FLOOR or above, within the window."""
    import numpy as np

    from chorus import communities as cm

    sims = (matrix @ matrix.T).toarray()
    edges = {}
    for i in range(len(dates)):
        ranked = sorted((j for j in range(len(dates)) if j != i), key=lambda j: (-sims[i, j], j))
        chosen = [j for j in ranked if sims[i, j] >= cm.FLOOR and not (
            dates[i] and dates[j] and abs((dates[i] - dates[j]).total_seconds()) > window_days * 86400)]
        for j in chosen[:cm.NEIGHBOURS]:
            edges[(min(i, j), max(i, j))] = sims[i, j]
    return {k: float(np.round(v, 9)) for k, v in edges.items()}


@pytest.mark.parametrize("exact_up_to", [0, 4000])
def test_the_shortlist_finds_every_neighbour_that_comparing_all_pairs_finds(monkeypatch, exact_up_to) -> None:
    # Articles of up to TOP_FEATURES features lose nothing to the shortlist: their cut rows are
    # the rows themselves, so it ranks them by their exact cosine. Threads share the chunks out
    # and give the same edges in the same order (the order the graph is built in).
    from chorus import communities as cm

    monkeypatch.setattr(cm, "EXACT_UP_TO", exact_up_to)
    monkeypatch.setattr(cm, "CHUNK", 64)
    rng = random.Random(5)
    stories = [[f"s{s}w{w}" for w in range(12)] for s in range(40)]
    common = [f"c{w}" for w in range(30)]
    weights, dates = [], []
    for n in range(600):
        story = rng.randrange(len(stories))
        words = rng.sample(stories[story], 6) + rng.sample(common, 10)
        weights.append({w: rng.uniform(0.5, 2.0) for w in words})
        dates.append(None if n % 3 else datetime(2031, 1, 1) + timedelta(days=story % 7 * 9 + rng.random()))
    matrix = cm._matrix(weights)
    found = cm._neighbours(matrix, dates, 10)
    assert {k: round(v, 9) for k, v in found.items()} == exhaustive_neighbours(matrix, dates, 10)
    monkeypatch.setattr(cm, "THREADS", 1 if cm.THREADS > 1 else 3)
    assert list(cm._neighbours(matrix, dates, 10).items()) == list(found.items())


def test_a_word_too_common_for_the_shortlist_links_nothing_but_counts_in_the_similarity(monkeypatch) -> None:
    from chorus import communities as cm

    monkeypatch.setattr(cm, "COMMON", 2)
    monkeypatch.setattr(cm, "EXACT_UP_TO", 0)
    # "quake" is among the heaviest features of all four rows: past COMMON, it finds no
    # candidates, but the pair found through "kestrel" is linked at its full cosine.
    weights = [{"kestrel": 1.0, "quake": 3.0}, {"kestrel": 1.0, "quake": 3.0},
               {"quake": 3.0, "harbour": 1.0}, {"quake": 3.0, "senate": 1.0}]
    matrix = cm._matrix(weights)
    edges = cm._neighbours(matrix, [None] * 4, 10)
    assert edges[(0, 1)] == pytest.approx(1.0)
    assert (2, 3) not in edges

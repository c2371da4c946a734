"""Choosing the summary sentences: coverage of what many outlets say, without repeats.

The summary is built greedily as a budgeted coverage problem (Gillick & Favre's concept model,
Lin & Bilmes's submodular view): every content stem and stem pair ("concept") is worth more the
more articles mention it; a sentence earns the worth of the concepts it adds that the summary
does not yet cover, per word it costs, with a bonus for sitting early in its article, where news
puts its essentials. Covered concepts earn nothing twice, and a sentence too similar to one
already chosen is never taken, so nothing is said twice.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

from .sentences import StorySentences


@dataclass(frozen=True, slots=True)
class SelectionWeights:
    """The knobs of selection; defaults are the measured best (see docs/benchmarks.md)."""

    single_source: float = 0.1       # worth of a concept only one article mentions
    length_exponent: float = 0.6     # gain is divided by words ** this (1 = pure gain per word)
    position_bonus: float = 0.5      # extra weight for an article's first sentences
    redundancy: float = 0.5          # cosine above which a sentence repeats a chosen one
    min_words: int = 8
    max_words: int = 60


DEFAULT_WEIGHTS = SelectionWeights()

# A sentence that cannot stand on its own in a summary: it asks, it trails off, or it leans on
# a previous sentence that the summary may not contain.
_DANGLING_START = re.compile(r"^(?:[a-z]|(?:But|And|Or|So|Also|However|Still|Yet|Meanwhile)\b)")
_TERMINAL = re.compile(r"[.!]['\"’”)\]]*$")


def stands_alone(text: str) -> bool:
    """Whether a sentence reads as a statement without the sentences around it."""
    return bool(_TERMINAL.search(text)) and not _DANGLING_START.match(text)


def concept_weights(story: StorySentences, weights: SelectionWeights) -> dict[str, float]:
    """Worth of each concept: the number of articles beyond the first that mention it.

    With a single article every concept is single-source, so frequency within the article
    decides instead.
    """
    docs_with: Counter[str] = Counter()
    for d in range(story.n_docs):
        seen: set[str] = set()
        for i in np.flatnonzero(story.doc_of == d):
            seen |= story.concepts[i]
        docs_with.update(seen)
    if story.n_docs == 1:
        freq: Counter[str] = Counter(c for cs in story.concepts for c in cs)
        return {c: weights.single_source * min(n, 3) for c, n in freq.items()}
    return {c: (n - 1) if n > 1 else weights.single_source for c, n in docs_with.items()}


def candidates(story: StorySentences, weights: SelectionWeights) -> list[int]:
    """Sentences fit to appear in a summary; all with content if none pass the stricter test."""
    strict = [
        i for i, s in enumerate(story.sentences)
        if weights.min_words <= story.words[i] <= weights.max_words and stands_alone(s.text)
    ]
    return strict or [i for i in range(len(story.sentences)) if story.concepts[i]]


def select_sentences(
    story: StorySentences, budget: int, weights: SelectionWeights = DEFAULT_WEIGHTS, doc_rank: list[int] | None = None
) -> list[int]:
    """Indices of the chosen sentences, in reading order, within `budget` words.

    A summary always has at least one sentence: when even the best sentence is longer than the
    budget, it is returned alone.
    """
    pool = candidates(story, weights)
    if not pool:
        return []
    worth = concept_weights(story, weights)
    prior = np.array([1.0 + weights.position_bonus / (1.0 + story.sentences[i].index) ** 0.5 for i in pool])
    cost = np.array([max(int(story.words[i]), 1) ** weights.length_exponent for i in pool])
    sims = story.similarity(pool, pool)

    covered: set[str] = set()
    chosen: list[int] = []  # positions in pool
    used = 0
    alive = np.ones(len(pool), dtype=bool)
    while alive.any():
        gains = np.array([
            sum(worth.get(c, 0.0) for c in story.concepts[i] - covered) if alive[k] else -1.0
            for k, i in enumerate(pool)
        ])
        scores = np.where(alive, gains * prior / cost, -np.inf)
        k = int(np.argmax(scores))
        if gains[k] <= 0:
            break
        alive[k] = False
        i = pool[k]
        if used + story.words[i] > budget:
            continue
        chosen.append(k)
        used += int(story.words[i])
        covered |= story.concepts[i]
        alive &= sims[k] < weights.redundancy
    if not chosen:
        best = max(range(len(pool)), key=lambda k: sum(worth.get(c, 0.0) for c in story.concepts[pool[k]]) * prior[k])
        chosen = [best]
    return reading_order(story, [pool[k] for k in chosen], doc_rank)


def reading_order(story: StorySentences, rows: list[int], doc_rank: list[int] | None = None) -> list[int]:
    """Order chosen sentences as news reads: ledes before background, earlier reports first.

    Sentences that follow each other in one article stay together, in their order, because the
    second often leans on the first ("Three minutes later…"). These runs are then ordered by
    their position in their article, ties going to the earlier-published article (`doc_rank`,
    input order when not given).
    """
    rank = doc_rank or list(range(story.n_docs))
    runs: list[list[int]] = []
    for r in sorted(rows, key=lambda r: (int(story.doc_of[r]), story.sentences[r].index)):
        prev = runs[-1][-1] if runs else None
        if prev is not None and story.doc_of[prev] == story.doc_of[r] and story.sentences[r].index == story.sentences[prev].index + 1:
            runs[-1].append(r)
        else:
            runs.append([r])
    runs.sort(key=lambda run: (story.sentences[run[0]].index, rank[int(story.doc_of[run[0]])]))
    return [r for run in runs for r in run]

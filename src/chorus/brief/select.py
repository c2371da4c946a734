"""Choosing the summary sentences: coverage of what many outlets say, without repeats.

The summary is built greedily as a budgeted coverage problem (Gillick & Favre's concept model,
Lin & Bilmes's submodular view): every content stem and stem pair ("concept") is worth more the
more articles mention it; a sentence earns the worth of the concepts it adds that the summary
does not yet cover, per word it costs, with a bonus for sitting early in its article, where news
puts its essentials. Covered concepts earn nothing twice, and a sentence too similar to one
already chosen is never taken, so nothing is said twice.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

from .sentences import StorySentences


@dataclass(frozen=True, slots=True)
class SelectionWeights:
    """The knobs of selection; defaults are the measured best (see docs/benchmarks.md)."""

    single_source: float = 0.1       # worth of a concept only one article mentions
    agreement_exponent: float = 1.0  # worth of a concept n articles mention: (n - 1) ** this
    pair_weight: float = 1.0         # worth of a stem pair relative to a single stem
    frequency_weight: float = 0.0    # extra worth per log of how often the story repeats a concept
    length_exponent: float = 0.6     # gain is divided by words ** this (1 = pure gain per word)
    position_bonus: float = 6.0      # extra weight for an article's first sentence…
    position_scale: float = 10.0     # …falling by e every this many sentences
    # What the people in a story said is much of what a reader wants from it: on the Multi-News
    # tune split, weighting sentences that open with a quotation 3x raised ROUGE-2 by 1.5 points,
    # and weighting them down cost as much (docs/benchmarks.md). Only when the sentence names the
    # speaker, though: at 3x for every quotation, 211 of 1,514 summary sentences on Multi-News
    # dev were words from nobody ("…," she said); without the weight for those, 58, for 0.35
    # ROUGE-1 and 0.8 ROUGE-2 (all 150 clusters).
    quote_weight: float = 3.0
    orphan_quote_weight: float = 1.0
    redundancy: float = 0.5          # cosine above which a sentence repeats a chosen one
    min_words: int = 8
    max_words: int = 60


DEFAULT_WEIGHTS = SelectionWeights()

# A sentence that cannot stand on its own in a summary: it asks, it trails off, or it leans on
# a previous sentence that the summary may not contain.
_DANGLING_START = re.compile(r"^[\"“‘'(]?(?:[a-z]|(?:But|And|Or|So|Also|However|Still|Yet|Meanwhile)\b)")
_TERMINAL = re.compile(r"(?<!\.\.)[.!]['\"’”)\]]*$")
_OPENS_QUOTE = re.compile(r"^[\"“‘']")
# A quoted span: straight or curly double quotes (an unclosed one runs to the end), or curly
# single quotes, whose closing mark must not be an apostrophe inside a word (‘Tom’s idea,’).
_QUOTED = re.compile(r"[\"“][^\"”]*(?:[\"”]|$)|‘.*?’(?!\w)")
# A name outside the quotation: a capitalized word that is not a pronoun, a day or a month.
_SPEAKER = re.compile(
    r"\b(?!(?:He|She|They|It|We|I|You|His|Her|Their"
    r"|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
    r"|January|February|March|April|May|June|July|August|September|October|November|December)\b)"
    r"[A-Z][\w’'.-]*"
)
# The attribution itself made by a pronoun ("…," he said in a message to the Post): whatever
# is capitalized after it is not the speaker.
_PRONOUN_SAID = re.compile(
    r"\b(?:(?:he|she|they|we|I)\s+(?:said|says|told|added|wrote|asked|explained|continued)"
    r"|(?:said|says|added|asked)\s+(?:he|she|they|we|I))\b"
)
# Social-media debris that survives cleaning inside a sentence: handles, hashtags, links.
_SOCIAL = re.compile(r"(?:^|\s)[@#]\w|https?://|www\.")


def stands_alone(text: str) -> bool:
    """Whether a sentence reads as a statement without the sentences around it."""
    return bool(_TERMINAL.search(text)) and not _DANGLING_START.match(text) and not _SOCIAL.search(text)


def opens_quote(text: str) -> bool:
    return bool(_OPENS_QUOTE.match(text))


def names_speaker(text: str) -> bool:
    """Whether a quotation says who is speaking outside the quotation marks ("…," Brown said).

    "…," he said and a quotation with no attribution at all lean on an earlier sentence for
    the speaker, which a summary may not have: a reader is left with words from nobody.
    """
    outside = _QUOTED.sub(" ", text)
    return not _PRONOUN_SAID.search(outside) and bool(_SPEAKER.search(outside))


def concept_weights(story: StorySentences, weights: SelectionWeights) -> dict[str, float]:
    """Worth of each concept: the number of articles beyond the first that mention it.

    With a single article every concept is single-source, so frequency within the article
    decides instead.
    """
    docs_with: Counter[str] = Counter()
    freq: Counter[str] = Counter(c for cs in story.concepts for c in cs)
    for d in range(story.n_docs):
        seen: set[str] = set()
        for i in np.flatnonzero(story.doc_of == d):
            seen |= story.concepts[i]
        docs_with.update(seen)
    if story.n_docs == 1:
        return {c: weights.single_source * min(n, 3) for c, n in freq.items()}
    return {
        c: (((n - 1) ** weights.agreement_exponent if n > 1 else weights.single_source) + weights.frequency_weight * math.log(freq[c]))
        * (weights.pair_weight if " " in c else 1.0)
        for c, n in docs_with.items()
    }


def candidates(story: StorySentences, weights: SelectionWeights) -> tuple[list[int], list[int]]:
    """Sentences fit to lead a summary, and the rest that may fill what budget they leave.

    The second list holds shorter or longer sentences that still stand alone; it matters for
    short stories, where the strict list runs out before the budget does. When nothing stands
    alone at all, every sentence with content is a candidate rather than none.
    """
    strict, spare = [], []
    for i, s in enumerate(story.sentences):
        if not story.concepts[i]:
            continue
        if stands_alone(s.text):
            (strict if weights.min_words <= story.words[i] <= weights.max_words else spare).append(i)
    if not strict and not spare:
        return [i for i in range(len(story.sentences)) if story.concepts[i]], []
    return strict, spare


def select_sentences(
    story: StorySentences, budget: int, weights: SelectionWeights = DEFAULT_WEIGHTS, doc_rank: list[int] | None = None
) -> list[int]:
    """Indices of the chosen sentences, in reading order, within `budget` words.

    Lazy greedy (Minoux): a sentence's gain can only shrink as the summary grows, so a stale
    gain is an upper bound and only the sentence on top of the heap needs recomputing. A summary
    always has at least one sentence: when even the best sentence is longer than the budget, it
    is returned alone.
    """
    strict, spare = candidates(story, weights)
    if not strict and not spare:
        return []
    worth = concept_weights(story, weights)
    chosen: list[int] = []
    covered: set[str] = set()
    used = 0
    for pool in (strict, spare):
        used = _greedy(story, pool, weights, worth, budget, chosen, covered, used)
    if not chosen:
        pool = strict or spare
        chosen = [max(pool, key=lambda i: _gain(story, i, worth, set()) * _prior(story, i, weights))]
    return reading_order(story, chosen, doc_rank)


def _prior(story: StorySentences, i: int, weights: SelectionWeights) -> float:
    """The weight of a sentence for its place in its article (news puts essentials first) and
    for being a quotation."""
    text = story.sentences[i].text
    quote = 1.0
    if opens_quote(text):
        quote = weights.quote_weight if names_speaker(text) else weights.orphan_quote_weight
    return quote * (1.0 + weights.position_bonus * math.exp(-story.sentences[i].index / weights.position_scale))


def _gain(story: StorySentences, i: int, worth: dict[str, float], covered: set[str]) -> float:
    # fsum: a set's order changes with the hash seed, and a plain float sum with it, which let
    # ties fall differently from run to run.
    return math.fsum(worth.get(c, 0.0) for c in story.concepts[i] if c not in covered)


def _greedy(
    story: StorySentences,
    pool: list[int],
    weights: SelectionWeights,
    worth: dict[str, float],
    budget: int,
    chosen: list[int],
    covered: set[str],
    used: int,
) -> int:
    """Add sentences of `pool` to `chosen` (and their concepts to `covered`); return words used."""
    scale = {i: _prior(story, i, weights) / max(int(story.words[i]), 1) ** weights.length_exponent for i in pool}
    heap = [(-_gain(story, i, worth, covered) * scale[i], i) for i in pool]
    heapq.heapify(heap)
    while heap:
        stale, i = heapq.heappop(heap)
        if used + story.words[i] > budget:
            continue
        score = _gain(story, i, worth, covered) * scale[i]
        if score <= 0:
            continue
        if heap and -score > heap[0][0]:
            heapq.heappush(heap, (-score, i))
            continue
        if chosen and story.similarity([i], chosen).max() >= weights.redundancy:
            continue
        chosen.append(i)
        used += int(story.words[i])
        covered |= story.concepts[i]
    return used


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

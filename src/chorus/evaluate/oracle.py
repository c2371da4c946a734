"""The greedy extractive oracle: the best a sentence picker could do if it saw the reference.

Greedy step: add the source sentence that most raises the objective, the mean of ROUGE-1 F1 and
ROUGE-2 F1 of the selection against the reference; stop when the word budget is full or no
sentence raises it. A sentence longer than the words left is judged as it would be kept, cut to
those words (the `chorus.evaluate.budget` rule), so the oracle plans for the same cut as
everyone else. F1 rather than recall, because recall never falls and would just fill the budget
with the longest sentences.

Speed: tokens are rouge-score's own (its tokenizer with its Porter stemmer, one whitespace word
at a time with a cache, which gives the same tokens as tokenizing the whole sentence), and each
candidate's n-gram Counter is built once; a step only sums that Counter against the selection.
The objective counts n-grams inside sentences; the bigrams that span two joined sentences are
left out, so the final rouge-score figure differs from the objective by a hair.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from .scoring import require

_tokenizer: Any = None


def _rouge_tokenizer() -> Any:
    global _tokenizer
    if _tokenizer is None:
        tokenizers = require("rouge_score.tokenizers")
        _tokenizer = tokenizers.DefaultTokenizer(use_stemmer=True)
    return _tokenizer


@lru_cache(maxsize=500_000)
def word_tokens(word: str) -> tuple[str, ...]:
    """rouge-score's stemmed tokens of one whitespace-separated word ("U.S." gives "u", "s")."""
    return tuple(_rouge_tokenizer().tokenize(word))


def rouge_tokens(text: str) -> list[str]:
    """rouge-score's stemmed tokens of `text`, as its scorer sees them."""
    return [t for w in text.split() for t in word_tokens(w)]


class _Grams:
    """A text's n-gram counts that the reference shares, plus its total n-gram counts."""

    __slots__ = ("n1", "n2", "uni", "bi")

    def __init__(self, tokens: list[str], ref1: Counter, ref2: Counter) -> None:
        self.n1 = len(tokens)
        self.n2 = max(len(tokens) - 1, 0)
        self.uni = Counter(t for t in tokens if t in ref1)
        self.bi = Counter(g for g in zip(tokens, tokens[1:]) if g in ref2)


def _f1(overlap: int, predicted: int, reference: int) -> float:
    # rouge-score's definition, including its max(count, 1) guards.
    p = overlap / max(predicted, 1)
    r = overlap / max(reference, 1)
    return 2 * p * r / (p + r) if p + r > 0 else 0.0


def _gain(have: Counter, add: Counter, ref: Counter) -> int:
    """How many more reference n-grams are matched once `add` joins the selection `have`."""
    g = 0
    for gram, c in add.items():
        cap = ref[gram]
        h = have[gram]
        if h < cap:
            g += min(cap, h + c) - h
    return g


def oracle_order(sentences: Sequence[str], reference: str, words: int) -> list[int]:
    """Indices into `sentences` in the order the greedy oracle adds them (repeats skipped)."""
    ref_tokens = rouge_tokens(reference)
    ref1 = Counter(ref_tokens)
    ref2 = Counter(zip(ref_tokens, ref_tokens[1:]))
    r1, r2 = len(ref_tokens), max(len(ref_tokens) - 1, 0)

    # Candidates: one per distinct sentence text (the budget rule would drop a repeat anyway).
    pool: dict[int, list[tuple[str, ...]]] = {}
    full: dict[int, _Grams] = {}
    seen: set[str] = set()
    for i, sentence in enumerate(sentences):
        ws = sentence.split()
        key = " ".join(ws)
        if not ws or key in seen:
            continue
        seen.add(key)
        toks = [word_tokens(w) for w in ws]
        pool[i] = toks
        full[i] = _Grams([t for wt in toks for t in wt], ref1, ref2)

    have1: Counter = Counter()
    have2: Counter = Counter()
    o1 = o2 = p1 = p2 = 0
    current = 0.0
    used = 0
    order: list[int] = []
    while used < words and pool:
        room = words - used
        best, best_score, best_grams, best_len = -1, current, None, 0
        for i, toks in pool.items():
            if len(toks) <= room:
                grams, n_words = full[i], len(toks)
            else:
                grams = _Grams([t for wt in toks[:room] for t in wt], ref1, ref2)
                n_words = room
            score = (_f1(o1 + _gain(have1, grams.uni, ref1), p1 + grams.n1, r1)
                     + _f1(o2 + _gain(have2, grams.bi, ref2), p2 + grams.n2, r2)) / 2
            if score > best_score + 1e-12:
                best, best_score, best_grams, best_len = i, score, grams, n_words
        if best_grams is None:
            break
        o1 += _gain(have1, best_grams.uni, ref1)
        o2 += _gain(have2, best_grams.bi, ref2)
        have1.update(best_grams.uni)
        have2.update(best_grams.bi)
        p1 += best_grams.n1
        p2 += best_grams.n2
        used += best_len
        current = best_score
        order.append(best)
        del pool[best]
    return order

"""The one word-budget rule every evaluated system is cut by, the oracle included.

A system hands over its candidate sentences in *priority order* (the order it would add them:
lead's round-robin, LexRank's rating, the oracle's greedy steps, chorus's own summary order).
`cut_to_budget` walks that list and

- counts words as a reader does: whitespace-separated tokens (`str.split()`), the same count the
  dataset README and `Document.words` use;
- skips empty sentences and exact repeats of a sentence already kept (same words after
  whitespace is normalised), so wire copies cannot fill a summary twice;
- keeps whole sentences while they fit, and cuts the first one that does not fit to exactly the
  words left, then stops.

So every summary has exactly `words` words unless the system ran out of sentences (or the oracle
stopped because nothing more raised its score). Each system then *presents* the kept sentences
in its own order (see `chorus.evaluate.systems`); presentation never changes which words are kept.
"""

from __future__ import annotations

from collections.abc import Iterable


def cut_to_budget(sentences: Iterable[str], words: int) -> list[tuple[int, str]]:
    """Keep sentences in the given order up to `words` words; `(position in input, text)` pairs.

    >>> cut_to_budget(["One two three.", "Four five.", "Six seven eight."], 6)
    [(0, 'One two three.'), (1, 'Four five.'), (2, 'Six')]
    >>> cut_to_budget(["A b.", "A  b.", "C d."], 10)
    [(0, 'A b.'), (2, 'C d.')]
    """
    if words < 1:
        raise ValueError(f"word budget must be at least 1, got {words}")
    kept: list[tuple[int, str]] = []
    seen: set[str] = set()
    used = 0
    for i, sentence in enumerate(sentences):
        tokens = sentence.split()
        if not tokens:
            continue
        text = " ".join(tokens)
        if text in seen:
            continue
        seen.add(text)
        room = words - used
        if len(tokens) >= room:
            kept.append((i, " ".join(tokens[:room])))
            break
        kept.append((i, text))
        used += len(tokens)
    return kept


def word_count(text: str) -> int:
    """Words as the budget counts them (whitespace-separated)."""
    return len(text.split())

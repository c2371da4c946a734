"""Words, stems and n-gram "concepts": the vocabulary every comparison of sentences uses.

One tokenizer for everything (selection, support, titles) so that two sentences are compared the
same way wherever chorus compares them.
"""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)

# Function words carry no content: two sentences sharing "the" and "said" say nothing alike.
# Reporting verbs are here too, because every news sentence has one.
STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are aren't as at be because been
    before being below between both but by can can't cannot could couldn't did didn't do does
    doesn't doing don't down during each few for from further had hadn't has hasn't have haven't
    having he he'd he'll he's her here here's hers herself him himself his how how's i i'd i'll
    i'm i've if in into is isn't it it's its itself just let's me more most mustn't my myself no
    nor not now of off on once only or other ought our ours ourselves out over own same shan't she
    she'd she'll she's should shouldn't so some such than that that's the their theirs them
    themselves then there there's these they they'd they'll they're they've this those through to
    too under until up very was wasn't we we'd we'll we're we've were weren't what what's when
    when's where where's which while who who's whom why why's will with won't would wouldn't you
    you'd you'll you're you've your yours yourself yourselves said says say saying told tell
    according one two also would could may might must shall us mr mrs ms s t
    """.split()
)

_stemmer = Stemmer.Stemmer("english")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Snowball stem of a lowercased word; cached because news vocabularies repeat heavily."""
    return _stemmer.stemWord(word)


def words(text: str) -> list[str]:
    """Lowercased word tokens, apostrophes kept inside words ("didn't", "o'brien")."""
    return _WORD.findall(text.lower().replace("’", "'"))


def terms(text: str) -> list[str]:
    """Stems of the content words of `text`, in order; function words dropped."""
    return [stem(w) for w in words(text) if w not in STOPWORDS and (len(w) > 1 or w.isdigit())]


def concepts(text: str) -> set[str]:
    """Content stems plus adjacent stem pairs: the units whose coverage a summary is scored on.

    Bigrams matter because "harbor bridge" and "bridge harbor" are different claims; they are
    taken over the content stems only, so "collapse of the bridge" and "bridge collapse" share
    the unigrams and differ only in order.
    """
    return concepts_of(terms(text))


def concepts_of(stems: list[str]) -> set[str]:
    """`concepts` for stems already computed, so a sentence is tokenized once."""
    return set(stems) | {f"{a} {b}" for a, b in zip(stems, stems[1:])}


def word_count(text: str) -> int:
    """Words as a reader counts them (whitespace-separated), which is how budgets are kept."""
    return len(text.split())

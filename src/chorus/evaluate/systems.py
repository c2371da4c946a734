"""The systems `chorus eval` compares, each turning one cluster into candidate sentences.

A system returns its candidates in *priority order*, each with a *presentation key*; the harness
cuts the list to the word budget with `cut_to_budget` (the same rule for all) and then prints the
kept sentences sorted by key. So "which words" is decided by priority and "in what order" by key:

- `chorus`: `chorus.brief(articles, words=N)` without facts, conflicts and timeline (the
  baselines make only a summary); priority and presentation are its summary order.
  chorus cleans and splits the raw documents itself, and its time includes that.
- `lead`: first sentence of each document in turn, then the second of each, ... (round-robin);
  presented in that same order.
- `lexrank`, `textrank`: sumy's summarizers with sumy's English stemmer and stop words, over the
  raw documents split by chorus's own sentence splitter (`chorus.segment.split_sentences`, per
  "\n"-separated paragraph); no cleaning. Priority is sumy's rating (ties in document order);
  presented in document order, as sumy itself returns them.
- `oracle`: the greedy ROUGE oracle of `chorus.evaluate.oracle` over the same sentences;
  priority is the greedy order, presented in document order.

Baselines get their sentences split once per cluster outside the timed call.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from .dataset import Cluster
from .oracle import oracle_order
from .scoring import require

SYSTEMS = ("chorus", "lead", "lexrank", "textrank", "oracle")

Splitter = Callable[[str], list[str]]
# Each document's sentences, in order.
SourceSentences = Sequence[Sequence[str]]


@dataclass(frozen=True, slots=True)
class Candidate:
    """A sentence a system offers, and where it goes if kept (summaries sort kept ones by key)."""

    text: str
    key: tuple[int, ...]


System = Callable[[Cluster, SourceSentences, int], list[Candidate]]


def split_documents(documents: Sequence[str], splitter: Splitter) -> list[list[str]]:
    """Every document's sentences: paragraphs split on "\\n", each paragraph by `splitter`."""
    out = []
    for text in documents:
        sentences = []
        for paragraph in text.split("\n"):
            if paragraph.strip():
                sentences.extend(s.strip() for s in splitter(paragraph) if s.strip())
        out.append(sentences)
    return out


def _flat(sentences: SourceSentences) -> tuple[list[str], list[tuple[int, int]]]:
    texts, where = [], []
    for d, doc in enumerate(sentences):
        for j, s in enumerate(doc):
            texts.append(s)
            where.append((d, j))
    return texts, where


def lead(cluster: Cluster, sentences: SourceSentences, words: int) -> list[Candidate]:
    """Round-robin lead: sentence 1 of every document, then sentence 2 of every document, ..."""
    out: list[Candidate] = []
    depth = 0
    while True:
        row = [doc[depth] for doc in sentences if depth < len(doc)]
        if not row:
            return out
        base = len(out)
        out.extend(Candidate(s, (base + k,)) for k, s in enumerate(row))
        depth += 1


def oracle(cluster: Cluster, sentences: SourceSentences, words: int) -> list[Candidate]:
    """Greedy ROUGE-1+2 F1 oracle against the cluster's reference summary."""
    texts, where = _flat(sentences)
    return [Candidate(texts[i], where[i]) for i in oracle_order(texts, cluster.summary, words)]


# sumy's own test for what counts as a word (sumy.nlp.tokenizers.Tokenizer._WORD_PATTERN).
_SUMY_WORD = re.compile(r"^[^\W\d_](?:[^\W\d_]|['-])*$", re.UNICODE)


class _SumyWords:
    """sumy's default English word tokenizer without its punkt download.

    sumy runs `nltk.word_tokenize` (which first splits sentences with punkt) and keeps tokens that
    look like words; our input is already one sentence, so `preserve_line=True` skips punkt and
    gives the same tokens.
    """

    def __init__(self) -> None:
        self._tokenize = require("nltk.tokenize").word_tokenize

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(w for w in self._tokenize(sentence, preserve_line=True) if _SUMY_WORD.match(w))

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:  # pragma: no cover - never asked
        raise NotImplementedError("sentences come from chorus.segment")


class SumyRanker:
    """LexRank or TextRank from sumy, returning every sentence in sumy's rating order."""

    def __init__(self, algorithm: str) -> None:
        require("sumy")
        if algorithm == "lexrank":
            cls = require("sumy.summarizers.lex_rank").LexRankSummarizer
        elif algorithm == "textrank":
            cls = require("sumy.summarizers.text_rank").TextRankSummarizer
        else:
            raise ValueError(f"no sumy algorithm {algorithm!r}")
        stemmers = require("sumy.nlp.stemmers")
        utils = require("sumy.utils")
        self._dom = require("sumy.models.dom")
        self._summarizer = cls(stemmers.Stemmer("english"))
        self._summarizer.stop_words = utils.get_stop_words("english")
        self._words = _SumyWords()

    def __call__(self, cluster: Cluster, sentences: SourceSentences, words: int) -> list[Candidate]:
        dom = self._dom
        texts, where = _flat(sentences)
        document = dom.ObjectDocumentModel([
            dom.Paragraph([dom.Sentence(s, self._words) for s in doc]) for doc in sentences if doc
        ])
        ranked: list[Any] = []

        # sumy sorts every sentence by rating (a stable sort, so ties stay in document order) and
        # hands that list to `count`; taking it whole gives the full ranking from sumy's own code.
        def everything(infos: list[Any]) -> list[Any]:
            ranked.extend(infos)
            return infos

        self._summarizer(document, everything)
        return [Candidate(texts[info.order], where[info.order]) for info in ranked]


def chorus_system() -> System:
    """chorus itself, through the public API, on the raw documents as Articles."""
    from ..api import brief
    from ..options import Options

    def run(cluster: Cluster, sentences: SourceSentences, words: int) -> list[Candidate]:
        # The summary alone: the baselines make nothing else, so nothing else is timed.
        briefing = brief(cluster.articles(), options=Options(words=words, facts=False))
        return [Candidate(s.text, (i,)) for i, s in enumerate(briefing.summary)]

    return run


def make_system(name: str) -> System:
    """The system called `name` (one of `SYSTEMS`), ready to run; set-up happens here, untimed."""
    if name == "chorus":
        return chorus_system()
    if name == "lead":
        return lead
    if name in ("lexrank", "textrank"):
        return SumyRanker(name)
    if name == "oracle":
        require("rouge_score")
        return oracle
    raise ValueError(f"unknown system {name!r}")

"""Everything facts, conflicts and the timeline are built from, found once per story.

Each sentence of the story (in the order of `StorySentences`, so rows agree with the summary's)
gets its named-entity mentions, its quantities, its dates and its clock times. Facts, conflicts
and the timeline only group and compare these; none of them reads text again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from ..model import Document, Problem, Sentence
from .dates import DateMention, TimeMention, find_dates, find_times
from .entities import INSTALL_HINT, NER_WORD_BUDGET, Entity, EntityMention, find_entities, load_pipeline
from .numbers import Quantity, find_quantities


def clear_caches() -> None:
    """Forget what finding mentions remembers between stories: what the recognizer read, and the
    memos of name spellings, parsed dates and predicates. Benchmarks call it to time a story
    as one never seen before; briefing never needs it."""
    from . import dates, entities, numbers  # as modules: `find_mentions` has locals of these names

    for module in (dates, entities, numbers):
        module.clear_caches()


MISSING_MODEL = Problem(
    source="spaCy",
    message=f"not installed, so people, organizations and places are left out: {INSTALL_HINT}",
    skipped=False,
)


@dataclass(frozen=True, slots=True)
class StoryMentions:
    """Per-sentence findings of one story; `row` everywhere is a position in `sentences`."""

    sentences: tuple[Sentence, ...]
    doc_of: tuple[int, ...]                          # document position of each sentence
    ids: tuple[str, ...]                             # article id of each document
    published: tuple[datetime | None, ...]           # publication time of each document
    entities: dict[str, Entity]
    entity_mentions: tuple[EntityMention, ...]       # .sentence is a row
    quantities: tuple[tuple[int, Quantity], ...]     # (row, quantity)
    dates: tuple[tuple[int, DateMention], ...]
    times: tuple[tuple[int, TimeMention], ...]
    problems: tuple[Problem, ...] = ()

    def article(self, row: int) -> str:
        """The id of the article a sentence is in."""
        return self.ids[self.doc_of[row]]


def find_mentions(documents: Sequence[Document], first: Sequence[int] = (), nlp: object | None = None,
                  use_model: bool = True, ner_budget: int = NER_WORD_BUDGET) -> StoryMentions:
    """Find entities, quantities, dates and times in every sentence of the story.

    `first` lists rows the entity recognizer prefers when sentences are otherwise equally worth
    reading (the summary's sentences); see `entities.find_entities` for how it chooses.
    With `use_model` false, or without the `facts` extra, entities are left out (and, in the
    second case, a Problem says how to install them).
    """
    sentences: list[Sentence] = []
    doc_of: list[int] = []
    for d, doc in enumerate(documents):
        sentences.extend(doc.sentences)
        doc_of.extend([d] * len(doc.sentences))
    published = tuple(doc.article.published for doc in documents)
    texts = [s.text for s in sentences]

    problems: tuple[Problem, ...] = ()
    entities: dict[str, Entity] = {}
    entity_mentions: list[EntityMention] = []
    if use_model:
        model = nlp if nlp is not None else load_pipeline()
        if model is None:
            problems = (MISSING_MODEL,)
        else:
            entities, entity_mentions = find_entities(texts, first, ner_budget, nlp=model, articles=doc_of)

    found_dates = [find_dates(text, published[doc_of[r]]) for r, text in enumerate(texts)]
    dates = [(r, d) for r, ds in enumerate(found_dates) for d in ds]
    quantities = [(r, q) for r, text in enumerate(texts)
                  for q in find_quantities(text, found_dates[r])]
    times = [(r, t) for r, text in enumerate(texts) for t in find_times(text)]
    return StoryMentions(
        sentences=tuple(sentences),
        doc_of=tuple(doc_of),
        ids=tuple(doc.article.id for doc in documents),
        published=published,
        entities=entities,
        entity_mentions=tuple(entity_mentions),
        quantities=tuple(quantities),
        dates=tuple(dates),
        times=tuple(times),
        problems=problems,
    )

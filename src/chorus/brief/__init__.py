"""The brief stage: from cleaned, segmented articles to a Briefing.

Pure: it takes Documents and returns a Briefing, reading no files and no clock.
"""

from __future__ import annotations

from ..model import Briefing, Document, Problem, SummarySentence
from ..options import Options
from .conflicts import find_conflicts
from .facts import build_facts
from .mentions import find_mentions
from .select import DEFAULT_WEIGHTS, concept_weights, select_sentences
from .sentences import index_story
from .support import supporters
from .timeline import build_timeline
from .title import story_title
from .wording import summary_wording

__all__ = ["build_briefing"]


def publication_rank(documents: tuple[Document, ...]) -> list[int]:
    """Each document's place when sorted by publication time; undated ones after, in input order."""
    order = sorted(
        range(len(documents)),
        key=lambda d: (documents[d].article.published is None, documents[d].article.published or 0, d),
    )
    rank = [0] * len(documents)
    for place, d in enumerate(order):
        rank[d] = place
    return rank


def build_briefing(documents: tuple[Document, ...], options: Options = Options(), problems: tuple[Problem, ...] = ()) -> Briefing:
    """Summarize one story's documents under `options.words`, each sentence with its support."""
    story = index_story(documents)
    rows = select_sentences(story, options.words, DEFAULT_WEIGHTS, publication_rank(documents))
    ids = [doc.article.id for doc in documents]
    summary = tuple(
        SummarySentence(
            text=summary_wording(story.sentences[r].text),
            article=story.sentences[r].article,
            sentence=story.sentences[r].index,
            supported_by=tuple(ids[d] for d in others),
        )
        for r, others in zip(rows, supporters(story, rows))
    )
    fallback = summary[0].text if summary else ""
    title = story_title(documents, concept_weights(story, DEFAULT_WEIGHTS), fallback)
    # Facts, conflicts and the timeline share one pass over the story; the summary's sentences
    # are read first by the entity recognizer, whose budget is bounded (see brief/entities.py).
    if not options.facts:
        return Briefing(title=title, documents=documents, summary=summary, problems=problems)
    found = find_mentions(documents, first=rows)
    return Briefing(title=title, documents=documents, summary=summary, facts=build_facts(found),
                    conflicts=find_conflicts(found), timeline=build_timeline(found, story),
                    problems=problems + found.problems)

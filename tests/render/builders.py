"""Small hand-written briefings for the renderer tests: three outlets on one invented event."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone

from chorus.model import (
    Article,
    Briefing,
    Claim,
    Conflict,
    Document,
    Fact,
    Sentence,
    SummarySentence,
    TimelineEntry,
)


def make_document(
    id: str,
    *sentences: str,
    title: str = "",
    outlet: str | None = None,
    published: datetime | None = None,
) -> Document:
    """A cleaned article whose sentences are given one by one."""
    article = Article(
        id=id, title=title, outlet=outlet, source=f"stories/{id}.txt", published=published, text=" ".join(sentences)
    )
    return Document(article, tuple(Sentence(id, i, s) for i, s in enumerate(sentences)))


DOCUMENTS = (
    make_document(
        "courier",
        "A cargo ship struck a pier of the Harbor Bridge on Tuesday.",
        "Eleven people were injured, the fire chief said.",
        title="Ship hits Harbor Bridge",
        outlet="Calder Courier",
        published=datetime(2026, 3, 10),
    ),
    make_document(
        "wire",
        "A 240-metre span of the Harbor Bridge fell into the channel.",
        "Three road workers are missing.",
        title="Bridge span collapses in Port Calder",
        outlet="Meridian Wire",
        published=datetime(2026, 3, 10, 14, 5, tzinfo=timezone.utc),
    ),
    make_document(
        "post",
        "Fourteen people were treated at Calder General Hospital.",
        "Divers searched the channel until dark.",
        title="Inside the Harbor Bridge collapse",
        outlet="The Estuary Post",
    ),
)

SUMMARY = (
    SummarySentence("A 240-metre span of the Harbor Bridge fell into the channel.", "wire", 0, ("courier", "post")),
    SummarySentence("Three road workers are missing.", "wire", 1),
    SummarySentence("Divers searched the channel until dark.", "post", 1, ("courier",)),
)


def make_briefing(**changes: object) -> Briefing:
    """The three-outlet Harbor Bridge briefing, with any field replaced."""
    briefing = Briefing(
        title="Harbor Bridge collapse",
        documents=DOCUMENTS,
        summary=SUMMARY,
        facts=(Fact("count", "three road workers missing", ("wire", "courier")),),
        conflicts=(
            Conflict(
                "number injured",
                (Claim("Eleven people were injured", "courier"), Claim("Fourteen people were treated", "post")),
            ),
        ),
        timeline=(TimelineEntry("2026-03-10", "A cargo ship strikes Pier 7.", ("courier", "wire")),),
    )
    return replace(briefing, **changes)


def with_article(document: Document, **changes: object) -> Document:
    """The same document with some article fields changed, e.g. a hostile title."""
    return replace(document, article=replace(document.article, **changes))

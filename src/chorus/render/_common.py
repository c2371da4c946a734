"""What the Markdown and HTML renderers share, so a citation [n] means the same in both."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from ..model import Article, Briefing, Conflict, SummarySentence


def sources(briefing: Briefing) -> list[Article]:
    """The articles in source-list order, each id once, so list position and number agree."""
    unique: dict[str, Article] = {}
    for document in briefing.documents:
        unique.setdefault(document.article.id, document.article)
    return list(unique.values())


def numbering(briefing: Briefing) -> dict[str, int]:
    """Map each article id to its 1-based number in the source list."""
    return {article.id: number for number, article in enumerate(sources(briefing), start=1)}


def cited(numbers: dict[str, int], ids: Iterable[str]) -> list[int]:
    """Source numbers for article ids, in the order given, each once."""
    return list(dict.fromkeys(numbers[i] for i in ids))


def summary_ids(sentence: SummarySentence) -> tuple[str, ...]:
    """A summary sentence's own article first, then the articles that also state it."""
    return (sentence.article, *sentence.supported_by)


def one_line(text: str) -> str:
    """Collapse all whitespace, newlines included, so article text cannot break a line's layout."""
    return " ".join(text.split())


def title_of(briefing: Briefing) -> str:
    """The briefing's title, or a neutral one when the story has none."""
    return one_line(briefing.title) or "Briefing"


def label(article: Article) -> str:
    """What a source is called: its title, or where it came from when it has none."""
    return one_line(article.title) or article.source


def byline(article: Article) -> str:
    """Outlet and publication day, whichever are known, e.g. "Calder Courier, 2026-03-14"."""
    return ", ".join(part for part in (one_line(article.outlet or ""), day(article.published)) if part)


def day(published: datetime | None) -> str:
    """The publication day in ISO form; readers need the day, not the second."""
    return published.date().isoformat() if published else ""


# How many disputed points the line after the summary names before it says "and N more".
_NAMED_DIFFERENCES = 2


def differences(briefing: Briefing) -> str:
    """What the sources disagree on, as the summary's closing line says it (plain text, not
    escaped), or "" when they agree: "the number of people injured (11 vs 14)"; two points are
    joined by "and", more end in "and 2 more"."""
    points = [_point(c) for c in briefing.conflicts]
    if len(points) > _NAMED_DIFFERENCES:
        return f"{', '.join(points[:_NAMED_DIFFERENCES])} and {len(points) - _NAMED_DIFFERENCES} more"
    return " and ".join(points)


def _point(conflict: Conflict) -> str:
    about = one_line(conflict.about)
    if about and not about.lower().startswith("the "):
        about = "the " + about
    values = [v for v in map(one_line, conflict.values) if v]
    return f"{about} ({' vs '.join(values)})" if len(values) >= 2 else about

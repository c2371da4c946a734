"""A title for the story: the article headline that best names what the articles share."""

from __future__ import annotations

import re

from ..model import Document
from ..text import concepts

_SEPARATORS = re.compile(r"\s+[|\-–—:]\s+")
_MAX_TITLE_WORDS = 14


def headline(doc: Document) -> str:
    """An article's title without the outlet name that sites append ("… | Daily Orbit")."""
    title = " ".join(doc.article.title.split())
    outlet = (doc.article.outlet or "").casefold()
    parts = _SEPARATORS.split(title)
    if len(parts) > 1 and outlet and parts[-1].casefold() == outlet:
        title = title[: title.rfind(parts[-1])].rstrip(" |-–—:")
    return title


def story_title(documents: tuple[Document, ...], worth: dict[str, float], fallback: str) -> str:
    """The headline whose concepts are worth most per word; `fallback` cut short when none has one."""
    best, best_score = "", 0.0
    for doc in documents:
        h = headline(doc)
        if not h:
            continue
        score = sum(worth.get(c, 0.0) for c in concepts(h)) / max(len(h.split()), 4) ** 0.5
        if score > best_score or not best:
            best, best_score = h, score
    if best:
        return best
    ws = fallback.split()
    return " ".join(ws[:_MAX_TITLE_WORDS]).rstrip(",;:") + ("…" if len(ws) > _MAX_TITLE_WORDS else "")

"""JSON for programs: the "chorus.briefing/1" shape, the only place that knows how it is spelled.

The shape is pinned by `chorus/schema/briefing.schema.json`; change both together, and only with
a version bump.
"""

from __future__ import annotations

import json
from datetime import datetime, time
from typing import Any

from ..model import Briefing, Document

SCHEMA = "chorus.briefing/1"


def render(briefing: Briefing) -> str:
    """The briefing as indented UTF-8 JSON text ending in a newline."""
    return json.dumps(to_dict(briefing), ensure_ascii=False, indent=2) + "\n"


def to_dict(briefing: Briefing) -> dict[str, Any]:
    """The briefing as plain dicts and lists in the "chorus.briefing/1" shape; problems stay out."""
    return {
        "schema": SCHEMA,
        "title": briefing.title,
        "articles": [_article(d) for d in briefing.documents],
        "summary": [
            {"text": s.text, "article": s.article, "sentence": s.sentence, "supported_by": list(s.supported_by)}
            for s in briefing.summary
        ],
        "facts": [{"kind": f.kind, "text": f.text, "articles": list(f.articles)} for f in briefing.facts],
        "conflicts": [
            {"about": c.about, "claims": [{"text": cl.text, "article": cl.article} for cl in c.claims]}
            for c in briefing.conflicts
        ],
        "timeline": [{"date": e.date, "text": e.text, "articles": list(e.articles)} for e in briefing.timeline],
    }


def _article(document: Document) -> dict[str, Any]:
    """One entry of "articles": the article as read, and how many words of it survived cleaning."""
    article = document.article
    return {
        "id": article.id,
        "title": article.title,
        "outlet": article.outlet,
        "source": article.source,
        "published": _published(article.published),
        "words": document.words,
    }


def _published(published: datetime | None) -> str | None:
    """ISO 8601 in UTC; midnight means only the day was known, so only the day is written."""
    if published is None:
        return None
    if published.time() == time():
        return published.date().isoformat()
    return published.isoformat()

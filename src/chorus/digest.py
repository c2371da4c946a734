"""A digest: one briefing per story, largest story first, optionally leading with what is new.

Copies are folded out before briefing (only a story's originals are briefed), so a wire story
run by five outlets counts as one source. With `since`, each briefing's summary opens with the
sentences of articles published after that time whose content no earlier article of the story
carried (TF-IDF cosine to every earlier sentence below `chorus.brief.support.SUPPORT_THRESHOLD`,
the same test that decides `supported_by`), then goes on with the usual summary.

A Markdown or HTML digest is `digest_head`, then `digest_entry` of each entry, then
`digest_tail`: `render_digest` joins them, and `chorus.batch` writes them an entry at a time.

>>> entries = digest(stories, documents, words=150)          # doctest: +SKIP
>>> print(render_digest(entries, "markdown"))                 # doctest: +SKIP
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import numpy as np

from .brief import build_briefing
from .brief.sentences import index_story
from .brief.support import SUPPORT_THRESHOLD, supporters
from .brief.wording import summary_wording
from .errors import ConfigError
from .model import Article, Briefing, Document, Story, SummarySentence
from .options import Options
from .text import word_count

__all__ = ["DigestEntry", "briefs", "digest", "digest_entry", "digest_head", "digest_tail", "render_digest", "whats_new"]

# Share of the word budget the new sentences may take; the rest is the story as a whole.
NEW_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class DigestEntry:
    """One story's briefing; its first `new` summary sentences are what is new since `since`."""

    story: Story
    briefing: Briefing
    new: int = 0
    copies: int = 0


def digest(
    stories: list[Story],
    document_of: Mapping[str, Document] | Callable[[str], Document | None],
    *,
    options: Options = Options(),
    since: datetime | None = None,
    limit: int | None = None,
    on_progress: Callable[[int], None] | None = None,
    articles: Mapping[str, Article] | None = None,
) -> list[DigestEntry]:
    """A briefing for each story (largest first), built from its originals' documents.

    `document_of` gives an article's cleaned, segmented Document (a mapping or a function, e.g.
    a store's `document`); articles it does not know are left out. With `since`, only stories
    with an article published after it are briefed, and each leads with what is new.
    `on_progress` hears how many briefings have been written so far. `articles` (id -> Article,
    text not needed) lets a story that would not be briefed (none of its originals published
    after `since`) be passed over without fetching its documents, which may cost cleaning them.
    """
    get = document_of.get if isinstance(document_of, Mapping) else document_of
    entries = []
    for story in sorted(stories, key=lambda s: -len(s.articles)):
        if articles is not None and not briefs([articles[a] for a in story.originals if a in articles], since):
            continue
        documents = tuple(d for d in (get(a) for a in story.originals) if d is not None)
        if not briefs([d.article for d in documents], since):
            continue
        briefing = build_briefing(documents, options)
        lead: tuple[SummarySentence, ...] = ()
        if since is not None:
            lead = whats_new(documents, since, int(options.words * NEW_SHARE))
            if lead:
                rest = build_briefing(documents, replace(options, words=max(1, options.words - _words(lead))))
                briefing = replace(rest, summary=lead + _without(rest.summary, lead))
        copies = len(story.articles) - len(story.originals)
        entries.append(DigestEntry(story, briefing, len(lead), copies))
        if on_progress is not None:
            on_progress(len(entries))
        if limit is not None and len(entries) >= limit:
            break
    return entries


def whats_new(documents: tuple[Document, ...], since: datetime, words: int) -> tuple[SummarySentence, ...]:
    """Sentences of documents published after `since` that no earlier document states.

    Chosen in order of how many new documents state them, then how early in its article (news
    puts the event first), without two that state the same thing, within `words`.
    """
    story = index_story(documents)
    new_doc = np.array([_published_after(d.article, since) for d in documents], dtype=bool)
    if not new_doc.any() or not len(story.sentences):
        return ()
    rows_new = np.flatnonzero(new_doc[story.doc_of])
    rows_old = np.flatnonzero(~new_doc[story.doc_of])
    if len(rows_old):
        carried = story.similarity(rows_new, rows_old).max(axis=1) >= SUPPORT_THRESHOLD
        rows_new = rows_new[~carried]
    if not len(rows_new):
        return ()
    rows = rows_new.tolist()
    backing = supporters(story, rows)
    order = sorted(range(len(rows)), key=lambda k: (-len(backing[k]), story.sentences[rows[k]].index, k))
    chosen: list[int] = []
    used = 0
    for k in order:
        r = rows[k]
        size = int(story.words[r])
        if used + size > words and chosen:
            continue
        if chosen and story.similarity([r], chosen).max() >= SUPPORT_THRESHOLD:
            continue
        chosen.append(r)
        used += size
        if used >= words:
            break
    ids = [d.article.id for d in documents]
    by_row = dict(zip(rows, backing))
    return tuple(
        SummarySentence(text=summary_wording(story.sentences[r].text), article=story.sentences[r].article,
                        sentence=story.sentences[r].index, supported_by=tuple(ids[d] for d in by_row[r]))
        for r in chosen
    )


def briefs(originals: Sequence[Article], since: datetime | None) -> bool:
    """Whether a digest briefs a story whose originals with a Document are `originals`: it has
    one, and with `since`, one published after it (`chorus.batch` chooses its stories by this)."""
    return bool(originals) and (since is None or any(_published_after(a, since) for a in originals))


def _published_after(article: Article, since: datetime) -> bool:
    return article.published is not None and article.published > since


def _words(summary: tuple[SummarySentence, ...]) -> int:
    return sum(word_count(s.text) for s in summary)


def _without(summary: tuple[SummarySentence, ...], lead: tuple[SummarySentence, ...]) -> tuple[SummarySentence, ...]:
    taken = {(s.article, s.sentence) for s in lead}
    return tuple(s for s in summary if (s.article, s.sentence) not in taken)


# -- rendering ---------------------------------------------------------------------------------

DIGEST_FORMATS = ("markdown", "json", "html")
# The formats whose digest is a head, each entry's text, then a tail (see `digest_head`).
PIECED_FORMATS = ("markdown", "html")


def render_digest(entries: list[DigestEntry], fmt: str, since: datetime | None = None) -> str:
    """The digest as Markdown (a section per story), JSON or one HTML page.

    JSON: `{"digest": [briefing, ...], "stories": [{"id", "articles", "copies", "new_sentences"}],
    "since": str | null}`, each briefing in the "chorus.briefing/1" shape.
    """
    if fmt == "json":
        return json.dumps(digest_dict(entries, since), ensure_ascii=False, indent=2) + "\n"
    _check_pieced(fmt)
    return (digest_head(fmt, len(entries), since)
            + "".join(digest_entry(e, fmt, since, k) for k, e in enumerate(entries, start=1))
            + digest_tail(fmt))


def digest_dict(entries: list[DigestEntry], since: datetime | None = None) -> dict[str, Any]:
    """The JSON digest as plain data: `render_digest`'s JSON, and what batch workers send back
    for their entries (joined list by list in the client)."""
    from .render.json import to_dict

    # "digest" holds plain chorus.briefing/1 objects; "stories", in the same order, says which
    # story each is and how many of its first summary sentences are new since `since`.
    return {
        "digest": [to_dict(e.briefing) for e in entries],
        "stories": [{"id": e.story.id, "articles": len(e.story.articles), "copies": e.copies,
                     "new_sentences": e.new} for e in entries],
        "since": since.isoformat() if since is not None else None,
    }


def digest_head(fmt: str, count: int, since: datetime | None = None) -> str:
    """What a Markdown or HTML digest of `count` entries starts with."""
    _check_pieced(fmt)
    heading = _heading(count, since)
    if fmt == "markdown":
        return f"# {heading}"
    from html import escape

    from .render.html import page_head

    heading = escape(heading)
    # A briefing page's head (style and all), titled for the digest; a digest of nothing is bare.
    head = page_head(heading) if count else _BARE_HEAD
    return "\n".join([head, "<main>", f"<h1>{heading}</h1>"])


def digest_entry(entry: DigestEntry, fmt: str, since: datetime | None = None, number: int = 1) -> str:
    """The text a Markdown or HTML digest gives `entry` as its `number`th (from 1) entry."""
    _check_pieced(fmt)
    if fmt == "markdown":
        return "\n\n" + _markdown_entry(entry, since)
    return "\n" + _html_entry(entry, since, number)


def digest_tail(fmt: str) -> str:
    """What a Markdown or HTML digest ends with, after its last entry."""
    _check_pieced(fmt)
    return "\n" if fmt == "markdown" else "\n</main>\n</body>\n</html>\n"


def _check_pieced(fmt: str) -> None:
    if fmt not in DIGEST_FORMATS:
        raise ConfigError(f"unknown format {fmt!r}; choose one of {', '.join(DIGEST_FORMATS)}")
    if fmt not in PIECED_FORMATS:
        raise ConfigError(f"a {fmt} digest is not written in pieces; choose one of {', '.join(PIECED_FORMATS)}")


def _heading(count: int, since: datetime | None) -> str:
    what = f"{count} {'story' if count == 1 else 'stories'}"
    return f"Digest: {what}" + (f", new since {_when(since)}" if since is not None else "")


def _note(entry: DigestEntry, since: datetime | None) -> str:
    n = len(entry.story.articles)
    parts = [f"{n} article{'' if n == 1 else 's'}"]
    if entry.copies:
        parts.append(f"{entry.copies} of them {'a copy' if entry.copies == 1 else 'copies'} of another, counted once")
    if since is not None:
        k = entry.new
        parts.append(f"new since {_when(since)}: the first {k} sentence{'' if k == 1 else 's'}" if k
                     else f"nothing new since {_when(since)} that earlier articles did not say")
    return f"story {entry.story.id}; " + "; ".join(parts)


def _markdown_entry(entry: DigestEntry, since: datetime | None) -> str:
    from .render.markdown import render

    text = render(entry.briefing)
    # One level down: each briefing's title becomes a section of the digest.
    lines = [("#" + line) if line.startswith("#") else line for line in text.splitlines()]
    lines.insert(1, f"\n_{_note(entry, since)}_")
    return "\n".join(lines).rstrip()


_MAIN = re.compile(r"<main>\n(.*)\n</main>", re.S)
_BARE_HEAD = "<!DOCTYPE html>\n<html lang=\"en\">\n<body>\n"


def _html_entry(entry: DigestEntry, since: datetime | None, k: int) -> str:
    from html import escape

    from .render.html import render

    body = _MAIN.search(render(entry.briefing)).group(1)  # type: ignore[union-attr]
    # Every briefing numbers its sources from 1: keep each one's anchors its own.
    body = body.replace('id="src-', f'id="s{k}-src-').replace('href="#src-', f'href="#s{k}-src-')
    body = body.replace('<section id="', f'<section id="s{k}-')
    body = re.sub(r"<h1>(.*?)</h1>", r"<h1 class=\"story\">\1</h1>", body, count=1, flags=re.S)
    return "\n".join([f'<article id="story-{k}">', body, f'<p class="meta">{escape(_note(entry, since))}</p>',
                      "</article>"])


def _when(value: datetime | None) -> str:
    if value is None:
        return ""
    return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(" ", "minutes")

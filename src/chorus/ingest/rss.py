"""RSS and Atom feeds (.rss, .atom, or .xml that is a feed; feed URLs through `web.py`).

Each item becomes an Article: its title, its link as `url`, its published (or updated) date, and
its full content when the feed carries it, else its summary, with the HTML reduced to text
paragraphs. The feed's own title is the outlet. feedparser reads the feed; it is always handed
bytes, never a string, since it would take a string that looks like a URL or a path as one to
open or fetch itself, outside chorus's checks.

Items are named "feed.rss[0]", "feed.rss[1]"… in messages and as sources, as JSON arrays are.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from ..errors import ExtractionError, MalformedRecord, UnsupportedFormat
from ..model import Article, Problem
from ..options import Options
from .files import cut_text, normalize_field, normalize_text, read_bytes

__all__ = ["html_to_text", "looks_like_feed", "read_feed", "read_feed_bytes"]

# A feed's root element within the first few kB, after any XML declaration, comments and DOCTYPE.
_FEED_ROOT = re.compile(rb"<(?:[\w.-]+:)?(?:rss|feed|RDF)[\s>/]")
_SNIFF = 4096
_HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")
# Elements that end a paragraph of text; everything else is inline.
_BLOCKS = frozenset(
    "p div br li ul ol dl dt dd h1 h2 h3 h4 h5 h6 blockquote pre table tr section article header "
    "footer aside figure figcaption hr address details summary".split()
)
_DROPPED = ("script", "style", "noscript", "iframe", "object", "embed", "template", "svg")
_SPACE = re.compile(r"\s+")
_SAX_WHERE = re.compile(r"^<unknown>:(\d+):(\d+):\s*")


def looks_like_feed(data: bytes) -> bool:
    """True when the bytes start like an RSS, Atom or RSS 1.0 (RDF) document."""
    head = data[:_SNIFF]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    return bool(_FEED_ROOT.search(head))


def read_feed(path: Path, source: str, options: Options) -> Iterator[Article | Problem]:
    """Read a feed file; an .xml file that is not a feed is refused with a message saying so."""
    data = read_bytes(path, source, options)
    if not data.strip():
        raise ExtractionError(source, "empty file")
    if not looks_like_feed(data):
        what = "XML" if path.suffix.lower() == ".xml" else f"a {path.suffix.lower()} file"
        raise UnsupportedFormat(source, f"{what} that is not an RSS or Atom feed")
    yield from read_feed_bytes(data, source, options, default_stem=path.stem)


def read_feed_bytes(data: bytes, source: str, options: Options, *, default_stem: str) -> Iterator[Article | Problem]:
    """The articles of one feed document; an item without text becomes a Problem, the rest are read.

    Raises MalformedRecord for a document feedparser cannot read as a feed at all.
    """
    import feedparser  # imported on first use: most runs read no feed

    parsed = feedparser.parse(io.BytesIO(data))
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            raise MalformedRecord(source, f"not a readable feed ({_reason(parsed.get('bozo_exception'))})")
        if not parsed.get("version"):
            raise UnsupportedFormat(source, "not an RSS or Atom feed")
        raise ExtractionError(source, "feed has no items")
    if parsed.get("bozo"):
        # feedparser falls back to a lenient parser; say so, since some text may be off.
        yield Problem(source, f"feed is not well-formed ({_reason(parsed.get('bozo_exception'))}); "
                              "read it leniently", skipped=False)
    outlet = _field(parsed.get("feed", {}).get("title"))
    for index, entry in enumerate(entries):
        item_source = f"{source}[{index}]"
        text = _entry_text(entry)
        if not text:
            yield Problem(item_source, "feed item has no text (no content or summary)")
            continue
        text, cut = cut_text(text, item_source, options)
        if cut:
            yield cut
        link = _field(entry.get("link"))
        yield Article(
            id=_field(entry.get("id")) or link or f"{default_stem}-{index + 1}",
            title=_title(entry),
            outlet=outlet,
            source=item_source,
            published=_published(entry),
            text=text,
            author=_field(entry.get("author")),
            url=link,
        )


def html_to_text(fragment: str) -> str:
    """Text paragraphs of an HTML fragment: block elements end lines, scripts and styles go.

    >>> html_to_text("<p>The port <b>reopened</b>\\n today.</p><p>Ships moved.<br>Fog lifted.</p>")
    'The port reopened today.\\nShips moved.\\nFog lifted.'
    """
    import lxml.html
    from lxml import etree

    if not fragment.strip():
        return ""
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return normalize_text(fragment)
    for element in list(root.iter(*_DROPPED)):
        element.drop_tree()  # keeps the element's tail text
    # Whitespace in HTML source is one space; lines come only from the block elements.
    for element in root.iter():
        if not isinstance(element.tag, str):  # comments and processing instructions
            element.text = ""
            continue
        element.text = _SPACE.sub(" ", element.text) if element.text else element.text
        element.tail = _SPACE.sub(" ", element.tail) if element.tail else element.tail
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCKS:
            element.text = "\n" + (element.text or "")
            element.tail = "\n" + (element.tail or "")
    lines = (line.strip() for line in root.text_content().split("\n"))
    return normalize_text("\n".join(line for line in lines if line))


def _entry_text(entry: Any) -> str:
    """The fullest text an item carries: its longest content block, else its summary."""
    blocks = [(c.get("value") or "", c.get("type") or "") for c in entry.get("content") or []]
    summary = entry.get("summary_detail") or {}
    if entry.get("summary"):
        blocks.append((entry.get("summary"), summary.get("type") or "text/html"))
    best = ""
    for value, kind in blocks:
        text = html_to_text(value) if _is_html(kind, value) else normalize_text(value)
        if len(text) > len(best):
            best = text
    return best


def _is_html(kind: str, value: str) -> bool:
    return kind.lower() in _HTML_TYPES or (kind.lower() != "text/plain" and "<" in value)


def _title(entry: Any) -> str:
    title = entry.get("title") or ""
    return normalize_field(html_to_text(title) if "<" in title else title)


def _published(entry: Any) -> datetime | None:
    """The item's date as naive UTC (feedparser gives UTC struct_times), like every reader."""
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return datetime(*value[:6])
            except (TypeError, ValueError, OverflowError):
                continue
    return None


def _field(value: object) -> str | None:
    if not isinstance(value, str) or not value:
        return None
    return normalize_field(value) or None


def _reason(exc: object) -> str:
    """The parser's complaint, without its "<unknown>:2:6:" (feedparser's lines are not the file's)."""
    reason = str(exc or "unknown error").strip() or type(exc).__name__
    reason = _SAX_WHERE.sub("", reason)
    return reason[:1].lower() + reason[1:]

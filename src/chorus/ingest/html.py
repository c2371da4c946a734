"""Web pages: the article and its metadata, without menus, footers, scripts or comments.

trafilatura finds the article text and reads title, site name, author, date and canonical URL
from the page's metadata (OpenGraph, JSON-LD, <meta> tags).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

from typing import TYPE_CHECKING

from ..errors import ExtractionError
from ..model import Article, Problem
from ..options import Options

if TYPE_CHECKING:
    from trafilatura.settings import Document
from .files import cut_text, decode, normalize_field, normalize_text, read_bytes


def read_html(path: Path, source: str, options: Options) -> Iterator[Article | Problem]:
    """Read one .html/.htm page as an article; the id is the file name without its extension."""
    page, warning = decode(read_bytes(path, source, options), source)
    if warning:
        yield Problem(source, warning, skipped=False)
    yield from read_page(page, source, path.stem, options)


def read_page(page: str, source: str, default_id: str, options: Options) -> Iterator[Article | Problem]:
    """The article in one decoded HTML page, from a file, a web archive or a URL.

    Raises ExtractionError when the page holds no article text.
    """
    found = extract(page, source)
    text = normalize_text(found.text or "") if found else ""
    if not found or not text:
        raise ExtractionError(source, "no article text found in the HTML")
    text, cut = cut_text(text, source, options)
    if cut:
        yield cut
    yield Article(
        id=default_id,
        title=normalize_field(found.title or ""),
        outlet=_field(found.sitename),
        source=source,
        published=_date(found.date),
        text=text,
        author=_field(found.author),
        url=_field(found.url),
    )


def extract(page: str, source: str) -> Document | None:
    """Run trafilatura: precision first (less boilerplate), the balanced mode if that finds nothing.

    trafilatura is imported here, not at the top, because it is the slowest import in chorus
    and only HTML inputs need it.

    Raises ExtractionError when the page breaks the parser.
    """
    import trafilatura
    from trafilatura.settings import Document, Extractor

    for precision in (True, False):
        settings = Extractor(
            output_format="python",
            precision=precision,
            comments=False,
            tables=False,
            with_metadata=True,
            source=source,  # trafilatura's own log lines then name the file
            date_params={
                "original_date": True,  # the publication date, not the last edit
                # The extensive search reads dates out of the visible text, so a footer's
                # "© 2024" became a published date of 2024-01-01: metadata only.
                "extensive_search": False,
                "max_date": date.today().isoformat(),
            },
        )
        try:
            found = trafilatura.bare_extraction(page, options=settings)
        # The one broad catch in ingest: on some malformed markup trafilatura lets lxml and
        # htmldate errors through (e.g. an AssertionError from lxml's drop_tree on
        # "<math><html xmlns='x'>"), and one bad page must not stop the others.
        except Exception as exc:  # noqa: BLE001
            reason = str(exc) or type(exc).__name__
            raise ExtractionError(source, f"could not parse HTML: {reason}") from exc
        if isinstance(found, Document) and found.text and found.text.strip():
            return found
    return None


def _field(value: str | None) -> str | None:
    """A normalized metadata field, None when the page gave nothing usable."""
    if not value:
        return None
    return normalize_field(value) or None


def _date(value: str | None) -> datetime | None:
    """trafilatura gives dates as "YYYY-MM-DD" strings; the model wants a datetime."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None

"""Plain-text articles: the first non-empty line is the title, the rest is the article."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..errors import ExtractionError
from ..model import Article, Problem
from ..options import Options
from .files import cut_text, decode, normalize_field, normalize_text, read_bytes


def read_txt(path: Path, source: str, options: Options) -> Iterator[Article | Problem]:
    """Read one .txt article; the id is the file name without its extension."""
    text, warning = decode(read_bytes(path, source, options), source)
    if warning:
        yield Problem(source, warning, skipped=False)
    title, _, body = normalize_text(text).partition("\n")
    body = normalize_text(body)
    if not body:
        raise ExtractionError(source, "no article text after the title line")
    body, cut = cut_text(body, source, options)
    if cut:
        yield cut
    yield Article(
        id=path.stem,
        title=normalize_field(title),
        outlet=None,
        source=source,
        published=None,
        text=body,
    )

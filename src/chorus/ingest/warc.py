"""Web archives (.warc, .warc.gz): every archived HTML page becomes an article.

Only `response` records of HTTP 200 with an HTML content type are read; requests, metadata,
revisits, images and scripts are passed over. Each page goes through the HTML reader
(`html.read_page`), so a page in a crawl reads exactly as the same page saved as a file. The id
of an article is the page's URL (WARC-Target-URI), and it is named "crawl.warc.gz[URL]" in
messages. A damaged record ends the file with a message; the pages before it are kept.

Reading WARC needs warcio: pip install 'chorus-news[warc]'.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from ..errors import ExtractionError, InputError, MalformedRecord, UnsupportedFormat
from ..model import Article, Problem
from ..options import Options
from .files import decode, size_text

__all__ = ["read_warc"]

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(path: Path, source: str, options: Options) -> Iterator[Article | Problem]:
    """Stream the HTML pages of one WARC file, one record at a time."""
    try:
        from warcio.archiveiterator import ArchiveIterator
        from warcio.exceptions import ArchiveLoadFailed
    except ImportError:
        raise UnsupportedFormat(source, "reading WARC needs pip install 'chorus-news[warc]'") from None
    from .html import read_page

    records = pages = 0
    with open(path, "rb") as file:
        if not _starts_like_warc(file):
            raise UnsupportedFormat(source, "not a WARC file (it does not start with a WARC/1.x record)")
        archive = ArchiveIterator(file)
        try:
            for record in archive:
                records += 1
                page = _html_response(record)
                if page is None:
                    continue
                pages += 1
                uri, content_type = page
                page_source = f"{source}[{uri}]"
                try:
                    body = record.content_stream().read(options.max_file_bytes + 1)
                    if len(body) > options.max_file_bytes:
                        limit = size_text(options.max_file_bytes)
                        raise InputError(page_source, f"page is over the {limit} limit")
                    text, warning = _decode(body, content_type, page_source)
                    if warning:
                        yield Problem(page_source, warning, skipped=False)
                    yield from read_page(text, page_source, uri, options)
                except InputError as exc:
                    yield Problem(exc.source, exc.message, exc.line)
        except (ArchiveLoadFailed, zlib.error, EOFError, ValueError) as exc:
            what = "not a WARC file" if records == 0 else f"damaged WARC after {records} records"
            raise MalformedRecord(source, f"{what} ({_reason(exc)})") from None
        # warcio stops quietly at a record cut short (a crawl interrupted mid-write): look for
        # bytes after the last whole record.
        if records:
            file.seek(archive.get_record_offset() + archive.get_record_length())
            if file.read(64).strip(b"\r\n"):
                raise MalformedRecord(source, f"damaged WARC after {records} records "
                                              "(it ends inside a record: cut short?)")
    if pages == 0:
        raise ExtractionError(source, f"no HTML pages in this WARC file ({records} records)")


def _starts_like_warc(file: BinaryIO) -> bool:
    """True when the file (gzipped or not) starts with a WARC record header; rewinds the file."""
    head = file.read(2)
    file.seek(0)
    try:
        if head == b"\x1f\x8b":
            with gzip.GzipFile(fileobj=file) as unzipped:
                head = unzipped.read(8)
        else:
            head = file.read(8)
    except (OSError, EOFError, zlib.error):
        return False
    finally:
        file.seek(0)
    return head.lstrip(b"\r\n").startswith(b"WARC/")


def _html_response(record: object) -> tuple[str, str] | None:
    """(URL, content type) for a record that archives a successful HTML response, else None."""
    if getattr(record, "rec_type", None) != "response":
        return None
    http = getattr(record, "http_headers", None)
    if http is None or http.get_statuscode() != "200":
        return None
    content_type = http.get_header("Content-Type") or ""
    if not content_type.split(";", 1)[0].strip().lower().startswith(_HTML_TYPES):
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""  # type: ignore[attr-defined]
    return uri.strip("<>"), content_type


def _decode(body: bytes, content_type: str, source: str) -> tuple[str, str | None]:
    """The page's text: in the charset its headers declare when that works, else chorus's guess."""
    _, _, params = content_type.partition(";")
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            try:
                return body.decode(value.strip().strip('"')), None
            except (LookupError, UnicodeDecodeError):
                break
    return decode(body, source)


def _reason(exc: BaseException) -> str:
    reason = str(exc) or type(exc).__name__
    return reason[:1].lower() + reason[1:]

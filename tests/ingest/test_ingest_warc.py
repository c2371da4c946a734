"""Web archives: each archived HTML page read like an .html file; everything else passed over."""

from __future__ import annotations

import builtins
import io
from pathlib import Path

import pytest

from chorus.ingest import load
from chorus.options import Options

warcio = pytest.importorskip("warcio")
from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

ARTICLE = """<html><head><title>Dam fails in Millbrook | Valley Wire</title>
<meta property="og:site_name" content="Valley Wire"></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Dam fails in Millbrook</h1>
<p>The Millbrook dam failed late on Sunday after days of heavy rain, flooding about forty homes in
the valley below and cutting the main road to the county seat for most of Monday.</p>
<p>Emergency crews moved some 300 residents to the county fairground overnight, the sheriff said,
and nobody was reported hurt by the time the water began to fall on Monday afternoon.</p>
<p>Engineers had flagged the dam for repairs in 2019, according to state inspection records.</p>
</article><footer>Copyright Valley Wire</footer></body></html>"""


def response(writer: WARCWriter, uri: str, body: bytes, content_type: str = "text/html; charset=utf-8",
             status: str = "200 OK") -> None:
    headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers))


def make_warc(path: Path, gzip: bool = True, offsets: list[int] | None = None) -> Path:
    """A small crawl; `offsets` gets where each response record starts."""
    offsets = [] if offsets is None else offsets
    with open(path, "wb") as file:
        writer = WARCWriter(file, gzip=gzip)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        request = StatusAndHeaders("GET /dam HTTP/1.1", [("Host", "valleywire.example")], is_http_request=True)
        writer.write_record(writer.create_warc_record("https://valleywire.example/dam", "request",
                                                      payload=io.BytesIO(b""), http_headers=request))
        offsets.append(file.tell())
        response(writer, "https://valleywire.example/dam", ARTICLE.encode())
        response(writer, "https://valleywire.example/logo.png", b"\x89PNG\r\n", content_type="image/png")
        response(writer, "https://valleywire.example/gone", ARTICLE.encode(), status="404 Not Found")
        response(writer, "https://valleywire.example/empty", b"<html><body></body></html>")
        offsets.append(file.tell())
        response(writer, "https://valleywire.example/latin", ARTICLE.replace("Dam fails", "Presa rota café")
                 .encode("cp1252"), content_type="text/html; charset=windows-1252")
    return path


@pytest.mark.parametrize("name,gzip", [("crawl.warc.gz", True), ("crawl.warc", False)])
def test_html_responses_become_articles(tmp_path: Path, name: str, gzip: bool) -> None:
    path = make_warc(tmp_path / name, gzip=gzip)
    loaded = load([path])
    dam, latin = loaded.articles
    assert dam.id == "https://valleywire.example/dam"
    assert dam.source == f"{path}[https://valleywire.example/dam]"
    assert dam.title == "Dam fails in Millbrook"
    assert dam.outlet == "Valley Wire"
    assert "The Millbrook dam failed late on Sunday" in dam.text and "Home" not in dam.text
    assert latin.title == "Presa rota café in Millbrook"  # the declared charset is used
    # the image and the 404 are passed over silently; the page with no article is named
    assert [str(p) for p in loaded.problems] == [
        f"{path}[https://valleywire.example/empty]: no article text found in the HTML"
    ]


def test_truncated_archive_keeps_the_pages_before_the_damage(tmp_path: Path) -> None:
    offsets: list[int] = []
    whole = make_warc(tmp_path / "whole.warc.gz", offsets=offsets).read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole[: offsets[-1] + 300])  # inside the last page's record
    loaded = load([cut])
    assert [a.id for a in loaded.articles] == ["https://valleywire.example/dam"]
    last = loaded.problems[-1]
    assert last.source == str(cut) and last.message.startswith("damaged WARC after")


def test_not_a_warc_file(tmp_path: Path) -> None:
    path = tmp_path / "fake.warc"
    path.write_text("this is not an archive\n" * 10)
    (problem,) = load([path]).problems
    assert problem.message.startswith("not a WARC file")


def test_warc_without_html_pages(tmp_path: Path) -> None:
    path = tmp_path / "images.warc.gz"
    with open(path, "wb") as file:
        response(WARCWriter(file, gzip=True), "https://x.example/a.png", b"\x89PNG", content_type="image/png")
    assert [p.message for p in load([path]).problems] == ["no HTML pages in this WARC file (1 records)"]


def test_page_over_the_size_limit_is_skipped(tmp_path: Path) -> None:
    path = make_warc(tmp_path / "crawl.warc.gz")
    loaded = load([path], Options(max_file_bytes=500))
    assert loaded.articles == ()
    assert "page is over the 500 bytes limit" in loaded.problems[0].message


def test_missing_warcio_names_the_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = make_warc(tmp_path / "x.warc.gz")
    real_import = builtins.__import__

    def no_warcio(name: str, *args, **kwargs):
        if name.startswith("warcio"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_warcio)
    assert [str(p) for p in load([path]).problems] == [f"{path}: reading WARC needs pip install 'chorus-news[warc]'"]

"""Web pages: only the article text, and metadata from the page's head."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

import chorus.ingest.html
from chorus.ingest import load

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Harbor Bridge reopens after storm repairs | Coastal Ledger</title>
  <meta property="og:site_name" content="Coastal Ledger">
  <meta property="og:title" content="Harbor Bridge reopens after storm repairs">
  <meta name="author" content="Dana Whitfield">
  <meta property="article:published_time" content="2024-03-10T14:30:00Z">
  <link rel="canonical" href="https://coastalledger.example/news/harbor-bridge-reopens">
  <script>window.analytics = {track: function () {}};</script>
  <style>body { font-family: serif; }</style>
</head>
<body>
<header>
  <nav><ul>
    <li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sports">Sports</a></li>
    <li><a href="/subscribe">Subscribe today for $1</a></li>
  </ul></nav>
</header>
<main>
<article>
  <h1>Harbor Bridge reopens after storm repairs</h1>
  <p class="byline">By Dana Whitfield</p>
  <p>The Harbor Bridge reopened to traffic on Sunday morning, six weeks after a winter storm tore
     away part of its eastern railing and damaged two support cables.</p>
  <p>City engineers said the repairs cost about $4.2 million, slightly more than the first
     estimate, because crews found corrosion in a third cable while the bridge was closed.</p>
  <script>alert(1)</script>
  <p>"We did not want to reopen a bridge we were not sure of," said Maria Lopez, the city's chief
     engineer, at a news conference on the western approach.</p>
  <p>Commuters had used a ferry and a detour through the industrial district that added as much as
     forty minutes to the trip downtown.</p>
  <p>The council will vote next month on a plan to inspect all of the city's bridges every year.</p>
</article>
<section id="comments" class="comments">
  <h2>Comments</h2>
  <div class="comment"><p>Finally! My commute has been a nightmare since January.</p></div>
  <div class="comment"><p>Who is paying for this? Taxpayers again, of course.</p></div>
</section>
</main>
<footer>
  <p>&copy; 2024 Coastal Ledger. All rights reserved.</p>
  <ul><li><a href="/privacy">Privacy policy</a></li><li><a href="/terms">Terms of use</a></li></ul>
</footer>
</body>
</html>
"""

BARE_PAGE = """<html><head><title>Port closed as storm hits coast - The Harbour Times</title>
<meta name="date" content="2024-03-09"></head>
<body><div class="story">
<p>Le port a été fermé samedi après une tempête violente sur la côte nord.</p>
<p>Les autorités espèrent une réouverture lundi si le vent faiblit.</p>
</div>
<footer>Copyright 2021 Harbour Times</footer></body></html>
"""


def write(directory: Path, name: str, content: str) -> Path:
    path = directory / name
    path.write_text(content, encoding="utf-8")
    return path


def test_page_gives_article_text_and_metadata(tmp_path: Path) -> None:
    path = write(tmp_path, "ledger.html", PAGE)
    loaded = load([path])
    assert loaded.problems == ()
    (article,) = loaded.articles
    assert article.id == "ledger"
    assert article.source == str(path)
    assert article.title == "Harbor Bridge reopens after storm repairs"
    assert article.outlet == "Coastal Ledger"
    assert article.author == "Dana Whitfield"
    assert article.published == datetime(2024, 3, 10)
    assert article.url == "https://coastalledger.example/news/harbor-bridge-reopens"


def test_page_text_has_no_script_nav_footer_or_comments(tmp_path: Path) -> None:
    (article,) = load([write(tmp_path, "ledger.html", PAGE)]).articles
    paragraphs = article.text.split("\n")
    assert paragraphs[-1] == "The council will vote next month on a plan to inspect all of the city's bridges every year."
    assert any(p.startswith("The Harbor Bridge reopened to traffic on Sunday morning") for p in paragraphs)
    assert len(paragraphs) >= 5
    for boilerplate in ("alert", "analytics", "Subscribe", "Sports", "Finally!", "Taxpayers", "Privacy", "©", "font-family"):
        assert boilerplate not in article.text


def test_page_without_site_metadata(tmp_path: Path) -> None:
    (article,) = load([write(tmp_path, "port.htm", BARE_PAGE)]).articles
    assert article.title == "Port closed as storm hits coast"
    assert article.outlet is None and article.url is None and article.author is None
    assert article.published == datetime(2024, 3, 9)
    assert article.text == (
        "Le port a été fermé samedi après une tempête violente sur la côte nord.\n"
        "Les autorités espèrent une réouverture lundi si le vent faiblit."
    )


def test_footer_copyright_year_is_not_taken_as_the_date(tmp_path: Path) -> None:
    page = BARE_PAGE.replace('<meta name="date" content="2024-03-09">', "")
    (article,) = load([write(tmp_path, "port.html", page)]).articles
    assert article.published is None


def test_uppercase_extension(tmp_path: Path) -> None:
    assert len(load([write(tmp_path, "PORT.HTML", BARE_PAGE)]).articles) == 1


def test_page_without_article_text(tmp_path: Path) -> None:
    path = write(tmp_path, "empty.html", "<html><head><title>Home</title></head><body><div></div></body></html>")
    loaded = load([path])
    assert loaded.articles == ()
    assert [(str(p), p.skipped) for p in loaded.problems] == [(f"{path}: no article text found in the HTML", True)]


def test_parser_crash_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(*args: object, **kwargs: object) -> None:
        raise AssertionError  # what lxml's drop_tree raises on some broken markup

    import trafilatura

    monkeypatch.setattr(trafilatura, "bare_extraction", crash)
    path = write(tmp_path, "broken.html", PAGE)
    loaded = load([path, write(tmp_path, "fine.txt", "Title\nBody.\n")])
    assert [a.id for a in loaded.articles] == ["fine"]
    assert [str(p) for p in loaded.problems] == [f"{path}: could not parse HTML: AssertionError"]


def test_garbage_markup_never_raises_or_prints(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pages = ["<math><html xmlns='x'>", "<<<>>>&&&", "<p>x</p>", "<html><body><![CDATA[", "plain words"]
    paths = [write(tmp_path, f"g{i}.html", page) for i, page in enumerate(pages)]
    loaded = load(paths)
    assert len(loaded.articles) + len({p.source for p in loaded.problems}) == len(pages)
    assert capsys.readouterr().out == ""

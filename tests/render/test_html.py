"""HTML: a self-contained page where untrusted article text is always escaped."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from chorus.model import Conflict, SummarySentence
from chorus.render.html import render

from .builders import DOCUMENTS, SUMMARY, make_briefing, with_article

SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
VOID = {"meta", "br", "hr", "img", "link", "input"}


class TagChecker(HTMLParser):
    """Records unbalanced tags, so a broken page fails the test instead of the reader."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open.pop() != tag:
            self.errors.append(tag)


def test_page_is_balanced_utf8_and_mobile_ready() -> None:
    page = render(make_briefing())
    checker = TagChecker()
    checker.feed(page)
    assert checker.errors == [] and checker.open == []
    assert page.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in page
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "<style>" in page and "max-width: 46rem" in page


def test_page_loads_nothing_from_outside() -> None:
    page = render(make_briefing())
    for reference in ("http", "src=", "<link", "<script", "@import", "url("):
        assert reference not in page


def test_script_in_a_title_is_shown_as_text() -> None:
    documents = (with_article(DOCUMENTS[0], title=f"Bridge {SCRIPT}"), *DOCUMENTS[1:])
    page = render(make_briefing(documents=documents, title=f"Story {SCRIPT}"))
    assert SCRIPT not in page
    assert f"<title>Story {ESCAPED}</title>" in page
    assert f"<cite>Bridge {ESCAPED}</cite>" in page


def test_script_and_quotes_in_a_sentence_are_escaped() -> None:
    sentence = SummarySentence(f'He said "{SCRIPT}" & left.', "post", 0)
    page = render(make_briefing(summary=(sentence,)))
    assert SCRIPT not in page
    assert f"He said &quot;{ESCAPED}&quot; &amp; left." in page


def test_every_other_article_field_is_escaped() -> None:
    documents = (with_article(DOCUMENTS[0], outlet="<b>Outlet</b>", source='a"><i>.txt'), *DOCUMENTS[1:])
    page = render(make_briefing(documents=documents))
    assert "<b>" not in page and "<i>" not in page
    assert "&lt;b&gt;Outlet&lt;/b&gt;" in page and "a&quot;&gt;&lt;i&gt;.txt" in page


def test_citations_link_to_source_entries_in_list_order() -> None:
    page = render(make_briefing())
    anchors = re.findall(r'<li id="src-(\d+)"><cite>([^<]*)</cite>', page)
    assert anchors == [(str(n), d.article.title) for n, d in enumerate(DOCUMENTS, start=1)]
    targets = set(re.findall(r'href="#(src-\d+)"', page))
    assert targets == {"src-1", "src-2", "src-3"}
    assert '<a href="#src-2">[2]</a><a href="#src-1">[1]</a><a href="#src-3">[3]</a>' in page


def test_source_entry_shows_title_outlet_and_day() -> None:
    page = render(make_briefing())
    assert '<li id="src-1"><cite>Ship hits Harbor Bridge</cite> — Calder Courier, 2026-03-10' in page


def test_all_sections_render() -> None:
    page = render(make_briefing())
    for heading in ("Key facts", "Where sources differ", "Timeline", "Sources"):
        assert f"<h2>{heading}</h2>" in page
    for sentence in SUMMARY:
        assert sentence.text in page
    assert "three road workers missing" in page
    assert "Fourteen people were treated" in page
    assert '<span class="date">2026-03-10</span>' in page


def test_empty_sections_are_left_out() -> None:
    page = render(make_briefing(facts=(), conflicts=(), timeline=()))
    assert re.findall(r"<h2>([^<]+)</h2>", page) == ["Sources"]


def test_supporting_count_is_a_tooltip_on_the_citations() -> None:
    page = render(make_briefing())
    assert '<sup class="cites" title="3 sources">' in page
    assert '<sup class="cites" title="1 source">' in page


def test_a_conflict_is_named_after_the_summary_and_linked_to_its_section() -> None:
    conflict = Conflict("number of people injured", make_briefing().conflicts[0].claims, values=("11", "14"))
    page = render(make_briefing(conflicts=(conflict,)))
    line = ('<p class="differ">Reports differ on the number of people injured (11 vs 14) — see '
            '<a href="#conflicts">Where sources differ</a>.</p>')
    assert line in page
    assert page.index("</section>") < page.index(line) < page.index('<section id="conflicts">')


def test_the_line_naming_a_conflict_is_escaped() -> None:
    conflict = Conflict(f"number of {SCRIPT}", make_briefing().conflicts[0].claims, values=('"11"', "<b>14</b>"))
    page = render(make_briefing(conflicts=(conflict,)))
    assert f"Reports differ on the number of {ESCAPED} (&quot;11&quot; vs &lt;b&gt;14&lt;/b&gt;)" in page
    assert SCRIPT not in page and "<b>14</b>" not in page


def test_no_conflict_no_line_after_the_summary() -> None:
    assert 'class="differ"' not in render(make_briefing(conflicts=()))

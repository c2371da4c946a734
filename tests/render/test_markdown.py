"""Markdown: citations that match the numbered sources, and only the sections that have content."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import chorus
from chorus.errors import ConfigError
from chorus.model import Conflict, SummarySentence
from chorus.render import FORMATS, render
from chorus.render.markdown import render as render_markdown

from .builders import DOCUMENTS, make_briefing, with_article


def section(text: str, heading: str) -> str:
    """The body of one `## heading` section."""
    return text.split(f"## {heading}\n\n", 1)[1].split("\n\n## ", 1)[0]


def test_summary_sentence_cites_its_own_article_first_then_supporters() -> None:
    text = render_markdown(make_briefing())
    assert "A 240-metre span of the Harbor Bridge fell into the channel. [2][1][3]\n" in text
    assert "Three road workers are missing. [2]\n" in text
    assert "Divers searched the channel until dark. [3][1]\n" in text


def test_citation_numbers_follow_the_source_list_order() -> None:
    text = render_markdown(make_briefing())
    listed = re.findall(r"^(\d+)\. (.+?) —", section(text, "Sources"), flags=re.M)
    assert listed == [(str(n), d.article.title) for n, d in enumerate(DOCUMENTS, start=1)]


def test_source_line_shows_title_outlet_day_and_path() -> None:
    text = render_markdown(make_briefing())
    assert "1. Ship hits Harbor Bridge — Calder Courier, 2026-03-10 (stories/courier.txt)" in text
    assert "2. Bridge span collapses in Port Calder — Meridian Wire, 2026-03-10 (stories/wire.txt)" in text
    assert "3. Inside the Harbor Bridge collapse — The Estuary Post (stories/post.txt)" in text


def test_source_without_title_is_named_by_its_path() -> None:
    untitled = with_article(DOCUMENTS[0], title="", outlet=None, published=None)
    text = render_markdown(make_briefing(documents=(untitled, *DOCUMENTS[1:])))
    assert "\n1. stories/courier.txt\n" in text


def test_all_sections_render_in_order_with_citations() -> None:
    text = render_markdown(make_briefing())
    headings = re.findall(r"^#{1,2} .+$", text, flags=re.M)
    assert headings == [
        "# Harbor Bridge collapse",
        "## Key facts",
        "## Where sources differ",
        "## Timeline",
        "## Sources",
    ]
    assert section(text, "Key facts") == "- three road workers missing [2][1]"
    assert section(text, "Where sources differ") == (
        "- number injured:\n  - Eleven people were injured [1]\n  - Fourteen people were treated [3]"
    )
    assert section(text, "Timeline") == "- 2026-03-10 — A cargo ship strikes Pier 7. [1][2]"


def test_empty_facts_conflicts_and_timeline_give_no_sections() -> None:
    text = render_markdown(make_briefing(facts=(), conflicts=(), timeline=()))
    assert re.findall(r"^## .+$", text, flags=re.M) == ["## Sources"]


def test_sentence_with_newlines_stays_on_one_line() -> None:
    sentence = SummarySentence("Divers searched\n\n## the channel\n- until dark.", "post", 1)
    text = render_markdown(make_briefing(summary=(sentence,)))
    assert "Divers searched ## the channel - until dark. [3]\n" in text


@pytest.mark.parametrize(
    ("sentence", "shown"),
    [
        ("# Breaking news", "\\# Breaking news"),
        ("> quoted", "\\> quoted"),
        ("- listed", "\\- listed"),
        ("3. Listed", "3\\. Listed"),
        ("```fence", "\\```fence"),
        ("<div>raw</div>", "\\<div>raw</div>"),
        ("3.5 metres of water", "3.5 metres of water"),
        ("-5 degrees overnight", "-5 degrees overnight"),
    ],
)
def test_article_text_cannot_open_a_markdown_block(sentence: str, shown: str) -> None:
    text = render_markdown(make_briefing(summary=(SummarySentence(sentence, "post", 0),)))
    assert f"\n{shown} [3]\n" in text


def test_output_ends_with_one_newline() -> None:
    text = render_markdown(make_briefing())
    assert text.endswith("\n") and not text.endswith("\n\n")


def test_render_dispatches_every_format() -> None:
    briefing = make_briefing()
    assert FORMATS == ("markdown", "json", "html")
    assert render(briefing, "markdown") == render_markdown(briefing)
    assert render(briefing, "json").startswith("{")
    assert render(briefing, "html").startswith("<!DOCTYPE html>")


def test_unknown_format_is_a_config_error_naming_the_choices() -> None:
    with pytest.raises(ConfigError, match="'pdf'.*markdown, json, html"):
        render(make_briefing(), "pdf")


def test_a_conflict_is_named_right_after_the_summary() -> None:
    conflict = Conflict("number of people injured", make_briefing().conflicts[0].claims, values=("11", "14"))
    text = render_markdown(make_briefing(conflicts=(conflict,)))
    summary, line = text.split("\n\n")[1:3]
    assert summary.endswith("Divers searched the channel until dark. [3][1]")
    assert line == "Reports differ on the number of people injured (11 vs 14) — see Where sources differ."


def test_several_conflicts_are_named_two_at_most() -> None:
    claims = make_briefing().conflicts[0].claims
    conflicts = (Conflict("number of people injured", claims, ("11", "14")),
                 Conflict("date Ellen Okafor died", claims, ("2026-03-09", "2026-03-10")),
                 Conflict("magnitude of the quake", claims, ("6.1", "6.4")))
    text = render_markdown(make_briefing(conflicts=conflicts[:2]))
    assert ("Reports differ on the number of people injured (11 vs 14) and the date Ellen Okafor died "
            "(2026-03-09 vs 2026-03-10) — see Where sources differ.") in text
    text = render_markdown(make_briefing(conflicts=conflicts))
    assert "(2026-03-09 vs 2026-03-10) and 1 more — see Where sources differ." in text


def test_no_conflict_no_line_after_the_summary() -> None:
    assert "Reports differ" not in render_markdown(make_briefing(conflicts=()))


def test_the_example_names_its_injured_conflict(example_dir: Path) -> None:
    text = render_markdown(chorus.brief(example_dir))
    assert "Reports differ on the number of people injured (11 vs 14) — see Where sources differ." in text
    assert text.index("Reports differ") < text.index("## Where sources differ")

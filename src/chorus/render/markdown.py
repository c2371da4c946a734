"""Markdown for the terminal: every summary sentence followed by the numbers of its sources.

When the sources disagree, a line after the summary says on what ("Reports differ on the number
of people injured (11 vs 14) — see Where sources differ.").

Article text is not escaped, so it reads naturally in a terminal. It is only kept on one line,
and a backslash is put in front where its first characters would open a Markdown block (a
heading, quote, list, fence, HTML block or link definition).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..model import Article, Briefing, Conflict, Fact, TimelineEntry
from ._common import byline, cited, differences, label, numbering, one_line, sources, summary_ids, title_of

_ORDERED_ITEM = re.compile(r"\d{1,9}(?=[.)](?:\s|$))")
_BLOCK_START = re.compile(
    r"""
      \#{1,6}(?:\s|$)                 # heading
    | >                               # block quote
    | [-+*](?:\s|$)                   # bullet
    | `{3} | ~{3}                     # code fence
    | [-*_=](?:\s*[-*_=]){2,}\s*$     # thematic break, setext underline
    | <[!?/A-Za-z]                    # raw HTML block
    | \[[^\]]*\]:                     # link reference definition
    """,
    re.VERBOSE,
)


def render(briefing: Briefing) -> str:
    """The briefing as Markdown: title, cited summary, optional sections, numbered sources."""
    numbers = numbering(briefing)
    blocks = [f"# {title_of(briefing)}"]
    if briefing.summary:
        blocks.append("\n".join(_line(s.text) + _cites(numbers, summary_ids(s)) for s in briefing.summary))
    if disputed := differences(briefing):
        blocks.append(_line(f"Reports differ on {disputed} — see Where sources differ."))
    blocks += _sections(briefing, numbers)
    listed = (_source(number, article) for number, article in enumerate(sources(briefing), start=1))
    blocks.append("## Sources\n\n" + "\n".join(listed))
    return "\n\n".join(blocks) + "\n"


def _sections(briefing: Briefing, numbers: dict[str, int]) -> list[str]:
    """The facts, conflicts and timeline sections, each only when it has entries."""
    sections = [
        ("Key facts", [_fact(f, numbers) for f in briefing.facts]),
        ("Where sources differ", [_conflict(c, numbers) for c in briefing.conflicts]),
        ("Timeline", [_event(e, numbers) for e in briefing.timeline]),
    ]
    return [f"## {heading}\n\n" + "\n".join(items) for heading, items in sections if items]


def _fact(fact: Fact, numbers: dict[str, int]) -> str:
    """`- text [1][2]`."""
    return f"- {_line(fact.text)}{_cites(numbers, fact.articles)}"


def _conflict(conflict: Conflict, numbers: dict[str, int]) -> str:
    """What the conflict is about, then each outlet's claim as a nested item with its source."""
    claims = [f"  - {_line(c.text)}{_cites(numbers, [c.article])}" for c in conflict.claims]
    return "\n".join([f"- {_line(conflict.about)}:", *claims])


def _event(entry: TimelineEntry, numbers: dict[str, int]) -> str:
    """`- 2026-03-14 — what happened [1]`."""
    return f"- {_line(entry.date)} — {one_line(entry.text)}{_cites(numbers, entry.articles)}"


def _source(number: int, article: Article) -> str:
    """`1. Title — Outlet, 2026-03-14 (path)`; the path is not repeated when it is the label."""
    text = _line(label(article))
    if details := byline(article):
        text += f" — {details}"
    if one_line(article.title):
        text += f" ({one_line(article.source)})"
    return f"{number}. {text}"


def _cites(numbers: dict[str, int], ids: Iterable[str]) -> str:
    """` [1][3]`: the source numbers for ids, in the order given."""
    found = cited(numbers, ids)
    return " " + "".join(f"[{n}]" for n in found) if found else ""


def _line(text: str) -> str:
    """Article text on one line that cannot open a Markdown block where it starts a line."""
    text = one_line(text)
    if ordered := _ORDERED_ITEM.match(text):
        return text[: ordered.end()] + "\\" + text[ordered.end() :]
    return "\\" + text if _BLOCK_START.match(text) else text

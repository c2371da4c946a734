"""HTML for people: one self-contained page, every citation a link to its entry in the sources.

The page loads nothing (no fonts, scripts or images), so it can be mailed or opened offline, and
every piece of article-derived text goes through `html.escape`: articles are untrusted input.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from ..model import Article, Briefing, Conflict, Fact, SummarySentence, TimelineEntry
from ._common import byline, cited, differences, label, numbering, one_line, sources, summary_ids, title_of

_STYLE = """
:root { color-scheme: light dark; --fg: #1f2023; --muted: #6a6d75; --rule: #e2e3e7;
        --accent: #0b57a4; --bg: #fdfdfc; --mark: #fff3c4; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6e6e9; --muted: #a2a5ad; --rule: #34363c; --accent: #82b6ff;
          --bg: #16171a; --mark: #3d3620; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg);
       font: 1.0625rem/1.65 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", sans-serif; }
main { max-width: 46rem; margin: 0 auto; padding: 2.5rem 1.25rem 4rem; }
h1 { font-size: 1.9rem; line-height: 1.25; margin: 0 0 .35rem; }
.meta { color: var(--muted); font-size: .9rem; margin: 0 0 1.75rem; }
h2 { font-size: .8rem; letter-spacing: .08em; text-transform: uppercase; color: var(--muted);
     border-top: 1px solid var(--rule); padding-top: 1.25rem; margin: 2.25rem 0 .75rem; }
.summary p { font-size: 1.15rem; margin: 0; }
.differ { color: var(--muted); margin: .9rem 0 0; }
a { color: var(--accent); text-decoration: none; }
a:hover, a:focus { text-decoration: underline; }
sup.cites { font-size: .68em; line-height: 0; white-space: nowrap; margin-left: .1em; }
ul, ol { padding-left: 1.3rem; margin: 0; }
li { margin: .4rem 0; }
li ul { margin-top: .25rem; }
.kind { font-size: .7rem; text-transform: uppercase; letter-spacing: .05em; color: var(--muted);
        border: 1px solid var(--rule); border-radius: .25rem; padding: .05rem .3rem; margin-right: .4rem; }
.about { font-weight: 600; }
.timeline { list-style: none; padding-left: 0; }
.date { font-variant-numeric: tabular-nums; font-weight: 600; margin-right: .5rem; }
.sources { font-size: .92rem; }
.sources li:target { background: var(--mark); border-radius: .25rem; }
cite { font-style: normal; font-weight: 600; }
.path { display: block; color: var(--muted); font-size: .8rem; overflow-wrap: anywhere;
        font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
"""


def render(briefing: Briefing) -> str:
    """The briefing as a complete HTML5 page."""
    numbers = numbering(briefing)
    title = _text(title_of(briefing))
    parts = [
        f"<h1>{title}</h1>",
        f'<p class="meta">A briefing from {_count(len(numbers))}</p>',
        *_summary(briefing.summary, numbers),
        *_differences(briefing),
        *_section("facts", "Key facts", "ul", [_fact(f, numbers) for f in briefing.facts]),
        *_section("conflicts", "Where sources differ", "ul", [_conflict(c, numbers) for c in briefing.conflicts]),
        *_section("timeline", "Timeline", "ol", [_event(e, numbers) for e in briefing.timeline]),
        *_section("sources", "Sources", "ol", [_source(n, a) for n, a in enumerate(sources(briefing), start=1)]),
    ]
    return "\n".join([page_head(title) + "<main>", *parts, "</main>", "</body>", "</html>", ""])


def page_head(title: str) -> str:
    """A chorus page up to and including `<body>` and its line break; `title` already escaped."""
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{title}</title>",
            f"<style>{_STYLE}</style>",
            "</head>",
            "<body>",
            "",
        ]
    )


def _summary(summary: Iterable[SummarySentence], numbers: dict[str, int]) -> list[str]:
    """The summary as one flowing paragraph; empty when there is nothing to say."""
    sentences = [_text(s.text) + _cites(numbers, summary_ids(s)) for s in summary]
    return [f'<section class="summary">\n<p>{" ".join(sentences)}</p>\n</section>'] if sentences else []


def _differences(briefing: Briefing) -> list[str]:
    """The line after the summary that says what the sources disagree on, linked to the section."""
    disputed = differences(briefing)
    if not disputed:
        return []
    return [f'<p class="differ">Reports differ on {_text(disputed)} — see <a href="#conflicts">Where sources differ</a>.</p>']


def _section(name: str, heading: str, tag: str, items: list[str]) -> list[str]:
    """A titled list section, or nothing at all when it has no items."""
    if not items:
        return []
    body = "\n".join(items)
    return [f'<section id="{name}">\n<h2>{heading}</h2>\n<{tag} class="{name}">\n{body}\n</{tag}>\n</section>']


def _fact(fact: Fact, numbers: dict[str, int]) -> str:
    """A fact with its kind as a small label and its sources."""
    return f'<li><span class="kind">{_text(fact.kind)}</span>{_text(fact.text)}{_cites(numbers, fact.articles)}</li>'


def _conflict(conflict: Conflict, numbers: dict[str, int]) -> str:
    """What is disputed, then each source's claim with its citation."""
    claims = "".join(f"<li>{_text(c.text)}{_cites(numbers, [c.article])}</li>" for c in conflict.claims)
    return f'<li><span class="about">{_text(conflict.about)}</span>\n<ul>{claims}</ul></li>'


def _event(entry: TimelineEntry, numbers: dict[str, int]) -> str:
    """A dated event with its sources."""
    return f'<li><span class="date">{_text(entry.date)}</span>{_text(entry.text)}{_cites(numbers, entry.articles)}</li>'


def _source(number: int, article: Article) -> str:
    """A source entry with the anchor `src-N` that citations link to."""
    details = _text(byline(article))
    inner = f"<cite>{_text(label(article))}</cite>" + (f" — {details}" if details else "")
    if one_line(article.title):
        inner += f'<span class="path">{_text(article.source)}</span>'
    return f'<li id="src-{number}">{inner}</li>'


def _cites(numbers: dict[str, int], ids: Iterable[str]) -> str:
    """Links to the cited sources, with the number of sources as a tooltip."""
    found = cited(numbers, ids)
    if not found:
        return ""
    links = "".join(f'<a href="#src-{n}">[{n}]</a>' for n in found)
    return f'<sup class="cites" title="{_count(len(found))}">{links}</sup>'


def _count(sources: int) -> str:
    """Say "1 source" or "3 sources", as a reader would."""
    return f"{sources} source{'' if sources == 1 else 's'}"


def _text(text: str) -> str:
    """Untrusted text, on one line and escaped for element content and attribute values alike."""
    return escape(one_line(text), quote=True)

"""Turn a Briefing into text: Markdown for terminals, JSON for programs, HTML for people.

>>> from chorus.render import render
>>> print(render(briefing, "markdown"))      # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable

from ..errors import ConfigError
from ..model import Briefing
from . import html, json, markdown

__all__ = ["FORMATS", "render"]

FORMATS = ("markdown", "json", "html")

_RENDERERS: dict[str, Callable[[Briefing], str]] = {
    "markdown": markdown.render,
    "json": json.render,
    "html": html.render,
}


def render(briefing: Briefing, fmt: str) -> str:
    """Render a briefing in one of FORMATS; an unknown format is a ConfigError the CLI can print."""
    try:
        renderer = _RENDERERS[fmt]
    except KeyError:
        raise ConfigError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}") from None
    return renderer(briefing)

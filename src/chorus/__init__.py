"""chorus: one faithful, sourced account of a news story from many articles about it.

>>> import chorus
>>> briefing = chorus.brief(["examples/harbor-bridge"], words=150)   # doctest: +SKIP
>>> print(chorus.render(briefing, "markdown"))                       # doctest: +SKIP
"""

from __future__ import annotations

import logging

__version__ = "0.1.0"

from typing import TYPE_CHECKING

# Public names are imported on first use, so that `chorus --version` and `import chorus` stay
# fast: the pipeline pulls in numpy, scipy and an HTML extractor that a caller may never need.
_EXPORTS = {
    "brief": "api", "load": "api", "render": "render", "Options": "options",
    **dict.fromkeys(
        ["ChorusError", "ConfigError", "ExtractionError", "InputError", "MalformedRecord",
         "NoArticles", "UnsupportedFormat"], "errors"),
    **dict.fromkeys(
        ["Article", "Briefing", "Claim", "Conflict", "Document", "Fact", "Problem", "Sentence",
         "SummarySentence", "TimelineEntry"], "model"),
}

if TYPE_CHECKING:
    from .api import brief, load
    from .errors import (ChorusError, ConfigError, ExtractionError, InputError, MalformedRecord,
                         NoArticles, UnsupportedFormat)
    from .model import (Article, Briefing, Claim, Conflict, Document, Fact, Problem, Sentence,
                        SummarySentence, TimelineEntry)
    from .options import Options
    from .render import render


def __getattr__(name: str) -> object:
    if name in _EXPORTS:
        from importlib import import_module

        value = getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'chorus' has no attribute {name!r}")


__all__ = [
    "Article",
    "Briefing",
    "ChorusError",
    "Claim",
    "ConfigError",
    "Conflict",
    "Document",
    "ExtractionError",
    "Fact",
    "InputError",
    "MalformedRecord",
    "NoArticles",
    "Options",
    "Problem",
    "Sentence",
    "SummarySentence",
    "TimelineEntry",
    "UnsupportedFormat",
    "__version__",
    "brief",
    "load",
    "render",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())

"""chorus: one faithful, sourced account of a news story from many articles about it.

>>> import chorus
>>> briefing = chorus.brief(["examples/harbor-bridge"], words=150)   # doctest: +SKIP
>>> print(chorus.render(briefing, "markdown"))                       # doctest: +SKIP
"""

from __future__ import annotations

import logging

__version__ = "0.1.0"

# The public functions share their names with the stage packages `chorus.brief` and
# `chorus.render`; importing them here, after those packages, keeps `chorus.brief` the function.
from .api import brief, load
from .errors import (
    ChorusError,
    ConfigError,
    ExtractionError,
    InputError,
    MalformedRecord,
    NoArticles,
    StoreError,
    UnsupportedFormat,
)
from .model import (
    Article,
    Briefing,
    Claim,
    Conflict,
    Document,
    Fact,
    Problem,
    Sentence,
    Story,
    SummarySentence,
    TimelineEntry,
)
from .options import Options
from .render import render

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
    "StoreError",
    "Story",
    "SummarySentence",
    "TimelineEntry",
    "UnsupportedFormat",
    "__version__",
    "brief",
    "load",
    "render",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())

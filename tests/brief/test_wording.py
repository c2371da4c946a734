"""Summary sentences drop a story's dateline and nothing else."""

from __future__ import annotations

import pytest

from chorus.brief.wording import summary_wording

DATELINES = [
    ("WASHINGTON (AP) — The Senate voted 52-48.", "The Senate voted 52-48."),
    ("PORT CALDER — A section of the bridge fell.", "A section of the bridge fell."),
    ("NEW YORK, March 5 (Reuters) - Stocks rose on Monday.", "Stocks rose on Monday."),
    ("SAN JUAN, Puerto Rico — The storm weakened.", "The storm weakened."),
    ("CAIRO | Protesters gathered again.", "Protesters gathered again."),
    ("LONDON — “We will stay,” she said.", "“We will stay,” she said."),
]  # fmt: skip

KEPT = [
    "Mayor Ellen Okafor — who was at the scene — called it a tragedy.",
    "NASA's chief said the launch would go ahead.",
    "The U.S. — and its allies — objected.",
    "Three minutes later the ship struck Pier 7.",
]


@pytest.mark.parametrize(("text", "expected"), DATELINES)
def test_dateline_is_dropped(text: str, expected: str) -> None:
    assert summary_wording(text) == expected


@pytest.mark.parametrize("text", KEPT)
def test_sentence_without_dateline_is_unchanged(text: str) -> None:
    assert summary_wording(text) == text

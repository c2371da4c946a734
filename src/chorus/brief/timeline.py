"""The timeline: dated events in order, each with the articles that date it so.

Only dates that resolve are placed: explicit ones ("March 10, 2026", "in 1971") and relative
ones ("on Tuesday", "last month") in articles whose publication date is known. A relative date
in an undated article is left out of the timeline, never guessed (it still appears among the
facts in its own words, "Tuesday"). An entry's date is as precise as its text: a day
("2026-03-10"), a month ("2026-02") or a year ("1971"); entries sort by it.

Sentences that put the same event on the same date in several articles become one entry citing
them all (they are alike by the same TF-IDF measure that finds a summary sentence's support). The
day a statement was made ("officials said on Wednesday") is not an event, so a date tied to a
reporting verb is skipped.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from ..model import TimelineEntry
from .dates import reported_on
from .mentions import StoryMentions
from .sentences import StorySentences
from .wording import summary_wording

MAX_ENTRIES = 12
MAX_PER_DATE = 3

# Sentences that date one event are less alike than paraphrases of one claim: the date they
# share is not among the words compared, so the bar is lower than SUPPORT_THRESHOLD.
SAME_EVENT_THRESHOLD = 0.25


def build_timeline(found: StoryMentions, story: StorySentences) -> tuple[TimelineEntry, ...]:
    """Dated events, earliest first; see the module docstring for what is placed and how."""
    rows_by_date: dict[str, list[int]] = defaultdict(list)
    for row, d in found.dates:
        if not d.value:
            continue
        text = found.sentences[row].text
        if reported_on(text, d.start):
            continue
        if row not in rows_by_date[d.value]:
            rows_by_date[d.value].append(row)

    # One similarity matrix for every dated sentence, instead of one per date and per entry.
    dated = sorted({r for rows in rows_by_date.values() if len(rows) > 1 for r in rows})
    sims = _Similarities(story, dated)
    groups: list[tuple[str, list[int]]] = []
    for date, rows in rows_by_date.items():
        groups += [(date, g) for g in _same_event(sims, rows)]

    def weight(group: tuple[str, list[int]]) -> tuple:
        _, rows = group
        return (-len({found.doc_of[r] for r in rows}), min(found.sentences[r].index for r in rows), rows[0])

    kept: list[tuple[str, list[int]]] = []
    per_date: dict[str, int] = defaultdict(int)
    for group in sorted(groups, key=weight):
        if len(kept) >= MAX_ENTRIES:
            break
        if per_date[group[0]] >= MAX_PER_DATE:
            continue
        per_date[group[0]] += 1
        kept.append(group)
    kept.sort(key=lambda g: (g[0], weight(g)))
    return tuple(
        TimelineEntry(
            date=date,
            text=summary_wording(found.sentences[_representative(sims, rows)].text),
            articles=tuple(dict.fromkeys(found.article(r) for r in sorted(rows))),
        )
        for date, rows in kept
    )


class _Similarities:
    """Cosine similarities among a fixed set of story rows, computed in one product."""

    def __init__(self, story: StorySentences, rows: list[int]) -> None:
        self.position = {row: i for i, row in enumerate(rows)}
        self.matrix = story.similarity(rows, rows)

    def among(self, rows: list[int]) -> np.ndarray:
        """The similarities of `rows` to each other, in their order."""
        at = [self.position[r] for r in rows]
        return self.matrix[np.ix_(at, at)]


def _same_event(sims: _Similarities, rows: list[int]) -> list[list[int]]:
    """Rows that state one event, greedily: each row joins the first group it is like."""
    if len(rows) == 1:
        return [rows]
    among = sims.among(rows)
    groups: list[list[int]] = []
    index: list[list[int]] = []
    for i, row in enumerate(rows):
        for g, members in enumerate(index):
            if max(among[i, j] for j in members) >= SAME_EVENT_THRESHOLD:
                members.append(i)
                groups[g].append(row)
                break
        else:
            index.append([i])
            groups.append([row])
    return groups


def _representative(sims: _Similarities, rows: list[int]) -> int:
    """The row most like the others in its group; the earliest on a tie."""
    if len(rows) == 1:
        return rows[0]
    score = sims.among(rows).sum(axis=1)
    return rows[int(np.argmax(score))]

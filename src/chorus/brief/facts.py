"""Key facts: the people, organizations, places, numbers, dates and times the articles state.

Each fact lists exactly the articles in which a mention of it was found, so a citation never
points at an article that does not state it. Mentions that are one fact written differently
are grouped:

- names by `entities.name_key` and its aliases ("Kim Jong-un" / "Kim Jong Un" / "Kim");
- numbers by value and what they count: "11 people injured" and "Eleven people were hurt" are
  one fact, and counts of the same size with the same predicate ("three road workers missing",
  "three people missing") are one too;
- dates by the day they resolve to ("Tuesday" in an article of 2026-03-10 is 2026-03-10), or by
  their words when the article's date is unknown;
- clock times by their normalized form ("4:52 a.m.").

Facts are ranked by how many articles state them, then how often, then where they first appear.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ..model import Fact
from .mentions import StoryMentions
from ..text import stem
from .numbers import Quantity, format_quantity, known_predicate, predicate_key

# A briefing lists at most this many facts: past it they are mostly one-outlet details.
MAX_FACTS = 30


@dataclass(slots=True)
class _Group:
    kind: str
    texts: dict[str, int] = field(default_factory=dict)       # wording -> mentions
    articles: dict[str, None] = field(default_factory=dict)   # ordered set
    mentions: int = 0
    first: int = 1 << 30
    quantities: list[Quantity] = field(default_factory=list)  # numbers: worded only if shown

    def add(self, text: str | Quantity, article: str, row: int) -> None:
        if isinstance(text, Quantity):
            self.quantities.append(text)
        else:
            self.texts[text] = self.texts.get(text, 0) + 1
        self.articles.setdefault(article, None)
        self.mentions += 1
        if row < self.first:
            self.first = row

    def text(self) -> str:
        for q in self.quantities:
            wording = format_quantity(q)
            self.texts[wording] = self.texts.get(wording, 0) + 1
        self.quantities.clear()
        top = max(self.texts.values())
        # Among the most frequent wordings, the fullest reads best ("3 road workers missing").
        return max((t for t, c in self.texts.items() if c == top), key=lambda t: (len(t.split()), t))


def build_facts(found: StoryMentions, limit: int | None = MAX_FACTS) -> tuple[Fact, ...]:
    """The story's facts, most widely reported first, each with the articles that state it."""
    groups: list[_Group] = []
    groups += _entity_groups(found)
    groups += _number_groups(found)
    groups += _date_groups(found)
    ranked = sorted(groups, key=lambda g: (-len(g.articles), -g.mentions, g.first))
    if limit is not None:
        ranked = ranked[:limit]
    return tuple(Fact(kind=g.kind, text=g.text(), articles=tuple(g.articles)) for g in ranked)


def _entity_groups(found: StoryMentions) -> list[_Group]:
    groups: dict[str, _Group] = {}
    for m in sorted(found.entity_mentions, key=lambda m: m.sentence):
        entity = found.entities[m.key]
        group = groups.get(m.key)
        if group is None:
            group = groups[m.key] = _Group(entity.kind)
        group.add(entity.name, found.article(m.sentence), m.sentence)
    return list(groups.values())


def _number_groups(found: StoryMentions) -> list[_Group]:
    """Quantities grouped by value and what they count; see the module docstring."""
    by_key: dict[tuple, list[tuple[int, Quantity]]] = defaultdict(list)
    for row, q in found.quantities:
        key = _quantity_key(q)
        if key is not None:
            by_key[key].append((row, q))
    # Counts of one size are one fact when they share a predicate or a noun: "3 road workers
    # missing" and "3 people missing", "55 boxes" and "55 boxes of remains".
    keys = list(by_key)
    parent = {k: k for k in keys}

    def root(k: tuple) -> tuple:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    signature = {k: _signature(by_key[k]) for k in keys if k[0] == "count"}
    counts = [k for k in keys if k[0] == "count"]
    for i, a in enumerate(counts):
        for b in counts[i + 1:]:
            if a[1] == b[1] and (signature[a][0] & signature[b][0] or signature[a][1] & signature[b][1]):
                parent[root(b)] = root(a)
    final: dict[tuple, list[tuple[int, Quantity]]] = defaultdict(list)
    for key, items in by_key.items():
        final[root(key)].extend(items)
    groups = []
    for items in final.values():
        group = _Group("number")
        for row, q in sorted(items, key=lambda item: item[0]):
            group.add(q, found.article(row), row)
        groups.append(group)
    return groups


# Modifiers that two different counted things can share ("40 new officers", "40 new homes").
_MODIFIERS = frozenset(stem(w) for w in "new old local former young other more additional extra total small "
                       "large big major minor senior junior".split())


def _signature(items: list[tuple[int, Quantity]]) -> tuple[set[str], set[str]]:
    """The predicates and the noun stems of a group of counts."""
    predicates = {predicate_key(q.predicate) for _, q in items if q.predicate}
    nouns = {stem(w.lower()) for _, q in items for w in q.noun.split() if w.isalpha()} - _MODIFIERS
    nouns |= {q.head for _, q in items if q.head and q.head != "people"}
    return predicates, nouns


def _quantity_key(q: Quantity) -> tuple | None:
    """What makes two quantities one fact; None for numbers that say too little to be one."""
    if q.kind == "count":
        if not q.head or q.value == 0:
            return None
        if q.value == 1 and not known_predicate(q.predicate):
            return None  # "one Republican strategist", "one step closer": said, not a fact
        return ("count", q.value, q.head)
    if q.kind == "percent":
        return ("percent", q.value, q.head)
    if q.kind == "measure" and q.value == 1 and not q.noun:
        return None  # "one day he left", "a mile away"
    return (q.kind, q.value, q.unit)


def _date_groups(found: StoryMentions) -> list[_Group]:
    groups: dict[tuple[str, str], _Group] = {}
    for row, d in found.dates:
        text = d.value or d.label
        if not text:
            continue
        group = groups.setdefault(("date", text.casefold()), _Group("date"))
        group.add(text, found.article(row), row)
    for row, t in found.times:
        group = groups.setdefault(("time", t.label), _Group("time"))
        group.add(t.label, found.article(row), row)
    return list(groups.values())

"""Where sources differ: claims about one quantity or one event that cannot both be true.

Two kinds of disagreement are found, both between *different* articles:

- **numbers**: two quantities that count the same thing (same counted noun, same predicate such
  as "injured", same scope and time: `_number_disagreements` groups them by these) with values that cannot both be right
  (`numbers.disjoint`, so "more than 200" and "210" agree). A zero is a number too: "none have
  been returned" against "more than 200 sets of remains were sent back".
- **dates**: the same event (one event verb, such as "died" or "collapsed", near a date in
  sentences that share a named entity) put on different days.

Precision comes first, because a false conflict misleads the reader more than a missed one:
counts without a predicate, counts of different nouns ("people" against "crew members"), of
different scope ("in Vostra" against "in the whole war", "a day", "another") or set at different
times ("in 1997", "on Tuesday") are never compared; nor is an unscoped count from an article
that itself gives two incompatible values under the same words (it is counting two things, such
as two strikes). `about` names what was compared ("number of people injured", with any scope),
so a reader can judge whether the two claims really are about one thing.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from ..model import Claim, Conflict
from .mentions import StoryMentions
from .numbers import Quantity, _display, comparable, disjoint, predicate_key, sentence_context
from .wording import summary_wording

# At most this many claims are shown for one side of a conflict; the facts cite the rest.
MAX_CLAIMS_PER_SIDE = 3

_EVENT_VERBS = {
    "died": "died", "dies": "died", "killed": "was killed", "born": "was born", "crashed": "crashed",
    "collapsed": "collapsed", "exploded": "exploded", "erupted": "erupted", "arrested": "was arrested",
    "charged": "was charged", "convicted": "was convicted", "sentenced": "was sentenced",
    "married": "married", "resigned": "resigned", "elected": "was elected", "launched": "launched",
    "landed": "landed", "signed": "signed", "founded": "was founded", "opened": "opened",
    "released": "was released", "freed": "was freed", "attacked": "attacked", "shot": "was shot",
    "struck": "struck", "fired": "was fired", "kidnapped": "was kidnapped", "abducted": "was abducted",
    "disappeared": "disappeared", "executed": "was executed", "buried": "was buried",
}
_WORD = re.compile(r"[A-Za-z]+")
_DEAL = re.compile(r"\b(?:buy|buys|bought|buying|pay|pays|paid|paying|acquire[sd]?|acquiring|acquisition|"
                   r"purchase[sd]?|purchasing|sell|sells|sold|selling|deal|bid|offer|takeover|valued)\b", re.I)


@dataclass(frozen=True, slots=True)
class Disagreement:
    """A conflict with the values behind it, for evaluation and tests."""

    about: str
    values: tuple[str, ...]
    claims: tuple[tuple[str, int], ...]     # (value, row) pairs, shown as claims

    def conflict(self, found: StoryMentions) -> Conflict:
        return Conflict(
            about=self.about,
            claims=tuple(Claim(text=summary_wording(found.sentences[row].text), article=found.article(row))
                         for _, row in self.claims),
            values=self.values,
        )


def find_conflicts(found: StoryMentions) -> tuple[Conflict, ...]:
    """Every disagreement between articles, most widely reported first."""
    return tuple(d.conflict(found) for d in find_disagreements(found))


def find_disagreements(found: StoryMentions) -> list[Disagreement]:
    """`find_conflicts` with the compared values kept."""
    out = _number_disagreements(found) + _price_disagreements(found) + _date_disagreements(found)
    return sorted(out, key=lambda d: (-len({found.article(r) for _, r in d.claims}), d.claims[0][1]))


def _number_disagreements(found: StoryMentions) -> list[Disagreement]:
    # Quantities that count the same thing: same kind, unit, predicate, counted noun, scope and
    # time. Ages are never compared (two ages are two people's), nor counts that say no predicate.
    groups: dict[tuple, list[tuple[int, Quantity]]] = defaultdict(list)
    bare_zeros: list[tuple[int, Quantity]] = []
    for row, q in found.quantities:
        if not comparable(q):
            continue
        if not q.head:
            if q.value == 0:
                bare_zeros.append((row, q))
            continue
        groups[(q.kind, q.unit, q.scope, q.when, predicate_key(q.predicate), q.head)].append((row, q))
    for row, zero in bare_zeros:
        # "None have been returned": about the noun its own or the previous sentence names.
        context = set(zero.context)
        if row > 0 and found.doc_of[row - 1] == found.doc_of[row]:
            context |= _context(found, row - 1)
        for key, members in groups.items():
            q = members[0][1]
            if (key[0] == "count" and key[4] == predicate_key(zero.predicate) and q.scope == zero.scope
                    and q.when == zero.when and q.head in context):
                members.append((row, zero))

    mixed = _mixed(found, [m for members in groups.values() for m in members])
    out = []
    for members in groups.values():
        # An unscoped count from a mixed article may be any of its counts; a scoped one says which.
        members = [(row, q) for row, q in members
                   if q.scope or q.when or (found.doc_of[row], _base(q)) not in mixed]
        if len({found.doc_of[r] for r, _ in members}) < 2:
            continue
        if not _any_disjoint(found, members):
            continue
        out.append(_number_disagreement(found, members))
    return out


def _base(q: Quantity) -> tuple:
    """What a quantity counts, whatever its scope: the key under which one article may be mixed."""
    return (q.kind, q.unit, predicate_key(q.predicate), q.head)


def _mixed(found: StoryMentions, members: list[tuple[int, Quantity]]) -> set[tuple[int, tuple]]:
    """(article, what is counted) where the article itself gives values that cannot both hold,
    in any scope: there the same words count different things (two strikes, two earthquakes),
    so comparing any of them with another article's would compare different things too."""
    by: dict[tuple[int, tuple], list[Quantity]] = defaultdict(list)
    for row, q in members:
        by[(found.doc_of[row], _base(q))].append(q)
    return {key for key, qs in by.items() if any(disjoint(a, b) for i, a in enumerate(qs) for b in qs[i + 1:])}


def _context(found: StoryMentions, row: int) -> set[str]:
    if any(r == row for r, _ in found.quantities):
        return set(sentence_context(found.sentences[row].text))
    from ..text import terms

    return set(terms(found.sentences[row].text))


def _any_disjoint(found: StoryMentions, members: list[tuple[int, Quantity]]) -> bool:
    for i, (ra, a) in enumerate(members):
        for rb, b in members[i + 1:]:
            if found.doc_of[ra] != found.doc_of[rb] and disjoint(a, b):
                return True
    return False


def _number_disagreement(found: StoryMentions, members: list[tuple[int, Quantity]], about: str = "") -> Disagreement:
    """Claims grouped by value: one claim per article and value, the best-supported value first."""
    by_value: dict[str, dict[str, int]] = defaultdict(dict)
    for row, q in sorted(members, key=lambda m: m[0]):
        label = (q.qualifier + " " if q.qualifier else "") + _value_text(q)
        by_value[label].setdefault(found.article(row), row)
    ordered = sorted(by_value.items(), key=lambda kv: (-len(kv[1]), min(kv[1].values())))
    claims = tuple((label, row) for label, rows in ordered for row in list(rows.values())[:MAX_CLAIMS_PER_SIDE])
    return Disagreement(about=about or _about(members), values=tuple(label for label, _ in ordered), claims=claims)


def _value_text(q: Quantity) -> str:
    number = _display(q.value)
    if q.kind == "money":
        return q.unit + number
    if q.kind == "percent":
        return number + "%"
    return number


def _about(members: list[tuple[int, Quantity]]) -> str:
    """What was compared: "number of people injured", "magnitude of the quake", with its scope."""
    nouns = [q.noun for _, q in members if q.noun]
    noun = max(sorted(set(nouns)), key=lambda n: (nouns.count(n), -len(n))) if nouns else "people"
    q = next((q for _, q in members if q.head), members[0][1])
    scope = sorted(_scope_words(w) for w in q.scope | q.when)
    tail = f" ({', '.join(scope)})" if scope else ""
    if q.kind == "count":
        return f"number of {noun} {q.predicate}{tail}"
    if q.kind == "money":
        return f"amount of the {noun}{tail}"
    if q.kind == "percent":
        return f"share of {noun} {q.predicate}{tail}"
    if q.unit == "magnitude":
        return f"magnitude of the {noun}{tail}"
    measure = _MEASURES.get(q.unit, "size")
    return f"{measure} of the {noun} in {q.unit}s{tail}"


_MEASURES = {"metre": "length", "kilometre": "length", "mile": "length", "foot": "length", "inch": "length",
             "yard": "length", "tonne": "weight", "kilogram": "weight", "pound": "weight", "litre": "volume",
             "gallon": "volume", "barrel": "volume", "acre": "area", "hectare": "area", "degree": "temperature",
             "knot": "speed", "mph": "speed", "kph": "speed", "year": "length", "month": "length",
             "week": "length", "day": "length", "hour": "length", "minute": "length", "second": "length"}


def _scope_words(word: str) -> str:
    """A scope as a reader writes it: names and days capitalized ("U.S.", "Tuesday"), the rest not."""
    if word in _PLAIN_SCOPE or word.startswith(("per ", "last ", "this ", "next ")) or word[:1].isdigit():
        return word
    if "." in word or len(word) <= 3:
        return word.upper()
    return " ".join(w.capitalize() for w in word.split())


_PLAIN_SCOPE = frozenset(
    "total overall whole entire altogether combined nationwide worldwide globally alone including another "
    "additional other remaining further each per daily annually weekly monthly yearly every so far "
    "cumulative new extra more overnight yesterday today tonight state country nation region county city "
    "province world north south east west capital area".split()
)


def _price_disagreements(found: StoryMentions) -> list[Disagreement]:
    """Different prices for one deal: "buy Halcyon Data for $2.4 billion" against "pay $2.1
    billion for Halcyon Data". Money with no counted noun is compared only in sentences about a
    purchase that name the same company or person, and only in the same scope."""
    entities_in = _entities_by_row(found)
    items = [(row, q) for row, q in found.quantities
             if q.kind == "money" and not q.head and entities_in[row] and _is_price(found.sentences[row].text, q)]
    involved: dict[int, Quantity] = {}
    for i, (ra, a) in enumerate(items):
        for rb, b in items[i + 1:]:
            if (found.doc_of[ra] != found.doc_of[rb] and a.unit == b.unit and a.scope == b.scope
                    and _years(a.when) == _years(b.when)
                    and entities_in[ra] & entities_in[rb] and disjoint(a, b)):
                involved[ra], involved[rb] = a, b
    if not involved:
        return []
    return [_number_disagreement(found, sorted(involved.items()), about="price of the deal")]


def _is_price(text: str, q: Quantity) -> bool:
    """"buy X for $2.4 billion", "pay $2.1 billion for X", "a $2 billion takeover", "a deal worth $2 billion"."""
    before, after = text[max(0, q.start - 40):q.start].lower(), text[q.end:q.end + 30].lower()
    if re.search(r"\bfor\s+(?:about\s+|nearly\s+|roughly\s+)?$", before) and _DEAL.search(text):
        return True
    if re.search(r"\bpa(?:y|ys|id|ying)\s+(?:about\s+|nearly\s+|roughly\s+)?$", before) and re.match(r"\s+for\b", after):
        return True
    if re.match(r"\s*(?:deal|takeover|acquisition|purchase|offer|bid|buyout|merger)\b", after):
        return True
    return bool(re.search(r"\b(?:deal|offer|bid|takeover|acquisition)\s+(?:worth|valued\s+at|of)\s+$", before))


def _years(when: frozenset[str]) -> frozenset[str]:
    return frozenset(w for w in when if w.isdigit())


def _entities_by_row(found: StoryMentions) -> dict[int, set[str]]:
    out: dict[int, set[str]] = defaultdict(set)
    for m in found.entity_mentions:
        out[m.sentence].add(m.key)
    return out


def _date_disagreements(found: StoryMentions) -> list[Disagreement]:
    """One event on different days in different articles (see the module docstring)."""
    entities_in = _entities_by_row(found)
    events: dict[str, list[tuple[int, str, set[str]]]] = defaultdict(list)
    for row, d in found.dates:
        if len(d.value) != 10:
            continue
        text = found.sentences[row].text
        event = _event_near(text, d.start, d.end)
        if event and entities_in[row]:
            events[event].append((row, d.value, entities_in[row]))
    out = []
    for event, items in events.items():
        involved: dict[int, str] = {}
        shared: set[str] = set()
        for i, (ra, va, ea) in enumerate(items):
            for rb, vb, eb in items[i + 1:]:
                if va != vb and found.doc_of[ra] != found.doc_of[rb] and ea & eb:
                    involved[ra], involved[rb] = va, vb
                    shared |= ea & eb
        if not involved:
            continue
        by_value: dict[str, dict[str, int]] = defaultdict(dict)
        for row in sorted(involved):
            by_value[involved[row]].setdefault(found.article(row), row)
        ordered = sorted(by_value.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        claims = tuple((value, row) for value, rows in ordered for row in list(rows.values())[:MAX_CLAIMS_PER_SIDE])
        who = _main_entity(found, shared)
        out.append(Disagreement(about=f"date {who} {event}", values=tuple(v for v, _ in ordered), claims=claims))
    return out


def _main_entity(found: StoryMentions, keys: set[str]) -> str:
    """The name to say who or what an event happened to: a person first, then anything named."""
    ranked = sorted(keys, key=lambda k: (found.entities[k].kind != "person", k))
    return found.entities[ranked[0]].name


def _event_near(text: str, start: int, end: int) -> str:
    """The event verb within six words of a date expression, if there is one."""
    before = _WORD.findall(text[:start])[-6:]
    after = _WORD.findall(text[end:])[:6]
    for word in [*reversed(before), *after]:
        if word.lower() in _EVENT_VERBS:
            return _EVENT_VERBS[word.lower()]
    return ""

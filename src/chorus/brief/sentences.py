"""The sentences of a story with everything selection and support compare them by.

Built once per briefing: each sentence's concepts, a TF-IDF row, and which article it is in.
IDF is computed over the story's own sentences, because what is common *in this story* (the
bridge, the city) should weigh less when judging whether two sentences say the same thing.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from ..model import Document, Sentence
from ..text import concepts_of, terms, word_count


@dataclass(frozen=True, slots=True)
class StorySentences:
    """Parallel arrays over every sentence of every document, in document order."""

    sentences: tuple[Sentence, ...]
    doc_of: np.ndarray            # document position (0..n_docs-1) of each sentence
    words: np.ndarray             # word count of each sentence
    concepts: tuple[frozenset[str], ...]
    vectors: sparse.csr_matrix    # L2-normalised TF-IDF over content stems
    n_docs: int

    def similarity(self, rows: list[int] | np.ndarray, cols: list[int] | np.ndarray | None = None) -> np.ndarray:
        """Cosine similarity between the given sentences (rows) and others (all by default, or the
        same rows when `cols` is `rows`, taken out of the matrix once)."""
        left = self.vectors[rows]
        right = self.vectors if cols is None else left if cols is rows else self.vectors[cols]
        return (left @ right.T).toarray()


def index_story(documents: tuple[Document, ...]) -> StorySentences:
    """Tokenize every sentence once and build the shared TF-IDF matrix."""
    sents: list[Sentence] = []
    doc_of: list[int] = []
    term_lists: list[list[str]] = []
    for d, doc in enumerate(documents):
        for s in doc.sentences:
            sents.append(s)
            doc_of.append(d)
            term_lists.append(terms(s.text))

    # CSR arrays built directly: one pass, no intermediate matrices (this runs per briefing).
    vocab: dict[str, int] = {}
    indptr, cols, vals = [0], [], []
    for ts in term_lists:
        counts = Counter(vocab.setdefault(t, len(vocab)) for t in ts)
        cols.extend(counts)
        vals.extend(1.0 + math.log(c) for c in counts.values())
        indptr.append(len(cols))
    n = len(sents)
    col = np.asarray(cols, dtype=np.int32)
    df = np.bincount(col, minlength=len(vocab))
    data = np.asarray(vals) * (np.log((1 + n) / (1 + df)) + 1.0)[col]
    row_of = np.repeat(np.arange(n), np.diff(indptr))
    norms = np.sqrt(np.bincount(row_of, weights=data * data, minlength=n))
    norms[norms == 0] = 1.0
    data /= norms[row_of]
    vectors = sparse.csr_matrix((data, col, np.asarray(indptr, dtype=np.int32)), shape=(n, max(len(vocab), 1)))

    return StorySentences(
        sentences=tuple(sents),
        doc_of=np.asarray(doc_of, dtype=np.int32),
        words=np.asarray([word_count(s.text) for s in sents], dtype=np.int32),
        concepts=tuple(frozenset(concepts_of(ts)) for ts in term_lists),
        vectors=vectors,
        n_docs=len(documents),
    )

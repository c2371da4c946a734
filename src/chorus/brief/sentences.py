"""The sentences of a story with everything selection and support compare them by.

Built once per briefing: each sentence's concepts, a TF-IDF row, and which article it is in.
IDF is computed over the story's own sentences, because what is common *in this story* (the
bridge, the city) should weigh less when judging whether two sentences say the same thing.
"""

from __future__ import annotations

import math
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
        """Cosine similarity between the given sentences (rows) and others (all by default)."""
        right = self.vectors if cols is None else self.vectors[cols]
        return (self.vectors[rows] @ right.T).toarray()


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

    vocab: dict[str, int] = {}
    rows, cols, vals = [], [], []
    for r, ts in enumerate(term_lists):
        counts: dict[int, int] = {}
        for t in ts:
            j = vocab.setdefault(t, len(vocab))
            counts[j] = counts.get(j, 0) + 1
        for j, c in counts.items():
            rows.append(r)
            cols.append(j)
            vals.append(1.0 + math.log(c))
    n = len(sents)
    tf = sparse.csr_matrix((vals, (rows, cols)), shape=(n, max(len(vocab), 1)), dtype=np.float64)
    df = np.bincount(cols, minlength=tf.shape[1]) if cols else np.zeros(tf.shape[1])
    idf = np.log((1 + n) / (1 + df)) + 1.0
    m = tf @ sparse.diags(idf)
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    vectors = sparse.csr_matrix(sparse.diags(1.0 / norms) @ m)

    return StorySentences(
        sentences=tuple(sents),
        doc_of=np.asarray(doc_of, dtype=np.int32),
        words=np.asarray([word_count(s.text) for s in sents], dtype=np.int32),
        concepts=tuple(frozenset(concepts_of(ts)) for ts in term_lists),
        vectors=vectors,
        n_docs=len(documents),
    )

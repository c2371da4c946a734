"""Which other articles state what a summary sentence states.

A sentence of article A is supported by article B when some sentence of B is close enough to it
in content: TF-IDF cosine over content stems at or above `SUPPORT_THRESHOLD`. Support is
measured, never assumed: an article that only shares the story's topic does not support a
particular claim.
"""

from __future__ import annotations

import numpy as np

from .sentences import StorySentences

# Cosine at which two news sentences state the same thing, chosen on 100 (summary sentence,
# other article) pairs from real Multi-News clusters labelled by reading the whole other article
# (tests/data/support_labels.jsonl, `python bench/support_eval.py`): at 0.25 precision is 0.94
# and recall 0.88, the best F1 of the thresholds tried; at 0.35 recall fell to 0.69 for the same
# precision, and below 0.25 precision drops to 0.85. The false citations that remain share the
# sentence's names but not what it says about them.
SUPPORT_THRESHOLD = 0.25


def support_matrix(story: StorySentences, rows: list[int], threshold: float = SUPPORT_THRESHOLD) -> np.ndarray:
    """For each given sentence, whether each document states it (bool, rows x documents)."""
    if not rows:
        return np.zeros((0, story.n_docs), dtype=bool)
    sims = story.similarity(rows)
    # Sentences are stored document by document, so each document is one slice of columns.
    starts = np.searchsorted(story.doc_of, np.arange(story.n_docs))
    best = np.maximum.reduceat(sims, starts, axis=1)
    return best >= threshold


def supporters(story: StorySentences, rows: list[int], threshold: float = SUPPORT_THRESHOLD) -> list[list[int]]:
    """For each given sentence, the *other* documents (positions) that state it, in input order."""
    states = support_matrix(story, rows, threshold)
    out = []
    for r, row in zip(rows, states):
        own = int(story.doc_of[r])
        out.append([d for d in np.flatnonzero(row).tolist() if d != own])
    return out

"""ROUGE scores and bootstrap intervals.

Scores are rouge-score's ROUGE-1, ROUGE-2 and ROUGE-L F1 with its Porter stemmer on, one
reference per cluster, the summary scored as one text. A system's score is the mean over
clusters; its interval is a 95% percentile bootstrap over clusters (1,000 resamples, fixed seed),
with the same resamples for every system so that their intervals are comparable.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import numpy as np

from ..errors import ConfigError

EVAL_EXTRA = "chorus eval needs the eval extra: pip install 'chorus-news[eval]'"
METRICS = ("rouge1", "rouge2", "rougeL")
RESAMPLES = 1000
SEED = 20240611


def require(module: str) -> ModuleType:
    """Import an optional evaluation dependency, or say how to install it (`ConfigError`)."""
    try:
        return importlib.import_module(module)
    except ImportError as e:
        raise ConfigError(f"{EVAL_EXTRA} ({e.name or module} is not installed)") from None


def make_scorer() -> Any:
    """rouge-score's scorer for ROUGE-1/2/L with stemming: the only scorer reported figures use."""
    rouge_scorer = require("rouge_score.rouge_scorer")
    return rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)


def rouge_f1(scorer: Any, reference: str, summary: str) -> tuple[float, float, float]:
    """(ROUGE-1, ROUGE-2, ROUGE-L) F1 of `summary` against `reference`, each in 0..1."""
    scores = scorer.score(reference, summary)
    return tuple(float(scores[m].fmeasure) for m in METRICS)  # type: ignore[return-value]


@dataclass(frozen=True, slots=True)
class Interval:
    """A mean and its bootstrap interval, on whatever scale the values had."""

    mean: float
    low: float
    high: float

    def scaled(self, factor: float) -> Interval:
        return Interval(self.mean * factor, self.low * factor, self.high * factor)


def resample_indices(n: int, resamples: int = RESAMPLES, seed: int = SEED) -> np.ndarray:
    """`resamples` rows of `n` cluster indices drawn with replacement; the same for every system."""
    rng = np.random.default_rng(seed)
    return rng.integers(0, n, size=(resamples, n))


def bootstrap(values: np.ndarray | list[float], indices: np.ndarray | None = None,
              confidence: float = 0.95) -> Interval:
    """Mean of `values` with a percentile bootstrap interval over the rows of `indices`.

    >>> iv = bootstrap([0.2, 0.4, 0.6])
    >>> round(iv.mean, 6), iv.low <= iv.mean <= iv.high
    (0.4, True)
    """
    arr = np.asarray(values, dtype=np.float64)
    if arr.size == 0:
        raise ValueError("no values to bootstrap")
    if indices is None:
        indices = resample_indices(arr.size)
    means = arr[indices].mean(axis=1)
    tail = (1.0 - confidence) / 2 * 100
    low, high = np.percentile(means, [tail, 100 - tail])
    return Interval(float(arr.mean()), float(low), float(high))

"""Running every system on every cluster, side by side, and summing up the scores."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..errors import ChorusError, ConfigError, InputError
from ..model import Problem
from .budget import cut_to_budget, word_count
from .dataset import SPLITS, read_dataset
from .scoring import RESAMPLES, SEED, Interval, bootstrap, make_scorer, resample_indices, rouge_f1
from .systems import SYSTEMS, Candidate, Splitter, make_system, split_documents

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class ClusterResult:
    """One system's summary of one cluster, its scores (F1, 0..1) and the time it took."""

    cluster: str
    summary: str
    words: int
    rouge1: float
    rouge2: float
    rougeL: float
    seconds: float
    failed: bool = False


@dataclass(frozen=True, slots=True)
class SystemResult:
    """A system's scores over the clusters: mean F1 x100 with 95% bootstrap intervals."""

    name: str
    rouge1: Interval
    rouge2: Interval
    rougeL: Interval
    seconds_per_cluster: float
    mean_words: float
    failures: int
    clusters: tuple[ClusterResult, ...] = field(default=(), repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class EvalReport:
    """The result of one `evaluate` run; `format_table` and `to_json` render it."""

    dataset: str
    split: str
    words: int
    clusters: int
    systems: tuple[SystemResult, ...]
    problems: tuple[Problem, ...] = ()
    resamples: int = RESAMPLES
    seed: int = SEED

    def system(self, name: str) -> SystemResult:
        """The result of the system called `name`."""
        for s in self.systems:
            if s.name == name:
                return s
        raise KeyError(name)


def parse_systems(systems: str | Sequence[str]) -> tuple[str, ...]:
    """System names from "a,b" or a sequence, in order, each once; unknown names are a ConfigError."""
    names = systems.split(",") if isinstance(systems, str) else list(systems)
    out: list[str] = []
    for raw in names:
        name = raw.strip().lower()
        if not name:
            continue
        if name not in SYSTEMS:
            raise ConfigError(f"unknown system {raw.strip()!r}; choose from {','.join(SYSTEMS)}")
        if name not in out:
            out.append(name)
    if not out:
        raise ConfigError(f"no system to evaluate; choose from {','.join(SYSTEMS)}")
    return tuple(out)


def evaluate(
    path: str | os.PathLike[str],
    *,
    limit: int | None = None,
    words: int = 250,
    systems: str | Sequence[str] = SYSTEMS,
    split: str = "all",
    progress: Progress | None = None,
    sentence_splitter: Splitter | None = None,
) -> EvalReport:
    """Score `systems` on the clusters of the JSONL dataset at `path`, every summary cut to `words`.

    `limit` takes the first N clusters (of `split`: "all", "tune" or "check", see
    `chorus.evaluate.dataset`). `progress(done, total)` is called after each cluster.
    `sentence_splitter` replaces `chorus.segment.split_sentences` for the baselines (tests use it).
    Bad lines and clusters on which chorus raised a `ChorusError` are listed in
    `EvalReport.problems`; a failed summary scores 0.

    >>> report = evaluate("dev.jsonl", limit=20, systems="lead,oracle")   # doctest: +SKIP
    >>> print(format_table(report))                                       # doctest: +SKIP
    """
    if words < 1:
        raise ConfigError(f"--words must be at least 1, got {words}")
    if split not in SPLITS:
        raise ConfigError(f"--split must be one of {', '.join(SPLITS)}, got {split!r}")
    names = parse_systems(systems)
    scorer = make_scorer()
    runners = {name: make_system(name) for name in names}
    splitter = sentence_splitter or _default_splitter()

    clusters, bad_lines = read_dataset(path, split=split, limit=limit)
    problems = [Problem(e.source, e.message, e.line) for e in bad_lines]
    if not clusters:
        where = "" if split == "all" else f" in split {split!r}"
        raise InputError(os.fspath(path), f"no usable cluster to evaluate{where}"
                         + (f" ({len(bad_lines)} malformed lines)" if bad_lines else ""))

    results: dict[str, list[ClusterResult]] = {name: [] for name in names}
    for done, cluster in enumerate(clusters, start=1):
        sentences = split_documents(cluster.documents, splitter)
        for name in names:
            failed = False
            start = time.perf_counter()
            try:
                candidates = runners[name](cluster, sentences, words)
            except ChorusError as e:
                candidates, failed = [], True
                problems.append(Problem(cluster.source, f"cluster {cluster.id}: {name}: {e}",
                                        cluster.line, skipped=False))
            seconds = time.perf_counter() - start
            summary = _summary(candidates, words)
            r1, r2, rl = rouge_f1(scorer, cluster.summary, summary)
            results[name].append(ClusterResult(cluster.id, summary, word_count(summary), r1, r2, rl,
                                               seconds, failed))
        if progress is not None:
            progress(done, len(clusters))

    indices = resample_indices(len(clusters))
    return EvalReport(
        dataset=os.fspath(path),
        split=split,
        words=words,
        clusters=len(clusters),
        systems=tuple(_aggregate(name, results[name], indices) for name in names),
        problems=tuple(problems),
    )


def _default_splitter() -> Splitter:
    from ..segment import split_sentences

    return split_sentences


def _summary(candidates: list[Candidate], words: int) -> str:
    """The budget cut (priority order), then the kept sentences in presentation order."""
    kept = cut_to_budget((c.text for c in candidates), words)
    kept.sort(key=lambda pair: candidates[pair[0]].key)
    return "\n".join(text for _, text in kept)


def _aggregate(name: str, rows: list[ClusterResult], indices: np.ndarray) -> SystemResult:
    def interval(metric: str) -> Interval:
        return bootstrap([getattr(r, metric) for r in rows], indices).scaled(100)

    return SystemResult(
        name=name,
        rouge1=interval("rouge1"),
        rouge2=interval("rouge2"),
        rougeL=interval("rougeL"),
        seconds_per_cluster=float(np.mean([r.seconds for r in rows])),
        mean_words=float(np.mean([r.words for r in rows])),
        failures=sum(r.failed for r in rows),
        clusters=tuple(rows),
    )

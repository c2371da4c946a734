"""An `EvalReport` as a plain-text table (`chorus eval --format table`) or a dict (`--format json`)."""

from __future__ import annotations

from typing import Any

from .harness import EvalReport, SystemResult
from .scoring import Interval

_MAX_PROBLEMS_SHOWN = 10


def _iv(iv: Interval) -> str:
    return f"{iv.mean:5.2f} [{iv.low:5.2f}, {iv.high:5.2f}]"


def format_table(report: EvalReport) -> str:
    """The report as a fixed-width table, one row per system, with what was measured above it.

    Columns: ROUGE-1/2/L F1 x100 as "mean [low, high]" (95% bootstrap interval over clusters),
    seconds per cluster of the system's own call, and the mean words of its summaries.
    """
    head = ("system", "R-1", "R-2", "R-L", "s/cluster", "words")
    rows = [
        (s.name, _iv(s.rouge1), _iv(s.rouge2), _iv(s.rougeL), f"{s.seconds_per_cluster:.3f}",
         f"{s.mean_words:.0f}")
        for s in report.systems
    ]
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]

    def line(cells: tuple[str, ...]) -> str:
        first = cells[0].ljust(widths[0])
        rest = (c.rjust(w) if i >= 4 else c.ljust(w) for i, (c, w) in enumerate(zip(cells[1:], widths[1:]), 1))
        return "  ".join([first, *rest]).rstrip()

    split = "" if report.split == "all" else f", split {report.split}"
    out = [
        f"{report.dataset}{split}: {report.clusters} clusters, every summary cut to {report.words} words",
        f"ROUGE F1 x100 (rouge-score, stemmed), mean [95% bootstrap interval, "
        f"{report.resamples:,} resamples of clusters]",
        "",
        line(head),
        line(tuple("-" * w for w in widths)),
        *(line(r) for r in rows),
    ]
    notes = [f"{s.name} failed on {s.failures} of {report.clusters} clusters (scored 0)"
             for s in report.systems if s.failures]
    if report.problems:
        notes.append(f"{len(report.problems)} problem(s):")
        notes.extend(f"  {p}" for p in report.problems[:_MAX_PROBLEMS_SHOWN])
        if len(report.problems) > _MAX_PROBLEMS_SHOWN:
            notes.append(f"  ... and {len(report.problems) - _MAX_PROBLEMS_SHOWN} more")
    if notes:
        out += ["", *notes]
    return "\n".join(out) + "\n"


def _iv_json(iv: Interval) -> dict[str, float]:
    return {"mean": round(iv.mean, 4), "low": round(iv.low, 4), "high": round(iv.high, 4)}


def _system_json(s: SystemResult, per_cluster: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": s.name,
        "rouge1": _iv_json(s.rouge1),
        "rouge2": _iv_json(s.rouge2),
        "rougeL": _iv_json(s.rougeL),
        "seconds_per_cluster": round(s.seconds_per_cluster, 6),
        "mean_words": round(s.mean_words, 2),
        "failures": s.failures,
    }
    if per_cluster:
        out["clusters"] = [
            {"id": c.cluster, "words": c.words, "rouge1": round(c.rouge1 * 100, 4),
             "rouge2": round(c.rouge2 * 100, 4), "rougeL": round(c.rougeL * 100, 4),
             "seconds": round(c.seconds, 6), "failed": c.failed, "summary": c.summary}
            for c in s.clusters
        ]
    return out


def to_json(report: EvalReport, *, per_cluster: bool = False) -> dict[str, Any]:
    """The report as JSON-ready data: the table's figures, plus each summary if `per_cluster`.

    Scores are F1 x100 like the table; `problems` are "source:line: message" strings.
    """
    return {
        "dataset": report.dataset,
        "split": report.split,
        "words": report.words,
        "clusters": report.clusters,
        "metric": "ROUGE F1 x100, rouge-score with Porter stemming",
        "interval": {"confidence": 0.95, "method": "percentile bootstrap over clusters",
                     "resamples": report.resamples, "seed": report.seed},
        "systems": [_system_json(s, per_cluster) for s in report.systems],
        "problems": [str(p) for p in report.problems],
    }

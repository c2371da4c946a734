"""`chorus eval`: ROUGE of chorus and baselines on a dataset of clusters with reference summaries.

Every system (chorus, round-robin lead, sumy's LexRank and TextRank, a greedy ROUGE oracle)
runs on the same clusters, interleaved, and every summary is cut to the same word budget by
one rule (`budget.cut_to_budget`). Scores are rouge-score's ROUGE-1/2/L F1 with stemming, x100,
with 95% bootstrap intervals over clusters; time is the system's own call, per cluster.
rouge-score, sumy and nltk come with the `eval` extra and are imported only when used.

>>> from chorus.evaluate import evaluate, format_table
>>> report = evaluate("multinews-dev.jsonl", limit=10, words=250, systems="lead,oracle")  # doctest: +SKIP
>>> print(format_table(report))                                                       # doctest: +SKIP
"""

from __future__ import annotations

from .budget import cut_to_budget
from .dataset import SPLITS, Cluster, read_dataset, split_of
from .harness import ClusterResult, EvalReport, SystemResult, evaluate, parse_systems
from .report import format_table, to_json
from .scoring import EVAL_EXTRA, Interval
from .systems import SYSTEMS

__all__ = [
    "EVAL_EXTRA",
    "SPLITS",
    "SYSTEMS",
    "Cluster",
    "ClusterResult",
    "EvalReport",
    "Interval",
    "SystemResult",
    "cut_to_budget",
    "evaluate",
    "format_table",
    "parse_systems",
    "read_dataset",
    "split_of",
    "to_json",
]

"""`supported_by` against hand-labelled pairs from the real Multi-News dev clusters.

The labels (tests/data/support_labels.jsonl) say, for 100 pairs of a briefing sentence and
another article of its cluster, whether a careful reader of the whole article finds the
sentence's claim in it. They carry no dataset text; the sentences and articles are re-read from
../shared/data and the decision comes from chorus's own support code, so these tests skip where
the shared data is absent. bench/support_eval.py prints the full analysis.

Measured at SUPPORT_THRESHOLD 0.35 (100 pairs, 68 true / 32 false): precision 0.94, recall 0.69;
at 0.25: precision 0.94, recall 0.88. The floors below sit a little under the 0.35 numbers, so
they hold at either threshold and catch a real loss of citation quality, not noise of a pair or
two.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LABELS = ROOT / "tests" / "data" / "support_labels.jsonl"
DEV = ROOT.parent / "shared" / "data" / "multinews-dev.jsonl"

PRECISION_FLOOR = 0.90
RECALL_FLOOR = 0.65


def _labels() -> list[dict]:
    return [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_fixture_names_pairs_without_copying_the_dataset() -> None:
    labels = _labels()
    assert len(labels) >= 60
    assert {True, False} <= {x["label"] for x in labels}
    per_cluster: dict[str, int] = {}
    for x in labels:
        assert set(x) == {"cluster", "sentence_sha1", "sentence_prefix", "source_article", "article", "label", "reason"}
        assert re.fullmatch(r"[0-9a-f]{40}", x["sentence_sha1"])
        assert len(x["sentence_prefix"].split()) <= 5
        assert isinstance(x["article"], int) and x["article"] != x["source_article"]
        assert isinstance(x["label"], bool) and x["reason"].strip()
        per_cluster[x["cluster"]] = per_cluster.get(x["cluster"], 0) + 1
    assert max(per_cluster.values()) <= 2


@pytest.mark.skipif(not DEV.is_file(), reason=f"{DEV} not present")
def test_supported_by_agrees_with_the_hand_labels() -> None:
    from support_eval import chorus_decisions, resolve, score

    from chorus.brief.support import SUPPORT_THRESHOLD

    labels = _labels()
    pairs, missing = resolve(labels, DEV)   # reads only the clusters the labels name
    assert len(missing) <= len(labels) // 20, (
        f"{len(missing)} labelled sentences are no longer found after clean + segment; "
        "re-draw and re-label them (python bench/support_eval.py --candidates DIR)")
    s = score([p.label for p in pairs], chorus_decisions(pairs))
    summary = (f"at threshold {SUPPORT_THRESHOLD}: precision {s.precision:.3f}, recall {s.recall:.3f} "
               f"(TP {s.tp:.0f}, FP {s.fp:.0f}, FN {s.fn:.0f}); see python bench/support_eval.py")
    assert s.precision >= PRECISION_FLOOR, summary
    assert s.recall >= RECALL_FLOOR, summary

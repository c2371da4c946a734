"""A smoke run on the real Multi-News dev clusters, when the shared data is present."""

from __future__ import annotations

from pathlib import Path

import pytest

DEV = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "multinews-dev.jsonl"


@pytest.mark.skipif(not DEV.is_file(), reason=f"{DEV} not present")
def test_lead_and_oracle_on_the_first_three_dev_clusters() -> None:
    pytest.importorskip("rouge_score")
    pytest.importorskip("chorus.segment")
    from chorus.evaluate import evaluate

    rep = evaluate(DEV, limit=3, systems="lead,oracle", words=250)
    assert rep.clusters == 3 and not rep.problems
    lead, oracle = rep.system("lead"), rep.system("oracle")
    assert all(c.words <= 250 for s in rep.systems for c in s.clusters)
    assert oracle.rouge1.mean > lead.rouge1.mean
    assert oracle.rouge2.mean > lead.rouge2.mean
    assert 20 < lead.rouge1.mean < 60

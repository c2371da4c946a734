"""The evaluated systems: round-robin lead, sumy's rankers, the greedy oracle, missing extras."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from chorus.errors import ConfigError
from chorus.evaluate.dataset import Cluster, read_dataset
from chorus.evaluate.systems import lead, make_system, oracle, split_documents

TINY = Path(__file__).parents[1] / "data" / "eval-tiny.jsonl"


def simple_split(text: str) -> list[str]:
    """A stand-in sentence splitter, so these tests do not depend on chorus.segment."""
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


def _cluster(summary: str = "x") -> Cluster:
    return Cluster(id="c", documents=(), summary=summary, source="t.jsonl", line=1)


DOCS = [["a1", "a2", "a3"], ["b1"], ["c1", "c2"]]


def test_lead_goes_round_robin_over_the_documents() -> None:
    assert [c.text for c in lead(_cluster(), DOCS, 100)] == ["a1", "b1", "c1", "a2", "c2", "a3"]


def test_lead_presents_in_its_own_order() -> None:
    keys = [c.key for c in lead(_cluster(), DOCS, 100)]
    assert keys == [(i,) for i in range(6)]


def test_lead_of_no_sentences_is_empty() -> None:
    assert lead(_cluster(), [[], []], 10) == []


def test_documents_are_split_per_paragraph() -> None:
    docs = ["First one. Second one.\n\nNew paragraph here", " \n ", "Solo"]
    assert split_documents(docs, simple_split) == [
        ["First one.", "Second one.", "New paragraph here"], [], ["Solo"]]


def test_rouge_tokens_match_rouge_score_word_for_word() -> None:
    rs = pytest.importorskip("rouge_score.tokenizers")
    from chorus.evaluate.oracle import rouge_tokens

    tokenizer = rs.DefaultTokenizer(use_stemmer=True)
    for text in ["The U.S. Army's 3rd-largest base, in Fort-Worth, closed!",
                 "Running runners ran — “quoted” café 12,000 people\nnext line"]:
        assert rouge_tokens(text) == tokenizer.tokenize(text)


def test_oracle_picks_the_sentence_that_matches_the_reference_first() -> None:
    pytest.importorskip("rouge_score")
    docs = [["Cats sleep all day.", "The bridge opened to traffic on Monday morning."],
            ["Dogs bark at night."]]
    picks = oracle(_cluster("The bridge opened to traffic on Monday."), docs, 50)
    assert [p.text for p in picks] == ["The bridge opened to traffic on Monday morning."]
    assert picks[0].key == (0, 1)


def test_oracle_plans_for_the_cut_and_never_passes_the_budget() -> None:
    pytest.importorskip("rouge_score")
    from chorus.evaluate.budget import cut_to_budget

    clusters, _ = read_dataset(TINY)
    for cluster in clusters:
        sents = split_documents(cluster.documents, simple_split)
        for budget in (5, 17, 40, 1000):
            picks = oracle(cluster, sents, budget)
            texts = [p.text for p in picks]
            kept = cut_to_budget(texts, budget)
            # Every pick survives the cut: the oracle never offers a sentence it cannot use.
            assert [i for i, _ in kept] == list(range(len(picks)))
            assert sum(len(t.split()) for _, t in kept) <= budget


@pytest.mark.parametrize("name", ["lexrank", "textrank"])
def test_sumy_rankers_rank_every_sentence_once_and_present_in_document_order(name: str) -> None:
    pytest.importorskip("sumy")
    clusters, _ = read_dataset(TINY)
    ranker = make_system(name)
    sents = split_documents(clusters[0].documents, simple_split)
    picks = ranker(clusters[0], sents, 30)
    flat = [s for doc in sents for s in doc]
    assert sorted(p.text for p in picks) == sorted(flat)
    assert all(flat[sum(len(d) for d in sents[:p.key[0]]) + p.key[1]] == p.text for p in picks)
    assert [p.text for p in ranker(clusters[0], sents, 30)] == [p.text for p in picks]


def test_sumy_ranker_of_an_empty_cluster_is_empty() -> None:
    pytest.importorskip("sumy")
    assert make_system("lexrank")(_cluster(), [[]], 10) == []


@pytest.mark.parametrize("module,system", [("sumy", "lexrank"), ("rouge_score", "oracle")])
def test_missing_eval_extra_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch, module: str,
                                                   system: str) -> None:
    for name in list(sys.modules):
        if name == module or name.startswith(module + "."):
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, module, None)   # makes `import module` raise ImportError
    with pytest.raises(ConfigError, match=r"pip install 'chorus-news\[eval\]'"):
        make_system(system)

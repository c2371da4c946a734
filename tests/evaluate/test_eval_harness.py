"""evaluate(): systems side by side, one budget rule, ROUGE with bootstrap intervals, reports."""

from __future__ import annotations

import json
import re
import sys
import types
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("rouge_score")
pytest.importorskip("sumy")

from chorus.errors import ConfigError, InputError, NoArticles  # noqa: E402
from chorus.evaluate import evaluate, format_table, harness, to_json  # noqa: E402
from chorus.evaluate.scoring import bootstrap, resample_indices  # noqa: E402
from chorus.model import Briefing, SummarySentence  # noqa: E402

TINY = Path(__file__).parents[1] / "data" / "eval-tiny.jsonl"
BASELINES = ("lead", "lexrank", "textrank", "oracle")


def simple_split(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


def run(**kw):  # type: ignore[no-untyped-def]
    kw.setdefault("systems", BASELINES)
    kw.setdefault("sentence_splitter", simple_split)
    return evaluate(TINY, **kw)


@pytest.fixture(scope="module")
def report():  # type: ignore[no-untyped-def]
    return run(words=40)


def test_every_system_is_scored_on_every_cluster(report) -> None:  # type: ignore[no-untyped-def]
    assert report.clusters == 3
    assert [s.name for s in report.systems] == list(BASELINES)
    for s in report.systems:
        assert [c.cluster for c in s.clusters] == ["tiny-ferry", "tiny-tram", "tiny-orchid"]
        assert s.failures == 0
        assert s.seconds_per_cluster >= 0


@pytest.mark.parametrize("words", [1, 7, 25, 60])
def test_every_summary_is_cut_by_the_one_rule_and_never_passes_the_budget(
        monkeypatch: pytest.MonkeyPatch, words: int) -> None:
    calls: list[int] = []
    real = harness.cut_to_budget

    def spy(sentences, budget):  # type: ignore[no-untyped-def]
        calls.append(budget)
        return real(sentences, budget)

    monkeypatch.setattr(harness, "cut_to_budget", spy)
    rep = run(words=words)
    assert calls == [words] * (3 * len(BASELINES))
    for s in rep.systems:
        for c in s.clusters:
            assert c.words <= words
            if s.name != "oracle":   # the oracle may stop early; the others have text to spare
                assert c.words == words


def test_lead_summary_is_round_robin(report) -> None:  # type: ignore[no-untyped-def]
    ferry = report.system("lead").clusters[0].summary.split("\n")
    assert ferry[0].startswith("A passenger ferry ran aground")
    assert ferry[1].startswith("Rescue boats brought 84 people")
    assert ferry[2].startswith("Lakeside residents watched")


def test_oracle_scores_at_least_as_well_as_every_other_system(report) -> None:  # type: ignore[no-untyped-def]
    best = report.system("oracle")
    for s in report.systems:
        assert best.rouge1.mean >= s.rouge1.mean
        assert best.rouge2.mean >= s.rouge2.mean


def test_bootstrap_interval_contains_the_mean(report) -> None:  # type: ignore[no-untyped-def]
    for s in report.systems:
        for iv in (s.rouge1, s.rouge2, s.rougeL):
            assert iv.low <= iv.mean <= iv.high
            assert 0 <= iv.low and iv.high <= 100
        assert s.rouge1.mean == pytest.approx(100 * np.mean([c.rouge1 for c in s.clusters]))


def test_bootstrap_is_deterministic_and_narrows_with_more_clusters() -> None:
    rng = np.random.default_rng(0)
    small, large = rng.random(10), rng.random(1000)
    assert bootstrap(small) == bootstrap(small)
    a, b = bootstrap(small), bootstrap(large)
    assert (a.high - a.low) > (b.high - b.low)
    assert resample_indices(5).shape == (1000, 5)


def test_scores_agree_with_rouge_score_on_the_printed_summary(report) -> None:  # type: ignore[no-untyped-def]
    from rouge_score.rouge_scorer import RougeScorer

    scorer = RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    reference = json.loads(TINY.read_text().splitlines()[1])["summary"]
    c = report.system("textrank").clusters[1]
    assert c.rouge2 == pytest.approx(scorer.score(reference, c.summary)["rouge2"].fmeasure)


def test_progress_is_called_once_per_cluster() -> None:
    seen: list[tuple[int, int]] = []
    run(systems="lead", progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 3), (2, 3), (3, 3)]


def test_malformed_lines_are_warnings_in_the_report(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text(TINY.read_text() + "{broken\n", encoding="utf-8")
    rep = evaluate(path, systems="lead", sentence_splitter=simple_split)
    assert rep.clusters == 3
    assert [str(p) for p in rep.problems] == [f"{path}:4: not valid JSON (Expecting property name "
                                              "enclosed in double quotes, column 2)"]
    assert f"{path}:4:" in format_table(rep)


def test_nothing_to_evaluate_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text("{broken\n", encoding="utf-8")
    with pytest.raises(InputError, match="no usable cluster"):
        evaluate(path, systems="lead", sentence_splitter=simple_split)


def test_bad_options_are_config_errors() -> None:
    with pytest.raises(ConfigError, match="unknown system 'bart'"):
        run(systems="lead,bart")
    with pytest.raises(ConfigError):
        run(words=0)
    with pytest.raises(ConfigError):
        run(split="dev")


def test_systems_may_be_a_comma_list_and_repeats_are_dropped() -> None:
    rep = run(systems=" lead, ORACLE,lead")
    assert [s.name for s in rep.systems] == ["lead", "oracle"]


def test_split_and_limit_choose_the_clusters() -> None:
    from chorus.evaluate import split_of

    rep = run(systems="lead", split="tune")
    assert all(split_of(c.cluster) == "tune" for c in rep.system("lead").clusters)
    assert run(systems="lead", limit=1).clusters == 1


def _fake_api(monkeypatch: pytest.MonkeyPatch, brief) -> None:  # type: ignore[no-untyped-def]
    fake = types.ModuleType("chorus.api")
    fake.brief = brief  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "chorus.api", fake)


def test_chorus_is_called_with_articles_and_cut_like_the_others(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def brief(articles, words=150, options=None):  # type: ignore[no-untyped-def]
        calls.append((articles, options.words, options.facts))
        if articles[0].id.startswith("tiny-tram"):
            raise NoArticles("no usable article in the input")
        text = " ".join(a.text for a in articles)
        return Briefing(title="t", documents=(), summary=tuple(
            SummarySentence(text=s, article=articles[0].id, sentence=i) for i, s in enumerate(simple_split(text))))

    _fake_api(monkeypatch, brief)
    rep = run(systems="chorus,lead", words=30)
    assert [(w, facts) for _, w, facts in calls] == [(30, False)] * 3  # the summary alone
    assert [a.id for a in calls[0][0]] == ["tiny-ferry-d0", "tiny-ferry-d1", "tiny-ferry-d2"]
    chorus = rep.system("chorus")
    assert [c.words for c in chorus.clusters] == [30, 0, 30]
    assert chorus.failures == 1 and chorus.clusters[1].rouge1 == 0
    assert any("tiny-tram: chorus: no usable article" in str(p) for p in rep.problems)
    assert "chorus failed on 1 of 3 clusters" in format_table(rep)


def test_table_and_json_show_the_same_figures(report) -> None:  # type: ignore[no-untyped-def]
    table = format_table(report)
    data = to_json(report)
    json.dumps(data)
    assert "3 clusters" in table and "40 words" in table
    assert data["clusters"] == 3 and data["words"] == 40
    for s, row in zip(report.systems, data["systems"]):
        assert row["name"] == s.name
        assert row["rouge1"]["mean"] == pytest.approx(s.rouge1.mean, abs=1e-4)
        assert f"{s.rouge1.mean:5.2f} [{s.rouge1.low:5.2f}, {s.rouge1.high:5.2f}]" in table
        assert "clusters" not in row
    full = to_json(report, per_cluster=True)
    assert len(full["systems"][0]["clusters"]) == 3
    assert full["systems"][0]["clusters"][0]["summary"]


def test_real_chorus_runs_on_the_tiny_set() -> None:
    try:
        from chorus.api import brief  # noqa: F401
    except ImportError as e:  # pragma: no cover - while the pipeline is being written
        pytest.skip(f"chorus.api not importable: {e}")
    rep = evaluate(TINY, systems="chorus,lead", words=40)
    assert all(c.words <= 40 for c in rep.system("chorus").clusters)

"""The one word-budget rule (chorus.evaluate.budget) that every system is cut by."""

from __future__ import annotations

import pytest

from chorus.evaluate.budget import cut_to_budget, word_count

SENTENCES = ["One two three four.", "Five six seven.", "Eight nine ten eleven twelve."]


@pytest.mark.parametrize("budget", range(1, 16))
def test_cut_never_exceeds_the_budget_and_fills_it_when_it_can(budget: int) -> None:
    kept = cut_to_budget(SENTENCES, budget)
    total = sum(word_count(t) for _, t in kept)
    assert total == min(budget, 12)


def test_whole_sentences_are_kept_while_they_fit_and_the_next_one_is_cut() -> None:
    assert cut_to_budget(SENTENCES, 9) == [(0, "One two three four."), (1, "Five six seven."),
                                           (2, "Eight nine")]


def test_a_sentence_that_exactly_fills_the_budget_ends_the_summary() -> None:
    assert cut_to_budget(SENTENCES, 7) == [(0, "One two three four."), (1, "Five six seven.")]


def test_repeats_and_empty_sentences_are_skipped_not_counted() -> None:
    kept = cut_to_budget(["A b c.", "", "  ", "A  b\nc.", "D e."], 10)
    assert kept == [(0, "A b c."), (4, "D e.")]


def test_whitespace_inside_a_sentence_is_normalised() -> None:
    assert cut_to_budget(["A\n b\t c."], 5) == [(0, "A b c.")]


def test_no_sentences_give_an_empty_summary() -> None:
    assert cut_to_budget([], 5) == []


def test_budget_below_one_is_refused() -> None:
    with pytest.raises(ValueError):
        cut_to_budget(SENTENCES, 0)

"""Selection: what many outlets say comes first, nothing twice, within budget, in reading order."""

from __future__ import annotations

from chorus.brief import build_briefing
from chorus.brief.select import names_speaker, reading_order, select_sentences, stands_alone
from chorus.brief.sentences import index_story
from chorus.model import Article, Document, Sentence
from chorus.options import Options


def make_doc(id: str, *sentences: str, title: str = "") -> Document:
    article = Article(id=id, title=title, outlet=None, source=f"{id}.txt", published=None, text=" ".join(sentences))
    return Document(article, tuple(Sentence(id, i, s) for i, s in enumerate(sentences)))


SHARED = "A cargo ship struck a pier of the Harbor Bridge in Port Calder on Tuesday morning, collapsing a 240-metre span."
DOCS = (
    make_doc(
        "a",
        SHARED,
        "The mayor of Port Calder closed the harbor to all shipping traffic until further notice.",
        "Local bakeries reported brisk sales of pastries to rescue crews working through the night.",
        title="Ship hits Harbor Bridge",
    ),
    make_doc(
        "b",
        "A 240-metre span of Port Calder's Harbor Bridge collapsed on Tuesday morning after a cargo ship struck a pier.",
        "Three road workers are missing and eleven people were injured, the coast guard said on Tuesday.",
        "The bridge was painted green in 1998 after a long public debate about colours.",
        title="Bridge span collapses",
    ),
    make_doc(
        "c",
        "The coast guard said three workers were missing and eleven people were injured after the collapse.",
        "Harbor Bridge span collapsed on Tuesday after the cargo ship struck the pier, officials in Port Calder said.",
        "A separate vote on the city budget was postponed to next week by the council.",
    ),
)


def test_sentences_many_outlets_state_are_chosen_over_single_source_details() -> None:
    story = index_story(DOCS)
    chosen = [story.sentences[r].text for r in select_sentences(story, budget=40)]
    assert any("collaps" in t for t in chosen)
    assert any("missing" in t for t in chosen)
    assert not any("pastries" in t or "painted green" in t for t in chosen)


def test_nothing_is_said_twice() -> None:
    story = index_story(DOCS)
    chosen = [story.sentences[r].text for r in select_sentences(story, budget=200)]
    collapse = [t for t in chosen if "struck" in t and "240-metre" in t]
    assert len(collapse) == 1, chosen
    assert len([t for t in chosen if "missing" in t]) == 1, chosen


def test_budget_is_kept() -> None:
    story = index_story(DOCS)
    for budget in (20, 35, 60, 100):
        assert sum(len(story.sentences[r].text.split()) for r in select_sentences(story, budget)) <= budget


def test_a_budget_smaller_than_any_sentence_still_gives_one_sentence() -> None:
    story = index_story(DOCS)
    assert len(select_sentences(story, budget=3)) == 1


def test_reading_order_is_article_position_not_score() -> None:
    story = index_story(DOCS)
    rows = select_sentences(story, budget=200)
    assert rows == reading_order(story, rows)
    positions = [story.sentences[r].index for r in rows]
    assert positions == sorted(positions)


def test_fragments_and_questions_do_not_stand_alone() -> None:
    assert stands_alone("The bridge collapsed on Tuesday.")
    assert stands_alone('"We will rebuild it," the mayor said.')
    assert not stands_alone("What happens to the ferry now?")
    assert not stands_alone("But officials said it was too early to say.")
    assert not stands_alone("and the list goes on")
    assert not stands_alone("“But the campaign wasn’t ready for it.")
    assert not stands_alone("For Date Night, the Actress Took Her Husband To The...")
    assert not stands_alone("Please follow her for the latest #newsnotnoise updates.")


def test_single_article_story_is_summarized() -> None:
    b = build_briefing(DOCS[:1], Options(words=40))
    assert b.summary and all(s.supported_by == () for s in b.summary)


def test_supported_by_names_other_articles_that_state_the_sentence() -> None:
    b = build_briefing(DOCS, Options(words=60))
    for s in b.summary:
        assert s.article not in s.supported_by
        if "missing" in s.text:
            assert set(s.supported_by) == {"b", "c"} - {s.article}
        if "collaps" in s.text and "struck" in s.text:
            assert len(s.supported_by) == 2


def test_title_is_the_headline_that_names_the_shared_event() -> None:
    b = build_briefing(DOCS, Options(words=60))
    assert b.title in {"Ship hits Harbor Bridge", "Bridge span collapses"}


def test_every_summary_sentence_is_a_source_sentence_with_its_position() -> None:
    b = build_briefing(DOCS, Options(words=80))
    by_id = {d.article.id: d for d in DOCS}
    for s in b.summary:
        assert by_id[s.article].sentences[s.sentence].text.endswith(s.text)


def test_a_quotation_counts_as_one_only_when_it_names_its_speaker() -> None:
    assert names_speaker("“The span went down in seconds,” harbor master Ines Okafor said.")
    assert names_speaker('"We will rebuild," said Mayor Dara Quill on Tuesday.')
    assert not names_speaker("“The span went down in seconds,” she said.")
    assert not names_speaker("“We are not going to give a running commentary.”")
    assert not names_speaker("“The crews worked all night and they are still out there.")  # unclosed
    assert names_speaker("‘Harbor master’s orders,’ Ines Okafor said.")
    assert not names_speaker("“The span went down in seconds,” she said Tuesday.")
    assert not names_speaker("“We will rebuild,” he told Harbor Radio in a message.")
    assert not names_speaker("‘We will rebuild,’ she said.")


def test_a_quotation_from_nobody_is_not_preferred_to_the_same_words_with_a_speaker() -> None:
    words = "the span went down in seconds and the crews worked through the night in Port Calder"
    named = make_doc("a", SHARED, f"“{words.capitalize()},” harbor master Ines Okafor said.")
    orphan = make_doc("b", SHARED, f"“{words.capitalize()},” she said.")
    third = make_doc("c", SHARED, f"Crews said {words}.")
    chosen = build_briefing((orphan, named, third), Options(words=45, facts=False)).summary
    quotes = [s.text for s in chosen if s.text.startswith("“")]
    assert quotes and all("Okafor" in q for q in quotes)

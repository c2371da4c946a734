"""Where sources differ: real disagreements are found, look-alike quantities are not."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

import chorus
from chorus.brief.conflicts import find_conflicts, find_disagreements
from chorus.brief.entities import load_pipeline
from chorus.brief.mentions import find_mentions
from chorus.cli import main
from chorus.model import Article, Document, Sentence


@pytest.fixture(scope="session")
def nlp() -> Any:
    model = load_pipeline()
    assert model is not None, "the facts extra is missing: pip install -e '.[test]'"
    return model


def doc(id: str, *sentences: str, published: datetime | None = None) -> Document:
    article = Article(id=id, title="", outlet=None, source=f"{id}.txt", published=published, text=" ".join(sentences))
    return Document(article, tuple(Sentence(id, i, s) for i, s in enumerate(sentences)))


def disagreements(nlp: Any, *documents: Document) -> list[tuple[str, set[str]]]:
    found = find_mentions(documents, nlp=nlp)
    return [(d.about, set(d.values)) for d in find_disagreements(found)]


def test_the_example_shows_11_against_14_injured(example_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    briefing = chorus.brief(example_dir)
    [conflict] = briefing.conflicts
    assert conflict.about == "number of people injured"
    sides = {c.article: c.text for c in conflict.claims}
    assert "14 people injured" in sides["estuary-post"]
    assert sum("11" in t or "Eleven" in t for t in sides.values()) >= 2
    assert main(["brief", str(example_dir)]) == 0
    section = capsys.readouterr().out.split("## Where sources differ\n\n", 1)[1].split("\n## ", 1)[0]
    assert section.startswith("- number of people injured:\n")
    assert "14 people injured" in section and "[3]" in section


def test_different_counts_of_one_quantity_conflict(nlp: Any) -> None:
    assert disagreements(
        nlp,
        doc("a", "A fire at the plant killed 12 workers on Monday night."),
        doc("b", "Fifteen workers died in the fire at the plant on Monday night."),
    ) == [("number of workers killed (Monday)", {"12", "15"})]


def test_a_none_against_a_number_is_a_conflict(nlp: Any) -> None:
    found = disagreements(
        nlp,
        doc("a", "Since 1990, more than 200 sets of remains have been sent back."),
        doc("b", "The families said no remains have been returned since 1990."),
    )
    assert found == [("number of remains returned (1990)", {"more than 200", "0"})]


def test_a_bare_none_takes_its_noun_from_the_sentence_before(nlp: Any) -> None:
    found = disagreements(
        nlp,
        doc("a", "More than 200 sets of remains were returned."),
        doc("b", "The families have waited for remains for decades.", "None have been returned, they said."),
    )
    assert [values for _, values in found] == [{"more than 200", "0"}]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # the same noun in different places: a part and the whole
        ("About 5,300 soldiers are still missing in Vostra.", "In all, 7,800 soldiers remain missing from the whole war."),
        ("About 20,000 people were evacuated in Ferris County.", "Some 45,000 people were evacuated across the state."),
        # different nouns
        ("None of the ship's 22 crew members were hurt.", "Eleven people were hurt."),
        ("Orrin employs 3,000 people.", "Orrin will cut 300 jobs."),
        # counts that say nothing happened to them
        ("The plant employs 600 workers.", "About 200 workers were on the night shift."),
        # qualifiers that agree
        ("More than 200 sets of remains were returned.", "Some 210 sets of remains were returned."),
        ("More than 40 people were injured.", "At least 45 people were injured."),
        # a different object of the same verb
        ("Three Republicans voted present.", "Seven Republicans voted against the bill."),
        # a different time
        ("In 1997, an earthquake killed more than 100 people.", "The earthquake killed 12 people."),
        # an increment, not a total
        ("Three more people were injured on the bridge.", "Eleven people were injured on the bridge."),
        # two people's ages
        ("He was 10 years old when it happened.", "He was 14 years old when they met."),
        # an earthquake and its aftershock
        ("A magnitude 6.1 earthquake struck Calvera.", "A magnitude 5.2 aftershock followed."),
    ],
)
def test_look_alike_quantities_are_not_conflicts(nlp: Any, a: str, b: str) -> None:
    assert disagreements(nlp, doc("a", a), doc("b", b)) == []


def test_an_article_that_counts_two_things_with_one_noun_is_not_compared(nlp: Any) -> None:
    # Article a reports two strikes: its 15 and its 5 are different quantities, so neither is
    # set against article b's 17.
    assert disagreements(
        nlp,
        doc("a", "At the school, 15 Palestinians were killed.", "Five Palestinians were killed in Rafah."),
        doc("b", "Seventeen Palestinians were killed."),
    ) == []


def test_the_same_measure_of_the_same_thing_conflicts(nlp: Any) -> None:
    found = disagreements(
        nlp,
        doc("a", "A magnitude 6.1 earthquake struck the province of Calvera."),
        doc("b", "A 6.4-magnitude quake hit Calvera province."),
    )
    assert [(about[:17], values) for about, values in found] == [("magnitude of the ", {"6.1", "6.4"})]


def test_two_prices_for_one_deal_conflict(nlp: Any) -> None:
    found = disagreements(
        nlp,
        doc("a", "Orrin Systems agreed to buy Halcyon Data for $2.4 billion in cash."),
        doc("b", "Orrin Systems will pay $2.1 billion for Halcyon Data, people familiar with the talks said."),
    )
    assert found == [("price of the deal", {"$2.4 billion", "$2.1 billion"})]


def test_one_event_on_two_days_conflicts(nlp: Any) -> None:
    found = disagreements(
        nlp,
        doc("a", "Anna-Lise Brandt was sentenced on Thursday to six years.", published=datetime(2021, 6, 11)),
        doc("b", "A court sentenced Anna Lise Brandt on June 9 to six years in prison.", published=datetime(2021, 6, 11)),
    )
    assert [values for about, values in found if about.endswith("Brandt was sentenced")] == [{"2021-06-10", "2021-06-09"}]


def test_one_article_never_conflicts_with_itself(nlp: Any) -> None:
    assert disagreements(nlp, doc("a", "Eleven people were injured.", "Later, 14 people were injured.")) == []


def test_claims_cite_their_own_articles(example_dir: Path) -> None:
    briefing = chorus.brief(example_dir)
    text = {d.article.id: " ".join(s.text for s in d.sentences) for d in briefing.documents}
    for conflict in briefing.conflicts:
        assert len({c.article for c in conflict.claims}) >= 2
        for claim in conflict.claims:
            assert claim.text in text[claim.article]


def test_conflicts_are_conflict_objects(nlp: Any) -> None:
    found = find_mentions((doc("a", "Eleven people were injured."), doc("b", "Fourteen people were injured.")), nlp=nlp)
    [conflict] = find_conflicts(found)
    assert [c.article for c in conflict.claims] == ["a", "b"]
    assert conflict.claims[0].text == "Eleven people were injured."

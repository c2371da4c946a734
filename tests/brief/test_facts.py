"""Key facts: what counts as one fact, which articles it cites, how facts rank, the gold set."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

import chorus
from chorus.api import prepare
from chorus.brief import build_briefing
from chorus.brief import entities as entities_module
from chorus.brief.entities import load_pipeline, name_key
from chorus.brief.facts import build_facts
from chorus.brief.mentions import find_mentions
from chorus.brief.numbers import find_quantities, format_quantity
from chorus.cli import main
from chorus.model import Article, Document, Sentence


@pytest.fixture(scope="session")
def nlp() -> Any:
    """The spaCy pipeline, loaded once for the whole run (the `facts` extra is part of `test`)."""
    model = load_pipeline()
    assert model is not None, "the facts extra is missing: pip install -e '.[test]'"
    return model


def doc(id: str, *sentences: str, published: datetime | None = None, outlet: str | None = None) -> Document:
    article = Article(id=id, title="", outlet=outlet, source=f"{id}.txt", published=published, text=" ".join(sentences))
    return Document(article, tuple(Sentence(id, i, s) for i, s in enumerate(sentences)))


def facts_of(documents: list[Document], nlp: Any) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Fact text -> (kind, cited articles)."""
    found = find_mentions(tuple(documents), nlp=nlp)
    return {f.text: (f.kind, f.articles) for f in build_facts(found, limit=None)}


# ------------------------------------------------------------------ numbers and what they count

@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The blast left three road workers missing and 11 people injured.", ["3 road workers missing", "11 people injured"]),
        ("Eleven people were hurt, officials said.", ["11 people injured"]),
        ("More than 200 sets of remains were sent back.", ["more than 200 sets of remains returned"]),
        ("Some 5,300 Norland soldiers are still missing in Vostra.", ["about 5,300 Norland soldiers missing"]),
        ("The quake killed at least 12 people and injured 48.", ["at least 12 people killed", "48 injured"]),
        ("A 240-metre section fell into the 38,000-tonne ship's path.", ["240-metre section"]),
        ("The $1.9 billion plan adds 40 new police officers.", ["$1.9 billion plan", "40 new police officers"]),
        ("Four of the seven workers were rescued.", ["4 workers rescued", "7 workers"]),
        ("The three missing people were members of a road crew.", ["3 people missing"]),
        ("About 32% of Americans and 15 percent of the voters agreed.", ["about 32% of Americans", "15% of voters"]),
        # a plural noun ends the phrase, and a verb the lexicon does not know is not shown
        ("Four robbers make off with the gems, and two men rammed a car.", ["4 robbers", "2 men"]),
        # money with short multipliers, and currencies written after the amount
        ("Thieves took £88m, or 85 million euros ($108 million), and $1.9bn more.",
         ["£88 million", "€85 million", "$108 million", "$1.9 billion"]),
    ],
)
def test_a_number_keeps_what_it_counts(sentence: str, expected: list[str]) -> None:
    assert [format_quantity(q) for q in find_quantities(sentence)][: len(expected)] == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "The bridge opened in 1971 and carries Route 9.",          # a year, and part of a name
        "The ship hit Pier 7 at 4:52 a.m. on Tuesday.",          # a name and a clock time
        "The council approved the 2026-27 budget.",              # a fiscal year
        "One of the piers gave way, and no one said why.",       # "one of", "no one said"
        "She finished 3rd in the race.",                          # an ordinal
        "A 4x4 hit a two-by-four on a road 10x longer.",          # dimensions and times
        "New 4G phones were rare in the 1990s and for people in their 20s.",  # letters on a number
        "He stayed at the Four Seasons hotel with an AR-15 rifle.",  # names and models
        "G20 leaders met as the search for MH370 went on.",
        "An 1864 photo shows his 1990 album.",                    # years before a noun
        "He died on Sept. 23 of natural causes.",                 # a day after an abbreviated month
    ],
)
def test_years_times_names_and_ordinals_are_not_counts(sentence: str) -> None:
    assert find_quantities(sentence) == []


def test_digits_that_are_no_number_are_not_read_as_one() -> None:
    # "²" is a digit to str.isdigit but not to float: it once stopped the whole briefing
    assert find_quantities("The flood covered 5² km² and cost $² to clear.") == []
    assert [q.value for q in find_quantities("٣ people died, and ②⁰ homes flooded.")] == [3.0]


def test_5300_and_5_300_and_words_are_one_number_fact(nlp: Any) -> None:
    facts = facts_of([
        doc("a", "About 5,300 soldiers are missing in Vostra."),
        doc("b", "Roughly 5300 soldiers remain missing in Vostra."),
        doc("c", "Three soldiers were found alive.", "Eleven soldiers were found alive."),
    ], nlp)
    assert facts["about 5,300 soldiers missing"] == ("number", ("a", "b"))


def test_a_count_of_one_is_a_fact_only_with_what_happened_to_it(nlp: Any) -> None:
    docs = [doc(f"a{i}", "One worker was killed at the plant.", "One Republican strategist called it a disaster.",
                "One day the plant will reopen.") for i in range(2)]
    facts = facts_of(docs, nlp)
    assert "1 worker killed" in facts
    assert not any("strategist" in text or "day" in text for text in facts)


# ------------------------------------------------------------------ names

def test_name_spellings_aliases_and_surnames_are_one_fact(nlp: Any) -> None:
    facts = facts_of([
        doc("a", "Kessland leader Park Min-jun met U.S. envoy Laura Pike in Tavira on Wednesday."),
        doc("b", "Park Min Jun and Laura Pike held talks in Tavira, the United States said."),
        doc("c", "Park arrived by train, and Pike flew in from Geneva."),
    ], nlp)
    assert facts["Park Min-jun"][1] == ("a", "b", "c")
    assert facts["Laura Pike"] == ("person", ("a", "b", "c"))
    assert facts["United States"] == ("place", ("a", "b"))
    assert not {"Park", "Pike", "Park Min Jun", "U.S."} & facts.keys()


def test_name_key_joins_spellings() -> None:
    assert name_key("Kim Jong-un") == name_key("Kim Jong Un") == "kim jong un"
    assert name_key("the U.S.") == name_key("United States") == name_key("US") == "united states"
    assert name_key("Anna-Lise Brandt's") == "anna lise brandt"


def test_a_name_cut_short_by_the_models_window_is_no_name() -> None:
    assert not entities_module._plausible("Cathedral of St.")
    assert not entities_module._plausible("Bank of")
    assert entities_module._plausible("Bank of England")


def test_pronoun_us_is_not_the_united_states(nlp: Any) -> None:
    facts = facts_of([
        doc("a", "The United States sent an envoy to Tavira."),
        doc("b", "The source told us the envoy had left Tavira.", "He told Us Weekly nothing."),
    ], nlp)
    assert facts["United States"][1] == ("a",)


class CountingModel:
    """The real pipeline, counting its `pipe` calls and the texts they read."""

    def __init__(self, nlp: Any) -> None:
        self.nlp, self.calls, self.texts = nlp, 0, []

    def pipe(self, texts: Any, **kwargs: Any) -> Any:
        texts = list(texts)
        self.calls += 1
        self.texts += texts
        return self.nlp.pipe(texts, **kwargs)


def test_names_the_word_lists_know_need_no_model(nlp: Any) -> None:
    model = CountingModel(nlp)
    entities_module.clear_read_cache()
    found = find_mentions((
        doc("a", "Doctors at Calder General Hospital treated 11 people in Iran, Mayor Ellen Okafor said."),
        doc("b", "Calder General Hospital and the Harbor Bridge reopened in Iran on Tuesday."),
    ), nlp=model)
    kinds = {e.name: e.kind for e in found.entities.values()}
    assert kinds == {"Calder General Hospital": "organization", "Iran": "place", "Ellen Okafor": "person",
                     "Harbor Bridge": "place"}
    assert model.calls == 0


def test_a_person_named_after_a_title_a_role_or_before_said_needs_no_model(nlp: Any) -> None:
    model = CountingModel(nlp)
    entities_module.clear_read_cache()
    found = find_mentions((
        doc("a", "Fire Chief Dominic Pryce said 11 people were hurt.",          # a title inside the phrase
            "Calder Ferry Line added three sailings on Tuesday.",            # first in its sentence
            "The crossing was closed, said city traffic director Simone Achebe."),
        doc("b", "Coast Guard Commander Rafael Ostby said divers were searching.",
            "Investigator Hana Okoye said the span had failed.",
            "“It was terrifying,” Teodora Vasquez said."),
    ), nlp=model)
    kinds = {e.name: e.kind for e in found.entities.values()}
    assert kinds == {"Dominic Pryce": "person", "Calder Ferry Line": "organization", "Simone Achebe": "person",
                     "Rafael Ostby": "person", "Hana Okoye": "person", "Teodora Vasquez": "person"}
    assert model.calls == 0


def test_the_model_is_not_spent_on_peoples_titles_or_a_known_persons_surname(nlp: Any) -> None:
    model = CountingModel(nlp)
    entities_module.clear_read_cache()
    found = find_mentions((
        doc("a", "Mayor Ellen Okafor met Egyptian and North Korean envoys on Tuesday.",
            "The deal, Okafor said, was modelled on “Good Will Hunting” and other TV dramas."),
        doc("b", "Ellen Okafor said the Israelis had left. Earlier Thursday, Okafor spoke to Jan. 23 attendees.",
            "PORT ALBANY — Commuters waited as Okafor spoke."),
    ), nlp=model)
    assert {e.name: e.kind for e in found.entities.values()} == {"Ellen Okafor": "person"}
    assert model.calls == 0
    okafor = next(iter(found.entities))
    assert sum(m.key == okafor for m in found.entity_mentions) == 5   # "Okafor" alone counts as her


def test_known_names_keep_their_kind_and_said_is_no_first_name(nlp: Any) -> None:
    facts = facts_of([
        doc("a", "Islamic State fighters left the Soviet Union's old base, Dana Miller said.",
            "Said Miller, a council member: the base is empty."),
        doc("b", "The Islamic State has left, said Dana Miller, who grew up in the Soviet Union."),
    ], nlp)
    assert facts["Islamic State"][0] == "organization"     # not a place for its last word
    assert facts["Soviet Union"][0] == "place"             # not an organization for its last word
    assert facts["Dana Miller"] == ("person", ("a", "b"))
    assert not any(text.startswith("Said") for text in facts)


def test_an_organization_that_speaks_is_not_taken_for_a_person(nlp: Any) -> None:
    facts = facts_of([
        doc("a", "Hollywood Reporter said the film was pulled.", "Goldman Sachs said profits rose."),
        doc("b", "The Hollywood Reporter said the studio was silent, and Goldman Sachs said nothing."),
    ], nlp)
    assert facts["Hollywood Reporter"][0] == "organization"   # a paper's word ends the name
    assert facts["Goldman Sachs"][0] == "organization"        # a name everyone knows


def test_a_known_place_that_begins_a_persons_name_is_left_to_the_model(nlp: Any) -> None:
    facts = facts_of([
        doc("a", "Actress Paris Hilton said on Monday that she was fine."),
        doc("b", "Reporters asked Paris Hilton about the crash, and Hilton said nothing."),
    ], nlp)
    assert facts["Paris Hilton"][0] == "person"
    assert "Paris" not in facts


def test_the_model_reads_a_story_once_in_one_call(example_dir: Path, nlp: Any) -> None:
    documents, _ = prepare(chorus.api.load(example_dir).articles)
    model = CountingModel(nlp)
    entities_module.clear_read_cache()
    first = find_mentions(documents, nlp=model)
    assert model.calls == 1
    assert sum(len(t.split()) for t in model.texts) <= entities_module.NER_WORD_BUDGET + 10
    again = find_mentions(documents, nlp=model)   # briefed again: every window is in the cache
    assert model.calls == 1
    assert again.entities.keys() == first.entities.keys()


def test_a_lower_case_word_before_a_name_does_not_hide_it(nlp: Any) -> None:
    facts = facts_of([
        doc("a", "Police in Toronto said the couple lived in North Toronto."),
        doc("b", "They were found in their north Toronto home."),
    ], nlp)
    assert "b" in facts["Toronto"][1]


# ------------------------------------------------------------------ dates

def test_a_weekday_resolves_against_the_articles_date_and_stays_words_without_one(nlp: Any) -> None:
    facts = facts_of([
        doc("dated", "The remains arrived on Sunday.", published=datetime(2018, 7, 15)),
        doc("undated", "The remains arrived on Sunday."),
    ], nlp)
    assert facts["2018-07-15"] == ("date", ("dated",))
    assert facts["Sunday"] == ("date", ("undated",))


# ------------------------------------------------------------------ ranking and citations

def test_facts_rank_by_how_many_articles_state_them(nlp: Any) -> None:
    facts = list(facts_of([
        doc("a", "Mayor Ellen Okafor closed the Harbor Bridge.", "Rescuers found 4 workers."),
        doc("b", "Ellen Okafor said the Harbor Bridge would stay shut."),
        doc("c", "Okafor visited the hospital."),
    ], nlp))
    assert facts[0] == "Ellen Okafor"
    assert facts.index("Harbor Bridge") < facts.index("4 workers")


def _states(fact: Any, text: str) -> bool:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    from facts_eval import states

    return states(fact, text)


def test_every_fact_cites_only_articles_that_state_it_on_the_example(example_dir: Path) -> None:
    briefing = chorus.brief(example_dir)
    text = {d.article.id: " ".join(s.text for s in d.sentences) for d in briefing.documents}
    assert len(briefing.facts) >= 20
    for fact in briefing.facts:
        assert fact.articles, fact
        for article in fact.articles:
            assert _states(fact, text[article]), (fact, article)


@pytest.mark.slow
def test_every_fact_cites_only_articles_that_state_it_on_real_clusters(multinews: Path) -> None:
    from chorus.evaluate.dataset import read_dataset

    checked = 0
    for cluster in read_dataset(multinews, limit=25)[0]:
        documents, _ = prepare(cluster.articles())
        briefing = build_briefing(documents)
        text = {d.article.id: " ".join(s.text for s in d.sentences) for d in documents}
        for fact in briefing.facts:
            for article in fact.articles:
                checked += 1
                assert _states(fact, text[article]), (cluster.id, fact, article)
    assert checked > 500


def test_the_example_lists_its_shared_facts(example_dir: Path) -> None:
    facts = {f.text: f.articles for f in chorus.brief(example_dir).facts}
    assert len(facts["3 road workers missing"]) == 7
    assert len(facts["240-metre section"]) >= 5
    for name in ("Harbor Bridge", "MV Northern Tern", "Ellen Okafor", "11 people injured", "4:52 a.m.", "2026-03-10"):
        assert name in facts


# ------------------------------------------------------------------ without the extra

def test_without_spacy_the_briefing_still_works_and_says_how_to_get_names(
        monkeypatch: pytest.MonkeyPatch, example_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "spacy", None)  # `import spacy` now raises ImportError
    entities_module.load_pipeline.cache_clear()
    try:
        briefing = chorus.brief(example_dir)
        assert briefing.summary
        assert {f.kind for f in briefing.facts} <= {"number", "date", "time"}
        assert briefing.conflicts  # numbers need no model
        hints = [str(p) for p in briefing.problems if "pip install 'chorus-news[facts]'" in str(p)]
        assert len(hints) == 1 and "facts need" in hints[0]
        assert main(["brief", str(example_dir)]) == 0
        assert "warning:" in capsys.readouterr().err
    finally:
        entities_module.load_pipeline.cache_clear()


# ------------------------------------------------------------------ the gold set

def test_gold_set_precision_and_recall_stay_above_their_floors(nlp: Any) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    from facts_eval import GOLD, evaluate_gold

    assert len([p for p in GOLD.iterdir() if (p / "gold.json").exists()]) >= 10
    t = evaluate_gold()["totals"]
    assert t["fact_hits"] / t["facts"] >= 0.9 and t["fact_hits"] / t["gold_facts"] >= 0.9
    assert t["conflict_hits"] == t["conflicts"]            # no false conflict
    assert t["conflict_hits"] / t["gold_conflicts"] >= 0.7
    assert t["lookalikes"] == 0
    assert t["timeline_ok"] == t["timeline"]               # no invented or wrong date


def test_a_number_keeps_its_place_in_the_sentence() -> None:
    text = "Officials  said   that  more than 200  sets of remains and $1.9 billion were  returned."
    spans = [(q.start, q.end, text[q.start:q.end]) for q in find_quantities(text)]
    assert [s[2] for s in spans] == ["more than 200  sets of remains", "$1.9 billion"]


def test_lower_case_words_are_looked_up_as_the_story_writes_them() -> None:
    import re

    from chorus.brief.entities import _LowerWords

    text = "Harbor police said the harbor_master and iPhone users met Mr. O'Neill near the bay-front.\nbay"
    words = _LowerWords(text)
    expected = set(re.findall(r"\b[a-z]+\b", text))
    for word in ["harbor", "police", "harbor_master", "master", "phone", "iphone", "bay", "front", "neill", "o'neill", "", "Harbor"]:
        assert (word in words) == (word in expected), word


def test_a_title_before_a_name_is_found_as_the_pattern_finds_it() -> None:
    from chorus.brief.entities import _TITLE_BEFORE, _title_before

    text = "said Mayor  Ellen Okafor, Sen., Mark Warner, xmayor Bob, 2mr Bob, the spokesman\tJosh Byerly and Prof.\nKim"
    for start in range(len(text) + 1):
        assert _title_before(text, start) == (_TITLE_BEFORE.search(text, max(0, start - 16), start) is not None), start


def test_names_are_matched_in_text_whose_lower_case_is_longer(nlp: Any) -> None:
    # "İ" lowers to two characters, so the mentions are found capital by capital instead.
    facts = facts_of([
        doc("a", "Mayor Ellen Okafor visited İzmir on Monday.", "Okafor said the Harbor Bridge would reopen."),
        doc("b", "Ellen Okafor said the Harbor Bridge would reopen."),
    ], nlp)
    assert facts["Ellen Okafor"][1] == ("a", "b")
    assert facts["Harbor Bridge"][1] == ("a", "b")

"""Sentence splitting and numbering (chorus.segment).

The table below holds news sentence pairs chosen to break splitters: titles and ranks, initials,
decimals, times, closing quotes (straight and curly), state abbreviations, initialisms. Of its
first 36, pysbd 0.3.4 gets 27 right (it splits "at 5 p.m. | Friday.", "D-Calif. | , said",
"2 pct. | vs. last year", "6:15 a.m. | Eastern time", "10:30 p.m. | EST on Sunday", and misses
"‘Why now?’ | Nobody" and "in N.J. | He"); the rest are harder cases from wire copy: company
words before a verb or a sentence, initialisms before a name or a sentence, quoted questions
with their speaker, datelines. chorus's own splitter must get every one right.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from chorus.clean import clean
from chorus.model import Article
from chorus.segment import MAX_WORDS, segment, split_sentences

CASES = [
    ("The U.S. Army said it would respond. Officials declined to elaborate.",
     ["The U.S. Army said it would respond.", "Officials declined to elaborate."]),
    ("Maj. Gen. John Smith arrived Tuesday. He met troops.",
     ["Maj. Gen. John Smith arrived Tuesday.", "He met troops."]),
    ("Mr. Jones and Dr. Lee spoke. Both agreed.",
     ["Mr. Jones and Dr. Lee spoke.", "Both agreed."]),
    ("The vote is set for Jan. 5 in the Senate. Sen. Warren objected.",
     ["The vote is set for Jan. 5 in the Senate.", "Sen. Warren objected."]),
    ("The team is ranked No. 2 in the nation. It lost once.",
     ["The team is ranked No. 2 in the nation.", "It lost once."]),
    ("The meeting ends at 5 p.m. Friday. Reporters may attend.",
     ["The meeting ends at 5 p.m. Friday.", "Reporters may attend."]),
    ("Polls open at 7 a.m. and close at 8 p.m. Voters lined up early.",
     ["Polls open at 7 a.m. and close at 8 p.m.", "Voters lined up early."]),
    ("Gov. Jerry Brown signed the bill. Lt. Col. Ann Lee praised it.",
     ["Gov. Jerry Brown signed the bill.", "Lt. Col. Ann Lee praised it."]),
    ("The parade went down St. Charles Avenue. Crowds cheered.",
     ["The parade went down St. Charles Avenue.", "Crowds cheered."]),
    ("Acme Inc. agreed to buy Foo Corp. for $3 billion. Shares rose.",
     ["Acme Inc. agreed to buy Foo Corp. for $3 billion.", "Shares rose."]),
    ("He flew to Washington, D.C. on Monday. Talks began.",
     ["He flew to Washington, D.C. on Monday.", "Talks began."]),
    ("Growth slowed to 3.5 percent in the quarter. Analysts expected 3.1 percent.",
     ["Growth slowed to 3.5 percent in the quarter.", "Analysts expected 3.1 percent."]),
    ("J. R. R. Tolkien wrote the book. It sold well.",
     ["J. R. R. Tolkien wrote the book.", "It sold well."]),
    ('She said it was "unacceptable." Then she left.',
     ['She said it was "unacceptable."', "Then she left."]),
    ("She called it “unacceptable.” Then she left.",
     ["She called it “unacceptable.”", "Then she left."]),
    ("“We are ready,” she said. “We have been for years.”",
     ["“We are ready,” she said.", "“We have been for years.”"]),
    ("He asked, ‘Why now?’ Nobody answered.", ["He asked, ‘Why now?’", "Nobody answered."]),
    ("Is this the end? Not yet! The talks resume Monday.",
     ["Is this the end?", "Not yet!", "The talks resume Monday."]),
    ("The storm hit at 10:30 p.m. EST on Sunday. Power failed.",
     ["The storm hit at 10:30 p.m. EST on Sunday.", "Power failed."]),
    ("Rep. Nancy Pelosi, D-Calif., spoke first. Rep. Kevin McCarthy, R-Calif., replied.",
     ["Rep. Nancy Pelosi, D-Calif., spoke first.", "Rep. Kevin McCarthy, R-Calif., replied."]),
    ("The company moved to Austin, Texas, in 2019. It employs 500 people.",
     ["The company moved to Austin, Texas, in 2019.", "It employs 500 people."]),
    ("Prices rose about 2 pct. vs. last year. Demand fell.",
     ["Prices rose about 2 pct. vs. last year.", "Demand fell."]),
    ("The fire began around 2 a.m. Saturday, officials said. Nobody was hurt.",
     ["The fire began around 2 a.m. Saturday, officials said.", "Nobody was hurt."]),
    ("The U.S. economy grew. The U.K. economy shrank.",
     ["The U.S. economy grew.", "The U.K. economy shrank."]),
    ("He moved to the U.S. He later became a citizen.",
     ["He moved to the U.S.", "He later became a citizen."]),
    ("Sgt. Maj. Lisa Ortiz and Capt. Ray Hall were honored. Both served in Iraq.",
     ["Sgt. Maj. Lisa Ortiz and Capt. Ray Hall were honored.", "Both served in Iraq."]),
    ("WASHINGTON (AP) — The Senate passed the bill 52-48 on Thursday. The House votes next.",
     ["WASHINGTON (AP) — The Senate passed the bill 52-48 on Thursday.", "The House votes next."]),
    ("The vote was delayed until Sept. 30. Leaders blamed the storm.",
     ["The vote was delayed until Sept. 30.", "Leaders blamed the storm."]),
    ("The firm, based in St. Louis, Mo., said sales fell 4.2%. Its stock dropped.",
     ["The firm, based in St. Louis, Mo., said sales fell 4.2%.", "Its stock dropped."]),
    ("A jury found him guilty... The sentencing is in May.",
     ["A jury found him guilty...", "The sentencing is in May."]),
    ("Ms. Rivera, 42, was charged. Her lawyer, Mr. Cole, declined to comment.",
     ["Ms. Rivera, 42, was charged.", "Her lawyer, Mr. Cole, declined to comment."]),
    ("The flight landed at 6:15 a.m. Eastern time. Passengers were safe.",
     ["The flight landed at 6:15 a.m. Eastern time.", "Passengers were safe."]),
    ("Talks resume at 9 a.m. Monday in Geneva. The U.N. will host.",
     ["Talks resume at 9 a.m. Monday in Geneva.", "The U.N. will host."]),
    ("Gen. Mark Milley testified. Adm. John Aquilino did not.",
     ["Gen. Mark Milley testified.", "Adm. John Aquilino did not."]),
    ("The law took effect Jan. 1, 2020. Critics sued in Feb. 2021.",
     ["The law took effect Jan. 1, 2020.", "Critics sued in Feb. 2021."]),
    ("He works for Johnson & Johnson Co. in N.J. He commutes daily.",
     ["He works for Johnson & Johnson Co. in N.J.", "He commutes daily."]),
    # Harder cases from wire copy.
    ("The move angered Acme Inc. The company said it would appeal.",
     ["The move angered Acme Inc.", "The company said it would appeal."]),
    ("Acme Inc. said Tuesday it would appeal. Shares fell.",
     ["Acme Inc. said Tuesday it would appeal.", "Shares fell."]),
    ("It was built in 1850 by the Smith Co. The firm closed in 1901.",
     ["It was built in 1850 by the Smith Co.", "The firm closed in 1901."]),
    ("U.S. officials declined to comment. The embassy was closed.",
     ["U.S. officials declined to comment.", "The embassy was closed."]),
    ("The attack was not the first in the U.S. The last one came in May.",
     ["The attack was not the first in the U.S.", "The last one came in May."]),
    ("The N.Y. Times reported it first. Others followed.",
     ["The N.Y. Times reported it first.", "Others followed."]),
    ("The hearing is set for Jan. 5 in Denver. Lawyers expect a delay.",
     ["The hearing is set for Jan. 5 in Denver.", "Lawyers expect a delay."]),
    ("The store opens at 5 p.m. Friday and closes at 9 p.m. Saturday. Lines formed early.",
     ["The store opens at 5 p.m. Friday and closes at 9 p.m. Saturday.", "Lines formed early."]),
    ("The storm made landfall around 4 a.m. He said the damage was severe.",
     ["The storm made landfall around 4 a.m.", "He said the damage was severe."]),
    ("The team is No. 1 in the country. No. 2 Ohio State lost.",
     ["The team is No. 1 in the country.", "No. 2 Ohio State lost."]),
    ("The Cardinals moved to St. Louis in 1920. They won the title in 1926.",
     ["The Cardinals moved to St. Louis in 1920.", "They won the title in 1926."]),
    ("He lives at 5 Main St. He likes it there.",
     ["He lives at 5 Main St.", "He likes it there."]),
    ("She earned a Ph.D. in physics at MIT. Then she moved to Boston.",
     ["She earned a Ph.D. in physics at MIT.", "Then she moved to Boston."]),
    ("He earned a Ph.D. He then joined NASA.", ["He earned a Ph.D.", "He then joined NASA."]),
    ("The case, Roe v. Wade, was decided in 1973. Lakers vs. Celtics began in 1959.",
     ["The case, Roe v. Wade, was decided in 1973.", "Lakers vs. Celtics began in 1959."]),
    ("They sold shirts, mugs, etc. The money went to charity.",
     ["They sold shirts, mugs, etc.", "The money went to charity."]),
    ("“We will be back,” he said. “Next year we win.”",
     ["“We will be back,” he said.", "“Next year we win.”"]),
    ("“Why now?” Smith asked. Nobody knew.", ["“Why now?” Smith asked.", "Nobody knew."]),
    ('"It\'s over!" President Trump tweeted. Supporters disagreed.',
     ['"It\'s over!" President Trump tweeted.', "Supporters disagreed."]),
    ("DENVER, Colo. (AP) — A judge ruled Friday. The case goes on.",
     ["DENVER, Colo. (AP) — A judge ruled Friday.", "The case goes on."]),
    ("Martin Luther King Jr. Day is a holiday. Schools close.",
     ["Martin Luther King Jr. Day is a holiday.", "Schools close."]),
    ("The meeting starts at 10 a.m. ET on Friday. It is open to all.",
     ["The meeting starts at 10 a.m. ET on Friday.", "It is open to all."]),
    ("Dr. Anthony Fauci testified. Sen. Rand Paul, R-Ky. objected.",
     ["Dr. Anthony Fauci testified.", "Sen. Rand Paul, R-Ky. objected."]),
    ("He joined Yahoo! News in 2005. He left in 2010.",
     ["He joined Yahoo! News in 2005.", "He left in 2010."]),
    ("He said the answer was no. The crowd cheered.",
     ["He said the answer was no.", "The crowd cheered."]),
]  # fmt: skip


def make_article(text: str, id: str = "a1") -> Article:
    return Article(id=id, title="T", outlet=None, source=f"{id}.txt", published=None, text=text)


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_tricky_news_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_table_is_large_enough() -> None:
    assert len(CASES) >= 51


def test_sentences_are_stripped_substrings_of_the_paragraph() -> None:
    text = "  The U.S. Army said Maj. Gen. Jo Ruiz left at 5 p.m. Friday.   She was 61.  "
    sentences = split_sentences(text)
    assert sentences == [
        "The U.S. Army said Maj. Gen. Jo Ruiz left at 5 p.m. Friday.",
        "She was 61.",
    ]
    assert all(s in text and s == s.strip() for s in sentences)


def test_empty_and_blank_paragraphs_have_no_sentences() -> None:
    assert split_sentences("") == []
    assert split_sentences("   \t ") == []


def test_punctuation_only_pieces_are_not_sentences() -> None:
    assert split_sentences("***") == []
    assert split_sentences("He said it was over. ”") == ["He said it was over. ”"]


def test_a_quote_inside_a_quote_is_not_split() -> None:
    text = "“He told me, ‘Leave now.’ I left,” she said. Police arrived later."
    assert split_sentences(text) == [
        "“He told me, ‘Leave now.’ I left,” she said.",
        "Police arrived later.",
    ]


def test_straight_and_curly_quotes_close_each_other() -> None:
    text = '“I am disappointed," Navarro said. "What a wuss. What a wuss." He left.'
    assert split_sentences(text) == [
        '“I am disappointed," Navarro said.',
        '"What a wuss. What a wuss."',
        "He left.",
    ]


def test_a_quotation_too_long_to_keep_whole_is_cut_at_its_sentences() -> None:
    quote = " ".join(["The plan failed in every state we studied."] * 12)
    sentences = split_sentences(f"“{quote}” she said.")
    assert len(sentences) == 12
    assert sentences[0] == "“The plan failed in every state we studied."
    assert sentences[-1] == "The plan failed in every state we studied.” she said."


def test_a_quoted_question_stays_with_its_speaker_only() -> None:
    assert split_sentences("“Says who?” Cohen asked again. He left.") == [
        "“Says who?” Cohen asked again.",
        "He left.",
    ]
    assert split_sentences('He asked, "Why now?" The room went quiet.') == [
        'He asked, "Why now?"',
        "The room went quiet.",
    ]


def test_paragraphs_glued_without_a_space_are_split_but_initialisms_are_not() -> None:
    text = 'Crews worked all night.The road reopened."We are relieved," a driver said.'
    assert split_sentences(text) == [
        "Crews worked all night.",
        "The road reopened.",
        '"We are relieved," a driver said.',
    ]
    assert split_sentences("The U.S.Army base and Mr.Smith stayed.") == [
        "The U.S.Army base and Mr.Smith stayed."
    ]


def test_a_bracketed_credit_after_a_sentence_stands_alone() -> None:
    text = 'Such people are dead men walking." (Jonathan Lis) The army disagreed.'
    assert split_sentences(text) == [
        'Such people are dead men walking."',
        "(Jonathan Lis)",
        "The army disagreed.",
    ]


def test_a_sign_off_or_credit_bar_opens_a_piece_that_clean_can_drop() -> None:
    assert split_sentences("He left. — Jo Roe") == ["He left.", "— Jo Roe"]
    assert split_sentences("He was down. | Getty Images") == ["He was down.", "| Getty Images"]
    assert split_sentences("He came at 5 p.m. — two hours late.") == [
        "He came at 5 p.m. — two hours late."
    ]


def test_a_numbered_list_item_is_one_sentence() -> None:
    assert split_sentences("1. The first point is clear.") == ["1. The first point is clear."]


def test_a_stray_quote_mark_does_not_glue_the_rest_of_the_paragraph() -> None:
    text = 'It read "Copyright 1902 by L.C. Handy.” ' + "The picture was a fake. " * 40
    assert len(split_sentences(text)) == 41


def test_unpunctuated_run_is_cut_into_chunks_within_the_budget() -> None:
    words = [f"name{i}" for i in range(500)]
    sentences = split_sentences(" ".join(words))
    assert all(len(s.split()) <= MAX_WORDS for s in sentences)
    assert " ".join(sentences).split() == words
    assert 5 <= len(sentences) <= 7


def test_long_run_is_cut_after_a_comma_near_the_target() -> None:
    words = [f"w{i}" for i in range(150)]
    words[74] += ","
    first, second = split_sentences(" ".join(words))
    assert first.endswith("w74,") and second.startswith("w75")


def test_segment_numbers_sentences_over_the_article_and_paragraphs_over_nonempty_lines() -> None:
    doc = segment(make_article("One. Two.\n\n  \nThree is here.\nFour."))
    assert [(s.article, s.index, s.paragraph, s.text) for s in doc.sentences] == [
        ("a1", 0, 0, "One."),
        ("a1", 1, 0, "Two."),
        ("a1", 2, 1, "Three is here."),
        ("a1", 3, 2, "Four."),
    ]
    assert doc.words == 6


def test_segment_of_an_empty_article_has_no_sentences() -> None:
    assert segment(make_article("")).sentences == ()


def test_segment_is_pure() -> None:
    article = make_article("Mr. Smith left. He was 61.")
    assert segment(article) == segment(article)
    assert article.text == "Mr. Smith left. He was 61."


def test_clean_and_segment_of_an_1800_word_cluster_is_fast() -> None:
    """Measured: about 3 ms per 1,800 words; the bound only catches blow-ups."""
    folder = Path(__file__).parent / "data" / "clean_articles"
    texts = [p.read_text(encoding="utf-8").partition("\n")[2] for p in sorted(folder.glob("*.txt"))]
    cluster: list[Article] = []
    while sum(len(a.text.split()) for a in cluster) < 1800:
        cluster.append(make_article(texts[len(cluster) % len(texts)], id=str(len(cluster))))
    segment(clean(cluster[0]))  # warm up
    start = time.perf_counter()
    for article in cluster:
        segment(clean(article))
    assert time.perf_counter() - start < 0.05

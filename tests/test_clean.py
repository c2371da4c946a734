"""Removing page noise without losing article sentences (chorus.clean).

Measured recall on tests/data/clean_articles (7 invented articles, 81 sentences with quotes,
numbers, abbreviations, datelines, one-line paragraphs, and sentences that mention comments,
shares, follows, photos, tags and email): 81 of 81 kept, 100%.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from chorus.clean import clean
from chorus.model import Article
from chorus.segment import segment, split_sentences

HERE = Path(__file__).resolve().parent
CLEAN_ARTICLES = sorted((HERE / "data" / "clean_articles").glob("*.txt"))

BEFORE = "The storm made landfall near Galveston on Monday, officials said."
AFTER = "More than 40,000 homes lost power, according to CenterPoint Energy."


def make_article(text: str, title: str = "Storm hits Texas coast", id: str = "a1") -> Article:
    return Article(id=id, title=title, outlet=None, source=f"{id}.txt", published=None, text=text)


def cleaned(text: str, title: str = "Storm hits Texas coast") -> str:
    return clean(make_article(text, title)).text


def read_article(path: Path) -> Article:
    title, _, body = path.read_text(encoding="utf-8").partition("\n")
    return Article(id=path.stem, title=title, outlet=None, source=str(path), published=None,
                   text=body)  # fmt: skip


# Lines that are noise as a whole, by family: each is removed when it stands between two
# paragraphs of the article.
NOISE_LINES = {
    "comment prompts": [
        "Please enter your comment!",
        "Please enter your name here",
        "Leave a Reply",
        "Leave a Comment",
        "Be the first to comment",
        "Your email address will not be published. Required fields are marked *",
        "You have entered an incorrect email address!",
        "Comments",
        "12 Comments",
        "Post a comment",
        "Log in to comment",
        "Please enable JavaScript to view the comments powered by Disqus.",
    ],
    "newsletters": [
        "Sign up for our newsletter",
        "Subscribe",
        "Subscribe to our free newsletters.",
        "Sign up for BREAKING NEWS Emails privacy policy Thanks for subscribing!",
        "Get the latest from TODAY Sign up for our newsletter",
        "You can unsubscribe at any time.",
    ],
    "share and follow": [
        "Share this:",
        "Share on Facebook",
        "Share this: Twitter",
        "Facebook",
        "936 SHARES Share Tweet",
        "Like this: Like Loading... Related",
        "Read or Share this story: https://usat.ly/2Bwhqz3",
        "Follow us on Twitter",
        "Follow @jdoe on Twitter",
        "Follow NBC News Investigations on Twitter and Facebook",
        "Follow Gillian Wong on Twitter at http://twitter.com/gillianwong",
        "Twitter: @Bruce_Kirkland",
    ],
    "links and navigation": [
        "Click here to read more about this tool.",
        "For Wednesday's live updates, click here",
        "Advertisement",
        "ADVERTISEMENT",
        "Advertisement Continue reading the main story",
        "Story continues below advertisement",
        "Read more:",
        "Read More",
        "Related:",
        "Related: CDC Develops Faster New Test For Enterovirus D68",
        "Continue reading",
        "Most Popular",
        "Load more",
        "See all Video",
        "Trending Now",
        "Recommended",
        "More from NBC News Investigations:",
        "You may also like",
        "Watch: Sheriff gives an update on the search",
        "Sponsored",
        "Top Stories",
        "SEE ALSO: Apple unveils iPhone 7 and 7 Plus without headphone jack",
        "[Related: Trump emerges from 'very good' private meeting with Kim]",
        "Clarence Thomas accuser Anita Hill to lead fight against harassment Read more",
        "Play Video",
    ],
    "copyright and cookies": [
        "All rights reserved",
        "Copyright © 2018 Daily Orbit Media. All rights reserved.",
        "© 2017 WFAA-TV",
        "We use cookies to improve your experience. By continuing, you accept our cookie policy.",
        "This article originally appeared on Space.com.",
        "Editor's note: This interview has been edited for length and clarity.",
    ],
    "author contact": [
        "Write to Jane Doe at jane.doe@wsj.com",
        "Contact the reporter at jdoe@example.com.",
        "To contact the editor responsible for this story: Louis Roe at lroe@bloomberg.net.",
        "[email protected]",
        "jane.doe@example.com",
        "lhuriash@tribpub.com or 954-572-2008",
        "Myles Ma may be reached at mma@example.com. Follow him on Twitter @MylesMaNJ.",
        "(Reporting by Jane Doe; Editing by John Roe)",
        "(Editing by Sugita Katyal)",
        "—Reporting by Marcus Mulick",
        "Associated Press writer Raphael Satter in Paris contributed to this story.",
        "Scott Wong, Jesse Byrnes and Peter Sullivan contributed.",
        "-- Nicole Santa Cruz and Rick Rojas at City Hall",
    ],
    "tag lists": [
        "Tags: a, b, c",
        "Tags Politics World",
        "Filed under: Weather, Texas",
        "Topics: drug-use, laws, jamaica",
        "Categories: News",
        "Read more about: Marco Rubio, Guns, Gun Control",
    ],
    "photo credits": [
        "© Getty Images",
        "(Photo: AP)",
        "Photo by Scott Olson/Getty Images",
        "Image copyright Reuters",
        "Press Pool",
        "AFP/Getty Images",
        "Credit: NASA",
        "Getty Images",
        "Bryan Bedder/Getty Images",
        "April Baer / OPB",
        "Photograph by The Field Museum",
        "Courtesy Sara Carson",
        "(Valerie Macon/Getty Images)",
        "Image caption The climb took the women 16 hours",
        "Media playback is unsupported on your device",
        "FILE PHOTO: A man walks past the plant in Beijing, May 5, 2018. REUTERS/Jason Lee",
        "FILE - In this Aug. 15, 2014 file photo, Robert Durst leaves a Houston courtroom.",
        "Facebook Twitter Pinterest Matt Damon attends a screening. Photograph: Evan Agostini/AP",
        "Enlarge this image toggle caption Ethan Miller/AP Ethan Miller/AP",
        "The fire destroyed between 80 and 100 houses Monday night... (Associated Press)",
    ],
    "bylines and time stamps": [
        "By Jane Doe, Staff Writer",
        "By Hayes Hickman of the Knoxville News Sentinel",
        "/ Updated By Adam Edelman",
        "Updated 5:32 PM ET, Mon July 16, 2018",
        "Published 3 hours ago",
        "Published on Feb 17, 2015",
        "posted at 10:01 pm on March 2, 2016 by John Sexton",
        "10:20 p.m.",
        "https://www.example.com/news/2018/07/16/storm",
    ],
    "social embeds": [
        "Country over Party pic.twitter.com/JZMTaEYdxQ — Jeff Flake (@JeffFlake) December 5, 2017",
        "— Jane Doe (@jdoe) July 15, 2018",
        "Tweet with a location",
        "A post shared by Jane Doe (@janedoe) on Sep 1, 2017 at 1:24pm PDT",
        "JUST WATCHED Storm hits coast Replay More Videos ... MUST WATCH Storm hits coast 03:04",
        "Hide Caption 1 of 13 Photos: The storm The storm made landfall Monday.",
    ],
    "web-archive debris": [
        "Starting in 1996, Alexa Internet has been donating their crawl data to the Internet "
        "Archive. Flowing in every day, these data are added to the Wayback Machine.",
        "These crawls are part of an effort to archive pages as they are created and archive "
        "the pages that they refer to.",
        "You can add location information to your Tweets, such as your city or precise location.",
        "Sorry, the page you requested was not found.",
        "The interactive transcript could not be loaded.",
        "We've detected that JavaScript is disabled in your browser.",
    ],
    "separators": ["***", "___", "——"],
}
NOISE_CASES = [(family, line) for family, lines in NOISE_LINES.items() for line in lines]


@pytest.mark.parametrize(("family", "line"), NOISE_CASES, ids=[c[1][:50] for c in NOISE_CASES])
def test_noise_line_is_removed(family: str, line: str) -> None:
    assert cleaned(f"{BEFORE}\n{line}\n{AFTER}") == f"{BEFORE}\n{AFTER}"


# Sentences that are noise inside a paragraph of real sentences.
NOISE_SENTENCES = [
    "Follow us on Twitter @dailyorbit.",
    "Sign up for our daily newsletter here.",
    "Click here to watch the video.",
    "Jane Doe can be reached at jdoe@example.com.",
    "Contact Sean Whaley at swhaley@example.com or 775-461-3820.",
    "All rights reserved.",
    "Originally published on Space.com.",
    "Associated Press writer Jill Colvin contributed to this report from Iowa City, Iowa.",
    "(This story has been updated with comments from the plaintiff's attorney.)",
    "Read more from Le Monde in French.",
    "For more science news, you can sign up for our weekly newsletter here.",
]


@pytest.mark.parametrize("noise", NOISE_SENTENCES)
def test_noise_sentence_inside_a_paragraph_is_removed(noise: str) -> None:
    assert cleaned(f"{BEFORE} {noise} {AFTER}") == f"{BEFORE} {AFTER}"


INLINE_CASES = [
    ("Actors Alyssa Milano and Matt Damon (Photo: Getty Images, WireImage)",
     "Actors Alyssa Milano and Matt Damon"),
    ("Herman holds up a copy of the email. (Valerie Macon/Getty Images)",
     "Herman holds up a copy of the email."),
    ("Putin attended the festivities. (AP Photo/Natalia Kolesnikova, Pool, File)",
     "Putin attended the festivities."),
    ("The panda attacked the villager.[Photo/Lanzhou Evening News]",
     "The panda attacked the villager."),
    ("The deal closed Monday. (Reporting by Jane Doe; Editing by John Roe)",
     "The deal closed Monday."),
    ("Police found a man in the attic. (Published Wednesday, July 26, 2017)",
     "Police found a man in the attic."),
    ("The threats are not considered credible. pic.twitter.com/GowGG4oZ9l",
     "The threats are not considered credible."),
    ("The station was closed. Advertisement Continue reading the main story It reopened Monday.",
     "The station was closed. It reopened Monday."),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), INLINE_CASES, ids=[c[1][:40] for c in INLINE_CASES])
def test_inline_credit_is_cut_and_the_sentence_kept(text: str, expected: str) -> None:
    assert cleaned(text) == expected


FUSED_LINKS = [
    ("President TrumpDonald John TrumpBiden slams Trump's immigration policy MORE met with Kim.",
     "President Trump met with Kim."),
    ("President Trump Donald John TrumpMcMaster complained that Trump 'thinks he can be friends "
     "with Putin': report Manafort requests Virginia trial be moved MORE has repeatedly taken to "
     "Twitter.",
     "President Trump has repeatedly taken to Twitter."),
    ("Former Director of National Intelligence James Clapper James Robert ClapperClapper: Trump "
     "was serious The Hill's 12:30 Report — Sponsored by Delta Air Lines — Furor grows MORE said "
     "the probe by special counsel Robert Mueller Robert Swan MuellerSasse: US should applaud "
     "choice of Mueller to lead Russia probe MORE’s team would go on.",
     "Former Director of National Intelligence James Clapper said the probe by special counsel "
     "Robert Mueller’s team would go on."),
    ("Hillary Clinton Hillary Diane Rodham ClintonGrassley blasts Democrats GOP lawmakers cite "
     "new allegations MORE conducted just a sliver of her work via email.",
     "Hillary Clinton conducted just a sliver of her work via email."),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), FUSED_LINKS, ids=[c[1][:40] for c in FUSED_LINKS])
def test_fused_link_text_is_cut_out_of_the_sentence(text: str, expected: str) -> None:
    assert cleaned(text) == expected


SURVIVORS = [
    "The senator declined to comment.",
    "Tags were found on the birds.",
    "He wrote to the committee at 5 p.m.",
    "Comments from the chairman rattled markets.",
    "Photos posted online showed the collapsed deck.",
    "Follow-up inspections begin Thursday.",
    "Follow the money, critics said.",
    "By Friday, 14 states had asked for help.",
    "By the time police arrived, he had fled.",
    "Updated figures will be released on Friday.",
    "Subscribers grew to 3.5 million.",
    "Share prices fell 2.1%.",
    "The email urged recipients to \"click here\" to claim a refund.",
    "He left at 5 p.m. Monday. Officials said so.",
    "Heavy rain also contributed.",
    "The Smiths can be reached at their lake house, neighbors said.",
    "Related Companies said on Monday it would build 300 apartments.",
    "MORE than 200 people attended, ONE MORE TIME organizers said.",
    "McDonald's and YouTube signed a deal with LeBron James, Gov. Ron DeSantis said.",
    "The iPhone maker's MacArthur Park store reopened. MORE details will follow, it said.",
    "WASHINGTON (AP) — The Senate voted 52-48.",
]


@pytest.mark.parametrize("text", SURVIVORS)
def test_article_sentence_that_only_mentions_noise_words_survives(text: str) -> None:
    assert cleaned(text) == text


def test_headline_repeated_as_first_line_is_removed() -> None:
    text = f"Storm hits Texas coast\n{BEFORE}"
    assert cleaned(text) == BEFORE
    assert cleaned(f"STORM HITS TEXAS COAST!\n{BEFORE}") == BEFORE
    assert cleaned(f"Storm hits Texas coast | Daily Orbit\n{BEFORE}") == BEFORE
    assert cleaned(f"Storm hits Texas coast - Daily Orbit\n{BEFORE}") == BEFORE
    assert cleaned(f"Storm hits Texas coast\n{BEFORE}", "Storm hits Texas coast | Orbit") == BEFORE


def test_headline_is_kept_when_it_is_the_lead_sentence_or_not_first() -> None:
    lead = "A storm hit the Texas coast on Monday."
    assert cleaned(f"{lead}\n{AFTER}", title=lead) == f"{lead}\n{AFTER}"
    assert cleaned(f"{BEFORE}\nStorm hits Texas coast") == f"{BEFORE}\nStorm hits Texas coast"


def test_paragraph_identical_to_an_earlier_one_is_removed() -> None:
    caption = "Rescuers carry a man from a flooded street in Houston on Monday."
    assert cleaned(f"{caption}\n{BEFORE}\n{caption}\n{AFTER}") == f"{caption}\n{BEFORE}\n{AFTER}"


def test_whitespace_is_normalized_and_empty_lines_dropped() -> None:
    assert cleaned(f"  {BEFORE}\u00a0 \n\n\t\n{AFTER}\u200b ") == f"{BEFORE}\n{AFTER}"


def test_clean_keeps_every_other_field_and_does_not_touch_its_input() -> None:
    article = Article("x", "T", "Daily Orbit", "x.txt", None, f"{BEFORE}\nComments", url="u")
    result = clean(article)
    assert result.text == BEFORE
    assert (result.id, result.title, result.outlet, result.source, result.url) == (
        "x", "T", "Daily Orbit", "x.txt", "u")  # fmt: skip
    assert article.text == f"{BEFORE}\nComments"
    assert clean(result) == result


def test_article_of_noise_only_becomes_empty() -> None:
    assert cleaned("Advertisement\nShare this:\nComments\nTweet with a location") == ""


def test_clean_test_articles_exist() -> None:
    assert len(CLEAN_ARTICLES) >= 6


@pytest.mark.parametrize("path", CLEAN_ARTICLES, ids=[p.stem for p in CLEAN_ARTICLES])
def test_cleaning_keeps_every_sentence_of_a_clean_article(path: Path) -> None:
    article = read_article(path)
    before = [s.text for s in segment(article).sentences]
    assert [s.text for s in segment(clean(article)).sentences] == before
    assert len(before) >= 8


@pytest.mark.parametrize("path", CLEAN_ARTICLES, ids=[p.stem for p in CLEAN_ARTICLES])
def test_noise_mixed_into_a_clean_article_is_all_removed(path: Path) -> None:
    article = read_article(path)
    paragraphs = article.text.strip().split("\n")
    lines = [line for _, line in NOISE_CASES if line not in ("***", "___", "——")]
    noisy: list[str] = [article.title]  # the headline repeated at the top
    for i, paragraph in enumerate(paragraphs):
        noisy.append(paragraph)
        noisy.append(lines[(i * 7 + len(path.stem)) % len(lines)])
    noisy[1] = f"{noisy[1]} Follow us on Twitter @dailyorbit."
    assert clean(make_article("\n".join(noisy), article.title)).text == article.text.strip()


# --- The real Multi-News sample, when this checkout sits next to the shared data. ------------


def _shared_data() -> Path | None:
    for parent in HERE.parents:
        candidate = parent / "shared" / "data" / "multinews-dev.jsonl"
        if candidate.is_file():
            return candidate
    return None


MULTINEWS = _shared_data()
needs_multinews = pytest.mark.skipif(MULTINEWS is None, reason="shared Multi-News data not found")


@pytest.fixture(scope="module")
def multinews_documents() -> list[str]:
    assert MULTINEWS is not None
    with MULTINEWS.open(encoding="utf-8") as lines:
        return [doc for line in lines for doc in json.loads(line)["documents"]]


@needs_multinews
def test_multinews_archive_boilerplate_documents_are_emptied(
    multinews_documents: list[str],
) -> None:
    openings = ("Starting in 1996, Alexa Internet", "These crawls are part of an effort",
                "Tweet with a location")  # fmt: skip
    boilerplate = [d for d in multinews_documents if d.startswith(openings)]
    assert len(boilerplate) >= 15
    assert all(clean(make_article(d)).text == "" for d in boilerplate)


@needs_multinews
def test_multinews_known_noise_is_gone_and_most_text_stays(
    multinews_documents: list[str],
) -> None:
    leftovers = re.compile(
        r"Tweet with a location|Continue reading the main story|Alexa Internet|Read or Share this"
        r"|pic\.twitter\.com|\(@\w+\) \w+ \d+, \d{4}|Hide Caption|Image copyright|Story Continued"
        r"|Sign up for|contributed to this report|[a-z][A-Z]\w*(?:\s\S+){0,40}\sMORE\b"
    )
    invisible = re.compile("[\u200b-\u200d\u2060\ufeff\xad]")

    def sentences(line: str) -> list[str]:
        return [" ".join(s.split()) for s in split_sentences(line)]

    kept = total = 0  # words
    for text in multinews_documents:
        after = clean(make_article(text)).text
        assert not leftovers.search(after), leftovers.search(after)
        lines = [" ".join(line.split()) for line in invisible.sub("", text).split("\n")]
        # A paragraph that came through unchanged keeps all its words; the sentences of a
        # changed one can only survive in a changed paragraph of the output.
        changed = set(after.split("\n")) - set(lines)
        survivors = {s for line in changed for s in sentences(line)}
        unchanged = set(after.split("\n")) - changed
        for line in lines:
            total += len(line.split())
            if line in unchanged:
                kept += len(line.split())
            else:
                kept += sum(len(s.split()) for s in sentences(line) if s in survivors)
    # About 10% of the sample's words are noise (web-archive notices, galleries, captions,
    # tweet embeds, share and newsletter boxes); the rest must survive untouched.
    assert kept / total > 0.85

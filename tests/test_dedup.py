"""Near-duplicates: wire copies with small edits are one article; distinct reports of one event are not."""

from __future__ import annotations

from pathlib import Path

import pytest

from chorus.api import load
from chorus.clock import CORROBORATION
from chorus.dedup import Deduper, fingerprint, fold, is_copy
from chorus.model import Article

DATA = Path(__file__).parent / "data" / "stories" / "articles.jsonl"


@pytest.fixture(scope="module")
def articles() -> dict[str, Article]:
    return {a.id: a for a in load([DATA]).articles}


def make(id_: str, text: str, title: str = "") -> Article:
    return Article(id=id_, title=title, outlet=None, source=f"{id_}.txt", published=None, text=text)


def test_wire_copy_with_small_edits_is_a_duplicate(articles: dict[str, Article]) -> None:
    # millbrook-daily is millbrook-wire with a new headline, three words changed and one sentence added.
    originals, copies = fold([articles["millbrook-wire"], articles["millbrook-daily"]])
    assert [a.id for a in originals] == ["millbrook-wire"]
    assert copies == {"millbrook-wire": ("millbrook-daily",)}


def test_distinct_reports_of_one_event_are_not_duplicates(articles: dict[str, Article]) -> None:
    same_event = [articles[i] for i in ("millbrook-wire", "millbrook-post", "millbrook-followup")]
    originals, copies = fold(same_event)
    assert [a.id for a in originals] == ["millbrook-wire", "millbrook-post", "millbrook-followup"]
    assert copies == {}


def test_look_alike_events_are_not_duplicates(articles: dict[str, Article]) -> None:
    originals, copies = fold(articles.values())
    assert copies == {"millbrook-wire": ("millbrook-daily",)}
    assert len(originals) == len(articles) - 1


def test_an_excerpt_of_a_longer_article_is_a_copy(articles: dict[str, Article]) -> None:
    wire = articles["millbrook-wire"]
    excerpt = make("blog", "From the wire: " + " ".join(wire.text.split()[:80]) + " More at our site.")
    assert fold([wire, excerpt])[1] == {"millbrook-wire": ("blog",)}


def test_a_one_line_article_is_not_a_copy_of_a_longer_one_quoting_it() -> None:
    short = make("short", "The dam breached on Sunday night.")
    long = make("long", "The dam breached on Sunday night. " + "Officials counted the damage in the valley below it for days. " * 8)
    assert fold([short, long])[1] == {}


def test_identical_texts_under_one_id_are_still_told_apart() -> None:
    text = "Rain flooded the Harrow valley on Sunday and 300 people left their homes for the fairground."
    originals, copies = fold([make("a", text), make("a", text)])
    assert [a.id for a in originals] == ["a"] and copies == {"a": ("a",)}


def test_incremental_copy_of_a_copy_points_at_the_first_original(articles: dict[str, Article]) -> None:
    wire, daily = articles["millbrook-wire"], articles["millbrook-daily"]
    again = make("again", daily.text + "\nUpdated at noon.", title=daily.title)
    d = Deduper()
    assert d.add_article(wire) is None
    assert d.add_article(daily) == "millbrook-wire"
    assert d.add_article(again) == "millbrook-wire"
    assert d.groups() == {"millbrook-wire": ("millbrook-daily", "again")}
    assert d.original_of("again") == "millbrook-wire" and d.original_of("millbrook-wire") == "millbrook-wire"
    with pytest.raises(ValueError):
        d.add_article(wire)


def test_fingerprints_are_stable_and_empty_text_is_no_ones_copy() -> None:
    text = "Quorra Semiconductor said first-quarter profit rose 48 percent to 1.2 billion dollars."
    assert is_copy(fingerprint(text), fingerprint(text))
    assert fingerprint(text).minhash.hashvalues.tolist() == fingerprint(text).minhash.hashvalues.tolist()
    d = Deduper()
    assert d.add("e1", fingerprint("")) is None and d.add("e2", fingerprint("")) is None


def test_an_original_leaves_the_index_once_the_stream_is_past_its_window() -> None:
    from datetime import datetime, timedelta

    text = "Harbor officials closed the Calder Channel on Friday after the Northern Tern ran aground near Pier 7. " * 2
    day = datetime(2031, 1, 1)
    d = Deduper(window_days=7)
    assert d.add("a", fingerprint(text), day) is None
    assert d.add("b", fingerprint(text + " Updated."), day + timedelta(days=2)) == "a"
    for n in range(CORROBORATION):  # the stream moves on: enough articles a month later
        news = ["Quorra shares rose 9 percent in late trading on Tuesday.", "The Calder ferry timetable changes in March.",
                "Port Calder council approved a new budget for schools.", "A storm cut power to 4,000 homes in Millbrook.",
                "Lena Marsh was named chief executive of Quorra Semiconductor."][n % 5]
        assert d.add(f"other{n}", fingerprint(news), day + timedelta(days=30)) is None
    assert d.add("rerun", fingerprint(text), day + timedelta(days=30)) is None   # a month later: a new original
    assert len(d) == 3 + CORROBORATION


def test_one_mis_dated_article_does_not_age_the_index() -> None:
    from datetime import datetime

    text = "Harbor officials closed the Calder Channel on Friday after the Northern Tern ran aground near Pier 7. " * 2
    d = Deduper(window_days=7)
    assert d.add("a", fingerprint(text), datetime(2031, 1, 1)) is None
    assert d.add("typo", fingerprint("Quorra shares rose 9 percent in late trading."), datetime(2091, 1, 1)) is None
    assert d.add("copy", fingerprint(text + " Updated."), datetime(2031, 1, 2)) == "a"


def test_signatures_are_datasketchs_own_minhash() -> None:
    from datasketch import MinHash

    from chorus.dedup import NUM_PERM, SEED, _minhash, shingle_hashes
    from chorus.text import words

    hashes = shingle_hashes(words("Sheriff Dana Whitlock said 300 residents were taken to the county fairground."))
    reference = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=int)
    reference.update_batch(hashes.tolist())
    assert _minhash(hashes).hashvalues.tolist() == reference.hashvalues.tolist()


def test_the_index_finds_what_datasketchs_lsh_finds_as_originals_come_and_go() -> None:
    import random

    from datasketch import MinHashLSH

    from chorus.dedup import NUM_PERM, _Bands, _lsh_bands

    rng = random.Random(3)
    bases = [[f"w{b}x{n}" for n in range(40)] for b in range(10)]

    def edited(words: list[str]) -> str:   # a base text with some words changed: many share bands
        return " ".join(w if rng.random() < 0.9 else f"e{rng.randrange(1000)}" for w in words)

    prints = {f"a{n}": fingerprint(edited(bases[n % 10])) for n in range(300)}
    ours, theirs = _Bands(), MinHashLSH(num_perm=NUM_PERM, params=_lsh_bands())
    for key, fp in prints.items():
        ours.insert(key, ours.keys(fp.minhash))
        theirs.insert(key, fp.minhash)
    for key in list(prints)[::3]:
        ours.remove(key, ours.keys(prints[key].minhash))
        theirs.remove(key)
    found = [ours.query(ours.keys(fp.minhash)) for fp in prints.values()]
    assert found == [set(theirs.query(fp.minhash)) for fp in prints.values()]
    assert sum(len(f) > 1 for f in found) > 50   # buckets shared, and some emptied

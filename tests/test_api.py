"""The Python API and the promises a briefing keeps on the bundled example."""

from __future__ import annotations

from pathlib import Path

import pytest

import chorus
from chorus import Article, NoArticles

NOISE = (
    "Please enter your comment", "Leave a Reply", "Be the first to comment", "email address will not be published",
    "Write to", "[email protected]", "Tags:", "Most Popular", "Load more", "See all Video", "Getty Images",
    "Press Pool", "MORE", "OkaforEllen",
)


def test_brief_accepts_article_objects() -> None:
    arts = [
        Article("x", "Dam fails", None, "x", None, "The Millbrook dam breached on Sunday night, flooding 40 homes in the valley."),
        Article("y", "Dam breach", None, "y", None, "Forty homes were flooded when the Millbrook dam breached on Sunday night."),
    ]
    b = chorus.brief(arts, words=50)
    assert b.summary[0].supported_by in (("y",), ("x",))


def test_duplicate_ids_are_made_unique() -> None:
    arts = [Article("x", "", None, "x", None, "The dam breached on Sunday night after heavy rain fell for days."),
            Article("x", "", None, "y", None, "Rescue crews evacuated 300 residents to the county fairground.")]
    ids = [d.article.id for d in chorus.brief(arts).documents]
    assert ids == ["x", "x-2"]


def test_exact_copies_count_once() -> None:
    text = "The Millbrook dam breached on Sunday night, flooding 40 homes in the valley below."
    b = chorus.brief([Article("x", "", None, "x.txt", None, text), Article("y", "", None, "y.txt", None, text)])
    assert len(b.documents) == 1
    assert [str(p) for p in b.problems] == ["y.txt: copy of x.txt (same or near-same text); counted once"]


def test_wire_copies_with_small_edits_are_not_independent_support() -> None:
    wire = ("The Millbrook dam breached on Sunday night after days of heavy rain, flooding 40 homes in the valley. "
            "Emergency crews evacuated 300 residents to the county fairground, the sheriff said. "
            "Engineers had warned last year that the spillway was too small for a major storm. ")
    own = "Forty homes were flooded when the Millbrook dam breached on Sunday night, the county said."
    b = chorus.brief([Article("wire", "", "Wire", "wire.txt", None, wire),
                      Article("copy", "", "Daily", "copy.txt", None, wire.replace("Sunday night", "late Sunday") + "Schools stay shut."),
                      Article("own", "", "Gazette", "own.txt", None, own)], words=100)
    assert [d.article.id for d in b.documents] == ["wire", "own"]
    assert all("copy" not in s.supported_by for s in b.summary)


def test_nothing_usable_raises_no_articles(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("")
    with pytest.raises(NoArticles, match="a.txt"):
        chorus.brief(tmp_path)


def test_example_briefing_is_faithful_sourced_and_free_of_web_noise(example_dir: Path) -> None:
    b = chorus.brief(example_dir, words=250)
    assert len(b.documents) == 7
    assert sum(len(s.text.split()) for s in b.summary) <= 250
    docs = {d.article.id: d for d in b.documents}
    for s in b.summary:
        assert docs[s.article].sentences[s.sentence].text.endswith(s.text)  # at most a dateline cut
        assert not any(n in s.text for n in NOISE), s.text
        assert set(s.supported_by) <= docs.keys() - {s.article}
    assert sum(len(s.supported_by) >= 1 for s in b.summary) >= 2
    text = " ".join(s.text for s in b.summary)
    for fact in ("Harbor Bridge", "Northern Tern", "240-metre", "three"):
        assert fact in text
    assert "budget" not in text.lower()


def test_dates_with_and_without_offsets_mix() -> None:
    """A caller's feed mixes stamps with and without offsets; they are compared as UTC."""
    from datetime import datetime, timedelta, timezone

    from chorus.stories import group_stories

    text = "The Millbrook dam breached on Sunday night, flooding 40 homes in the valley below. Crews evacuated {}."
    arts = [Article(str(i), "Millbrook dam breaches", None, f"{i}.txt",
                    datetime(2024, 5, 1, i, tzinfo=timezone(timedelta(hours=2))) if i % 2 else datetime(2024, 5, 1, i),
                    text.format(f"{i * 10} residents")) for i in range(1, 12)]
    assert arts[0].published == datetime(2024, 4, 30, 23)
    stories, _ = group_stories(arts)
    assert [s.articles for s in stories] == [tuple(a.id for a in arts)]

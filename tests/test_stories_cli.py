"""`chorus stories` and `chorus digest`, on files and on the article database, as a user runs them."""

from __future__ import annotations

import json
import shutil
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from chorus.cli import main
from chorus.stories import HINDSIGHT_LIMIT

DATA = Path(__file__).parent / "data" / "stories" / "articles.jsonl"


def records() -> list[dict]:
    return [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_stories_json_shape_and_grouping(capsys: pytest.CaptureFixture[str]) -> None:
    out = run_json(capsys, "stories", str(DATA), "--format", "json")
    assert set(out) == {"stories"}
    for story in out["stories"]:
        assert set(story) == {"id", "title", "articles"} and isinstance(story["id"], str) and story["title"]
        for a in story["articles"]:
            assert set(a) == {"id", "source", "title", "outlet", "published", "duplicate_of"}
            assert a["source"].startswith(str(DATA))
    groups = {frozenset(a["id"] for a in s["articles"]) for s in out["stories"]}
    assert groups == {
        frozenset({"millbrook-wire", "millbrook-daily", "millbrook-post", "millbrook-followup"}),
        frozenset({"ostervale-1", "ostervale-2"}),
        frozenset({"chip-1"}),
        frozenset({"millbrook-autumn"}),
    }
    largest = out["stories"][0]
    copies = {a["id"]: a["duplicate_of"] for a in largest["articles"] if a["duplicate_of"]}
    assert copies == {"millbrook-daily": "millbrook-wire"}
    sizes = [len(s["articles"]) for s in out["stories"]]
    assert sizes == sorted(sizes, reverse=True)


def test_stories_markdown_lists_every_article(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["stories", str(DATA), "--output", str(tmp_path / "s.md")]) == 0
    text = (tmp_path / "s.md").read_text(encoding="utf-8")
    assert text.startswith("# 4 stories from 8 articles")
    assert all(f"[{r['id']}]" in text for r in records())
    assert "(copy of millbrook-wire)" in text


def test_stories_needs_input_and_not_both_kinds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stories", str(DATA), "--db", str(tmp_path / "x.db")]) == 2
    assert main(["stories", "--db", str(tmp_path / "missing.db")]) == 1
    assert "error" in capsys.readouterr().err


def test_digest_json_is_one_valid_briefing_per_story(capsys: pytest.CaptureFixture[str]) -> None:
    out = run_json(capsys, "digest", str(DATA), "--format", "json", "--words", "60")
    schema = json.loads(resources.files("chorus").joinpath("schema/briefing.schema.json").read_text())
    assert set(out) == {"digest", "stories", "since"} and len(out["digest"]) == 4
    assert [s["articles"] for s in out["stories"]] == [4, 2, 1, 1] and out["stories"][0]["copies"] == 1
    for briefing in out["digest"]:
        jsonschema.validate(briefing, schema)
    first = out["digest"][0]
    # The wire copy is folded into its original: never a source, never support.
    ids = [a["id"] for a in first["articles"]]
    assert "millbrook-daily" not in ids and "millbrook-wire" in ids
    assert all("millbrook-daily" not in s["supported_by"] for s in first["summary"])


def test_digest_since_leads_with_what_is_new(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["digest", str(DATA), "--since", "2031-04-08", "--words", "80"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("# Digest: 3 stories, new since 2031-04-08")
    sections = text.split("\n## ")[1:]
    millbrook = next(s for s in sections if "Millbrook flood" in s or "Millbrook dam b" in s and "42 homes" in s)
    body = millbrook.split("\n\n", 2)[2]
    first_line = body.splitlines()[0]
    # Only the follow-up of April 10 is new, and its news (42 homes, aid) comes first.
    assert "new since 2031-04-08: the first" in millbrook
    assert "42 homes" in first_line or "2 million" in first_line or "returning" in first_line


def test_digest_since_reads_only_the_stories_it_briefs() -> None:
    """A daily digest of a large feed should not clean every old article to find the new ones."""
    from datetime import datetime

    from chorus.api import prepare
    from chorus.digest import digest
    from chorus.ingest import load
    from chorus.stories import group_stories

    articles = {a.id: a for a in load([DATA]).articles}
    stories, _ = group_stories(articles.values())
    documents = {d.article.id: d for d in prepare(articles.values())[0]}
    since = datetime(2031, 4, 8)
    fetched: list[str] = []

    def document_of(article_id: str):
        fetched.append(article_id)
        return documents.get(article_id)

    entries = digest(stories, document_of, since=since, articles=articles)
    assert entries and [e.briefing for e in entries] == [e.briefing for e in digest(stories, documents, since=since)]
    briefed = {a for e in entries for a in e.story.originals}
    assert set(fetched) == briefed < set(articles)


def test_digest_html_is_one_page(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["digest", str(DATA), "--format", "html", "--limit", "2"]) == 0
    page = capsys.readouterr().out
    assert page.count("<html") == 1 and page.count("<article") == 2
    assert 'id="s1-src-1"' in page and 'id="s2-src-1"' in page


def test_bad_since_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["digest", str(DATA), "--since", "last tuesday"]) == 2


def test_stories_in_the_database_keep_their_ids(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "news.db")
    rows = records()
    first = write_jsonl(tmp_path / "first.jsonl", [r for r in rows if r["id"] in ("millbrook-wire", "ostervale-1", "chip-1")])
    later = write_jsonl(tmp_path / "later.jsonl", [r for r in rows if r["id"] not in ("millbrook-wire", "ostervale-1", "chip-1")])
    assert main(["ingest", str(first), "--db", db]) == 0
    capsys.readouterr()
    before = run_json(capsys, "stories", "--db", db, "--format", "json")
    ids_before = {s["articles"][0]["id"]: s["id"] for s in before["stories"]}
    assert len(ids_before) == 3

    assert main(["ingest", str(later), "--db", db]) == 0
    capsys.readouterr()
    after = run_json(capsys, "stories", "--db", db, "--format", "json")
    story_of = {a["id"]: s["id"] for s in after["stories"] for a in s["articles"]}
    assert sorted(story_of) == sorted(r["id"] for r in rows)
    for article, sid in ids_before.items():
        assert story_of[article] == sid                          # the old stories kept their ids
    assert story_of["millbrook-post"] == story_of["millbrook-wire"]
    assert story_of["ostervale-2"] == story_of["ostervale-1"]
    dup = next(a for s in after["stories"] for a in s["articles"] if a["id"] == "millbrook-daily")
    assert dup["duplicate_of"] == "millbrook-wire"

    again = run_json(capsys, "stories", "--db", db, "--format", "json")
    assert again == after                                         # nothing new: nothing moves

    digest = run_json(capsys, "digest", "--db", db, "--format", "json", "--since", "2031-04-08")
    assert [len(b["articles"]) for b in digest["digest"]][0] == 3   # Millbrook April, copy folded out


def test_stories_on_a_directory_needs_no_database(tmp_path: Path) -> None:
    # `chorus stories` on a directory works without any database file being created.
    shutil.copy(DATA, tmp_path / "a.jsonl")
    assert main(["stories", str(tmp_path)]) == 0
    assert not any(p.suffix == ".db" for p in tmp_path.iterdir())


def test_bcubed_scores_of_known_groupings() -> None:
    from stories_eval import assignment, bcubed

    gold = {"a": "x", "b": "x", "c": "y", "d": "y"}
    assert bcubed({"a": "1", "b": "1", "c": "2", "d": "2"}, gold) == (1.0, 1.0, 1.0)
    p, r, f = bcubed({"a": "1", "b": "1", "c": "1", "d": "1"}, gold)       # everything merged
    assert (p, r) == (0.5, 1.0) and abs(f - 2 / 3) < 1e-9
    p, r, _ = bcubed({"a": "1", "b": "2", "c": "3", "d": "4"}, gold)       # everything apart
    assert (p, r) == (1.0, 0.5)
    assert bcubed({"a": "1", "b": "1", "c": "1", "d": "2"}, gold, only={"a", "b"})[:2] == (2 / 3, 1.0)
    with pytest.raises(SystemExit):
        assignment({"stories": [{"id": "1", "articles": [{"id": "a"}]}, {"id": "2", "articles": [{"id": "a"}]}]})


def test_update_store_takes_an_analysis_function(tmp_path: Path) -> None:
    from chorus import store
    from chorus.api import load
    from chorus.stories import analyse, update_store

    seen: list[str] = []

    def analyse_map(articles):
        for article in articles:
            seen.append(article.id)
            yield analyse(article)

    with store.open(tmp_path / "n.db") as db:
        db.add_articles(load([DATA]).articles)
        stories, articles = update_store(db, analyse_map=analyse_map)
    assert sorted(seen) == sorted(articles) and len(articles) == 8
    assert sum(len(s.articles) for s in stories) == 8


def test_an_archive_given_after_a_later_one_joins_its_stories(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    # Two archives given one after the other: by the time the second one's April reports come,
    # the stream is in October and the April story has closed. They still join it.
    rows = {r["id"]: r for r in records()}
    october = [dict(rows[i], id=f"{i}-oct", published=f"2031-10-{20 + n}T09:00:00")
               for n, i in enumerate(["ostervale-1", "ostervale-2", "chip-1", "millbrook-autumn"])]
    october.append({"id": "vote-oct", "title": "Harrow council passes budget", "published": "2031-10-25T09:00:00",
                    "text": "The Harrow county council passed its budget on Friday after a long debate over road "
                            "repairs, library hours and the cost of the new fire station on Quarry Lane."})
    first = write_jsonl(tmp_path / "first.jsonl", [rows["millbrook-wire"], *october])
    second = write_jsonl(tmp_path / "second.jsonl", [rows["millbrook-post"], rows["millbrook-followup"]])
    april = {"millbrook-wire", "millbrook-post", "millbrook-followup"}

    def april_together(out: dict) -> bool:
        return any(april <= {a["id"] for a in s["articles"]} for s in out["stories"])

    assert main(["stories", str(first), str(second), "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert april_together(json.loads(out)) and "input order" not in err
    db = str(tmp_path / "a.db")                                  # the same, ingested one archive after the other
    assert main(["ingest", str(first), "--db", db]) == 0 and main(["ingest", str(second), "--db", db]) == 0
    capsys.readouterr()
    assert main(["stories", "--db", db, "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert april_together(json.loads(out)) and "input order" not in err

    # Past the closed stories kept for late articles (here none), a stream forgets April's. Files
    # given at once and a store's new articles are grouped with hindsight, in any order, and still
    # join them; past the articles hindsight holds, they are grouped as a stream, which cannot,
    # and chorus says so and how to avoid it.
    monkeypatch.setattr("chorus.cluster.COLD_STORIES", 0)
    for argv in (["stories", str(first), str(second)], ["digest", str(first), str(second)]):
        assert main(argv) == 0
        assert "input order" not in capsys.readouterr().err
    assert april_together(run_json(capsys, "stories", str(first), str(second), "--format", "json"))
    for limit, db in ((HINDSIGHT_LIMIT, tmp_path / "b.db"), (0, tmp_path / "c.db")):
        monkeypatch.setattr("chorus.stories.HINDSIGHT_LIMIT", limit)
        assert main(["ingest", str(first), "--db", str(db)]) == 0 and main(["ingest", str(second), "--db", str(db)]) == 0
        capsys.readouterr()
        assert main(["stories", "--db", str(db), "--format", "json"]) == 0
        out, err = capsys.readouterr()
        assert april_together(json.loads(out)) == bool(limit)
        assert ("warning: input order: 2 articles (millbrook-post, …)" in err and "merged in date order" in err) != bool(limit)
        if not limit:
            apart = run_json(capsys, "stories", str(first), str(second), "--format", "json")
            assert not april_together(apart)

    merged = write_jsonl(tmp_path / "merged.jsonl", sorted([rows["millbrook-wire"], *october, rows["millbrook-post"],
                                                           rows["millbrook-followup"]], key=lambda r: r["published"]))
    assert main(["stories", str(merged), "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert "input order" not in err
    together = json.loads(out)
    story_of = {a["id"]: s["id"] for s in together["stories"] for a in s["articles"]}
    assert story_of["millbrook-post"] == story_of["millbrook-wire"] == story_of["millbrook-followup"]


def test_a_folder_ingested_into_a_new_store_is_grouped_as_the_folder_is(tmp_path: Path,
                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    # Both group a batch given at once with hindsight: the same stories, with the same ids.
    def stories(out: dict) -> set[tuple[str, frozenset[str]]]:
        return {(s["id"], frozenset(a["id"] for a in s["articles"])) for s in out["stories"]}

    direct = run_json(capsys, "stories", str(DATA), "--format", "json")
    db = str(tmp_path / "a.db")
    assert main(["ingest", str(DATA), "--db", db]) == 0
    capsys.readouterr()
    assert stories(run_json(capsys, "stories", "--db", db, "--format", "json")) == stories(direct)


def test_progress_bar_only_on_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    n = len(records())
    quiet = run_json(capsys, "stories", str(DATA), "--format", "json")
    assert capsys.readouterr().err == ""  # not a terminal: nothing but problems

    import click._termui_impl as termui
    monkeypatch.setattr(termui, "isatty", lambda stream: True)
    monkeypatch.setattr("chorus.cli.sys.stderr.isatty", lambda: True, raising=False)
    assert main(["stories", str(DATA), "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out) == quiet  # the bar is on stderr only
    assert "stories" in err and f"{n}/{n}" in err and "grouping" in err
    assert main(["digest", str(DATA), "--format", "json", "--limit", "2"]) == 0
    out, err = capsys.readouterr()
    assert len(json.loads(out)["digest"]) == 2 and "briefings" in err and "2/2" in err

    db = tmp_path / "s.db"
    assert main(["ingest", str(DATA), "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["stories", "--db", str(db), "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert [s["articles"] for s in json.loads(out)["stories"]] == [s["articles"] for s in quiet["stories"]]
    assert "stories" in err and str(n) in err

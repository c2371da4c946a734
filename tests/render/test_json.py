"""JSON: exactly the "chorus.briefing/1" contract, checked against the packaged schema."""

from __future__ import annotations

import fnmatch
import json
import tomllib
from datetime import datetime, timedelta, timezone
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from chorus.render.json import render, to_dict

from .builders import DOCUMENTS, make_briefing, with_article

SCHEMA_FILE = "schema/briefing.schema.json"


def schema() -> dict[str, Any]:
    """The schema as shipped inside the chorus package."""
    return json.loads(resources.files("chorus").joinpath(SCHEMA_FILE).read_text(encoding="utf-8"))


def validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema(), format_checker=jsonschema.FormatChecker())


def cited_ids(data: dict[str, Any]) -> set[str]:
    """Every article id that the briefing uses anywhere outside `articles`."""
    ids = {s["article"] for s in data["summary"]} | {i for s in data["summary"] for i in s["supported_by"]}
    ids |= {i for f in data["facts"] for i in f["articles"]}
    ids |= {c["article"] for conflict in data["conflicts"] for c in conflict["claims"]}
    return ids | {i for e in data["timeline"] for i in e["articles"]}


def test_schema_file_is_packaged_and_a_valid_2020_12_schema() -> None:
    assert resources.files("chorus").joinpath(SCHEMA_FILE).is_file()
    jsonschema.Draft202012Validator.check_schema(schema())
    pyproject = Path(__file__).parents[2] / "pyproject.toml"
    package_data = tomllib.loads(pyproject.read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]
    assert any(fnmatch.fnmatch(SCHEMA_FILE, pattern) for pattern in package_data["chorus"])


def test_rendered_briefing_validates_against_the_schema() -> None:
    validator().validate(json.loads(render(make_briefing())))


def test_every_id_in_the_briefing_is_an_article_id() -> None:
    data = json.loads(render(make_briefing()))
    assert cited_ids(data) <= {a["id"] for a in data["articles"]}
    assert cited_ids(data) == {"courier", "wire", "post"}


def test_render_round_trips_to_dict_and_keeps_ids_and_order() -> None:
    briefing = make_briefing()
    data = json.loads(render(briefing))
    assert data == to_dict(briefing)
    assert [a["id"] for a in data["articles"]] == ["courier", "wire", "post"]
    assert data["summary"][0] == {
        "text": "A 240-metre span of the Harbor Bridge fell into the channel.",
        "article": "wire",
        "sentence": 0,
        "supported_by": ["courier", "post"],
    }
    assert data["conflicts"] == [
        {
            "about": "number injured",
            "claims": [
                {"text": "Eleven people were injured", "article": "courier"},
                {"text": "Fourteen people were treated", "article": "post"},
            ],
        }
    ]


def test_top_level_keys_are_exactly_the_contract() -> None:
    data = to_dict(make_briefing())
    assert list(data) == ["schema", "title", "articles", "summary", "facts", "conflicts", "timeline"]
    assert data["schema"] == "chorus.briefing/1"
    assert set(data["articles"][0]) == {"id", "title", "outlet", "source", "published", "words"}


def test_articles_carry_words_of_the_cleaned_document() -> None:
    data = to_dict(make_briefing())
    assert [a["words"] for a in data["articles"]] == [d.words for d in DOCUMENTS] == [20, 16, 14]


def test_empty_facts_conflicts_and_timeline_are_empty_lists() -> None:
    data = json.loads(render(make_briefing(facts=(), conflicts=(), timeline=())))
    assert (data["facts"], data["conflicts"], data["timeline"]) == ([], [], [])
    validator().validate(data)


@pytest.mark.parametrize(
    ("published", "written"),
    [
        (None, None),
        (datetime(2026, 3, 14), "2026-03-14"),
        (datetime(2026, 3, 14, 9, 30), "2026-03-14T09:30:00"),
        (datetime(2026, 3, 14, 9, 30, tzinfo=timezone.utc), "2026-03-14T09:30:00"),
        (datetime(2026, 3, 14, tzinfo=timezone(timedelta(hours=-5))), "2026-03-14T05:00:00"),  # in UTC
    ],
)
def test_published_is_a_day_only_for_midnight(published: datetime | None, written: str | None) -> None:
    documents = (with_article(DOCUMENTS[0], published=published), *DOCUMENTS[1:])
    data = json.loads(render(make_briefing(documents=documents)))
    assert data["articles"][0]["published"] == written
    validator().validate(data)


def test_unknown_outlet_is_null_and_text_stays_unescaped_unicode() -> None:
    documents = (with_article(DOCUMENTS[0], outlet=None, title="Pont effondré à Port Calder"), *DOCUMENTS[1:])
    text = render(make_briefing(documents=documents))
    assert '"title": "Pont effondré à Port Calder"' in text
    assert json.loads(text)["articles"][0]["outlet"] is None
    assert text.endswith("}\n")


def test_problems_are_not_part_of_the_contract() -> None:
    from chorus.model import Problem

    data = to_dict(make_briefing(problems=(Problem("bad.html", "no article text"),)))
    assert "problems" not in data


@pytest.mark.parametrize(
    "breakage",
    [
        lambda d: d.update(schema="chorus.briefing/2"),
        lambda d: d.update(extra=1),
        lambda d: d.pop("timeline"),
        lambda d: d["articles"][0].update(url="https://example.invalid/"),
        lambda d: d["articles"][0].update(published="March 14"),
        lambda d: d["summary"][0].update(sentence="0"),
        lambda d: d["conflicts"][0]["claims"][0].pop("article"),
    ],
)
def test_schema_rejects_anything_off_contract(breakage: Any) -> None:
    data = to_dict(make_briefing())
    breakage(data)
    assert not validator().is_valid(data)

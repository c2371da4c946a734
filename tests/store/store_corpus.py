"""Invented news articles in bulk, for store and ingest tests and the ingest benchmark.

Every article is different (its number is in its text) and reads like wire copy: several
paragraphs, quotes, abbreviations ("U.S.", "Mr.", "p.m.") and dates, so cleaning and sentence
splitting do the work they do on real news.
"""

from __future__ import annotations

import json
import random
from datetime import datetime
from pathlib import Path

from chorus.model import Article

_PLACES = ["Millbrook", "Harbor City", "Eastvale", "Port Linden", "Grayford", "North Ames"]
_THINGS = ["bridge", "dam", "rail line", "power plant", "harbor wall", "water main"]
_OFFICIALS = ["Mayor Dana Ruiz", "Gov. Ellen Park", "Mr. Tomas Reyes", "Sen. Ada Moss", "Dr. Lee Chen"]
_SENTENCES = [
    "The {thing} in {place} failed early on {day}, officials said.",
    "Crews worked through the night to reach residents near the {thing}.",
    "\"We are doing everything we can,\" said {official}, who toured the site at 5 p.m.",
    "About {n} people were moved to shelters, according to the U.S. Army Corps of Engineers.",
    "Inspectors had flagged the {thing} as needing repairs in {year}, records show.",
    "Traffic was diverted around {place} while engineers checked nearby roads.",
    "{official} said the state would ask for federal aid by Friday.",
    "Local businesses stayed closed, and schools in {place} canceled classes.",
    "The cause of the failure was not yet known, a spokesperson for the county said.",
    "Residents described hearing a loud crack before the {thing} gave way.",
]


def article(i: int, rng: random.Random) -> dict[str, object]:
    """One invented article as a JSONL record; its text is unique to `i`."""
    fill = {"place": rng.choice(_PLACES), "thing": rng.choice(_THINGS), "official": rng.choice(_OFFICIALS),
            "day": rng.choice(["Sunday", "Monday", "Tuesday"]), "year": rng.randint(2015, 2023)}
    paragraphs = []
    for _ in range(rng.randint(3, 6)):
        picks = rng.sample(_SENTENCES, rng.randint(2, 4))
        paragraphs.append(" ".join(s.format(n=rng.randint(20, 900), **fill) for s in picks))
    paragraphs.append(f"This is report number {i} on the {fill['thing']} in {fill['place']}.")
    return {"id": f"art-{i}", "title": f"{fill['thing'].title()} fails in {fill['place']} ({i})",
            "outlet": rng.choice(["Daily Orbit", "The Ledger", "Wire Service"]),
            "published": f"2024-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}T0{rng.randint(0, 9)}:00:00Z",
            "text": "\n\n".join(paragraphs)}


def write_corpus(path: Path, count: int, seed: int = 7) -> Path:
    """Write `count` invented articles to a JSONL file."""
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as file:
        for i in range(count):
            file.write(json.dumps(article(i, rng)) + "\n")
    return path


def make_article(id: str, text: str | None = None, *, title: str = "Dam fails", outlet: str | None = "Daily Orbit",
                 published: datetime | None = None, source: str | None = None) -> Article:
    """A short invented article; its text defaults to one unique to its id."""
    text = text or f"The Millbrook dam failed on Sunday. Crews reached {id} residents by noon.\n\nThe mayor spoke."
    return Article(id=id, title=title, outlet=outlet, source=source or f"{id}.txt", published=published, text=text)

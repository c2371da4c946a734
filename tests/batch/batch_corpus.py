"""A small invented corpus for the batch tests: a few stories, each with wire copies, and every kind of bad input.

`write_inputs(dir)` writes a JSONL feed (cut into many parts by a small `partition_bytes`), a
directory of .txt articles, and inputs that only give Problems, and returns the sources in the
order a user would name them.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

EVENTS = [
    ("Millbrook", "dam", "burst", "Harrow valley", "300 residents", "Sunday"),
    ("Ostervale", "bridge", "collapsed", "Corran river", "12 drivers", "Monday"),
    ("Quillon", "refinery", "caught fire", "Saltmarsh docks", "80 workers", "Tuesday"),
    ("Brennick", "mine", "flooded", "Ashby hills", "40 miners", "Friday"),
    ("Tavira", "ferry", "ran aground", "Lusk strait", "210 passengers", "Thursday"),
]
OUTLETS = ["Meridian Wire", "Harrow Daily", "Northern Ledger", "Brindle Courier"]
FILLER = ("officials said rescue crews worked through the night while neighbours offered shelter and "
          "engineers inspected the damage before roads reopened to traffic later in the week").split()


def _sentences(rng: random.Random, town: str, thing: str, verb: str, place: str, people: str, day: str) -> list[str]:
    out = [
        f"The {town} {thing} {verb} on {day}, and {people} were moved away from the {place}.",
        f"Emergency services in {town} said nobody was missing after the {thing} {verb}.",
        f"Mayor Elena {town}son said the {place} would stay closed until inspectors finished.",
    ]
    for _ in range(2):
        words = rng.sample(FILLER, 12)
        out.append(" ".join(words).capitalize() + f" near the {place}.")
    rng.shuffle(out[1:])
    return out


def records(seed: int = 3) -> list[dict]:
    """The good articles, in date order: per event three write-ups, and a wire copy of the first."""
    rng = random.Random(seed)
    rows = []
    for e, event in enumerate(EVENTS):
        town, thing, verb, place, people, day = event
        for k in range(3):
            text = " ".join(_sentences(rng, *event))
            rows.append({"id": f"{town.lower()}-{k}", "title": f"{town} {thing} {verb}", "outlet": OUTLETS[k],
                         "published": f"2031-04-{10 + 3 * e:02d}T{8 + k:02d}:00:00", "text": text})
        wire = dict(rows[-3])
        wire.update(id=f"{town.lower()}-wire", outlet=OUTLETS[3], title=f"{town}: {people} moved after {thing} {verb}",
                    text=wire["text"].replace(" were moved away", " were taken away") + " More to follow.",
                    published=f"2031-04-{10 + 3 * e:02d}T12:00:00")
        rows.append(wire)
    return rows


def write_inputs(root: Path) -> list[str]:
    """Write the inputs under `root`; return the sources to give, in order."""
    rows = records()
    lines = [json.dumps(r) for r in rows[:12]]
    lines.insert(0, "\ufeff" + lines.pop(0))                          # a BOM on line 1
    lines.insert(3, "")                                             # a blank line
    lines.insert(5, "{not json")                                    # a malformed line
    lines.insert(7, json.dumps({"id": "no-text", "title": "x"}))    # a line without text
    same_id = dict(rows[12], text="An unrelated note about the Glenmore library opening hours on weekdays and "
                                  "the new reading room that opened in the east wing of the building.")
    same_id["id"] = rows[0]["id"]                                   # an id seen before, other text
    lines.append(json.dumps(same_id))
    exact = dict(rows[1], id="reprint")                             # the same text under another id
    lines.append(json.dumps(exact))
    lines += [json.dumps(r) for r in rows[12:]]
    feed = root / "feed.jsonl"
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")

    pages = root / "pages"
    pages.mkdir()
    for n, r in enumerate(rows[4:6]):
        (pages / f"page-{n}.txt").write_text(f"{r['title']} (page)\n\n{r['text']} Updated at noon.\n", encoding="utf-8")
    (pages / "notes.csv").write_text("a,b\n", encoding="utf-8")        # unsupported: a Problem

    binary = root / "binary.jsonl"                                 # refused whole, however many parts
    binary.write_bytes(b"\x00\x01\x02\n" * 1500)
    (root / "empty.jsonl").write_text("\n\n", encoding="utf-8")
    return [str(feed), str(pages), str(binary), str(root / "empty.jsonl"), str(root / "missing.jsonl")]

"""How many summary sentences are quotations whose speaker the sentence does not name.

    python bench/quote_speakers.py            # all Multi-News dev clusters, 250-word summaries

A quotation followed by "she said", or with no attribution at all, leans on an earlier sentence
of its article for the speaker; in a summary that sentence is often not there, and the reader
gets words from nobody. `chorus.brief.select.names_speaker` decides; prints the counts.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "multinews-dev.jsonl"


def main() -> int:
    from chorus import brief
    from chorus.brief.select import names_speaker, opens_quote
    from chorus.model import Article
    from chorus.options import Options

    if not DATA.is_file():
        print(f"bench/quote_speakers.py: skipped: {DATA} not found")
        return 0
    total = quotes = orphans = 0
    with open(DATA, encoding="utf-8") as f:
        for line in f:
            cluster = json.loads(line)
            articles = [Article(f"d{i}", "", None, f"d{i}", None, d) for i, d in enumerate(cluster["documents"])]
            for s in brief(articles, options=Options(words=250, facts=False)).summary:
                total += 1
                if opens_quote(s.text):
                    quotes += 1
                    orphans += not names_speaker(s.text)
    print(f"{total:,} summary sentences; {quotes:,} open with a quotation; {orphans:,} of those name no speaker")
    return 0


if __name__ == "__main__":
    sys.exit(main())

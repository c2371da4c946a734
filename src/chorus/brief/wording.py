"""How a chosen source sentence is worded in the summary: the sentence, less its dateline.

"PORT CALDER (AP) — A section of the bridge fell" opens an article well and a summary badly: the
dateline says where the copy was filed, and in the middle of an account it reads as debris. It
is part of the article, so cleaning keeps it; only the summary drops it.
"""

from __future__ import annotations

import re

# The place must be in capitals, so "Mayor Ellen Okafor — who…" is never taken for a dateline.
_DATELINE = re.compile(
    r"^[A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){0,3}"                  # PORT CALDER, WASHINGTON
    r"(?:, [A-Z][A-Za-z.]+(?: [A-Z][a-z.]+)?)?"                  # , Puerto Rico / , Calif.
    r"(?:,? (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2})?"  # , March 5
    r"(?: \([A-Z][A-Za-z. ]{1,20}\))?"                            # (AP), (Reuters)
    r" ?(?:[—–|]|--?) (?=[\"“‘'A-Z0-9])"                          # — then the sentence proper
)


def summary_wording(text: str) -> str:
    """The sentence as the summary shows it: without a leading dateline."""
    return _DATELINE.sub("", text, count=1)

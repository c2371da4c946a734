"""The present of a stream of dated articles, as dedup and story grouping age things out by it.

A stream's "now" cannot be the newest date seen: one article dated 2099 by a broken feed would
make every story and every indexed original look decades old, and each later article would
start a story of its own. The clock reads instead the `CORROBORATION`-th newest date seen, so
it moves only once that many articles agree that time has moved; on a real feed, where
articles arrive minutes apart, that is a few minutes behind the newest date.

>>> from datetime import datetime
>>> clock = StreamClock(corroboration=2)
>>> clock.see(datetime(2099, 1, 1)) is None          # one date alone does not set the clock
True
>>> clock.see(datetime(2024, 5, 1))
datetime.datetime(2024, 5, 1, 0, 0)
>>> clock.see(datetime(2024, 5, 2))                  # 2099 is still out on its own
datetime.datetime(2024, 5, 2, 0, 0)
"""

from __future__ import annotations

import heapq
from datetime import datetime

__all__ = ["CORROBORATION", "StreamClock"]

# How many articles must be dated at or after a time before the stream is taken to be there.
CORROBORATION = 5


class StreamClock:
    """The `corroboration`-th newest date seen so far (None until that many dates are seen)."""

    __slots__ = ("corroboration", "_newest")

    def __init__(self, corroboration: int = CORROBORATION) -> None:
        if corroboration < 1:
            raise ValueError("corroboration must be at least 1")
        self.corroboration = corroboration
        self._newest: list[datetime] = []  # min-heap of the newest dates seen

    def see(self, when: datetime) -> datetime | None:
        """Count one article's date; return the clock's time after it."""
        if len(self._newest) < self.corroboration:
            heapq.heappush(self._newest, when)
        elif when > self._newest[0]:
            heapq.heapreplace(self._newest, when)
        return self.now

    @property
    def now(self) -> datetime | None:
        return self._newest[0] if len(self._newest) == self.corroboration else None

"""Near-duplicate articles: the same wire story run by several outlets with small edits.

A copy says nothing the original did not, so it must never count as independent support. Each
article is fingerprinted by a MinHash (datasketch, 128 permutations) over its word 3-shingles;
an LSH index finds the earlier articles likely to be close, and a candidate is a copy when the
MinHash estimate says so (see `JACCARD` and `CONTAINMENT` for the thresholds and why).

Incremental: `Deduper.add` takes one article at a time and answers at once whether it copies an
earlier one; the first article of a group is its original, whatever comes later.

>>> from chorus.model import Article
>>> wire = "Heavy rain flooded the Millbrook valley on Sunday, and 300 residents left their homes. " * 3
>>> a = Article("a", "Flood", "Wire", "a.txt", None, wire)
>>> b = Article("b", "Flood", "Daily", "b.txt", None, wire + "Schools stay shut on Monday.")
>>> originals, copies = fold([a, b])
>>> [x.id for x in originals], copies
(['a'], {'a': ('b',)})
"""

from __future__ import annotations

import functools
import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

from .clock import StreamClock
from .model import Article
from .text import words

__all__ = ["CONTAINMENT", "JACCARD", "Deduper", "Fingerprint", "fingerprint", "fold", "shingle_hashes"]

SHINGLE = 3
NUM_PERM = 128
SEED = 1
# Thresholds, on word 3-shingle sets, from reading pairs in ../shared/data (ECB+ and
# Multi-News, pairs in one labelled story):
# - wire copies edited by a desk ("Three killed as rioters bomb Greek bank" against "Deadly
#   fire-bomb hits bank during Greek riots": same AFP text, ~25 words swapped, one quote added)
#   score Jaccard 0.54; verbatim reruns with a new headline or dateline 0.85-0.99;
# - two separate write-ups of one game that share a few agency paragraphs score 0.40, and
#   distinct articles on one event are almost all below 0.15 (median 0.01, 99th centile 0.56
#   only because copies are among them).
# So a copy is Jaccard >= 0.5. A short excerpt of a longer article (a blog quoting most of a
# wire story, a cut-down rerun) has a low Jaccard, because the sets differ in size, yet is
# still no independent account: it counts as a copy when >= 80% of its shingles are in the
# other (containment; excerpts seen score 0.85-0.98, separate write-ups <= 0.75).
JACCARD = 0.5
CONTAINMENT = 0.8
# Originals published this long before the latest article leave the index: agencies' copies
# run within hours or days of the original, and the index must not grow without end.
WINDOW_DAYS = 7
# The LSH index is asked for candidates above this Jaccard; lower than JACCARD so that
# excerpts (containment high, Jaccard 0.3-0.4) are among the candidates to verify.
LSH_THRESHOLD = 0.3
# Below this many shingles a text is too short to call anything a copy of it by containment
# (a one-line article is "contained" in every longer one that quotes its sentence).
MIN_SHINGLES_FOR_CONTAINMENT = 25

# Words of an article that are shingled (see `fingerprint`).
MAX_WORDS = 600

_MASK32 = np.uint64(0xFFFFFFFF)
# Odd 64-bit multipliers that mix the three word hashes of a shingle in order.
_MIX = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F), np.uint64(0x165667B19E3779F9))
# Word hashes: a polynomial hash of each word's UTF-8 bytes, computed for all words at once
# with prefix sums (mod 2^64), so hashing costs no Python call per word; stable across runs,
# unlike Python's own hash().
_P = 0x100000001B3                      # odd, so invertible mod 2^64
_P_INV = pow(_P, -1, 1 << 64)
_powers = np.ones(1, dtype=np.uint64)
_inverse_powers = np.ones(1, dtype=np.uint64)


def _power_tables(n: int) -> tuple[np.ndarray, np.ndarray]:
    """P^j and P^-j mod 2^64 for j < n (grown on demand and kept)."""
    global _powers, _inverse_powers
    if len(_powers) < n:
        size = max(n, 2 * len(_powers), 4096)
        _powers = np.cumprod(np.full(size, _P, dtype=np.uint64)) * np.uint64(_P_INV)  # P^0 .. P^(size-1)
        _inverse_powers = np.cumprod(np.full(size, _P_INV, dtype=np.uint64)) * np.uint64(_P)
    return _powers, _inverse_powers


def _word_hashes(tokens: Sequence[str]) -> np.ndarray:
    """One 64-bit hash per token: sum of byte_j * P^j over the token's bytes."""
    buf = np.frombuffer("\x00".join(tokens).encode("utf-8"), dtype=np.uint8)
    powers, inverse = _power_tables(len(buf) + 1)
    prefix = np.zeros(len(buf) + 1, dtype=np.uint64)
    np.cumsum(buf.astype(np.uint64) * powers[:len(buf)], out=prefix[1:])
    gaps = np.flatnonzero(buf == 0)
    starts = np.concatenate(([0], gaps + 1))
    stops = np.concatenate((gaps, [len(buf)]))
    return (prefix[stops] - prefix[starts]) * inverse[starts]


def shingle_hashes(tokens: Sequence[str], k: int = SHINGLE) -> np.ndarray:
    """The distinct 32-bit hashes of the k-word shingles of `tokens` (one shingle if shorter)."""
    if not tokens:
        return np.zeros(0, dtype=np.uint32)
    w = _word_hashes(tokens)
    if len(w) < k:
        w = np.concatenate([w, np.zeros(k - len(w), dtype=np.uint64)])
    n = len(w) - k + 1
    h = np.zeros(n, dtype=np.uint64)
    for i in range(k):
        h = h * _MIX[i % 3] + w[i:i + n]
    return np.unique(((h >> np.uint64(32)) ^ (h & _MASK32)).astype(np.uint32))


_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=SEED)
_A, _B = (np.asarray(x, dtype=np.uint32) for x in _TEMPLATE.permutations)
_EMPTY = np.asarray(_TEMPLATE.hashvalues, dtype=np.uint32)


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's finalizer, as datasketch applies it before its affine32 permutations."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def _minhash(hashes: np.ndarray) -> LeanMinHash:
    """datasketch's MinHash (affine32 scheme, seed 1) of precomputed 32-bit shingle hashes.

    The same values `MinHash(hashfunc=int).update_batch(hashes)` gives, computed as one numpy
    expression instead of a Python call per shingle (tests/test_dedup.py checks they agree).
    """
    if len(hashes):
        values = (_fmix32(hashes.astype(np.uint32))[:, None] * _A + _B).min(axis=0)
    else:
        values = _EMPTY
    return LeanMinHash(seed=SEED, hashvalues=values, scheme=_TEMPLATE.scheme)


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What dedup keeps of an article: its MinHash and how many distinct shingles it has."""

    minhash: LeanMinHash
    size: int


def fingerprint(text: str | Sequence[str]) -> Fingerprint:
    """The Fingerprint of a text (or of its tokens, as `chorus.text.words` gives them).

    Only the first `MAX_WORDS` words count: copies share their beginning, and the cost of an
    article stays bounded however long it is.
    """
    tokens = words(text[:MAX_WORDS * 12]) if isinstance(text, str) else text
    hashes = shingle_hashes(tokens[:MAX_WORDS])
    return Fingerprint(_minhash(hashes), len(hashes))


def article_text(article: Article) -> str:
    """The text an article is fingerprinted on: headline and body."""
    return f"{article.title}\n{article.text}" if article.title else article.text


def is_copy(a: Fingerprint, b: Fingerprint, jaccard: float = JACCARD, containment: float = CONTAINMENT) -> bool:
    """Whether two fingerprints are near-duplicates (Jaccard, or containment of the shorter)."""
    j = float(np.count_nonzero(a.minhash.hashvalues == b.minhash.hashvalues)) / NUM_PERM
    if j >= jaccard:
        return True
    small = min(a.size, b.size)
    if small < MIN_SHINGLES_FOR_CONTAINMENT or j == 0.0:
        return False
    # |A ∩ B| = J (|A| + |B|) / (1 + J): containment follows from the Jaccard estimate and sizes.
    return j * (a.size + b.size) / (1.0 + j) / small >= containment


@functools.cache
def _lsh_bands() -> tuple[int, int]:
    """LSH bands and rows for LSH_THRESHOLD, as datasketch picks them (by numerical integration
    of the false positive and negative rates), worked out once: on every index built, that cost
    30 ms per briefing."""
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    return lsh.b, lsh.r


class _Bands:
    """The LSH index: originals filed under each band of their MinHash (datasketch's banding and
    parameters); an article's candidates are the originals that share a band with it.

    datasketch's `MinHashLSH` does the same through a storage layer made for Redis and Cassandra
    as well, re-slicing and byte-swapping every band on each query, insert and remove, and
    keeping a set per bucket. Here each article's band keys are cut once from its MinHash's
    bytes, and a bucket of one is its id: dedup of 100,000 articles of bench/stream_speed.py's
    feed took 16.1 s with `MinHashLSH` and takes 6.1 s, with the same copies found
    (tests/test_dedup.py checks that both find the same candidates).
    """

    def __init__(self) -> None:
        self.bands, rows = _lsh_bands()
        self._width = rows * _EMPTY.itemsize
        # A bucket of one original is its id, not a set of one: most buckets hold one, and
        # millions of small sets would keep the garbage collector busy.
        self._tables: list[dict[bytes, str | set[str]]] = [{} for _ in range(self.bands)]

    def keys(self, minhash: LeanMinHash) -> list[bytes]:
        raw = np.asarray(minhash.hashvalues, dtype=np.uint32).tobytes()
        w = self._width
        return [raw[i * w:(i + 1) * w] for i in range(self.bands)]

    def query(self, keys: list[bytes]) -> set[str]:
        found: set[str] = set()
        for key, table in zip(keys, self._tables):
            bucket = table.get(key)
            if bucket is None:
                continue
            if isinstance(bucket, str):
                found.add(bucket)
            else:
                found |= bucket
        return found

    def insert(self, article_id: str, keys: list[bytes]) -> None:
        for key, table in zip(keys, self._tables):
            bucket = table.setdefault(key, article_id)
            if bucket is article_id:
                continue
            if isinstance(bucket, str):
                table[key] = {bucket, article_id}
            else:
                bucket.add(article_id)

    def remove(self, article_id: str, keys: list[bytes]) -> None:
        for key, table in zip(keys, self._tables):
            bucket = table[key]
            if isinstance(bucket, str):
                del table[key]
            else:
                bucket.discard(article_id)
                if len(bucket) == 1:
                    table[key] = next(iter(bucket))


class Deduper:
    """Incremental near-duplicate detection over a stream of articles.

    >>> d = Deduper()
    >>> text = "The dam breached on Sunday night after days of heavy rain in the valley. " * 2
    >>> d.add("a", fingerprint(text)), d.add("b", fingerprint(text + " Updated.")), d.add("c", fingerprint("Other news."))
    (None, 'a', None)
    >>> d.groups()
    {'a': ('b',)}
    """

    def __init__(self, jaccard: float = JACCARD, containment: float = CONTAINMENT,
                 window_days: float | None = WINDOW_DAYS) -> None:
        self.jaccard = jaccard
        self.containment = containment
        self.window = None if window_days is None else timedelta(days=window_days)
        self._lsh = _Bands()
        self._prints: dict[str, Fingerprint] = {}
        self._original: dict[str, str] = {}          # copy id -> original id
        self._copies: dict[str, list[str]] = {}      # original id -> copy ids, in arrival order
        self._dated: list[tuple[datetime, str]] = []  # heap of indexed originals by date
        self._clock = StreamClock()
        self._seen: set[str] = set()

    def __len__(self) -> int:
        return len(self._seen)

    def add(self, article_id: str, fp: Fingerprint, published: datetime | None = None) -> str | None:
        """Record one article; return the id of the original it copies, or None if it is new.

        Only originals are indexed: a copy of a copy is a copy of the same original, and the
        index stays the size of the distinct articles. With dates, originals published more than
        `window_days` before the stream's present (`chorus.clock`) leave the index (a copy runs within days
        of its original), so memory and time per article stay flat on an endless stream.
        """
        if article_id in self._seen:
            raise ValueError(f"article id {article_id!r} was already added")
        self._seen.add(article_id)
        if published is not None and self.window is not None:
            self._expire(published)
        best, best_j = None, -1.0
        keys = self._lsh.keys(fp.minhash) if fp.size else []
        for candidate in self._lsh.query(keys):
            other = self._prints[candidate]
            if is_copy(fp, other, self.jaccard, self.containment):
                j = fp.minhash.jaccard(other.minhash)
                if j > best_j or (j == best_j and candidate < best):  # type: ignore[operator]
                    best, best_j = candidate, j
        if best is not None:
            self._original[article_id] = best
            self._copies.setdefault(best, []).append(article_id)
            return best
        self._prints[article_id] = fp
        if fp.size:
            self._lsh.insert(article_id, keys)
            if published is not None and self.window is not None:
                heapq.heappush(self._dated, (published, article_id))
        return None

    def _expire(self, published: datetime) -> None:
        now = self._clock.see(published)
        if now is None:
            return
        horizon = now - self.window  # type: ignore[operator]
        dated = self._dated
        while dated and dated[0][0] < horizon:
            _, old = heapq.heappop(dated)
            self._lsh.remove(old, self._lsh.keys(self._prints.pop(old).minhash))

    def add_article(self, article: Article) -> str | None:
        """`add` for an Article, fingerprinted on its headline and text."""
        return self.add(article.id, fingerprint(article_text(article)), article.published)

    def original_of(self, article_id: str) -> str:
        """The original an article copies, or the article itself when it is an original."""
        return self._original.get(article_id, article_id)

    def groups(self) -> dict[str, tuple[str, ...]]:
        """Original id -> the ids of its copies, for every original that has copies."""
        return {k: tuple(v) for k, v in self._copies.items()}


def fold(articles: Iterable[Article]) -> tuple[tuple[Article, ...], dict[str, tuple[str, ...]]]:
    """Split articles into originals and copies: `(originals, {original id: copy ids})`.

    The first article (in the order given) of each group of near-duplicates is its original;
    originals keep their order. Only originals should be counted as support: a copy's outlet
    ran the same text.
    """
    items = list(articles)
    dedup = Deduper(window_days=None)  # a handful of articles: compare every pair, whatever their dates
    # Keyed by position, so that two inputs sharing an id are still told apart.
    originals = [a for i, a in enumerate(items)
                 if dedup.add(str(i), fingerprint(article_text(a)), a.published) is None]
    copies = {items[int(k)].id: tuple(items[int(c)].id for c in v) for k, v in dedup.groups().items()}
    return tuple(originals), copies

"""Group articles that are all at hand: a nearest-neighbour graph, cut into its communities.

The one-pass grouping of a stream (`chorus.cluster`) decides on each article as it comes, with
one bar of similarity for every story. No bar serves two cases that real news mixes: articles of
two look-alike events (the same kind of heist in one city, five years apart) are alike, often
above a cosine of 0.3, while reports of one event by outlets that share few words are often below
0.2. What tells them apart is relative: an article is closer to the articles of its own event
than to those of the other. When every article is at hand (the files given to `chorus stories`
or `chorus batch`), that can be used. Each article is linked to its `NEIGHBOURS` most similar
others, by the cosine of the same TF-IDF features `chorus.cluster` reads (counted over the whole
input), at least `FLOOR`, and dated articles only to those within the date window of each other.
The graph is then cut into communities by the Leiden algorithm under the constant Potts model
(Traag, Waltman & van Eck 2019, through `leidenalg`): a group stays one story when the links
inside it weigh more than `RESOLUTION` per pair of its members, so a dense group of look-alikes
splits where its two halves link less than they do inside, and two sparse reports of one event
with nothing else near them stay together.

>>> from chorus.cluster import Features
>>> def item(words):
...     return Features({w: 1.0 for w in words.split()}, None, "")
>>> communities([item("dam burst millbrook flood valley"), item("dam burst millbrook flood river"),
...              item("election vote senate ballot count")])
[0, 0, 1]
"""

from __future__ import annotations

import bisect
import math
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone

import igraph
import leidenalg
import numpy as np
from scipy import sparse

from .cluster import WINDOW_DAYS, Features

__all__ = ["FLOOR", "NEIGHBOURS", "RESOLUTION", "communities"]

# Chosen on the tune split of bench/stories_eval.py's mix (ECB+ and Multi-News dev), check held
# out: `python bench/stories_eval.py --sweep` tries 3, 4, 5 and 8 neighbours, floors 0.1 to 0.2
# and resolutions 0.02 to 0.1, undated and with the two kinds of synthetic dates. With 5
# neighbours at floor 0.15, undated B-cubed F1 on tune is 0.916 to 0.921 for resolutions 0.04 to
# 0.06, best at this one, whose dated rows stay at 0.964 and 0.954. 4 neighbours do better on tune
# (0.927 at floor 0.15 and resolution 0.04, dated rows 0.961 and 0.951) but worse on check (0.937
# against 0.959 undated, 0.948 against 0.969 dated), so 4 is not taken: fewer neighbours than a
# story has reports thin out its links and split it. Other partitions (modularity, Surprise,
# Significance), mutual neighbours only, shared-neighbour, locally scaled and hubness-corrected
# weights, and merging or splitting communities after the cut did worse in throw-away scripts.
NEIGHBOURS = 5
FLOOR = 0.15
RESOLUTION = 0.05
# Leiden starts from a random order; a fixed seed makes the same input give the same stories.
SEED = 1
# Leiden's passes over a component (its default). Passes until nothing moves gave the story
# benchmark's scores to the thousandth (the same stories on tune and check; a few articles of the
# whole mix went elsewhere), and cost 32 s more on 100,000 undated articles, at the same F1.
ITERATIONS = 2
# Rows compared at once with the rest (a sparse product of CHUNK rows against their columns).
CHUNK = 512
# The shortlist of likely neighbours (see `_neighbours`): its length, the heaviest features of a
# row it is found by, and how many rows a feature may be among the heaviest of to count. With
# these, the story benchmark's mix keeps every edge; 10,000 / 30,000 / 100,000 undated articles
# of bench/stream_speed.py's corpus keep 99.7% / 98.6% / 96.3% of them, and their stories are as
# close to the true ones as when every pair is compared (B-cubed F1 0.720 / 0.764 / 0.763
# against 0.719 / 0.763 / 0.762; low, as the corpus copies each story with new names only).
SHORTLIST = 30
TOP_FEATURES = 60
COMMON = 2000
# Up to this many columns a chunk is compared with every one of them: the shortlist only pays
# past about 3,000 (4,000 undated articles: 0.41 s compared in full, 0.29 s shortlisted; 2,000:
# 0.11 s and 0.14 s), so inputs this small, and dated rows' weeks, get every pair's cosine.
EXACT_UP_TO = 4000
# Threads for the neighbour search: one per core, up to 4 (the sparse products are most of it;
# 100,000 undated articles of bench/stream_speed.py's feed: 20 s in one thread, 10 s in two).
THREADS = min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def communities(items: Sequence[Features], window_days: float = WINDOW_DAYS,
                fixed: Sequence[int | None] | None = None) -> list[int]:
    """A community number for each article's features, numbered in order of first member.

    `fixed` gives articles already placed a label (their story), None for the others: an article
    with a label stays with the others of its label and no other, and the rest join one of those
    groups or form groups of their own (a store's new articles, among the stories it has).
    """
    if not items:
        return []
    matrix = _matrix([features.weights for features in items])
    edges = _neighbours(matrix, [features.published for features in items], window_days)
    graph = igraph.Graph(n=len(items), edges=list(edges), edge_attrs={"weight": list(edges.values())})
    labels = list(fixed) if fixed is not None else [None] * len(items)
    # A community never spans two connected components (unlinked articles only cost), so each
    # is cut on its own: Leiden over the whole graph spends most of its time on the many small
    # ones.
    group: list[object] = list(range(len(items)))   # an article alone, unless grouped below
    for component in graph.connected_components():
        if len(component) > 1:
            for node, community in zip(component, _cut(graph.subgraph(component), [labels[v] for v in component])):
                group[node] = (component[0], community)
    # The groups that hold placed articles are their labels' groups, across components too.
    placed = {group[node]: label for node, label in enumerate(labels) if label is not None}
    number: dict[object, int] = {}
    return [number.setdefault(("label", placed[g]) if g in placed else g, len(number)) for g in group]


def _cut(graph: igraph.Graph, labels: list[int | None]) -> list[int]:
    """Leiden communities (CPM) of a connected graph, nodes with a label kept with their label."""
    first = {label: node for node, label in reversed(list(enumerate(labels))) if label is not None}
    start = [first[label] if label is not None else node for node, label in enumerate(labels)]
    partition = leidenalg.CPMVertexPartition(graph, initial_membership=start, weights="weight",
                                             resolution_parameter=RESOLUTION)
    optimiser = leidenalg.Optimiser()
    optimiser.set_rng_seed(SEED)
    optimiser.optimise_partition(partition, n_iterations=ITERATIONS, is_membership_fixed=[label is not None for label in labels])
    return partition.membership


def _matrix(weights: Sequence[dict[str, float]]) -> sparse.csr_matrix:
    """Rows of TF-IDF, L2-normalised, with document frequencies over all `weights`; IDF as in
    `chorus.cluster` (log(1 + N) - log(1 + df) + 1)."""
    column: dict[str, int] = {}
    indptr, indices, data = [0], [], []
    for row in weights:
        for feature, weight in row.items():
            indices.append(column.setdefault(feature, len(column)))
            data.append(weight)
        indptr.append(len(indices))
    matrix = sparse.csr_matrix((np.asarray(data, dtype=np.float64), np.asarray(indices, dtype=np.int64),
                                np.asarray(indptr, dtype=np.int64)), shape=(len(weights), max(1, len(column))))
    df = np.bincount(matrix.indices, minlength=matrix.shape[1])
    matrix.data *= (math.log(1 + len(weights)) - np.log1p(df) + 1.0)[matrix.indices]
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ matrix)


def _seconds(when: datetime) -> float:
    if when.tzinfo is not None:
        when = when.astimezone(timezone.utc).replace(tzinfo=None)
    return (when - datetime(1970, 1, 1)).total_seconds()


def _neighbours(matrix: sparse.csr_matrix, dates: Sequence[datetime | None],
                window_days: float) -> dict[tuple[int, int], float]:
    """Each row's `NEIGHBOURS` most similar other rows at `FLOOR` or above, as edges (low, high)
    -> cosine. Dated rows are compared only with rows dated within the window and with undated
    ones; undated rows with all. Dated rows go in date order, so each chunk is compared only
    with the rows of its weeks.

    Comparing a chunk with every column costs the square of the input: the common words of a
    language are in nearly every article, so even a sparse product of all rows is nearly dense
    (30,000 undated articles took 27 s, 100,000 took 391 s). So past `EXACT_UP_TO` columns,
    each row's `SHORTLIST` likeliest neighbours are found first, by the product of the rows cut
    to their `TOP_FEATURES` heaviest features, without the features that are among the heaviest
    of more than `COMMON` articles (a word that common says little about which story an article
    is in, and its rows would make the product dense again): what a row costs then has a bound
    that does not grow with the input. Only the shortlisted pairs get their exact cosine. A
    neighbour that shares none of either article's heaviest features would have a low cosine
    anyway (see `SHORTLIST` for what is lost); 100,000 undated articles take about 20 s in one
    thread (`THREADS`).
    """
    window = window_days * 86400.0
    when = np.array([np.nan if d is None else _seconds(d) for d in dates])
    dated = sorted((i for i, d in enumerate(dates) if d is not None), key=when.__getitem__)
    undated = [i for i, d in enumerate(dates) if d is None]
    times = when[dated].tolist()
    every = np.arange(len(dates), dtype=np.int64)
    jobs: list[tuple[np.ndarray, np.ndarray, bool]] = []   # rows, their columns, dated
    for order, is_dated in ((dated, True), (undated, False)):
        for start in range(0, len(order), CHUNK):
            rows = np.asarray(order[start:start + CHUNK], dtype=np.int64)
            if is_dated:
                lo = bisect.bisect_left(times, times[start] - window)
                hi = bisect.bisect_right(times, times[start + len(rows) - 1] + window)
                jobs.append((rows, np.asarray(dated[lo:hi] + undated, dtype=np.int64), True))
            else:
                jobs.append((rows, every, False))
    heavy = _heaviest(matrix) if any(len(cols) > EXACT_UP_TO for _, cols, _ in jobs) else None
    heavy_columns = heavy.T.tocsr() if heavy is not None and undated else None  # an undated chunk's: all

    def best(job: tuple[np.ndarray, np.ndarray, bool]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The chunk's rows' best neighbours: (row, neighbour, cosine), each row's best first."""
        rows, cols, is_dated = job
        if len(cols) <= EXACT_UP_TO:
            block = (matrix[rows] @ matrix[cols].T).tocoo()
            at, to, sims = rows[block.row], cols[block.col], block.data
        else:
            others = heavy[cols].T if is_dated else heavy_columns  # type: ignore[index]
            at, to = _shortlist((heavy[rows] @ others).tocsr(), rows, cols, when if is_dated else None, window)  # type: ignore[index]
            sims = np.asarray(matrix[at].multiply(matrix[to]).sum(axis=1)).ravel()
        keep = (sims >= FLOOR) & (to != at)
        if is_dated:
            keep &= ~(np.abs(when[to] - when[at]) > window)  # NaN (undated) is never beyond it
        at, to, sims = at[keep], to[keep], sims[keep]
        ranked = np.lexsort((to, -sims, at))  # each row's best first; ties: the earlier row
        at, to, sims = at[ranked], to[ranked], sims[ranked]
        first = np.arange(len(at)) - np.searchsorted(at, at) < NEIGHBOURS
        return at[first], to[first], sims[first]

    edges: dict[tuple[int, int], float] = {}
    # SciPy's sparse products let go of the GIL, so threads share them out; the edges are taken
    # in chunk order, so the graph is the same whatever the number of threads.
    with ThreadPoolExecutor(THREADS) as pool:
        for at, to, sims in pool.map(best, jobs):
            for i, j, s in zip(at.tolist(), to.tolist(), sims.tolist()):
                edges[(i, j) if i < j else (j, i)] = s
    return edges


def _shortlist(scores: sparse.csr_matrix, rows: np.ndarray, cols: np.ndarray, when: np.ndarray | None,
               window: float) -> tuple[np.ndarray, np.ndarray]:
    """The pairs (row, column) of each row's `SHORTLIST` best `scores` (a row of `scores` per
    row, a column per column), other than itself and, with `when`, within the window."""
    at, to = [], []
    for r, i in enumerate(rows.tolist()):
        a, b = scores.indptr[r], scores.indptr[r + 1]
        found, score = cols[scores.indices[a:b]], scores.data[a:b]
        keep = found != i
        if when is not None:
            keep &= ~(np.abs(when[found] - when[i]) > window)
        found, score = found[keep], score[keep]
        if len(found) > SHORTLIST:
            found = found[np.argpartition(-score, SHORTLIST)[:SHORTLIST]]
        at.append(np.full(len(found), i, dtype=np.int64))
        to.append(found)
    return np.concatenate(at), np.concatenate(to)


def _heaviest(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    """`matrix` cut to each row's `TOP_FEATURES` heaviest features (and those that tie with the
    last), without the features that are among the heaviest of more than `COMMON` rows."""
    lengths = np.diff(matrix.indptr)
    least = np.zeros(matrix.shape[0])
    for i in np.flatnonzero(lengths > TOP_FEATURES).tolist():
        row = matrix.data[matrix.indptr[i]:matrix.indptr[i + 1]]
        least[i] = np.partition(row, len(row) - TOP_FEATURES)[len(row) - TOP_FEATURES]
    rows = np.repeat(np.arange(matrix.shape[0]), lengths)
    kept = np.flatnonzero(matrix.data >= least[rows])
    df = np.bincount(matrix.indices[kept], minlength=matrix.shape[1])
    kept = kept[df[matrix.indices[kept]] <= COMMON]
    return sparse.csr_matrix((matrix.data[kept], (rows[kept], matrix.indices[kept])), shape=matrix.shape)

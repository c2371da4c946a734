"""How well `supported_by` agrees with a careful reader, on hand-labelled pairs from Multi-News dev.

    python bench/support_eval.py                  # evaluate; print tables; rewrite docs section
    python bench/support_eval.py --no-write       # evaluate and print only
    python bench/support_eval.py --candidates DIR # (re)draw the pairs to label (see below)

A pair is (summary sentence s of a cluster's briefing, another article B of that cluster). The
label, given by one annotator who read s (with the sentence before it, for context) and the
whole raw text of B, without seeing any score, is true when B states the claim of s
(same event / fact / quote; minor details may differ) and false when B only shares the topic or
says something else. The labels are in tests/data/support_labels.jsonl. They hold no text from
the dataset (its terms forbid redistribution): each names its sentence by the sha1 of the
sentence text *as chorus segments it* (`chorus.api.prepare`, before the summary drops a
dateline) and its first five words, and the other article by its position in the cluster's
`documents`. Everything else is re-derived here from ../shared/data/multinews-dev.jsonl with the
current code: the sentence is looked up among all sentences of the cluster (so the labels stay
valid when selection changes), and the support decision for the pair comes from
`chorus.brief.support.support_matrix` on the story index `chorus.brief.sentences.index_story`
builds, exactly as `chorus.brief` computes it.

The script prints precision / recall / F1 of that decision at `SUPPORT_THRESHOLD`, a table over
thresholds, and the same for a few alternative measures defined below (analysis only; nothing
here changes chorus). It rewrites only its own section of docs/benchmarks.md, between
`<!-- support:start -->` and `<!-- support:end -->`.

The pairs were drawn with `--candidates`: every cluster's `chorus.brief(..., words=250)`, every
(summary sentence, other article) pair scored by its best cosine to a sentence of that article,
then a seeded sample stratified over the cosine range (`BINS`, `PER_BIN` each), at most
`PER_CLUSTER` pairs per cluster and one per summary sentence, written for labelling in shuffled
order and without scores. (The draw depends on the code of the day: re-running it after
selection changes draws other pairs, which then need labels of their own.) The sample
over-represents high
cosines compared with all pairs, so the script also gives precision/recall re-weighted to the
population of all pairs (each label weighted by its bin's share of all pairs over its share of
the labels).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import math
import random
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
DATA = SHARED / "multinews-dev.jsonl"
FIXTURE = REPO / "tests" / "data" / "support_labels.jsonl"

WORDS = 250
SEED = 20261125
BINS = (0.0, 0.2, 0.35, 0.5, 1.0 + 1e-9)   # [0,.2) [.2,.35) [.35,.5) [.5,1]
PER_BIN = 25
PER_CLUSTER = 2
THRESHOLDS = tuple(round(0.15 + 0.05 * i, 2) for i in range(10))   # 0.15 ... 0.60


# --- the data, as chorus sees it -----------------------------------------------------------

def read_clusters(path: Path = DATA, ids: Iterable[str] | None = None) -> dict[str, dict]:
    """The dataset's clusters by id (only `ids` when given), in file order."""
    wanted = set(ids) if ids is not None else None
    out: dict[str, dict] = {}
    with path.open(encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            rec = json.loads(line)
            if wanted is None or rec["id"] in wanted:
                out[rec["id"]] = rec
    return out


def articles_of(cluster: dict) -> list:
    """The cluster's documents as chorus Articles with ids d0, d1, ... (their position)."""
    from chorus import Article

    return [
        Article(id=f"d{i}", title="", outlet=None, source=f"{cluster['id']}:d{i}", published=None, text=doc)
        for i, doc in enumerate(cluster["documents"])
    ]


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def prefix(text: str, n: int = 5) -> str:
    return " ".join(text.split()[:n])


@dataclass
class ClusterView:
    """One cluster after chorus's own clean + segment, indexed as the brief stage indexes it."""

    cluster: dict
    documents: tuple          # chorus Documents that survived `prepare`
    story: object             # chorus.brief.sentences.StorySentences
    position: dict[int, int]  # dataset document index -> position in `documents`

    @classmethod
    def build(cls, cluster: dict) -> "ClusterView":
        from chorus.api import prepare
        from chorus.brief.sentences import index_story

        documents, _ = prepare(articles_of(cluster))
        story = index_story(documents)
        position = {int(doc.article.id[1:]): p for p, doc in enumerate(documents)}
        return cls(cluster, documents, story, position)

    def row_of(self, sentence_sha1: str, article: int, source: int | None = None) -> int | None:
        """The story row of the sentence with this sha1, preferring `source`, never in `article`."""
        other = self.position.get(article)
        rows = [r for r, s in enumerate(self.story.sentences) if sha1(s.text) == sentence_sha1
                and int(self.story.doc_of[r]) != other]
        if not rows:
            return None
        src = self.position.get(source) if source is not None else None
        rows.sort(key=lambda r: int(self.story.doc_of[r]) != src)
        return rows[0]

    def best_cosine(self, row: int, article: int) -> float:
        """Best TF-IDF cosine of sentence `row` to any sentence of dataset document `article`."""
        d = self.position.get(article)
        if d is None:
            return 0.0
        sims = self.story.similarity([row])[0]
        mask = self.story.doc_of == d
        return float(sims[mask].max()) if mask.any() else 0.0

    def supported(self, row: int, article: int, threshold: float | None = None) -> bool:
        """chorus's own decision: does document `article` support sentence `row`?"""
        from chorus.brief import support

        d = self.position.get(article)
        if d is None:                       # dropped by prepare: chorus cannot cite it
            return False
        t = support.SUPPORT_THRESHOLD if threshold is None else threshold
        return bool(support.support_matrix(self.story, [row], t)[0, d])

    def doc_sentences(self, article: int) -> list[str]:
        d = self.position.get(article)
        return [] if d is None else [s.text for s in self.documents[d].sentences]


# --- drawing the pairs to label ------------------------------------------------------------

def all_pairs(clusters: dict[str, dict]) -> list[dict]:
    """Every (summary sentence, other article) pair of every cluster's 250-word briefing."""
    import chorus

    pairs = []
    for cid, cluster in clusters.items():
        if len(cluster["documents"]) < 2:
            continue
        briefing = chorus.brief(articles_of(cluster), words=WORDS)
        view = ClusterView.build(cluster)
        row_at = {(s.article, s.index): r for r, s in enumerate(view.story.sentences)}
        for k, s in enumerate(briefing.summary):
            row = row_at[(s.article, s.sentence)]
            text = view.story.sentences[row].text
            own = int(s.article[1:])
            for other in sorted(view.position):
                if other == own:
                    continue
                pairs.append({
                    "cluster": cid, "summary_index": k, "sentence_sha1": sha1(text),
                    "sentence_prefix": prefix(text), "source_article": own, "article": other,
                    "cosine": view.best_cosine(row, other),
                    "supported_by": f"d{other}" in s.supported_by,
                })
    return pairs


def bin_of(x: float) -> int:
    for b in range(len(BINS) - 1):
        if BINS[b] <= x < BINS[b + 1]:
            return b
    return len(BINS) - 2


def stratified_sample(pairs: list[dict], per_bin: int = PER_BIN, seed: int = SEED) -> list[dict]:
    """`per_bin` pairs per cosine bin, at most PER_CLUSTER per cluster and one per sentence."""
    rng = random.Random(seed)
    by_bin: dict[int, list[dict]] = defaultdict(list)
    for p in pairs:
        by_bin[bin_of(p["cosine"])].append(p)
    for b in by_bin:
        rng.shuffle(by_bin[b])
    taken: list[dict] = []
    per_cluster: Counter = Counter()
    sentences: set = set()
    counts: Counter = Counter()
    nbins = len(BINS) - 1
    # round-robin over the bins, so no bin gets first pick of the clusters
    cursor = {b: 0 for b in range(nbins)}
    while any(counts[b] < per_bin and cursor[b] < len(by_bin[b]) for b in range(nbins)):
        for b in range(nbins):
            while counts[b] < per_bin and cursor[b] < len(by_bin[b]):
                p = by_bin[b][cursor[b]]
                cursor[b] += 1
                key = (p["cluster"], p["sentence_sha1"])
                if per_cluster[p["cluster"]] >= PER_CLUSTER or key in sentences:
                    continue
                taken.append(p)
                per_cluster[p["cluster"]] += 1
                sentences.add(key)
                counts[b] += 1
                break
    return taken


def write_candidates(out: Path, clusters: dict[str, dict]) -> None:
    """Draw the sample; write it for labelling *without scores*, and the scores separately."""
    pairs = all_pairs(clusters)
    sample = stratified_sample(pairs)
    rng = random.Random(SEED + 1)
    rng.shuffle(sample)                       # labelling order carries no hint of the bin
    out.mkdir(parents=True, exist_ok=True)
    with (out / "to_label.txt").open("w", encoding="utf-8") as f:
        for n, p in enumerate(sample):
            view = ClusterView.build(clusters[p["cluster"]])
            row = view.row_of(p["sentence_sha1"], p["article"], p["source_article"])
            s = view.story.sentences[row]
            own = view.documents[int(view.story.doc_of[row])].sentences
            before = own[s.index - 1].text if s.index > 0 else ""
            f.write(f"=== PAIR {n}  cluster={p['cluster']}  source=d{p['source_article']}  other=d{p['article']}\n")
            f.write(f"[context before] {before}\n")
            f.write(f"[SUMMARY SENTENCE] {s.text}\n")
            f.write(f"--- other article d{p['article']} (raw text) ---\n")
            f.write(clusters[p["cluster"]]["documents"][p["article"]].strip() + "\n\n")
    with (out / "pairs.jsonl").open("w", encoding="utf-8") as f:
        for n, p in enumerate(sample):
            f.write(json.dumps({"n": n, **p}) + "\n")
    with (out / "population.json").open("w", encoding="utf-8") as f:
        json.dump(dict(Counter(bin_of(p["cosine"]) for p in pairs)), f)
    print(f"{len(pairs)} pairs in {len(clusters)} clusters; drew {len(sample)} "
          f"from {len({p['cluster'] for p in sample})} clusters into {out}")


# --- the labelled pairs, re-derived from the data ------------------------------------------

def read_labels(path: Path = FIXTURE) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@dataclass
class LabelledPair:
    item: dict                # the fixture line
    view: ClusterView
    row: int                  # story row of the summary sentence
    article: int              # dataset index of the other article

    @property
    def label(self) -> bool:
        return bool(self.item["label"])


def resolve(labels: list[dict], data: Path = DATA) -> tuple[list[LabelledPair], list[dict]]:
    """Each label's sentence and article in the current code's view of its cluster; and misses."""
    clusters = read_clusters(data, {x["cluster"] for x in labels})
    views: dict[str, ClusterView] = {}
    pairs, missing = [], []
    for x in labels:
        cluster = clusters.get(x["cluster"])
        if cluster is None:
            missing.append(x)
            continue
        view = views.get(x["cluster"]) or views.setdefault(x["cluster"], ClusterView.build(cluster))
        row = view.row_of(x["sentence_sha1"], x["article"], x.get("source_article"))
        if row is None:
            missing.append(x)
            continue
        pairs.append(LabelledPair(x, view, row, int(x["article"])))
    return pairs, missing


# --- scoring -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Scores:
    tp: float
    fp: float
    fn: float
    tn: float

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else float("nan")

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else float("nan")

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r and not (math.isnan(p) or math.isnan(r)) else 0.0


def score(gold: list[bool], pred: list[bool], weights: list[float] | None = None) -> Scores:
    w = weights or [1.0] * len(gold)
    c = Counter()
    for g, p, x in zip(gold, pred, w):
        c[("t" if g == p else "f") + ("p" if p else "n")] += x
    return Scores(c["tp"], c["fp"], c["fn"], c["tn"])


def bootstrap(gold: list[bool], pred: list[bool], n: int = 2000, seed: int = SEED) -> dict[str, tuple[float, float]]:
    """95% percentile intervals of precision, recall and F1 over resamples of the pairs."""
    rng = np.random.default_rng(seed)
    g, p = np.asarray(gold), np.asarray(pred)
    out: dict[str, list[float]] = {"precision": [], "recall": [], "f1": []}
    for _ in range(n):
        i = rng.integers(0, len(g), len(g))
        s = score(g[i].tolist(), p[i].tolist())
        for k in out:
            v = getattr(s, k)
            if not math.isnan(v):
                out[k].append(v)
    return {k: (float(np.percentile(v, 2.5)), float(np.percentile(v, 97.5))) for k, v in out.items()}


def chorus_decisions(pairs: list[LabelledPair], threshold: float | None = None) -> list[bool]:
    """The support decision of the current code path for every pair."""
    return [p.view.supported(p.row, p.article, threshold) for p in pairs]


def population_weights(pairs: list[LabelledPair], population: Counter) -> list[float]:
    """Weight of each label so the sample stands for all pairs: bin share / sample share."""
    bins = [bin_of(p.view.best_cosine(p.row, p.article)) for p in pairs]
    have = Counter(bins)
    total_pop, total = sum(population.values()), len(pairs)
    return [(population[b] / total_pop) / (have[b] / total) for b in bins]


def population_bins(data: Path = DATA) -> Counter:
    """Cosine bins of every (summary sentence, other article) pair of every cluster."""
    return Counter(bin_of(p["cosine"]) for p in all_pairs(read_clusters(data)))


# --- alternative measures (analysis only) --------------------------------------------------
#
# Each maps a labelled pair to a number; "supported" is number >= threshold. They read the same
# cleaned, segmented sentences and the story's own idf as chorus does.

_NUMBER = re.compile(r"\d")


def _lexicon(view: ClusterView) -> dict:
    """Per-story stems of every sentence and their idf (as index_story weights them)."""
    cached = getattr(view, "_lexicon", None)
    if cached is not None:
        return cached
    from chorus.text import STOPWORDS, stem, terms

    stems = [set(terms(s.text)) for s in view.story.sentences]
    df = Counter(t for ts in stems for t in ts)
    n = len(stems)
    idf = {t: math.log((1 + n) / (1 + c)) + 1.0 for t, c in df.items()}
    names: list[set[str]] = []
    for s in view.story.sentences:
        toks = re.findall(r"[^\W_]+(?:['’][^\W_]+)*", s.text)
        cap = set()
        for i, tok in enumerate(toks):
            w = tok.lower().replace("’", "'")
            if w in STOPWORDS:
                continue
            if _NUMBER.search(tok) or (i > 0 and tok[0].isupper()):
                cap.add(stem(w))
        names.append(cap & stems[len(names)])
    view._lexicon = {"stems": stems, "idf": idf, "names": names}
    return view._lexicon


def _rows_of(view: ClusterView, article: int) -> list[int]:
    d = view.position.get(article)
    return [] if d is None else np.flatnonzero(view.story.doc_of == d).tolist()


def _windows(view: ClusterView, article: int, width: int) -> list[set[str]]:
    """Stem sets of B's sentences and, for width 2, of each pair of adjacent sentences."""
    lex = _lexicon(view)
    rows = _rows_of(view, article)
    out = [lex["stems"][r] for r in rows]
    if width >= 2:
        out += [lex["stems"][a] | lex["stems"][b] for a, b in zip(rows, rows[1:])]
    return out


def containment(pair: LabelledPair, width: int = 1, only: str = "all") -> float:
    """Best share of the sentence's idf weight whose stems appear in one window of B.

    `only="content"` counts only stems that are not names or numbers (the predicate words).
    """
    lex = _lexicon(pair.view)
    mine = lex["stems"][pair.row]
    if only == "content":
        mine = mine - lex["names"][pair.row]
    total = sum(lex["idf"][t] for t in mine)
    if not total:
        return 0.0
    return max((sum(lex["idf"][t] for t in mine & w) / total for w in _windows(pair.view, pair.article, width)),
               default=0.0)


def cosine(pair: LabelledPair) -> float:
    return pair.view.best_cosine(pair.row, pair.article)


def window_cosine(pair: LabelledPair) -> float:
    """Best cosine to one sentence of B or to the sum of two adjacent ones (renormalised)."""
    view = pair.view
    rows = _rows_of(view, pair.article)
    if not rows:
        return 0.0
    v = view.story.vectors
    me = v[pair.row]
    best = float((me @ v[rows].T).toarray().max())
    for a, b in zip(rows, rows[1:]):
        w = v[a] + v[b]
        norm = math.sqrt(float(w.multiply(w).sum())) or 1.0
        best = max(best, float((me @ w.T).toarray()[0, 0]) / norm)
    return best


def cosine_and_content(pair: LabelledPair, floor: float = 0.25) -> float:
    """Cosine, but 0 when less than `floor` of the predicate words' weight is found in B.

    Aimed at the false citations where B shares the sentence's names but not what it says about
    them. The floor (0.25) was fixed before it was run on the labels, not tuned on them.
    """
    return cosine(pair) if containment(pair, 2, "content") >= floor else 0.0


def cosine_with_anchor(pair: LabelledPair) -> float:
    """Cosine, but 0 when the sentence has names or numbers and no window of B shares one."""
    anchors = _lexicon(pair.view)["names"][pair.row]
    if anchors and not any(anchors & w for w in _windows(pair.view, pair.article, 2)):
        return 0.0
    return cosine(pair)


MEASURES: dict[str, tuple[str, Callable[[LabelledPair], float]]] = {
    "cosine": ("TF-IDF cosine to B's best sentence (chorus today)", cosine),
    "cosine2": ("TF-IDF cosine to B's best sentence or adjacent-sentence pair", window_cosine),
    "contain1": ("idf-weighted share of the sentence's stems in B's best sentence", lambda p: containment(p, 1)),
    "contain2": ("idf-weighted share of the sentence's stems in B's best sentence or adjacent pair",
                 lambda p: containment(p, 2)),
    "cos+pred": ("cosine, zeroed unless >= 25% of the non-name, non-number stems' weight is in one "
                 "window of B", cosine_and_content),
    "cos+anchor": ("cosine, zeroed when the sentence has names/numbers and no window of B shares one",
                   cosine_with_anchor),
}


def sweep(values: list[float], gold: list[bool], grid: Iterable[float],
          weights: list[float] | None = None) -> list[tuple[float, Scores]]:
    return [(t, score(gold, [v >= t for v in values], weights)) for t in grid]


def best_f1(rows: list[tuple[float, Scores]]) -> tuple[float, Scores]:
    """The threshold with the best F1; ties go to the higher threshold (fewer false citations)."""
    return max(rows, key=lambda r: (round(r[1].f1, 9), r[0]))


def loo_f1(values: list[float], gold: list[bool], grid: list[float]) -> Scores:
    """Leave-one-out: each pair judged at the best-F1 threshold chosen on the other pairs."""
    pred = []
    for i in range(len(values)):
        vs, gs = values[:i] + values[i + 1:], gold[:i] + gold[i + 1:]
        t, _ = best_f1(sweep(vs, gs, grid))
        pred.append(values[i] >= t)
    return score(gold, pred)


# --- the report ----------------------------------------------------------------------------

FINE = [round(0.05 + 0.01 * i, 2) for i in range(91)]   # grid for the alternatives' thresholds


def _f(x: float) -> str:
    return "  n/a" if math.isnan(x) else f"{x:.3f}"


def report(pairs: list[LabelledPair], missing: list[dict], population: Counter | None) -> tuple[str, dict]:
    """The text of the report (markdown-friendly) and the key numbers."""
    from chorus.brief.support import SUPPORT_THRESHOLD

    gold = [p.label for p in pairs]
    cos = [cosine(p) for p in pairs]
    now = chorus_decisions(pairs)
    weights = population_weights(pairs, population) if population else None
    s_now = score(gold, now)
    ci = bootstrap(gold, now)
    pos = sum(gold)
    lines = [
        f"labelled pairs: {len(pairs) + len(missing)} in {len({p.item['cluster'] for p in pairs})} clusters; "
        f"{len(pairs)} found in the current segmentation, {len(missing)} not found",
        f"labels: {pos} supported (true), {len(pairs) - pos} not supported (false)",
        "pairs per cosine bin now: " + ", ".join(
            f"[{BINS[b]:.2f}, {min(BINS[b + 1], 1):.2f}{']' if b == len(BINS) - 2 else ')'}: {n}"
            for b, n in sorted(Counter(bin_of(c) for c in cos).items())),
        "",
        f"supported_by at SUPPORT_THRESHOLD = {SUPPORT_THRESHOLD} (chorus.brief.support.support_matrix):",
        f"  precision {_f(s_now.precision)} [{ci['precision'][0]:.2f}, {ci['precision'][1]:.2f}]   "
        f"recall {_f(s_now.recall)} [{ci['recall'][0]:.2f}, {ci['recall'][1]:.2f}]   "
        f"F1 {_f(s_now.f1)} [{ci['f1'][0]:.2f}, {ci['f1'][1]:.2f}]   (95% bootstrap over pairs)",
        f"  TP {s_now.tp:.0f}  FP {s_now.fp:.0f}  FN {s_now.fn:.0f}  TN {s_now.tn:.0f}",
    ]
    if weights:
        w = score(gold, now, weights)
        lines.append(f"  re-weighted to all {sum(population.values())} pairs of the 150 briefings: "
                     f"precision {_f(w.precision)}  recall {_f(w.recall)}  F1 {_f(w.f1)}")
    lines += ["", "threshold  TP  FP  FN  TN  precision  recall     F1" + ("  | re-weighted: P      R      F1" if weights else "")]
    table = []
    for t in THRESHOLDS:
        s = score(gold, chorus_decisions(pairs, t))
        table.append((t, s))
        row = f"{t:9.2f} {s.tp:3.0f} {s.fp:3.0f} {s.fn:3.0f} {s.tn:3.0f}  {_f(s.precision):>9}  {_f(s.recall):>6}  {_f(s.f1):>5}"
        if weights:
            w = score(gold, [c >= t for c in cos], weights)
            row += f"  |             {_f(w.precision)}  {_f(w.recall)}  {_f(w.f1)}"
        lines.append(row)
    t_f1, s_f1 = best_f1(table)
    precise = [(t, s) for t, s in table if not math.isnan(s.precision) and s.precision >= 0.9]
    t_p9, s_p9 = max(precise, key=lambda r: (r[1].recall, -r[0])) if precise else (float("nan"), None)
    loo = loo_f1(cos, gold, list(THRESHOLDS))
    lines += [
        "",
        f"best F1 on this grid: threshold {t_f1:.2f} (P {_f(s_f1.precision)}, R {_f(s_f1.recall)}, F1 {_f(s_f1.f1)})",
        (f"lowest threshold with precision >= 0.90, i.e. the most recall at that precision: {t_p9:.2f} "
         f"(P {_f(s_p9.precision)}, R {_f(s_p9.recall)})" if s_p9 else "no threshold reaches precision 0.90"),
        f"leave-one-out (threshold picked on the other {len(pairs) - 1} pairs, this grid): "
        f"P {_f(loo.precision)}, R {_f(loo.recall)}, F1 {_f(loo.f1)}",
        "",
        "alternative measures (bench/support_eval.py, analysis only; threshold grid 0.05-0.95 step 0.01):",
        "measure      best t  precision  recall     F1 | leave-one-out P      R     F1",
    ]
    for key, (_, fn) in MEASURES.items():
        vals = [fn(p) for p in pairs]
        t, s = best_f1(sweep(vals, gold, FINE))
        lo = loo_f1(vals, gold, FINE)
        lines.append(f"{key:<11} {t:7.2f}  {_f(s.precision):>9}  {_f(s.recall):>6}  {_f(s.f1):>5} |"
                     f"               {_f(lo.precision)}  {_f(lo.recall)}  {_f(lo.f1)}")
    lines += [""] + [f"  {key}: {desc}" for key, (desc, _) in MEASURES.items()]
    key = {"precision": s_now.precision, "recall": s_now.recall, "f1": s_now.f1,
           "best_f1_threshold": t_f1, "p90_threshold": t_p9}
    return "\n".join(lines), key


def disagreements(pairs: list[LabelledPair]) -> str:
    """Pairs where the current decision differs from the label (prefix and reason only)."""
    out = []
    for p, d in zip(pairs, chorus_decisions(pairs)):
        if d != p.label:
            kind = "false citation" if d else "missed support"
            out.append(f"  {kind:14s} cos {cosine(p):.3f}  {p.item['cluster']} d{p.article}  "
                       f"\"{p.item['sentence_prefix']} …\"  — {p.item['reason']}")
    return "\n".join(out) or "  none"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--no-write", action="store_true", help="print only; leave docs/benchmarks.md alone")
    ap.add_argument("--candidates", type=Path, metavar="DIR",
                    help="draw the pairs to label into DIR (no scores in to_label.txt) and stop")
    args = ap.parse_args(argv)
    if not DATA.is_file():
        print(f"skipped: {DATA} is not present (the shared Multi-News dev data lives next to the repository)")
        return 0
    if args.candidates:
        write_candidates(args.candidates, read_clusters())
        return 0
    import chorus

    labels = read_labels()
    pairs, missing = resolve(labels)
    population = population_bins()
    text, _ = report(pairs, missing, population)
    print(text)
    print("\ndisagreements at the current threshold:")
    print(disagreements(pairs))
    if missing:
        print("\nnot found (segmentation changed? re-draw and re-label these):")
        for x in missing:
            print(f"  {x['cluster']} \"{x['sentence_prefix']} …\" d{x['article']}")
    if not args.no_write:
        from bench_report import write_section

        body = "\n".join([
            f"- date: {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC, chorus {chorus.__version__}",
            "- command: `python bench/support_eval.py`",
            f"- labels: `tests/data/support_labels.jsonl`, pairs of a 250-word briefing's sentence and "
            f"another article of its cluster in `../shared/data/{DATA.name}`, each judged by one annotator "
            "who read the whole other article without seeing a score (true: it states the sentence's "
            "claim; false: topic only or something else). Drawn stratified over the cosine range, at "
            "most 2 per cluster (`--candidates`); the re-weighted columns undo that stratification, "
            "with few labels behind each weight, so read them as rough.",
            "",
            "```text",
            text,
            "```",
        ])
        write_section("support", "Citation support: `supported_by` against hand labels (`bench/support_eval.py`)",
                      body)
        print("\nwrote the support section of docs/benchmarks.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Evaluation on held-out links: hide links (the newest ones where they carry a year, else a random quarter),
project the graph without them, and see where each method ranks them.

Methods: random, popularity (most-linked candidates first), text-only TF-IDF, and the learned ranker
trained on the links that stay visible. Metrics per recommender: Recall@10, HR@10, NDCG@10, MRR.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from graph.store import GraphStore
from matcher.engine import Scorer, train
from matcher.features import Query, Rows, TextSimilarity, feature_matrix
from matcher.projection import Projection, ProjectionBuilder
from matcher.recommenders import RECOMMENDERS, Filters, Recommender, target_of

YEAR_FIELDS = {"COLLABORATED_WITH": "first_year", "LICENSED_TO": "year", "FOUNDED": "year"}
METHODS = ("random", "popularity", "text", "learned")


@dataclass
class Metrics:
    recommender: str
    method: str
    queries: int
    recall10: float
    hr10: float
    ndcg10: float
    mrr: float

    def row(self) -> list[str]:
        return [self.recommender, self.method, str(self.queries), f"{self.recall10:.3f}", f"{self.hr10:.3f}",
                f"{self.ndcg10:.3f}", f"{self.mrr:.3f}"]


def score_ranking(ranking: Sequence[int], positives: set[int], k: int = 10) -> tuple[float, float, float, float]:
    """(recall@k, hit@k, ndcg@k, reciprocal rank) of one ranked list."""
    if not positives:
        return 0.0, 0.0, 0.0, 0.0
    hits = [1.0 if r in positives else 0.0 for r in ranking[:k]]
    dcg = sum(h / math.log2(i + 2) for i, h in enumerate(hits))
    ideal = sum(1 / math.log2(i + 2) for i in range(min(k, len(positives))))
    first = next((i for i, r in enumerate(ranking) if r in positives), None)
    return sum(hits) / len(positives), float(any(hits)), dcg / ideal, 0.0 if first is None else 1 / (first + 1)


def summarise(recommender: str, method: str, per_query: list[tuple[float, float, float, float]]) -> Metrics:
    arr = np.asarray(per_query) if per_query else np.zeros((0, 4))
    means = arr.mean(axis=0) if len(arr) else np.zeros(4)
    return Metrics(recommender, method, len(per_query), *[float(m) for m in means])


def link_years(store: GraphStore, rec: Recommender, p: Projection) -> dict[tuple[int, int], int | None]:
    """Year of each observed link (None where the record has none)."""
    field = YEAR_FIELDS.get(rec.link_label)
    years: dict[tuple[str, str], int] = {}
    if field:
        for chunk in store.stream_edges(rec.link_label, [field]):
            for src, dst, year in chunk:
                if isinstance(year, int):
                    years[(str(src), str(dst))] = year
                    years[(str(dst), str(src))] = year
    out: dict[tuple[int, int], int | None] = {}
    for pair in rec.observed_links(p):
        ids = rec.link_ids(p, [pair])
        found = [years[i] for i in ids if i in years]
        out[pair] = min(found) if found else None
    return out


def split_links(years: dict[tuple[int, int], int | None], *, test_share: float = 0.25, seed: int = 7
                ) -> tuple[list[tuple[int, int]], list[tuple[int, int]], str]:
    """(train, test, how): the newest links by year when most links carry one, else a random share."""
    pairs = sorted(years)
    dated = [p for p in pairs if years[p] is not None]
    if len(dated) >= 0.8 * len(pairs) and dated:
        ordered = sorted(dated, key=lambda p: (years[p] or 0, p))
        cutoff = years[ordered[int(len(ordered) * (1 - test_share))]]
        test = [p for p in dated if years[p] >= cutoff]  # type: ignore[operator]
        return [p for p in pairs if p not in set(test)], test, f"time split: links from {cutoff} on"
    rng = random.Random(seed)
    shuffled = pairs[:]
    rng.shuffle(shuffled)
    cut = int(len(shuffled) * test_share)
    return shuffled[cut:], shuffled[:cut], "random split"


def evaluate_recommender(store: GraphStore, p: Projection, rec: Recommender, *, seed: int = 7,
                         max_queries: int = 300) -> tuple[list[Metrics], str]:
    years = link_years(store, rec, p)
    train_links, test_links, how = split_links(years, seed=seed)
    if not test_links:
        return [], "no links to evaluate"
    visible = p.without_links(rec.link_label, rec.link_ids(p, test_links))
    scorer = train(rec, visible)
    known: dict[int, set[int]] = defaultdict(set)
    for a, b in train_links:
        known[a].add(b)
    truth: dict[int, set[int]] = defaultdict(set)
    for a, b in test_links:
        truth[a].add(b)
    queries = sorted(truth)[:max_queries]
    popularity = _popularity(rec, visible, train_links)
    rng = np.random.default_rng(seed)
    methods: dict[str, Callable[[Query, Rows], NDArray[np.float64]]] = {
        "random": lambda q, rows: rng.random(rows.size),
        "popularity": lambda q, rows: popularity[rows] + 1e-9 * rng.random(rows.size),
        "text": lambda q, rows: TextSimilarity(target_of(rec, visible))(visible, q, rows),
        "learned": lambda q, rows: _learned(rec, visible, scorer, q, rows),
    }
    results: dict[str, list[tuple[float, float, float, float]]] = {m: [] for m in METHODS}
    for query_row in queries:
        q = rec.query_for_row(visible, query_row)
        rows = np.asarray([r for r in rec.candidates(visible, q, Filters()) if int(r) not in known[query_row]],
                          dtype=np.int64)
        positives = {r for r in truth[query_row] if r in set(rows.tolist())}
        if not positives:
            continue
        for method, scorer_fn in methods.items():
            scores = scorer_fn(q, rows)
            ranking = rows[np.lexsort((rows, -scores))].tolist()
            results[method].append(score_ranking(ranking, positives))
    ranker = "learned" if scorer.learned else "default weights (too few links to learn)"
    return [summarise(rec.kind, m, results[m]) for m in METHODS], f"{how}; learned = {ranker}"


def _learned(rec: Recommender, p: Projection, scorer: Scorer, q: Query, rows: Rows) -> NDArray[np.float64]:
    return scorer.score(feature_matrix(rec.features, p, q, rows))


def _popularity(rec: Recommender, p: Projection, links: list[tuple[int, int]]) -> NDArray[np.float64]:
    counts = np.zeros(len(rec.candidate_table(p)))
    for _, candidate in links:
        counts[candidate] += 1
    return counts


def evaluate(store: GraphStore, *, kinds: Sequence[str] = tuple(RECOMMENDERS), seed: int = 7
             ) -> tuple[list[Metrics], dict[str, str]]:
    """Metrics for every recommender and method, and how each was split."""
    projection = ProjectionBuilder(store).build()
    table: list[Metrics] = []
    notes: dict[str, str] = {}
    for kind in kinds:
        rows, note = evaluate_recommender(store, projection, RECOMMENDERS[kind](), seed=seed)
        table.extend(rows)
        notes[kind] = note
    return table, notes


def format_table(rows: list[Metrics]) -> str:
    header = ["recommender", "method", "queries", "Recall@10", "HR@10", "NDCG@10", "MRR"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(m.row()) + " |" for m in rows]
    return "\n".join(lines)

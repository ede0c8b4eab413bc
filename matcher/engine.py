"""Ranking and learning, independent of any store: shortlist candidates, compute features, score, and
train a ranker on the links a projection already holds."""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from matcher.features import Query, Rows, TechnologySimilarity, TextSimilarity, feature_matrix
from matcher.projection import Projection
from matcher.ranker import DEFAULT_WEIGHTS, LinkRanker, WeightedSum
from matcher.recommenders import Filters, Recommender, target_of

MIN_POSITIVES = 20


@dataclass
class Ranked:
    rows: Rows
    scores: NDArray[np.float64]
    features: NDArray[np.float64]
    total: int
    """Candidates that passed the filters (before the shortlist)."""


class Scorer:
    """A trained ``LinkRanker`` when there were enough links to learn from, else the default weights."""

    def __init__(self, kind: str, names: list[str], model: LinkRanker | None = None) -> None:
        self.kind, self.names, self.model = kind, names, model
        self.default = WeightedSum(DEFAULT_WEIGHTS[kind])

    @property
    def learned(self) -> bool:
        return self.model is not None

    def score(self, X: NDArray[np.float64]) -> NDArray[np.float64]:
        return self.model.score_pairs(X) if self.model is not None else self.default.score_pairs(X, self.names)

    def describe(self) -> dict[str, float]:
        return self.model.weights(self.names) if self.model is not None else dict(self.default.weights)


def shortlist(rec: Recommender, p: Projection, q: Query, rows: Rows, size: int) -> Rows:
    """The candidates worth scoring in full: best by text + technology similarity (stable order), and those the
    graph links to the query directly (``Recommender.linked``)."""
    if rows.size <= size:
        return rows
    target = target_of(rec, p)
    cheap: NDArray[np.float64] = TextSimilarity(target)(p, q, rows) + TechnologySimilarity(target)(p, q, rows)
    return np.sort(rows[shortlist_mask(cheap, rows, rec.linked(p, q), size)])


def shortlist_mask(cheap: NDArray[np.float64], rows: Rows, linked: Rows, size: int) -> NDArray[np.bool_]:
    """Which ``rows`` a shortlist keeps: the ``size`` best by ``cheap`` (stable order) and any in ``linked``."""
    keep = np.zeros(rows.size, dtype=bool)
    keep[np.argsort(-cheap, kind="stable")[:size]] = True
    if linked.size:  # few: a lookup table over the candidates, not a sort of them all
        keep |= np.isin(rows, linked, kind="table")
    return keep


def rank(rec: Recommender, p: Projection, q: Query, scorer: Scorer, filters: Filters, *, size: int) -> Ranked:
    rows = rec.candidates(p, q, filters)
    total = int(rows.size)
    rows = shortlist(rec, p, q, rows, size)
    X = feature_matrix(rec.features, p, q, rows)
    scores = scorer.score(X)
    order = np.lexsort((rows, -known_technologies(rec, p, rows), -scores))  # deterministic
    return Ranked(rows[order], scores[order], X[order], total)


def known_technologies(rec: Recommender, p: Projection, rows: Rows) -> NDArray[np.int64]:
    """How many technologies the graph knows each candidate for: among candidates the ranker scores alike (a query
    with little to go on, such as a person added with a name and a workplace), those with more to show come first,
    then id order."""
    indptr = (p.person_tech if target_of(rec, p) == "person" else p.org_tech).indptr
    return (indptr[rows + 1] - indptr[rows]).astype(np.int64)  # the candidates' row lengths, not every row's


def training_set(rec: Recommender, p: Projection, *, negatives: int = 4, max_positives: int = 1500, folds: int = 3,
                 seed: int = 7) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """Pairwise examples: (link − non-link of the same query) labelled 1, the reverse 0, so the ranker
    learns which of two candidates for one query is the link. Each fold's links are hidden from the projection its
    features are computed on, so a link never explains itself. Half the non-links are drawn from the
    plausible band (the top fifth by text and technology), so the ranker learns to order plausible
    candidates, not only to tell a plausible one from a random one; drawing them from the very top
    would teach it that text similarity is bad (they would out-score the real links on text)."""
    rng = random.Random(seed)
    links = rec.observed_links(p)
    rng.shuffle(links)
    links = links[:max_positives]
    linked: dict[int, set[int]] = {}
    for query_row, candidate_row in rec.observed_links(p):
        linked.setdefault(query_row, set()).add(candidate_row)
    X_parts: list[NDArray[np.float64]] = []
    y_parts: list[NDArray[np.int64]] = []
    for fold in range(folds):
        held = links[fold::folds]
        if not held:
            continue
        hidden = p.without_links(rec.link_label, rec.link_ids(p, held))
        by_query: dict[int, list[int]] = {}
        for query_row, candidate_row in held:
            by_query.setdefault(query_row, []).append(candidate_row)
        for query_row, positives in by_query.items():
            q = rec.query_for_row(hidden, query_row)
            candidates = rec.candidates(hidden, q, Filters())
            taken = linked.get(query_row, set())
            wanted = negatives * len(positives)
            band = max(50, candidates.size // 5)
            close = [int(r) for r in shortlist(rec, hidden, q, candidates, band) if int(r) not in taken]
            hard = rng.sample(close, min(len(close), wanted // 2))
            pool = [int(r) for r in candidates if int(r) not in taken and int(r) not in set(hard)]
            sampled = hard + rng.sample(pool, min(len(pool), wanted - len(hard)))
            if not sampled:
                continue
            rows = np.asarray(positives + sampled, dtype=np.int64)
            X = feature_matrix(rec.features, hidden, q, rows)
            pos, neg = X[: len(positives)], X[len(positives):]
            diffs = (pos[:, np.newaxis, :] - neg[np.newaxis, :, :]).reshape(-1, X.shape[1])
            X_parts.append(np.vstack([diffs, -diffs]))
            y_parts.append(np.asarray([1] * len(diffs) + [0] * len(diffs), dtype=np.int64))
    if not X_parts:
        return np.zeros((0, len(rec.features))), np.zeros(0, dtype=np.int64)
    return np.vstack(X_parts), np.concatenate(y_parts)


def train(rec: Recommender, p: Projection, **options: int) -> Scorer:
    """A learned scorer if the graph holds enough links of this kind, else the default weights."""
    X, y = training_set(rec, p, **options)
    if int(y.sum()) < MIN_POSITIVES or len(set(y.tolist())) < 2:
        return Scorer(rec.kind, rec.feature_names)
    return Scorer(rec.kind, rec.feature_names, LinkRanker(fit_intercept=False, monotone=True).fit(X, y))

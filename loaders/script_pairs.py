"""Organisations named in one script only, paired with one named only in the other by their names' letters: a pass
after a load, for the new organisations no rule merged or sent to review.

A Hangul name's renderings (known words translated, the rest romanised or read as loanwords) and an English name
share character n-grams where their sounds, folded letter by letter (``loaders.sounds``), do not line up: 씨앤상선 /
C&MERCHANT MARINE, 퀀타매트릭스 / QuantaMatrix Incorporated, 보루네오가구 / BORNEO INTERNATIONAL FURNITURE. TF-IDF
over character 2-4-grams (as ``benchmarks/resolution_quality.py`` ranks DART's names) scores every pair at once; a
pair goes to review when each name is the other's closest in the other script, scores at least ``NGRAM_REVIEW`` and
stands ``NGRAM_MARGIN`` clear of the record's next candidate. Never a merge: a few shared letters are no proof.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

NGRAM_REVIEW = 0.3
NGRAM_MARGIN = 0.1
"""On DART's listed companies loaded as two files (Hangul names, then English names, no codes) this pass raised 80
review pairs no other rule had, 68 of them one company (0.4 and 0.1: 59, 49; 0.3 and 0.15: 59, 51; 0.3 and 0.05: 92,
78; 0.25 and 0.1: 90, 74). The wrong ones mostly share a translated word and nothing else (동부건설 / SAMBU
CONSTRUCTION)."""
NGRAM_MIN_LENGTH = 4
"""Keys shorter than this are left out: three letters ('sbs', 'skc') are as much in another company's
name (SBS미디어홀딩스, SK케미칼) as in their own company's (비엔에프머티리얼즈 / BNF), and on DART paired
wrongly 8 times of 10."""
NGRAM_BUDGET = 2_000_000_000
"""The most key pairs the pass scores (query keys x candidate keys): about a minute here (6e8 in 20 s). Every pair
is scored, so the cost grows with the product of the two counts; a load beyond it is told so, not held up."""
_QUERIES_AT_ONCE = 64
"""Query organisations scored at once against every candidate key (a dense block of their keys x those)."""


@dataclass(frozen=True)
class LetterPair:
    record: str
    """The organisation the load made."""
    candidate: str
    score: float
    key: str
    candidate_key: str


def key_pairs(queries: Mapping[str, Sequence[str]], candidates: Mapping[str, Sequence[str]]) -> int:
    """How many key pairs ``closest_across_scripts`` would score."""
    return sum(len(keys) for keys in queries.values()) * sum(len(keys) for keys in candidates.values())


def closest_across_scripts(queries: Mapping[str, Sequence[str]], candidates: Mapping[str, Sequence[str]],
                           *, min_score: float = NGRAM_REVIEW, margin: float = NGRAM_MARGIN) -> list[LetterPair]:
    """Pairs of a query organisation and a candidate (each given by its Latin name keys) that are each the other's
    closest by TF-IDF cosine of character 2-4-grams, at least ``min_score`` and ``margin`` above the query's next
    candidate; in the order of ``queries``."""
    q_ids, q_owner, q_keys = _flatten({owner: [k for k in keys if len(k) >= NGRAM_MIN_LENGTH]
                                       for owner, keys in queries.items()})
    c_ids, c_owner, c_keys = _flatten({owner: [k for k in keys if len(k) >= NGRAM_MIN_LENGTH]
                                       for owner, keys in candidates.items()})
    if not q_keys or not c_keys:
        return []
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True, dtype=np.float32)
    vectorizer.fit(q_keys + c_keys)
    query_matrix, candidate_matrix = vectorizer.transform(q_keys), vectorizer.transform(c_keys).T.tocsc()
    c_starts = _starts(c_owner)
    best = np.zeros(len(q_ids), dtype=np.int64)
    best_score = np.zeros(len(q_ids))
    next_score = np.zeros(len(q_ids))
    column_best = np.full(len(c_ids), -1.0)
    column_owner = np.full(len(c_ids), -1, dtype=np.int64)
    q_starts = _starts(q_owner)
    for first in range(0, len(q_ids), _QUERIES_AT_ONCE):  # a block of query organisations, all their keys
        last = min(first + _QUERIES_AT_ONCE, len(q_ids))
        lo, hi = q_starts[first], q_starts[last] if last < len(q_ids) else len(q_keys)
        scores = np.asarray((query_matrix[lo:hi] @ candidate_matrix).todense())
        scores = np.maximum.reduceat(np.maximum.reduceat(scores, c_starts, axis=1), q_starts[first:last] - lo, axis=0)
        top = scores.argmax(axis=1)
        best[first:last] = top
        best_score[first:last] = scores[np.arange(len(top)), top]
        if scores.shape[1] > 1:
            next_score[first:last] = np.partition(scores, -2, axis=1)[:, -2]
        block_best = scores.argmax(axis=0)
        block_score = scores[block_best, np.arange(scores.shape[1])]
        better = block_score > column_best
        column_best[better] = block_score[better]
        column_owner[better] = block_best[better] + first
    pairs = []
    for q in np.flatnonzero((best_score >= min_score) & (best_score - next_score >= margin)).tolist():
        c = int(best[q])
        if column_owner[c] != q:
            continue
        mine, theirs = _closest_keys(query_matrix, candidate_matrix, q_starts, c_starts, q, c, len(q_keys),
                                     len(c_keys))
        pairs.append(LetterPair(q_ids[q], c_ids[c], round(float(best_score[q]), 3), q_keys[mine], c_keys[theirs]))
    return pairs


def _flatten(owners: Mapping[str, Sequence[str]]) -> tuple[list[str], np.ndarray, list[str]]:
    """The owners with a key, each key with its owner's position among them (keys grouped by owner)."""
    ids: list[str] = []
    positions: list[int] = []
    keys: list[str] = []
    for owner, owner_keys in owners.items():
        if owner_keys:
            positions.extend([len(ids)] * len(owner_keys))
            keys.extend(owner_keys)
            ids.append(owner)
    return ids, np.asarray(positions, dtype=np.int64), keys


def _starts(positions: np.ndarray) -> np.ndarray:
    """Where each owner's keys start."""
    return np.flatnonzero(np.r_[True, np.diff(positions) != 0])


def _closest_keys(query_matrix: sp.csr_matrix, candidate_matrix: sp.csc_matrix, q_starts: np.ndarray,
                  c_starts: np.ndarray, q: int, c: int, n_q: int, n_c: int) -> tuple[int, int]:
    """The query's key and the candidate's key that score the pair."""
    q_end = q_starts[q + 1] if q + 1 < len(q_starts) else n_q
    c_end = c_starts[c + 1] if c + 1 < len(c_starts) else n_c
    block = np.asarray((query_matrix[q_starts[q]:q_end] @ candidate_matrix[:, c_starts[c]:c_end]).todense())
    mine, theirs = np.unravel_index(int(block.argmax()), block.shape)
    return int(q_starts[q] + mine), int(c_starts[c] + theirs)

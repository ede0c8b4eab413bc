"""Text profiles that work for Korean without perfect tokenisation.

Tokens are Latin words (lower-cased, a plural 's' dropped) and, for Hangul, each word plus its character
bigrams, so '자율주행차량용' still shares 자율, 주행, 차량 with '자율주행 차량'. Features are hashed (no vocabulary
to store, bounded memory at any corpus size) and weighted by IDF learned from the corpus. An entity's
profile pools the term frequencies of everything it wrote or owns, then keeps its strongest terms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.preprocessing import normalize

_TOKEN = re.compile(r"[\uac00-\ud7a3]+|[a-z][a-z0-9\-]*[a-z0-9]|[a-z]")
N_FEATURES = 2**20

Matrix = sp.csr_matrix


def zeros(rows: int, cols: int) -> Matrix:
    """An empty float32 CSR matrix."""
    return sp.csr_matrix((rows, cols), dtype=np.float32)  # type: ignore[arg-type]  # the stubs miss (m, n)


def l2(matrix: Matrix) -> Matrix:
    """Rows scaled to unit length (empty matrices pass through)."""
    if matrix.shape[0] == 0 or matrix.shape[1] == 0:
        return sp.csr_matrix(matrix, dtype=np.float32)
    return sp.csr_matrix(normalize(matrix, norm="l2"), dtype=np.float32)


def dot_row(matrix: Matrix, row: Matrix) -> NDArray[np.float64]:
    """``matrix @ row.T`` as a flat array, for a one-row sparse ``row``. Goes through a dense copy of the row:
    scipy would turn the transposed row, a column as long as the feature space (a million hashed terms, every
    patent), into a row-major matrix on every product, which cost more than the product itself."""
    dense = np.zeros(row.shape[1], dtype=np.float64)
    np.add.at(dense, row.indices, row.data)
    return np.asarray(matrix @ dense, dtype=np.float64).ravel()


def scale_columns(matrix: Matrix, weights: NDArray[np.float32]) -> Matrix:
    """Every column multiplied by its weight: each stored value by its column's (a product with ``sp.diags``
    built a million-entry diagonal for every one-row query, 3 ms of a written need's request)."""
    scaled = sp.csr_matrix(matrix, dtype=np.float32, copy=True)
    scaled.data *= np.asarray(weights, dtype=np.float32)[scaled.indices]
    scaled.eliminate_zeros()
    return scaled


def analyze(text: str) -> list[str]:
    """Tokens of a Korean/English text: words, plus Hangul character bigrams."""
    out: list[str] = []
    for token in _TOKEN.findall(text.lower()):
        if "\uac00" <= token[0] <= "\ud7a3":
            out.append(token)
            out.extend(token[i:i + 2] for i in range(len(token) - 1))
        elif len(token) > 2:
            out.append(token[:-1] if len(token) > 4 and token.endswith("s") and not token.endswith("ss") else token)
    return out


class TextEncoder:
    """Hashed term frequencies and the corpus IDF that turns them into comparable profiles."""

    def __init__(self, n_features: int = N_FEATURES) -> None:
        self.n_features = n_features
        self._hasher = HashingVectorizer(analyzer=analyze, n_features=n_features, alternate_sign=False,
                                         norm="l1", dtype=np.float32)
        self.idf: NDArray[np.float32] = np.ones(n_features, dtype=np.float32)
        self._df = np.zeros(n_features, dtype=np.int64)
        self._docs = 0

    def tf(self, texts: Sequence[str]) -> Matrix:
        """Row-normalised (L1) hashed term frequencies."""
        if not texts:
            return zeros(0, self.n_features)
        return sp.csr_matrix(self._hasher.transform(texts), dtype=np.float32)

    @property
    def documents(self) -> int:
        return self._docs

    def observe(self, tf: Matrix) -> None:
        """Count document frequencies of a batch (call for every document of the corpus, then ``finish``)."""
        self._df += np.bincount(tf.indices, minlength=self.n_features)
        self._docs += tf.shape[0]

    def finish(self) -> None:
        self.idf = (np.log((1 + self._docs) / (1 + self._df)) + 1).astype(np.float32)

    def profile(self, tf: Matrix, *, keep: int = 200) -> Matrix:
        """IDF-weighted, L2-normalised rows, each pruned to its ``keep`` strongest terms."""
        return l2(prune_rows(scale_columns(tf, self.idf), keep))

    def encode(self, texts: Sequence[str], *, keep: int = 200) -> Matrix:
        return self.profile(self.tf(texts), keep=keep)


def prune_rows(matrix: Matrix, keep: int) -> Matrix:
    """Keep the ``keep`` largest entries of every row (vectorised: one sort over all entries)."""
    matrix = sp.csr_matrix(matrix)
    counts = np.diff(matrix.indptr)
    if counts.size == 0 or counts.max(initial=0) <= keep:
        return matrix
    rows = np.repeat(np.arange(matrix.shape[0]), counts)
    order = np.lexsort((-matrix.data, rows))
    rank = np.empty(order.size, dtype=np.int64)
    rank[order] = np.arange(order.size) - matrix.indptr[rows[order]]
    kept = rank < keep
    return sp.csr_matrix((matrix.data[kept], (rows[kept], matrix.indices[kept])), shape=matrix.shape,
                         dtype=matrix.dtype)


def join_texts(parts: Iterable[object]) -> str:
    return " ".join(str(p) for p in parts if p)

"""The closest document of an entity: the best cosine among its own documents."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from matcher.features import closest_document


def test_closest_document_is_the_best_of_each_rows_own_documents() -> None:
    documents = sp.csr_matrix(np.array([[1.0, 0.0], [0.0, 1.0], [0.6, 0.8]], dtype=np.float32))
    query = sp.csr_matrix(np.array([[1.0, 0.0]], dtype=np.float32))
    owned = sp.csr_matrix(np.array([[0, 1, 1], [0, 0, 0], [1, 1, 0], [0, 1, 0]], dtype=np.float32))
    assert np.allclose(closest_document(owned, documents, query), [0.6, 0.0, 1.0, 0.0])
    assert closest_document(sp.csr_matrix((2, 3), dtype=np.float32), documents, query).tolist() == [0.0, 0.0]

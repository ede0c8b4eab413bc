"""The learned ranker is a well-behaved scikit-learn estimator."""

from __future__ import annotations

import numpy as np
from sklearn.utils.estimator_checks import parametrize_with_checks

from matcher.ranker import LinkRanker


@parametrize_with_checks([LinkRanker()])
def test_sklearn_compatible(estimator: LinkRanker, check) -> None:  # type: ignore[no-untyped-def]
    check(estimator)


def test_monotone_drops_features_that_would_get_negative_weight() -> None:
    rng = np.random.default_rng(0)
    good = rng.normal(size=400)
    X = np.column_stack([good, -good + rng.normal(scale=0.1, size=400), rng.normal(size=400)])
    y = (good + rng.normal(scale=0.5, size=400) > 0).astype(int)
    free = LinkRanker().fit(X, y).weights(["good", "inverse", "noise"])
    assert free["inverse"] < 0
    monotone = LinkRanker(monotone=True).fit(X, y).weights(["good", "inverse", "noise"])
    assert all(w >= 0 for w in monotone.values()) and monotone["good"] > 0 and monotone["inverse"] == 0

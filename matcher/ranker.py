"""Rankers that combine features into one score.

``LinkRanker`` is a scikit-learn estimator (standardised features, logistic regression) trained on observed
links against sampled non-links; ``WeightedSum`` is the documented default when there are too few links to
learn from.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

Scores = NDArray[np.float64]


class LinkRanker(ClassifierMixin, BaseEstimator):  # type: ignore[misc]
    """Probability that a (query, candidate) pair is a link, from its feature vector."""

    def __init__(self, C: float = 1.0, class_weight: str | None = "balanced", max_iter: int = 500,
                 fit_intercept: bool = True, monotone: bool = False) -> None:
        self.C = C
        self.class_weight = class_weight
        self.max_iter = max_iter
        self.fit_intercept = fit_intercept
        self.monotone = monotone

    def fit(self, X: ArrayLike, y: ArrayLike) -> LinkRanker:
        """Fit; with ``monotone`` (binary targets) a feature that would get a negative weight is dropped and
        the model refitted, since every feature is built so that more means a better match."""
        X_checked, y_checked = validate_data(self, X, y)
        check_classification_targets(y_checked)
        self.classes_ = np.unique(y_checked)
        self.scaler_ = StandardScaler(with_mean=self.fit_intercept).fit(X_checked)
        scaled = self.scaler_.transform(X_checked)
        self.active_ = np.ones(scaled.shape[1], dtype=bool)
        while True:
            self.model_ = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=self.max_iter,
                                             fit_intercept=self.fit_intercept)
            self.model_.fit(scaled[:, self.active_], y_checked)
            coef = self.model_.coef_
            if not self.monotone or coef.shape[0] != 1 or coef.min() >= 0 or self.active_.sum() == 1:
                break
            worst = np.flatnonzero(self.active_)[int(np.argmin(coef[0]))]
            self.active_[worst] = False
        self.n_iter_ = self.model_.n_iter_
        return self

    def _inputs(self, X: ArrayLike) -> NDArray[np.float64]:
        X_checked = validate_data(self, X, reset=False)
        return np.asarray(self.scaler_.transform(X_checked)[:, self.active_], dtype=np.float64)

    def decision_function(self, X: ArrayLike) -> NDArray[np.float64]:
        check_is_fitted(self)
        return np.asarray(self.model_.decision_function(self._inputs(X)), dtype=np.float64)

    def predict_proba(self, X: ArrayLike) -> NDArray[np.float64]:
        check_is_fitted(self)
        return np.asarray(self.model_.predict_proba(self._inputs(X)), dtype=np.float64)

    def predict(self, X: ArrayLike) -> NDArray[np.generic]:
        check_is_fitted(self)
        return np.asarray(self.model_.predict(self._inputs(X)))

    def score_pairs(self, X: NDArray[np.float64]) -> Scores:
        """The ranking score of each row: its decision value (monotone in the link probability)."""
        if len(X) == 0:
            return np.zeros(0)
        values = self.decision_function(X)
        return values if values.ndim == 1 else values[:, list(self.classes_).index(1)]

    def weights(self, names: list[str]) -> dict[str, float]:
        """Coefficient of each feature on the standardised scale (what the model learnt to value)."""
        check_is_fitted(self)
        coef = np.zeros(self.active_.size)
        coef[self.active_] = self.model_.coef_[0]
        return {n: round(float(c), 4) for n, c in zip(names, coef, strict=True)}


class WeightedSum:
    """The default ranker: a fixed, documented weighted sum of features (no training needed)."""

    def __init__(self, weights: dict[str, float]) -> None:
        self.weights = weights

    def score_pairs(self, X: NDArray[np.float64], names: list[str]) -> Scores:
        if len(X) == 0:
            return np.zeros(0)
        w = np.array([self.weights.get(n, 0.0) for n in names])
        return np.asarray(X @ w, dtype=np.float64)


DEFAULT_WEIGHTS: dict[str, dict[str, float]] = {
    # Text and technology fit carry most of the score; industry and the graph's own links refine it. Partners and
    # licensees were checked on PatentsView's 2015-2017 patents ranked from the graph before them (the test years
    # untouched): the closest document counts more than the pooled text, and text more than industry.
    "partners": {"text": 0.1, "closest_document": 0.4, "technology": 0.25, "industry": 0.1, "metapath": 0.08,
                 "prior_collaboration": 0.1, "region": 0.05, "capacity": 0.02},
    "licensees": {"text": 0.45, "technology": 0.25, "industry": 0.05, "metapath": 0.05, "citation": 0.1,
                  "inventor_link": 0.1, "inventor_history": 0.3, "licensing_history": 0.03, "region": 0.01,
                  "capacity": 0.01},
    "cofounders": {"complement": 0.3, "technology": 0.1, "context": 0.2, "text": 0.1, "industry": 0.05,
                   "network": 0.2, "region": 0.05},
}

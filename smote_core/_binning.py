"""Columns binned once, for the check's gradient boosting.

scikit-learn's ``HistGradientBoostingClassifier`` bins every column before it grows a tree. On unweighted
rows that is a percentile per column; on weighted rows (class weights, or a weight column) it places each
of the bin edges with its own weighted percentile, a sort per edge: with 63 bins, 0.6 s of a 0.7 s fit on
4,000 rows x 20 columns. :class:`QuantileBins` makes the unweighted binning as a step before the booster,
so that the booster finds at most ``max_bins`` distinct values per column and bins them as they are.
Unweighted, the booster then splits as it would have on the raw columns; weighted, it splits on the
unweighted edges, where scikit-learn would move them towards the heavier rows.
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted, validate_data


class QuantileBins(TransformerMixin, BaseEstimator):
    """Each column replaced by the number of its bin (0, 1, ...), cut at the column's quantiles.

    The edges are those scikit-learn's gradient boosting computes for unweighted rows: the midpoints of
    the distinct values when a column has at most ``max_bins`` of them, else the ``max_bins - 1`` inner
    percentiles (``method="averaged_inverted_cdf"``), duplicates removed. A value ``x`` goes to bin ``i``
    when ``edges[i - 1] < x <= edges[i]``, as in scikit-learn.

    Parameters
    ----------
    max_bins : int, default=63
        Bins per column, at most.

    Attributes
    ----------
    edges_ : list of ndarray
        Each column's increasing bin edges.
    n_features_in_ : int
    """

    def __init__(self, max_bins: int = 63):
        self.max_bins = max_bins

    def fit(self, X, y=None):
        X = validate_data(self, X, dtype=np.float64)
        if not isinstance(self.max_bins, (int, np.integer)) or not 2 <= self.max_bins <= 255:
            raise ValueError(f"max_bins={self.max_bins!r} must be an integer from 2 to 255.")
        ordered = np.sort(X, axis=0)
        inner = np.linspace(0, 100, self.max_bins + 1)[1:-1]
        quantiles = np.percentile(ordered, inner, axis=0, method="averaged_inverted_cdf").reshape(len(inner), -1)
        distinct = 1 + np.count_nonzero(np.diff(ordered, axis=0), axis=0)
        self.edges_ = [self._edges(ordered[:, j], quantiles[:, j], distinct[j]) for j in range(X.shape[1])]
        return self

    def _edges(self, ordered: np.ndarray, quantiles: np.ndarray, distinct: int) -> np.ndarray:
        if distinct <= self.max_bins:
            values = np.unique(ordered)
            return (values[:-1] + values[1:]) / 2
        return np.unique(quantiles)

    def transform(self, X):
        check_is_fitted(self)
        X = validate_data(self, X, dtype=np.float64, reset=False)
        return np.column_stack([np.searchsorted(edges, X[:, j], side="left") for j, edges in enumerate(self.edges_)]
                               ).astype(np.float64)

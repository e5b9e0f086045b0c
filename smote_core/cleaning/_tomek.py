"""Tomek links (Tomek, 1976): pairs of rows of different classes that are each other's nearest neighbour."""

from __future__ import annotations

import numpy as np

from .._neighbors import nearest_neighbors, searches_by_tree
from ._base import BaseCleaningSampler
from ._by_class import nearest_by_class


def _nearest_where_needed(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Nearest neighbour of every row that can be in a link; -1 for the rows that cannot.

    Every link has an end outside the largest class, so only those rows are searched (within their
    class first where it pays, see :func:`._by_class.nearest_by_class`), then the rows of the largest
    class that one of them has as nearest neighbour. With few features (a KD-tree search, whose cost
    hardly grows with the rows searched) one search of every row costs less than those three.
    """
    if searches_by_tree(X, 1):
        return nearest_neighbors(X, 1)[:, 0]
    _, codes, counts = np.unique(y, return_inverse=True, return_counts=True)
    in_largest = codes == counts.argmax()
    nearest = np.full(len(y), -1, dtype=np.intp)
    nearest[~in_largest] = nearest_by_class(X, codes, np.unique(codes[~in_largest]), 1)[:, 0]
    partners = np.unique(nearest[~in_largest])
    partners = partners[in_largest[partners]]
    if partners.size:
        nearest[partners] = nearest_neighbors(X, 1, query=partners)[:, 0]
    return nearest


def _links(y: np.ndarray, nearest: np.ndarray, classes) -> np.ndarray:
    """Rows whose nearest neighbour has another class and has them as nearest neighbour in turn
    (``nearest`` is -1 for rows known to be in no link)."""
    known = nearest >= 0
    mutual = known & (nearest[nearest] == np.arange(len(y)))
    return mutual & (y[nearest] != y) & np.isin(y, classes)


def tomek_links(X: np.ndarray, y: np.ndarray, classes=None) -> np.ndarray:
    """Which rows are in a Tomek link.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
    classes : array-like, optional
        Only rows of these classes are marked; all classes when omitted.

    Returns
    -------
    ndarray of bool of shape (n_samples,)
        True for a row whose nearest neighbour (exact Euclidean search, self excluded) is of another
        class and has that row as its own nearest neighbour.
    """
    y = np.asarray(y)
    return _links(y, _nearest_where_needed(np.asarray(X, dtype=np.float64), y),
                  np.unique(y) if classes is None else classes)


class TomekLinks(BaseCleaningSampler):
    """Remove the rows of Tomek links that belong to the classes being cleaned.

    Parameters
    ----------
    sampling_strategy : str, list or callable, default="auto"
        Classes whose linked rows are removed: ``"auto"`` (= ``"not minority"``), ``"all"``,
        ``"majority"``, ``"not majority"``, a list of classes or ``f(y) -> dict``.
    neighbor_scaling : {None, "standard", "robust"}, default=None
        Search neighbours on per-column scaled data (the kept rows are returned as they
        were); None searches the columns as they are, like imbalanced-learn.

    Attributes
    ----------
    sampling_strategy_ : dict
        Class -> 0 for every class cleaned.
    sample_indices_ : ndarray of int
        Positions of the kept rows, in input order.
    removed_ : DataFrame
        One row per removed row: ``position``, ``label``, ``partner`` (position of the row at the
        other end of its link).

    Notes
    -----
    Identical to ``imblearn.under_sampling.TomekLinks`` except that a row is never its own nearest
    neighbour: where X holds exact duplicates, imbalanced-learn may pair a row with itself (no link),
    here a duplicate of another class at distance 0 forms a link.

    References
    ----------
    .. [1] I. Tomek, "Two modifications of CNN", IEEE Transactions on Systems, Man, and Cybernetics
       SMC-6(11), 769-772, 1976.

    Examples
    --------
    >>> import pandas as pd
    >>> from smote_core import TomekLinks
    >>> X = pd.DataFrame({"x": [0.0, 0.1, 1.0, 1.1, 3.0]}); y = ["a", "b", "a", "a", "b"]
    >>> X_res, y_res = TomekLinks(sampling_strategy="all").fit_resample(X, y)
    >>> X_res["x"].tolist(), y_res
    ([1.0, 1.1, 3.0], ['a', 'a', 'b'])
    """

    _removal_reason = "tomek-link"

    def __init__(self, *, sampling_strategy="auto", neighbor_scaling=None):
        self.sampling_strategy = sampling_strategy
        self.neighbor_scaling = neighbor_scaling

    def _removal(self, X, y, classes):
        nearest = _nearest_where_needed(X, y)
        remove = _links(y, nearest, classes)
        return remove, {"partner": nearest[remove]}

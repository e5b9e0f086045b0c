"""Tomek links (Tomek, 1976): pairs of rows of different classes that are each other's nearest neighbour."""

from __future__ import annotations

import time

import numpy as np
from sklearn.neighbors import KDTree

from .._neighbors import nearest_neighbors
from ._base import BaseCleaningSampler

# Relative widening of the radius within which another class's row sends a row to the full search.
_RADIUS_SLACK = 1e-6
# Rows on which the KD-tree's cost is timed before it is used for a whole class.
_TREE_SAMPLE = 256


def _nearest_where_needed(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Nearest neighbour of every row that can be in a link; -1 for the rows that cannot.

    Every link has an end outside the largest class, so only those rows are searched (class by
    class, see :func:`_nearest_of_class`), then the rows of the largest class that one of them has as
    nearest neighbour.
    """
    _, codes, counts = np.unique(y, return_inverse=True, return_counts=True)
    in_largest = codes == counts.argmax()
    nearest = np.full(len(y), -1, dtype=np.intp)
    for code in np.unique(codes[~in_largest]):
        rows = np.flatnonzero(codes == code)
        nearest[rows] = _nearest_of_class(X, rows, np.flatnonzero(codes != code))
    partners = np.unique(nearest[~in_largest])
    partners = partners[in_largest[partners]]
    if partners.size:
        nearest[partners] = nearest_neighbors(X, 1, query=partners)[:, 0]
    return nearest


def _nearest_of_class(X: np.ndarray, rows: np.ndarray, rest: np.ndarray) -> np.ndarray:
    """Exact nearest neighbour in X of each of ``rows`` (one class; ``rest`` are the other rows).

    First the nearest row within the class (a search over the class only); a KD-tree over ``rest``
    then counts, for each row, the other rows no farther than that (radius widened far beyond
    rounding error). Rows with none have that nearest row of the class as nearest neighbour; the
    others are searched over all of X. Where this would cost more than searching every row over all
    of X (timed on a sample: sparse classes, many features), that is done instead.
    """
    if len(rows) < 2 or not len(rest):
        return nearest_neighbors(X, 1, query=rows)[:, 0]
    points = X[rows]
    tree = KDTree(X[rest])
    if not _class_first_pays_off(points, tree, len(X)):
        return nearest_neighbors(X, 1, query=rows)[:, 0]
    own = nearest_neighbors(points, 1)[:, 0]
    unsettled = tree.query_radius(points, _radius(points, own), count_only=True) > 0
    own = rows[own]
    if unsettled.any():
        own[unsettled] = nearest_neighbors(X, 1, query=rows[unsettled])[:, 0]
    return own


def _radius(points: np.ndarray, own: np.ndarray, query=slice(None)) -> np.ndarray:
    """Distance from ``points[query]`` to their nearest rows ``points[own]``, widened beyond rounding."""
    diff = points[query] - points[own]
    return np.sqrt(np.einsum("ij,ij->i", diff, diff)) * (1 + _RADIUS_SLACK) + np.finfo(np.float64).tiny


def _class_first_pays_off(points: np.ndarray, tree: KDTree, n_rows: int) -> bool:
    """Whether searching within the class and then the tree costs less than searching all ``n_rows``
    rows, timed on a sample of ``points`` (the full search costs ``n_rows / len(points)`` times the
    search within the class)."""
    sample = np.linspace(0, len(points) - 1, min(len(points), _TREE_SAMPLE)).astype(np.intp)
    start = time.perf_counter()
    own = nearest_neighbors(points, 1, query=sample)[:, 0]
    within = time.perf_counter() - start
    tree.query_radius(points[sample], _radius(points, own, sample), count_only=True)
    in_tree = time.perf_counter() - start - within
    return in_tree < within * (n_rows / len(points) - 1)


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
    """

    _removal_reason = "tomek-link"

    def __init__(self, *, sampling_strategy="auto"):
        self.sampling_strategy = sampling_strategy

    def _removal(self, X, y, classes):
        nearest = _nearest_where_needed(X, y)
        remove = _links(y, nearest, classes)
        return remove, {"partner": nearest[remove]}

"""The one nearest-neighbour entry point used by every technique.

``nearest_neighbors(X, spec, query)`` returns, for each query row (a row of X), the positions of its
nearest *other* rows of X. A point is never its own neighbour, even when X holds exact duplicates of it
(a duplicate is a genuine neighbour at distance 0).

``spec`` is either a number of neighbours, answered by an exact search, or any object with ``fit`` and
``kneighbors`` (a scikit-learn ``NearestNeighbors``, or an approximate index such as pynndescent's for
very large data), used as imbalanced-learn uses it: cloned, fitted on X, asked for its own
``n_neighbors`` (which counts the point itself, so it yields ``n_neighbors - 1`` neighbours).

The exact search takes candidates from a KD-tree (few features) or scikit-learn's blocked brute force
(many features), then re-ranks them with directly computed distances, ties broken by position, so the
result does not depend on rounding in the fast search.
"""

from __future__ import annotations

import copy
from numbers import Integral

import numpy as np
from sklearn.base import clone
from sklearn.neighbors import NearestNeighbors

# A KD-tree beats blocked brute force up to about this many features.
_TREE_MAX_FEATURES = 10
# Extra candidates fetched so that rounding in the fast search cannot push a true neighbour out.
_TIE_MARGIN = 2
# Elements per block when re-ranking candidates (bounds memory to a few tens of MB).
_RERANK_BLOCK = 2_000_000


def is_neighbors_object(spec) -> bool:
    """True when ``spec`` can be used as a neighbour search (has ``kneighbors`` and ``fit``)."""
    return hasattr(spec, "kneighbors") and hasattr(spec, "fit")


def neighbor_count(spec, param: str) -> int:
    """Number of neighbours (self excluded) that ``spec`` yields; validates it.

    Raises
    ------
    ValueError
        When ``spec`` is neither a positive integer nor a neighbour-search object.
    """
    if is_neighbors_object(spec):
        n = getattr(spec, "n_neighbors", None)
        if not isinstance(n, Integral) or n < 2:
            raise ValueError(
                f"{param} is a neighbour-search object whose n_neighbors={n!r}; it must be an integer "
                "of at least 2 (it counts the point itself)."
            )
        return int(n) - 1
    if isinstance(spec, Integral) and not isinstance(spec, bool) and spec >= 1:
        return int(spec)
    raise ValueError(
        f"{param}={spec!r} must be a positive integer or an object with fit/kneighbors "
        "(e.g. sklearn.neighbors.NearestNeighbors)."
    )


def nearest_neighbors(X: np.ndarray, spec, query: np.ndarray | None = None) -> np.ndarray:
    """Positions in X of the nearest other rows of each query row.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
        The set searched.
    spec : int or neighbours object
        Number of neighbours wanted, or an object with ``fit``/``kneighbors`` (see module docstring).
    query : ndarray of int, optional
        Positions in X of the rows whose neighbours are wanted; all rows when omitted.

    Returns
    -------
    ndarray of shape (n_query, k)
        Neighbour positions, nearest first; the query row itself never appears.
    """
    self_index = np.arange(X.shape[0]) if query is None else np.asarray(query)
    if is_neighbors_object(spec):
        estimator = _fresh_copy(spec).fit(X)
        candidates = estimator.kneighbors(X[self_index], return_distance=False)
        k = candidates.shape[1] - 1
    else:
        k = int(spec)
        candidates = _exact_candidates(X, self_index, k)
    return _drop_self(candidates, self_index, k)


def _fresh_copy(estimator):
    try:
        return clone(estimator)
    except TypeError:  # an object without get_params
        return copy.deepcopy(estimator)


def _exact_candidates(X: np.ndarray, self_index: np.ndarray, k: int) -> np.ndarray:
    """k + 1 + margin candidates per query row, re-ranked by exact distance then position."""
    n_samples, n_features = X.shape
    n_candidates = min(n_samples, k + 1 + _TIE_MARGIN)
    use_tree = n_features <= _TREE_MAX_FEATURES
    search = NearestNeighbors(
        n_neighbors=n_candidates,
        algorithm="kd_tree" if use_tree else "brute",
        n_jobs=-1 if use_tree else None,
    ).fit(X)
    candidates = search.kneighbors(X[self_index], return_distance=False)
    return _rerank(X, self_index, candidates)


def _rerank(X: np.ndarray, self_index: np.ndarray, candidates: np.ndarray) -> np.ndarray:
    n_query, n_candidates = candidates.shape
    block = max(1, _RERANK_BLOCK // max(1, n_candidates * X.shape[1]))
    ranked = np.empty_like(candidates)
    for start in range(0, n_query, block):
        stop = min(start + block, n_query)
        cand = candidates[start:stop]
        diff = X[cand] - X[self_index[start:stop], None, :]
        dist = np.einsum("ijk,ijk->ij", diff, diff)
        order = np.lexsort((cand, dist), axis=-1)
        ranked[start:stop] = np.take_along_axis(cand, order, axis=1)
    return ranked


def _drop_self(candidates: np.ndarray, self_index: np.ndarray, k: int) -> np.ndarray:
    """Remove each query row from its own candidate list (or the farthest candidate if absent)."""
    is_self = candidates == self_index[:, None]
    order = np.argsort(is_self, axis=1, kind="stable")
    return np.take_along_axis(candidates, order[:, :k], axis=1)

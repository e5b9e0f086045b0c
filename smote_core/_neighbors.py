"""The one nearest-neighbour entry point used by every technique.

``nearest_neighbors(X, spec, query)`` returns, for each query row (a row of X), the positions of its
nearest *other* rows of X, nearest first, ties broken by position. A point is never its own neighbour,
even when X holds exact duplicates of it (a duplicate is a genuine neighbour at distance 0).

``spec`` is either a number of neighbours, answered by the exact search of ``smote_core._search``
(a KD-tree or blocked products, chosen by a cost model; see docs/search.md), or any object with
``fit`` and ``kneighbors`` (a scikit-learn ``NearestNeighbors``, or an approximate index such as
``smote_core.approximate.NNDescentNeighbors``), used as imbalanced-learn uses it: cloned, fitted on
X, asked for its own ``n_neighbors`` (which counts the point itself, so it yields
``n_neighbors - 1`` neighbours). Its answer is used as given (self removed), so exactness is then
the index's.

When to pass an approximate index
---------------------------------
Exact search with many features costs ``n_query × n_rows`` distance evaluations: about 1.1 ns of CPU
each at 20 features and 3.3 ns at 100 on a current x86 core (the float32 products alone take 0.5
and 2.4 ns), so 50,000 rows against themselves take about 1.4 s (20 features) or 4 s (100) on two
cores, and the cost grows with the square of the rows. An approximate index grows about as
``n log n`` but with a far larger constant: at a million rows and 20 features the exact search was
still many times faster where it was measured (docs/search.md, which also gives the index's recall
and what it changes in Borderline-SMOTE and ADASYN). It can only pay where the exact search is out of
reach: many millions of searched rows with many features, or many cores to build the index on.
With about 10 features or fewer the KD-tree path stays fast for millions of rows.
"""

from __future__ import annotations

import copy
from numbers import Integral

import numpy as np
from sklearn.base import clone

from ._search.cost import tree_is_cheaper
from ._search.exact import exact_search, nearest_to_outside
from ._search.reach import reached_rows
from ._search.rerank import drop_self

# Query rows x searched rows per call to a neighbours object's kneighbors (64 MB of positions).
_KNEIGHBORS_ELEMENTS = 8_000_000


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


def nearest_neighbors(X: np.ndarray, spec, query: np.ndarray | None = None,
                      within: np.ndarray | None = None) -> np.ndarray:
    """Positions in X of the nearest other rows of each query row.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
        The set searched.
    spec : int or neighbours object
        Number of neighbours wanted, or an object with ``fit``/``kneighbors`` (see module docstring).
    query : ndarray of int, optional
        Positions in X of the rows whose neighbours are wanted; all rows when omitted.
    within : ndarray of int, optional
        Sorted positions of the rows of X to search instead of X; ``query`` and the result then hold
        positions in ``within``. Same result as searching ``X[within]``, without copying it when the
        search is exact and blocked.

    Returns
    -------
    ndarray of shape (n_query, k)
        Neighbour positions, nearest first (ties by position); the query row itself never appears.
    """
    n_samples = X.shape[0] if within is None else len(within)
    self_index = np.arange(n_samples) if query is None else np.asarray(query)
    if not is_neighbors_object(spec):
        if within is not None and tree_is_cheaper(n_samples, X.shape[1], int(spec)):
            X, within = X[within], None  # the tree holds a copy anyway
        return exact_search(X, self_index, int(spec), within)
    if within is not None:
        return nearest_neighbors(X[within], spec, query)
    estimator = _fresh_copy(spec).fit(X)
    # Queries go in blocks: a brute-force kneighbors holds an (n_query x n_rows) array of positions
    # (scikit-learn does not split a precomputed-distance query at all); each row's answer is the same.
    step = max(1, _KNEIGHBORS_ELEMENTS // X.shape[0])
    candidates = np.concatenate([
        estimator.kneighbors(X[start:start + step] if query is None else X[self_index[start:start + step]],
                             return_distance=False)
        for start in range(0, len(self_index), step)
    ])
    return drop_self(candidates, self_index, candidates.shape[1] - 1)


def nearest_among(X: np.ndarray, spec, within: np.ndarray, query: np.ndarray) -> np.ndarray:
    """Positions in ``within`` of the rows of ``X[within]`` nearest to each row ``X[query]``, for query
    rows that are not among the searched ones (e.g. the other classes' rows searching one class).

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    spec : int or neighbours object
        Neighbours wanted, at most ``len(within)`` (an object's ``n_neighbors`` counts the point
        itself, as everywhere: it yields ``n_neighbors - 1``).
    within, query : ndarray of int
        Sorted positions of the searched rows; positions of the query rows.

    Returns
    -------
    ndarray of shape (len(query), min(k, len(within)))
        Nearest first, ties by position; an exact search unless ``spec`` is an object.
    """
    k = min(neighbor_count(spec, "n_neighbors"), len(within))
    if not is_neighbors_object(spec):
        return nearest_to_outside(X, within, np.asarray(query), k)[0]
    estimator = _fresh_copy(spec).fit(X[within])
    step = max(1, _KNEIGHBORS_ELEMENTS // len(within))
    return np.concatenate([estimator.kneighbors(X[query[start:start + step]], n_neighbors=k, return_distance=False)
                           for start in range(0, len(query), step)]).astype(np.intp)


def reached_among(X: np.ndarray, spec, within: np.ndarray, query: np.ndarray) -> np.ndarray:
    """Whether each row of ``X[within]`` is among the nearest rows (``nearest_among``) of some row
    ``X[query]``: the union of the answers, found without ranking most query rows' neighbours when
    the search is exact (``smote_core._search.reach``).

    Returns
    -------
    ndarray of bool, shape (len(within),)
    """
    if not is_neighbors_object(spec):
        return reached_rows(X, within, np.asarray(query), min(int(spec), len(within)))
    reached = np.zeros(len(within), dtype=bool)
    reached[nearest_among(X, spec, within, query).ravel()] = True
    return reached


def _fresh_copy(estimator):
    try:
        return clone(estimator)
    except TypeError:  # an object without get_params
        return copy.deepcopy(estimator)


def searches_by_tree(X: np.ndarray, k: int) -> bool:
    """Whether the exact search for ``k`` neighbours over all of X uses a KD-tree (few features for
    its rows) rather than blocked products; its cost then grows with the log of the rows searched,
    not with their number."""
    return tree_is_cheaper(X.shape[0], X.shape[1], k)

"""Exact float64 re-ranking of candidates, and removing each query row from its own answer.

``rerank`` orders candidates by squared distances computed directly from the float64 rows,
``(x − q)·(x − q)``, ties by position: the order a float64 brute force gives. Those distances are
within a relative ``(d + 2) eps`` of the exact ones (``bound.is_proven`` allows for it).
"""

from __future__ import annotations

import numpy as np

# Elements per chunk when re-ranking candidates with direct distances.
_RERANK_ELEMENTS = 250_000


def rerank(X: np.ndarray, query_at: np.ndarray, candidates: np.ndarray, n_keep: int, within=None):
    """The ``n_keep`` candidates nearest to each row ``X[query_at]`` by directly computed distance, ties
    by position, and their squared distances (candidates are positions in ``X[within]`` when
    ``within`` is given)."""
    n_query, n_candidates = candidates.shape
    chunk = max(1, _RERANK_ELEMENTS // max(1, n_candidates * X.shape[1]))
    top = np.empty((n_query, n_keep), dtype=np.intp)
    top_dist = np.empty((n_query, n_keep))
    for start in range(0, n_query, chunk):
        stop = min(start + chunk, n_query)
        cand = candidates[start:stop]
        dist = squared_distances(X, query_at[start:stop], cand if within is None else within[cand])
        order = np.lexsort((cand, dist), axis=-1)[:, :n_keep]
        top[start:stop] = np.take_along_axis(cand, order, axis=1)
        top_dist[start:stop] = np.take_along_axis(dist, order, axis=1)
    return top, top_dist


def squared_distances(X: np.ndarray, query_at: np.ndarray, at: np.ndarray) -> np.ndarray:
    """Squared distances from each row ``X[query_at]`` to its rows ``X[at]`` (one row of positions
    per query row), computed directly in float64: the values every re-ranking compares. Rows are
    gathered a chunk of query rows at a time (``_RERANK_ELEMENTS`` values), never all at once."""
    out = np.empty(at.shape)
    step = max(1, _RERANK_ELEMENTS // max(1, at.shape[1] * X.shape[1]))
    for start in range(0, len(at), step):
        part = slice(start, start + step)
        diff = X[at[part]] - X[query_at[part], None, :]
        out[part] = np.einsum("ijk,ijk->ij", diff, diff)
    return out


def drop_self(candidates: np.ndarray, self_index: np.ndarray, k: int) -> np.ndarray:
    """Remove each query row from its own candidate list (or the farthest candidate if absent)."""
    is_self = candidates == self_index[:, None]
    order = np.argsort(is_self, axis=1, kind="stable")
    return np.take_along_axis(candidates, order[:, :k], axis=1)

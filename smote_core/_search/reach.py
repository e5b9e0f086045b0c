"""Which searched rows some query row has among its k nearest: the union of the answers, not each one.

ProWSyn's proximity level is that union (every other-class row queries the class's rows not yet
levelled), and it needs far less than every query row's ranked answer: a query row matters only if
it reaches a row that no answer holds yet. ``reached_rows`` searches the first ``FIRST_ROUND`` query
rows exactly; each later round (twice as many query rows as the one before) screens its rows, and
only those that may reach a row not yet reached are searched exactly (``exact.nearest_to_outside``).

Screening a query row q takes float32 products with two sets of rows: the unreached rows, and the
``HUBS`` rows the answers so far hold most often, split into ``PARTS`` parts. The ``k``-th smallest
of the parts' minimum products belongs to ``k`` different rows, so q's ``k``-th nearest row is no
farther; when every unreached row is farther still (by more than the products' rounding error and
the float64 distances' own, as ``bound.is_proven`` allows), none of them is among q's ``k`` nearest,
ties included, and q is not searched. The answer is the same whichever rows are hubs and whatever
the rounds; they only decide how many query rows are searched (at 1e5 rows, 20 features, 5%
minority: a tenth of them at the first level; docs/search.md).
"""

from __future__ import annotations

import numpy as np

from .bound import is_proven, product_error
from .exact import PARALLEL_MIN_WORK, nearest_to_outside, run_threads
from .products import ScaledTable

# Query rows searched exactly before any is screened; each later round screens twice as many.
FIRST_ROUND = 1024
# Most-reached rows that bound a query row's k-th distance, in this many parts (of distinct rows).
HUBS, PARTS = 512, 32
# Query rows screened at a time, and float32 products per tile of them (4 MiB).
_BLOCK_ROWS, _TILE_PRODUCTS = 512, 2**20


def reached_rows(X: np.ndarray, within: np.ndarray, query_at: np.ndarray, k: int) -> np.ndarray:
    """Whether each row of ``X[within]`` is among the ``k`` nearest of some row ``X[query_at]``.

    The same as marking every row of each query row's exact answer (``nearest_to_outside``: by
    float64 distance, ties by position in ``within``), without ranking most query rows' neighbours.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    within : ndarray of int
        Sorted positions of the searched rows.
    query_at : ndarray of int
        Positions of the query rows, none of them among ``within``.
    k : int
        Neighbours per query row.

    Returns
    -------
    ndarray of bool, shape (len(within),)
    """
    counts = np.zeros(len(within), dtype=np.int64)
    table = ScaledTable(X, within, len(within), query_at)
    searched, start, size = query_at[:FIRST_ROUND], FIRST_ROUND, FIRST_ROUND
    while True:
        if searched.size:
            answers = nearest_to_outside(X, within, searched, k)[0]
            counts += np.bincount(answers.ravel(), minlength=len(within))
        if start >= len(query_at) or counts.all():
            return counts > 0
        screened = query_at[start:start + size]
        searched = screened[may_reach(table, screened, counts, k)]
        start, size = start + size, 2 * size


def may_reach(table: ScaledTable, query_at: np.ndarray, counts: np.ndarray, k: int) -> np.ndarray:
    """Whether each row ``X[query_at]`` may have an unreached row among its ``k`` nearest searched rows.

    Parameters
    ----------
    table : ScaledTable
        The searched rows, scaled with the query rows into the unit ball.
    query_at : ndarray of int
        Positions in X of the query rows to screen.
    counts : ndarray of int, shape (table.n_rows,)
        How often the answers so far hold each searched row (0: unreached).
    k : int
        Neighbours per query row.

    Returns
    -------
    ndarray of bool, shape (len(query_at),)
        False where no unreached row can be among the ``k`` nearest (ties included).
    """
    unreached = np.flatnonzero(counts == 0)
    n_parts = min(PARTS, len(counts))
    n_hubs = min(HUBS, max(len(unreached), n_parts), len(counts)) // n_parts * n_parts
    hubs = np.sort(np.argsort(-counts, kind="stable")[:n_hubs])
    hub_rows, unreached_rows = table.rows(hubs, np.float32), table.rows(unreached, np.float32)
    n_features = table.X.shape[1]
    error = product_error(n_features, np.float32)
    tile = max(1, _TILE_PRODUCTS // _BLOCK_ROWS)
    flagged = np.empty(len(query_at), dtype=bool)

    def screen(block):
        query, query_norm = table.query(query_at[block])
        query = query.astype(np.float32).T
        if n_parts >= k:  # part p holds hubs p, p + n_parts, ...: its minimum is one of theirs
            minima = (hub_rows @ query).reshape(-1, n_parts, len(block)).min(axis=0)
            kth = np.partition(np.ascontiguousarray(minima.T), k - 1, axis=1)[:, k - 1].astype(np.float64)
        else:  # fewer searched rows than parts and neighbours: no bound
            kth = np.full(len(block), np.inf)
        nearest = np.full(len(block), np.inf, dtype=np.float32)
        for start in range(0, len(unreached_rows), tile):
            np.minimum(nearest, (unreached_rows[start:start + tile] @ query).min(axis=0), out=nearest)
        farthest_kth = table.scale**2 * (kth + error + query_norm)
        nearest_unreached = table.scale**2 * (nearest.astype(np.float64) - error + query_norm)
        flagged[block] = ~is_proven(farthest_kth, nearest_unreached, n_features)

    blocks = np.array_split(np.arange(len(query_at)), -(-len(query_at) // _BLOCK_ROWS))
    run_threads(screen, blocks, parallel=len(query_at) * (len(hubs) + len(unreached)) * n_features >= PARALLEL_MIN_WORK)
    return flagged

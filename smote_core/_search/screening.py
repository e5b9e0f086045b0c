"""Candidate screening: a few groups of rows per query row that surely hold its nearest rows.

``BlasCandidates.candidates`` returns, for each query row, ``width`` candidate rows and a bound:
no row left out is nearer than the bound (see ``bound`` and docs/search.md). The argument: the
``width`` groups of smallest minimum product are chosen (``best_groups``) and their products
recomputed (``products.group_products``); the candidates are the ``width`` smallest of those, and
``largest`` the largest among them. A row left out within a chosen group has a recomputed product of
at least ``largest``; a row in another group has a tile product at least every chosen group's
minimum, so each chosen group holds a row whose recomputed product is at most that row's exact
product plus ``3 delta`` (two computations, each within ``delta = product_error``), and so is
``largest``, the ``width``-th smallest. Either way its exact product is at least ``largest − 3 delta``.
A table of one tile (about 500 rows) has no groups screened: every product is computed and the
candidates are the ``width`` smallest, so a row left out has a product of at least ``largest``.
Screening costs each query row a few selections whatever the table, more than a small table's
products (94,536 query rows, 20 features: a third less time at 122 rows, the same at 512).
"""

from __future__ import annotations

import threading

import numpy as np

from .bound import unseen_bound
from .products import GroupLayout, ScaledTable, group_minima, group_products


def smallest(values: np.ndarray, count: int) -> np.ndarray:
    """Positions of the ``count`` smallest values of each row, in increasing position (all when there
    are no more).

    A partition of the values finds each row's ``count``-th smallest; the values below it are taken,
    and of those equal to it as many as are wanted, first by position. (On rows of a few dozen to a
    few hundred values, numpy's ``argpartition`` takes 3-4x as long as this.)
    """
    if count >= values.shape[1]:
        return np.broadcast_to(np.arange(values.shape[1]), values.shape)
    values = np.ascontiguousarray(values)
    threshold = np.partition(values, count - 1, axis=1)[:, count - 1, None]
    take = values <= threshold
    tied = take.sum(axis=1) > count
    if tied.any():
        equal = values[tied] == threshold[tied]
        wanted = count - (take[tied] & ~equal).sum(axis=1, keepdims=True)
        take[tied] &= ~equal | (np.cumsum(equal, axis=1) <= wanted)
    return np.flatnonzero(take).reshape(len(values), count) - values.shape[1] * np.arange(len(values))[:, None]


def best_groups(minima: np.ndarray, fold: int, n_best: int) -> np.ndarray:
    """The ``n_best`` groups of smallest minimum for each query row.

    ``minima`` holds one row per group, one column per query row. Selecting among all groups would
    cost most of the search, so groups are first gathered in ``fold``-fold strided supergroups
    (their minimum is an elementwise minimum): the ``n_best`` groups lie within the ``n_best``
    supergroups of smallest minimum.
    """
    n_groups, n_query = minima.shape
    n_super = n_groups // fold
    supers = smallest(minima.reshape(fold, n_super, n_query).min(axis=0).T, n_best)
    groups = (supers[:, :, None] + n_super * np.arange(fold)).reshape(n_query, -1)
    picked = smallest(np.take(minima, groups * n_query + np.arange(n_query)[:, None]), n_best)
    return np.take_along_axis(groups, picked, axis=1)


class BlasCandidates:
    """Candidates from tiled products: float32 first, float64 once ``precise`` is set."""

    def __init__(self, X: np.ndarray, within: np.ndarray | None = None, outside: np.ndarray | None = None):
        n_rows = X.shape[0] if within is None else len(within)
        self.layout = GroupLayout.for_rows(n_rows, X.shape[1])
        self.block_rows = self.layout.block
        self.table = ScaledTable(X, within, self.layout.n_groups * self.layout.group, outside)
        self.n_features = X.shape[1]
        self.whole = self.layout.n_groups == self.layout.slots  # one tile: no groups screened
        self.precise = False
        self._scratch = threading.local()

    def candidates(self, query_at: np.ndarray, width: int) -> tuple[np.ndarray, np.ndarray]:
        """``width`` candidate positions (among the searched rows) per row ``X[query_at]``, and the
        squared distance no other searched row is below."""
        dtype = np.float64 if self.precise else np.float32
        query, query_norm = self.table.query(query_at)
        typed_query = query.astype(dtype, copy=False)
        if self.whole:
            rows, values = None, typed_query @ self.table.rows(slice(0, self.table.n_rows), dtype).T
        else:
            minima = group_minima(self.table, self.layout, typed_query, self._scratch)
            best = best_groups(minima, self.layout.fold, width)
            rows, values = group_products(self.table, self.layout, typed_query, best)
        pick = smallest(values, width)
        largest = np.take_along_axis(values, pick, axis=1).max(axis=1)
        bound = unseen_bound(largest, query_norm, self.n_features, dtype, self.table.scale)
        return pick if rows is None else np.take_along_axis(rows, pick, axis=1), bound

"""The one nearest-neighbour entry point used by every technique.

``nearest_neighbors(X, spec, query)`` returns, for each query row (a row of X), the positions of its
nearest *other* rows of X, nearest first, ties broken by position. A point is never its own neighbour,
even when X holds exact duplicates of it (a duplicate is a genuine neighbour at distance 0).

``spec`` is either a number of neighbours, answered by the exact search below, or any object with
``fit`` and ``kneighbors`` (a scikit-learn ``NearestNeighbors``, or an approximate index), used as
imbalanced-learn uses it: cloned, fitted on X, asked for its own ``n_neighbors`` (which counts the
point itself, so it yields ``n_neighbors - 1`` neighbours).

Exact search
------------
Candidates come from a KD-tree when it is cheaper (few features; the threshold grows with the number
of rows), otherwise from blocked BLAS distances: for a block of query rows, float32 products give
``|x|² − 2 q·x`` against one tile of rows at a time; the minimum over each group of rows bounds the
distances in that group, so only the best few groups are searched for candidates. Candidates are
then re-ranked by directly computed float64 distances. A row is accepted only when a rounding-error
bound proves that no row outside its candidates can come closer than its k-th neighbour; the few
rows that fail (exact ties, duplicates) are searched again in float64 with twice as many candidates,
until proven. The result is therefore exact: the same as a float64 brute force with ties broken by
position. Blocks run on as many threads as BLAS may use; memory is bounded by the tile (a few MiB
per thread) and the group minima of a block (``_BLOCK_ROWS`` × n_rows / group size), not by ``n²``.

When to pass an approximate index
---------------------------------
Exact search with many features costs ``n_query × n_rows`` distance evaluations: about 1.1 ns of CPU
each at 20 features and 3.3 ns at 100 on a current x86 core (AVX-512; the float32 products alone
take 0.5 and 2.4 ns), so 50,000 rows against themselves take about 1.4 s (20 features) or 4 s (100)
on two cores, and the cost grows with the square of the rows. Beyond a few hundred thousand rows in
the searched set with 20+ features, pass an approximate index instead: any object with ``fit(X)``
and ``kneighbors(X, return_distance=False)`` and an ``n_neighbors`` attribute, e.g. a small wrapper
around ``pynndescent.NNDescent`` (build the index in ``fit``, call its ``query`` in ``kneighbors``).
Its answer is used as given (self removed), so exactness is then the index's. With few features
(about 10 or fewer) the KD-tree path stays fast for millions of rows and needs no such index.
"""

from __future__ import annotations

import copy
import math
import math
import threading
from concurrent.futures import ThreadPoolExecutor
from numbers import Integral

import numpy as np
from sklearn.base import clone
from sklearn.neighbors import KDTree
from threadpoolctl import ThreadpoolController

# Candidates fetched beyond the k + 1 kept, so that most rows are proven on the first pass.
_MARGIN = 4
# Query rows per block, and searched rows per tile of products: BLAS repacks the searched rows on
# every call, which costs as much as the products when fewer than about a hundred query rows share a
# call; a 2048 x 256 tile (2 MiB in float32) stays in cache while it is reduced (measured fastest of
# 1024-8192 x 128-512 at 1e5 rows, 20 and 100 features).
_BLOCK_ROWS, _TILE_COLUMNS = 256, 2048
# Rows of X turned into table rows at a time when the float32 table is built.
_BUILD_ROWS = 16_384
# Bytes of the searched rows gathered at a time when recomputing the products of candidate groups.
_GATHER_BYTES = 2 * 2**20
# Query rows x searched rows per call to a neighbours object's kneighbors (64 MB of positions).
_KNEIGHBORS_ELEMENTS = 8_000_000
# Elements per chunk when re-ranking candidates with direct distances.
_RERANK_ELEMENTS = 250_000
# Measured cost model: a KD-tree query costs about _TREE_SECONDS * _TREE_GROWTH ** n_features,
# a blocked distance row about _BLAS_SECONDS per searched row.
_TREE_SECONDS, _TREE_GROWTH, _BLAS_SECONDS = 1.1e-6, 1.82, 1.0e-9
# Below about this many (query row x searched row x feature) products, starting threads costs more
# than it saves: the search runs in the calling thread.
_PARALLEL_MIN_WORK = 200_000_000
_BLAS = ThreadpoolController()
_EPS64 = np.finfo(np.float64).eps
# Product of a padding row with any query: real products lie within [-3, 3] after scaling.
_FAR = 1e30


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
        if within is not None and _tree_is_cheaper(n_samples, X.shape[1]):
            X, within = X[within], None  # the tree holds a copy anyway
        return _exact_search(X, self_index, int(spec), within)
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
    return _drop_self(candidates, self_index, candidates.shape[1] - 1)


def _fresh_copy(estimator):
    try:
        return clone(estimator)
    except TypeError:  # an object without get_params
        return copy.deepcopy(estimator)


def searches_by_tree(X: np.ndarray) -> bool:
    """Whether the exact search over X uses a KD-tree (few features for its rows) rather than blocked
    distances; its cost then grows with the log of the rows searched, not with their number."""
    return _tree_is_cheaper(*X.shape)


def _tree_is_cheaper(n_samples: int, n_features: int) -> bool:
    # compared in logarithms: _TREE_GROWTH ** n_features overflows a float above ~1,190 columns
    if n_samples < 1:
        return False
    tree = math.log(_TREE_SECONDS) + n_features * math.log(_TREE_GROWTH)
    return tree < math.log(_BLAS_SECONDS * n_samples)


def _exact_search(X: np.ndarray, rows: np.ndarray, k: int, within: np.ndarray | None = None) -> np.ndarray:
    """The ``k`` nearest other rows of X (or of ``X[within]``, blocked search only) for each of
    ``rows``, by (distance, position).

    Each block of rows drops itself from its own result, so nothing of size ``len(rows) x (k + 1)``
    is ever held beyond the block."""
    n_samples, n_features = (X.shape[0] if within is None else len(within)), X.shape[1]
    n_keep = min(k + 1, n_samples)
    by_tree = within is None and searches_by_tree(X)
    source = _TreeCandidates(X) if by_tree else _BlasCandidates(X, within)
    if not by_tree:  # for less than a block, building the float32 table costs as much as the search
        source.precise = len(rows) < _BLOCK_ROWS
    ranked = np.empty((len(rows), k), dtype=np.intp)
    # in the tree's own order, consecutive queries visit the same leaves (about 3x faster)
    pending = source.leaf_order(rows) if by_tree else np.arange(len(rows))
    # the tree's distances are exact: one extra candidate proves a row unless it ties with the last kept
    width = min(n_samples, n_keep + (1 if by_tree else _MARGIN))
    while pending.size:
        blocks = np.array_split(pending, max(1, -(-pending.size // source.block_rows)))
        proven = np.zeros(len(rows), dtype=bool)

        def search(part, width=width):
            candidates, bound = source.candidates(rows[part], width)
            top, dist = _rerank(X, rows[part], candidates, n_keep, within)
            ranked[part] = _drop_self(top, rows[part], k)
            # No row outside the candidates is nearer than ``bound`` (see _BlasCandidates).
            proven[part] = (width == n_samples) | (dist[:, -1] < bound * (1 - 8 * (n_features + 2) * _EPS64))

        _run_threads(search, blocks, parallel=pending.size * n_samples * n_features >= _PARALLEL_MIN_WORK)
        pending = pending[~proven[pending]]
        width = min(n_samples, 2 * width)
        source.precise = True
    return ranked


def _run_threads(func, blocks, parallel: bool = True) -> None:
    """Call ``func`` on every block, spread over as many threads as BLAS may use (each BLAS 1 thread),
    or in the calling thread when ``parallel`` is False."""
    n_threads = min(len(blocks), max([lib["num_threads"] for lib in _BLAS.select(user_api="blas").info()] or [1]))
    if n_threads <= 1 or not parallel:
        for block in blocks:
            func(block)
        return
    chunks = [blocks[i::n_threads] for i in range(n_threads)]
    with _BLAS.limit(limits=1, user_api="blas"), ThreadPoolExecutor(n_threads) as pool:
        list(pool.map(lambda chunk: [func(block) for block in chunk], chunks))


class _TreeCandidates:
    """Candidates from a KD-tree; every other row is at least as far as the last candidate."""

    block_rows = 4096

    def __init__(self, X):
        self.X = X
        self.tree = KDTree(X)
        self.precise = True

    def leaf_order(self, rows: np.ndarray) -> np.ndarray:
        """Positions in ``rows`` ordered as their rows lie in the tree's leaves."""
        in_leaf_order = np.asarray(self.tree.get_arrays()[1])
        if np.array_equal(rows, np.arange(len(self.X))):
            return in_leaf_order  # every row in order: positions in rows are the rows themselves
        position = np.empty(len(self.X), dtype=np.intp)
        position[in_leaf_order] = np.arange(len(self.X))
        return np.argsort(position[rows], kind="stable")

    def candidates(self, query_rows, width):
        dist, ind = self.tree.query(self.X[query_rows], k=width)
        return ind, dist[:, -1] ** 2


class _BlasCandidates:
    """Candidates from tiled ``|x|² − 2 q·x`` products, float32 first, float64 once ``precise``.

    X is centred and scaled into the unit ball, so the rounding error of each product is below
    ``delta = 6 (d + 4) eps`` (d + 1 terms, each below 3 in absolute value), however it is summed.
    Rows are padded to ``n_tiles × slots × group`` and each tile of ``slots × group`` rows is split into
    ``slots`` strided groups ``{s, s + slots, s + 2 slots, ...}``. A block of query rows goes through
    the tiles one at a time, keeping only each group's minimum product; the products of the ``width``
    groups of smallest minimum (see ``_best_groups``) are then recomputed and their ``width``
    smallest are the candidates. No row left out has an exact product below ``largest − 3 delta``,
    ``largest`` being the largest candidate's recomputed product: within the chosen groups by the
    choice; in another group, its tile product is at least every chosen group's minimum, so each of
    the ``width`` chosen groups holds a row whose recomputed product is at most that row's exact
    product + 3 delta (two computations, each within delta), and so is ``largest``, the ``width``-th
    smallest. Its squared distance is therefore at least ``scale² (largest − 3 delta + |q|²)``: the
    bound.
    """

    block_rows = _BLOCK_ROWS

    def __init__(self, X, within=None):
        self.X, self.within = X, within
        n_samples = X.shape[0] if within is None else len(within)
        self.n_samples = n_samples
        low, high = np.full(X.shape[1], np.inf), np.full(X.shape[1], -np.inf)
        for start in range(0, n_samples, _BUILD_ROWS):  # a chunk at a time: rows are never gathered whole
            chunk = self._points(np.arange(start, min(start + _BUILD_ROWS, n_samples)))
            np.minimum(low, chunk.min(axis=0), out=low)
            np.maximum(high, chunk.max(axis=0), out=high)
        self.center = (low + high) / 2
        self.scale = float(np.linalg.norm((high - low) / 2)) or 1.0
        # selecting groups costs about n_samples / group, recomputing their products about
        # width x group x (n_features + 1) (width ~16) with 30x less per element: balance the two
        self.group = int(np.clip(2 ** round(np.log2(np.sqrt(0.4 * n_samples / (X.shape[1] + 1)))), 1, 256))
        n_groups = -(-n_samples // self.group)
        # groups are screened by the minimum of ``fold`` strided groups first (see _best_groups)
        self.fold = int(2 ** max(0, round(np.log2(np.sqrt(n_groups / 16)))))
        n_tiles = -(-n_groups // max(1, _TILE_COLUMNS // self.group))
        # groups per tile: as even as the tiles can be, and a multiple of the fold
        self.slots = -(-n_groups // (n_tiles * self.fold)) * self.fold
        self.n_groups = n_tiles * self.slots
        self.precise = False
        self._float32 = None
        self._local = threading.local()
        self._lock = threading.Lock()

    def _table_rows(self, positions, dtype):
        """Rows ``[-2 p, |p|²]`` of the table (p: a row of X centred and scaled), for ``positions`` (a
        slice or an array of int), padding positions far beyond every real row.

        The float32 table is built once and kept; float64 rows, wanted only for the few query rows
        left unproven, are computed from X when asked for, so no second copy of X is ever held. The
        padding is finite: BLAS kernels may multiply an infinity by a zero, and numpy then warns."""
        if dtype == np.float32:
            with self._lock:  # the first blocks of a pass ask for it at once, from every thread
                if self._float32 is None:  # built in chunks: X is never gathered whole
                    table = np.empty((self.n_groups * self.group, self.X.shape[1] + 1), dtype=np.float32)
                    for start in range(0, len(table), _BUILD_ROWS):
                        stop = min(start + _BUILD_ROWS, len(table))
                        self._scaled(np.arange(start, stop), np.float32, out=table[start:stop])
                    self._float32 = table
            if isinstance(positions, slice):
                return self._float32[positions]
            return np.take(self._float32, positions, axis=0)
        if isinstance(positions, slice):
            positions = np.arange(positions.start, positions.stop)
        return self._scaled(positions, dtype)

    def _points(self, positions):
        """Rows of the searched set (float64, gathered)."""
        return np.take(self.X, positions if self.within is None else self.within[positions], axis=0)

    def _scaled(self, positions, dtype, out=None):
        n_samples, n_features = self.n_samples, self.X.shape[1]
        table = np.empty(positions.shape + (n_features + 1,), dtype=dtype) if out is None else out
        points = table[..., :n_features]
        np.subtract(self._points(np.minimum(positions, n_samples - 1)), self.center, out=points, casting="unsafe")
        points *= 1 / self.scale
        table[..., n_features] = np.einsum("...j,...j->...", points, points)
        points *= -2
        padding = positions >= n_samples
        table[padding] = 0
        table[padding, n_features] = _FAR
        return table

    def _group_minima(self, query):
        """Minimum product of each group (one row per group, one column per query row), tile by tile.

        Each tile of products is laid out row of X by query row, so that the minimum over a group is
        an elementwise minimum of ``group`` contiguous slabs (numpy is slow at short reductions)."""
        n_query, tile_rows = len(query), self.slots * self.group
        tile = getattr(self._local, "tile", None)
        if tile is None or tile.dtype != query.dtype or tile.size < tile_rows * n_query:
            tile = self._local.tile = np.empty(tile_rows * max(self.block_rows, n_query), query.dtype)
        products = tile[: tile_rows * n_query].reshape(tile_rows, n_query)
        minima = np.empty((self.n_groups, n_query), dtype=query.dtype)
        for start in range(0, self.n_groups, self.slots):
            rows = self._table_rows(slice(start * self.group, (start + self.slots) * self.group), query.dtype)
            np.matmul(rows, query.T, out=products)
            np.min(products.reshape(self.group, self.slots, n_query), axis=0, out=minima[start:start + self.slots])
        return minima

    def _best_groups(self, minima, n_best):
        """The ``n_best`` groups of smallest minimum for each query row.

        ``minima`` holds one row per group, one column per query row. Selecting among all groups would
        cost most of the search, so groups are first gathered in ``fold``-fold strided supergroups
        (their minimum is an elementwise minimum): the ``n_best`` groups lie within the ``n_best``
        supergroups of smallest minimum.
        """
        n_groups, n_query = minima.shape
        n_super = n_groups // self.fold
        supers = _smallest(minima.reshape(self.fold, n_super, n_query).min(axis=0).T, n_best)
        groups = (supers[:, :, None] + n_super * np.arange(self.fold)).reshape(n_query, -1)
        picked = _smallest(np.take(minima, groups * n_query + np.arange(n_query)[:, None]), n_best)
        return np.take_along_axis(groups, picked, axis=1)

    def _group_products(self, query, groups):
        """Rows of the given groups (one list per query row) and their products with the query row."""
        tile, slot = np.divmod(groups, self.slots)
        first = tile * (self.slots * self.group) + slot
        rows = (first[:, :, None] + self.slots * np.arange(self.group)).reshape(len(query), -1)
        values = np.empty(rows.shape, dtype=query.dtype)
        step = max(1, _GATHER_BYTES // (rows.shape[1] * query.shape[1] * query.itemsize))
        for start in range(0, len(query), step):
            part = slice(start, start + step)
            np.matmul(self._table_rows(rows[part], query.dtype), query[part, :, None], out=values[part, :, None])
        return rows, values

    def candidates(self, query_rows, width):
        dtype = np.float64 if self.precise else np.float32
        n_query, n_features = len(query_rows), self.X.shape[1]
        query = np.ones((n_query, n_features + 1))
        query[:, :n_features] = (self._points(query_rows) - self.center) / self.scale
        typed_query = query.astype(dtype, copy=False)
        best = self._best_groups(self._group_minima(typed_query), width)
        rows, values = self._group_products(typed_query, best)
        pick = _smallest(values, width)
        largest = np.take_along_axis(values, pick, axis=1).max(axis=1)
        delta = 6 * (n_features + 4) * np.finfo(dtype).eps
        q_norm = np.einsum("ij,ij->i", query[:, :n_features], query[:, :n_features])
        bound = largest.astype(np.float64) - 3 * delta + q_norm
        return np.take_along_axis(rows, pick, axis=1), self.scale**2 * bound


def _smallest(values: np.ndarray, count: int) -> np.ndarray:
    """Positions of the ``count`` smallest values of each row, in no order (all when there are no more)."""
    if count >= values.shape[1]:
        return np.broadcast_to(np.arange(values.shape[1]), values.shape)
    return np.argpartition(values, count - 1, axis=1)[:, :count]


def _rerank(X: np.ndarray, rows: np.ndarray, candidates: np.ndarray, n_keep: int, within=None):
    """The ``n_keep`` candidates nearest by directly computed distance, ties by position, and their
    squared distances (positions in ``X[within]`` when ``within`` is given)."""
    n_query, n_candidates = candidates.shape
    chunk = max(1, _RERANK_ELEMENTS // max(1, n_candidates * X.shape[1]))
    top = np.empty((n_query, n_keep), dtype=np.intp)
    top_dist = np.empty((n_query, n_keep))
    for start in range(0, n_query, chunk):
        stop = min(start + chunk, n_query)
        cand = candidates[start:stop]
        at, query = (cand, rows[start:stop]) if within is None else (within[cand], within[rows[start:stop]])
        diff = X[at] - X[query, None, :]
        dist = np.einsum("ijk,ijk->ij", diff, diff)
        order = np.lexsort((cand, dist), axis=-1)[:, :n_keep]
        top[start:stop] = np.take_along_axis(cand, order, axis=1)
        top_dist[start:stop] = np.take_along_axis(dist, order, axis=1)
    return top, top_dist


def _drop_self(candidates: np.ndarray, self_index: np.ndarray, k: int) -> np.ndarray:
    """Remove each query row from its own candidate list (or the farthest candidate if absent)."""
    is_self = candidates == self_index[:, None]
    order = np.argsort(is_self, axis=1, kind="stable")
    return np.take_along_axis(candidates, order[:, :k], axis=1)

"""The exact search: candidates, float64 re-ranking, proof, and a wider search for the unproven.

``exact_search`` returns the same neighbours as a float64 brute force with ties broken by position;
``nearest_to_outside`` does the same for query rows that are not among the searched rows (a Spark
partition's rows searched for broadcast queries).
Each block of query rows gets ``width`` candidates and a bound (from the KD-tree or from screened
tiled products, as ``cost.tree_is_cheaper`` decides); re-ranking orders them exactly, and
``bound.is_proven`` accepts a row only when no row outside its candidates can come closer than its
k-th neighbour. The rows that fail are searched again with twice as many candidates, once more in
float32 and then in float64 (exact ties, duplicates), until proven or until every row is a
candidate. Blocks run on as many threads as BLAS may use; memory is bounded by a tile (a few MiB
per thread) and a block's group minima, not by ``n²``.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
from threadpoolctl import ThreadpoolController

from .bound import is_proven
from .cost import tree_is_cheaper
from .rerank import drop_self, rerank
from .screening import BlasCandidates
from .tree import TreeCandidates

# Candidates fetched beyond the k + 1 kept, so that most rows are proven on the first pass.
_MARGIN = 4
# Query rows below which building the float32 table costs as much as the search (float64 from the
# start), and the least rows per block when blocks are split to keep every thread busy.
_SMALL_BLOCK_ROWS = 256
# Below about this many (query row x searched row x feature) products, starting threads costs more
# than it saves: the search runs in the calling thread.
PARALLEL_MIN_WORK = 200_000_000
_BLAS = ThreadpoolController()


def exact_search(X: np.ndarray, rows: np.ndarray, k: int, within: np.ndarray | None = None) -> np.ndarray:
    """The ``k`` nearest other rows of X (or of ``X[within]``, blocked search only) for each of
    ``rows``, by (distance, position).

    Each block of rows drops itself from its own result, so nothing of size ``len(rows) x (k + 1)``
    is ever held beyond the block."""
    ranked, _ = _search(X, rows if within is None else within[rows], k, within, own=rows)
    return ranked


def nearest_to_outside(X: np.ndarray, within: np.ndarray, query_at: np.ndarray, k: int):
    """The ``k`` nearest rows of ``X[within]`` to each row ``X[query_at]`` (rows that are not searched,
    so none is left out as itself), by (distance, position).

    Returns
    -------
    positions : ndarray of shape (len(query_at), min(k, len(within)))
        Positions in ``within``, nearest first.
    distances : ndarray of the same shape
        Their squared distances, computed directly in float64.
    """
    return _search(X, query_at, k, within, own=None)


def _search(X, query_at, k, within, own):
    """Ranked neighbours of rows ``X[query_at]`` among X (or ``X[within]``); ``own`` holds each query's
    own position among the searched rows (dropped from its answer), or None for outside queries, whose
    squared distances are returned too."""
    n_samples, n_features = (X.shape[0] if within is None else len(within)), X.shape[1]
    n_keep = min(k + (own is not None), n_samples)
    by_tree = within is None and tree_is_cheaper(n_samples, n_features, k)
    source = TreeCandidates(X) if by_tree else BlasCandidates(X, within, None if own is not None else query_at)
    if not by_tree:
        source.precise = len(query_at) < _SMALL_BLOCK_ROWS
    ranked = np.empty((len(query_at), min(k, n_keep)), dtype=np.intp)
    distances = None if own is not None else np.empty(ranked.shape)
    pending = source.leaf_order(query_at) if by_tree else np.arange(len(query_at))
    # the tree's distances are exact: one extra candidate proves a row unless it ties with the last kept
    width = min(n_samples, n_keep + (1 if by_tree else _MARGIN))
    passes = 0
    while pending.size:
        # whole blocks, split further to give every thread one while blocks keep _SMALL_BLOCK_ROWS rows
        n_blocks = max(-(-pending.size // source.block_rows),
                       min(search_threads(), -(-pending.size // _SMALL_BLOCK_ROWS)))
        blocks = np.array_split(pending, max(1, n_blocks))
        proven = np.zeros(len(query_at), dtype=bool)

        def search(part, width=width):
            candidates, bound = source.candidates(query_at[part], width)
            top, dist = rerank(X, query_at[part], candidates, n_keep, within)
            if own is None:
                ranked[part], distances[part] = top, dist
            else:
                ranked[part] = drop_self(top, own[part], k)
            proven[part] = (width == n_samples) | is_proven(dist[:, -1], bound, n_features)

        run_threads(search, blocks, parallel=pending.size * n_samples * n_features >= PARALLEL_MIN_WORK)
        pending = pending[~proven[pending]]
        width = min(n_samples, 2 * width)
        passes += 1
        # a row left unproven is most often one whose last candidates lie within float32's error of
        # each other: twice the candidates in float32 prove most of them for a third of float64's cost
        source.precise = source.precise or passes >= 2
    return ranked, distances


def search_threads() -> int:
    """Threads a large blocked search runs on: as many as BLAS may use (a setting, not a measurement)."""
    return max([lib["num_threads"] for lib in _BLAS.select(user_api="blas").info()] or [1])


def run_threads(func, blocks, parallel: bool = True) -> None:
    """Call ``func`` on every block, spread over as many threads as BLAS may use, or in the calling
    thread when ``parallel`` is False; BLAS runs on one thread either way. (A small product split
    over BLAS's own threads gains little, and they go on spinning for a while after it, slowing the
    search that follows; docs/performance.md.)"""
    n_threads = min(len(blocks), search_threads())
    with _BLAS.limit(limits=1, user_api="blas"):
        if n_threads <= 1 or not parallel:
            for block in blocks:
                func(block)
            return
        chunks = [blocks[i::n_threads] for i in range(n_threads)]
        with ThreadPoolExecutor(n_threads) as pool:
            list(pool.map(lambda chunk: [func(block) for block in chunk], chunks))

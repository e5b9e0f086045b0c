"""Exact tiled products: ``|x|² − 2 q·x`` for a block of query rows against every searched row.

``ScaledTable`` holds the searched rows as table rows ``[-2 p, |p|²]`` (p: a row centred and scaled
into the unit ball), so that a table row times ``[q, 1]`` is ``|p − q|² − |q|²``: the same order as
the distances, within ``bound.product_error`` of the exact value. ``GroupLayout`` pads the rows to
``n_tiles × slots × group`` and splits each tile into ``slots`` strided groups
``{s, s + slots, s + 2 slots, ...}``. ``group_minima`` passes a block of queries over the tiles one
at a time and keeps each group's minimum product (no product of a group is below it);
``group_products`` recomputes every product of chosen groups. Padding rows have products of about
``1e30``, far above any real one (real products lie within [-3, 3]).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np

# Query rows per block: the longest of BLOCK_ROWS whose group minima (a float32 per group and query
# row, per thread) fit in MINIMA_BYTES. BLAS repacks the searched rows on every call, which costs as
# much as the products when fewer than about a hundred query rows share a call, and the group minimum
# runs along the query rows, faster the longer they are, but the minima grow with the block. A tile
# of products holds TILE_BYTES (2048 x 256 float32 was fastest of 1024-8192 x 128-512 at 1e5 rows, 20
# and 100 features): it stays in cache while it is reduced. Measurements in docs/performance.md.
BLOCK_ROWS = (1024, 512, 256)
MINIMA_BYTES = 4 * 2**20
TILE_BYTES = 2 * 2**20
# Rows of X turned into table rows at a time when the float32 table is built.
_BUILD_ROWS = 16_384
# Bytes of the searched rows gathered at a time when recomputing the products of candidate groups.
_GATHER_BYTES = 2 * 2**20
# Product of a padding row with any query: finite, since BLAS kernels may multiply an infinity by a
# zero (and numpy then warns).
_FAR = 1e30


@dataclass(frozen=True)
class GroupLayout:
    """How the searched rows are padded, tiled and grouped.

    Selecting groups costs about ``n_rows / group`` per query row, recomputing the chosen groups'
    products about ``width × group × (d + 1)`` (width ~16) with 30x less per element: ``group``
    balances the two. Groups are screened by the minimum of ``fold`` strided groups first.
    """

    group: int
    fold: int
    slots: int  # groups per tile, a multiple of fold
    n_groups: int  # n_tiles x slots
    block: int = BLOCK_ROWS[-1]  # query rows per block

    @classmethod
    def for_rows(cls, n_rows: int, n_features: int) -> "GroupLayout":
        group = int(np.clip(2 ** round(np.log2(np.sqrt(0.4 * n_rows / (n_features + 1)))), 1, 256))
        n_groups = -(-n_rows // group)
        block = next((rows for rows in BLOCK_ROWS if rows * n_groups * 4 <= MINIMA_BYTES), BLOCK_ROWS[-1])
        fold = int(2 ** max(0, round(np.log2(np.sqrt(n_groups / 16)))))
        tile_rows = TILE_BYTES // (4 * block)
        per_tile = max(fold, tile_rows // group // fold * fold)  # slots per tile: whole supergroups
        n_tiles = -(-n_groups // per_tile)
        slots = -(-n_groups // (n_tiles * fold)) * fold  # tiles as even as can be: under a tile of padding
        return cls(group, fold, slots, n_tiles * slots, block)

    @property
    def tile_rows(self) -> int:
        return self.slots * self.group

    def rows_of(self, groups: np.ndarray) -> np.ndarray:
        """Table positions of the rows of ``groups`` (one list per query row), group by group."""
        tile, slot = np.divmod(groups, self.slots)
        first = tile * self.tile_rows + slot
        return (first[:, :, None] + self.slots * np.arange(self.group)).reshape(len(groups), -1)


def unit_ball(X: np.ndarray, parts) -> tuple[np.ndarray, float]:
    """Centre and scale that put the rows ``X[part]`` of every part (None: all of X) into the unit
    ball: the middle of their bounding box and its half-diagonal (1 for a single point). Rows are
    read a chunk at a time, never gathered whole."""
    low, high = np.full(X.shape[1], np.inf), np.full(X.shape[1], -np.inf)
    for part in parts:
        stop = X.shape[0] if part is None else len(part)
        for start in range(0, stop, _BUILD_ROWS):
            rows = slice(start, start + _BUILD_ROWS)
            chunk = X[rows] if part is None else np.take(X, part[rows], axis=0)
            np.minimum(low, chunk.min(axis=0), out=low)
            np.maximum(high, chunk.max(axis=0), out=high)
    return (low + high) / 2, float(np.linalg.norm((high - low) / 2)) or 1.0


class ScaledTable:
    """The searched rows (``X`` or ``X[within]``) centred and scaled into the unit ball.

    The float32 table is built once, in chunks, and kept; float64 rows, wanted only for the few
    query rows left unproven, are computed from X when asked for, so no second copy of X is held.
    Query rows that are not searched rows (``outside``, positions in X) are scaled into the ball too.
    """

    def __init__(self, X: np.ndarray, within: np.ndarray | None, n_padded: int, outside: np.ndarray | None = None):
        self.X, self.within = X, within
        self.n_rows = X.shape[0] if within is None else len(within)
        self.n_padded = n_padded
        self.center, self.scale = unit_ball(X, [within] + ([] if outside is None else [outside]))
        self._float32 = None
        self._lock = threading.Lock()

    def points(self, positions: np.ndarray) -> np.ndarray:
        """Rows of the searched set as given (float64, gathered)."""
        return np.take(self.X, positions if self.within is None else self.within[positions], axis=0)

    def query(self, query_at: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Query rows ``[q, 1]`` for rows ``X[query_at]`` (q scaled as the table, float64) and their ``|q|²``."""
        n_features = self.X.shape[1]
        query = np.ones((len(query_at), n_features + 1))
        query[:, :n_features] = (np.take(self.X, query_at, axis=0) - self.center) / self.scale
        return query, np.einsum("ij,ij->i", query[:, :n_features], query[:, :n_features])

    def rows(self, positions, dtype) -> np.ndarray:
        """Table rows for ``positions`` (a slice or an array of int), padding positions included."""
        if dtype == np.float32:
            with self._lock:  # the first blocks of a pass ask for it at once, from every thread
                if self._float32 is None:
                    table = np.empty((self.n_padded, self.X.shape[1] + 1), dtype=np.float32)
                    for start in range(0, len(table), _BUILD_ROWS):
                        self._scaled(np.arange(start, min(start + _BUILD_ROWS, len(table))), np.float32,
                                     out=table[start:start + _BUILD_ROWS])
                    self._float32 = table
            if isinstance(positions, slice):
                return self._float32[positions]
            return np.take(self._float32, positions, axis=0)
        if isinstance(positions, slice):
            positions = np.arange(positions.start, positions.stop)
        return self._scaled(positions, dtype)

    def _scaled(self, positions, dtype, out=None):
        n_features = self.X.shape[1]
        table = np.empty(positions.shape + (n_features + 1,), dtype=dtype) if out is None else out
        points = table[..., :n_features]
        np.subtract(self.points(np.minimum(positions, self.n_rows - 1)), self.center, out=points, casting="unsafe")
        points *= 1 / self.scale
        table[..., n_features] = np.einsum("...j,...j->...", points, points)
        points *= -2
        padding = positions >= self.n_rows
        table[padding] = 0
        table[padding, n_features] = _FAR
        return table


def group_minima(table: ScaledTable, layout: GroupLayout, query: np.ndarray, scratch: threading.local) -> np.ndarray:
    """Minimum product of each group (one row per group, one column per query row), tile by tile.

    Each tile of products is laid out row of X by query row, so that the minimum over a group is an
    elementwise minimum of ``group`` contiguous slabs (numpy is slow at short reductions). The tile
    is reused through ``scratch``, one per thread and search."""
    n_query, tile_rows = len(query), layout.tile_rows
    tile = getattr(scratch, "tile", None)
    if tile is None or tile.dtype != query.dtype or tile.size < tile_rows * n_query:
        tile = scratch.tile = np.empty(tile_rows * max(layout.block, n_query), query.dtype)
    products = tile[: tile_rows * n_query].reshape(tile_rows, n_query)
    minima = np.empty((layout.n_groups, n_query), dtype=query.dtype)
    for start in range(0, layout.n_groups, layout.slots):
        rows = table.rows(slice(start * layout.group, start * layout.group + tile_rows), query.dtype)
        np.matmul(rows, query.T, out=products)
        np.min(products.reshape(layout.group, layout.slots, n_query), axis=0, out=minima[start:start + layout.slots])
    return minima


def group_products(table: ScaledTable, layout: GroupLayout, query: np.ndarray, groups: np.ndarray):
    """Rows of the given groups (one list per query row) and their products with the query row."""
    rows = layout.rows_of(groups)
    values = np.empty(rows.shape, dtype=query.dtype)
    step = max(1, _GATHER_BYTES // (rows.shape[1] * query.shape[1] * query.itemsize))
    for start in range(0, len(query), step):
        part = slice(start, start + step)
        np.matmul(table.rows(rows[part], query.dtype), query[part, :, None], out=values[part, :, None])
    return rows, values

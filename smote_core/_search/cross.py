"""How near the other classes come: for every row, a squared distance below which no row of another
class lies, from one pass of float32 products per pair of classes.

The cleaners' class-first route (``smote_core.cleaning._base``) keeps a row's k nearest rows of its
own class when no row of another class comes as near, so it needs one number per row, not
candidates. With the rows of both classes scaled into the unit ball, the product of ``[p, |p|², 1]``
(a row of class a) and ``[−2p', 1, |p'|²]`` (a row of class b) is ``|p − p'|²`` itself, the same
read either way: one tile of products gives each row of a its minimum over the tile's rows of b (down
the columns) and each row of b its minimum over the block's rows of a (along the rows), so every
pair of rows is multiplied once for both classes.

Bound: the ``d + 2`` terms add up to at most ``2|p||p'| + |p|² + |p'|² ≤ 4`` in absolute value; each
stored factor was rounded once (``eps/2`` relative, the squared norms after a float64 sum), and a sum
of ``d + 2`` terms in any order is within ``(d + 2) eps/2 / (1 − (d + 2) eps/2)`` times the sum of
their absolute values: under ``(2d + 8) eps`` in all, where ``bound.product_error`` allows
``6 (d + 4) eps``. The minimum of computed products is the computed product of one of the rows, so no
exact squared distance is below it by more than that error.
"""

from __future__ import annotations

import threading

import numpy as np

from .bound import product_error
from .exact import PARALLEL_MIN_WORK, run_threads
from .products import unit_ball

# Rows of the class held whole x rows of the other class per tile of products (4 MiB of float32):
# of 256-1024 x 512-8192, the fastest for the two minima at both 20 and 100 features (a minimum along
# short rows costs more than the products it reduces; measurements in docs/performance.md).
_TILE_ROWS, _BLOCK_ROWS = 512, 2048
# Rows turned into float32 product rows at a time (a few MiB of float64 at 100 features).
_BUILD_ROWS = 4_096


def other_class_bounds(X: np.ndarray, rows_a: np.ndarray, rows_b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Squared distances (original units) below which no row of ``X[rows_b]`` lies from each row of
    ``X[rows_a]``, and no row of ``X[rows_a]`` from each row of ``X[rows_b]``.

    Each bound is within ``2 scale² product_error`` of the exact nearest squared distance (``scale``:
    the half-diagonal of the rows' bounding box); ``inf`` when the other set is empty. The smaller
    set is held as float32 product rows, the larger one is read a block at a time.
    """
    if not len(rows_a) or not len(rows_b):
        return np.full(len(rows_a), np.inf), np.full(len(rows_b), np.inf)
    if len(rows_a) < len(rows_b):
        near_b, near_a = other_class_bounds(X, rows_b, rows_a)
        return near_a, near_b
    center, scale = unit_ball(X, [rows_a, rows_b])
    held = np.empty((len(rows_b), X.shape[1] + 2), dtype=np.float32)
    for start in range(0, len(rows_b), _BUILD_ROWS):
        _product_rows(X, rows_b[start:start + _BUILD_ROWS], center, scale, out=held[start:start + _BUILD_ROWS])
    near_a = np.empty(len(rows_a), dtype=np.float32)
    per_thread, lock, scratch = [], threading.Lock(), threading.local()

    def pass_block(block):
        if not hasattr(scratch, "near_b"):  # each thread's minima over the rows of b, merged at the end
            scratch.near_b = np.full(len(rows_b), np.inf, dtype=np.float32)
            scratch.tile = np.empty(_TILE_ROWS * _BLOCK_ROWS, dtype=np.float32)
            scratch.along = np.empty(_TILE_ROWS, dtype=np.float32)
            scratch.down = np.empty(_BLOCK_ROWS, dtype=np.float32)
            with lock:
                per_thread.append(scratch.near_b)
        read = _product_rows(X, rows_a[block], center, scale)
        near = np.full(len(block), np.inf, dtype=np.float32)
        for start in range(0, len(held), _TILE_ROWS):
            part = held[start:start + _TILE_ROWS]
            products = scratch.tile[: len(part) * len(block)].reshape(len(part), len(block))
            np.matmul(part, read.T, out=products)
            np.minimum(near, np.min(products, axis=0, out=scratch.down[: len(block)]), out=near)
            along, target = scratch.along[: len(part)], scratch.near_b[start:start + len(part)]
            np.minimum(target, np.min(products, axis=1, out=along), out=target)
        near_a[block] = near

    blocks = np.array_split(np.arange(len(rows_a)), -(-len(rows_a) // _BLOCK_ROWS))
    run_threads(pass_block, blocks, parallel=len(rows_a) * len(rows_b) * X.shape[1] >= PARALLEL_MIN_WORK)
    near_b = np.minimum.reduce(per_thread)
    error = product_error(X.shape[1], np.float32)
    return scale**2 * (near_a.astype(np.float64) - error), scale**2 * (near_b.astype(np.float64) - error)


def _product_rows(X: np.ndarray, rows: np.ndarray, center: np.ndarray, scale: float, out=None) -> np.ndarray:
    """Float32 rows ``[p, |p|², 1]`` of the scaled rows ``X[rows]``, or, written into ``out`` (the
    held rows), ``[−2p, 1, |p|²]``."""
    n_features = X.shape[1]
    held = out is not None
    points = np.take(X, rows, axis=0)
    points -= center
    points /= scale
    norms = np.einsum("ij,ij->i", points, points)
    if not held:
        out = np.empty((len(rows), n_features + 2), dtype=np.float32)
    np.multiply(points, -2 if held else 1, out=out[:, :n_features], casting="same_kind")
    out[:, n_features:] = np.column_stack([np.ones(len(rows)), norms] if held else [norms, np.ones(len(rows))])
    return out

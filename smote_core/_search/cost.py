"""Path choice: which exact search costs less, from counted flops and bytes (no clock is read).

The model prices work on a nominal core with three rates. They are constants, not measurements, so
the same data and parameters always take the same path whatever the machine is doing;
``python -m benchmarks.floor`` measures the three on the machine it runs on and prints them beside
these. The choice depends on their ratios only, and moves by about one feature's worth of rows when
a ratio is off by a factor of two (the tree's cost grows about 1.9x per feature).

Blocked search (``products``, ``screening``), per (query row, searched row) pair:
    2 (d + 1) float32 flops of a matrix product, at ``GEMM_FLOPS``, and ``PAIR_BYTES`` streamed in
    cache, at ``STREAM_BYTES``: the product is written and read back for the group minimum, and as
    much again covers the screening, recomputation and re-ranking that follow.
The cleaners' pass over two classes (``cross``), per pair of rows of the two:
    2 (d + 2) flops and ``CROSS_PAIR_BYTES``: the product written once and read for each row's minimum.
KD-tree (scikit-learn's, leaves of ``LEAF_SIZE`` rows), per query row:
    it examines the rows of the leaves it visits. Friedman, Bentley & Finkel (1977) bound the mean
    number of leaves visited for ``m`` nearest neighbours by ``(1 + (m / b)^(1/d))^d`` (uniform data,
    max-norm); structured data needs fewer, and no query examines more than the ``n`` rows. Each
    examined row is read from a scattered position: at least a 64-byte cache line, ``8 d`` bytes for
    a wide row, at ``RANDOM_BYTES``. Building the tree reads every row once per level.

Costs are compared in logarithms, so nothing overflows for any number of columns.
"""

from __future__ import annotations

import math

# float32 flop/s of a BLAS matrix product on one core (2 FMA units x 8 float32 lanes x 2 flops, 2 GHz)
GEMM_FLOPS = 64e9
# bytes/s one core streams through its cache in numpy's elementwise passes (16 bytes a cycle, 2 GHz)
STREAM_BYTES = 32e9
# bytes/s one core reads rows at scattered positions (a 64-byte line each ~32 ns)
RANDOM_BYTES = 2e9
# bytes streamed per (query row, searched row) pair by the blocked search, beyond its flops
PAIR_BYTES = 16
# bytes streamed per pair of rows of two classes by the cleaners' pass over both
CROSS_PAIR_BYTES = 12
# rows per leaf of scikit-learn's KDTree (its default leaf_size)
LEAF_SIZE = 40
# a cache line: the least read for any row at a scattered position
_LINE_BYTES = 64


def pair_seconds(n_features: int) -> float:
    """Nominal seconds the blocked search spends on one (query row, searched row) pair."""
    return 2 * (n_features + 1) / GEMM_FLOPS + PAIR_BYTES / STREAM_BYTES


def cross_pair_seconds(n_features: int) -> float:
    """Nominal seconds of one pair of rows of two classes in ``cross.other_class_bounds`` (for both
    rows): ``2 (d + 2)`` flops, and the product written and read once for each row's minimum."""
    return 2 * (n_features + 2) / GEMM_FLOPS + CROSS_PAIR_BYTES / STREAM_BYTES


def tree_row_seconds(n_features: int) -> float:
    """Nominal seconds a KD-tree spends examining one row (read from a scattered position)."""
    return max(_LINE_BYTES, 8 * n_features) / RANDOM_BYTES


def log_tree_rows_examined(n_rows: int, n_features: int, n_wanted: int) -> float:
    """Natural log of the rows a KD-tree query for ``n_wanted`` neighbours examines (model above)."""
    per_leaf = math.log(n_wanted / LEAF_SIZE) / n_features  # log of (m / b)^(1/d)
    leaves = n_features * math.log1p(math.exp(per_leaf))
    return min(math.log(n_rows), math.log(LEAF_SIZE) + leaves)


def tree_build_seconds(n_rows: int, n_features: int) -> float:
    """Nominal seconds to build a KD-tree over ``n_rows`` rows: every row read once per level."""
    levels = max(1.0, math.log2(max(n_rows, 1) / LEAF_SIZE))
    return n_rows * levels * tree_row_seconds(n_features)


def tree_is_cheaper(n_rows: int, n_features: int, k: int) -> bool:
    """Whether a KD-tree finds ``k`` neighbours (plus the row itself and one more, as the exact
    search asks) among ``n_rows`` rows for less than the blocked search's ``n_rows`` pairs."""
    if n_rows < 1:
        return False
    tree = log_tree_rows_examined(n_rows, n_features, k + 2) + math.log(tree_row_seconds(n_features))
    return tree < math.log(n_rows) + math.log(pair_seconds(n_features))

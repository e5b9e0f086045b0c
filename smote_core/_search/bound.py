"""The rounding-error bound that makes the blocked search exact (proof: docs/search.md).

The searched rows and the query are centred and scaled into the unit ball, and a product is
``[-2 p, |p|²] · [q, 1] = |p − q|² − |q|²``: ``d + 1`` terms, each at most 3 in absolute value. So,
however a BLAS kernel sums them, a product computed in a floating-point type with machine epsilon
``eps`` is within ``product_error`` of the exact one. Screening (see ``screening``) turns that into
a bound below which no row left out of the candidates can lie, and ``is_proven`` accepts a row's
answer only when its k-th re-ranked distance is below that bound by more than the float64 rounding
of the distance itself.
"""

from __future__ import annotations

import numpy as np

_EPS64 = np.finfo(np.float64).eps


def product_error(n_features: int, dtype) -> float:
    """Largest difference between a computed and the exact product of scaled rows, in ``dtype``."""
    return 6 * (n_features + 4) * np.finfo(dtype).eps


def unseen_bound(largest: np.ndarray, query_norm: np.ndarray, n_features: int, dtype, scale: float) -> np.ndarray:
    """Squared distance (original units) below which no row outside the candidates can lie.

    ``largest``: the largest recomputed product among each query row's candidates; every row left
    out has an exact product of at least ``largest − 3 product_error``. ``query_norm``: ``|q|²`` of
    the scaled query row; ``scale``: the factor the rows were divided by.
    """
    return scale**2 * (largest.astype(np.float64) - 3 * product_error(n_features, dtype) + query_norm)


def is_proven(kth_distance: np.ndarray, bound: np.ndarray, n_features: int) -> np.ndarray:
    """Whether a k-th squared distance, computed directly in float64, is certainly below ``bound``:
    no row outside the candidates can then come closer than the k-th neighbour."""
    return kth_distance < bound * (1 - 8 * (n_features + 2) * _EPS64)

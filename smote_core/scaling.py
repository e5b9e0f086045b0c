"""Per-column scaling for neighbour searches: search on scaled columns, write rows in original units.

A per-column affine map ``s(x) = (x - center) / scale`` commutes with interpolation:
``s(a + λ (b - a)) = s(a) + λ (s(b) - s(a))``. So a sampler can pick parents and neighbours on scaled
columns and interpolate the original rows with the same λ: every synthetic row still satisfies
``X_res[row] == X[parent] + lam * (X[neighbor] - X[parent])`` exactly as written, and only the
choice of neighbours changes -- no column decides every distance because its unit is small.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .parameters import Param

SCALINGS = {
    "standard": "mean removed, divided by the standard deviation",
    "robust": "median removed, divided by the inter-quartile range, or by the standard deviation where that is 0",
}


# the table entry of every neighbour-based sampler's ``neighbor_scaling`` (see smote_core.parameters)
NEIGHBOR_SCALING = Param("choice", "Scale the columns before searching neighbours; new rows are still written "
                                   "in the original units.", options=tuple(SCALINGS),
                         none="search the columns as they are, like imbalanced-learn")


@dataclass(frozen=True)
class ColumnScaling:
    """A fitted per-column scaling: ``(X - center) / scale``.

    Attributes
    ----------
    kind : str
        A key of :data:`SCALINGS`.
    center, scale : ndarray of shape (n_features,)
        ``scale`` is positive everywhere (1 for a constant column).
    """

    kind: str
    center: np.ndarray
    scale: np.ndarray

    def transform(self, X: np.ndarray) -> np.ndarray:
        """``X`` scaled, as a new float64 array."""
        return (np.asarray(X, dtype=np.float64) - self.center) / self.scale


def check_scaling(kind) -> None:
    """Raise a clear ``ValueError`` unless ``kind`` is None or a key of :data:`SCALINGS`."""
    if kind is not None and kind not in SCALINGS:
        options = ", ".join(f"{name!r} ({what})" for name, what in SCALINGS.items())
        raise ValueError(f"neighbor_scaling={kind!r} is not known; use None (search the columns as they are), {options}.")


def fit_scaling(X: np.ndarray, kind: str) -> ColumnScaling:
    """The scaling ``kind`` fitted on the columns of ``X`` (no missing values)."""
    check_scaling(kind)
    X = np.asarray(X, dtype=np.float64)
    std = X.std(axis=0)
    if kind == "standard":
        center, spread = X.mean(axis=0), std
    else:
        q1, center, q3 = np.percentile(X, [25, 50, 75], axis=0)
        spread = np.where(q3 - q1 > 0, q3 - q1, std)
    return ColumnScaling(kind, center, np.where(spread > 0, spread, 1.0))

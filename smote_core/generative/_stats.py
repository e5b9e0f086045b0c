"""Small statistics shared by the copula and the fidelity report."""

from __future__ import annotations

import numpy as np


def correlation(values: np.ndarray) -> np.ndarray:
    """Pearson correlation between columns; a column without spread correlates 0 with the others
    (and 0 with itself: callers that need a unit diagonal set it)."""
    std = values.std(axis=0)
    centred = (values - values.mean(axis=0)) / np.where(std > 0, std, 1.0)
    return centred.T @ centred / len(values)

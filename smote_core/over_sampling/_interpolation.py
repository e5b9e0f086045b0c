"""Drawing SMOTE's (parent, neighbour, λ) triples, shared by the interpolating samplers."""

from __future__ import annotations

import numpy as np


def draw_pairs(rng: np.random.RandomState, neighbors: np.ndarray, n_samples: int, step_size: float = 1.0):
    """Draw ``n_samples`` (row, neighbour, λ) triples uniformly over a neighbour table.

    The draws are those of imbalanced-learn's ``_make_samples``: one integer over all
    ``rows × k`` cells, then λ uniform in ``[0, step_size)``, from the same generator, in that order.

    Parameters
    ----------
    rng : numpy.random.RandomState
    neighbors : ndarray of shape (n_rows, k)
        Neighbour table; entries index whatever set the caller searched.
    n_samples : int
    step_size : float

    Returns
    -------
    rows : ndarray of int
        Row of the table each sample starts from.
    chosen : ndarray of int
        The neighbour picked for each sample (an entry of ``neighbors``).
    lam : ndarray of float
    """
    cells = rng.randint(low=0, high=neighbors.size, size=n_samples)
    lam = step_size * rng.uniform(size=n_samples)
    rows, cols = np.divmod(cells, neighbors.shape[1])
    return rows, neighbors[rows, cols], lam

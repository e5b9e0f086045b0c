"""Drawing SMOTE's (parent, neighbour, λ) triples, shared by the interpolating samplers.

The draws are split into their random streams (:func:`draw_cells`, :func:`draw_choice`,
:func:`draw_lambdas`) so that an engine generating rows in chunks (``smote_core.spark``) can replay
each stream a chunk at a time and obtain exactly the numbers drawn here in one call.
"""

from __future__ import annotations

import numpy as np


def draw_cells(rng: np.random.RandomState, n_cells: int, n_samples: int) -> np.ndarray:
    """``n_samples`` cells drawn uniformly over a neighbour table of ``n_cells`` cells."""
    return rng.randint(low=0, high=n_cells, size=n_samples)


def draw_choice(rng: np.random.RandomState, n_options: int, n_samples: int) -> np.ndarray:
    """``n_samples`` positions in ``range(n_options)``, drawn with replacement (``rng.choice``)."""
    return rng.choice(n_options, size=n_samples)


def draw_lambdas(rng: np.random.RandomState, n_samples: int, step_size: float = 1.0) -> np.ndarray:
    """``n_samples`` values of λ uniform in ``[0, step_size)``."""
    return step_size * rng.uniform(size=n_samples)


def cells_to_pairs(neighbors: np.ndarray, cells: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The table row and the neighbour picked by each cell of ``neighbors`` (row-major cells)."""
    rows, cols = np.divmod(cells, neighbors.shape[1])
    return rows, neighbors[rows, cols]


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
    cells = draw_cells(rng, neighbors.size, n_samples)
    lam = draw_lambdas(rng, n_samples, step_size)
    rows, chosen = cells_to_pairs(neighbors, cells)
    return rows, chosen, lam

"""Edited Nearest Neighbours (Wilson, 1972): remove rows their neighbours disagree with."""

from __future__ import annotations

import numpy as np

from .._neighbors import is_neighbors_object, nearest_neighbors, neighbor_count, searches_by_tree
from ..parameters import Param
from ._base import BaseCleaningSampler
from ._by_class import nearest_by_class


def _keep_all(codes: np.ndarray, neighbor_codes: np.ndarray, n_classes: int) -> np.ndarray:
    return (neighbor_codes == codes[:, None]).all(axis=1)


def _keep_mode(codes: np.ndarray, neighbor_codes: np.ndarray, n_classes: int) -> np.ndarray:
    n_rows = len(codes)
    flat = np.arange(n_rows)[:, None] * n_classes + neighbor_codes
    votes = np.bincount(flat.ravel(), minlength=n_rows * n_classes).reshape(n_rows, n_classes)
    return votes.argmax(axis=1) == codes  # ties go to the smallest label, as scipy's mode


_SELECTION = {"all": _keep_all, "mode": _keep_mode}


class EditedNearestNeighbours(BaseCleaningSampler):
    """Remove the rows of the cleaned classes whose nearest neighbours (all classes) disagree with them.

    Parameters
    ----------
    sampling_strategy : str, list or callable, default="auto"
        Classes whose rows may be removed (see :class:`TomekLinks`).
    n_neighbors : int or neighbours object, default=3
        Neighbours consulted, or an object with ``fit``/``kneighbors`` whose ``n_neighbors`` counts
        the row itself (as in imbalanced-learn).
    kind_sel : {"all", "mode"}, default="all"
        ``"all"``: keep a row only when every neighbour has its class; ``"mode"``: keep it when the
        most common neighbour class (ties: the smallest label) is its class.
    neighbor_scaling : {None, "standard", "robust"}, default=None
        Search neighbours on per-column scaled data (the kept rows are returned as they
        were); None searches the columns as they are, like imbalanced-learn.

    Attributes
    ----------
    sampling_strategy_ : dict
    sample_indices_ : ndarray of int
        Positions of the kept rows, in input order.
    removed_ : DataFrame
        One row per removed row: ``position``, ``label``, ``n_other`` (neighbours of another class).

    Notes
    -----
    Keeps the same rows as ``imblearn.under_sampling.EditedNearestNeighbours`` but returns them in
    input order (imbalanced-learn groups them by class); a row is never its own neighbour, even
    where X holds exact duplicates of it.

    References
    ----------
    .. [1] D. L. Wilson, "Asymptotic properties of nearest neighbor rules using edited data", IEEE
       Transactions on Systems, Man, and Cybernetics SMC-2(3), 408-421, 1972.

    Examples
    --------
    >>> from smote_core import EditedNearestNeighbours, load_dataset
    >>> noisy, name = load_dataset("label-noise-5")
    >>> enn = EditedNearestNeighbours(kind_sel="mode")
    >>> kept, labels = enn.fit_resample(noisy[["feature_1", "feature_2"]], noisy[name])
    >>> len(kept) + len(enn.removed_) == len(noisy)
    True
    """

    _removal_reason = "enn"
    _parameter_constraints = {
        **BaseCleaningSampler._parameter_constraints,
        "n_neighbors": Param("neighbors", "Nearest rows (any class) consulted about each row.", low=1),
        "kind_sel": Param("choice", "'all': remove a row unless every neighbour shares its class; 'mode': unless "
                                    "most do.", options=tuple(_SELECTION)),
    }

    def __init__(self, *, sampling_strategy="auto", n_neighbors=3, kind_sel="all", neighbor_scaling=None):
        self.sampling_strategy = sampling_strategy
        self.n_neighbors = n_neighbors
        self.kind_sel = kind_sel
        self.neighbor_scaling = neighbor_scaling

    def _check_params(self, X, y):
        k = neighbor_count(self.n_neighbors, "n_neighbors")
        if X.shape[0] < k + 1:
            raise ValueError(
                f"X has {X.shape[0]} rows; n_neighbors={k} needs at least {k + 1}: lower n_neighbors."
            )

    def _removal(self, X, y, classes):
        labels, codes = np.unique(y, return_inverse=True)
        codes = codes.astype(np.min_scalar_type(len(labels)))  # one byte per neighbour, not eight
        cleaned = np.flatnonzero(np.isin(y, classes))
        neighbor_codes = codes[self._neighbors(X, codes, cleaned)]
        drop = ~_SELECTION[self.kind_sel](codes[cleaned], neighbor_codes, len(labels))
        remove = np.zeros(len(y), dtype=bool)
        remove[cleaned[drop]] = True
        n_other = (neighbor_codes[drop] != codes[cleaned[drop], None]).sum(axis=1)
        return remove, {"n_other": n_other}

    def _neighbors(self, X, codes, rows):
        """Neighbours of ``rows`` (whole classes, in order); an exact search over many features may go
        class by class (see :func:`._base.nearest_by_class`), one over few features searches once."""
        if is_neighbors_object(self.n_neighbors) or searches_by_tree(X, self.n_neighbors):
            return nearest_neighbors(X, self.n_neighbors, query=rows)
        return nearest_by_class(X, codes, np.unique(codes[rows]), self.n_neighbors)

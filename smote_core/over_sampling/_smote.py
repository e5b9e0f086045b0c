"""SMOTE (Chawla et al., 2002): new minority rows on segments between a row and a minority neighbour."""

from __future__ import annotations

import numpy as np
from sklearn.utils import check_random_state

from .._base import BaseSampler, Synthetic
from .._neighbors import nearest_neighbors, neighbor_count
from .._validation import check_class_size
from ..parameters import Param
from ..scaling import NEIGHBOR_SCALING
from ._interpolation import draw_pairs

SAMPLING_STRATEGY = Param("strategy", "How many rows to generate per class: 'auto' balances every class with the "
                                      "majority; a float is the minority/majority ratio wanted (two classes).")
RANDOM_STATE = Param("seed", "Seed: the same seed gives the same rows.")


class BaseOverSampler(BaseSampler):
    """Over-samplers: ``sampling_strategy_`` maps each class to the number of rows to generate."""

    _sampling_type = "over-sampling"
    _parameter_constraints = {"sampling_strategy": SAMPLING_STRATEGY, "random_state": RANDOM_STATE}

    def _classes_to_grow(self, y):
        """(label, positions of its rows in X, rows to generate) for every class that grows."""
        for label, n_new in self.sampling_strategy_.items():
            if n_new > 0:
                yield label, np.flatnonzero(y == label), n_new


class SMOTE(BaseOverSampler):
    """Synthetic Minority Over-sampling TEchnique.

    For each new row: pick a row X of the class, one of its ``k_neighbors`` nearest neighbours *within
    the class*, and λ uniform in [0, 1); the new row is ``X + λ · (neighbour − X)``.

    Parameters
    ----------
    sampling_strategy : str, float, dict or callable, default="auto"
        How many rows to generate per class (imbalanced-learn's forms; "auto" balances every class
        with the majority).
    random_state : int, RandomState or None, default=None
        Seed. For an integer, each class draws from a generator freshly seeded with it, exactly as
        imbalanced-learn does, so the output is row-for-row identical to
        ``imblearn.over_sampling.SMOTE`` given the same neighbours.
    k_neighbors : int or neighbours object, default=5
        Number of nearest neighbours to interpolate with, or an object with ``fit``/``kneighbors``
        whose ``n_neighbors`` counts the point itself (as in imbalanced-learn).
    neighbor_scaling : {None, "standard", "robust"}, default=None
        Search neighbours on per-column scaled data (rows are still written in the original units,
        so provenance stays exact); None searches the columns as they are, like imbalanced-learn.

    Attributes
    ----------
    sampling_strategy_ : dict
        Class -> number of rows generated.
    provenance_ : DataFrame
        One row per synthetic row: ``row``, ``label``, ``parent``, ``neighbor``, ``lam``, ``technique``.
    neighbors_ : dict
        Class -> (n_class_rows, k) array of neighbour positions in the input X.
    neighbor_scaling_ : ColumnScaling or None
        The fitted scaling the neighbour searches used.

    Notes
    -----
    Differences from imbalanced-learn: a point is never its own neighbour even when the class holds
    exact duplicates of it; integer columns are rounded rather than truncated.

    References
    ----------
    .. [1] N. V. Chawla, K. W. Bowyer, L. O. Hall and W. P. Kegelmeyer, "SMOTE: Synthetic Minority
       Over-sampling Technique", Journal of Artificial Intelligence Research 16, 321-357, 2002.

    Examples
    --------
    >>> from smote_core import SMOTE, load_dataset
    >>> frame, target = load_dataset("fraud")
    >>> X_res, y_res = SMOTE(random_state=0).fit_resample(frame[["transaction_amount", "time_of_day"]], frame[target])
    >>> y_res.value_counts().sort_index().to_dict()
    {'fraud': 56, 'legit': 56}
    """

    _technique = "smote"
    _parameter_constraints = {
        **BaseOverSampler._parameter_constraints,
        "k_neighbors": Param("neighbors", "Nearest rows of the same class a new row may be interpolated towards.",
                             low=1),
        "neighbor_scaling": NEIGHBOR_SCALING,
    }

    def __init__(self, *, sampling_strategy="auto", random_state=None, k_neighbors=5, neighbor_scaling=None):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.k_neighbors = k_neighbors
        self.neighbor_scaling = neighbor_scaling

    def _check_params(self, X, y):
        k = neighbor_count(self.k_neighbors, "k_neighbors")
        for label, class_index, _ in self._classes_to_grow(y):
            check_class_size(label, len(class_index), k, "k_neighbors")

    def _fit_resample(self, X, y):
        blocks = []
        self.neighbors_ = {}
        search = self._search_space(X)
        for label, class_index, n_new in self._classes_to_grow(y):
            local = nearest_neighbors(search[class_index], self.k_neighbors)
            self.neighbors_[label] = class_index[local]
            rng = check_random_state(self.random_state)
            rows, chosen, lam = draw_pairs(rng, local, n_new)
            blocks.append(Synthetic(label, class_index[rows], class_index[chosen], lam))
        return self._assemble(X, y, blocks)

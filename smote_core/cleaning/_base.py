"""What every cleaning sampler shares: a removal rule in, kept rows and a record of removals out."""

from __future__ import annotations

from abc import abstractmethod

import numpy as np
import pandas as pd
from sklearn.neighbors import KDTree

from .._base import BaseSampler
from .._neighbors import nearest_neighbors
from .._search.cost import pair_seconds, tree_build_seconds, tree_row_seconds
from .._search.exact import search_threads
from ..parameters import Param
from ..scaling import NEIGHBOR_SCALING

# Relative widening of the radius within which another class's row sends a row to the full search.
_RADIUS_SLACK = 1e-6
# Rows queried at a time in the KD-tree over the other classes.
_QUERY_ROWS = 16_384
# Rows on which the KD-tree's work is counted before it is used for a whole class, in parts.
_TREE_SAMPLE, _TREE_PARTS = 256, 8


class BaseCleaningSampler(BaseSampler):
    """Cleaners keep the rows their rule does not remove, untouched and in input order.

    ``sampling_strategy_`` names the classes whose rows may be removed (class -> 0). Subclasses
    implement ``_removal(X, y, classes)`` and ``_removal_reason`` names the rule in ``removed_by``
    columns of combined samplers.
    """

    _sampling_type = "clean-sampling"
    _removal_reason = ""
    _keeps_sample_indices = True
    _parameter_constraints = {
        "sampling_strategy": Param("strategy", "Classes whose rows may be removed: 'auto' (all but the minority), "
                                               "'all', 'majority', 'not majority', or a list of classes."),
        "neighbor_scaling": NEIGHBOR_SCALING,
    }

    @abstractmethod
    def _removal(self, X: np.ndarray, y: np.ndarray, classes: np.ndarray) -> tuple[np.ndarray, dict]:
        """Boolean mask of the rows to remove and, per removed row, the columns that explain it."""

    def _fit_resample(self, X, y):
        classes = np.asarray(list(self.sampling_strategy_), dtype=y.dtype)
        remove, details = self._removal(self._search_space(X), y, classes)
        self.sample_indices_ = np.flatnonzero(~remove)
        position = np.flatnonzero(remove)
        self.removed_ = pd.DataFrame({"position": position, "label": y[position], **details})
        return X[self.sample_indices_], y[self.sample_indices_]


def nearest_by_class(X: np.ndarray, codes: np.ndarray, code, k: int) -> np.ndarray:
    """Exact ``k`` nearest neighbours in X (self excluded) of every row of class ``code``, in order.

    Cleaning rules ask whether a row's neighbours share its class, so the search goes within the
    class first; a KD-tree over the other rows then counts, for each row, those no farther than its
    k-th neighbour of the class (radius widened far beyond rounding error). Rows with none have those
    k as their nearest neighbours in X; the others are searched over all of X. Where this would cost
    more than searching every row of the class over all of X (see :func:`_class_first_pays_off`:
    sparse classes, many features), that is done instead. Callers search once instead where
    ``searches_by_tree(X, k)``: a KD-tree's cost hardly grows with the rows it holds, so the
    class-first steps cannot pay off.
    Same result either way: ``nearest_neighbors(X, k)``. No copy of the class's rows is made, and
    the tree's copy of the other rows is never held during a search.
    """
    rows, rest = np.flatnonzero(codes == code), np.flatnonzero(codes != code)
    if len(rows) <= k or not len(rest):
        return nearest_neighbors(X, k, query=rows)
    if not _class_first_pays_off(X, rows, rest, k):
        return nearest_neighbors(X, k, query=rows)
    # searched in place; the tree (a copy of the other rows) is rebuilt after that search rather than
    # held through it, and queried in parts
    own = rows[nearest_neighbors(X, k, within=rows)]
    tree = KDTree(X[rest])
    unsettled = np.concatenate([
        tree.query_radius(X[rows[part]], _radius(X, own[part, -1], rows[part]), count_only=True) > 0
        for part in np.array_split(np.arange(len(rows)), max(1, len(rows) // _QUERY_ROWS))
    ])
    del tree
    if unsettled.any():
        own[unsettled] = nearest_neighbors(X, k, query=rows[unsettled])
    return own


def _radius(points: np.ndarray, own: np.ndarray, query=slice(None)) -> np.ndarray:
    """Distance from ``points[query]`` to the rows ``points[own]``, widened beyond rounding."""
    diff = points[query] - points[own]
    return np.sqrt(np.einsum("ij,ij->i", diff, diff)) * (1 + _RADIUS_SLACK) + np.finfo(np.float64).tiny


def _class_first_pays_off(X: np.ndarray, rows: np.ndarray, rest: np.ndarray, k: int) -> bool:
    """Whether the class-first route costs less than searching every row of the class over all of X.

    Priced by the cost model of :mod:`smote_core._search.cost` (nominal flops and bytes; no clock is
    read, so the same data always takes the same route). Searching within the class saves
    ``len(rows) × len(rest)`` pairs of the blocked search. It costs building a KD-tree over the
    ``rest``, the rows that tree examines for each row of the class, and a search over all of X for
    each row the tree leaves unsettled. The last two are counted on an evenly spread sample of the
    class, in strided parts: the tree counts the rows it examines (``get_n_calls``), and the route
    is given up as soon as the count so far, scaled to the class, outweighs the saving (in many
    dimensions the first part already examines most of the ``rest``). The tree works on one thread
    while blocked searches share theirs among ``search_threads()``: its work counts that many times.
    """
    n_features, threads = X.shape[1], search_threads()
    saving = len(rows) * len(rest) * pair_seconds(n_features)
    cost = tree_build_seconds(len(rest), n_features) * threads
    if cost >= saving:
        return False
    at = np.linspace(0, len(rows) - 1, min(len(rows), _TREE_SAMPLE)).astype(np.intp)
    sample = rows[at]
    radius = _radius(X, rows[nearest_neighbors(X, k, query=at, within=rows)[:, -1]], sample)
    tree = KDTree(X[rest])  # built after the search above, so that the two never hold memory together
    tree.reset_n_calls()
    queried = unsettled = 0
    for part in range(min(_TREE_PARTS, len(sample))):  # strided parts: each spread over the class
        unsettled += np.count_nonzero(tree.query_radius(X[sample[part::_TREE_PARTS]], radius[part::_TREE_PARTS],
                                                        count_only=True))
        queried += len(sample[part::_TREE_PARTS])
        counted = (tree.get_n_calls() * tree_row_seconds(n_features) * threads
                   + unsettled * len(X) * pair_seconds(n_features))
        if cost + len(rows) / queried * counted >= saving:
            return False
    return True

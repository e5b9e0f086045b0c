"""ADASYN (He, Bai, Garcia & Li, 2008): more synthetic rows where the class is harder to learn."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.utils import check_random_state

from .._base import Synthetic
from .._neighbors import nearest_neighbors, neighbor_count
from .._strata import largest_remainder
from .._validation import check_class_size, describe_label
from ..parameters import Param
from ..scaling import NEIGHBOR_SCALING
from ._interpolation import draw_choice, draw_lambdas
from ._smote import BaseOverSampler


class ADASYN(BaseOverSampler):
    """Adaptive Synthetic sampling: SMOTE with more new rows for the rows that are harder to learn.

    For each row i of a class to grow, ``r_i`` is the share of other-class rows among its
    ``n_neighbors`` nearest rows of the whole data; the normalised ``r_i`` decide how many of the
    class's new rows (``g_i``) start from row i. Each new row interpolates towards one of the row's
    ``n_neighbors`` nearest rows of its own class, λ uniform in [0, 1).

    Parameters
    ----------
    sampling_strategy : str, float, dict or callable, default="auto"
        How many rows to generate per class (imbalanced-learn's forms).
    random_state : int, RandomState or None, default=None
        Seed; one generator serves every class, as in imbalanced-learn.
    n_neighbors : int or neighbours object, default=5
        Neighbours that measure difficulty and that new rows interpolate towards (an object's
        ``n_neighbors`` counts the point itself).
    neighbor_scaling : {None, "standard", "robust"}, default=None
        Search neighbours on per-column scaled data (rows are still written in the original units,
        so provenance stays exact); None searches the columns as they are, like imbalanced-learn.

    Attributes
    ----------
    sampling_strategy_ : dict
        Class -> number of rows generated (always exactly the number asked for).
    difficulty_ : DataFrame
        One row per row of each grown class: ``index`` (position in X), ``label``, ``n_other``
        (other-class rows among its neighbours), ``ratio`` (r_i), ``weight`` (r_i / Σ r_i) and
        ``n_synthetic`` (g_i, new rows grown from it).
    provenance_ : DataFrame
        One row per synthetic row: ``row``, ``label``, ``parent``, ``neighbor``, ``lam``, ``technique``.
    neighbor_scaling_ : ColumnScaling or None
        The fitted scaling the neighbour searches used.

    Notes
    -----
    Deliberate difference from imbalanced-learn: g_i are rounded by the largest-remainder method, so
    they add up to exactly the requested number; imbalanced-learn rounds each ``weight * n`` to the
    nearest integer (``np.rint``), which over- or under-shoots. Where ``rint``'s total is already
    exact and no ``weight * n`` has a fractional part of exactly one half, both give the same g_i and,
    for the same integer seed and neighbours, the same output row for row. A class none of whose rows
    has an other-class neighbour raises a ``ValueError`` (imbalanced-learn: ``RuntimeError``).

    References
    ----------
    .. [1] H. He, Y. Bai, E. A. Garcia and S. Li, "ADASYN: Adaptive synthetic sampling approach for
       imbalanced learning", IEEE International Joint Conference on Neural Networks, 1322-1328, 2008.

    Examples
    --------
    >>> import numpy as np
    >>> from smote_core import ADASYN
    >>> X = np.random.RandomState(0).normal(size=(60, 2)); y = np.repeat([0, 1], [48, 12])
    >>> ada = ADASYN(n_neighbors=4, random_state=0).fit(X, y)
    >>> int(ada.difficulty_["n_synthetic"].sum()), len(ada.provenance_)
    (36, 36)
    """

    _technique = "adasyn"
    _parameter_constraints = {
        **BaseOverSampler._parameter_constraints,
        "neighbor_scaling": NEIGHBOR_SCALING,
        "n_neighbors": Param("neighbors", "Nearest rows that measure how hard a row is, and that new rows are "
                                          "interpolated towards (same class).", low=1),
    }

    def __init__(self, *, sampling_strategy="auto", random_state=None, n_neighbors=5, neighbor_scaling=None):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.n_neighbors = n_neighbors
        self.neighbor_scaling = neighbor_scaling

    def _check_params(self, X, y):
        k = neighbor_count(self.n_neighbors, "n_neighbors")
        for label, class_index, _ in self._classes_to_grow(y):
            check_class_size(label, len(class_index), k, "n_neighbors")

    def _fit_resample(self, X, y):
        rng = check_random_state(self.random_state)
        blocks, tables = [], []
        search = self._search_space(X)
        for label, class_index, n_new in self._classes_to_grow(y):
            table = self._difficulty(search, y, label, class_index, n_new)
            tables.append(table)
            local = nearest_neighbors(search[class_index], self.n_neighbors)
            rows = np.repeat(np.arange(len(class_index)), table["n_synthetic"].to_numpy())
            cols = draw_choice(rng, local.shape[1], n_new)
            lam = draw_lambdas(rng, n_new)
            blocks.append(Synthetic(label, class_index[rows], class_index[local[rows, cols]], lam))
        self.difficulty_ = pd.concat(tables, ignore_index=True) if tables else _difficulty_table(None, *[np.empty(0)] * 5)
        return self._assemble(X, y, blocks)

    def _difficulty(self, X, y, label, class_index, n_new) -> pd.DataFrame:
        neighbors = nearest_neighbors(X, self.n_neighbors, query=class_index)
        return difficulty_from_neighbors(class_index, label, y[neighbors] != label, n_new)


def difficulty_from_neighbors(index: np.ndarray, label, is_other: np.ndarray, n_new: int) -> pd.DataFrame:
    """The ``difficulty_`` table of one class from which of each row's neighbours are of another class.

    Parameters
    ----------
    index : ndarray of int
        Identifies each row of the class (its position in X, or an id).
    label : object
    is_other : ndarray of bool, shape (len(index), n_neighbors)
    n_new : int
        Rows to generate for the class, shared out as ``n_synthetic``.

    Raises
    ------
    ValueError
        When no row of the class has a neighbour of another class.
    """
    k = is_other.shape[1]
    n_other = np.count_nonzero(is_other, axis=1)
    ratio = n_other / k
    total = ratio.sum()
    if not total:
        raise ValueError(
            f"none of the {len(index)} rows of class {describe_label(label)} has a row of "
            f"another class among its {k} nearest neighbours, so ADASYN has no difficulty to weight "
            "by: use SMOTE (or a larger n_neighbors)."
        )
    weight = ratio / total
    return _difficulty_table(label, index, n_other, ratio, weight, largest_remainder(weight, n_new))


def _difficulty_table(label, index, n_other, ratio, weight, n_synthetic) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "index": index.astype(np.int64),
            "label": np.repeat(np.asarray([label], dtype=object), len(index)),
            "n_other": n_other.astype(np.int64),
            "ratio": ratio.astype(np.float64),
            "weight": weight.astype(np.float64),
            "n_synthetic": n_synthetic.astype(np.int64),
        }
    )

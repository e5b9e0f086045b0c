"""ProWSyn (Barua, Islam & Murase, 2013): more new rows from the rows nearer the other classes, by proximity level."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.utils import check_random_state

from .._base import Synthetic
from .._neighbors import neighbor_count, reached_among
from .._strata import largest_remainder
from .._validation import describe_label, warn_if_identical
from ..parameters import Param
from ..scaling import NEIGHBOR_SCALING
from ._interpolation import draw_lambdas
from ._smote import BaseOverSampler


def proximity_levels(X: np.ndarray, class_index: np.ndarray, other_index: np.ndarray, n_neighbors,
                     n_levels: int) -> np.ndarray:
    """Proximity level (1 = nearest the other classes) of each row of one class.

    Level 1 is every row of the class that is among the ``n_neighbors`` nearest rows of the class to
    some row of another class; those rows are set aside and level 2 is found the same way among the
    rest, and so on for ``n_levels - 1`` levels; whatever remains is level ``n_levels``.

    Returns
    -------
    ndarray of int, shape (len(class_index),)
    """
    level = np.full(len(class_index), n_levels, dtype=np.int64)
    remaining = np.arange(len(class_index))
    k = neighbor_count(n_neighbors, "n_neighbors")
    for current in range(1, n_levels):
        if not remaining.size or not other_index.size:
            break
        if len(remaining) > k:
            reached = reached_among(X, n_neighbors, class_index[remaining], other_index)
        else:  # no more rows left than neighbours wanted: every row of another class reaches them all
            reached = np.ones(len(remaining), dtype=bool)
        level[remaining[reached]] = current
        remaining = remaining[~reached]
    return level


def partners_within_level(rng: np.random.RandomState, level: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """For each of ``rows`` (positions in the class, repeats allowed), another row of its level drawn
    uniformly; a row alone in its level takes another row of the class."""
    order = np.argsort(level, kind="stable")
    levels, first, size = np.unique(level[order], return_index=True, return_counts=True)
    rank = np.empty(len(level), dtype=np.int64)
    rank[order] = np.arange(len(level)) - np.repeat(first, size)
    at = np.searchsorted(levels, level[rows])
    alone = size[at] == 1
    # a uniform draw among the other members: one of size - 1, skipping the row's own rank
    choices = np.where(alone, len(level) - 1, size[at] - 1)
    drawn = np.floor(rng.uniform(size=len(rows)) * choices).astype(np.int64)
    own = np.where(alone, rows, rank[rows])
    drawn += drawn >= own
    return np.where(alone, drawn, order[first[at] + np.minimum(drawn, size[at] - 1)])


class ProWSyn(BaseOverSampler):
    """Proximity Weighted Synthetic oversampling: rows nearer the other classes weigh more.

    The rows of each class to grow are put into proximity levels by their nearness to the other
    classes (see :func:`proximity_levels`: level 1 holds the rows of the class that are among the
    ``n_neighbors`` nearest of some row of another class, level 2 the same among the rest, up to
    ``n_levels``). A row of level ``l`` weighs ``exp(-theta * (l - 1))``; the weights, normalised
    over the class, share out its new rows (``n_synthetic``, rounded so that they add up exactly).
    Each new row lies on the segment from its row to another row of the same level drawn at random,
    at λ uniform in [0, 1).

    Parameters
    ----------
    sampling_strategy : str, float, dict or callable, default="auto"
        How many rows to generate per class (imbalanced-learn's forms).
    random_state : int, RandomState or None, default=None
        Seed; one generator serves every class.
    n_neighbors : int or neighbours object, default=5
        K: nearest rows of the class found for each row of the other classes at each level (an
        object's ``n_neighbors`` counts the point itself).
    n_levels : int, default=5
        L: number of proximity levels.
    theta : float, default=1.0
        θ: how fast the weight falls from one level to the next (0: every level weighs the same).
    neighbor_scaling : {None, "standard", "robust"}, default=None
        Search neighbours on per-column scaled data (rows are still written in the original units,
        so provenance stays exact); None searches the columns as they are.

    Attributes
    ----------
    sampling_strategy_ : dict
        Class -> number of rows generated.
    levels_ : DataFrame
        One row per row of each grown class: ``index`` (position in X), ``label``, ``level``,
        ``weight`` (normalised over the class) and ``n_synthetic`` (new rows grown from it).
    provenance_ : DataFrame
        ``parent`` is the row a new row grows from, ``neighbor`` the other row of its level, ``lam``
        the λ: ``X_res[row] == X[parent] + lam * (X[neighbor] - X[parent])``.
    neighbor_scaling_ : ColumnScaling or None
        The fitted scaling the neighbour searches used.

    Notes
    -----
    Written from the paper's algorithm: ``L - 1`` searches make levels 1 to ``L - 1`` and the rows left
    over form level ``L``; every minority row gets the weight of its level, the weights are
    normalised over the rows, and row i grows ``g_i = w_i * G`` rows towards random rows of its own
    level. With several classes, "the majority" of the paper is every row of another class.
    Differences from smote-variants 1.0.1 (``ProWSyn``): it makes ``L`` searches and gives the rows left
    after them the last level's number as well; it picks a level with probability proportional to the
    level's weight whatever the number of rows in it, rather than weighting each row; and it places a
    row between two members of the level at ``u1 / (u1 + u2)`` of the way (u uniform), where the paper
    (and SMOTE) use λ uniform. The proximity levels themselves are the same for the same data
    (tests/over_sampling/test_leaders_reference.py compares them). A row alone in its level, which the
    paper does not cover, takes its partner among all rows of its class (smote-variants copies it).
    A class whose rows are all the same point gets copies of it, with a ``UserWarning``.

    References
    ----------
    .. [1] S. Barua, M. M. Islam and K. Murase, "ProWSyn: Proximity Weighted Synthetic Oversampling
       Technique for Imbalanced Data Set Learning", Advances in Knowledge Discovery and Data Mining
       (PAKDD 2013), LNCS 7819, 317-328, 2013.

    Examples
    --------
    >>> import numpy as np
    >>> from smote_core import ProWSyn
    >>> X = np.random.RandomState(0).normal(size=(60, 2)); y = np.repeat([0, 1], [45, 15]); X[y == 1] += 3
    >>> sampler = ProWSyn(n_neighbors=2, n_levels=3, random_state=0).fit(X, y)
    >>> levels = sampler.levels_.groupby("level")
    >>> levels.size().to_dict(), levels["n_synthetic"].sum().to_dict()  # rows, and new rows, per level
    ({1: 5, 2: 4, 3: 6}, {1: 20, 2: 4, 3: 6})
    """

    _technique = "prowsyn"
    _parameter_constraints = {
        **BaseOverSampler._parameter_constraints,
        "n_neighbors": Param("neighbors", "Nearest rows of the class found for each row of another class, at each "
                                          "level.", low=1),
        "n_levels": Param("int", "Proximity levels the class's rows are put into (1 = nearest the other classes).",
                          low=1),
        "theta": Param("float", "How fast the weight falls from one level to the next (0: all levels weigh the "
                                "same).", low=0),
        "neighbor_scaling": NEIGHBOR_SCALING,
    }

    def __init__(self, *, sampling_strategy="auto", random_state=None, n_neighbors=5, n_levels=5, theta=1.0,
                 neighbor_scaling=None):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.n_neighbors = n_neighbors
        self.n_levels = n_levels
        self.theta = theta
        self.neighbor_scaling = neighbor_scaling

    def _check_params(self, X, y):
        neighbor_count(self.n_neighbors, "n_neighbors")
        for label, class_index, _ in self._classes_to_grow(y):
            if len(class_index) < 2:
                raise ValueError(
                    f"class {describe_label(label)} has 1 row; ProWSyn interpolates between two rows of a class: "
                    "add rows of that class, or use RandomOverSampler to copy it.")

    def _fit_resample(self, X, y):
        rng = check_random_state(self.random_state)
        search = self._search_space(X)
        blocks, tables = [], []
        for label, class_index, n_new in self._classes_to_grow(y):
            warn_if_identical(X, class_index, label, "ProWSyn")
            level = proximity_levels(search, class_index, np.flatnonzero(y != label), self.n_neighbors,
                                     self.n_levels)
            weight = np.exp(-self.theta * (level - 1))
            weight /= weight.sum()
            n_synthetic = largest_remainder(weight, n_new)
            rows = np.repeat(np.arange(len(class_index)), n_synthetic)
            partners = partners_within_level(rng, level, rows)
            lam = draw_lambdas(rng, n_new)
            blocks.append(Synthetic(label, class_index[rows], class_index[partners], lam))
            tables.append(_levels_table(class_index, label, level, weight, n_synthetic))
        empty = np.empty(0, dtype=np.int64)
        self.levels_ = (pd.concat(tables, ignore_index=True) if tables
                        else _levels_table(empty, None, empty, np.empty(0), empty))
        return self._assemble(X, y, blocks)


def _levels_table(index, label, level, weight, n_synthetic) -> pd.DataFrame:
    return pd.DataFrame({
        "index": index.astype(np.int64),
        "label": np.repeat(np.asarray([label], dtype=object), len(index)),
        "level": level.astype(np.int64),
        "weight": weight.astype(np.float64),
        "n_synthetic": n_synthetic.astype(np.int64),
    })

"""Borderline-SMOTE (Han, Wang & Mao, 2005): SMOTE from the minority rows in danger only.

Also holds what SVMSMOTE shares with it: the safe / danger / noise categories of minority rows and
the SMOTE block drawn from a neighbour table.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from sklearn.utils import check_random_state

from .._base import Synthetic
from .._neighbors import is_neighbors_object, nearest_neighbors, neighbor_count
from .._validation import check_class_size, describe_label
from ..parameters import Param
from ..scaling import NEIGHBOR_SCALING
from ._interpolation import draw_pairs
from ._smote import BaseOverSampler

SAFE, DANGER, NOISE = "safe", "danger", "noise"
CATEGORIES = (SAFE, DANGER, NOISE)


def check_search_size(n_rows: int, spec, param: str) -> int:
    """Number of neighbours ``spec`` yields; raise when X has too few rows to search for them."""
    n_neighbors = neighbor_count(spec, param)
    if n_rows < n_neighbors + 1:
        raise ValueError(
            f"X has {n_rows} rows; {param}={n_neighbors} needs at least {n_neighbors + 1}: lower {param}."
        )
    return n_neighbors


def categorize(X: np.ndarray, y: np.ndarray, label, class_index: np.ndarray, m_neighbors) -> pd.DataFrame:
    """Safe / danger / noise category of each row of one class, from its m nearest rows of X.

    ``n_other`` counts the other-class rows among the m neighbours: noise when all m are, danger when
    at least half but not all are, safe otherwise (imbalanced-learn's ``_in_danger_noise``).

    Returns
    -------
    DataFrame
        Columns ``index`` (position in X), ``label``, ``n_other``, ``category`` (categorical).
    """
    return _categorize_with_neighbors(X, y, label, class_index, m_neighbors)[0]


def _categorize_with_neighbors(X, y, label, class_index, m_neighbors):
    """:func:`categorize`'s table, and the m nearest rows of X it was read from."""
    neighbors = nearest_neighbors(X, m_neighbors, query=class_index)
    return categories_from_neighbors(class_index, label, y[neighbors] != label), neighbors


def categories_from_neighbors(index: np.ndarray, label, is_other: np.ndarray) -> pd.DataFrame:
    """The ``categories_`` table of one class from which of each row's m neighbours are of another class.

    Parameters
    ----------
    index : ndarray of int
        Identifies each row of the class (its position in X, or an id).
    label : object
    is_other : ndarray of bool, shape (len(index), m)
        Whether each of the row's m nearest neighbours is of another class.
    """
    m = is_other.shape[1]
    n_other = np.count_nonzero(is_other, axis=1)
    codes = np.where(n_other == m, 2, np.where(2 * n_other >= m, 1, 0))
    return category_table(index, label, n_other, codes)


def danger_rows(table: pd.DataFrame) -> np.ndarray:
    """Positions in a class's ``categories_`` table of its rows in danger (empty when it has none:
    Borderline-SMOTE then grows nothing for that class)."""
    return np.flatnonzero(table["category"].to_numpy() == DANGER)


def draw_other_factors(rng: np.random.RandomState, n_samples: int) -> np.ndarray:
    """borderline-2's factors of λ for rows interpolated towards another class: uniform in [0, 0.5)."""
    return rng.uniform(0.0, 0.5, size=n_samples)


def category_table(index: np.ndarray, label, n_other: np.ndarray, codes: np.ndarray) -> pd.DataFrame:
    """The ``categories_`` table of one class (codes index :data:`CATEGORIES`)."""
    return pd.DataFrame(
        {
            "index": index.astype(np.int64),
            "label": np.repeat(np.asarray([label], dtype=object), len(index)),
            "n_other": n_other.astype(np.int64),
            "category": pd.Categorical.from_codes(codes.astype(np.int8), categories=list(CATEGORIES)),
        }
    )


def concat_tables(tables: list[pd.DataFrame]) -> pd.DataFrame:
    """One table from per-class tables (an empty one with the same columns when no class grew)."""
    if tables:
        return pd.concat(tables, ignore_index=True)
    empty = np.empty(0, dtype=np.int64)
    return category_table(empty, None, empty, empty)


def smote_block(label, rng, parents: np.ndarray, neighbors: np.ndarray, n_new: int, step_size: float = 1.0):
    """``n_new`` SMOTE rows drawn over a neighbour table, as imbalanced-learn's ``_make_samples``.

    Parameters
    ----------
    label : object
    rng : numpy.random.RandomState
    parents : ndarray of int
        Position in X of each row of the table.
    neighbors : ndarray of int, shape (len(parents), k)
        Positions in X of each parent's neighbours.
    n_new : int
    step_size : float
        λ is drawn uniform in ``[0, step_size)`` (a negative step extrapolates away from the neighbour).
    """
    rows, chosen, lam = draw_pairs(rng, neighbors, n_new, step_size)
    return Synthetic(label, parents[rows], chosen, lam)


def _within_class(sampler, X, y, label, class_index, danger_local, n_new, m_nearest):
    """borderline-1: neighbours among the class's own rows."""
    local = nearest_neighbors(X[class_index], sampler.k_neighbors, query=danger_local)
    rng = check_random_state(sampler.random_state)
    return smote_block(label, rng, class_index[danger_local], class_index[local], n_new)


def _towards_any_class(sampler, X, y, label, class_index, danger_local, n_new, m_nearest):
    """borderline-2: neighbours among all rows; towards another class λ is scaled by u ~ U[0, 0.5).

    With numbers of neighbours and k <= m, the exact k nearest rows of all rows are the first k of
    the m nearest (``m_nearest``, from categorising; same order, ties by position): no second search.
    """
    parents = class_index[danger_local]
    k, m = sampler.k_neighbors, sampler.m_neighbors
    if not is_neighbors_object(k) and not is_neighbors_object(m) and k <= m:
        neighbors = m_nearest[danger_local, :k]
    else:
        neighbors = nearest_neighbors(X, k, query=parents)
    block = smote_block(label, check_random_state(sampler.random_state), parents, neighbors, n_new)
    other = y[block.neighbor] != label
    block.lam[other] *= draw_other_factors(check_random_state(sampler.random_state), np.count_nonzero(other))
    return block


_KINDS = {"borderline-1": _within_class, "borderline-2": _towards_any_class}


class BorderlineSMOTE(BaseOverSampler):
    """Borderline-SMOTE: SMOTE grown only from the minority rows in danger.

    Each row of a class to grow is categorised by its ``m_neighbors`` nearest rows of the whole data:
    *noise* when all are of another class, *danger* when at least half but not all are, *safe*
    otherwise. New rows start from danger rows only. ``borderline-1`` interpolates towards one of the
    ``k_neighbors`` nearest rows of the same class (λ in [0, 1)); ``borderline-2`` towards one of the
    ``k_neighbors`` nearest rows of any class, with λ in [0, 0.5) when that row is of another class.

    Parameters
    ----------
    sampling_strategy : str, float, dict or callable, default="auto"
        How many rows to generate per class (imbalanced-learn's forms).
    random_state : int, RandomState or None, default=None
        Seed. As in imbalanced-learn, a generator is made from it afresh for each class (and, for
        borderline-2, again for the other-class λ factors), so for an integer the output equals
        ``imblearn.over_sampling.BorderlineSMOTE`` given the same neighbours.
    k_neighbors : int or neighbours object, default=5
        Neighbours to interpolate with (an object's ``n_neighbors`` counts the point itself).
    m_neighbors : int or neighbours object, default=10
        Neighbours that decide whether a row is safe, in danger or noise.
    kind : {"borderline-1", "borderline-2"}, default="borderline-1"
    neighbor_scaling : {None, "standard", "robust"}, default=None
        Search neighbours on per-column scaled data (rows are still written in the original units,
        so provenance stays exact); None searches the columns as they are, like imbalanced-learn.

    Attributes
    ----------
    sampling_strategy_ : dict
        Class -> number of rows generated.
    categories_ : DataFrame
        One row per row of each grown class: ``index`` (position in X), ``label``, ``n_other``
        (other-class rows among the m neighbours), ``category`` (safe, danger or noise).
    provenance_ : DataFrame
        ``parent`` is a danger row; ``neighbor`` its chosen neighbour (position in X); ``lam`` the
        effective λ, so ``X_res[row] == X[parent] + lam * (X[neighbor] - X[parent])`` always holds.
    neighbor_scaling_ : ColumnScaling or None
        The fitted scaling the neighbour searches used.

    Notes
    -----
    As in imbalanced-learn, a class to grow with no danger row gets no new rows; here a
    ``UserWarning`` names it with its safe and noise counts, and ``categories_`` shows why.
    Differences from imbalanced-learn: a point is never its own neighbour even when X holds exact
    duplicates of it. For borderline-2 the other-class factor is folded into ``lam``,
    so those rows equal imbalanced-learn's to rounding (≈1e-16 relative), not bit for bit.

    References
    ----------
    .. [1] H. Han, W.-Y. Wang and B.-H. Mao, "Borderline-SMOTE: a new over-sampling method in imbalanced
       data sets learning", Advances in Intelligent Computing (ICIC 2005), LNCS 3644, 878-887, 2005.

    Examples
    --------
    >>> from smote_core import BorderlineSMOTE, load_dataset
    >>> arc, label = load_dataset("arc")
    >>> sampler = BorderlineSMOTE(kind="borderline-2", random_state=0)
    >>> _ = sampler.fit_resample(arc.drop(columns=label), arc[label])
    >>> sorted(sampler.categories_["category"].unique())
    ['danger', 'safe']
    """

    _technique = "borderline-smote"
    _parameter_constraints = {
        **BaseOverSampler._parameter_constraints,
        "neighbor_scaling": NEIGHBOR_SCALING,
        "k_neighbors": Param("neighbors", "Nearest rows a new row may be interpolated towards.", low=1),
        "m_neighbors": Param("neighbors", "Nearest rows (any class) that decide whether a row is safe, in danger "
                                          "or noise.", low=1),
        "kind": Param("choice", "borderline-1 interpolates towards the same class; borderline-2 also, by at most "
                                "half the way, towards other classes.", options=tuple(_KINDS)),
    }

    def __init__(self, *, sampling_strategy="auto", random_state=None, k_neighbors=5, m_neighbors=10,
                 kind="borderline-1", neighbor_scaling=None):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.k_neighbors = k_neighbors
        self.m_neighbors = m_neighbors
        self.kind = kind
        self.neighbor_scaling = neighbor_scaling

    def _check_params(self, X, y):
        check_search_size(X.shape[0], self.m_neighbors, "m_neighbors")
        k = check_search_size(X.shape[0], self.k_neighbors, "k_neighbors")
        if self.kind == "borderline-1":
            for label, class_index, _ in self._classes_to_grow(y):
                check_class_size(label, len(class_index), k, "k_neighbors")

    def _fit_resample(self, X, y):
        generate = _KINDS[self.kind]
        blocks, tables, without_danger = [], [], []
        search = self._search_space(X)
        for label, class_index, n_new in self._classes_to_grow(y):
            table, m_nearest = _categorize_with_neighbors(search, y, label, class_index, self.m_neighbors)
            tables.append(table)
            danger_local = danger_rows(table)
            if danger_local.size == 0:
                without_danger.append(table)
                continue
            blocks.append(generate(self, search, y, label, class_index, danger_local, n_new, m_nearest))
        self.categories_ = concat_tables(tables)
        if without_danger:
            warnings.warn(self._no_danger_message(without_danger), UserWarning, stacklevel=4)
        return self._assemble(X, y, blocks)

    def _no_danger_message(self, tables: list[pd.DataFrame]) -> str:
        """One sentence naming every class without a danger row, with its safe and noise counts."""
        counts = [table["category"].value_counts() for table in tables]
        classes = "; ".join(f"class {describe_label(table['label'].iloc[0])} (safe: {count[SAFE]}, noise: "
                            f"{count[NOISE]})" for table, count in zip(tables, counts))
        m = neighbor_count(self.m_neighbors, "m_neighbors")
        return (f"Borderline-SMOTE added no rows to {classes}: no row is in danger with m_neighbors={m}, so "
                "there is nothing to grow from (categories_ lists each row's category). Use SMOTE, or a "
                "larger m_neighbors, to grow it.")


"""SMOTE for categorical data: SMOTE-NC (numeric + categorical) and SMOTE-N (categorical only), Chawla et al. 2002."""

from __future__ import annotations

import warnings

import numpy as np
from scipy import sparse
from sklearn.base import clone
from sklearn.neighbors import NearestNeighbors
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder
from sklearn.utils import check_random_state

from .._base import Synthetic
from .._neighbors import is_neighbors_object, nearest_neighbors, neighbor_count
from .._validation import (
    categorical_positions,
    check_class_size,
    check_complete,
    is_numeric_kind,
    numeric_part,
)
from ..parameters import Param
from ..scaling import NEIGHBOR_SCALING
from ._interpolation import draw_pairs
from ._smote import SMOTE, BaseOverSampler

# Distance lookups summed at a time while building SMOTE-N's VDM matrix (8 MB of float64).
_VDM_BLOCK_ELEMENTS = 1_000_000


def _encode(encoder, table):
    """Fit ``encoder`` on the categorical columns; a clear error when their values cannot be sorted."""
    try:
        return encoder.fit_transform(table)
    except TypeError as exc:
        raise ValueError(
            f"the categorical columns could not be encoded ({exc}); make each one hold a single type, "
            "e.g. df[col].astype(str)."
        ) from exc


def _votes(codes: np.ndarray, n_categories: int) -> np.ndarray:
    """Per row of ``codes`` (n_rows, n_voters; -1 = no category), how many voters chose each category."""
    n_rows = codes.shape[0]
    valid = codes >= 0
    flat = (np.arange(n_rows)[:, None] * n_categories + codes)[valid]
    return np.bincount(flat, minlength=n_rows * n_categories).reshape(n_rows, n_categories)


class _CategoricalOverSampler(BaseOverSampler):
    """Shared checks of the samplers that read categorical columns (``_numeric_only = False``)."""

    _numeric_only = False
    _parameter_constraints = {
        **{name: param for name, param in SMOTE._parameter_constraints.items() if name != "neighbor_scaling"},
        "categorical_encoder": Param(
            "object", "The encoder of the categorical columns.",
            expect="an encoder with fit_transform and inverse_transform (e.g. a scikit-learn encoder)",
            accepts=lambda value: hasattr(value, "fit_transform") and hasattr(value, "inverse_transform"),
            none="the default one"),
    }

    def _check_common(self, y):
        k = neighbor_count(self.k_neighbors, "k_neighbors")
        for label, class_index, _ in self._classes_to_grow(y):
            check_class_size(label, len(class_index), k, "k_neighbors")


class SMOTENC(_CategoricalOverSampler):
    """SMOTE-NC: SMOTE for data with numeric and categorical columns.

    Numeric columns are interpolated as in SMOTE; each categorical column of a new row takes the value
    most common among the parent's ``k_neighbors`` nearest neighbours (ties broken at random), so it
    is always a value seen in that class. Neighbours are searched on the numeric columns plus the
    one-hot encoded categories scaled by the class's median standard deviation of the numeric
    columns over √2.

    Parameters
    ----------
    categorical_features : "auto" or array-like of int, str or bool
        The categorical columns: ``"auto"`` takes the object, category, bool and string columns of a
        DataFrame; otherwise column positions, column names or a boolean mask.
    categorical_encoder : encoder, optional
        One-hot encoder to clone, with one output column per category; default
        ``OneHotEncoder(handle_unknown="ignore")``.
    sampling_strategy : str, float, dict or callable, default="auto"
    random_state : int, RandomState or None, default=None
    k_neighbors : int or neighbours object, default=5
    neighbor_scaling : {None, "standard", "robust"}, default=None
        Search neighbours on per-column scaled numeric columns (the median standard deviation is
        then taken of the scaled columns); new rows are still written in the original units, so
        provenance stays exact. None searches the columns as they are, like imbalanced-learn.

    Attributes
    ----------
    sampling_strategy_ : dict
    categorical_features_, continuous_features_ : ndarray of int
        Column positions (categorical ones in the order given).
    categorical_encoder_ : the fitted encoder.
    median_std_ : dict
        Class -> median standard deviation of its numeric columns.
    neighbors_ : dict
        Class -> (n_class_rows, k) neighbour positions in the input X.
    provenance_ : DataFrame
        ``parent``, ``neighbor`` and ``lam`` describe the numeric columns:
        ``X_res[row, numeric] == X[parent, numeric] + lam * (X[neighbor, numeric] - X[parent, numeric])``.

    Notes
    -----
    Output identical to ``imblearn.over_sampling.SMOTENC`` given the same neighbours and integer seed,
    except: ``"auto"`` also takes object, bool and string columns (imbalanced-learn only category
    ones); the vote compares integer counts where imbalanced-learn compares scaled sums with
    ``np.isclose``, which for numeric columns whose median standard deviation is below about 1e-8 can
    tie a category no neighbour has; integer columns are rounded, not truncated.

    References
    ----------
    .. [1] N. V. Chawla, K. W. Bowyer, L. O. Hall and W. P. Kegelmeyer, "SMOTE: Synthetic
       Minority Over-sampling Technique", JAIR 16, 321-357, 2002; section 6.1 describes SMOTE-NC.

    Examples
    --------
    >>> from smote_core import SMOTENC, load_dataset
    >>> table, churn = load_dataset("subscribers")
    >>> nc = SMOTENC(categorical_features="auto", random_state=0)
    >>> X_res, y_res = nc.fit_resample(table.drop(columns=churn), table[churn])
    >>> len(nc.categorical_features_) > 0 and X_res.dtypes.equals(table.drop(columns=churn).dtypes)
    True
    """

    _technique = "smote-nc"
    _parameter_constraints = {
        **_CategoricalOverSampler._parameter_constraints,
        "neighbor_scaling": NEIGHBOR_SCALING,
        "categorical_features": Param("columns", "The categorical columns: 'auto' (text, category and boolean "
                                                 "columns of a DataFrame), names, positions or a boolean mask."),
    }

    def __init__(self, categorical_features, *, categorical_encoder=None, sampling_strategy="auto",
                 random_state=None, k_neighbors=5, neighbor_scaling=None):
        self.categorical_features = categorical_features
        self.categorical_encoder = categorical_encoder
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.k_neighbors = k_neighbors
        self.neighbor_scaling = neighbor_scaling

    def _check_params(self, X, y):
        self.categorical_features_ = categorical_positions(X, self.categorical_features)
        self.continuous_features_ = np.setdiff1d(np.arange(X.shape[1]), self.categorical_features_)
        if self.continuous_features_.size == 0:
            raise ValueError(
                "every column is categorical; SMOTE-NC needs numeric columns too: use SMOTEN for "
                "categorical-only data (or check categorical_features)."
            )
        if self.categorical_features_.size == 0:
            raise ValueError(
                "no categorical column: use SMOTE for numeric-only data, or name the categorical "
                "columns in categorical_features (positions, names or a boolean mask)."
            )
        self._check_common(y)

    def _fit_resample(self, X, y):
        categorical, continuous = self.categorical_features_, self.continuous_features_
        check_complete(X, categorical)
        numeric = numeric_part(X, continuous)
        self.categorical_encoder_ = (clone(self.categorical_encoder) if self.categorical_encoder is not None
                                     else OneHotEncoder(handle_unknown="ignore", dtype=np.float64))
        onehot = sparse.csr_matrix(_encode(self.categorical_encoder_, X.iloc[:, categorical]))
        categories = self.categorical_encoder_.categories_
        bounds = np.cumsum([0] + [len(values) for values in categories])
        if onehot.shape[1] != bounds[-1]:
            raise ValueError(
                f"SMOTE-NC needs a one-hot encoding with one column per category; the categorical_encoder "
                f"made {onehot.shape[1]} columns for {bounds[-1]} categories (drop= or infrequent "
                "categories are not supported): use OneHotEncoder(handle_unknown='ignore')."
            )
        codes = np.column_stack([
            np.where(onehot[:, start:stop].getnnz(axis=1) > 0,
                     np.asarray(onehot[:, start:stop].argmax(axis=1)).ravel(), -1)
            for start, stop in zip(bounds[:-1], bounds[1:])
        ])

        blocks = []
        self.median_std_, self.neighbors_ = {}, {}
        search = self._search_space(numeric)
        for label, class_index, n_new in self._classes_to_grow(y):
            median_std = float(np.median(np.std(search[class_index], axis=0)))
            self.median_std_[label] = median_std
            present = onehot[class_index].toarray() != 0
            encoded = np.hstack([search[class_index], present * (median_std / np.sqrt(2))])
            local = nearest_neighbors(encoded, self.k_neighbors)
            self.neighbors_[label] = class_index[local]
            rng = check_random_state(self.random_state)
            rows, chosen, lam = draw_pairs(rng, local, n_new)
            values = self._vote(codes[class_index][local[rows]], categories)
            blocks.append(Synthetic(label, class_index[rows], class_index[chosen], lam, categorical=values))
        return self._assemble_table(X, y, blocks, numeric, continuous, categorical)

    def _vote(self, neighbor_codes: np.ndarray, categories) -> np.ndarray:
        """The most common category among each row's neighbours, ties drawn as imbalanced-learn draws them.

        ``neighbor_codes`` has shape (n_new, k, n_categorical); returns an object array (n_new, n_categorical).
        """
        rng = check_random_state(self.random_state)
        values = np.empty((neighbor_codes.shape[0], len(categories)), dtype=object)
        for feature, feature_categories in enumerate(categories):
            votes = _votes(neighbor_codes[:, :, feature], len(feature_categories))
            is_max = votes == votes.max(axis=1, keepdims=True)
            ties = rng.permutation(np.argwhere(is_max))
            _, first = np.unique(ties[:, 0], return_index=True)
            values[:, feature] = np.asarray(feature_categories, dtype=object)[ties[first, 1]]
        return values


class SMOTEN(_CategoricalOverSampler):
    """SMOTE-N: SMOTE for categorical-only data.

    Each new row copies, column by column, the most common value (ties: the first in sorted order)
    among a randomly drawn row of the class and its ``k_neighbors`` nearest neighbours under the value
    difference metric (categories are close when their class distributions are).

    Parameters
    ----------
    categorical_encoder : encoder, optional
        Ordinal encoder to clone; default ``OrdinalEncoder(dtype=np.int32)``.
    sampling_strategy : str, float, dict or callable, default="auto"
    random_state : int, RandomState or None, default=None
    k_neighbors : int or neighbours object, default=5
        An object is cloned and set to ``metric="precomputed"`` (the metric is always the VDM).

    Attributes
    ----------
    sampling_strategy_ : dict
    categorical_encoder_ : the fitted encoder.
    neighbors_ : dict
        Class -> (n_class_rows, k) neighbour positions in the input X (the row itself excluded).
    provenance_ : DataFrame
        ``parent`` is the drawn row; ``neighbor`` is -1 and ``lam`` NaN (no interpolation).

    Notes
    -----
    Output identical to ``imblearn.over_sampling.SMOTEN`` given the same neighbours and integer seed,
    except where a row has exact VDM duplicates: imbalanced-learn's neighbourhood may then leave out
    the row itself, here it always holds it. Numeric columns are treated as categories, as there, with a
    warning (SMOTENC interpolates them). Memory grows
    with the square of the largest class resampled (a full VDM distance matrix, as in imbalanced-learn).

    References
    ----------
    .. [1] N. V. Chawla et al., "SMOTE: Synthetic Minority Over-sampling Technique", Journal of
       Artificial Intelligence Research 16, 321-357, 2002; SMOTE-N in section 6.2.

    Examples
    --------
    >>> import pandas as pd
    >>> from smote_core import SMOTEN
    >>> X = pd.DataFrame({"colour": list("rgbr" * 10), "size": list("SMLX" * 10)})
    >>> new, labels = SMOTEN(k_neighbors=3, random_state=0).fit_resample(X, [0] * 30 + [1] * 10)
    >>> labels.count(1), sorted(set(new["colour"]))
    (30, ['b', 'g', 'r'])
    """

    _technique = "smoten"

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.categorical = True
        return tags

    def __init__(self, categorical_encoder=None, *, sampling_strategy="auto", random_state=None, k_neighbors=5):
        self.categorical_encoder = categorical_encoder
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.k_neighbors = k_neighbors

    def _check_params(self, X, y):
        numeric = [name for name, dtype in X.dtypes.items() if is_numeric_kind(dtype)]
        if numeric:
            warnings.warn(
                f"SMOTE-N treats every column as categorical; column(s) {numeric} are numeric, so each of "
                "their distinct values is a category (as in imbalanced-learn): use SMOTENC to interpolate "
                "them instead.", UserWarning, stacklevel=4)
        self._check_common(y)

    def _fit_resample(self, X, y):
        check_complete(X, np.arange(X.shape[1]))
        self.categorical_encoder_ = (clone(self.categorical_encoder) if self.categorical_encoder is not None
                                     else OrdinalEncoder(dtype=np.int32))
        codes = np.asarray(_encode(self.categorical_encoder_, X)).astype(np.intp)
        categories = [np.asarray(values, dtype=object) for values in self.categorical_encoder_.categories_]
        distances = _value_difference_tables(codes, y, [len(values) for values in categories])
        search = self._precomputed_search()

        blocks = []
        self.neighbors_ = {}
        for label, class_index, n_new in self._classes_to_grow(y):
            class_codes = codes[class_index]
            local = nearest_neighbors(_vdm_matrix(class_codes, distances), search)
            self.neighbors_[label] = class_index[local]
            rng = check_random_state(self.random_state)
            drawn = rng.choice(np.arange(len(class_index)), size=n_new, replace=True)
            hood = np.column_stack([drawn, local[drawn]])
            values = np.empty((n_new, len(categories)), dtype=object)
            for feature, feature_categories in enumerate(categories):
                votes = _votes(class_codes[hood, feature], len(feature_categories))
                values[:, feature] = feature_categories[votes.argmax(axis=1)]
            blocks.append(Synthetic(label, class_index[drawn], np.full(n_new, -1), np.full(n_new, np.nan),
                                    values=np.empty((n_new, 0)), categorical=values))
        return self._assemble_table(X, y, blocks, np.empty((X.shape[0], 0)), [], np.arange(X.shape[1]))

    def _precomputed_search(self):
        if is_neighbors_object(self.k_neighbors):
            return clone(self.k_neighbors).set_params(metric="precomputed")
        return NearestNeighbors(n_neighbors=self.k_neighbors + 1, metric="precomputed")


def _vdm_matrix(codes: np.ndarray, tables: list) -> np.ndarray:
    """Pairwise VDM distances between the rows of ``codes``, summed feature by feature over blocks of
    rows (one block of lookups at a time, not one full matrix per feature)."""
    n_rows = len(codes)
    matrix = np.zeros((n_rows, n_rows))
    step = max(1, _VDM_BLOCK_ELEMENTS // max(1, n_rows))
    for start in range(0, n_rows, step):
        block = matrix[start:start + step]
        for feature, table in enumerate(tables):
            block += table[codes[start:start + step, feature, None], codes[None, :, feature]]
    return matrix


def _value_difference_tables(codes: np.ndarray, y: np.ndarray, n_categories: list) -> list:
    """Per feature, the VDM between its categories (k=1, r=2, as imbalanced-learn's default).

    ``table[a, b] = (Σ_c |P(c | a) − P(c | b)|)²``; a row pair's distance is the sum over features.
    """
    _, y_codes = np.unique(y, return_inverse=True)
    n_classes = y_codes.max() + 1
    tables = []
    for feature, n_cat in enumerate(n_categories):
        counts = np.bincount(codes[:, feature] * n_classes + y_codes, minlength=n_cat * n_classes)
        counts = counts.reshape(n_cat, n_classes).astype(np.float64)
        with np.errstate(invalid="ignore"):
            proba = np.nan_to_num(counts / counts.sum(axis=1, keepdims=True))
        tables.append(np.abs(proba[np.newaxis, :, :] - proba[:, np.newaxis, :]).sum(axis=-1) ** 2)
    return tables

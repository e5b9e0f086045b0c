"""Random over-sampling: copies of randomly drawn rows (the baseline every other technique must beat)."""

from __future__ import annotations

import numpy as np
from sklearn.utils import check_random_state

from .._base import Synthetic
from ._smote import BaseOverSampler


class RandomOverSampler(BaseOverSampler):
    """Duplicate randomly chosen rows of each class, with replacement.

    Rows are copied, never computed, so X may hold columns of any type (numbers, text, categories,
    booleans, dates; DataFrames or object arrays) and missing values: each copy equals its parent
    cell for cell, NaN included, and every column keeps its dtype.

    Parameters
    ----------
    sampling_strategy : str, float, dict or callable, default="auto"
    random_state : int, RandomState or None, default=None
        One generator serves all classes, as in imbalanced-learn, so the output is identical to
        ``imblearn.over_sampling.RandomOverSampler`` (without shrinkage) for the same seed.

    Attributes
    ----------
    sampling_strategy_ : dict
    provenance_ : DataFrame
        ``parent`` is the copied row; ``neighbor`` is -1 and ``lam`` NaN (no interpolation).

    Notes
    -----
    Like imbalanced-learn's, it accepts missing and infinite values and copies them with their
    rows (no row is dropped); the interpolating samplers reject them. imbalanced-learn's
    ``shrinkage`` (a smoothed bootstrap that adds noise) is not offered: use SMOTE for new points.

    References
    ----------
    .. [1] N. Japkowicz and S. Stephen, "The class imbalance problem: a systematic study",
       Intelligent Data Analysis 6(5), 429-449, 2002 (random over-sampling as a baseline).

    Examples
    --------
    >>> from smote_core import RandomOverSampler
    >>> X_res, y_res = RandomOverSampler(random_state=0).fit_resample([[1, 2], [3, 4], [5, 6]], ["a", "a", "b"])
    >>> X_res, y_res
    ([[1, 2], [3, 4], [5, 6], [5, 6]], ['a', 'a', 'b', 'b'])
    """

    _technique = "random-over"
    _numeric_only = False
    _allow_nan = True

    def __init__(self, *, sampling_strategy="auto", random_state=None):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state

    def _fit_resample(self, X, y):
        rng = check_random_state(self.random_state)
        blocks = [Synthetic(label, rng.choice(class_index, size=n_new, replace=True), np.full(n_new, -1),
                            np.full(n_new, np.nan))
                  for label, class_index, n_new in self._classes_to_grow(y)]
        rows = np.concatenate([np.arange(len(y)), *(block.parent for block in blocks)])
        self._record_provenance(len(y), blocks)
        return X.iloc[rows].reset_index(drop=True), y[rows]

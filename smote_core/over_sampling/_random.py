"""Random over-sampling: copies of randomly drawn rows (the baseline every other technique must beat)."""

from __future__ import annotations

import numpy as np
from sklearn.utils import check_random_state

from .._base import Synthetic
from ._smote import BaseOverSampler


class RandomOverSampler(BaseOverSampler):
    """Duplicate randomly chosen rows of each class, with replacement.

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
    """

    _technique = "random-over"

    def __init__(self, *, sampling_strategy="auto", random_state=None):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state

    def _fit_resample(self, X, y):
        rng = check_random_state(self.random_state)
        blocks = []
        for label, class_index, n_new in self._classes_to_grow(y):
            parent = rng.choice(class_index, size=n_new, replace=True)
            blocks.append(
                Synthetic(label, parent, np.full(n_new, -1), np.full(n_new, np.nan), values=X[parent])
            )
        return self._assemble(X, y, blocks)

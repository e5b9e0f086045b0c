"""What every cleaning sampler shares: a removal rule in, kept rows and a record of removals out."""

from __future__ import annotations

from abc import abstractmethod

import numpy as np
import pandas as pd

from .._base import BaseSampler
from ..parameters import Param
from ..scaling import NEIGHBOR_SCALING

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
        kept = self._kept_rows(X, y)
        return X[kept], y[kept]

    def _kept_rows(self, X, y) -> np.ndarray:
        """Set ``sample_indices_`` and ``removed_``, and return the positions kept (sorted)."""
        classes = np.asarray(list(self.sampling_strategy_), dtype=y.dtype)
        remove, details = self._removal(self._search_space(X), y, classes)
        self.sample_indices_ = np.flatnonzero(~remove)
        position = np.flatnonzero(remove)
        self.removed_ = pd.DataFrame({"position": position, "label": y[position], **details})
        return self.sample_indices_

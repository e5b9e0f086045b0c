"""Over-sample with a cloned SMOTE, then clean the stacked originals + synthetic rows with a cloned cleaner."""

from __future__ import annotations

from sklearn.base import clone

from .._base import BaseSampler
from ..scaling import fit_scaling
from ..over_sampling._smote import SMOTE, BaseOverSampler
from ..parameters import Param


def _numeric_over_sampler(value) -> bool:
    """An over-sampler of numeric data whose rows all lie between two input rows: the combined sampler
    writes its output afresh from the input and the part's provenance (see ``_ProvenanceRecord``)."""
    return (isinstance(value, BaseSampler) and value._sampling_type == "over-sampling" and value._numeric_only
            and getattr(value, "_rows_from_pairs", True))


SMOTE_PART = Param("object", "The over-sampler to clone.", accepts=_numeric_over_sampler,
                   expect="a smote_core over-sampler for numeric data whose rows lie between two rows, e.g. "
                          "SMOTE(k_neighbors=3) (not G-SMOTE, nor polynom-fit-SMOTE's star)",
                   none="SMOTE with this sampling_strategy and random_state")


def cleaner_part(cleaner_class) -> Param:
    """The table entry of a combined sampler's cleaner parameter."""
    return Param("object", "The cleaner to clone.", accepts=lambda value: isinstance(value, cleaner_class),
                 expect=f"a smote_core {cleaner_class.__name__}", none="one that cleans every class")


class BaseCombinedSampler(BaseOverSampler):
    """SMOTE followed by a cleaner, both cloned from the parameters (``smote_`` and the cleaner part).

    Subclasses set ``_cleaner_param`` (the parameter and, with ``_``, the fitted attribute naming the
    cleaner), ``_cleaner_class`` and ``_default_cleaner()``, or override ``_cleaner()`` when the
    cleaner is built from parameters of their own.
    """

    _cleaner_param = ""
    _cleaner_class = None
    _keeps_sample_indices = True

    def _default_cleaner(self):
        """The cleaner used when none is given: imbalanced-learn cleans every class."""
        return self._cleaner_class(sampling_strategy="all")

    def _cleaner(self):
        """A fresh cleaner: a clone of the cleaner parameter, or the default one."""
        spec = getattr(self, self._cleaner_param)
        return clone(spec) if spec is not None else self._default_cleaner()

    def _fit_resample(self, X, y):
        self.smote_ = (clone(self.smote) if self.smote is not None
                       else SMOTE(sampling_strategy=self.sampling_strategy, random_state=self.random_state))
        cleaner = self._cleaner()
        setattr(self, self._cleaner_param + "_", cleaner)

        # one scaling, fitted on the input, serves both parts (None: each part's own neighbor_scaling)
        self.neighbor_scaling_ = None if self.neighbor_scaling is None else fit_scaling(X, self.neighbor_scaling)
        X_over, y_over = self.smote_._resample(X, y, self.neighbor_scaling_)
        cleaner._prepare(X_over, y_over, self.neighbor_scaling_)
        self.sample_indices_ = cleaner._kept_rows(X_over, y_over)
        self.sampling_strategy_ = self.smote_.sampling_strategy_
        # the stacked rows are the fit's largest array: freed before the output is written, from X and
        # the record, so that the two are never held at once
        del X_over
        record = self.smote_.__dict__["provenance_"]
        X_res, y_res = record.stacked_rows(X, self.sample_indices_), y_over[self.sample_indices_]
        removed = cleaner.removed_.copy()
        removed.insert(2, "synthetic", removed["position"].to_numpy() >= X.shape[0])
        removed.insert(3, "removed_by", cleaner._removal_reason)
        removed["parent"], removed["neighbor"], removed["lam"] = record.origin(removed["position"].to_numpy())
        self.cleaning_ = removed

        # recorded, not built: the table is made (and restricted to the survivors) on first read
        self.provenance_ = record.restricted_to(self.sample_indices_)
        return X_res, y_res

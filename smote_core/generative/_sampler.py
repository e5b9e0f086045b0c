"""What every generative sampler shares: mixed-type input checks and assembling the output.

The generative samplers draw whole new rows, not interpolations, so they build the synthetic part as
a DataFrame in the input's own dtypes and append it to the untouched originals; ``BaseSampler`` then
gives the result back in the caller's types.
"""

from __future__ import annotations

from abc import abstractmethod

import numpy as np
import pandas as pd

from .._base import Synthetic
from .._validation import describe_label
from ..over_sampling._smote import BaseOverSampler
from ._transformer import column_kinds


class GenerativeSampler(BaseOverSampler):
    """Base of the generative samplers: per class, fit a model of its rows and draw new rows.

    X arrives as a DataFrame (``_numeric_only = False``) of numeric and categorical columns (object,
    category, string or bool). Subclasses set ``_min_class_rows`` and implement
    ``_generate(X, y) -> {label: DataFrame}``: ``sampling_strategy_[label]`` new rows per class to
    grow, in the columns and dtypes of X.
    """

    _numeric_only = False
    _min_class_rows = 2

    def _check_params(self, X: pd.DataFrame, y: np.ndarray) -> None:
        check_mixed_frame(X)
        for label, class_index, _ in self._classes_to_grow(y):
            check_trainable(label, len(class_index), self._min_class_rows, type(self).__name__)

    def _fit_resample(self, X: pd.DataFrame, y: np.ndarray):
        generated = self._generate(X, y)
        blocks, parts, labels = [], [X.reset_index(drop=True)], [y]
        for label, rows in generated.items():
            n_new = len(rows)
            blocks.append(Synthetic(label, np.full(n_new, -1), np.full(n_new, -1), np.full(n_new, np.nan)))
            parts.append(rows)
            labels.append(np.full(n_new, label, dtype=y.dtype))
        self._record_provenance(len(X), blocks)
        return pd.concat(parts, ignore_index=True), np.concatenate(labels)

    @abstractmethod
    def _generate(self, X: pd.DataFrame, y: np.ndarray) -> dict:
        """Class -> DataFrame of its new rows, for every class to grow in sorted label order."""


def check_mixed_frame(frame: pd.DataFrame) -> None:
    """Raise for missing values, unsupported column types and columns that hold a single value."""
    numeric, categorical = column_kinds(frame)
    unsupported = [name for name in categorical if _is_unsupported(frame[name].dtype)]
    if unsupported:
        raise ValueError(
            f"column(s) {unsupported} hold dates or times, which a generative sampler cannot model: "
            "convert them to numbers (e.g. days since a date) or drop them."
        )
    missing = frame.isna().any()
    if missing.any():
        bad = list(missing.index[missing])
        raise ValueError(
            f"X has missing values (NaN) in column(s) {bad}: fill them (e.g. median or most frequent "
            "value) or drop those rows before resampling."
        )
    if numeric and not np.isfinite(frame[numeric].to_numpy(dtype=np.float64)).all():
        raise ValueError("X has infinite values: replace or drop them before resampling.")
    single = [name for name in frame.columns if frame[name].nunique() < 2]
    if single:
        raise ValueError(
            f"column(s) {single} hold a single value in every row, so there is nothing to learn "
            "from them: drop them before resampling (add them back as constants afterwards)."
        )


def _is_unsupported(dtype) -> bool:
    return pd.api.types.is_datetime64_any_dtype(dtype) or pd.api.types.is_timedelta64_dtype(dtype)


def check_trainable(label, n_rows: int, minimum: int, name: str) -> None:
    """Raise when a class has fewer rows than a generative model needs to learn from."""
    if n_rows < minimum:
        raise ValueError(
            f"class {describe_label(label)} has {n_rows} row{'s' if n_rows != 1 else ''}; {name} needs "
            f"at least {minimum} rows of a class to learn its distribution: add rows of that class, "
            "or use SMOTE-NC or random over-sampling for so few rows."
        )

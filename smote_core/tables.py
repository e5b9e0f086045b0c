"""Getting a labelled table ready to resample: which column is the target, and what to do with missing values.

The dashboard and the command line share these, so that both guess the same target and offer the same
missing-value choices. Anything that makes the table unusable raises a ``ValueError`` that says what to do.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ._validation import check_sample_weight, describe_label, is_numeric_kind
from .profile import column_kinds

MISSING_DROP, MISSING_FILL = "drop", "fill"
MISSING_CHOICES = (MISSING_DROP, MISSING_FILL)
# column names that usually hold the label, most likely first
_TARGET_NAMES = ("target", "label", "class", "y", "outcome", "churn", "default", "fraud", "is_fraud")
_MAX_GUESS_CLASSES = 20
# kinds of column left out of the features (see smote_core.profile.column_kinds)
LEFT_OUT_KINDS = ("identifier", "constant", "other")


def feature_columns(X: pd.DataFrame, categorical=()) -> tuple[dict, list, list[str]]:
    """Every column's kind, the columns used as features, and a note naming the ones left out.

    Identifier-like, constant and unsupported columns are left out: a sampler would interpolate or copy
    them like real measurements, and some refuse them. The dashboard and the command line both use this,
    so that the advice is given, and the technique run, on the same columns.

    Examples
    --------
    >>> import pandas as pd
    >>> feature_columns(pd.DataFrame({"x": [1.0, 2.5, 4.0], "note": ["a", "a", "a"]}))[1:]
    (['x'], ['Left out of the features: note (constant); samplers would otherwise interpolate or copy them like real measurements.'])
    """
    kinds = column_kinds(X, categorical)
    left_out = [name for name, kind in kinds.items() if kind in LEFT_OUT_KINDS]
    features = [name for name in X.columns if name not in left_out]
    notes = []
    if left_out:
        notes.append(f"Left out of the features: {', '.join(f'{n} ({kinds[n]})' for n in left_out)}; "
                     "samplers would otherwise interpolate or copy them like real measurements.")
    return kinds, features, notes


def weight_column(frame: pd.DataFrame, target, weight) -> pd.Series:
    """The sample-weight column ``weight`` of a labelled table, checked: one finite, non-negative number
    per row, and not the target. Callers take it out of the features (it travels with the rows).

    Raises
    ------
    ValueError
        The column is the target or is missing, or holds text, missing, infinite or negative weights.

    Examples
    --------
    >>> import pandas as pd
    >>> weight_column(pd.DataFrame({"x": [1.0, 2.0], "w": [1, 3], "y": [0, 1]}), "y", "w").tolist()
    [1, 3]
    """
    if weight == target:
        raise ValueError(f"the weight column {weight!r} is the target: the labels cannot also be the weights. "
                         "Choose the column that holds each row's weight.")
    if weight not in frame.columns:
        raise ValueError(f"weight column {weight!r} not found; the columns are: {', '.join(map(str, frame.columns))}.")
    check_sample_weight(frame[weight], len(frame), what=f"weight column {weight!r}")
    return frame[weight]


def guess_target(frame: pd.DataFrame):
    """The column most likely to hold the class labels.

    A usual name (``target``, ``label``, ``class``, ``y``, ``outcome``, ...; any case), else the last
    column with few distinct values (at most 20, and at most half the rows; no fractions), else the
    last column.

    Examples
    --------
    >>> import pandas as pd
    >>> guess_target(pd.DataFrame({"Outcome": [0, 1], "x": [1.0, 2.0]}))
    'Outcome'
    """
    by_name = {str(c).strip().lower(): c for c in frame.columns}
    for name in _TARGET_NAMES:
        if name in by_name:
            return by_name[name]
    limit = min(_MAX_GUESS_CLASSES, max(2, len(frame) // 2))
    for column in reversed(frame.columns):
        values = frame[column].dropna()
        fractional = pd.api.types.is_float_dtype(values.dtype) and bool((values % 1 != 0).any())
        if not fractional and 2 <= values.nunique() <= limit:
            return column
    return frame.columns[-1]


@dataclass(frozen=True)
class MissingReport:
    """Missing feature values: per column, and the rows that hold at least one.

    Attributes
    ----------
    cells : dict
        Column -> missing values in it (columns without any left out).
    rows : int
        Rows with at least one missing value.
    n_rows : int
        Labelled rows in all.
    """

    cells: dict
    rows: int
    n_rows: int

    @property
    def any(self) -> bool:
        return self.rows > 0

    def describe(self) -> str:
        listed = ", ".join(f"{name} ({n:,})" for name, n in self.cells.items())
        return (f"{sum(self.cells.values()):,} missing value(s) in {len(self.cells)} column(s): {listed}; "
                f"{self.rows:,} of {self.n_rows:,} rows have at least one.")


def missing_report(frame: pd.DataFrame, target) -> MissingReport:
    """Where the feature columns of ``frame`` have missing values (rows without a label are not counted)."""
    labelled = frame.loc[frame[target].notna()].drop(columns=[target])
    counts = labelled.isna().sum()
    return MissingReport({name: int(n) for name, n in counts.items() if n}, int(labelled.isna().any(axis=1).sum()),
                         len(labelled))


def handle_missing(X: pd.DataFrame, y: pd.Series, how: str | None) -> tuple[pd.DataFrame, pd.Series, list[str]]:
    """Drop the rows with missing feature values, or fill them.

    Parameters
    ----------
    X : DataFrame
        The feature columns.
    y : Series
        The labels, aligned with X.
    how : {"drop", "fill"} or None
        ``"drop"``: drop the rows that have a missing value; ``"fill"``: fill numbers with the column's
        median and other values with the most frequent one. Only needed when something is missing.

    Returns
    -------
    X, y : DataFrame, Series
        With index 0..n-1.
    notes : list of str
        What was done, one sentence (empty when nothing was missing).

    Raises
    ------
    ValueError
        Something is missing and ``how`` is not a choice; dropping would leave no row; a column to fill
        has no value at all.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> X = pd.DataFrame({"age": [30.0, np.nan, 50.0]})
    >>> filled, _, notes = handle_missing(X, pd.Series([0, 1, 0]), "fill")
    >>> filled["age"].tolist(), notes
    ([30.0, 40.0, 50.0], ['Filled missing values — age: 1 with the median 40.'])
    """
    holes = X.isna()
    rows = holes.any(axis=1)
    if not rows.any():
        return X.reset_index(drop=True), y.reset_index(drop=True), []
    if how not in MISSING_CHOICES:
        raise ValueError(
            f"{int(rows.sum()):,} row(s) have missing feature values: choose whether to drop those rows "
            "or to fill them (median for numbers, most frequent value for categories)."
        )
    if how == MISSING_DROP:
        keep = ~rows.to_numpy()
        if not keep.any():
            raise ValueError("every row has a missing value, so dropping them leaves nothing: fill them instead.")
        note = f"Dropped {int(rows.sum()):,} of {len(X):,} rows with missing values."
        return X.loc[keep].reset_index(drop=True), y.loc[keep].reset_index(drop=True), [note]
    filled = X.copy()
    parts = []
    for name, n in holes.sum().items():
        if not n:
            continue
        column = X[name]
        if column.notna().sum() == 0:
            raise ValueError(f"column {name!r} has no value at all, so there is nothing to fill it with: drop it.")
        if is_numeric_kind(column.dtype):
            value = column.median()
            how_filled = f"median {value:g}"
        else:
            value = column.mode(dropna=True).iloc[0]
            how_filled = f"most frequent {describe_label(value)}"
        filled[name] = column.fillna(value)
        parts.append(f"{name}: {int(n):,} with the {how_filled}")
    return filled.reset_index(drop=True), y.reset_index(drop=True), [f"Filled missing values — {'; '.join(parts)}."]

"""Input checks shared by every sampler, with messages that say what is wrong and what to do.

The checks turn the caller's X, y and sample weights (numpy, pandas, or a table of another library:
polars, pyarrow, ... through :mod:`smote_core._native`) into plain arrays plus an :class:`InputFrame`
that remembers how to give the result back in the caller's own types.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from numbers import Integral, Real

import narwhals as nw
import numpy as np
import pandas as pd
from sklearn.utils.multiclass import type_of_target

from ._native import from_pandas, native_frame, native_series, series_like, to_pandas

# kinds of target type_of_target reports that hold one class label per row
_LABEL_TARGETS = ("binary", "multiclass")


def describe_label(label) -> str:
    """Return a label as it should read in a message: strings quoted, numbers bare."""
    if isinstance(label, (str, np.str_)):
        return f"'{label}'"
    if isinstance(label, np.generic):
        return repr(label.item())
    return repr(label)


@dataclass
class InputFrame:
    """What the caller gave, so that results can be returned in the same types.

    Attributes
    ----------
    x_kind : {"frame", "native", "array", "list"}
        What X was: a pandas DataFrame, another library's DataFrame (polars, pyarrow, ...), an array,
        or another array-like (a list of rows comes back a list).
    columns : pandas.Index or None
        Column names when X was a DataFrame.
    dtypes : pandas.Series or None
        Column dtypes when X was a DataFrame (of the pandas table it became, for another library's).
    array_dtype : numpy.dtype or None
        dtype of X when it was not a DataFrame.
    y_kind : {"series", "frame", "native", "list", "array"}
        What y was: a pandas Series, a one-column DataFrame, another library's Series, a list (or
        other sequence), or an array.
    y_name : object
        The Series' name, or the DataFrame's columns.
    y_dtype : object
        dtype of a Series or DataFrame y.
    native : NativeKind or None
        Another library's X: its library and Arrow schema, to give the output back in its kind.
    y_native : narwhals.Series or None
        Another library's y, wrapped.
    """

    x_kind: str
    columns: pd.Index | None
    dtypes: pd.Series | None
    array_dtype: np.dtype | None
    y_kind: str
    y_name: object = None
    y_dtype: object = None
    native: object = None
    y_native: object = None

    @property
    def is_frame(self) -> bool:
        return self.x_kind in ("frame", "native")

    @property
    def feature_names(self) -> np.ndarray | None:
        """The column names of a DataFrame X whose names are all strings (scikit-learn's rule)."""
        if self.is_frame and all(isinstance(name, str) for name in self.columns):
            return np.asarray(self.columns, dtype=object)
        return None

    def restore(self, X_res: np.ndarray | pd.DataFrame, y_res: np.ndarray):
        """Return ``(X_res, y_res)`` in the caller's types; integer columns are rounded, not truncated.

        ``X_res`` is a float array, or a DataFrame for samplers of mixed data (columns in the
        caller's order, categorical ones already in their own dtype).
        """
        if self.is_frame:
            X_out = X_res if isinstance(X_res, pd.DataFrame) else pd.DataFrame(X_res, columns=self.columns)
            X_out = X_out.astype(_rounded_dtypes(X_out, self.dtypes))
            if self.native is not None:
                X_out = from_pandas(X_out, self.native)
        else:
            values = X_res.to_numpy() if isinstance(X_res, pd.DataFrame) else X_res
            X_out = _cast_array(values, self.array_dtype)
            if self.x_kind == "list":
                X_out = X_out.tolist()
        return X_out, _restore_target(y_res, self)


def _restore_target(y_res: np.ndarray, frame: InputFrame):
    if frame.y_kind == "native":
        return series_like(y_res, frame.y_native)
    if frame.y_kind == "series":
        return pd.Series(y_res, name=frame.y_name).astype(frame.y_dtype)
    if frame.y_kind == "frame":
        return pd.DataFrame({frame.y_name[0]: y_res}).astype(frame.y_dtype)
    if frame.y_kind == "list":
        return y_res.tolist()
    return y_res


def _target_kind(y) -> tuple[str, object, object]:
    """(kind, name, dtype) of the caller's y, as :class:`InputFrame` records them."""
    if native_series(y) is not None:
        return "native", None, None
    if isinstance(y, pd.Series):
        return "series", y.name, y.dtype
    if isinstance(y, pd.DataFrame):
        return "frame", y.columns, y.dtypes.iloc[0] if y.shape[1] else None
    if isinstance(y, np.ndarray):
        return "array", None, None
    return "list", None, None


def _cast_array(values: np.ndarray, dtype: np.dtype | None) -> np.ndarray:
    if dtype is None or values.dtype == dtype:
        return values
    if np.issubdtype(dtype, np.integer):
        return np.rint(values).astype(dtype)
    return values.astype(dtype)


def _rounded_dtypes(frame: pd.DataFrame, dtypes: pd.Series) -> dict:
    """Round integer columns in place and return the dtype mapping to restore."""
    for name, dtype in dtypes.items():
        if pd.api.types.is_integer_dtype(dtype) and not pd.api.types.is_integer_dtype(frame[name].dtype):
            frame[name] = np.rint(frame[name].to_numpy(dtype=float))
    return dtypes.to_dict()


@dataclass
class SampleWeight:
    """Validated sample weights, and how to give resampled ones back in the caller's kind.

    Attributes
    ----------
    values : ndarray of float64
        One finite, non-negative weight per row.
    kind : {"series", "native", "list", "array"}
        What the caller gave: a pandas Series, another library's Series (polars, ...), a list, or an
        array (a scalar, the same weight for every row, comes back an array).
    like : object
        The pandas Series' name, or the other library's Series (wrapped by narwhals).
    """

    values: np.ndarray
    kind: str
    like: object = None

    def restore(self, w_res: np.ndarray):
        """The resampled weights (float64) in the caller's kind; a Series keeps its name."""
        if self.kind == "series":
            return pd.Series(w_res, name=self.like)
        if self.kind == "native":
            return series_like(w_res, self.like, dtype=nw.Float64)
        return w_res.tolist() if self.kind == "list" else w_res


def _series_name(values):
    """The name of a pandas or another library's Series (None for anything else)."""
    if isinstance(values, pd.Series):
        return values.name
    native = native_series(values)
    return None if native is None else native.name


def check_sample_weight(sample_weight, n_rows: int, y=None, what: str = "sample_weight") -> SampleWeight:
    """Validate ``sample_weight``: one finite, non-negative number per row of X (a scalar: the same for all).

    Parameters
    ----------
    sample_weight : array-like of shape (n_samples,), Series, or number
    n_rows : int
        Rows of X.
    y : object, optional
        The caller's target, to refuse the target passed as the weights.
    what : str
        How messages name the weights (a column: ``"weight column 'w'"``).

    Raises
    ------
    ValueError
        For the target given as the weights, text, a table of several columns, a length other than
        ``n_rows``, missing or infinite weights and negative weights; the message says what to do.
    """
    name = _series_name(sample_weight)
    if sample_weight is y or (name is not None and name == _series_name(y)):
        raise ValueError(
            f"{what} is the target column{f' {name!r}' if name is not None else ''}: the labels cannot "
            "also be the weights. Pass the column that holds each row's weight."
        )
    if isinstance(sample_weight, str):
        raise ValueError(
            f"{what}={sample_weight!r} is text: pass the weights themselves, one number per row "
            f"(for a column of a DataFrame X: X.pop({sample_weight!r}))."
        )
    if isinstance(sample_weight, pd.DataFrame):
        if sample_weight.shape[1] != 1:
            raise ValueError(f"{what} has {sample_weight.shape[1]} columns; pass one weight per row (1-D).")
        sample_weight = sample_weight.iloc[:, 0]
        name = sample_weight.name
    native = native_series(sample_weight)
    if native is not None:
        kind, like, values = "native", native, native.to_numpy()
    elif isinstance(sample_weight, pd.Series):
        kind, like, values = "series", name, sample_weight.to_numpy()
    elif isinstance(sample_weight, Real) and not isinstance(sample_weight, bool):
        kind, like, values = "array", None, np.full(n_rows, sample_weight)
    else:
        kind, like, values = ("array" if isinstance(sample_weight, np.ndarray) else "list"), None, np.asarray(sample_weight)
    if values.ndim != 1:
        raise ValueError(f"{what} has shape {values.shape}; pass one weight per row of X (1-D).")
    if len(values) != n_rows:
        raise ValueError(
            f"X has {n_rows} rows but {what} has {len(values)} weights: pass one weight per row of X, "
            "in the same order."
        )
    try:
        values = values.astype(np.float64) if values.dtype.kind in "biufO" else None
    except (TypeError, ValueError):
        values = None
    if values is None:
        raise ValueError(f"{what} holds values that are not numbers: pass numeric weights, one per row.")
    bad = ~np.isfinite(values)
    if bad.any():
        raise ValueError(
            f"{what} has {int(bad.sum())} missing (NaN) or infinite weight(s), at row(s) "
            f"{np.flatnonzero(bad)[:5].tolist()}{' ...' if bad.sum() > 5 else ''}: fill them or drop those rows first."
        )
    negative = values < 0
    if negative.any():
        raise ValueError(
            f"{what} has {int(negative.sum())} negative weight(s) (the smallest {values.min():g}, at row "
            f"{int(values.argmin())}): weights count how much a row stands for, so they must be 0 or more."
        )
    return SampleWeight(values, kind, like)


def is_numeric_kind(dtype) -> bool:
    """True for numbers a sampler may interpolate (booleans and text are categorical)."""
    return pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype)


def check_target(y, n_rows: int | None = None) -> np.ndarray:
    """Validate the target and return it as a 1-D array."""
    if y is None:
        raise ValueError("this sampler requires y to be passed, but the target y is None: pass the class labels.")
    if isinstance(y, pd.DataFrame):
        if y.shape[1] != 1:
            raise ValueError(f"y has {y.shape[1]} columns; pass one target column (a Series or 1-D array).")
        y = y.iloc[:, 0]
    native = native_series(y)
    y_arr = y.to_numpy() if isinstance(y, pd.Series) else native.to_numpy() if native is not None else np.asarray(y)
    if y_arr.ndim == 2 and y_arr.shape[1] == 1:
        y_arr = y_arr.ravel()
    if y_arr.ndim != 1:
        raise ValueError(
            f"y has shape {y_arr.shape}: multi-output and one-hot targets are not supported; pass one "
            "class label per row (1-D), e.g. y.argmax(axis=1) for a one-hot table."
        )
    if n_rows is not None and len(y_arr) != n_rows:
        raise ValueError(
            f"X has {n_rows} rows but y has {len(y_arr)} labels: pass one label per row of X."
        )
    if pd.isna(y_arr).any():
        raise ValueError(
            f"y has {int(pd.isna(y_arr).sum())} missing labels: drop those rows or fill the labels first."
        )
    distinct = pd.unique(y_arr)  # by hashing: sorting a million text labels took seconds
    if y_arr.dtype.kind == "O":
        try:
            np.sort(distinct)
        except TypeError as exc:
            raise ValueError(
                "y mixes label types that cannot be compared (e.g. numbers and text): "
                "convert the labels to one type."
            ) from exc
    kind = type_of_target(distinct)  # for one column, the kind depends on its distinct values only
    if kind not in _LABEL_TARGETS:
        raise ValueError(
            f"Unknown label type: y looks {kind}, not like class labels ({distinct.size} distinct values"
            + (", some fractional" if kind.startswith("continuous") else "")
            + "): resampling needs one class label per row. Pick the column that holds the classes, "
            "or bin a numeric target into classes first (e.g. pandas.cut)."
        )
    n_classes = distinct.size
    if n_classes < 2:
        raise ValueError(
            f"y has only {n_classes} class; resampling needs at least two classes "
            "(check that you picked the right target column)."
        )
    return y_arr


def check_input(X, y, *, numeric_only: bool = True) -> tuple[np.ndarray | pd.DataFrame, np.ndarray, InputFrame]:
    """Validate X and y.

    Parameters
    ----------
    X : array-like or DataFrame of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    numeric_only : bool
        When True, X must hold only numeric columns and is returned as a float array; when False,
        a DataFrame is returned unchanged (samplers for categorical data handle its columns).

    Returns
    -------
    values : ndarray or DataFrame
    y : ndarray
    frame : InputFrame
    """
    y_kind = _target_kind(y)
    y_native = native_series(y)
    native = native_frame(X)
    if native is not None:
        X, native = to_pandas(native)
    if isinstance(X, pd.DataFrame):
        frame = InputFrame("native" if native is not None else "frame", X.columns, X.dtypes, None, *y_kind,
                           native=native, y_native=y_native)
        table = X
    else:
        if hasattr(X, "toarray"):
            raise ValueError(
                "X is a sparse matrix; SMOTE Lab's samplers need dense data: pass X.toarray() "
                "(or a DataFrame)."
            )
        array = np.asarray(X)
        if array.ndim == 1:
            raise ValueError(
                f"X is 1-D (shape {array.shape}); pass a 2-D table, e.g. X.reshape(-1, 1) for one feature."
            )
        if array.ndim != 2:
            raise ValueError(f"X must be a 2-D table of rows and columns; got shape {array.shape}.")
        frame = InputFrame("array" if isinstance(X, np.ndarray) else "list", None, None, array.dtype, *y_kind,
                           y_native=y_native)
        table = array

    n_rows, n_cols = table.shape
    if n_rows == 0:
        raise ValueError(f"X is empty: 0 sample(s) (shape={table.shape}) while a minimum of 1 is required. "
                         "Pass the data to resample.")
    if n_cols == 0:
        raise ValueError(f"X has 0 feature(s) (shape={table.shape}) while a minimum of 1 is required: "
                         "pass at least one feature column.")
    y_arr = check_target(y, n_rows)

    if not numeric_only:
        if not isinstance(table, pd.DataFrame):
            table = pd.DataFrame(table)
        return table, y_arr, frame
    return numeric_values(table), y_arr, frame


def numeric_values(table) -> np.ndarray:
    """Return a table's values as a finite float64 array, or raise naming the offending columns."""
    if isinstance(table, pd.DataFrame):
        bad = [name for name, dtype in table.dtypes.items() if not is_numeric_kind(dtype)]
        if bad:
            raise ValueError(
                f"column(s) {bad} are not numeric; this sampler interpolates numbers only. "
                "Use SMOTENC (mixed numeric and categorical) or SMOTEN (categorical only), "
                "or encode those columns first."
            )
        values = table.to_numpy(dtype=np.float64, na_value=np.nan)
        names = list(table.columns)
    else:
        values = _float_array(table)
        names = list(range(table.shape[1]))
    finite = np.isfinite(values)
    if not finite.all():
        bad_cols = [names[j] for j in np.flatnonzero(~finite.all(axis=0))]
        n_bad = int((~finite.all(axis=1)).sum())
        raise ValueError(
            f"X has NaN or infinite values in {n_bad} row(s), column(s) {bad_cols}: "
            "fill them (e.g. with the median) or drop those rows before resampling."
        )
    return values


def _float_array(array: np.ndarray) -> np.ndarray:
    """An array of numbers (an object array holding only numbers too) as float64, or a clear error."""
    if array.dtype.kind in "biuf":
        return np.asarray(array, dtype=np.float64)
    if array.dtype.kind == "O":
        try:
            return array.astype(np.float64)
        except ValueError:  # text; an object that is no number at all raises its own TypeError
            pass
    raise ValueError(
        f"X has dtype {array.dtype}, not numbers; this sampler interpolates numbers only. "
        "Use SMOTENC or SMOTEN for categorical data, or encode it first."
    )


def categorical_positions(table: pd.DataFrame, categorical_features) -> np.ndarray:
    """Positions of the categorical columns named by ``categorical_features``, in the order given.

    Parameters
    ----------
    table : DataFrame
        The validated X (a numpy X arrives with columns 0..n-1 and no names).
    categorical_features : "auto" or array-like of int, str or bool
        ``"auto"``: the columns whose dtype is object, category, bool or string; integers: column
        positions (negative ones count from the end); strings: column names; booleans: a mask with
        one entry per column.

    Returns
    -------
    ndarray of int
    """
    n_columns = table.shape[1]
    if isinstance(categorical_features, str):
        if categorical_features != "auto":
            raise ValueError(
                f"categorical_features={categorical_features!r}: use 'auto' (categorical dtypes of a "
                "DataFrame) or a list of column names, positions or a boolean mask."
            )
        return np.flatnonzero([not is_numeric_kind(dtype) for dtype in table.dtypes])
    try:
        items = list(categorical_features)
    except TypeError:
        raise ValueError(
            f"categorical_features={categorical_features!r} must be 'auto' or a list of column "
            "names, positions or a boolean mask."
        ) from None
    if items and all(isinstance(item, (bool, np.bool_)) for item in items):
        if len(items) != n_columns:
            raise ValueError(
                f"categorical_features is a boolean mask of {len(items)} entries but X has "
                f"{n_columns} columns: give one entry per column."
            )
        return np.flatnonzero(np.asarray(items, dtype=bool))
    if all(isinstance(item, Integral) and not isinstance(item, (bool, np.bool_)) for item in items):
        positions = np.asarray(items, dtype=np.int64)
        outside = positions[(positions < -n_columns) | (positions >= n_columns)]
        if outside.size:
            raise ValueError(
                f"categorical_features has position(s) {outside.tolist()} outside X's {n_columns} "
                f"columns: use positions 0..{n_columns - 1}."
            )
        positions = positions % n_columns
    else:
        columns = list(table.columns)
        missing = [item for item in items if item not in columns]
        if missing:
            raise ValueError(
                f"categorical_features names column(s) {missing} that X does not have; X's columns "
                f"are {columns}. Fix the names (names need a DataFrame; positions are integers)."
            )
        positions = table.columns.get_indexer(items)
    if np.unique(positions).size != positions.size:
        raise ValueError("categorical_features names a column more than once: list each column once.")
    return positions


def numeric_part(table: pd.DataFrame, positions) -> np.ndarray:
    """The columns at ``positions`` as a finite float64 array (object columns holding numbers pass).

    Raises
    ------
    ValueError
        Naming the columns that are neither numbers nor marked categorical, or that hold NaN.
    """
    sub = table.iloc[:, list(positions)]
    converted, bad = [], []
    for name, column in sub.items():
        if is_numeric_kind(column.dtype):
            converted.append(column)
            continue
        numbers = pd.to_numeric(column, errors="coerce") if column.dtype == object else None
        if numbers is None or (numbers.isna() & column.notna()).any():
            bad.append(name)
        else:
            converted.append(numbers)
    if bad:
        raise ValueError(
            f"column(s) {bad} are not numeric but are not marked categorical: add them to "
            "categorical_features (or pass categorical_features='auto' with a DataFrame)."
        )
    return numeric_values(pd.concat(converted, axis=1) if converted else sub.astype(np.float64))


def check_complete(table: pd.DataFrame, positions) -> None:
    """Raise when one of the (categorical) columns at ``positions`` has missing values."""
    missing = table.iloc[:, list(positions)].isna()
    if missing.to_numpy().any():
        bad = [name for name, has in missing.any().items() if has]
        raise ValueError(
            f"categorical column(s) {bad} have missing values (NaN) in {int(missing.any(axis=1).sum())} "
            "row(s): fill them (e.g. with a 'missing' category) or drop those rows before resampling."
        )


def class_counts(y: np.ndarray) -> dict:
    """Class -> count, in sorted label order (ties resolve to the first label, as in imbalanced-learn)."""
    labels, counts = np.unique(y, return_counts=True)
    return dict(zip(labels.tolist() if labels.dtype.kind != "O" else labels, counts.tolist()))


def _over_not_majority(counts):
    n_max = max(counts.values())
    majority = max(counts, key=counts.get)
    return {c: n_max - n for c, n in counts.items() if c != majority}


def _over_not_minority(counts):
    n_max = max(counts.values())
    minority = min(counts, key=counts.get)
    return {c: n_max - n for c, n in counts.items() if c != minority}


def _over_minority(counts):
    n_max = max(counts.values())
    minority = min(counts, key=counts.get)
    return {minority: n_max - counts[minority]}


def _over_all(counts):
    n_max = max(counts.values())
    return {c: n_max - n for c, n in counts.items()}


def _clean_not_minority(counts):
    minority = min(counts, key=counts.get)
    return {c: 0 for c in counts if c != minority}


def _clean_not_majority(counts):
    majority = max(counts, key=counts.get)
    return {c: 0 for c in counts if c != majority}


def _clean_majority(counts):
    return {max(counts, key=counts.get): 0}


def _clean_all(counts):
    return {c: 0 for c in counts}


# strategy name -> rule, per kind of sampler; a missing name is not allowed for that kind.
_STRATEGIES = {
    "over-sampling": {
        "auto": _over_not_majority,
        "not majority": _over_not_majority,
        "not minority": _over_not_minority,
        "minority": _over_minority,
        "all": _over_all,
    },
    "clean-sampling": {
        "auto": _clean_not_minority,
        "not minority": _clean_not_minority,
        "not majority": _clean_not_majority,
        "majority": _clean_majority,
        "all": _clean_all,
    },
}


def check_sampling_strategy(sampling_strategy, y: np.ndarray, sampling_type: str) -> dict:
    """Turn ``sampling_strategy`` into class -> number of rows to generate (over-sampling) or
    class -> 0 for the classes a cleaner may remove rows from (clean-sampling).

    Follows imbalanced-learn's ``check_sampling_strategy``: strings ``"auto"``, ``"minority"``,
    ``"not minority"``, ``"not majority"``, ``"all"`` (and ``"majority"`` for cleaners), a float for
    binary targets, a dict of desired class sizes, a list of classes (cleaners) or a callable
    ``f(y) -> dict``. The result is ordered by sorted label.
    """
    if callable(sampling_strategy):
        return sampling_counts(sampling_strategy(y), class_counts(y), sampling_type)
    return sampling_counts(sampling_strategy, class_counts(y), sampling_type)


def sampling_counts(sampling_strategy, counts: dict, sampling_type: str) -> dict:
    """:func:`check_sampling_strategy` from class counts instead of labels (callables excepted: they
    take the labels), for engines that count the classes without holding them."""
    rules = _STRATEGIES[sampling_type]
    if isinstance(sampling_strategy, str):
        if sampling_strategy not in rules:
            raise ValueError(
                f"sampling_strategy={sampling_strategy!r} is not known here; "
                f"use one of {sorted(rules)}, a dict {{class: rows wanted}}"
                + (", or a float for a binary target." if sampling_type == "over-sampling" else ", or a list of classes.")
            )
        result = rules[sampling_strategy](counts)
    elif isinstance(sampling_strategy, dict):
        result = _from_dict(sampling_strategy, counts, sampling_type)
    elif isinstance(sampling_strategy, (list, tuple)) and sampling_type == "clean-sampling":
        _check_known(sampling_strategy, counts)
        result = {c: 0 for c in sampling_strategy}
    elif isinstance(sampling_strategy, Real) and not isinstance(sampling_strategy, bool):
        result = _from_float(float(sampling_strategy), counts, sampling_type)
    else:
        raise ValueError(
            f"sampling_strategy={sampling_strategy!r} has an unsupported type; use a string such as "
            "'auto', a dict {class: rows wanted}, a float (binary targets) or a callable."
        )
    return dict(sorted(result.items()))


def _check_known(classes, counts):
    unknown = [c for c in classes if c not in counts]
    if unknown:
        raise ValueError(
            f"sampling_strategy names class(es) {unknown} that are not in y; "
            f"the classes are {list(counts)}."
        )


def _from_dict(wanted: dict, counts: dict, sampling_type: str) -> dict:
    if sampling_type == "clean-sampling":
        raise ValueError(
            "a cleaning sampler takes a list of classes to clean, not a dict of class sizes."
        )
    _check_known(wanted, counts)
    result = {}
    for label, n_wanted in wanted.items():
        if n_wanted < counts[label]:
            raise ValueError(
                f"sampling_strategy asks for {n_wanted} rows of class {describe_label(label)}, "
                f"which already has {counts[label]}; an over-sampler only adds rows: "
                f"ask for at least {counts[label]}."
            )
        result[label] = int(n_wanted) - counts[label]
    return result


def _from_float(ratio: float, counts: dict, sampling_type: str) -> dict:
    if sampling_type == "clean-sampling":
        raise ValueError("a cleaning sampler takes a list of classes, not a ratio.")
    if len(counts) != 2:
        raise ValueError(
            f"a float sampling_strategy works for two classes only; y has {len(counts)}. "
            "Use a dict {class: rows wanted} instead."
        )
    if not 0 < ratio <= 1:
        raise ValueError(
            f"sampling_strategy={ratio} must be in (0, 1]: the wanted minority/majority ratio after resampling."
        )
    n_max = max(counts.values())
    majority = max(counts, key=counts.get)
    result = {c: int(n_max * ratio - n) for c, n in counts.items() if c != majority}
    if any(n <= 0 for n in result.values()):
        raise ValueError(
            f"sampling_strategy={ratio} asks for no more minority rows than there already are; "
            "raise the ratio."
        )
    return result


def check_class_size(label, n_rows: int, n_neighbors: int, param: str) -> None:
    """Raise when a class is too small for a neighbour search of ``n_neighbors`` (self excluded)."""
    if n_rows < n_neighbors + 1:
        raise ValueError(
            f"class {describe_label(label)} has {n_rows} row{'s' if n_rows != 1 else ''}; "
            f"{param}={n_neighbors} needs at least {n_neighbors + 1}: lower {param}"
            + (" or add rows of that class." if n_rows > 1 else " or add rows of that class (one row has no neighbour).")
        )


def warn_if_identical(X: np.ndarray, rows: np.ndarray, label, technique: str) -> None:
    """Warn when every row of a class to grow is the same point: its new rows can only be copies of it."""
    if len(rows) and not np.ptp(X[rows], axis=0).any():
        warnings.warn(
            f"every row of class {describe_label(label)} is the same point, so {technique} can only copy it: its "
            "new rows are duplicates (as random over-sampling would make). Check the data, or use "
            "RandomOverSampler and say so.", UserWarning, stacklevel=5)

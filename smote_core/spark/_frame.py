"""The caller's Spark DataFrame, checked: target, features, ids and class counts, with clear errors."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._validation import describe_label

# Name of the id column added when the caller names none.
ADDED_ID = "row_id"
# numpy dtype of each Spark numeric type a synthetic row is written in.
_NUMPY_TYPES = {
    "ByteType": np.int8, "ShortType": np.int16, "IntegerType": np.int32, "LongType": np.int64,
    "FloatType": np.float32, "DoubleType": np.float64,
}


@dataclass
class Prepared:
    """A checked input table and what was learned about it.

    Attributes
    ----------
    df : pyspark.sql.DataFrame
        The caller's rows with the id column (added when none was named).
    target, id_col : str
    features : list of str
        Feature columns, in the caller's order.
    numeric : list of str
        The features of a numeric Spark type (booleans excluded).
    counts : dict
        Class -> rows, in sorted label order.
    max_id : int
        Largest id; synthetic rows are numbered after it.
    weight_col : str or None
        The sample-weight column (checked: numeric, complete, non-negative), carried to synthetic rows.
    """

    df: object
    target: str
    id_col: str
    features: list
    numeric: list
    counts: dict
    max_id: int
    weight_col: str | None = None

    @property
    def labels(self) -> list:
        return list(self.counts)

    def numpy_type(self, column: str):
        """numpy dtype in which values of ``column`` are written back (None for non-numeric ones)."""
        return _NUMPY_TYPES.get(type(self.df.schema[column].dataType).__name__)

    def collect(self, labels, budget_bytes: int, what: str) -> pd.DataFrame:
        """The rows of ``labels`` (id, target, features) on the driver, in id order.

        Raises
        ------
        ValueError
            When they would take more than ``budget_bytes``.
        """
        n_rows = sum(self.counts[label] for label in labels)
        need = estimated_bytes(n_rows, len(self.features) + 2)
        if need > budget_bytes:
            raise ValueError(
                f"{what} has {n_rows:,} rows (about {need / 2**20:,.0f} MiB on the driver), over the driver "
                f"budget of {budget_bytes / 2**20:,.0f} MiB: raise driver_budget_bytes (and the driver's "
                "memory), or use approximate=True (SMOTE only) to resample it in partitions."
            )
        from pyspark.sql import functions as F  # noqa: PLC0415 (pyspark is optional)

        rows = self.df.filter(F.col(self.target).isin(list(labels))).select(
            self.id_col, self.target, *self.features)
        return rows.toPandas().sort_values(self.id_col, kind="stable").reset_index(drop=True)


def estimated_bytes(n_rows: int, n_columns: int) -> int:
    """Driver memory taken by ``n_rows`` rows of ``n_columns`` numbers (with pandas' working copies)."""
    return 3 * 8 * n_rows * n_columns


def prepare(df, target: str, features, id_col, numeric_only: bool, technique: str,
            weight_col: str | None = None) -> Prepared:
    """Check the table and count its classes (one pass over the data, which also checks the weights;
    nothing collected but counts).

    Raises
    ------
    ValueError
        Missing target or feature, a non-numeric feature where only numbers can be interpolated,
        a bad id column, missing labels, fewer than two classes, or a weight column that is missing,
        the target (or a feature, or the ids), not numeric, or holds missing or negative weights.
    """
    from pyspark.sql import functions as F  # noqa: PLC0415
    from pyspark.sql import types as T  # noqa: PLC0415

    columns = list(df.columns)
    if target not in columns:
        raise ValueError(f"target {target!r} is not a column of the DataFrame; its columns are {columns}.")
    if id_col is not None and id_col not in columns:
        raise ValueError(f"id_col {id_col!r} is not a column of the DataFrame; its columns are {columns}.")
    _check_weight_column(df, weight_col, target, id_col, features)
    if features is None:
        features = [name for name in columns if name not in (target, id_col, weight_col)]
    features = list(features)
    missing = [name for name in features if name not in columns]
    if missing:
        raise ValueError(f"feature(s) {missing} are not columns of the DataFrame; its columns are {columns}.")
    if target in features or (id_col is not None and id_col in features):
        raise ValueError("features must not include the target or the id column.")
    if not features:
        raise ValueError("no feature column: pass at least one feature.")
    schema = df.schema

    def is_number(name):
        kind = schema[name].dataType
        return isinstance(kind, T.NumericType) and type(kind).__name__ in _NUMPY_TYPES

    numeric = [name for name in features if is_number(name)]
    other = [f"{name} ({schema[name].dataType.simpleString()})" for name in features if not is_number(name)]
    if numeric_only and other:
        raise ValueError(
            f"{technique} interpolates numbers, but feature(s) {other} are not numeric: cast them "
            "(e.g. F.col(name).cast('double')), leave them out of features, or use smote-nc "
            "(numeric + categorical) or random-over (copies rows)."
        )

    if id_col is None:
        if ADDED_ID in columns:
            raise ValueError(
                f"the DataFrame already has a column {ADDED_ID!r}; pass it as id_col (unique integers) "
                "or rename it, so that an id column can be added."
            )
        id_col = ADDED_ID
        df = df.withColumn(id_col, F.monotonically_increasing_id())
    elif not isinstance(schema[id_col].dataType, T.IntegralType):
        raise ValueError(
            f"id_col {id_col!r} is {schema[id_col].dataType.simpleString()}; it must hold unique integers "
            "(or pass no id_col and one is added)."
        )

    weight_stats = [] if weight_col is None else [
        F.sum((F.col(weight_col).isNull() | F.isnan(F.col(weight_col))
               | F.col(weight_col).isin(float("inf"), float("-inf"))).cast("long")).alias("bad_weights"),
        F.min(F.col(weight_col)).alias("min_weight")]
    stats = df.groupBy(target).agg(F.count(F.lit(1)).alias("n"), F.max(id_col).alias("max_id"),
                                   *weight_stats).collect()
    if any(row[target] is None for row in stats):
        n_missing = next(row["n"] for row in stats if row[target] is None)
        raise ValueError(
            f"target {target!r} has {n_missing} missing labels: drop those rows or fill the labels first."
        )
    if len(stats) < 2:
        raise ValueError(
            f"target {target!r} has only {len(stats)} class; resampling needs at least two classes "
            "(check that you picked the right target column)."
        )
    if weight_col is not None:
        _check_weights(weight_col, stats)
    counts = dict(sorted((row[target], int(row["n"])) for row in stats))
    return Prepared(df, target, id_col, features, numeric, counts, max(int(row["max_id"]) for row in stats),
                    weight_col)


def _check_weight_column(df, weight_col, target, id_col, features) -> None:
    """Raise for a weight column that is missing, is the target, a feature or the ids, or is not numeric."""
    if weight_col is None:
        return
    from pyspark.sql import types as T  # noqa: PLC0415

    if weight_col == target:
        raise ValueError(f"weight_col {weight_col!r} is the target: the labels cannot also be the weights. "
                         "Name the column that holds each row's weight.")
    if weight_col not in df.columns:
        raise ValueError(f"weight_col {weight_col!r} is not a column of the DataFrame; its columns are {list(df.columns)}.")
    if weight_col == id_col or (features is not None and weight_col in features):
        raise ValueError(f"weight_col {weight_col!r} is also {'the id column' if weight_col == id_col else 'a feature'}: "
                         "weights travel with the rows, so leave that column out of the features and ids.")
    kind = df.schema[weight_col].dataType
    if not isinstance(kind, T.NumericType):
        raise ValueError(f"weight_col {weight_col!r} is {kind.simpleString()}, not numbers: cast it "
                         "(e.g. F.col(name).cast('double')) or name the column that holds the weights.")


def _check_weights(weight_col: str, stats) -> None:
    """Raise for missing, infinite or negative weights, from the counting pass's per-class rows."""
    bad = sum(int(row["bad_weights"] or 0) for row in stats)
    if bad:
        raise ValueError(f"weight_col {weight_col!r} has {bad:,} missing (null or NaN) or infinite weight(s): "
                         "fill them or drop those rows first.")
    smallest = min(float(row["min_weight"]) for row in stats)
    if smallest < 0:
        raise ValueError(f"weight_col {weight_col!r} has negative weights (the smallest {smallest:g}): weights "
                         "count how much a row stands for, so they must be 0 or more.")


def labels_text(labels) -> str:
    """Labels as they read in a message."""
    return ", ".join(describe_label(label) for label in labels)

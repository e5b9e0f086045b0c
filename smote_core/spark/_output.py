"""Synthetic rows as output rows: the caller's columns in their types, the id, and provenance columns."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

PROVENANCE = ("is_synthetic", "parent_id", "neighbor_id", "lam", "technique")


@dataclass
class Pool:
    """Rows on the driver that synthetic rows are made from (id order).

    Attributes
    ----------
    ids : ndarray of int64
    labels : ndarray
    values : ndarray of float64, shape (n_rows, n_numeric)
        The numeric features.
    frame : DataFrame, optional
        Every feature column (random over-sampling copies them all).
    """

    ids: np.ndarray
    labels: np.ndarray
    values: np.ndarray
    frame: pd.DataFrame | None = None

    @classmethod
    def from_rows(cls, rows: pd.DataFrame, prepared, keep_frame: bool = False) -> Pool:
        return cls(rows[prepared.id_col].to_numpy(dtype=np.int64), rows[prepared.target].to_numpy(),
                   rows[prepared.numeric].to_numpy(dtype=np.float64),
                   rows[prepared.features].reset_index(drop=True) if keep_frame else None)

    def extended(self, rows: pd.DataFrame, prepared) -> Pool:
        """This pool with more rows appended (their positions follow the current ones)."""
        more = Pool.from_rows(rows, prepared)
        return Pool(np.concatenate([self.ids, more.ids]), np.concatenate([self.labels, more.labels]),
                    np.vstack([self.values, more.values]))

    def positions(self, ids: np.ndarray) -> np.ndarray:
        """Positions in the pool of the given ids (all must be present)."""
        order = np.argsort(self.ids, kind="stable")
        return order[np.searchsorted(self.ids, ids, sorter=order)]


@dataclass
class Layout:
    """The output's columns: what executors need to turn blocks into rows (picklable, no Spark objects)."""

    target: str
    id_col: str
    features: list
    numeric: list
    types: dict  # numeric feature -> numpy dtype to write
    technique: str

    @classmethod
    def of(cls, prepared, technique: str) -> Layout:
        return cls(prepared.target, prepared.id_col, list(prepared.features), list(prepared.numeric),
                   {name: prepared.numpy_type(name) for name in prepared.numeric}, technique)

    def frame(self, block, pool: Pool, first_id: int, values: np.ndarray | None = None,
              categorical: pd.DataFrame | None = None) -> pd.DataFrame:
        """Output rows of a :class:`~smote_core._base.Synthetic` block over ``pool``.

        Numeric features are interpolated (``values`` when already computed); integer columns are
        rounded, not truncated, as the in-memory samplers do; copies (no neighbour) take every
        column of the parent; ``categorical`` supplies the other columns of SMOTE-NC rows.
        """
        n = len(block)
        copies = block.neighbor.size and (block.neighbor < 0).all()
        if copies:
            columns = pool.frame.iloc[block.parent].reset_index(drop=True)
        else:
            if values is None:
                values = np.empty((n, len(self.numeric)))
                block.write(pool.values, values)
            columns = pd.DataFrame(
                {name: _cast(values[:, i], self.types[name]) for i, name in enumerate(self.numeric)})
            if categorical is not None:
                columns = pd.concat([columns, categorical.reset_index(drop=True)], axis=1)
        out = columns[self.features].copy()
        out[self.target] = pd.Series([block.label] * n, dtype=object if isinstance(block.label, str) else None)
        out[self.id_col] = np.arange(first_id, first_id + n, dtype=np.int64)
        out["is_synthetic"] = True
        out["parent_id"] = pool.ids[block.parent]
        has = block.neighbor >= 0
        out["neighbor_id"] = pd.array(np.where(has, pool.ids[np.where(has, block.neighbor, 0)], 0), dtype="Int64")
        out.loc[~has, "neighbor_id"] = pd.NA
        out["lam"] = block.lam
        out["technique"] = self.technique
        return out


def _cast(values: np.ndarray, dtype) -> np.ndarray:
    if np.issubdtype(dtype, np.integer):
        return np.rint(values).astype(dtype)
    return values.astype(dtype)


def synthetic_schema(prepared):
    """Spark schema of synthetic rows: features, target and id in the caller's types, then provenance.

    Columns of the caller's table that are none of these are null in synthetic rows.
    """
    from pyspark.sql import types as T  # noqa: PLC0415

    schema = prepared.df.schema
    fields = [T.StructField(name, schema[name].dataType, True)
              for name in (*prepared.features, prepared.target, prepared.id_col)]
    return T.StructType(fields + [
        T.StructField("is_synthetic", T.BooleanType(), False),
        T.StructField("parent_id", T.LongType(), True),
        T.StructField("neighbor_id", T.LongType(), True),
        T.StructField("lam", T.DoubleType(), True),
        T.StructField("technique", T.StringType(), True),
    ])


def with_provenance(df):
    """The original rows with empty provenance columns (``is_synthetic`` false)."""
    from pyspark.sql import functions as F  # noqa: PLC0415

    return (df.withColumn("is_synthetic", F.lit(False))
            .withColumn("parent_id", F.lit(None).cast("long"))
            .withColumn("neighbor_id", F.lit(None).cast("long"))
            .withColumn("lam", F.lit(None).cast("double"))
            .withColumn("technique", F.lit(None).cast("string")))


def with_parent_weights(out, prepared, grown: list):
    """``out`` with each synthetic row's weight (``prepared.weight_col``) set to its parent's weight,
    the rule of the in-memory samplers; originals keep theirs. Parents are rows of the classes that
    grew, so only those classes' ids and weights meet the output in the join."""
    from pyspark.sql import functions as F  # noqa: PLC0415

    weight = prepared.weight_col
    parents = (prepared.df.filter(F.col(prepared.target).isin(list(grown)))
               .select(F.col(prepared.id_col).alias("parent_id"), F.col(weight).alias("_parent_weight")))
    joined = out.join(parents, on="parent_id", how="left")
    carried = F.when(F.col("is_synthetic"), F.col("_parent_weight")).otherwise(F.col(weight))
    return joined.withColumn(weight, carried.cast(prepared.df.schema[weight].dataType)).select(*out.columns)

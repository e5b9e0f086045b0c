"""Synthetic rows from class plans: chunks made by executors, or on the driver when it needs them."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._draws import ClassPlan
from ._output import Layout, Pool, synthetic_schema


def assign_ids(plans: list[ClassPlan], first_id: int) -> int:
    """Number the plans' rows from ``first_id`` on, class after class; return the next free id."""
    for plan in plans:
        plan.first_id = first_id
        first_id += plan.n_new
    return first_id


def chunk_frame(layout: Layout, pool: Pool, plan: ClassPlan, chunk: int) -> pd.DataFrame:
    """Output rows of one chunk of one class."""
    start, _ = plan.chunks()[chunk]
    return layout.frame(plan.block(chunk, pool.labels), pool, plan.first_id + start)


def local_rows(layout: Layout, pool: Pool, plans: list[ClassPlan]) -> tuple[pd.DataFrame | None, np.ndarray]:
    """Every synthetic row of the plans, made on the driver (same rows as :func:`distributed_rows`).

    Returns
    -------
    rows : DataFrame or None
        Output rows (integer columns rounded).
    values : ndarray of shape (n_rows, n_numeric)
        Their numeric features before rounding, as the in-memory samplers hand them to a cleaner.
    """
    frames, values = [], []
    for plan in plans:
        for chunk, (start, _) in enumerate(plan.chunks()):
            block = plan.block(chunk, pool.labels)
            made = np.empty((len(block), len(layout.numeric)))
            block.write(pool.values, made)
            frames.append(layout.frame(block, pool, plan.first_id + start, values=made))
            values.append(made)
    if not frames:
        return None, np.empty((0, len(layout.numeric)))
    return pd.concat(frames, ignore_index=True), np.vstack(values)


def distributed_rows(spark, prepared, layout: Layout, pool: Pool, plans: list[ClassPlan]):
    """Every synthetic row of the plans as a Spark DataFrame, one task per chunk.

    The pool and the plans (neighbour tables and generator states, no rows) travel as one broadcast.
    """
    tasks = [(p, c) for p, plan in enumerate(plans) for c in range(len(plan.chunks()))]
    schema = synthetic_schema(prepared)
    if not tasks:
        return spark.createDataFrame([], schema)
    shared = spark.sparkContext.broadcast((layout, pool, plans))

    def make(batches):
        layout_, pool_, plans_ = shared.value
        for batch in batches:
            for p, c in zip(batch["plan"].to_numpy(), batch["chunk"].to_numpy()):
                yield chunk_frame(layout_, pool_, plans_[p], c)

    frame = spark.createDataFrame(pd.DataFrame(np.array(tasks, dtype=np.int32), columns=["plan", "chunk"]))
    return frame.repartition(len(tasks)).mapInPandas(make, schema)


def local_frame(spark, prepared, rows: pd.DataFrame | None):
    """Synthetic rows made on the driver, as a Spark DataFrame with the synthetic schema."""
    schema = synthetic_schema(prepared)
    if rows is None or rows.empty:
        return spark.createDataFrame([], schema)
    return spark.createDataFrame(rows[[field.name for field in schema.fields]], schema)

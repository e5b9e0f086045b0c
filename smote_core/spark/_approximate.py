"""Approximate SMOTE for a class too large for the driver: k-means partitions resampled apart.

The class's rows are split by Spark MLlib's k-means into partitions of about ``partition_rows``
rows; each partition is resampled by the in-memory SMOTE on an executor (``applyInPandas``), with
the class's new rows shared out in proportion to the partitions' sizes. A row's neighbours are then
searched within its partition only, so they are the exact ones only when none lies across a
partition boundary: :func:`neighbour_recall` measures how often they are, on a class small enough
for the exact search too (figures in ``docs/spark.md``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sklearn.utils import check_random_state

from .._neighbors import nearest_neighbors
from ..over_sampling._adasyn import largest_remainder
from ._draws import ClassPlan
from ._generate import chunk_frame
from ._output import Layout, Pool, synthetic_schema

# Rows per k-means partition (about 25 MiB of float64 at 20 features).
PARTITION_ROWS = 160_000
_PART = "_part"


def partitioned(prepared, label, n_parts: int, seed: int):
    """The rows of one class with a ``_part`` column: their k-means partition (``n_parts`` of them)."""
    from pyspark.ml.clustering import KMeans  # noqa: PLC0415
    from pyspark.ml.feature import VectorAssembler  # noqa: PLC0415
    from pyspark.sql import functions as F  # noqa: PLC0415

    rows = prepared.df.filter(F.col(prepared.target) == F.lit(label))
    if n_parts <= 1:
        return rows.withColumn(_PART, F.lit(0))
    vectors = VectorAssembler(inputCols=prepared.numeric, outputCol="_vector").transform(rows)
    model = KMeans(k=n_parts, seed=seed, featuresCol="_vector", predictionCol=_PART, maxIter=10).fit(vectors)
    return model.transform(vectors).drop("_vector")


def partitioned_smote(prepared, sampler, strategy: dict, budget_bytes: int, partition_rows: int = PARTITION_ROWS):
    """Synthetic rows of every class to grow, SMOTE within k-means partitions (approximate).

    Returns
    -------
    pyspark.sql.DataFrame
        Synthetic rows with the synthetic schema (ids after the table's largest).
    """
    from pyspark.sql import functions as F  # noqa: PLC0415

    if hasattr(sampler.k_neighbors, "kneighbors"):
        raise ValueError("k_neighbors must be an integer for the Spark engine.")
    k = int(sampler.k_neighbors)
    seed = sampler.random_state if isinstance(sampler.random_state, (int, np.integer)) else 0
    layout = Layout.of(prepared, "smote")
    parts, plan, first_id = [], {}, prepared.max_id + 1
    for label, n_new in strategy.items():
        n_parts = max(1, -(-prepared.counts[label] // partition_rows))
        rows = partitioned(prepared, label, n_parts, int(seed))
        sizes = rows.groupBy(_PART).count().toPandas().sort_values(_PART)
        usable = sizes["count"].to_numpy() > k
        if not usable.any():
            raise ValueError(f"every k-means partition of class {label!r} has {k} rows or fewer: lower k_neighbors.")
        weights = np.where(usable, sizes["count"].to_numpy(), 0).astype(float)
        shares = largest_remainder(weights / weights.sum(), n_new)
        for part, share in zip(sizes[_PART].to_numpy(), shares):
            plan[(label, int(part))] = (int(share), first_id, int(seed) + int(part))
            first_id += int(share)
        parts.append(rows.select(prepared.id_col, prepared.target, *prepared.features, _PART))
    table = parts[0]
    for more in parts[1:]:
        table = table.unionByName(more)
    shared = prepared.df.sparkSession.sparkContext.broadcast((layout, plan, k))

    def grow(group: pd.DataFrame) -> pd.DataFrame:
        layout_, plan_, k_ = shared.value
        label, part = group[layout_.target].iloc[0], int(group[_PART].iloc[0])
        n_new, first, group_seed = plan_[(label, part)]
        return smote_partition(layout_, group.sort_values(layout_.id_col), label, n_new, first, group_seed, k_)

    return table.groupBy(prepared.target, _PART).applyInPandas(grow, synthetic_schema(prepared)).select(
        *[F.col(field.name) for field in synthetic_schema(prepared).fields])


def smote_partition(layout: Layout, rows: pd.DataFrame, label, n_new: int, first_id: int, seed: int,
                    k: int) -> pd.DataFrame:
    """SMOTE's rows for one partition of a class (``n_new`` of them), drawn as the in-memory SMOTE
    draws them for a class made of the partition's rows."""
    pool = Pool(rows[layout.id_col].to_numpy(np.int64), rows[layout.target].to_numpy(),
                rows[layout.numeric].to_numpy(np.float64))
    plan = ClassPlan(label, "pairs", np.arange(len(rows)), nearest_neighbors(pool.values, k), n_new,
                     first_id=first_id)
    plan.record(check_random_state(seed))
    frames = [chunk_frame(layout, pool, plan, chunk) for chunk in range(len(plan.chunks()))]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=_columns(layout))


def _columns(layout: Layout) -> list:
    return [*layout.features, layout.target, layout.id_col, "is_synthetic", "parent_id", "neighbor_id", "lam",
            "technique"]


def neighbour_recall(prepared, label, k: int, partition_rows: int, seed: int = 0) -> float:
    """Share of each row's exact k nearest neighbours within its class that its k-means partition holds
    and the partitioned search therefore finds (the class is collected: use a size both can do)."""
    n_parts = max(1, -(-prepared.counts[label] // partition_rows))
    rows = partitioned(prepared, label, n_parts, seed).select(prepared.id_col, _PART, *prepared.numeric) \
        .toPandas().sort_values(prepared.id_col)
    values, part = rows[prepared.numeric].to_numpy(np.float64), rows[_PART].to_numpy()
    exact = nearest_neighbors(values, k)
    found = 0
    for p in np.unique(part):
        members = np.flatnonzero(part == p)
        if len(members) <= k:
            continue
        local = members[nearest_neighbors(values[members], k)]
        found += np.count_nonzero(local[:, :, None] == exact[members][:, None, :])
    return found / exact.size

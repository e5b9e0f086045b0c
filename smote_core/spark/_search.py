"""Exact nearest neighbours of a few broadcast query rows among all rows of a Spark DataFrame.

Each partition computes its rows' distances to the queries in blocks and keeps, per query, its own
``k`` nearest rows; a reduce keeps the global ``k`` nearest by (distance, id). Ids grow with row
position, so ties fall as in the in-memory search (by position), and the query row itself is left out.

A row is compared in float32 first: products ``|x|² − 2 q·x`` of rows and queries centred on the
queries' mean, with each pair's rounding error bounded by ``γ (|x|² + 2 |q| |x|)`` (``γ`` a few times
``(d + 5)`` float32 epsilons) and subtracted, so a row passes whenever its exact distance can be within
the query's current bound. Only rows that pass get a float64 distance, computed as the in-memory
search computes it; the bound is the smaller of the caller's (e.g. the k-th distance within the
query's class, which at least k rows of the table meet) and the k-th distance kept so far.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

# Rows of a partition and queries compared at a time (a float32 tile of 16 MiB; tall tiles multiply
# fastest with so few columns).
_ROW_TILE, _QUERY_TILE = 16_384, 256
_NO_ID = np.iinfo(np.int64).max
CANDIDATE_SCHEMA = "q int, id long, code int, dist double"


@dataclass
class Queries:
    """The broadcast side of a search: query rows, their ids, bounds and the number of neighbours.

    Attributes
    ----------
    points : ndarray of shape (n_queries, n_features)
    ids : ndarray of int64
        Id of each query row (left out of its own answer); -1 for a point that is no row of the table.
    bound : ndarray of float
        Squared distance within which at least ``k`` other rows of the table lie (inf when unknown).
    k : int
    """

    points: np.ndarray
    ids: np.ndarray
    bound: np.ndarray
    k: int

    def __post_init__(self):
        self.points = np.ascontiguousarray(self.points, dtype=np.float64)
        self.center = self.points.mean(axis=0) if len(self.points) else np.zeros(self.points.shape[1])
        centred = self.points - self.center
        self.norm2 = np.einsum("ij,ij->i", centred, centred)
        self.gamma = 4.0 * (self.points.shape[1] + 5) * float(np.finfo(np.float32).eps)
        self.scaled = np.column_stack(
            [-2.0 * centred, np.ones(len(centred)), -2.0 * self.gamma * np.sqrt(self.norm2)]
        ).astype(np.float32)


def top_k(batches, queries: Queries, features: list, id_col: str = "id", code_col: str = "code") -> pd.DataFrame:
    """The ``k`` nearest rows of ``batches`` (pandas frames) to each query: columns q, id, code, dist.

    Only finite entries are returned (a query with fewer than k rows in the batches gets fewer).
    """
    k, n_queries = queries.k, len(queries.ids)
    best_dist = np.full((n_queries, k), np.inf)
    best_id = np.full((n_queries, k), _NO_ID, dtype=np.int64)
    best_code = np.full((n_queries, k), -1, dtype=np.int32)
    with threadpool_limits(limits=1):
        for batch in batches:
            values = batch[features].to_numpy(dtype=np.float64)
            ids = batch[id_col].to_numpy(dtype=np.int64)
            codes = batch[code_col].to_numpy(dtype=np.int32)
            for start in range(0, len(values), _ROW_TILE):
                rows = slice(start, start + _ROW_TILE)
                _search_tile(values[rows], ids[rows], codes[rows], queries, best_dist, best_id, best_code)
    q, rank = np.nonzero(np.isfinite(best_dist))
    return pd.DataFrame({"q": q.astype(np.int32), "id": best_id[q, rank], "code": best_code[q, rank],
                         "dist": best_dist[q, rank]})


def _search_tile(values, ids, codes, queries: Queries, best_dist, best_id, best_code) -> None:
    centred = values - queries.center
    norm2 = np.einsum("ij,ij->i", centred, centred)
    rows = np.column_stack([centred, (1 - queries.gamma) * norm2, np.sqrt(norm2)]).astype(np.float32)
    products = np.empty((len(rows), _QUERY_TILE), dtype=np.float32)
    passed = np.empty(products.shape, dtype=bool)
    for start in range(0, len(queries.ids), _QUERY_TILE):
        part = slice(start, start + _QUERY_TILE)
        n_part = len(queries.ids[part])
        np.matmul(rows, queries.scaled[part].T, out=products[:, :n_part])
        np.less_equal(products[:, :n_part], _limit(queries, best_dist, part), out=passed[:, :n_part])
        row, q = np.divmod(np.flatnonzero(passed[:, :n_part]), n_part)
        if not row.size:
            continue
        q += start
        keep = ids[row] != queries.ids[q]
        row, q = row[keep], q[keep]
        diff = values[row, None, :] - queries.points[q, None, :]
        dist = np.einsum("ijk,ijk->ij", diff, diff)[:, 0]  # as the in-memory search computes it
        merge_top_k(best_dist, best_id, best_code, q, dist, ids[row], codes[row])


def _limit(queries: Queries, best_dist, part) -> np.ndarray:
    """Largest product a row may have and still be among a query's nearest (float32, rounded up)."""
    limit = np.minimum(queries.bound[part], best_dist[part, -1]) - queries.norm2[part]
    typed = limit.astype(np.float32)
    return np.where(typed < limit, np.nextafter(typed, np.float32(np.inf)), typed)


def merge_top_k(best_dist, best_id, best_code, q, dist, ids, codes) -> None:
    """Fold candidates (query q, distance, id, code) into the per-query top-k arrays, in place.

    Ranking is by (distance, id); an id already held for a query must not be passed again.
    """
    k = best_dist.shape[1]
    touched = np.unique(q)
    all_q = np.concatenate([np.repeat(touched, k), q])
    all_dist = np.concatenate([best_dist[touched].ravel(), dist])
    all_id = np.concatenate([best_id[touched].ravel(), ids])
    all_code = np.concatenate([best_code[touched].ravel(), codes])
    order = np.lexsort((all_id, all_dist, all_q))
    sorted_q = all_q[order]
    first = np.searchsorted(sorted_q, touched)
    rank = np.arange(len(order)) - np.repeat(first, np.diff(np.append(first, len(order))))
    kept = rank < k
    target = (sorted_q[kept], rank[kept])
    best_dist[target] = all_dist[order][kept]
    best_id[target] = all_id[order][kept]
    best_code[target] = all_code[order][kept]


def search_table(table, features: list, queries: Queries, id_col: str, code_col: str) -> pd.DataFrame:
    """Per-query top-k over a Spark DataFrame, as q/id/code/dist rows (see :func:`top_k_arrays`).

    ``table`` holds ``id_col``, ``code_col`` (int class code) and the features; the queries travel
    to the executors as a broadcast variable; only the k kept per query come back to the driver.
    """
    from pyspark.sql import Window  # noqa: PLC0415
    from pyspark.sql import functions as F  # noqa: PLC0415

    shared = table.sparkSession.sparkContext.broadcast(queries)

    def per_partition(batches):
        yield top_k(batches, shared.value, features)

    candidates = table.select(F.col(id_col).alias("id"), F.col(code_col).alias("code"), *features) \
        .mapInPandas(per_partition, CANDIDATE_SCHEMA)
    rank = F.row_number().over(Window.partitionBy("q").orderBy("dist", "id"))
    found = candidates.withColumn("rank", rank).filter(F.col("rank") <= queries.k).drop("rank").toPandas()
    shared.unpersist()
    return found


def top_k_arrays(found: pd.DataFrame, n_queries: int, k: int):
    """(ids, codes, dists) arrays of shape (n_queries, k) from q/id/code/dist rows, nearest first.

    Raises
    ------
    ValueError
        When a query has fewer than k neighbours (the table has too few rows).
    """
    found = found.sort_values(["q", "dist", "id"], kind="stable")
    per_query = np.bincount(found["q"].to_numpy(), minlength=n_queries)
    if (per_query < k).any():
        raise ValueError(f"the table has too few rows for {k} neighbours of every query row: lower the "
                         "number of neighbours.")
    first = np.searchsorted(found["q"].to_numpy(), np.arange(n_queries))
    take = (first[:, None] + np.arange(k)).ravel()
    shape = (n_queries, k)
    return (found["id"].to_numpy()[take].reshape(shape), found["code"].to_numpy()[take].reshape(shape),
            found["dist"].to_numpy()[take].reshape(shape))


def merge_found(parts: list, n_queries: int, k: int):
    """Global top-k from several q/id/code/dist tables (e.g. the table's and local rows')."""
    found = pd.concat(parts, ignore_index=True).sort_values(["q", "dist", "id"], kind="stable")
    found = found.groupby("q", sort=False).head(k)
    return top_k_arrays(found, n_queries, k)

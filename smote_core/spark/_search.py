"""Exact nearest neighbours of a few broadcast query rows among all rows of a Spark DataFrame.

Each partition searches its rows for the queries with the in-memory exact search
(``smote_core._search.exact.nearest_to_outside``: float32 tiled products screened by a proven
rounding bound, float64 re-ranking), a chunk of rows at a time, and keeps per query its own ``k``
nearest rows; a reduce keeps the global ``k`` nearest by (distance, id). Each chunk is ordered by id
and ids grow with row position, so ties fall as in the in-memory search (by position), and the query
row itself (by id) is left out. Distances are computed as the in-memory search computes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from .._search.exact import nearest_to_outside

# Rows of a partition searched at a time: about 250 MiB of rows and float32 table at 20 features.
_CHUNK_ROWS = 1_000_000
_NO_ID = np.iinfo(np.int64).max
CANDIDATE_SCHEMA = "q int, id long, code int, dist double"


@dataclass
class Queries:
    """The broadcast side of a search: query rows, their ids and the number of neighbours.

    Attributes
    ----------
    points : ndarray of shape (n_queries, n_features)
    ids : ndarray of int64
        Id of each query row (left out of its own answer); -1 for a point that is no row of the table.
    k : int
    """

    points: np.ndarray
    ids: np.ndarray
    k: int

    def __post_init__(self):
        self.points = np.ascontiguousarray(self.points, dtype=np.float64)


def top_k(batches, queries: Queries, features: list, id_col: str = "id", code_col: str = "code") -> pd.DataFrame:
    """The ``k`` nearest rows of ``batches`` (pandas frames) to each query: columns q, id, code, dist.

    Only finite entries are returned (a query with fewer than k rows in the batches gets fewer).
    """
    n_queries, width = len(queries.ids), queries.k + 1  # one more, in case the query's own row is met
    best_dist = np.full((n_queries, width), np.inf)
    best_id = np.full((n_queries, width), _NO_ID, dtype=np.int64)
    best_code = np.full((n_queries, width), -1, dtype=np.int32)
    with threadpool_limits(limits=1):  # Spark runs a task per core
        for values, ids, codes in _chunks(batches, features, id_col, code_col):
            if n_queries:
                _search_chunk(values, ids, codes, queries, width, best_dist, best_id, best_code)
    own = best_id == queries.ids[:, None]
    order = np.argsort(own, axis=1, kind="stable")[:, :queries.k]  # the query's own row last, then cut
    best_dist, best_id, best_code = (np.take_along_axis(a, order, axis=1) for a in (best_dist, best_id, best_code))
    q, rank = np.nonzero(np.isfinite(best_dist))
    return pd.DataFrame({"q": q.astype(np.int32), "id": best_id[q, rank], "code": best_code[q, rank],
                         "dist": best_dist[q, rank]})


def _chunks(batches, features, id_col, code_col):
    """(values, ids, codes) of up to about ``_CHUNK_ROWS`` rows at a time, ordered by id."""
    held, n_held = [], 0
    for batch in chain(batches, [None]):  # None: the end, which flushes what is held
        if batch is not None:
            held.append(batch)
            n_held += len(batch)
        if held and (batch is None or n_held >= _CHUNK_ROWS):
            frame = pd.concat(held, ignore_index=True) if len(held) > 1 else held[0]
            held, n_held = [], 0
            ids = frame[id_col].to_numpy(dtype=np.int64)
            order = np.argsort(ids, kind="stable")
            yield (frame[features].to_numpy(dtype=np.float64)[order], ids[order],
                   frame[code_col].to_numpy(dtype=np.int32)[order])


def _search_chunk(values, ids, codes, queries: Queries, width, best_dist, best_id, best_code) -> None:
    n_rows = len(values)
    stacked = np.vstack([values, queries.points])
    positions, dist = nearest_to_outside(stacked, np.arange(n_rows), n_rows + np.arange(len(queries.ids)), width)
    q = np.repeat(np.arange(len(queries.ids)), positions.shape[1])
    merge_top_k(best_dist, best_id, best_code, q, dist.ravel(), ids[positions.ravel()], codes[positions.ravel()])


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

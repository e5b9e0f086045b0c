"""The driver's part of each technique: neighbour tables, categories, difficulty, and class plans.

Each function mirrors its in-memory sampler step for step (same checks, same neighbour questions,
same generators in the same order) on the collected rows of the classes that grow (the ``pool``);
neighbour questions over all rows go to :func:`search_all_rows`.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from sklearn.utils import check_random_state

from .._neighbors import nearest_neighbors, neighbor_count
from .._validation import check_class_size
from ..over_sampling._adasyn import difficulty_from_neighbors
from ..over_sampling._borderline import categories_from_neighbors, check_search_size, concat_tables, danger_rows
from ._draws import ClassPlan
from ._output import Pool
from ._search import Queries, search_table, top_k_arrays


def class_rows(pool: Pool, label) -> np.ndarray:
    """Positions in the pool of the rows of one class, in id order."""
    return np.flatnonzero(pool.labels == label)


def search_all_rows(prepared, pool: Pool, labels, k: int):
    """The k nearest rows of the whole table to every pool row of ``labels`` (self excluded).

    Returns
    -------
    dict
        label -> (rows in the pool, neighbour ids, neighbour class codes), arrays of shape (n, k).
    """
    per_class = [class_rows(pool, label) for label in labels]
    rows = np.concatenate(per_class)
    queries = Queries(pool.values[rows], pool.ids[rows], k)
    ids, codes, _ = top_k_arrays(search_rows(prepared, queries), len(rows), k)
    bounds = np.cumsum([0] + [len(part) for part in per_class])
    return {label: (part, ids[start:stop], codes[start:stop])
            for label, part, start, stop in zip(labels, per_class, bounds[:-1], bounds[1:])}


def search_rows(prepared, queries: Queries) -> pd.DataFrame:
    """The k nearest rows of the whole table to each query, as q/id/code/dist rows."""
    from pyspark.sql import functions as F  # noqa: PLC0415

    known = F.array(*[F.lit(label) for label in prepared.labels])
    table = prepared.df.select(
        prepared.id_col, (F.array_position(known, F.col(prepared.target)) - 1).cast("int").alias("_code"),
        *[F.col(name).cast("double") for name in prepared.numeric])
    return search_table(table, prepared.numeric, queries, prepared.id_col, "_code")


def code_of(prepared, label) -> int:
    return prepared.labels.index(label)


def smote_plans(prepared, sampler, strategy: dict, pool: Pool) -> list[ClassPlan]:
    """SMOTE: neighbours within each class, a fresh generator per class (as ``SMOTE``)."""
    k = _integer_neighbors(sampler.k_neighbors, "k_neighbors")
    plans = []
    for label, n_new in strategy.items():
        rows = class_rows(pool, label)
        check_class_size(label, len(rows), k, "k_neighbors")
        plan = ClassPlan(label, "pairs", rows, rows[nearest_neighbors(pool.values[rows], k)], n_new)
        plan.record(check_random_state(sampler.random_state))
        plans.append(plan)
    return plans


def random_plans(prepared, sampler, strategy: dict, pool: Pool) -> list[ClassPlan]:
    """Random over-sampling: copies, one generator for every class (as ``RandomOverSampler``)."""
    rng = check_random_state(sampler.random_state)
    plans = []
    for label, n_new in strategy.items():
        plan = ClassPlan(label, "copy", class_rows(pool, label), None, n_new)
        plan.record_copies(rng)
        plans.append(plan)
    return plans


def borderline_plans(prepared, sampler, strategy: dict, pool: Pool):
    """Borderline-SMOTE: categories from the m nearest rows of the whole table, then SMOTE from the
    rows in danger (as ``BorderlineSMOTE``). Returns the plans, the categories table and the pool
    (extended, for borderline-2, by the rows of other classes that danger rows interpolate towards)."""
    if sampler.kind not in ("borderline-1", "borderline-2"):
        raise ValueError(f"kind={sampler.kind!r} is not known; use one of ['borderline-1', 'borderline-2'].")
    n_total = sum(prepared.counts.values())
    m = _integer_neighbors(sampler.m_neighbors, "m_neighbors")
    k = _integer_neighbors(sampler.k_neighbors, "k_neighbors")
    check_search_size(n_total, m, "m_neighbors")
    check_search_size(n_total, k, "k_neighbors")
    towards_any = sampler.kind == "borderline-2"
    if not towards_any:
        for label in strategy:
            check_class_size(label, prepared.counts[label], k, "k_neighbors")
    found = search_all_rows(prepared, pool, list(strategy), max(m, k) if towards_any else m)
    tables, danger = [], {}
    for label in strategy:
        rows, ids, codes = found[label]
        table = categories_from_neighbors(pool.ids[rows], label, codes[:, :m] != code_of(prepared, label))
        tables.append(table)
        danger[label] = danger_rows(table)
    if towards_any:
        needed = np.unique(np.concatenate([found[label][1][danger[label], :k] for label in strategy]))
        pool = pool.extended(collect_ids(prepared, np.setdiff1d(needed, pool.ids)), prepared)
    plans = []
    without_danger = [table for table, label in zip(tables, strategy) if not danger[label].size]
    if without_danger:  # grows nothing for them, and says so, as BorderlineSMOTE does
        warnings.warn(sampler._no_danger_message(without_danger), UserWarning, stacklevel=3)
    for label, n_new in strategy.items():
        if not danger[label].size:
            continue
        rows, ids, _ = found[label]
        parents = rows[danger[label]]
        if towards_any:
            neighbors = pool.positions(ids[danger[label], :k].ravel()).reshape(-1, k)
            plan = ClassPlan(label, "pairs", parents, neighbors, n_new, scale_other=True)
            plan.record(check_random_state(sampler.random_state), check_random_state(sampler.random_state),
                        pool.labels)
        else:
            local = nearest_neighbors(pool.values[rows], k, query=danger[label])
            plan = ClassPlan(label, "pairs", parents, rows[local], n_new)
            plan.record(check_random_state(sampler.random_state))
        plans.append(plan)
    return plans, concat_tables(tables), pool


def adasyn_plans(prepared, sampler, strategy: dict, pool: Pool):
    """ADASYN: difficulty from the nearest rows of the whole table, neighbours within the class, one
    generator for every class (as ``ADASYN``). Returns the plans and the difficulty table."""
    n = _integer_neighbors(sampler.n_neighbors, "n_neighbors")
    for label in strategy:
        check_class_size(label, prepared.counts[label], n, "n_neighbors")
    found = search_all_rows(prepared, pool, list(strategy), n)
    rng = check_random_state(sampler.random_state)
    plans, tables = [], []
    for label, n_new in strategy.items():
        rows, _, codes = found[label]
        table = difficulty_from_neighbors(pool.ids[rows], label, codes != code_of(prepared, label), n_new)
        tables.append(table)
        local = nearest_neighbors(pool.values[rows], n)
        plan = ClassPlan(label, "adasyn", rows, rows[local], n_new, n_synthetic=table["n_synthetic"].to_numpy())
        plan.record(rng)
        plans.append(plan)
    return plans, pd.concat(tables, ignore_index=True)


def collect_ids(prepared, ids: np.ndarray) -> pd.DataFrame:
    """The rows (id, target, features) with the given ids, in id order."""
    from pyspark.sql import functions as F  # noqa: PLC0415

    spark = prepared.df.sparkSession
    wanted = spark.createDataFrame(pd.DataFrame({prepared.id_col: ids.astype(np.int64)}))
    rows = prepared.df.join(F.broadcast(wanted), prepared.id_col).select(
        prepared.id_col, prepared.target, *prepared.features)
    return rows.toPandas().sort_values(prepared.id_col, kind="stable").reset_index(drop=True)


def _integer_neighbors(spec, param: str) -> int:
    """Number of neighbours; the Spark engine searches exactly, so it takes integers only."""
    if hasattr(spec, "kneighbors"):
        raise ValueError(
            f"{param} is a neighbour-search object; the Spark engine runs its own exact search: pass "
            "the number of neighbours as an integer."
        )
    return neighbor_count(spec, param)

"""``SparkResampler`` / ``resample``: a technique's driver work, then originals + synthetic rows."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import clone

from .. import registry
from .._base import Synthetic
from .._validation import sampling_counts
from ..over_sampling import SMOTE
from ._frame import Prepared, labels_text, prepare
from ._generate import assign_ids, distributed_rows, local_frame, local_rows
from ._output import Layout, Pool, with_parent_weights, with_provenance
from ._techniques import adasyn_plans, borderline_plans, code_of, random_plans, smote_plans
from ._tomek import Points, tomek_links

SUPPORTED = ("random-over", "smote", "borderline-smote", "adasyn", "smote-nc", "smote-tomek")
# why the other techniques have no Spark engine
UNSUPPORTED = {
    "smote-enn": "ENN edits every row by its own neighbours, which asks all-pairs neighbour questions "
                 "of the majority too",
    "svm-smote": "it fits an SVM on every row of the table",
    "smoten": "its value-difference metric needs a distance matrix over the whole class",
    "ctgan": "it trains a neural network on the collected class",
    "tvae": "it trains a neural network on the collected class",
    "gaussian-copula": "it fits a model of the collected class",
}
# Rows of the classes that grow, in bytes, that the driver may collect unless told otherwise.
DEFAULT_DRIVER_BUDGET = 512 * 2**20


class SparkResampler:
    """Resample a Spark DataFrame with the same algorithm and answers as the in-memory sampler.

    Parameters
    ----------
    technique : str
        One of :data:`SUPPORTED`.
    driver_budget_bytes : int, default=512 MiB
        Memory the driver may use for the collected rows of the classes that grow (and, for
        SMOTE-NC and SMOTE+Tomek, for the synthetic rows, which those make on the driver).
    approximate : bool, default=False
        SMOTE only: when a class to grow is over the budget, resample it in k-means partitions
        (:mod:`smote_core.spark._approximate`) instead of raising.
    **params
        The in-memory sampler's parameters (``sampling_strategy``, ``random_state``, ``k_neighbors``...).

    Attributes
    ----------
    sampling_strategy_ : dict
        Class -> synthetic rows made.
    categories_ : DataFrame
        Borderline-SMOTE: as the in-memory ``categories_``, with ``index`` holding row ids.
    difficulty_ : DataFrame
        ADASYN: as the in-memory ``difficulty_``, with ``index`` holding row ids.
    cleaning_ : DataFrame
        SMOTE+Tomek: removed rows (``id``, ``label``, ``synthetic``, ``removed_by``, ``partner``).
    """

    def __init__(self, technique: str, *, driver_budget_bytes: int = DEFAULT_DRIVER_BUDGET,
                 approximate: bool = False, **params):
        self.technique = technique
        self.driver_budget_bytes = driver_budget_bytes
        self.approximate = approximate
        self.params = params

    def fit_resample(self, df, target: str, features=None, id_col: str | None = None,
                     weight_col: str | None = None):
        """Originals untouched plus synthetic rows, with ``is_synthetic`` and provenance columns.

        Parameters
        ----------
        df : pyspark.sql.DataFrame
        target : str
            The label column.
        features : list of str, optional
            Feature columns; every column but the target and the id column when omitted.
        id_col : str, optional
            Unique integer ids, growing with row order (ties in distance fall by id). Without one,
            ``row_id`` is added (``monotonically_increasing_id``: stable for a table read from files).
        weight_col : str, optional
            Sample weights (numeric, complete, non-negative; not a feature): a synthetic row takes its
            parent's weight, as in memory; rows SMOTE+Tomek removes take theirs away.

        Returns
        -------
        pyspark.sql.DataFrame
            The caller's columns (plus ``row_id`` when added), ``is_synthetic``, ``parent_id``,
            ``neighbor_id``, ``lam``, ``technique``; synthetic rows get ids after the largest one.
        """
        sampler = self._sampler()
        prepared = prepare(df, target, features, id_col, self.technique not in ("random-over", "smote-nc"),
                           self.technique, weight_col)
        out = self._resample(prepared, sampler)
        return out if weight_col is None else with_parent_weights(out, prepared, list(self.sampling_strategy_))

    def _resample(self, prepared: Prepared, sampler):
        """The technique's output: originals plus synthetic rows with provenance columns."""
        smote = sampler.smote_ if self.technique == "smote-tomek" else sampler
        strategy = {label: n for label, n in
                    sampling_counts(smote.sampling_strategy, prepared.counts, "over-sampling").items() if n > 0}
        self.sampling_strategy_ = strategy
        if self.technique == "smote-nc":
            return self._smote_nc(prepared, sampler, strategy)
        if self.technique == "smote-tomek":
            return self._smote_tomek(prepared, sampler, strategy)
        if self.approximate and self.technique == "smote" and self._over_budget(prepared, strategy):
            from ._approximate import partitioned_smote  # noqa: PLC0415

            return with_provenance(prepared.df).unionByName(
                partitioned_smote(prepared, sampler, strategy, self.driver_budget_bytes), allowMissingColumns=True)
        pool = Pool.from_rows(prepared.collect(list(strategy), self.driver_budget_bytes, _what(strategy)),
                              prepared, keep_frame=self.technique == "random-over")
        if self.technique == "random-over":
            plans = random_plans(prepared, sampler, strategy, pool)
        elif self.technique == "smote":
            plans = smote_plans(prepared, sampler, strategy, pool)
        elif self.technique == "borderline-smote":
            plans, self.categories_, pool = borderline_plans(prepared, sampler, strategy, pool)
        else:
            plans, self.difficulty_ = adasyn_plans(prepared, sampler, strategy, pool)
        assign_ids(plans, prepared.max_id + 1)
        synthetic = distributed_rows(prepared.df.sparkSession, prepared, Layout.of(prepared, self.technique),
                                     pool, plans)
        return with_provenance(prepared.df).unionByName(synthetic, allowMissingColumns=True)

    def _sampler(self):
        if self.technique not in SUPPORTED:
            reason = UNSUPPORTED.get(self.technique)
            known = "" if reason or self.technique in {t.id for t in registry.techniques()} else " is not a technique and"
            raise ValueError(
                f"technique {self.technique!r}{known} has no Spark engine"
                + (f" ({reason})" if reason else "")
                + f". The Spark engine supports {', '.join(SUPPORTED)}: they only interpolate within the "
                "classes that grow and ask neighbour questions of those classes' rows, which it answers "
                "exactly without collecting the table."
            )
        sampler = registry.make(self.technique, **self.params)
        if getattr(sampler, "neighbor_scaling", None) is not None:
            raise ValueError(
                f"neighbor_scaling={sampler.neighbor_scaling!r} is not available on the Spark engine: it searches the "
                "columns as they are. Scale the feature columns first (e.g. with pyspark.ml's StandardScaler), or "
                "leave neighbor_scaling=None."
            )
        if self.technique == "smote-tomek":
            sampler.smote_ = clone(sampler.smote) if sampler.smote is not None else SMOTE(
                sampling_strategy=sampler.sampling_strategy, random_state=sampler.random_state)
            if sampler.tomek is not None and sampler.tomek.sampling_strategy != "all":
                raise ValueError("the Spark engine's SMOTE+Tomek removes both ends of every link "
                                 "(tomek=None or TomekLinks(sampling_strategy='all')).")
        return sampler

    def _over_budget(self, prepared: Prepared, strategy: dict) -> bool:
        from ._frame import estimated_bytes  # noqa: PLC0415

        n_rows = sum(prepared.counts[label] for label in strategy)
        return estimated_bytes(n_rows, len(prepared.features) + 2) > self.driver_budget_bytes

    def _check_made_on_driver(self, prepared: Prepared, n_rows: int, why: str) -> None:
        from ._frame import estimated_bytes  # noqa: PLC0415

        need = estimated_bytes(n_rows, len(prepared.features) + 6)
        if need > self.driver_budget_bytes:
            raise ValueError(
                f"{self.technique} makes its {n_rows:,} synthetic rows on the driver ({why}): about "
                f"{need / 2**20:,.0f} MiB, over the driver budget of {self.driver_budget_bytes / 2**20:,.0f} "
                "MiB: ask for fewer rows (sampling_strategy) or raise driver_budget_bytes."
            )

    def _smote_nc(self, prepared: Prepared, sampler, strategy: dict):
        """SMOTE-NC on the collected classes: its neighbours and votes only involve each class's rows."""
        self._check_made_on_driver(prepared, sum(strategy.values()),
                                   "its category vote draws one permutation over all of them")
        rows = prepared.collect(list(strategy), self.driver_budget_bytes, _what(strategy))
        categorical = [name for name in prepared.features if name not in prepared.numeric]
        local = clone(sampler).set_params(
            sampling_strategy={label: prepared.counts[label] + n for label, n in strategy.items()},
            categorical_features=sampler.categorical_features if sampler.categorical_features != "auto"
            else categorical)
        # validated already; _resample (as combined samplers call their parts) also takes one class
        X_res, _ = local._resample(rows[prepared.features], rows[prepared.target].to_numpy())
        provenance = local.provenance_
        pool = Pool.from_rows(rows, prepared)
        frames, first_id = [], prepared.max_id + 1
        for label in strategy:
            part = provenance[provenance["label"] == label]
            block = Synthetic(label, part["parent"].to_numpy(), part["neighbor"].to_numpy(), part["lam"].to_numpy())
            new = X_res.iloc[part["row"].to_numpy()]
            frames.append(Layout.of(prepared, self.technique).frame(
                block, pool, first_id, values=new[prepared.numeric].to_numpy(np.float64),
                categorical=new[categorical]))
            first_id += len(block)
        synthetic = local_frame(prepared.df.sparkSession, prepared, pd.concat(frames, ignore_index=True))
        return with_provenance(prepared.df).unionByName(synthetic, allowMissingColumns=True)

    def _smote_tomek(self, prepared: Prepared, sampler, strategy: dict):
        """SMOTE, then Tomek links among originals and synthetic rows (synthetic rows on the driver)."""
        self._check_made_on_driver(prepared, sum(strategy.values()), "they are searched as Tomek link ends")
        largest = max(prepared.counts, key=prepared.counts.get)
        others = [label for label in prepared.labels if label != largest]
        pool = Pool.from_rows(prepared.collect(others, self.driver_budget_bytes, _what(others)), prepared)
        plans = smote_plans(prepared, sampler.smote_, strategy, pool)
        assign_ids(plans, prepared.max_id + 1)
        rows, values = local_rows(Layout.of(prepared, "smote"), pool, plans)
        if rows is None:  # nothing to grow: the links among the originals alone
            rows = pd.DataFrame({prepared.id_col: np.empty(0, np.int64), prepared.target: []})
        codes = pd.Index(prepared.labels)
        originals = Points(pool.ids, codes.get_indexer(pool.labels).astype(np.int32), pool.values)
        synthetic = Points(rows[prepared.id_col].to_numpy(np.int64),
                           codes.get_indexer(rows[prepared.target]).astype(np.int32), values)
        links = tomek_links(prepared, originals, synthetic, code_of(prepared, largest))
        removed_ids = links["id"].to_numpy()
        self.cleaning_ = pd.DataFrame({
            "id": removed_ids, "label": np.asarray(prepared.labels, dtype=object)[links["code"].to_numpy()],
            "synthetic": removed_ids > prepared.max_id, "removed_by": "tomek-link",
            "partner": links["partner"].to_numpy()})
        spark = prepared.df.sparkSession
        kept = rows[~np.isin(rows[prepared.id_col].to_numpy(), removed_ids)]
        originals_out = with_provenance(prepared.df)
        gone = removed_ids[removed_ids <= prepared.max_id]
        if gone.size:
            from pyspark.sql import functions as F  # noqa: PLC0415

            drop = spark.createDataFrame(pd.DataFrame({prepared.id_col: gone.astype(np.int64)}))
            # the join would put the id column first: select keeps the caller's order
            originals_out = originals_out.join(F.broadcast(drop), prepared.id_col, "left_anti").select(
                *originals_out.columns)
        return originals_out.unionByName(local_frame(spark, prepared, kept), allowMissingColumns=True)


def _what(labels) -> str:
    return f"class{'es' if len(labels) != 1 else ''} {labels_text(labels)}"


def resample(df, target: str, technique: str, features=None, id_col: str | None = None,
             weight_col: str | None = None, **params):
    """Resample a Spark DataFrame: ``SparkResampler(technique, **params).fit_resample(df, target, ...)``.

    Parameters
    ----------
    df : pyspark.sql.DataFrame
    target : str
    technique : str
        One of :data:`SUPPORTED`.
    features : list of str, optional
    id_col : str, optional
    weight_col : str, optional
        Sample weights carried to the synthetic rows (their parent's weight).
    **params
        ``driver_budget_bytes``, ``approximate``, and the in-memory sampler's parameters.

    Returns
    -------
    pyspark.sql.DataFrame
        Originals untouched plus synthetic rows, with ``is_synthetic``, ``parent_id``,
        ``neighbor_id``, ``lam`` and ``technique``.
    """
    return SparkResampler(technique, **params).fit_resample(df, target, features, id_col, weight_col)

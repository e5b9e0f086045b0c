"""The Spark engine carries a weight column as the in-memory samplers carry sample weights."""

import numpy as np
import pandas as pd
import pytest

from smote_core import registry
from smote_core.spark import SparkResampler, resample

from .test_resample import FEATURES, _table

WEIGHTED = [("random-over", {}), ("smote", {"k_neighbors": 4}), ("borderline-smote", {}), ("adasyn", {}),
            ("smote-tomek", {})]


def _weighted_table(n_rows=1200, seed=0):
    frame = _table(n_rows=n_rows, seed=seed)
    frame["w"] = np.random.default_rng(seed).uniform(0.1, 5.0, n_rows).round(3)
    return frame.assign(rid=np.arange(n_rows))


@pytest.mark.parametrize("technique, params", WEIGHTED, ids=[t for t, _ in WEIGHTED])
def test_synthetic_rows_take_their_parents_weight_as_in_memory(spark, technique, params):
    frame = _weighted_table()
    sampler = registry.make(technique, random_state=5, **params)
    _, _, w_memory = sampler.fit_resample(frame[FEATURES], frame["y"], sample_weight=frame["w"])
    out = SparkResampler(technique, random_state=5, **params).fit_resample(
        spark.createDataFrame(frame), "y", features=FEATURES, id_col="rid", weight_col="w").toPandas()
    assert list(out.columns[: frame.shape[1]]) == list(frame.columns)  # the caller's columns, in order
    by_id = frame.set_index("rid")["w"]
    originals = out[~out["is_synthetic"]]
    np.testing.assert_array_equal(originals["w"].to_numpy(), by_id.loc[originals["rid"]].to_numpy())
    synthetic = out[out["is_synthetic"]]
    np.testing.assert_array_equal(synthetic["w"].to_numpy(), by_id.loc[synthetic["parent_id"]].to_numpy())
    # the same weights as in memory, as a multiset (the rows are the same; their order may differ)
    np.testing.assert_array_equal(np.sort(out["w"].to_numpy()), np.sort(np.asarray(w_memory)))


def test_an_integer_weight_column_keeps_its_type(spark):
    frame = _weighted_table(n_rows=300).assign(w=lambda f: (f["w"] * 10).astype(np.int32))
    out = resample(spark.createDataFrame(frame), "y", "smote", id_col="rid", weight_col="w", random_state=0)
    assert dict(out.dtypes)["w"] == "int"
    assert out.filter("w is null").count() == 0


@pytest.mark.parametrize("change, weight_col, match", [
    (None, "y", "weight_col 'y' is the target"),
    (None, "weight", "weight_col 'weight' is not a column"),
    (lambda f: f.assign(w=-f["w"]), "w", r"negative weights \(the smallest -"),
    (lambda f: f.assign(w=f["w"].where(f.index % 50 != 0)), "w", r"has 6 missing \(null or NaN\) or infinite"),
    (lambda f: f.assign(w="heavy"), "w", "is string, not numbers"),
])
def test_bad_weight_columns_are_a_clear_error(spark, change, weight_col, match):
    frame = _weighted_table(n_rows=300)
    table = spark.createDataFrame(change(frame) if change else frame)
    with pytest.raises(ValueError, match=match):
        resample(table, "y", "smote", id_col="rid", weight_col=weight_col)


def test_the_weight_column_cannot_be_a_feature(spark):
    table = spark.createDataFrame(_weighted_table(n_rows=300))
    with pytest.raises(ValueError, match="weight_col 'w' is also a feature"):
        resample(table, "y", "smote", features=FEATURES + ["w"], id_col="rid", weight_col="w")
    # without features named, the weight column is left out of them
    out = resample(table, "y", "smote", id_col="rid", weight_col="w", random_state=0).toPandas()
    frame = _weighted_table(n_rows=300)
    memory = registry.make("smote", random_state=0).fit_resample(frame[FEATURES], frame["y"])[0]
    assert len(out) == len(memory)
    pd.testing.assert_frame_equal(out.loc[:299, FEATURES], frame[FEATURES], check_dtype=False)

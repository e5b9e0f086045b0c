"""The Spark engine gives the in-memory samplers' answers: same rows, provenance, categories, difficulty."""

import numpy as np
import pandas as pd
import pytest

from smote_core import registry
from smote_core.spark import SparkResampler, resample

FEATURES = ["a", "b", "c", "n"]


def _table(n_rows=2400, seed=0, classes=(0.88, 0.12)):
    """Overlapping classes, an integer feature, and exact duplicate rows (ties in distance)."""
    rng = np.random.default_rng(seed)
    y = rng.choice(len(classes), size=n_rows, p=classes)
    X = rng.normal(size=(n_rows, 3)) + 0.9 * y[:, None]
    frame = pd.DataFrame(X, columns=FEATURES[:3])
    frame["n"] = rng.integers(0, 5, size=n_rows)
    frame["y"] = y
    frame.iloc[-40:] = frame.iloc[:40].to_numpy()  # duplicates, of both classes
    frame["y"] = frame["y"].astype(int)
    frame["n"] = frame["n"].astype(int)
    return frame


def _in_memory(technique, frame, features=FEATURES, **params):
    sampler = registry.make(technique, **params)
    X_res, y_res = sampler.fit_resample(frame[features], frame["y"])
    return sampler, X_res, np.asarray(y_res)


def _spark_frame(spark, frame, shuffled=False):
    """The table in Spark with ids ``rid`` = positions, in three shuffled partitions or as created."""
    table = spark.createDataFrame(frame.assign(rid=np.arange(len(frame))))
    return table.repartition(3, "a") if shuffled else table


def _rows(frame, columns):
    values = frame[columns].to_numpy(dtype=float)
    return values[np.lexsort(values.T[::-1])]


def _check_same(frame, sampler, X_res, y_res, out, id_col="rid", features=FEATURES):
    """Same output rows as a multiset; each synthetic row's provenance names the in-memory one's rows.

    Ids are positions (``rid``) or, without removals, the ids of the original rows in order."""
    out = out.sort_values(id_col).reset_index(drop=True)
    ids = np.arange(len(frame)) if id_col == "rid" else np.sort(out.loc[~out["is_synthetic"], id_col].to_numpy())
    memory = X_res.assign(y=y_res)
    spark_rows = out[features + ["y"]]
    if hasattr(sampler, "sample_indices_"):  # cleaned: compare every kept row
        np.testing.assert_array_equal(_rows(spark_rows, features + ["y"]), _rows(memory, features + ["y"]))
    else:
        n = len(frame)
        assert not out["is_synthetic"].iloc[:n].any()
        pd.testing.assert_frame_equal(out.loc[:n - 1, features + ["y"]], frame[features + ["y"]], check_dtype=False)
        np.testing.assert_array_equal(_rows(spark_rows.iloc[n:], features + ["y"]), _rows(memory.iloc[n:], features + ["y"]))
    # provenance: (parent, neighbour, λ, values) match as a multiset once positions become ids
    provenance = sampler.provenance_
    expected = pd.DataFrame({
        "parent": ids[provenance["parent"].to_numpy()],
        "neighbor": np.where(provenance["neighbor"] >= 0, ids[provenance["neighbor"].clip(0)], -1),
        "lam": provenance["lam"].fillna(-1.0).to_numpy(),
    })
    synthetic = out[out["is_synthetic"]]
    got = pd.DataFrame({
        "parent": synthetic["parent_id"].to_numpy(dtype=np.int64),
        "neighbor": synthetic["neighbor_id"].fillna(-1).to_numpy(dtype=np.int64),
        "lam": synthetic["lam"].fillna(-1.0).to_numpy(),
    })
    np.testing.assert_array_equal(_rows(got, ["parent", "neighbor", "lam"]), _rows(expected, ["parent", "neighbor", "lam"]))
    assert (synthetic[id_col] > ids.max()).all() and synthetic[id_col].is_unique


CASES = [
    ("random-over", {}),
    ("smote", {"k_neighbors": 4}),
    ("borderline-smote", {}),
    ("borderline-smote", {"kind": "borderline-2", "k_neighbors": 3}),
    ("adasyn", {}),
    ("smote-tomek", {}),
]


@pytest.mark.parametrize("technique, params", CASES, ids=[f"{t}-{p.get('kind', '')}" for t, p in CASES])
def test_same_rows_and_provenance_as_in_memory(spark, technique, params):
    frame = _table()
    sampler, X_res, y_res = _in_memory(technique, frame, random_state=7, **params)
    resampler = SparkResampler(technique, random_state=7, **params)
    out = resampler.fit_resample(_spark_frame(spark, frame), "y", features=FEATURES, id_col="rid").toPandas()
    _check_same(frame, sampler, X_res, y_res, out)
    assert set(out.loc[out["is_synthetic"], "technique"]) == set(sampler.provenance_["technique"].astype(str))
    if technique == "smote-tomek":
        assert len(resampler.cleaning_) == len(sampler.cleaning_) > 0
        assert resampler.cleaning_["synthetic"].sum() == sampler.cleaning_["synthetic"].sum()


def test_shuffled_partitions_and_a_named_id_column_give_the_same_answer(spark):
    frame = _table(seed=3)
    sampler, X_res, y_res = _in_memory("borderline-smote", frame, random_state=2)
    out = resample(_spark_frame(spark, frame, shuffled=True), "y", "borderline-smote", features=FEATURES,
                   id_col="rid", random_state=2).toPandas()
    _check_same(frame, sampler, X_res, y_res, out)


def test_borderline_categories_and_adasyn_difficulty_match_three_classes(spark):
    frame = _table(n_rows=2000, seed=5, classes=(0.8, 0.12, 0.08))
    table = spark.createDataFrame(frame)  # ids added by the engine
    for technique, attribute in (("borderline-smote", "categories_"), ("adasyn", "difficulty_")):
        sampler, X_res, y_res = _in_memory(technique, frame, random_state=1)
        resampler = SparkResampler(technique, random_state=1)
        out = resampler.fit_resample(table, "y").toPandas()
        ids = np.sort(out.loc[~out["is_synthetic"], "row_id"].to_numpy())
        expected = getattr(sampler, attribute).assign(index=lambda t: ids[t["index"].to_numpy()])
        got = getattr(resampler, attribute)
        pd.testing.assert_frame_equal(got, expected, check_dtype=False)
        _check_same(frame, sampler, X_res, y_res, out, id_col="row_id")


def test_smote_nc_same_rows_with_categories(spark):
    frame = _table(n_rows=1500, seed=4)
    frame["colour"] = np.random.default_rng(4).choice(["red", "green", "blue"], size=len(frame))
    features = FEATURES + ["colour"]
    sampler = registry.make("smote-nc", random_state=3)
    X_res, _ = sampler.fit_resample(frame[features], frame["y"])
    out = resample(spark.createDataFrame(frame), "y", "smote-nc", random_state=3).toPandas()
    synthetic = out[out["is_synthetic"]]
    key = features

    def ordered(table):
        return table[key].sort_values(key).reset_index(drop=True)

    pd.testing.assert_frame_equal(ordered(synthetic), ordered(X_res.iloc[len(frame):]), check_dtype=False)
    assert synthetic["n"].dtype.kind == "i"  # integer column rounded and kept integer


@pytest.mark.parametrize("technique, match", [
    ("smote-enn", "all-pairs"),
    ("svm-smote", "SVM"),
    ("magic", "not a technique"),
])
def test_unsupported_technique_names_the_supported_ones(spark, technique, match):
    table = spark.createDataFrame(_table(n_rows=50))
    with pytest.raises(ValueError, match=match) as error:
        resample(table, "y", technique)
    assert "smote-tomek" in str(error.value) and "borderline-smote" in str(error.value)


def test_clear_errors_for_bad_tables(spark):
    frame = _table(n_rows=60)
    table = spark.createDataFrame(frame)
    with pytest.raises(ValueError, match="target 'label' is not a column"):
        resample(table, "label", "smote")
    with pytest.raises(ValueError, match="only 1 class"):
        resample(spark.createDataFrame(frame[frame["y"] == 0]), "y", "smote")
    with pytest.raises(ValueError, match=r"not numeric.*smote-nc"):
        resample(spark.createDataFrame(frame.assign(colour="red")), "y", "smote")
    with pytest.raises(ValueError, match="over the driver budget"):
        resample(table, "y", "adasyn", driver_budget_bytes=100)
    with pytest.raises(ValueError, match="k_neighbors=20 needs at least 21"):
        resample(table, "y", "smote", k_neighbors=20)
    with pytest.raises(ValueError, match="neighbor_scaling='robust' is not available on the Spark engine"):
        resample(table, "y", "smote", neighbor_scaling="robust")

"""Tables of every common kind in, the same kind out: numpy, pandas (numpy- or Arrow-backed dtypes,
nullable integers, categoricals), polars and pyarrow, with the same numbers from every kind."""

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
import sklearn
from sklearn.base import clone

from smote_core import SMOTE, registry

from .test_registry_common import FAST, IDS, data_kind, dataset


def build(technique_id):
    return registry.make(technique_id, **{**FAST.get(technique_id, {}), "random_state": 0})


def arrow_backed(frame):
    """Every column Arrow-backed; categoricals become Arrow dictionaries."""
    return frame.convert_dtypes(dtype_backend="pyarrow").astype(
        {name: pd.ArrowDtype(pa.dictionary(pa.int8(), pa.string())) for name, dtype in frame.dtypes.items()
         if isinstance(dtype, pd.CategoricalDtype)})


KINDS = {
    "pandas": lambda X: X,
    "nullable pandas": lambda X: X.convert_dtypes(),
    "Arrow-backed pandas": arrow_backed,
    "polars": pl.from_pandas,
    "pyarrow": lambda X: pa.Table.from_pandas(X, preserve_index=False),
}


def as_plain_pandas(X_res) -> pd.DataFrame:
    """Any output as a numpy-backed pandas table with object text, to compare the numbers."""
    table = X_res if isinstance(X_res, pd.DataFrame) else (
        X_res.to_pandas() if isinstance(X_res, (pl.DataFrame, pa.Table)) else pd.DataFrame(X_res))
    return pd.DataFrame({name: (column.astype(float) if pd.api.types.is_numeric_dtype(column.dtype)
                                and not pd.api.types.is_bool_dtype(column.dtype) else column.astype(object))
                         for name, column in table.items()})


def assert_same_kind_names_and_dtypes(X_in, X_res):
    assert type(X_res) is type(X_in)
    if isinstance(X_in, pd.DataFrame):
        pd.testing.assert_series_equal(X_res.dtypes, X_in.dtypes)
    elif isinstance(X_in, pa.Table):
        assert X_res.schema.equals(X_in.schema)  # names and types (pandas' notes in the metadata are not kept)
    else:
        assert X_res.schema == X_in.schema


@pytest.mark.parametrize("technique_id", IDS)
def test_every_kind_gives_the_same_numbers_in_its_own_kind(technique_id):
    X, y = dataset(data_kind(technique_id))
    X_ref, y_ref = build(technique_id).fit_resample(X, y)
    reference = as_plain_pandas(X_ref)
    for kind, convert in KINDS.items():
        X_in = convert(X)
        sampler = build(technique_id)
        X_res, y_res = sampler.fit_resample(X_in, y)
        assert_same_kind_names_and_dtypes(X_in, X_res)
        pd.testing.assert_frame_equal(as_plain_pandas(X_res), reference, check_exact=False, rtol=1e-6,
                                      obj=f"{technique_id} on {kind}")
        pd.testing.assert_series_equal(y_res, y_ref)
        np.testing.assert_array_equal(sampler.feature_names_in_, np.asarray(X.columns, dtype=object))
    if data_kind(technique_id) == "numeric":  # an array of floats: nothing to round
        X_res, _ = build(technique_id).fit_resample(X.to_numpy(), y)
        X_floats, _ = build(technique_id).fit_resample(X.astype(np.float64), y)
        np.testing.assert_array_equal(X_res, X_floats.to_numpy())


@pytest.mark.parametrize("technique_id", ["smote", "smote-nc", "smote-enn", "random-over"])
def test_polars_target_and_weights_come_back_as_polars_series(technique_id):
    X, y = dataset(data_kind(technique_id))
    w = pl.Series("w", np.linspace(1, 3, len(y)))
    y_polars = pl.Series("target", y.to_numpy(), dtype=pl.Categorical)
    X_res, y_res, w_res = build(technique_id).fit_resample(pl.from_pandas(X), y_polars, sample_weight=w)
    assert isinstance(y_res, pl.Series) and y_res.name == "target" and y_res.dtype == pl.Categorical
    assert isinstance(w_res, pl.Series) and w_res.name == "w" and w_res.dtype == pl.Float64
    assert len(y_res) == len(w_res) == X_res.height
    _, y_pandas, w_pandas = build(technique_id).fit_resample(X, y, sample_weight=w.to_numpy())
    assert y_res.cast(pl.String).to_list() == y_pandas.tolist()
    np.testing.assert_array_equal(w_res.to_numpy(), w_pandas)


def test_polars_integer_columns_with_nulls_are_copied_with_their_rows():
    X = pl.DataFrame({"n": pl.Series([1, None, 3, 4, 5], dtype=pl.Int16), "s": ["a", "b", None, "d", "e"]})
    X_res, _ = registry.make("random-over", random_state=0).fit_resample(X, [0, 0, 0, 1, 1])
    assert X_res.schema == X.schema and X_res.height == 6
    assert X_res.slice(0, 5).equals(X)


def test_set_output_chooses_the_kind_of_X():
    X, y = dataset("numeric")
    values = X.to_numpy()
    as_pandas, _ = SMOTE(random_state=0).set_output(transform="pandas").fit_resample(values, y)
    assert isinstance(as_pandas, pd.DataFrame) and list(as_pandas.columns) == ["x0", "x1", "x2"]
    np.testing.assert_array_equal(as_pandas.to_numpy(), SMOTE(random_state=0).fit_resample(values, y)[0])
    as_polars, _ = SMOTE(random_state=0).set_output(transform="polars").fit_resample(X, y)
    assert isinstance(as_polars, pl.DataFrame) and as_polars.columns == list(X.columns)
    pd.testing.assert_frame_equal(as_polars.to_pandas(), SMOTE(random_state=0).fit_resample(X, y)[0])
    configured = SMOTE(random_state=0).set_output(transform="polars")
    assert isinstance(clone(configured).fit_resample(values, y)[0], pl.DataFrame)  # clone keeps it
    with sklearn.config_context(transform_output="pandas"):  # the global setting applies without a call
        assert isinstance(SMOTE(random_state=0).fit_resample(values, y)[0], pd.DataFrame)
        assert isinstance(SMOTE(random_state=0).set_output(transform="default").fit_resample(values, y)[0],
                          np.ndarray)
    with pytest.raises(ValueError, match=r"set_output\(transform='arrow'\): use one of"):
        SMOTE().set_output(transform="arrow")


@pytest.mark.parametrize("technique_id", ["smote-nc", "random-over", "gaussian-copula"])
def test_polars_enum_categorical_and_small_integer_columns_keep_their_dtypes(technique_id):
    rng = np.random.RandomState(0)
    n_rows = 60
    X = pl.DataFrame({"a": rng.normal(size=n_rows), "u": pl.Series(rng.randint(0, 9, n_rows), dtype=pl.UInt8),
                      "e": pl.Series(rng.choice(["lo", "hi"], n_rows), dtype=pl.Enum(["lo", "hi"])),
                      "c": pl.Series(rng.choice(["x", "y", "z"], n_rows), dtype=pl.Categorical)})
    X_res, _ = build(technique_id).fit_resample(X, np.r_[[0] * 40, [1] * 20])
    assert X_res.schema == X.schema and X_res.height == 80
    assert X_res.slice(0, n_rows).equals(X)
    assert set(X_res["e"].to_list()) <= {"lo", "hi"} and set(X_res["c"].to_list()) <= {"x", "y", "z"}

"""Checks every technique in the registry must pass: scikit-learn conventions, reproducibility, pandas
types, use inside an imbalanced-learn Pipeline, and clear errors for bad input."""

import numpy as np
import pandas as pd
import pytest
from imblearn.pipeline import Pipeline
from sklearn.base import clone
from sklearn.compose import make_column_selector, make_column_transformer
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from smote_core import registry
from smote_core._base import PROVENANCE_COLUMNS

IDS = [technique.id for technique in registry.techniques()]
# small and fast settings; everything else stays at its default
FAST = {
    "smote-nc": {"categorical_features": "auto"},
    "ctgan": {"steps": 2, "batch_size": 20},
    "tvae": {"steps": 2, "batch_size": 20},
}
NEIGHBOUR_PARAMS = ("k_neighbors", "n_neighbors")


def data_kind(technique_id):
    family = registry.get(technique_id).family
    if technique_id == "smoten":
        return "categorical"
    return "mixed" if family in ("categorical", "generative") else "numeric"


def dataset(kind, n_classes=2, seed=0):
    """A DataFrame of the kind a technique takes, with overlapping classes, and a named Series target."""
    weights = [0.7, 0.3] if n_classes == 2 else [0.6, 0.25, 0.15]
    X, y = make_classification(n_samples=120, n_features=3, n_informative=2, n_redundant=0,
                               n_clusters_per_class=1, n_classes=n_classes, weights=weights,
                               class_sep=0.8, flip_y=0.05, random_state=seed)
    rng = np.random.RandomState(seed)
    numeric = pd.DataFrame({"x0": X[:, 0], "x1": X[:, 1].astype(np.float32),
                            "count": np.rint(np.abs(X[:, 2]) * 10).astype(np.int64)})
    labels = np.array(["a", "b", "c", "d", "e"])
    categorical = pd.DataFrame({
        "colour": pd.Categorical(labels[(y + rng.randint(0, 2, len(y))) % 3]),
        "city": labels[rng.randint(0, 4, len(y))].astype(object),
        "member": rng.rand(len(y)) < 0.4 + 0.2 * y,
    })
    frame = {"numeric": numeric,
             "mixed": pd.concat([numeric, categorical], axis=1),
             "categorical": categorical.assign(grade=pd.array(labels[rng.randint(0, 3, len(y))], dtype="string"))}[kind]
    return frame, pd.Series(np.array(["neg", "pos", "mid"])[y], name="target")


def build(technique_id, **params):
    return registry.make(technique_id, **{**FAST.get(technique_id, {}), **params})


def originals_kept(sampler, n_rows):
    indices = getattr(sampler, "sample_indices_", None)
    return np.arange(n_rows) if indices is None else indices[indices < n_rows]


# --- scikit-learn conventions -----------------------------------------------------------------

@pytest.mark.parametrize("technique_id", IDS)
def test_clone_and_params(technique_id):
    sampler = build(technique_id, random_state=0)
    copy = clone(sampler)
    assert copy is not sampler
    assert copy.get_params().keys() == sampler.get_params().keys()
    assert copy.get_params()["random_state"] == 0
    assert copy.set_params(random_state=3).random_state == 3
    assert type(sampler).__name__ in repr(sampler)


@pytest.mark.parametrize("technique_id", IDS)
def test_same_seed_same_output(technique_id):
    X, y = dataset(data_kind(technique_id), seed=1)
    first = build(technique_id, random_state=11)
    X_a, y_a = first.fit_resample(X, y)
    X_b, y_b = clone(first).fit_resample(X, y)
    pd.testing.assert_frame_equal(X_a, X_b)
    pd.testing.assert_series_equal(y_a, y_b)


@pytest.mark.parametrize("technique_id", IDS)
def test_y_comes_back_in_its_own_type_and_the_features_are_recorded(technique_id):
    X, y = dataset(data_kind(technique_id))
    sampler = build(technique_id, random_state=0)
    _, y_series = sampler.fit_resample(X, y)
    assert isinstance(y_series, pd.Series) and y_series.name == "target"
    assert sampler.n_features_in_ == X.shape[1]
    np.testing.assert_array_equal(sampler.feature_names_in_, np.asarray(X.columns, dtype=object))
    np.testing.assert_array_equal(sampler.get_feature_names_out(), sampler.feature_names_in_)
    _, y_list = clone(sampler).fit_resample(X, y.tolist())
    assert isinstance(y_list, list) and y_list == y_series.tolist()
    _, y_array = clone(sampler).fit_resample(X, y.to_numpy())
    assert isinstance(y_array, np.ndarray) and y_array.tolist() == y_list
    _, y_frame = clone(sampler).fit_resample(X, y.to_frame())
    assert isinstance(y_frame, pd.DataFrame) and list(y_frame.columns) == ["target"]
    if data_kind(technique_id) == "numeric":  # an array has no column names to record
        fitted = clone(sampler)
        fitted.fit_resample(X.to_numpy(), y)
        assert fitted.n_features_in_ == X.shape[1] and not hasattr(fitted, "feature_names_in_")


@pytest.mark.parametrize("technique_id", IDS)
@pytest.mark.parametrize("target, problem", [
    (np.linspace(0, 1, 120), "y looks continuous"),
    (np.zeros((120, 2), dtype=int), "multi-output"),
])
def test_a_target_that_is_not_one_label_per_row_is_refused(technique_id, target, problem):
    X, _ = dataset(data_kind(technique_id))
    with pytest.raises(ValueError, match=problem):
        build(technique_id).fit_resample(X, target)


@pytest.mark.parametrize("n_classes", [2, 3])
@pytest.mark.parametrize("technique_id", IDS)
def test_pandas_in_pandas_out(technique_id, n_classes):
    X, y = dataset(data_kind(technique_id), n_classes=n_classes)
    sampler = build(technique_id, random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    assert isinstance(X_res, pd.DataFrame) and isinstance(y_res, pd.Series)
    assert list(X_res.columns) == list(X.columns)
    pd.testing.assert_series_equal(X_res.dtypes, X.dtypes)
    assert y_res.name == "target" and y_res.dtype == y.dtype and len(y_res) == len(X_res)
    kept = originals_kept(sampler, len(X))
    pd.testing.assert_frame_equal(X_res.iloc[: len(kept)], X.iloc[kept].reset_index(drop=True))
    prov = sampler.provenance_
    assert tuple(prov.columns) == PROVENANCE_COLUMNS
    np.testing.assert_array_equal(prov["row"], np.arange(len(kept), len(X_res)))
    np.testing.assert_array_equal(y_res.to_numpy()[prov["row"]], prov["label"].to_numpy())
    if not hasattr(sampler, "sample_indices_"):
        grown = y.value_counts() + pd.Series(sampler.sampling_strategy_)
        pd.testing.assert_series_equal(y_res.value_counts().sort_index(), grown.fillna(y.value_counts()).astype(int).sort_index(),
                                       check_names=False)
    for attribute in registry.get(technique_id).diagnostics:
        assert hasattr(sampler, attribute), f"registry lists {attribute} but {technique_id} does not set it"


@pytest.mark.parametrize("technique_id", [i for i in IDS if data_kind(i) != "mixed"])
def test_numpy_in_numpy_out(technique_id):
    X, y = dataset(data_kind(technique_id))
    values = X.to_numpy(dtype=float if data_kind(technique_id) == "numeric" else object)
    X_res, y_res = build(technique_id, random_state=0).fit_resample(values, y.to_numpy())
    assert isinstance(X_res, np.ndarray) and X_res.dtype == values.dtype
    assert isinstance(y_res, np.ndarray) and len(y_res) == len(X_res)


@pytest.mark.parametrize("technique_id", IDS)
def test_works_as_a_pipeline_step(technique_id):
    X, y = dataset(data_kind(technique_id), n_classes=3)
    encode = make_column_transformer(
        (StandardScaler(), make_column_selector(dtype_include="number")),
        (OneHotEncoder(handle_unknown="ignore"), make_column_selector(dtype_exclude="number")),
    )
    model = Pipeline([("resample", build(technique_id, random_state=0)), ("encode", encode),
                      ("model", LogisticRegression(max_iter=500))])
    model.fit(X, y)
    predicted = model.predict(X)
    assert len(predicted) == len(X) and set(predicted) <= set(y)


# --- bad input --------------------------------------------------------------------------------

def _empty(X, y):
    return X.iloc[:0], y.iloc[:0]


def _one_class(X, y):
    return X, pd.Series(["neg"] * len(y), name="target")


def _nan(X, y):
    X = X.copy()
    X.iloc[0, 0] = np.nan
    return X, y


def _mismatched(X, y):
    return X, y.iloc[:-1]


BAD_DATA = {"empty X": (_empty, "empty"), "one class": (_one_class, "at least two classes"),
            "NaN": (_nan, "missing|NaN"), "mismatched lengths": (_mismatched, "rows but y has")}


@pytest.mark.parametrize("case", sorted(BAD_DATA))
@pytest.mark.parametrize("technique_id", IDS)
def test_bad_data_is_a_clear_error(technique_id, case):
    if (technique_id, case) == ("random-over", "NaN"):
        # copying rows needs no numbers: missing values are copied with their rows, as imbalanced-learn
        # does (tests/over_sampling/test_random.py checks that no row is lost)
        case = "empty X"
    spoil, match = BAD_DATA[case]
    X, y = spoil(*dataset(data_kind(technique_id)))
    with pytest.raises(ValueError, match=match):
        build(technique_id, random_state=0).fit_resample(X, y)


@pytest.mark.parametrize("technique_id", IDS)
def test_unknown_strategy_is_a_clear_error(technique_id):
    X, y = dataset(data_kind(technique_id))
    with pytest.raises(ValueError, match="sampling_strategy='balance' is not known"):
        build(technique_id, sampling_strategy="balance").fit_resample(X, y)


def _minority_only(X, y, n_rows):
    keep = np.r_[np.flatnonzero(y == "neg"), np.flatnonzero(y == "pos")[:n_rows]]
    return X.iloc[keep].reset_index(drop=True), y.iloc[keep].reset_index(drop=True)


def _needs_neighbours(technique_id):
    if technique_id == "prowsyn":  # its neighbours are searched from the other classes, at most the class's rows
        return False               # (tests/over_sampling/test_prowsyn.py); a single row has no partner
    return technique_id in ("smote-tomek", "smote-enn", "smote-ipf") or any(
        name in build(technique_id).get_params() for name in NEIGHBOUR_PARAMS)


@pytest.mark.parametrize("technique_id", [i for i in IDS if i != "random-over"])
def test_class_too_small_is_a_clear_error(technique_id):
    """Three rows against the default five neighbours; a single row for the models."""
    X, y = _minority_only(*dataset(data_kind(technique_id)), 3 if _needs_neighbours(technique_id) else 1)
    with pytest.raises(ValueError, match="class 'pos' has"):
        build(technique_id, random_state=0).fit_resample(X, y)


def test_random_over_sampling_copies_even_a_single_row():
    X, y = _minority_only(*dataset("numeric"), 1)
    X_res, y_res = build("random-over", random_state=0).fit_resample(X, y)
    assert (X_res[y_res == "pos"] == X[y == "pos"].iloc[0]).all().all()


def test_categorical_features_naming_a_missing_column():
    X, y = dataset("mixed")
    with pytest.raises(ValueError, match=r"names column\(s\) \['postcode'\] that X does not have"):
        registry.make("smote-nc", categorical_features=["colour", "postcode"]).fit_resample(X, y)


def test_smoten_given_numeric_columns_says_they_become_categories():
    X, y = dataset("mixed")
    with pytest.warns(UserWarning, match=r"\['x0', 'x1', 'count'\] are numeric.*use SMOTENC"):
        registry.make("smoten").fit_resample(X, y)


# --- the registry itself ----------------------------------------------------------------------

def test_ids_are_the_contracts():
    assert IDS == ["random-over", "smote", "borderline-smote", "adasyn", "svm-smote", "smote-tomek",
                   "smote-enn", "polynom-fit-smote", "prowsyn", "smote-ipf", "g-smote", "smote-nc", "smoten",
                   "ctgan", "tvae", "gaussian-copula"]
    for technique in registry.techniques():
        assert technique.family in {"baseline", "interpolation", "boundary", "hybrid", "categorical", "generative"}
        assert technique.sampler_class._technique == technique.id
        assert technique.description.endswith(".")


def test_make_rejects_unknown_ids_and_parameters():
    with pytest.raises(ValueError, match="unknown technique 'smote-x'.*smote-enn"):
        registry.make("smote-x")
    with pytest.raises(ValueError, match=r"no parameter\(s\) \['k'\]"):
        registry.make("smote", k=3)


@pytest.mark.parametrize("module", ["smote_core.combine", "smote_core.over_sampling", "smote_core.cleaning",
                                    "smote_core.combine._smote_enn", "smote_core.over_sampling._smote_ipf"])
def test_every_package_imports_first_in_a_fresh_interpreter(module):
    """SMOTE-IPF and the combined samplers import each other's packages: any import order must work."""
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr

"""SMOTE: the article's worked examples, the provenance contract, and identity with imbalanced-learn."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from imblearn.over_sampling import SMOTE as ImblearnSMOTE
from sklearn.datasets import make_classification
from sklearn.neighbors import NearestNeighbors

from smote_core import SMOTE
from smote_core._base import Synthetic
from smote_core.datasets import FRAUD_FOCUS, FRAUD_NEIGHBORS, fraud_example, loan_example

FEATURES = ["transaction_amount", "time_of_day"]


# --- the article's worked numbers -------------------------------------------------------------

def test_fraud_example_neighbours_are_the_articles():
    frame = fraud_example()
    sampler = SMOTE(k_neighbors=3, random_state=0)
    sampler.fit_resample(frame[FEATURES], frame["class"])
    focus = int(np.flatnonzero((frame[FEATURES].to_numpy() == FRAUD_FOCUS).all(axis=1))[0])
    neighbours = frame[FEATURES].to_numpy()[sampler.neighbors_["fraud"][focus == np.flatnonzero(frame["class"] == "fraud")][0]]
    assert [tuple(row) for row in neighbours] == list(FRAUD_NEIGHBORS)


def test_fraud_example_interpolation_with_lambda_point_four():
    X = np.array([FRAUD_FOCUS, FRAUD_NEIGHBORS[0]])
    out = np.empty((1, 2))
    Synthetic("fraud", np.array([0]), np.array([1]), np.array([0.4])).write(X, out)
    assert out.tolist() == [[136.0, 260.0]]


def test_loan_example_interpolation_with_lambda_point_six():
    frame = loan_example()
    X = frame[["income", "loan_amount", "age"]].to_numpy(dtype=float)
    out = np.empty((1, 3))
    Synthetic("yes", np.array([0]), np.array([1]), np.array([0.6])).write(X, out)
    assert out.tolist() == [[33_000.0, 18_000.0, 28.0]]


def test_every_synthetic_fraud_row_lies_between_two_real_fraud_rows():
    frame = fraud_example()
    X = frame[FEATURES]
    sampler = SMOTE(k_neighbors=3, random_state=1)
    X_res, y_res = sampler.fit_resample(X, frame["class"])
    prov = sampler.provenance_
    values = X.to_numpy()
    assert (frame["class"].to_numpy()[prov["parent"]] == "fraud").all()
    assert (frame["class"].to_numpy()[prov["neighbor"]] == "fraud").all()
    expected = values[prov["parent"]] + prov["lam"].to_numpy()[:, None] * (
        values[prov["neighbor"]] - values[prov["parent"]]
    )
    np.testing.assert_allclose(X_res.to_numpy(dtype=float)[prov["row"]], expected)
    assert (y_res.value_counts() == (frame["class"] == "legit").sum()).all()


# --- properties -------------------------------------------------------------------------------

@st.composite
def labelled_data(draw):
    n_classes = draw(st.integers(2, 3))
    sizes = draw(st.lists(st.integers(4, 25), min_size=n_classes, max_size=n_classes))
    n_features = draw(st.integers(1, 4))
    n = sum(sizes)
    # values on a coarse grid so that ties and duplicated rows occur
    grid = draw(st.lists(st.integers(-5, 5), min_size=n * n_features, max_size=n * n_features))
    X = np.array(grid, dtype=float).reshape(n, n_features)
    y = np.repeat(np.array(["a", "b", "c"][:n_classes]), sizes)
    k = draw(st.integers(1, min(sizes) - 1))
    seed = draw(st.integers(0, 2**31 - 1))
    return X, y, k, seed


def _kth_distance_within_class(X, y, parent, k):
    same = np.flatnonzero(y == y[parent])
    others = same[same != parent]
    distances = np.sort(np.linalg.norm(X[others] - X[parent], axis=1))
    return distances[k - 1]


@given(labelled_data())
def test_provenance_and_counts_hold_for_any_data(data):
    X, y, k, seed = data
    sampler = SMOTE(k_neighbors=k, random_state=seed)
    X_res, y_res = sampler.fit_resample(X, y)
    prov = sampler.provenance_

    np.testing.assert_array_equal(X_res[: len(X)], X)  # originals first, untouched
    np.testing.assert_array_equal(y_res[: len(y)], y)
    labels, counts = np.unique(y, return_counts=True)
    for label, count in zip(labels, counts):  # every class raised to the majority's size
        assert (y_res == label).sum() == counts.max()
        assert sampler.sampling_strategy_.get(label, 0) == counts.max() - count
    assert len(prov) == len(X_res) - len(X)
    assert prov["row"].tolist() == list(range(len(X), len(X_res)))

    lam = prov["lam"].to_numpy()
    assert ((lam >= 0) & (lam < 1)).all()
    parent, neighbor = prov["parent"].to_numpy(), prov["neighbor"].to_numpy()
    assert (parent != neighbor).all()
    assert (y[parent] == prov["label"].to_numpy()).all() and (y[neighbor] == y[parent]).all()
    np.testing.assert_allclose(X_res[prov["row"]], X[parent] + lam[:, None] * (X[neighbor] - X[parent]))
    for p, q in zip(parent, neighbor):  # the neighbour is one of the parent's k nearest
        assert np.linalg.norm(X[q] - X[p]) <= _kth_distance_within_class(X, y, p, k) + 1e-12

    again = SMOTE(k_neighbors=k, random_state=seed).fit_resample(X, y)
    np.testing.assert_array_equal(again[0], X_res)
    np.testing.assert_array_equal(again[1], y_res)


@given(labelled_data(), st.sampled_from(["minority", "not majority", "not minority", "all"]))
def test_counts_follow_every_string_strategy(data, strategy):
    from imblearn.utils import check_sampling_strategy

    X, y, k, seed = data
    sampler = SMOTE(sampling_strategy=strategy, k_neighbors=k, random_state=seed)
    X_res, y_res = sampler.fit_resample(X, y)
    assert sampler.sampling_strategy_ == dict(check_sampling_strategy(strategy, y, "over-sampling"))
    for label, n_new in sampler.sampling_strategy_.items():
        assert (y_res == label).sum() == (y == label).sum() + n_new


# --- identity with imbalanced-learn -----------------------------------------------------------

DATASETS = [
    dict(n_samples=400, n_features=4, n_informative=3, n_redundant=0, weights=[0.9, 0.1], random_state=0),
    dict(n_samples=1500, n_features=12, n_informative=6, weights=[0.95, 0.05], random_state=1),
    dict(n_samples=900, n_features=6, n_informative=4, n_classes=3, weights=[0.6, 0.3, 0.1], random_state=2),
    dict(n_samples=1200, n_features=30, n_informative=10, n_classes=4, weights=[0.5, 0.25, 0.15, 0.1],
         random_state=3),
]


@pytest.mark.parametrize("params", DATASETS)
@pytest.mark.parametrize("strategy", ["auto", "all", "minority"])
@pytest.mark.parametrize("seed", [0, 42])
def test_identical_to_imblearn_given_the_same_neighbours(params, strategy, seed):
    X, y = make_classification(**params)
    ours = SMOTE(sampling_strategy=strategy, random_state=seed, k_neighbors=NearestNeighbors(n_neighbors=6))
    theirs = ImblearnSMOTE(sampling_strategy=strategy, random_state=seed, k_neighbors=NearestNeighbors(n_neighbors=6))
    X_ours, y_ours = ours.fit_resample(X, y)
    X_theirs, y_theirs = theirs.fit_resample(X, y)
    np.testing.assert_array_equal(X_ours, X_theirs)
    np.testing.assert_array_equal(y_ours, y_theirs)


@pytest.mark.parametrize("params", DATASETS)
def test_default_search_finds_imblearns_neighbours(params):
    X, y = make_classification(**params)
    ours = SMOTE(random_state=0)
    ours.fit_resample(X, y)
    for label, neighbours in ours.neighbors_.items():
        class_index = np.flatnonzero(y == label)
        reference = NearestNeighbors(n_neighbors=6).fit(X[class_index])
        expected = class_index[reference.kneighbors(X[class_index], return_distance=False)[:, 1:]]
        np.testing.assert_array_equal(np.sort(neighbours, axis=1), np.sort(expected, axis=1))


def test_default_search_output_identical_to_imblearn_default():
    X, y = make_classification(**DATASETS[2])
    np.testing.assert_array_equal(
        SMOTE(random_state=5).fit_resample(X, y)[0], ImblearnSMOTE(random_state=5).fit_resample(X, y)[0]
    )


def test_duplicates_never_make_a_point_its_own_neighbour():
    X = np.array([[0.0, 0.0]] * 4 + [[1.0, 1.0]] * 3 + [[5.0, 5.0]] * 20)
    y = np.array([1] * 7 + [0] * 20)
    sampler = SMOTE(k_neighbors=3, random_state=0)
    sampler.fit_resample(X, y)
    table = sampler.neighbors_[1]
    assert not (table == np.flatnonzero(y == 1)[:, None]).any()
    assert (sampler.provenance_["parent"] != sampler.provenance_["neighbor"]).all()


# --- pandas -----------------------------------------------------------------------------------

def test_pandas_in_pandas_out_with_names_and_rounded_integers():
    frame = loan_example()
    X, y = frame[["income", "loan_amount", "age"]], frame["default"]
    sampler = SMOTE(k_neighbors=3, random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    assert isinstance(X_res, pd.DataFrame) and isinstance(y_res, pd.Series)
    assert list(X_res.columns) == list(X.columns) and (X_res.dtypes == X.dtypes).all()
    assert y_res.name == "default"
    pd.testing.assert_frame_equal(X_res.iloc[: len(X)], X)
    prov = sampler.provenance_
    values = X.to_numpy(dtype=float)
    exact = values[prov["parent"]] + prov["lam"].to_numpy()[:, None] * (values[prov["neighbor"]] - values[prov["parent"]])
    np.testing.assert_array_equal(X_res.to_numpy()[prov["row"]], np.rint(exact).astype(int))


def test_numpy_integer_input_is_rounded_not_truncated():
    X = np.array([[0], [1], [10], [11], [12], [13], [14], [15]])
    y = np.array([1, 1, 0, 0, 0, 0, 0, 0])
    sampler = SMOTE(k_neighbors=1, random_state=0)
    X_res, _ = sampler.fit_resample(X, y)
    lam = sampler.provenance_["lam"].to_numpy()
    parent = sampler.provenance_["parent"].to_numpy()
    exact = X[parent, 0] + lam * (X[1 - parent, 0] - X[parent, 0])
    assert X_res.dtype == X.dtype
    np.testing.assert_array_equal(X_res[len(X):, 0], np.rint(exact))


@pytest.mark.parametrize("labels", [(0, 1), (False, True), (0.0, 1.0), ("no", "yes")])
def test_provenance_label_categories_keep_the_labels_own_type(labels):
    # the categorical dtypes are cached; 1, 1.0 and True hash alike but must not share a cache entry
    X = np.arange(20, dtype=float).reshape(10, 2)
    y = np.array([labels[0]] * 7 + [labels[1]] * 3, dtype=object if isinstance(labels[0], str) else None)
    sampler = SMOTE(k_neighbors=2, random_state=0)
    sampler.fit_resample(X, y)
    categories = sampler.provenance_["label"].cat.categories
    assert list(categories) == [labels[1]]
    assert categories.dtype == pd.Index([labels[1]]).dtype


def test_provenance_is_absent_before_fit_and_built_once_after():
    import pickle

    from sklearn.utils.validation import check_is_fitted

    X, y = make_classification(n_samples=200, weights=[0.9], random_state=0)
    sampler = SMOTE(random_state=0)
    assert not hasattr(sampler, "provenance_")
    sampler.fit_resample(X, y)
    check_is_fitted(sampler)
    restored = pickle.loads(pickle.dumps(sampler))  # pickled before the table exists
    table = sampler.provenance_
    assert sampler.provenance_ is table  # built on the first read, then kept
    pd.testing.assert_frame_equal(restored.provenance_, table)
    assert len(table) == (y == 0).sum() - (y == 1).sum()


def test_a_bad_parent_or_neighbour_position_fails_loudly():
    X = np.arange(12, dtype=float).reshape(6, 2)
    out = np.empty((1, 2))
    for parent, neighbor in ((6, 0), (0, -7)):
        block = Synthetic(1, np.array([parent]), np.array([neighbor]), np.array([0.5]))
        with pytest.raises(IndexError):
            block.write(X, out)

"""TomekLinks: identity with imbalanced-learn, the rule checked independently, kept rows untouched."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from imblearn.under_sampling import TomekLinks as ImblearnTomekLinks

from smote_core import TomekLinks
from smote_core.cleaning import _tomek as tomek_module
from smote_core.cleaning import tomek_links

from .datasets import DATASETS, ROUTES, force_route, make



def brute_force_links(X, y, classes):
    """Tomek links from the full distance matrix (continuous data: no ties)."""
    distances = ((X[:, None, :] - X[None, :, :]) ** 2).sum(axis=-1)
    np.fill_diagonal(distances, np.inf)
    nearest = distances.argmin(axis=1)
    return np.array([
        y[i] in classes and y[nearest[i]] != y[i] and nearest[nearest[i]] == i for i in range(len(y))
    ])


@pytest.mark.parametrize("name", sorted(DATASETS))
@pytest.mark.parametrize("strategy", ["auto", "all", "majority", "not majority"])
def test_identical_to_imblearn(name, strategy):
    X, y = make(name)
    ours = TomekLinks(sampling_strategy=strategy)
    X_res, y_res = ours.fit_resample(X, y)
    theirs = ImblearnTomekLinks(sampling_strategy=strategy)
    X_ref, y_ref = theirs.fit_resample(X, y)
    np.testing.assert_array_equal(ours.sample_indices_, theirs.sample_indices_)
    np.testing.assert_array_equal(X_res, X_ref)
    np.testing.assert_array_equal(y_res, y_ref)


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_removes_exactly_the_links_of_the_cleaned_classes(name):
    X, y = make(name)
    classes = np.unique(y)[1:]
    sampler = TomekLinks(sampling_strategy=list(classes))
    sampler.fit_resample(X, y)
    expected = brute_force_links(X, y, set(classes.tolist()))
    assert expected.any()
    np.testing.assert_array_equal(sampler.removed_["position"], np.flatnonzero(expected))
    np.testing.assert_array_equal(sampler.sample_indices_, np.flatnonzero(~expected))
    np.testing.assert_array_equal(tomek_links(X, y, classes), expected)


def test_removed_records_partner_of_another_class():
    X, y = make("three-class")
    sampler = TomekLinks(sampling_strategy="all")
    sampler.fit_resample(X, y)
    removed = sampler.removed_
    assert list(removed.columns) == ["position", "label", "partner"]
    assert (y[removed["partner"]] != removed["label"].to_numpy()).all()
    # with every class cleaned, both ends of every link go
    assert set(removed["partner"]) == set(removed["position"])


def test_pure_function_defaults_to_all_classes():
    X, y = make("binary")
    np.testing.assert_array_equal(tomek_links(X, y), brute_force_links(X, y, {0, 1}))


@st.composite
def grid_data(draw):
    n = draw(st.integers(6, 40))
    n_features = draw(st.integers(1, 3))
    X = np.array(draw(st.lists(st.integers(-4, 4), min_size=n * n_features, max_size=n * n_features)),
                 dtype=float).reshape(n, n_features)
    y = np.array(draw(st.lists(st.sampled_from(["a", "b", "c"]), min_size=n, max_size=n)))
    if np.unique(y).size < 2:
        y[0], y[1] = "a", "b"
    return X, y


@given(grid_data())
def test_never_drops_a_row_outside_a_link_and_keeps_rows_bit_identical(data):
    X, y = data
    sampler = TomekLinks(sampling_strategy="all")
    X_res, y_res = sampler.fit_resample(X, y)
    kept = sampler.sample_indices_
    assert (np.diff(kept) > 0).all()
    assert X_res.tobytes() == X[kept].tobytes()
    np.testing.assert_array_equal(y_res, y[kept])
    distances = np.sqrt(((X[:, None, :] - X[None, :, :]) ** 2).sum(axis=-1))
    np.fill_diagonal(distances, np.inf)
    nearest_distance = distances.min(axis=1)
    for i, j in zip(sampler.removed_["position"], sampler.removed_["partner"]):
        # a link under any tie-breaking: each is at the other's nearest distance, classes differ
        assert y[i] != y[j]
        assert distances[i, j] == nearest_distance[i] == nearest_distance[j]
    assert len(kept) + len(sampler.removed_) == len(y)


@pytest.mark.parametrize("route", ROUTES)
@given(data=grid_data())
def test_links_exact_with_ties_and_duplicates_on_every_search_route(route, data):
    # every route equals the brute force, ties broken by position (argmin)
    X, y = data
    with pytest.MonkeyPatch.context() as patch:
        force_route(patch, route, tomek_module)
        np.testing.assert_array_equal(tomek_links(X, y), brute_force_links(X, y, set(y.tolist())))


def test_dataframe_in_dataframe_out_with_dtypes():
    X, y = make("binary")
    frame = pd.DataFrame({"a": X[:, 0], "b": np.round(X[:, 1] * 100).astype(np.int64),
                          "c": X[:, 2].astype(np.float32)})
    target = pd.Series(np.where(y == 1, "yes", "no"), name="target")
    X_res, y_res = TomekLinks().fit_resample(frame, target)
    assert (X_res.dtypes == frame.dtypes).all()
    assert y_res.name == "target"
    kept = TomekLinks().fit(frame, target).sample_indices_
    pd.testing.assert_frame_equal(X_res, frame.iloc[kept].reset_index(drop=True))


def test_bad_strategy_is_a_clear_error():
    X, y = make("binary")
    with pytest.raises(ValueError, match="class sizes"):
        TomekLinks(sampling_strategy={0: 10}).fit_resample(X, y)
    with pytest.raises(ValueError, match="not in y"):
        TomekLinks(sampling_strategy=[7]).fit_resample(X, y)

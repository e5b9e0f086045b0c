"""EditedNearestNeighbours: identity with imbalanced-learn, the rule checked independently."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from imblearn.under_sampling import EditedNearestNeighbours as ImblearnENN
from sklearn.neighbors import NearestNeighbors

from smote_core import EditedNearestNeighbours
from smote_core.cleaning import _enn as enn_module

from .datasets import DATASETS, ROUTES, force_route, make



def brute_force_removed(X, y, classes, k, kind):
    distances = ((X[:, None, :] - X[None, :, :]) ** 2).sum(axis=-1)
    np.fill_diagonal(distances, np.inf)
    neighbours = np.argsort(distances, axis=1, kind="stable")[:, :k]
    removed = []
    for i in range(len(y)):
        labels = list(y[neighbours[i]])
        if kind == "all":
            keep = all(label == y[i] for label in labels)
        else:
            counts = {label: labels.count(label) for label in labels}
            best = max(counts.values())
            keep = min(label for label, count in counts.items() if count == best) == y[i]
        removed.append(y[i] in classes and not keep)
    return np.array(removed)


@pytest.mark.parametrize("name", sorted(DATASETS))
@pytest.mark.parametrize("strategy", ["auto", "all", "majority"])
@pytest.mark.parametrize("kind_sel", ["all", "mode"])
@pytest.mark.parametrize("k", [3, 5])
def test_same_rows_as_imblearn_in_input_order(name, strategy, kind_sel, k):
    X, y = make(name)
    ours = EditedNearestNeighbours(sampling_strategy=strategy, n_neighbors=k, kind_sel=kind_sel)
    X_res, y_res = ours.fit_resample(X, y)
    theirs = ImblearnENN(sampling_strategy=strategy, n_neighbors=k, kind_sel=kind_sel)
    X_ref, y_ref = theirs.fit_resample(X, y)
    order = np.argsort(theirs.sample_indices_)  # imblearn groups the kept rows by class
    np.testing.assert_array_equal(ours.sample_indices_, theirs.sample_indices_[order])
    np.testing.assert_array_equal(X_res, X_ref[order])
    np.testing.assert_array_equal(y_res, y_ref[order])


def test_neighbours_object_is_used_as_imblearn_uses_it():
    X, y = make("three-class")
    nn = NearestNeighbors(n_neighbors=5)  # counts the row itself: 4 neighbours
    ours = EditedNearestNeighbours(n_neighbors=nn).fit(X, y)
    theirs = ImblearnENN(n_neighbors=nn)
    theirs.fit_resample(X, y)
    np.testing.assert_array_equal(ours.sample_indices_, np.sort(theirs.sample_indices_))
    np.testing.assert_array_equal(ours.sample_indices_, EditedNearestNeighbours(n_neighbors=4).fit(X, y).sample_indices_)


@pytest.mark.parametrize("kind_sel", ["all", "mode"])
def test_removes_exactly_what_the_rule_removes(kind_sel):
    X, y = make("four-class")
    sampler = EditedNearestNeighbours(sampling_strategy=[0, 2, 3], n_neighbors=3, kind_sel=kind_sel)
    sampler.fit_resample(X, y)
    expected = brute_force_removed(X, y, {0, 2, 3}, 3, kind_sel)
    assert expected.any()
    np.testing.assert_array_equal(sampler.removed_["position"], np.flatnonzero(expected))
    assert not (y[sampler.removed_["position"]] == 1).any()


def test_removed_counts_other_class_neighbours():
    X, y = make("binary")
    sampler = EditedNearestNeighbours(sampling_strategy="all", n_neighbors=3).fit(X, y)
    distances = ((X[:, None, :] - X[None, :, :]) ** 2).sum(axis=-1)
    np.fill_diagonal(distances, np.inf)
    neighbours = np.argsort(distances, axis=1)[:, :3]
    positions = sampler.removed_["position"].to_numpy()
    expected = (y[neighbours[positions]] != y[positions, None]).sum(axis=1)
    np.testing.assert_array_equal(sampler.removed_["n_other"], expected)
    assert (sampler.removed_["n_other"] >= 1).all()


@st.composite
def grid_data(draw):
    n = draw(st.integers(6, 40))
    n_features = draw(st.integers(1, 3))
    X = np.array(draw(st.lists(st.integers(-4, 4), min_size=n * n_features, max_size=n * n_features)),
                 dtype=float).reshape(n, n_features)
    y = np.array(draw(st.lists(st.sampled_from([0, 1, 2]), min_size=n, max_size=n)))
    if np.unique(y).size < 2:
        y[0], y[1] = 0, 1
    return X, y, draw(st.integers(1, 4))


@given(grid_data())
def test_never_drops_a_row_its_neighbours_agree_with(data):
    X, y, k = data
    sampler = EditedNearestNeighbours(sampling_strategy="all", n_neighbors=k)
    X_res, y_res = sampler.fit_resample(X, y)
    kept = sampler.sample_indices_
    assert (np.diff(kept) > 0).all()
    assert X_res.tobytes() == X[kept].tobytes()
    distances = np.sqrt(((X[:, None, :] - X[None, :, :]) ** 2).sum(axis=-1))
    np.fill_diagonal(distances, np.inf)
    kth = np.sort(distances, axis=1)[:, k - 1]
    other = y[None, :] != y[:, None]
    removed = np.zeros(len(y), dtype=bool)
    removed[sampler.removed_["position"]] = True
    # under any tie-breaking: a removed row has another-class row within its k-th distance,
    # a kept row has none strictly closer and enough same-class rows within it
    assert (other & (distances <= kth[:, None]))[removed].any(axis=1).all()
    assert not (other & (distances < kth[:, None]))[~removed].any()
    assert (((~other) & (distances <= kth[:, None])).sum(axis=1)[~removed] >= k).all()


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("kind_sel", ["all", "mode"])
@given(data=grid_data())
def test_exact_with_ties_and_duplicates_on_every_search_route(route, kind_sel, data):
    # every route removes what the rule removes over a brute force with ties broken by position
    X, y, k = data
    cleaned = sorted(set(y.tolist()) - {1})  # class 1 is left alone (and not searched)
    with pytest.MonkeyPatch.context() as patch:
        force_route(patch, route, enn_module)
        sampler = EditedNearestNeighbours(sampling_strategy=cleaned, n_neighbors=k, kind_sel=kind_sel)
        sampler.fit_resample(X, y)
    removed = np.zeros(len(y), dtype=bool)
    removed[sampler.removed_["position"]] = True
    np.testing.assert_array_equal(removed, brute_force_removed(X, y, set(cleaned), k, kind_sel))


def test_pandas_types_come_back():
    X, y = make("binary")
    frame = pd.DataFrame(X, columns=list("abcd")).astype({"d": np.float32})
    X_res, y_res = EditedNearestNeighbours().fit_resample(frame, pd.Series(y, name="t"))
    assert list(X_res.columns) == list("abcd") and (X_res.dtypes == frame.dtypes).all()
    assert y_res.name == "t"


def test_bad_parameters_are_clear_errors():
    X, y = make("binary")
    with pytest.raises(ValueError, match="kind_sel"):
        EditedNearestNeighbours(kind_sel="most").fit(X, y)
    with pytest.raises(ValueError, match="n_neighbors"):
        EditedNearestNeighbours(n_neighbors=0).fit(X, y)
    with pytest.raises(ValueError, match="needs at least"):
        EditedNearestNeighbours(n_neighbors=400).fit(X, y)

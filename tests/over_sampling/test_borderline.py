"""BorderlineSMOTE: categories against plain distances, provenance, identity with imbalanced-learn."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import event, given
from hypothesis import strategies as st
from imblearn.over_sampling import BorderlineSMOTE as ImblearnBorderlineSMOTE
from sklearn.datasets import make_classification
from sklearn.neighbors import NearestNeighbors

from smote_core import BorderlineSMOTE

from .helpers import (
    assert_neighbors_within,
    assert_provenance_invariant,
    expected_categories,
    overlapping,
)

# --- categories_ ------------------------------------------------------------------------------

DATASETS = [
    dict(n_samples=400, n_features=4, n_informative=3, n_redundant=0, weights=[0.9, 0.1], class_sep=0.5,
         random_state=0),
    dict(n_samples=800, n_features=10, n_informative=6, weights=[0.93, 0.07], class_sep=0.8, random_state=1),
    dict(n_samples=900, n_features=6, n_informative=4, n_classes=3, weights=[0.6, 0.3, 0.1], class_sep=0.5,
         random_state=2),
    dict(n_samples=700, n_features=3, n_informative=3, n_redundant=0, n_classes=4,
         weights=[0.55, 0.2, 0.15, 0.1], class_sep=0.6, random_state=3),
]


@pytest.mark.parametrize("params", DATASETS)
@pytest.mark.parametrize("m", [4, 10])
def test_categories_match_plain_distances(params, m):
    X, y = make_classification(**params)
    sampler = BorderlineSMOTE(m_neighbors=m, random_state=0)
    sampler.fit_resample(X, y)
    table = sampler.categories_
    assert list(table.columns) == ["index", "label", "n_other", "category"]
    assert set(table["label"]) == set(sampler.sampling_strategy_)
    for label in sampler.sampling_strategy_:
        index, n_other, category = expected_categories(X, y, label, m)
        rows = table[table["label"] == label]
        np.testing.assert_array_equal(rows["index"], index)
        np.testing.assert_array_equal(rows["n_other"], n_other)
        np.testing.assert_array_equal(rows["category"].astype(str), category)


# --- identity with imbalanced-learn -----------------------------------------------------------


def _pair(kind, seed, strategy="auto", k=5, m=10):
    params = dict(kind=kind, random_state=seed, sampling_strategy=strategy)
    ours = BorderlineSMOTE(k_neighbors=NearestNeighbors(n_neighbors=k + 1),
                           m_neighbors=NearestNeighbors(n_neighbors=m + 1), **params)
    theirs = ImblearnBorderlineSMOTE(k_neighbors=NearestNeighbors(n_neighbors=k + 1),
                                     m_neighbors=NearestNeighbors(n_neighbors=m + 1), **params)
    return ours, theirs


@pytest.mark.parametrize("params", DATASETS)
@pytest.mark.parametrize("seed", [0, 7])
def test_borderline1_identical_to_imblearn(params, seed):
    X, y = make_classification(**params)
    ours, theirs = _pair("borderline-1", seed)
    X_ours, y_ours = ours.fit_resample(X, y)
    X_theirs, y_theirs = theirs.fit_resample(X, y)
    np.testing.assert_array_equal(X_ours, X_theirs)
    np.testing.assert_array_equal(y_ours, y_theirs)
    for label, danger in theirs.in_danger_indices.items():
        table = ours.categories_
        np.testing.assert_array_equal(table["index"][(table["label"] == label) & (table["category"] == "danger")], danger)


@pytest.mark.parametrize("params", DATASETS)
@pytest.mark.parametrize("seed", [0, 7])
@pytest.mark.parametrize("strategy", ["auto", "all"])
def test_borderline2_identical_to_imblearn_to_rounding(params, seed, strategy):
    X, y = make_classification(**params)
    ours, theirs = _pair("borderline-2", seed, strategy)
    X_ours, y_ours = ours.fit_resample(X, y)
    X_theirs, y_theirs = theirs.fit_resample(X, y)
    np.testing.assert_array_equal(y_ours, y_theirs)
    # the other-class factor is folded into lam: (u·s)·d instead of s·(u·d) differs by an ulp at most
    np.testing.assert_allclose(X_ours, X_theirs, rtol=1e-14, atol=1e-14)
    prov = ours.provenance_
    same_class = y[prov["neighbor"]] == prov["label"].to_numpy()
    assert (~same_class).any() and same_class.any()
    np.testing.assert_array_equal(X_ours[prov["row"][same_class]], X_theirs[prov["row"][same_class]])


def test_rng_instance_continues_like_imblearn():
    X, y = make_classification(**DATASETS[2])
    ours, theirs = _pair("borderline-2", None)
    ours.set_params(random_state=np.random.RandomState(3))
    theirs.set_params(random_state=np.random.RandomState(3))
    np.testing.assert_allclose(ours.fit_resample(X, y)[0], theirs.fit_resample(X, y)[0], rtol=1e-14, atol=1e-14)


# --- provenance and counts --------------------------------------------------------------------


@given(
    sizes=st.lists(st.integers(12, 40), min_size=2, max_size=3),
    n_features=st.integers(1, 4),
    k=st.integers(1, 6),
    m=st.integers(2, 10),
    kind=st.sampled_from(["borderline-1", "borderline-2"]),
    seed=st.integers(0, 2**31 - 1),
)
def test_provenance_counts_and_categories_for_any_data(sizes, n_features, k, m, kind, seed):
    X, y = overlapping(sizes, n_features, seed)
    sampler = BorderlineSMOTE(k_neighbors=k, m_neighbors=m, kind=kind, random_state=seed)
    danger_free = [label for label in np.unique(y)[np.bincount(y) < max(sizes)]
                   if not (expected_categories(X, y, label, m)[2] == "danger").any()]
    event("a class without danger rows" if danger_free else "resampled")
    if danger_free:  # the warning comes exactly when plain distances find a class with no danger row
        with pytest.warns(UserWarning, match="no row is in danger"):
            X_res, y_res = sampler.fit_resample(X, y)
    else:
        X_res, y_res = sampler.fit_resample(X, y)
    np.testing.assert_array_equal(X_res[: len(X)], X)
    np.testing.assert_array_equal(y_res[: len(y)], y)
    for label in np.unique(y):
        assert (y_res == label).sum() == (np.sum(y == label) if label in danger_free else max(sizes))
    prov = sampler.provenance_
    assert len(prov) == len(X_res) - len(X)
    np.testing.assert_array_equal(y_res[prov["row"]], prov["label"].to_numpy().astype(int))
    assert_provenance_invariant(X, X_res, prov)

    parent, neighbor, lam = (prov[c].to_numpy() for c in ("parent", "neighbor", "lam"))
    table = sampler.categories_.set_index("index")
    assert (table.loc[parent, "category"] == "danger").all()
    assert (y[parent] == prov["label"].to_numpy().astype(int)).all()
    if kind == "borderline-1":
        assert (y[neighbor] == y[parent]).all() and ((lam >= 0) & (lam < 1)).all()
        assert_neighbors_within(X, parent, neighbor, k, lambda p: np.flatnonzero(y == y[p]))
    else:
        other = y[neighbor] != y[parent]
        assert ((lam >= 0) & (lam < np.where(other, 0.5, 1.0))).all()
        assert_neighbors_within(X, parent, neighbor, k, lambda p: np.arange(len(X)))

    again = BorderlineSMOTE(k_neighbors=k, m_neighbors=m, kind=kind, random_state=seed).fit_resample(X, y)
    np.testing.assert_array_equal(again[0], X_res)


def test_other_seed_gives_other_rows():
    X, y = make_classification(**DATASETS[0])
    first = BorderlineSMOTE(random_state=1).fit_resample(X, y)[0]
    second = BorderlineSMOTE(random_state=2).fit_resample(X, y)[0]
    assert first.shape == second.shape and not np.array_equal(first, second)


def test_dict_strategy_grows_exactly_what_is_asked():
    X, y = make_classification(**DATASETS[2])
    counts = np.bincount(y)
    wanted = {1: counts[1] + 17, 2: counts[2] + 101}
    sampler = BorderlineSMOTE(sampling_strategy=wanted, random_state=0, kind="borderline-2")
    _, y_res = sampler.fit_resample(X, y)
    assert np.bincount(y_res).tolist() == [counts[0], wanted[1], wanted[2]]
    assert set(sampler.categories_["label"]) == {1, 2}


# --- pandas -----------------------------------------------------------------------------------


def test_pandas_in_pandas_out():
    X, y = make_classification(**DATASETS[0])
    frame = pd.DataFrame(X, columns=["a", "b", "c", "d"]).astype({"d": np.float32})
    labels = pd.Series(np.where(y == 1, "fraud", "legit"), name="class")
    sampler = BorderlineSMOTE(random_state=0)
    X_res, y_res = sampler.fit_resample(frame, labels)
    assert isinstance(X_res, pd.DataFrame) and isinstance(y_res, pd.Series)
    assert list(X_res.columns) == ["a", "b", "c", "d"] and (X_res.dtypes == frame.dtypes).all()
    assert y_res.name == "class" and set(y_res) == {"fraud", "legit"}
    pd.testing.assert_frame_equal(X_res.iloc[: len(frame)], frame)
    assert (sampler.categories_["label"] == "fraud").all()
    assert (sampler.provenance_["label"] == "fraud").all()


# --- bad input --------------------------------------------------------------------------------


def test_class_without_danger_rows_grows_nothing_as_in_imblearn_and_says_so_once():
    X, y = overlapping([200, 40, 40], 2, seed=0, shift=1.0)
    X[y == 2] += 30.0  # class 2 far from the others: every row safe
    sampler = BorderlineSMOTE(random_state=0)
    with pytest.warns(UserWarning) as caught:
        X_res, y_res = sampler.fit_resample(X, y)
    assert len(caught) == 1
    assert str(caught[0].message).startswith("Borderline-SMOTE added no rows to class 2 (safe: 40, noise: 0)")
    assert "Use SMOTE, or a larger m_neighbors" in str(caught[0].message)
    assert caught[0].filename == __file__  # points at the caller's line
    categories = sampler.categories_
    assert (categories.loc[categories["label"] == 2, "category"] == "safe").all()
    X_theirs, y_theirs = ImblearnBorderlineSMOTE(random_state=0).fit_resample(X, y)
    assert (y_res == 2).sum() == (y_theirs == 2).sum() == 40  # imbalanced-learn also leaves it as it was
    assert (y_res == 1).sum() == (y_theirs == 1).sum() == 200


@pytest.mark.parametrize(
    "params, message",
    [
        (dict(kind="borderline-3"), r"kind='borderline-3' is not known; use one of \['borderline-1', 'borderline-2'\]"),
        (dict(m_neighbors=0), r"m_neighbors=0 must be a positive integer"),
        (dict(k_neighbors=1.5), r"k_neighbors=1.5 must be a positive integer"),
        (dict(m_neighbors=NearestNeighbors(n_neighbors=1)), r"n_neighbors=1; it must be an integer of at least 2"),
        (dict(k_neighbors=12), r"class 1 has 10 rows; k_neighbors=12 needs at least 13: lower k_neighbors"),
        (dict(m_neighbors=60), r"X has 50 rows; m_neighbors=60 needs at least 61: lower m_neighbors"),
    ],
)
def test_bad_parameters_say_what_to_do(params, message):
    X, y = overlapping([40, 10], 2, seed=1)
    with pytest.raises(ValueError, match=message):
        BorderlineSMOTE(**params).fit_resample(X, y)


def test_borderline2_needs_no_class_size_beyond_the_whole_data():
    X, y = overlapping([40, 4], 2, seed=2, shift=0.5)
    _, y_res = BorderlineSMOTE(kind="borderline-2", k_neighbors=6, m_neighbors=5, random_state=0).fit_resample(X, y)
    assert (y_res == 1).sum() == 40
    with pytest.raises(ValueError, match="class 1 has 4 rows; k_neighbors=6"):
        BorderlineSMOTE(kind="borderline-1", k_neighbors=6, m_neighbors=5).fit_resample(X, y)

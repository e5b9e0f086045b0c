"""ADASYN: difficulty against plain distances, exact totals, identity with imbalanced-learn where rint is exact."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from imblearn.over_sampling import ADASYN as ImblearnADASYN
from sklearn.datasets import make_classification
from sklearn.neighbors import NearestNeighbors

from smote_core import ADASYN

from .helpers import assert_neighbors_within, assert_provenance_invariant, brute_neighbors, overlapping


def expected_other(X, y, label, k):
    """(positions, other-class rows among the k nearest) of the rows of ``label``, from plain distances."""
    index = np.flatnonzero(y == label)
    neighbors, _ = brute_neighbors(X, index, k)
    return index, (y[neighbors] != label).sum(axis=1)


def expected_weights(X, y, label, k):
    """(positions, n_other, r_i, normalised r_i) of the rows of ``label``."""
    index, n_other = expected_other(X, y, label, k)
    ratio = n_other / k
    return index, n_other, ratio, ratio / ratio.sum()


def rint_is_exact(weight, n):
    """imbalanced-learn's rounding gives exactly n, with no fractional part of one half to break ties."""
    exact = weight * n
    return np.rint(exact).sum() == n and not np.any(exact - np.floor(exact) == 0.5)


DATASETS = [
    dict(n_samples=300, n_features=4, n_informative=3, n_redundant=0, weights=[0.85, 0.15], class_sep=0.6,
         random_state=0),
    dict(n_samples=600, n_features=12, n_informative=6, weights=[0.92, 0.08], class_sep=0.8, random_state=1),
    dict(n_samples=700, n_features=5, n_informative=4, n_redundant=0, n_classes=3, weights=[0.6, 0.28, 0.12],
         class_sep=0.6, random_state=2),
    dict(n_samples=800, n_features=3, n_informative=3, n_redundant=0, n_classes=4,
         weights=[0.5, 0.25, 0.15, 0.1], class_sep=0.7, random_state=4),
]


def _pair(strategy, seed, k=5):
    ours = ADASYN(sampling_strategy=strategy, random_state=seed, n_neighbors=NearestNeighbors(n_neighbors=k + 1))
    theirs = ImblearnADASYN(sampling_strategy=strategy, random_state=seed,
                            n_neighbors=NearestNeighbors(n_neighbors=k + 1))
    return ours, theirs


def _wanted(X, y, k, exact):
    """Class sizes near balance for which imbalanced-learn's rint total is (or is not) the request."""
    counts = np.bincount(y)
    wanted = {}
    for label in np.flatnonzero(counts < counts.max()):
        weight = expected_weights(X, y, label, k)[3]
        n = next(n for n in range(counts.max() - counts[label], 10 * counts.max()) if rint_is_exact(weight, n) == exact)
        wanted[int(label)] = int(counts[label] + n)
    return wanted


# --- difficulty_ ------------------------------------------------------------------------------


@pytest.mark.parametrize("params", DATASETS)
@pytest.mark.parametrize("k", [3, 5])
def test_difficulty_matches_plain_distances_and_adds_up_exactly(params, k):
    X, y = make_classification(**params)
    sampler = ADASYN(n_neighbors=k, random_state=0)
    _, y_res = sampler.fit_resample(X, y)
    table = sampler.difficulty_
    assert list(table.columns) == ["index", "label", "n_other", "ratio", "weight", "n_synthetic"]
    for label, n_new in sampler.sampling_strategy_.items():
        index, n_other, ratio, weight = expected_weights(X, y, label, k)
        rows = table[table["label"] == label]
        np.testing.assert_array_equal(rows["index"], index)
        np.testing.assert_array_equal(rows["n_other"], n_other)
        np.testing.assert_allclose(rows["ratio"], ratio, rtol=1e-15)
        np.testing.assert_allclose(rows["weight"], weight, rtol=1e-12)
        g = rows["n_synthetic"].to_numpy()
        exact = weight * n_new
        assert g.sum() == n_new == (y_res == label).sum() - (y == label).sum()
        assert ((g == np.floor(exact)) | (g == np.ceil(exact))).all()
        up = g > np.floor(exact)  # largest remainders are the ones rounded up
        remainder = exact - np.floor(exact)
        if up.any() and (~up).any():
            assert remainder[up].min() >= remainder[~up].max() - 1e-12


# --- identity with imbalanced-learn -----------------------------------------------------------


@pytest.mark.parametrize("params", DATASETS)
@pytest.mark.parametrize("seed", [0, 11])
def test_identical_to_imblearn_where_rint_is_exact(params, seed):
    X, y = make_classification(**params)
    wanted = _wanted(X, y, 5, exact=True)
    ours, theirs = _pair(wanted, seed)
    X_ours, y_ours = ours.fit_resample(X, y)
    X_theirs, y_theirs = theirs.fit_resample(X, y)
    np.testing.assert_array_equal(X_ours, X_theirs)
    np.testing.assert_array_equal(y_ours, y_theirs)


@pytest.mark.parametrize("params", DATASETS)
def test_rint_misses_the_request_and_largest_remainder_does_not(params):
    X, y = make_classification(**params)
    wanted = _wanted(X, y, 5, exact=False)
    ours, theirs = _pair(wanted, 0)
    _, y_ours = ours.fit_resample(X, y)
    _, y_theirs = theirs.fit_resample(X, y)
    for label, n_wanted in wanted.items():
        weight = expected_weights(X, y, label, 5)[3]
        n_new = n_wanted - (y == label).sum()
        assert (y_ours == label).sum() == n_wanted
        assert (y_theirs == label).sum() == (y == label).sum() + np.rint(weight * n_new).sum() != n_wanted


# --- provenance and counts --------------------------------------------------------------------


@given(
    sizes=st.lists(st.integers(10, 40), min_size=2, max_size=3),
    n_features=st.integers(1, 4),
    k=st.integers(1, 7),
    shift=st.sampled_from([0.5, 2.0, 6.0]),
    seed=st.integers(0, 2**31 - 1),
)
def test_provenance_and_exact_counts_for_any_data(sizes, n_features, k, shift, seed):
    X, y = overlapping(sizes, n_features, seed, shift)
    k = min(k, min(sizes) - 1)
    sampler = ADASYN(n_neighbors=k, random_state=seed)
    grown = [label for label in np.unique(y) if (y == label).sum() < max(sizes)]
    if any(expected_other(X, y, label, k)[1].sum() == 0 for label in grown):
        with pytest.raises(ValueError, match="use SMOTE"):
            sampler.fit_resample(X, y)
        return
    X_res, y_res = sampler.fit_resample(X, y)
    np.testing.assert_array_equal(X_res[: len(X)], X)
    np.testing.assert_array_equal(y_res[: len(y)], y)
    assert (np.bincount(y_res) == max(sizes)).all()
    prov = sampler.provenance_
    assert_provenance_invariant(X, X_res, prov)
    parent, neighbor, lam = (prov[c].to_numpy() for c in ("parent", "neighbor", "lam"))
    assert ((lam >= 0) & (lam < 1)).all() and (y[neighbor] == y[parent]).all()
    assert_neighbors_within(X, parent, neighbor, k, lambda p: np.flatnonzero(y == y[p]))
    table = sampler.difficulty_
    np.testing.assert_array_equal(np.bincount(parent, minlength=len(X))[table["index"]], table["n_synthetic"])
    np.testing.assert_array_equal(ADASYN(n_neighbors=k, random_state=seed).fit_resample(X, y)[0], X_res)


def test_other_seed_gives_other_rows():
    X, y = make_classification(**DATASETS[0])
    assert not np.array_equal(ADASYN(random_state=1).fit_resample(X, y)[0], ADASYN(random_state=2).fit_resample(X, y)[0])


def test_pandas_in_pandas_out():
    X, y = make_classification(**DATASETS[2])
    frame = pd.DataFrame(X, columns=[f"f{i}" for i in range(X.shape[1])])
    labels = pd.Series(np.array(["low", "mid", "high"])[y], name="tier", dtype="category")
    sampler = ADASYN(random_state=0)
    X_res, y_res = sampler.fit_resample(frame, labels)
    assert isinstance(X_res, pd.DataFrame) and list(X_res.columns) == list(frame.columns)
    assert isinstance(y_res, pd.Series) and y_res.name == "tier" and y_res.dtype == labels.dtype
    pd.testing.assert_frame_equal(X_res.iloc[: len(frame)], frame)
    assert y_res.value_counts().nunique() == 1
    assert set(sampler.difficulty_["label"]) == {"mid", "high"}


# --- bad input --------------------------------------------------------------------------------


def test_class_with_no_other_class_neighbours_suggests_smote():
    X, y = overlapping([60, 20], 2, seed=0, shift=40.0)
    with pytest.raises(ValueError, match=r"none of the 20 rows of class 1 has a row of another class .* use SMOTE"):
        ADASYN(random_state=0).fit_resample(X, y)


@pytest.mark.parametrize(
    "params, message",
    [
        (dict(n_neighbors=0), r"n_neighbors=0 must be a positive integer"),
        (dict(n_neighbors="five"), r"n_neighbors='five' must be a positive integer"),
        (dict(n_neighbors=10), r"class 1 has 8 rows; n_neighbors=10 needs at least 11: lower n_neighbors"),
    ],
)
def test_bad_parameters_say_what_to_do(params, message):
    X, y = overlapping([40, 8], 2, seed=1)
    with pytest.raises(ValueError, match=message):
        ADASYN(**params).fit_resample(X, y)

"""polynom-fit-SMOTE: rows evenly spaced on each topology's links, exact counts, provenance, clear errors."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from smote_core import PolynomFitSMOTE
from smote_core.over_sampling._polynom_fit import link_counts

from .helpers import assert_provenance_invariant
from .test_smote import labelled_data

TOPOLOGIES = ["star", "bus", "mesh"]


def recomputed(X, sampler):
    """Every synthetic row from its provenance (the star's far end is the class's centroid)."""
    prov = sampler.provenance_
    parent, lam = prov["parent"].to_numpy(), prov["lam"].to_numpy()[:, None]
    if sampler.topology == "star":
        far = np.array([sampler.centroids_[label] for label in prov["label"]]).reshape(len(prov), X.shape[1])
    else:
        far = X[prov["neighbor"].to_numpy()]
    return X[parent] + lam * (far - X[parent])


@given(labelled_data(), st.sampled_from(TOPOLOGIES))
def test_provenance_counts_and_seed_hold_for_any_data(data, topology):
    X, y, _, seed = data
    sampler = PolynomFitSMOTE(topology=topology, random_state=seed)
    X_res, y_res = sampler.fit_resample(X, y)
    prov = sampler.provenance_
    np.testing.assert_array_equal(X_res[: len(X)], X)  # originals first, untouched
    np.testing.assert_array_equal(y_res[: len(y)], y)
    labels, counts = np.unique(y, return_counts=True)
    for label in labels:  # every class raised to the majority's size, exactly
        assert (y_res == label).sum() == counts.max()
    assert prov["row"].tolist() == list(range(len(X), len(X_res)))
    np.testing.assert_allclose(X_res[len(X):], recomputed(X, sampler), rtol=1e-12, atol=1e-12)
    assert ((prov["lam"] > 0) & (prov["lam"] < 1)).all()
    assert (y[prov["parent"]] == prov["label"].to_numpy()).all()
    if topology == "star":
        assert (prov["neighbor"] == -1).all()
        for label, centroid in sampler.centroids_.items():
            np.testing.assert_allclose(centroid, X[y == label].mean(axis=0))
    else:
        assert_provenance_invariant(X, X_res, prov)
        assert (y[prov["neighbor"]] == prov["label"].to_numpy()).all()
        assert (prov["parent"] < prov["neighbor"]).all()
    if topology == "bus":  # each row linked to the next row of its class, in input order
        for label in labels:
            index = np.flatnonzero(y == label)
            mine = prov[prov["label"] == label]
            assert set(zip(mine["parent"], mine["neighbor"])) <= set(zip(index[:-1], index[1:]))
    again = PolynomFitSMOTE(topology=topology, random_state=seed).fit_resample(X, y)
    np.testing.assert_array_equal(again[0], X_res)


@given(st.integers(1, 60), st.integers(0, 500), st.integers(0, 2**31 - 1))
def test_links_share_the_rows_evenly(n_links, n_new, seed):
    links, counts = link_counts(np.random.RandomState(seed), n_links, n_new)
    assert counts.sum() == n_new and len(np.unique(links)) == len(links)
    full = np.zeros(n_links, dtype=int)
    full[links] = counts
    assert full.max() - full.min() <= 1 or n_new < n_links and full.max() == 1


def test_a_link_with_c_rows_holds_them_at_equal_gaps():
    X = np.array([[0.0], [10.0], [20.0], [21.0], [22.0], [23.0], [24.0], [25.0], [26.0], [27.0], [28.0]])
    y = np.array([1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    sampler = PolynomFitSMOTE(topology="bus", random_state=0)
    X_res, _ = sampler.fit_resample(X, y)
    np.testing.assert_allclose(np.sort(X_res[len(X):, 0]), [10 / 8 * j for j in range(1, 8)])


def test_a_mesh_over_a_large_class_draws_distinct_links_without_listing_them():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(6000, 2)); y = np.r_[np.zeros(3000, int), np.ones(3000, int)]
    y[:2000] = 1  # 5000 rows of class 1: 12.5 million links for 1000 new rows... of class 0
    sampler = PolynomFitSMOTE(topology="mesh", sampling_strategy={0: 5000}, random_state=0)
    sampler.fit_resample(X, y)
    pairs = sampler.provenance_[["parent", "neighbor"]].drop_duplicates()
    assert len(pairs) == 4000 and (sampler.provenance_["lam"] == 0.5).all()


@pytest.mark.parametrize("topology", TOPOLOGIES)
def test_a_class_of_one_row_is_a_clear_error(topology):
    X = np.arange(12, dtype=float).reshape(6, 2); y = np.array([0, 0, 0, 0, 0, 1])
    with pytest.raises(ValueError, match=rf"class 1 has 1 row; topology='{topology}' needs at least 2 rows"):
        PolynomFitSMOTE(topology=topology).fit_resample(X, y)


def test_identical_rows_give_copies_with_a_warning():
    X = np.r_[np.ones((3, 2)), np.arange(12, dtype=float).reshape(6, 2)]; y = np.repeat([1, 0], [3, 6])
    with pytest.warns(UserWarning, match="every row of class 1 is the same point"):
        X_res, _ = PolynomFitSMOTE(random_state=0).fit_resample(X, y)
    np.testing.assert_array_equal(X_res[len(X):], np.ones((3, 2)))

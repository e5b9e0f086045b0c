"""ProWSyn: proximity levels against plain distances, weights by level, partners within the level."""

from unittest import mock

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from smote_core import ProWSyn
from smote_core._search import reach
from smote_core.over_sampling._prowsyn import proximity_levels

from .helpers import assert_provenance_invariant, overlapping
from .test_smote import labelled_data


def expected_levels(X, y, label, k, n_levels):
    """The paper's loop in plain numpy: each other-class row's k nearest remaining rows of the class
    (ties by position) make the next level; the rest is the last level."""
    index, other = np.flatnonzero(y == label), np.flatnonzero(y != label)
    level = np.full(len(index), n_levels)
    remaining = np.arange(len(index))
    for current in range(1, n_levels):
        if not len(remaining):
            break
        dist = ((X[other][:, None, :] - X[index[remaining]][None, :, :]) ** 2).sum(axis=2)
        nearest = np.argsort(dist, axis=1, kind="stable")[:, :k]
        reached = np.unique(nearest)
        level[remaining[reached]] = current
        remaining = np.delete(remaining, reached)
    return level


@given(labelled_data(), st.integers(1, 4), st.floats(0, 3))
def test_levels_weights_counts_and_provenance_hold_for_any_data(data, n_levels, theta):
    X, y, k, seed = data
    sampler = ProWSyn(n_neighbors=k, n_levels=n_levels, theta=theta, random_state=seed)
    X_res, y_res = sampler.fit_resample(X, y)
    np.testing.assert_array_equal(X_res[: len(X)], X)
    labels, counts = np.unique(y, return_counts=True)
    for label in labels:
        assert (y_res == label).sum() == counts.max()
    assert_provenance_invariant(X, X_res, sampler.provenance_)
    table = sampler.levels_
    for label, n_new in sampler.sampling_strategy_.items():
        mine = table[table["label"] == label]
        if not n_new:
            continue
        np.testing.assert_array_equal(mine["level"], expected_levels(X, y, label, k, n_levels))
        weight = np.exp(-theta * (mine["level"].to_numpy() - 1))
        np.testing.assert_allclose(mine["weight"], weight / weight.sum())
        assert mine["n_synthetic"].sum() == n_new
        assert (np.abs(mine["n_synthetic"] - mine["weight"] * n_new) < 1).all()  # rounded, never further
    prov = sampler.provenance_
    level = table.set_index("index")["level"]
    size = table.groupby(["label", "level"])["index"].transform("size").set_axis(table["index"])
    parent, neighbor = prov["parent"].to_numpy(), prov["neighbor"].to_numpy()
    assert (parent != neighbor).all() and (y[neighbor] == y[parent]).all()
    alone = size[parent].to_numpy() == 1
    np.testing.assert_array_equal(level[parent].to_numpy()[~alone], level[neighbor].to_numpy()[~alone])
    assert ((prov["lam"] >= 0) & (prov["lam"] < 1)).all()
    again = ProWSyn(n_neighbors=k, n_levels=n_levels, theta=theta, random_state=seed).fit_resample(X, y)
    np.testing.assert_array_equal(again[0], X_res)


@given(labelled_data(), st.integers(1, 5), st.integers(1, 3), st.integers(1, 4), st.integers(0, 6))
def test_screened_levels_equal_the_brute_force(data, n_levels, first_round, parts, more_hubs):
    """The search that screens query rows (``reach``), with rounds and hubs small enough that every
    path runs on a few rows (ties and duplicates included), gives the plain argsort's levels."""
    X, y, k, _ = data
    with mock.patch.multiple(reach, FIRST_ROUND=first_round, PARTS=parts, HUBS=parts + more_hubs):
        for label in np.unique(y):
            got = proximity_levels(X, np.flatnonzero(y == label), np.flatnonzero(y != label), k, n_levels)
            np.testing.assert_array_equal(got, expected_levels(X, y, label, k, n_levels))


def test_rows_near_the_other_class_grow_more():
    X, y = overlapping([400, 60], 3, seed=0, shift=2.5)
    sampler = ProWSyn(random_state=0).fit(X, y)
    per_row = sampler.levels_.groupby("level")["n_synthetic"].mean()
    assert per_row.is_monotonic_decreasing and len(per_row) > 1


def test_partners_are_drawn_uniformly_within_the_level():
    X, y = overlapping([300, 40], 2, seed=1, shift=2.0)
    sampler = ProWSyn(n_levels=1, sampling_strategy={1: 40 + 39 * 400}, random_state=0).fit(X, y)
    prov = sampler.provenance_
    pairs = prov.groupby(["parent", "neighbor"]).size()
    assert len(pairs) == 40 * 39  # every other row of the class is some row's partner
    assert pairs.max() < 3 * pairs.mean()


def test_fewer_rows_than_neighbours_puts_the_class_in_one_level():
    X, y = overlapping([30, 3], 2, seed=2)
    sampler = ProWSyn(random_state=0).fit(X, y)
    assert (sampler.levels_["level"] == 1).all() and sampler.levels_["n_synthetic"].sum() == 27


def test_a_class_of_one_row_is_a_clear_error():
    X, y = overlapping([30, 1], 2, seed=2)
    with pytest.raises(ValueError, match="class 1 has 1 row; ProWSyn interpolates between two rows"):
        ProWSyn().fit_resample(X, y)


def test_identical_rows_give_copies_with_a_warning():
    X = np.r_[np.ones((4, 2)), np.arange(20, dtype=float).reshape(10, 2)]; y = np.repeat([1, 0], [4, 10])
    with pytest.warns(UserWarning, match="every row of class 1 is the same point"):
        X_res, _ = ProWSyn(random_state=0).fit_resample(X, y)
    np.testing.assert_array_equal(X_res[len(X):], np.ones((6, 2)))

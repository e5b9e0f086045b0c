"""G-SMOTE: every row recomputed from its recorded geometry, the selection strategies, the shapes they draw."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from smote_core import GeometricSMOTE

from .helpers import brute_neighbors, overlapping
from .test_smote import labelled_data


def one_row(center, surface, ball, truncation, deformation):
    """The paper's steps for one row, written out separately from the library's vectorised version."""
    radius = np.linalg.norm(surface - center)
    if radius == 0:
        return center.copy()
    e = (surface - center) / radius
    x = ball @ e
    if (truncation > 0 and x < truncation - 1) or (truncation < 0 and x > truncation + 1):
        ball = ball - 2 * x * e
    along = (ball @ e) * e
    return center + radius * (along + (1 - deformation) * (ball - along))


@given(labelled_data(), st.floats(-1, 1), st.floats(0, 1), st.sampled_from(["combined", "majority", "minority"]))
def test_every_row_is_recomputed_from_its_geometry(data, truncation, deformation, strategy):
    X, y, k, seed = data
    sampler = GeometricSMOTE(k_neighbors=k, truncation_factor=truncation, deformation_factor=deformation,
                             selection_strategy=strategy, random_state=seed)
    X_res, y_res = sampler.fit_resample(X, y)
    np.testing.assert_array_equal(X_res[: len(X)], X)
    labels, counts = np.unique(y, return_counts=True)
    for label in labels:
        assert (y_res == label).sum() == counts.max()
    geometry, prov, ball = sampler.geometry_, sampler.provenance_, sampler.unit_ball_
    np.testing.assert_array_equal(geometry["row"], prov["row"])
    np.testing.assert_array_equal(geometry["center"], prov["parent"])
    np.testing.assert_array_equal(geometry["surface"], prov["neighbor"])
    assert prov["lam"].isna().all() and (np.linalg.norm(ball, axis=1) <= 1 + 1e-12).all()
    expected = [one_row(X[c], X[s], b, truncation, deformation)
                for c, s, b in zip(geometry["center"], geometry["surface"], ball)]
    np.testing.assert_allclose(X_res[len(X):], np.reshape(expected, (-1, X.shape[1])), rtol=1e-12, atol=1e-12)
    distance = np.linalg.norm(X_res[geometry["row"]] - X[geometry["center"]], axis=1)
    assert (distance <= geometry["radius"] * (1 + 1e-12) + 1e-12).all()  # inside the sphere
    center_label = y[geometry["center"]]
    assert (center_label == geometry["label"].to_numpy()).all()
    if strategy == "minority":
        assert (y[geometry["surface"]] == center_label).all()
    if strategy == "majority":
        assert (y[geometry["surface"]] != center_label).all()
    again = GeometricSMOTE(k_neighbors=k, truncation_factor=truncation, deformation_factor=deformation,
                           selection_strategy=strategy, random_state=seed).fit_resample(X, y)
    np.testing.assert_array_equal(again[0], X_res)


def test_surface_points_follow_the_selection_strategy():
    X, y = overlapping([200, 30], 3, seed=0, shift=1.5)
    minority = np.flatnonzero(y == 1)
    own, _ = brute_neighbors(X, minority, 5, minority)
    other, _ = brute_neighbors(X, minority, 1, np.flatnonzero(y == 0))
    at = {p: i for i, p in enumerate(minority)}
    for strategy in ("minority", "majority", "combined"):
        g = GeometricSMOTE(selection_strategy=strategy, random_state=0).fit(X, y).geometry_
        for center, surface in zip(g["center"], g["surface"]):
            choices = {"minority": set(own[at[center]]), "majority": {other[at[center], 0]},
                       "combined": set(own[at[center]]) | {other[at[center], 0]}}[strategy]
            assert surface in choices
            if strategy == "combined" and y[surface] == 1:  # a row of the class only when it is the nearer
                assert np.linalg.norm(X[surface] - X[center]) <= np.linalg.norm(X[other[at[center], 0]] - X[center])


def test_full_truncation_keeps_the_half_facing_the_surface_and_full_deformation_the_segment():
    X, y = overlapping([200, 30], 4, seed=3, shift=1.0)
    half = GeometricSMOTE(truncation_factor=1.0, random_state=0)
    X_res, _ = half.fit_resample(X, y)
    g = half.geometry_
    toward = X[g["surface"]] - X[g["center"]]
    assert (np.einsum("ij,ij->i", X_res[g["row"]] - X[g["center"]], toward) >= -1e-12).all()
    line = GeometricSMOTE(deformation_factor=1.0, truncation_factor=0.0, random_state=0)
    X_res, _ = line.fit_resample(X, y)
    g = line.geometry_
    offset, toward = X_res[g["row"]] - X[g["center"]], X[g["surface"]] - X[g["center"]]
    cross = offset - (np.einsum("ij,ij->i", offset, toward) / np.einsum("ij,ij->i", toward, toward))[:, None] * toward
    np.testing.assert_allclose(cross, 0, atol=1e-10)


def test_class_too_small_for_the_neighbours_is_a_clear_error_unless_only_the_majority_is_searched():
    X, y = overlapping([30, 3], 2, seed=2)
    with pytest.raises(ValueError, match="class 1 has 3 rows; k_neighbors=5 needs at least 6"):
        GeometricSMOTE().fit_resample(X, y)
    X_res, _ = GeometricSMOTE(selection_strategy="majority", random_state=0).fit_resample(X, y)
    assert len(X_res) == 60


def test_identical_rows_give_copies_with_a_warning():
    X = np.r_[np.ones((6, 2)), np.arange(20, dtype=float).reshape(10, 2) + 5]; y = np.repeat([1, 0], [6, 10])
    with pytest.warns(UserWarning, match="every row of class 1 is the same point"):
        X_res, _ = GeometricSMOTE(random_state=0).fit_resample(X, y)
    np.testing.assert_array_equal(X_res[len(X):], np.ones((4, 2)))

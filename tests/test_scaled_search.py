"""Scale-aware neighbour search: neighbours chosen on scaled columns, rows written in original units.

Properties: provenance still satisfies the interpolation equation in the original units; the chosen
neighbours are the nearest ones *on the scaled columns*; a scaled search is the same as resampling
scaled data and mapping the rows back; originals come back untouched; and on a table where one wide
column dominates raw distances, the scaled search picks other neighbours than the raw one.
"""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from smote_core import (ADASYN, SMOTE, SMOTEENN, SMOTENC, SVMSMOTE, BorderlineSMOTE, EditedNearestNeighbours,
                        SMOTETomek, TomekLinks)
from smote_core.scaling import fit_scaling

from .over_sampling.helpers import assert_neighbors_within, assert_provenance_invariant

OVER_SAMPLERS = {
    "smote": lambda **kw: SMOTE(**kw),
    "borderline-1": lambda **kw: BorderlineSMOTE(**kw),
    "borderline-2": lambda **kw: BorderlineSMOTE(kind="borderline-2", **kw),
    "adasyn": lambda **kw: ADASYN(**kw),
    "svm-smote": lambda **kw: SVMSMOTE(**kw),
}


def wide_column_data(seed, n_major=120, n_minor=30, width=1e4):
    """Two overlapping classes in two columns; the second column's unit is ``width`` times smaller."""
    rng = np.random.default_rng(seed)
    X = np.vstack([rng.normal(0.0, 1.0, (n_major, 2)), rng.normal(1.0, 1.0, (n_minor, 2))])
    X[:, 1] *= width
    y = np.repeat([0, 1], [n_major, n_minor])
    return X, y


@pytest.mark.parametrize("name", OVER_SAMPLERS)
@pytest.mark.parametrize("scaling", ["standard", "robust"])
@given(seed=st.integers(0, 2**16), width=st.sampled_from([1e-3, 1.0, 1e5]))
def test_scaled_search_provenance_is_exact_in_original_units(name, scaling, seed, width):
    X, y = wide_column_data(seed, width=width)
    sampler = OVER_SAMPLERS[name](random_state=seed, neighbor_scaling=scaling)
    X_res, y_res = sampler.fit_resample(X, y)
    np.testing.assert_array_equal(X_res[: len(X)], X)  # originals untouched
    assert_provenance_invariant(X, X_res, sampler.provenance_)
    assert sampler.neighbor_scaling_.kind == scaling


@pytest.mark.parametrize("scaling", ["standard", "robust"])
def test_smote_neighbours_are_nearest_on_the_scaled_columns(scaling):
    X, y = wide_column_data(0)
    sampler = SMOTE(random_state=0, neighbor_scaling=scaling)
    sampler.fit_resample(X, y)
    scaled = fit_scaling(X, scaling).transform(X)
    prov = sampler.provenance_
    minority = np.flatnonzero(y == 1)
    assert_neighbors_within(scaled, prov["parent"].to_numpy(), prov["neighbor"].to_numpy(), 5, lambda p: minority)


@pytest.mark.parametrize("name", OVER_SAMPLERS)
def test_scaled_search_equals_resampling_scaled_data_and_mapping_back(name):
    X, y = wide_column_data(3)
    scaling = fit_scaling(X, "standard")
    ours = OVER_SAMPLERS[name](random_state=5, neighbor_scaling="standard")
    X_res, y_res = ours.fit_resample(X, y)
    on_scaled = OVER_SAMPLERS[name](random_state=5)
    X_scaled_res, y_scaled_res = on_scaled.fit_resample(scaling.transform(X), y)
    np.testing.assert_array_equal(y_res, y_scaled_res)
    np.testing.assert_allclose(X_res, X_scaled_res * scaling.scale + scaling.center, rtol=1e-9, atol=1e-9)
    pd.testing.assert_frame_equal(ours.provenance_, on_scaled.provenance_)


def test_a_wide_column_no_longer_decides_the_neighbours():
    X, y = wide_column_data(1)
    raw = SMOTE(random_state=0).fit(X, y).neighbors_[1]
    scaled = SMOTE(random_state=0, neighbor_scaling="robust").fit(X, y).neighbors_[1]
    # raw: the neighbours are the nearest on the wide column alone
    minority = np.flatnonzero(y == 1)
    by_wide_column = minority[np.argsort(np.abs(X[minority, 1][:, None] - X[minority, 1][None, :]), axis=1)[:, 1:6]]
    np.testing.assert_array_equal(np.sort(raw, axis=1), np.sort(by_wide_column, axis=1))
    assert (np.sort(scaled, axis=1) != np.sort(raw, axis=1)).any(axis=1).mean() > 0.5


@pytest.mark.parametrize("cls, cleaner", [(SMOTETomek, TomekLinks), (SMOTEENN, EditedNearestNeighbours)])
def test_combined_samplers_search_both_parts_on_the_inputs_scaling(cls, cleaner):
    X, y = wide_column_data(2, width=1e3)
    sampler = cls(random_state=0, neighbor_scaling="standard")
    X_res, y_res = sampler.fit_resample(X, y)
    scaling = sampler.neighbor_scaling_
    np.testing.assert_array_equal(scaling.center, fit_scaling(X, "standard").center)
    # the same as running both parts on the scaled input, mapped back to original units
    X_ref, y_ref = cls(random_state=0).fit_resample(scaling.transform(X), y)
    np.testing.assert_array_equal(y_res, y_ref)
    np.testing.assert_allclose(X_res, X_ref * scaling.scale + scaling.center, rtol=1e-9, atol=1e-6)
    kept_originals = sampler.sample_indices_[sampler.sample_indices_ < len(X)]
    np.testing.assert_array_equal(X_res[: len(kept_originals)], X[kept_originals])
    # a cleaner alone returns its kept rows untouched
    alone = cleaner(neighbor_scaling="robust")
    X_kept, _ = alone.fit_resample(X, y)
    np.testing.assert_array_equal(X_kept, X[alone.sample_indices_])


def test_smote_nc_scales_only_its_numeric_columns():
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"small": rng.normal(size=150), "wide": rng.normal(size=150) * 1e4,
                          "colour": rng.choice(["red", "blue"], size=150)})
    y = np.repeat([0, 1], [110, 40])
    sampler = SMOTENC(categorical_features=["colour"], random_state=0, neighbor_scaling="robust")
    X_res, _ = sampler.fit_resample(frame, y)
    numeric = frame[["small", "wide"]].to_numpy()
    assert_provenance_invariant(numeric, X_res[["small", "wide"]].to_numpy(), sampler.provenance_)
    assert set(X_res["colour"].iloc[len(frame):]) <= {"red", "blue"}


def test_unknown_scaling_is_a_clear_error():
    X, y = wide_column_data(0)
    with pytest.raises(ValueError, match="neighbor_scaling=.minmax. is not known; use one of .*or None"):
        SMOTE(neighbor_scaling="minmax").fit_resample(X, y)

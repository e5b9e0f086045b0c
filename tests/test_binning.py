"""The check's booster bins its columns once: the same edges and splits as scikit-learn's own binning."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.pipeline import Pipeline

from smote_core._binning import QuantileBins
from smote_core.models import CHECK_BINS, make_model


def columns(rng, n=600):
    """Continuous, few-valued, exactly max_bins-valued, one-more-valued, rounded and constant columns."""
    return np.column_stack([rng.normal(size=n), rng.randint(0, 5, n), rng.randint(0, CHECK_BINS, n),
                            rng.randint(0, CHECK_BINS + 1, n), np.round(rng.normal(size=n), 1), np.ones(n)])


def test_an_unweighted_booster_on_the_bins_is_the_booster_on_the_raw_columns():
    rng = np.random.RandomState(0)
    X = columns(rng)
    y = (X[:, 0] + X[:, 4] + rng.normal(size=len(X)) > 1.2).astype(int)
    booster = HistGradientBoostingClassifier(max_bins=CHECK_BINS, early_stopping=False, max_iter=30, random_state=0)
    raw = booster.fit(X, y).predict_proba(X)
    bins = QuantileBins(CHECK_BINS).fit(X)
    binned = HistGradientBoostingClassifier(**booster.get_params()).fit(bins.transform(X), y)
    np.testing.assert_array_equal(binned.predict_proba(bins.transform(X)), raw)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=2, max_size=300), st.integers(2, 80))
def test_a_value_goes_to_the_bin_between_its_edges(values, max_bins):
    X = np.asarray(values)[:, None]
    bins = QuantileBins(max_bins).fit(X)
    edges, codes = bins.edges_[0], bins.transform(X)[:, 0].astype(int)
    assert len(edges) <= max_bins - 1 and np.all(np.diff(edges) > 0)
    assert np.all(X[:, 0] <= np.append(edges, np.inf)[codes])
    assert np.all(X[:, 0] > np.insert(edges, 0, -np.inf)[codes])


def test_the_check_sized_booster_bins_first_and_the_standard_one_does_not():
    check = make_model("hist_gradient_boosting", for_check=True)
    assert isinstance(check, Pipeline) and isinstance(check.steps[0][1], QuantileBins)
    assert isinstance(make_model("hist_gradient_boosting"), HistGradientBoostingClassifier)


def test_bad_bins_and_unseen_widths_are_refused():
    with pytest.raises(ValueError, match="max_bins"):
        QuantileBins(1).fit(np.zeros((5, 1)))
    bins = QuantileBins().fit(np.zeros((5, 2)))
    with pytest.raises(ValueError, match="features"):
        bins.transform(np.zeros((5, 3)))

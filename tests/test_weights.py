"""Sample weights through resampling, for every technique of the registry and both cleaners.

The rule (docs/weights.md): originals keep their weights; a synthetic row takes its parent's weight, or
its class's mean input weight where it has no parent (generative rows); rows a cleaner removes take
their weights with them. These tests read the rule back from ``provenance_`` and the removed-row tables.
"""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn.base import clone

from smote_core import EditedNearestNeighbours, TomekLinks, registry

from .test_registry_common import FAST, IDS, data_kind, dataset

N_ROWS = 120  # the rows of test_registry_common.dataset
CLEANERS = {"tomek-links": TomekLinks(sampling_strategy="all"), "enn": EditedNearestNeighbours(sampling_strategy="all")}
NEURAL = ("ctgan", "tvae")


def sampler_for(name, seed=0):
    if name in CLEANERS:
        return clone(CLEANERS[name])
    return registry.make(name, **{**FAST.get(name, {}), "random_state": seed})


def data_for(name, n_classes=2):
    return dataset("numeric" if name in CLEANERS else data_kind(name), n_classes=n_classes)


def weights_strategy():
    # zeros and large weights included: the rule must hold for any non-negative weights
    return arrays(np.float64, N_ROWS, elements=st.one_of(st.just(0.0), st.floats(1e-3, 1e4)))


def check_rule(sampler, X, y, w, X_res, w_res):
    """The output weights follow the documented rule, read from what the sampler recorded."""
    w_res = np.asarray(w_res)
    assert w_res.dtype == np.float64 and len(w_res) == len(X_res)
    kept = getattr(sampler, "sample_indices_", None)
    stacked_kept = np.arange(len(X)) if kept is None else kept
    originals = stacked_kept[stacked_kept < len(X)]
    np.testing.assert_array_equal(w_res[: len(originals)], w[originals])  # originals keep theirs, exactly
    provenance = getattr(sampler, "provenance_", None)
    synthetic = 0.0
    if provenance is not None:
        rows, parent = provenance["row"].to_numpy(), provenance["parent"].to_numpy()
        expected = np.where(parent >= 0, w[np.maximum(parent, 0)], np.nan)
        labels = y.to_numpy()
        for label in np.unique(provenance["label"].to_numpy()[parent < 0]):
            orphan = (parent < 0) & (provenance["label"].to_numpy() == label)
            expected[orphan] = w[labels == label].mean()  # generative rows: the class's mean weight
        np.testing.assert_array_equal(w_res[rows], expected)
        np.testing.assert_array_equal(provenance["weight"].to_numpy(), expected)
        synthetic = expected.sum()
    for name in ("removed_", "cleaning_"):  # removed rows take their weights with them
        removed = getattr(sampler, name, None)
        if removed is not None:
            originals_removed = removed[removed["position"] < len(X)]
            np.testing.assert_array_equal(originals_removed["weight"].to_numpy(),
                                          w[originals_removed["position"].to_numpy()])
    # the total: the kept originals' weights plus the surviving synthetic rows' weights
    assert w_res.sum() == pytest.approx(w[originals].sum() + synthetic, rel=1e-12)


@pytest.mark.parametrize("name", [i for i in IDS if i not in NEURAL] + list(CLEANERS))
@settings(max_examples=8)
@given(w=weights_strategy(), seed=st.integers(0, 2**16))
def test_weights_follow_the_rows(name, w, seed):
    X, y = data_for(name)
    sampler = sampler_for(name, seed)
    X_res, y_res, w_res = sampler.fit_resample(X, y, sample_weight=w)
    check_rule(sampler, X, y, w, X_res, w_res)
    # weights travel with the rows and change none of them; the same seed gives the same weights
    X_plain, y_plain = clone(sampler).fit_resample(X, y)
    pd.testing.assert_frame_equal(X_res, X_plain)
    pd.testing.assert_series_equal(y_res, y_plain)
    _, _, w_again = clone(sampler).fit_resample(X, y, sample_weight=w)
    np.testing.assert_array_equal(w_again, w_res)


@pytest.mark.parametrize("name", [i for i in NEURAL if registry.get(i).available])
def test_neural_rows_take_their_class_mean_weight(name):
    X, y = data_for(name, n_classes=3)
    w = np.random.RandomState(3).uniform(0, 5, len(y))
    sampler = sampler_for(name)
    X_res, _, w_res = sampler.fit_resample(X, y, sample_weight=w)
    check_rule(sampler, X, y, w, X_res, w_res)


def test_generative_rows_keep_each_class_mean_weight():
    """With the class-mean rule a class's mean weight is the same before and after (its total grows
    with its rows)."""
    X, y = data_for("gaussian-copula", n_classes=3)
    w = np.random.RandomState(1).gamma(2.0, size=len(y))
    _, y_res, w_res = sampler_for("gaussian-copula").fit_resample(X, y, sample_weight=w)
    before = pd.Series(w).groupby(y.to_numpy()).mean()
    after = pd.Series(w_res).groupby(y_res.to_numpy()).mean()
    pd.testing.assert_series_equal(after, before, rtol=1e-12)


def test_weights_come_back_in_their_own_kind():
    X, y = data_for("smote")
    w = np.linspace(0.5, 2.0, len(y))
    sampler = sampler_for("smote")
    _, _, as_series = sampler.fit_resample(X, y, sample_weight=pd.Series(w, name="exposure", index=X.index + 7))
    assert isinstance(as_series, pd.Series) and as_series.name == "exposure"
    assert as_series.index.equals(pd.RangeIndex(len(as_series)))  # by position, as the rows are
    _, _, as_list = sampler.fit_resample(X, y, sample_weight=w.tolist())
    assert isinstance(as_list, list) and as_list == as_series.tolist()
    _, _, as_array = sampler.fit_resample(X, y, sample_weight=w.astype(np.float32))
    assert isinstance(as_array, np.ndarray) and as_array.dtype == np.float64
    _, _, constant = sampler.fit_resample(X, y, sample_weight=2.5)
    assert np.all(constant == 2.5) and len(constant) == len(as_list)
    _, _, counts = sampler.fit_resample(X, y, sample_weight=np.arange(len(y)))  # integer weights
    np.testing.assert_array_equal(counts[: len(y)], np.arange(len(y)))


def test_unweighted_fit_keeps_its_two_outputs_and_provenance_columns():
    X, y = data_for("smote-tomek")
    sampler = sampler_for("smote-tomek")
    assert len(sampler.fit_resample(X, y)) == 2
    assert "weight" not in sampler.provenance_.columns and "weight" not in sampler.cleaning_.columns


# --- bad weights: one clear ValueError each ----------------------------------------------------

def _named_target(X, y):
    return y.rename("target")


BAD_WEIGHTS = {
    "wrong length": (lambda X, y: np.ones(len(y) - 1), r"X has 120 rows but sample_weight has 119 weights"),
    "negative": (lambda X, y: np.r_[-0.5, np.ones(len(y) - 1)], r"1 negative weight\(s\) \(the smallest -0.5, at row 0\)"),
    "NaN": (lambda X, y: np.r_[np.ones(len(y) - 2), np.nan, np.inf], r"2 missing \(NaN\) or infinite weight\(s\), at row\(s\) \[118, 119\]"),
    "the target column": (_named_target, r"sample_weight is the target column 'target'"),
    "the target itself": (lambda X, y: y, "sample_weight is the target column"),
    "text": (lambda X, y: "w", r"sample_weight='w' is text"),
    "two columns": (lambda X, y: np.ones((len(y), 2)), r"shape \(120, 2\); pass one weight per row"),
    "not numbers": (lambda X, y: np.array(["a"] * len(y), dtype=object), "not numbers"),
}


@pytest.mark.parametrize("case", sorted(BAD_WEIGHTS))
@pytest.mark.parametrize("name", ["smote", "random-over", "smote-enn", "gaussian-copula", "tomek-links"])
def test_bad_weights_are_a_clear_error(name, case):
    X, y = data_for(name)
    make, match = BAD_WEIGHTS[case]
    with pytest.raises(ValueError, match=match):
        sampler_for(name).fit_resample(X, y, sample_weight=make(X, y))

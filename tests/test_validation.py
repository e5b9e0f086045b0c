"""Bad input gets a clear ValueError; sampling_strategy forms match imbalanced-learn's."""

import numpy as np
import pandas as pd
import pytest
from imblearn.over_sampling import RandomOverSampler as ImblearnROS
from imblearn.utils import check_sampling_strategy as imblearn_strategy
from sklearn.datasets import make_classification

from smote_core import SMOTE, RandomOverSampler
from smote_core._validation import check_sampling_strategy


def _fraud_frame(n_fraud=3, n_legit=20):
    rng = np.random.RandomState(0)
    frame = pd.DataFrame(rng.normal(size=(n_fraud + n_legit, 2)), columns=["amount", "hour"])
    frame["label"] = ["fraud"] * n_fraud + ["legit"] * n_legit
    return frame


def test_small_class_message_names_class_rows_and_fix():
    frame = _fraud_frame()
    with pytest.raises(ValueError) as error:
        SMOTE().fit_resample(frame[["amount", "hour"]], frame["label"])
    assert str(error.value).startswith(
        "class 'fraud' has 3 rows; k_neighbors=5 needs at least 6: lower k_neighbors"
    )


@pytest.mark.parametrize(
    "X, y, words",
    [
        (np.empty((0, 2)), np.array([]), "empty"),
        (np.ones((5, 2)), np.zeros(5), "only 1 class"),
        (np.ones((5, 2)), np.array([0, 1, 0, 1]), "X has 5 rows but y has 4 labels"),
        (np.ones(5), np.array([0, 1, 0, 1, 0]), "1-D"),
        (np.array([[1.0, np.nan]] + [[0.0, 0.0]] * 9), np.array([0] * 8 + [1] * 2), "NaN or infinite"),
        (np.array([[np.inf, 1.0]] + [[0.0, 0.0]] * 9), np.array([0] * 8 + [1] * 2), "fill them"),
        (np.array([["a", "b"]] * 10), np.array([0] * 8 + [1] * 2), "not numbers"),
        (np.ones((10, 2)), np.array([0] * 8 + [1, None], dtype=object), "missing labels"),
    ],
)
def test_bad_input_gets_a_clear_error(X, y, words):
    with pytest.raises(ValueError, match=words):
        SMOTE(k_neighbors=1).fit_resample(X, y)


def test_non_numeric_dataframe_columns_are_named_with_a_way_out():
    frame = _fraud_frame(n_fraud=8)
    frame["merchant"] = "shop"
    with pytest.raises(ValueError, match=r"\['merchant'\] are not numeric.*SMOTENC"):
        SMOTE().fit_resample(frame[["amount", "hour", "merchant"]], frame["label"])


@pytest.mark.parametrize(
    "strategy, words",
    [
        ("balanced", "not known here"),
        ({"nope": 10}, "not in y"),
        ({"fraud": 2}, "already has 8"),
        (1.5, r"must be in \(0, 1\]"),
        (0.1, "raise the ratio"),
        ([1, 2], "unsupported type"),
    ],
)
def test_bad_sampling_strategy_gets_a_clear_error(strategy, words):
    frame = _fraud_frame(n_fraud=8)
    with pytest.raises(ValueError, match=words):
        SMOTE(sampling_strategy=strategy, k_neighbors=3).fit_resample(frame[["amount", "hour"]], frame["label"])


def test_float_strategy_needs_two_classes():
    y = np.array([0] * 10 + [1] * 5 + [2] * 3)
    with pytest.raises(ValueError, match="two classes only"):
        check_sampling_strategy(0.5, y, "over-sampling")


@pytest.mark.parametrize(
    "strategy",
    ["auto", "minority", "not minority", "not majority", "all", 0.5, 1.0,
     {0: 100, 1: 60}, lambda y: {1: 70}],
)
def test_sampling_strategy_matches_imblearn_binary(strategy):
    y = np.array([0] * 100 + [1] * 30)
    ours = check_sampling_strategy(strategy, y, "over-sampling")
    assert ours == dict(imblearn_strategy(strategy, y, "over-sampling"))
    assert list(ours) == sorted(ours)


@pytest.mark.parametrize("strategy", ["auto", "minority", "not minority", "not majority", "all"])
def test_sampling_strategy_matches_imblearn_multiclass_with_ties(strategy):
    y = np.array(["c"] * 50 + ["a"] * 50 + ["b"] * 10 + ["d"] * 10)
    assert check_sampling_strategy(strategy, y, "over-sampling") == dict(
        imblearn_strategy(strategy, y, "over-sampling")
    )


def test_originals_never_altered_or_dropped():
    X, y = make_classification(300, 5, weights=[0.8, 0.2], random_state=0)
    X_before, y_before = X.copy(), y.copy()
    X_res, y_res = SMOTE(random_state=0).fit_resample(X, y)
    np.testing.assert_array_equal(X, X_before)  # input untouched
    np.testing.assert_array_equal(y, y_before)
    np.testing.assert_array_equal(X_res[: len(X)], X)  # and all of it comes back first
    np.testing.assert_array_equal(y_res[: len(y)], y)


@pytest.mark.parametrize("seed", [0, 7])
def test_random_over_sampler_identical_to_imblearn(seed):
    X, y = make_classification(500, 5, n_classes=3, n_informative=3, weights=[0.7, 0.2, 0.1], random_state=seed)
    ours = RandomOverSampler(random_state=seed)
    X_ours, y_ours = ours.fit_resample(X, y)
    X_theirs, y_theirs = ImblearnROS(random_state=seed).fit_resample(X, y)
    np.testing.assert_array_equal(X_ours, X_theirs)
    np.testing.assert_array_equal(y_ours, y_theirs)
    prov = ours.provenance_
    np.testing.assert_array_equal(X_ours[prov["row"]], X[prov["parent"]])
    assert (prov["neighbor"] == -1).all() and prov["lam"].isna().all()

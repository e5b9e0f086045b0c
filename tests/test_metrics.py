"""The metrics: the fast versions a comparison scores thousands of folds and thresholds with equal scikit-learn's."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from imblearn.metrics import geometric_mean_score
from sklearn.metrics import average_precision_score, balanced_accuracy_score, f1_score, roc_auc_score

from smote_core.metrics import (GOALS, METRICS, balanced_accuracy, binary_average_precision, binary_f1, binary_roc_auc,
                                g_mean_score, get_metric, threshold_scorer)


@st.composite
def scored_labels(draw):
    n = draw(st.integers(4, 60))
    truth = np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n)))
    if truth.all() or not truth.any():
        truth[0] = not truth[0]
    decimals = draw(st.integers(1, 3))  # few decimals: many tied scores
    score = np.round(np.array(draw(st.lists(st.floats(0, 1), min_size=n, max_size=n))), decimals)
    return truth, score


@settings(max_examples=300, deadline=None)
@given(scored_labels())
def test_ranking_metrics_equal_scikit_learns(case):
    truth, score = case
    assert binary_average_precision(truth, score) == pytest.approx(average_precision_score(truth, score), abs=1e-12)
    assert binary_roc_auc(truth, score) == pytest.approx(roc_auc_score(truth, score), abs=1e-12)


@settings(max_examples=300, deadline=None)
@given(scored_labels(), st.floats(0, 1))
def test_decision_metrics_equal_scikit_learns(case, cut):
    truth, score = case
    y_true, y_pred = np.where(truth, "yes", "no"), np.where(score >= cut, "yes", "no")
    assert balanced_accuracy(y_true, y_pred) == pytest.approx(balanced_accuracy_score(y_true, y_pred))
    assert binary_f1(y_true, y_pred, "yes") == pytest.approx(f1_score(y_true, y_pred, pos_label="yes", zero_division=0))
    assert g_mean_score(y_true, y_pred) == pytest.approx(geometric_mean_score(y_true, y_pred))


def test_goals_and_thresholds():
    assert set(GOALS) <= {m.id for m in METRICS}
    assert [m.id for m in METRICS if m.uses_threshold] == ["balanced_accuracy", "f1_minority", "g_mean"]
    assert not get_metric("brier").greater_is_better
    for metric in ("average_precision", "roc_auc", "brier"):
        with pytest.raises(ValueError, match="cannot be tuned for"):
            threshold_scorer(metric, 1)
    with pytest.raises(ValueError, match="unknown metric 'recall'.*choose one of"):
        get_metric("recall")

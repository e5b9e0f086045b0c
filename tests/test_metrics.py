"""The metrics: the fast versions a comparison scores thousands of folds and thresholds with equal scikit-learn's."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from imblearn.metrics import geometric_mean_score
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.metrics import (average_precision_score, balanced_accuracy_score, brier_score_loss, f1_score, recall_score,
                             roc_auc_score)

from smote_core.metrics import (GOALS, METRICS, balanced_accuracy, binary_average_precision, binary_f1, binary_roc_auc,
                                fold_scores, g_mean_score, get_metric, threshold_scorer)


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


@st.composite
def weighted_labels(draw):
    truth, score = draw(scored_labels())
    # zeros included: a row of weight 0 must count as if it were absent, as in scikit-learn
    weights = np.array(draw(st.lists(st.sampled_from([0.0, 0.5, 1.0, 3.0, 10.0]), min_size=len(truth),
                                     max_size=len(truth))))
    for cls in (True, False):  # every class keeps some weight, or its recall is undefined
        weights[np.flatnonzero(truth == cls)[0]] = 2.0
    return truth, score, weights


@settings(max_examples=300, deadline=None)
@given(weighted_labels(), st.floats(0, 1))
def test_weighted_metrics_equal_scikit_learns_weighted_ones(case, cut):
    truth, score, w = case
    assert binary_average_precision(truth, score, w) == pytest.approx(
        average_precision_score(truth, score, sample_weight=w), abs=1e-12)
    assert binary_roc_auc(truth, score, w) == pytest.approx(roc_auc_score(truth, score, sample_weight=w), abs=1e-12)
    y_true, y_pred = np.where(truth, "yes", "no"), np.where(score >= cut, "yes", "no")
    assert balanced_accuracy(y_true, y_pred, w) == pytest.approx(balanced_accuracy_score(y_true, y_pred, sample_weight=w))
    assert binary_f1(y_true, y_pred, "yes", w) == pytest.approx(
        f1_score(y_true, y_pred, pos_label="yes", zero_division=0, sample_weight=w))
    recalls = recall_score(y_true, y_pred, average=None, labels=["no", "yes"], sample_weight=w)
    assert g_mean_score(y_true, y_pred, w) == pytest.approx(np.sqrt(np.prod(recalls)))


def test_fold_scores_weighted_equal_scikit_learn_and_differ_from_unweighted():
    rng = np.random.default_rng(0)
    for classes in (np.array(["a", "b"]), np.array(["a", "b", "c"])):
        y = np.tile(classes, 40)
        proba = rng.dirichlet(np.ones(len(classes)), size=len(y))
        w = rng.choice([0.2, 1.0, 5.0], size=len(y))
        got = fold_scores(y, proba, classes, "b", w)
        plain = fold_scores(y, proba, classes, "b")
        predicted = classes[proba.argmax(axis=1)]
        onehot = (y[:, None] == classes).astype(float)
        expected = {
            "average_precision": average_precision_score(onehot[:, 1], proba[:, 1], sample_weight=w)
            if len(classes) == 2 else average_precision_score(onehot, proba, average="macro", sample_weight=w),
            "roc_auc": roc_auc_score(onehot[:, 1], proba[:, 1], sample_weight=w) if len(classes) == 2
            else roc_auc_score(y, proba, multi_class="ovr", labels=classes, sample_weight=w),
            # the one-vs-rest Brier score averaged over the classes: scikit-learn's summed one over the classes
            "brier": brier_score_loss(y, proba, labels=classes, sample_weight=w) / len(classes) if len(classes) > 2
            else brier_score_loss(onehot[:, 1], proba[:, 1], sample_weight=w),
            "balanced_accuracy": balanced_accuracy_score(y, predicted, sample_weight=w),
            "f1_minority": f1_score(y, predicted, pos_label="b", sample_weight=w) if len(classes) == 2
            else f1_score(y, predicted, average="macro", sample_weight=w),
            "g_mean": np.prod(recall_score(y, predicted, average=None, sample_weight=w)) ** (1 / len(classes)),
        }
        for metric, value in expected.items():
            assert got[metric] == pytest.approx(value, abs=1e-12), (len(classes), metric)
            assert got[metric] != pytest.approx(plain[metric], abs=1e-6), (len(classes), metric)


class _Predicts(ClassifierMixin, BaseEstimator):
    """A fitted stand-in that predicts given labels, to call a scorer with."""

    classes_ = np.array(["no", "yes"])

    def __init__(self, labels=None):
        self.labels = labels

    def predict(self, X):
        return self.labels


@settings(max_examples=300, deadline=None)
@given(weighted_labels(), st.floats(0, 1), st.booleans())
def test_threshold_scorers_equal_scikit_learns_metrics(case, cut, weighted):
    truth, score, w = case
    w = w if weighted else None
    y_true, y_pred = np.where(truth, "yes", "no"), np.where(score >= cut, "yes", "no")
    model, X = _Predicts(y_pred), np.zeros((len(y_true), 1))
    kwargs = {} if w is None else {"sample_weight": w}
    recalls = recall_score(y_true, y_pred, average=None, labels=["no", "yes"], sample_weight=w)
    expected = {"balanced_accuracy": balanced_accuracy_score(y_true, y_pred, sample_weight=w),
                "g_mean": np.sqrt(np.prod(recalls)),
                "f1_minority": f1_score(y_true, y_pred, pos_label="yes", zero_division=0, sample_weight=w)}
    for metric, value in expected.items():
        assert threshold_scorer(metric, "yes")(model, X, y_true, **kwargs) == pytest.approx(value), metric

"""The recommendation as one estimator: resampling in fit only, a threshold tuned on training rows, calibration
on rows that were not resampled; an ordinary scikit-learn estimator in every other way."""

import pickle

import numpy as np
import pandas as pd
import pytest
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold, cross_validate
from sklearn.neighbors import KNeighborsClassifier
from sklearn.svm import LinearSVC
from sklearn.utils.estimator_checks import parametrize_with_checks

from smote_core import SMOTE, advise, make
from smote_core.datasets import load_dataset
from smote_core.pipeline import ResampledClassifier, build_pipeline, pipeline_code


class CountingSampler(BaseEstimator):
    """SMOTE that counts its calls and records the rows (first column: a row id) it was given."""

    calls = []

    def __init__(self, random_state=None):
        self.random_state = random_state

    def fit_resample(self, X, y):
        CountingSampler.calls.append(np.asarray(X)[:, 0].copy())
        return SMOTE(k_neighbors=3, random_state=self.random_state).fit_resample(X, y)


class RecordingModel(ClassifierMixin, BaseEstimator):
    """Logistic regression that records the first column (a row id) of every X it is fitted on."""

    fitted_on = []

    def fit(self, X, y):
        RecordingModel.fitted_on.append(np.asarray(X)[:, 0].copy())
        self.model_ = LogisticRegression().fit(np.asarray(X)[:, 1:], y)
        self.classes_ = self.model_.classes_
        return self

    def predict_proba(self, X):
        return self.model_.predict_proba(np.asarray(X)[:, 1:])

    def predict(self, X):
        return self.classes_[self.predict_proba(X).argmax(axis=1)]


def data(n=400, seed=0):
    X, y = make_classification(n, 5, n_informative=3, weights=[0.9], flip_y=0.02, random_state=seed)
    return np.column_stack([np.arange(n), X]), y


@pytest.fixture(autouse=True)
def _reset():
    CountingSampler.calls, RecordingModel.fitted_on = [], []


def test_the_sampler_runs_in_fit_only_never_in_predict():
    X, y = data()
    pipeline = ResampledClassifier(CountingSampler(random_state=0), LogisticRegression()).fit(X, y)
    assert len(CountingSampler.calls) == 1 and np.array_equal(CountingSampler.calls[0], X[:, 0])
    pipeline.predict(X), pipeline.predict_proba(X), pipeline.decision_function(X), pipeline.score(X, y)
    assert len(CountingSampler.calls) == 1
    assert len(pipeline.estimator_.coef_[0]) == X.shape[1]
    assert np.bincount(y)[1] < 100 and pipeline.sampler_ is not None  # the fitted clone is kept


def test_cross_validate_resamples_the_training_folds_only():
    X, y = data()
    folds = list(StratifiedKFold(4, shuffle=True, random_state=0).split(X, y))
    cross_validate(ResampledClassifier(CountingSampler(random_state=0), LogisticRegression()), X, y, cv=folds)
    assert len(CountingSampler.calls) == len(folds)
    for (train, test), seen in zip(folds, CountingSampler.calls):
        assert np.array_equal(np.sort(seen), np.sort(X[train, 0])) and not set(seen) & set(X[test, 0])


def test_the_threshold_is_tuned_on_training_rows_only():
    X, y = data()
    train, test = next(StratifiedKFold(4, shuffle=True, random_state=1).split(X, y))
    pipeline = build_pipeline(RecordingModel(), sampler=CountingSampler(random_state=0),
                              threshold_metric="f1_minority", minority=1).fit(X[train], y[train])
    pipeline.predict(X[test])
    assert RecordingModel.fitted_on and CountingSampler.calls
    held_out = set(X[test, 0])
    for rows in RecordingModel.fitted_on + CountingSampler.calls:  # every inner fit, and the final one
        assert not set(rows[rows == np.round(rows)]) & held_out  # synthetic rows have fractional ids
    assert 0 < pipeline.best_threshold_ < 1


def test_it_clones_pickles_and_predicts_the_same_after_a_round_trip():
    X, y = data()
    pipeline = build_pipeline(LogisticRegression(), sampler=make("borderline-smote", random_state=0),
                              threshold_metric="balanced_accuracy", calibrate=True, minority=1, random_state=3)
    copy = clone(pipeline)
    assert copy is not pipeline and copy.get_params().keys() == pipeline.get_params().keys()
    params = pipeline.get_params(deep=True)
    assert params["estimator__estimator__sampler__kind"] == "borderline-1"  # threshold -> calibration -> resampling
    pipeline.fit(X, y)
    loaded = pickle.loads(pickle.dumps(pipeline))
    assert np.array_equal(loaded.predict_proba(X), pipeline.predict_proba(X))
    assert np.array_equal(loaded.predict(X), pipeline.predict(X))


def test_grid_search_reaches_nested_parameters():
    X, y = data(300)
    search = GridSearchCV(ResampledClassifier(make("smote", random_state=0), LogisticRegression()),
                          {"sampler__k_neighbors": [3, 5], "estimator__C": [0.1, 1.0]}, cv=3,
                          scoring="average_precision").fit(X, y)
    assert set(search.best_params_) == {"sampler__k_neighbors", "estimator__C"}
    assert len(search.cv_results_["mean_test_score"]) == 4


def test_class_weights_reach_the_model():
    X, y = data()
    weighted = ResampledClassifier(None, LogisticRegression(), class_weight="balanced").fit(X, y)
    plain = ResampledClassifier(None, LogisticRegression()).fit(X, y)
    assert weighted.estimator_.class_weight == "balanced"
    assert weighted.predict_proba(X)[:, 1].mean() > plain.predict_proba(X)[:, 1].mean() + 0.1
    with pytest.raises(ValueError, match="neither class_weight nor sample_weight"):
        ResampledClassifier(None, KNeighborsClassifier(), class_weight="balanced").fit(X, y)


def test_calibration_keeps_the_ranking_and_brings_probabilities_back():
    X, y = data(1500, seed=2)
    resampled = build_pipeline(LogisticRegression(), sampler=make("random-over", random_state=0)).fit(X, y)
    recalibrated = build_pipeline(LogisticRegression(), sampler=make("random-over", random_state=0),
                                  calibrate=True).fit(X, y)
    raw, fixed = resampled.predict_proba(X)[:, 1], recalibrated.predict_proba(X)[:, 1]
    assert np.array_equal(np.argsort(raw, kind="stable"), np.argsort(fixed, kind="stable"))  # sigmoid: monotone
    assert raw.mean() > y.mean() + 0.15  # balanced training overstates the minority ...
    assert abs(fixed.mean() - y.mean()) < 0.03  # ... the recalibrated pipeline does not


def test_bad_input_says_what_to_do():
    X, y = data(60)
    with pytest.raises(ValueError, match="cannot be tuned for PR-AUC.*Tune it for one of"):
        build_pipeline(LogisticRegression(), threshold_metric="average_precision", minority=1)
    few = np.r_[np.zeros(58, int), np.ones(2, int)]
    with pytest.raises(ValueError, match="class 1 has 2 row.*at least 5 of every class.*Add rows"):
        build_pipeline(LogisticRegression(), threshold_metric="balanced_accuracy", minority=1).fit(X, few)
    with pytest.raises(ValueError, match="has no fit_resample"):
        ResampledClassifier(LogisticRegression(), LogisticRegression()).fit(X, y)


def test_advice_pipeline_implements_the_recommendation():
    frame, target = load_dataset("arc")
    advice = advise(frame, target, metric="balanced_accuracy", repeats=1)
    X, y = frame.drop(columns=target), frame[target]
    pipeline = advice.pipeline()
    fitted = pipeline.fit(X, y)
    assert set(fitted.predict(X)) <= set(y)
    if advice.recommended.endswith("threshold"):
        assert hasattr(fitted, "best_threshold_")
    namespace = {}
    exec(advice.pipeline_code().replace("pipeline.fit(X, y)", ""), namespace)  # the shown code builds the same
    assert namespace["pipeline"].get_params(deep=False).keys() == pipeline.get_params(deep=False).keys()
    mine = advice.pipeline(estimator=LinearSVC())
    assert "LinearSVC" in repr(mine) or isinstance(mine, LinearSVC)


def test_pipeline_code_reads_like_python():
    code = pipeline_code("logistic", ["city"], ("smote", {"k_neighbors": 3, "random_state": 0}),
                         threshold_metric="f1_minority", minority="yes", calibrate=True)
    compile(code, "<pipeline>", "exec")
    assert "make('smote', k_neighbors=3, random_state=0)" in code and "categorical=['city']" in code
    assert "threshold_metric='f1_minority', minority='yes'" in code and "calibrate=True" in code
    assert "# resamples the training rows only" in code
    # without a sampler nothing is resampled, and the comment does not say otherwise
    plain = pipeline_code("logistic", [], class_weight=True)
    assert plain.endswith("pipeline.fit(X, y)\n") and "make(" not in plain and "class_weight=True" in plain


# A deliberate difference: SMOTE counts rows, not weights. A row repeated twice is two parents and changes
# the neighbours of the others; a row of weight 2 is one parent whose synthetic rows carry weight 2
# (docs/weights-and-tables.md). So weights and repetition give different synthetic rows, by design.
EXPECTED_FAILURES = {"check_sample_weight_equivalence_on_dense_data": "SMOTE counts rows, not weights"}


@parametrize_with_checks([ResampledClassifier(SMOTE(k_neighbors=2, random_state=0), LogisticRegression()),
                          ResampledClassifier(None, LogisticRegression(), class_weight="balanced")],
                         expected_failed_checks=lambda estimator: EXPECTED_FAILURES if estimator.sampler is not None
                         else {})
def test_scikit_learn_checks(estimator, check):
    check(estimator)


def test_pandas_in_keeps_feature_names():
    X, y = data(200)
    frame = pd.DataFrame(X, columns=[f"c{i}" for i in range(X.shape[1])])
    fitted = ResampledClassifier(make("smote", random_state=0), LogisticRegression()).fit(frame, y)
    assert list(fitted.feature_names_in_) == list(frame.columns) and fitted.n_features_in_ == X.shape[1]

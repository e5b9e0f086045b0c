"""Sample weights through the check, Compare and the advice's pipeline (issue 30, part B): training folds
carry the weights through the sampler to the model, every test-fold score is weighted as scikit-learn
weights it, weighted and unweighted scores are never reused for each other, and the pipeline gives the
model exactly the sampler's resampled weights, with or without scikit-learn's metadata routing."""

import numpy as np
import pandas as pd
import pytest
import sklearn
from sklearn.base import clone
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, balanced_accuracy_score, brier_score_loss
from sklearn.model_selection import StratifiedKFold, cross_validate as sk_cross_validate

from smote_core import advise, make
from smote_core.candidates import baseline
from smote_core.crossval import cross_validate
from smote_core.evaluation import compare_table
from smote_core.models import make_model
from smote_core.pipeline import build_pipeline


class Spy(LogisticRegression):
    """Logistic regression that records the weights each fit receives (on the instance and, for clones
    fitted out of reach, in the class's list)."""

    received = []

    def fit(self, X, y, sample_weight=None):
        self.seen_ = None if sample_weight is None else np.asarray(sample_weight).copy()
        Spy.received.append((len(y), self.seen_))
        return super().fit(X, y, sample_weight=sample_weight)


@pytest.fixture(autouse=True)
def _reset():
    Spy.received = []


def table(n=300, seed=0):
    X, y = make_classification(n, 4, n_informative=3, n_redundant=0, weights=[0.85], flip_y=0.03, random_state=seed)
    frame = pd.DataFrame(X, columns=["a", "b", "c", "d"]).assign(y=y)
    # weights that matter: the minority rows with a large first feature weigh ten times the rest
    frame["w"] = np.where((frame["y"] == 1) & (frame["a"] > 0), 10.0, 1.0) * np.random.default_rng(seed).uniform(0.5, 1.5, n)
    return frame


def test_weighted_scores_equal_scikit_learns_weighted_metrics_on_the_same_fits():
    frame = table()
    X, y, w = frame[["a", "b", "c", "d"]], frame["y"].to_numpy(), frame["w"].to_numpy()
    folds = list(StratifiedKFold(3, shuffle=True, random_state=0).split(X, y))
    weighted = cross_validate(X, y, [baseline("none")], cv=folds, sample_weight=w)
    plain = cross_validate(X, y, [baseline("none")], cv=folds)
    for i, (train, test) in enumerate(folds):
        model = make_model("logistic", X).fit(X.iloc[train], y[train], logisticregression__sample_weight=w[train])
        proba = model.predict_proba(X.iloc[test])[:, 1]
        expected = {"average_precision": average_precision_score(y[test], proba, sample_weight=w[test]),
                    "brier": brier_score_loss(y[test], proba, sample_weight=w[test]),
                    "balanced_accuracy": balanced_accuracy_score(y[test], proba > 0.5, sample_weight=w[test])}
        for metric, value in expected.items():
            assert weighted.values["none"][metric][i] == pytest.approx(value, abs=1e-12)
            assert plain.values["none"][metric][i] != pytest.approx(value, abs=1e-4)
    assert weighted.weights and not plain.weights


def test_every_fit_of_a_weighted_comparison_gets_weights_the_tuned_threshold_included():
    frame = table()
    X, y, w = frame[["a", "b", "c", "d"]], frame["y"].to_numpy(), frame["w"].to_numpy()
    candidates = [baseline("none"), baseline("threshold")]
    weighted = cross_validate(X, y, candidates, model=Spy(), cv=3, sample_weight=w)
    sizes = {n for n, _ in Spy.received}
    assert all(seen is not None for _, seen in Spy.received)
    assert min(sizes) < min(len(y) - len(t) for t in weighted.y_test)  # the tuner's inner folds were weighted
    plain = cross_validate(X, y, candidates, model=Spy(), cv=3)
    assert weighted.mean("threshold", "f1_minority") != pytest.approx(plain.mean("threshold", "f1_minority"), abs=1e-6)


def test_weighted_and_unweighted_scores_are_never_reused_for_each_other():
    frame = table()
    X, y, w = frame[["a", "b", "c", "d"]], frame["y"].to_numpy(), frame["w"].to_numpy()
    candidates = [baseline("none"), baseline("class_weight")]
    plain = cross_validate(X, y, candidates, cv=3)
    weighted = cross_validate(X, y, candidates, cv=3, sample_weight=w, known=plain)
    assert weighted.fits > 0
    assert weighted.mean("none", "average_precision") != pytest.approx(plain.mean("none", "average_precision"))
    again = cross_validate(X, y, candidates, cv=3, sample_weight=w, known=weighted)
    assert again.fits == 0
    other = cross_validate(X, y, candidates, cv=3, sample_weight=w * np.r_[2.0, np.ones(len(w) - 1)], known=weighted)
    assert other.fits > 0


def test_bad_weights_raise_one_clear_error_each():
    frame = table(100)
    X, y = frame[["a", "b"]], frame["y"].to_numpy()
    with pytest.raises(ValueError, match="100 rows but sample_weight has 99 weights"):
        cross_validate(X, y, [baseline("none")], cv=3, sample_weight=np.ones(99))
    cases = {"negative": (-1.0, "negative"), "missing": (np.nan, r"missing \(NaN\)")}
    for column, (value, message) in cases.items():
        bad = frame.assign(w=frame["w"].where(frame.index != 3, value))
        with pytest.raises(ValueError, match=message):
            advise(bad, "y", weight="w", check=False)
        with pytest.raises(ValueError, match=message):
            compare_table(bad, "y", ["smote"], weight="w", repeats=1)
    with pytest.raises(ValueError, match="is the target"):
        advise(frame, "y", weight="y", check=False)
    with pytest.raises(ValueError, match="weight column 'z' not found"):
        advise(frame, "y", weight="z", check=False)
    with pytest.raises(ValueError, match="takes no sample_weight"):
        cross_validate(X, y, [baseline("none")], model=_NoWeights(), cv=3, sample_weight=frame["w"])


class _NoWeights(LogisticRegression):
    def fit(self, X, y):
        return super().fit(X, y)


def test_the_weighted_check_leaves_the_weights_out_of_the_features_and_says_so():
    frame = table()
    weighted = advise(frame, "y", weight="w", repeats=1)
    plain = advise(frame.drop(columns="w"), "y", repeats=1)
    assert "w" not in weighted.profile.numeric_columns + weighted.profile.categorical_columns
    assert weighted.check.weight == "w" and plain.check.weight is None
    assert weighted.check.protocol_text().endswith("; scores weighted by column 'w'")
    assert "weighted" not in plain.check.protocol_text()
    assert weighted.check.scores.mean("none", "average_precision") != pytest.approx(
        plain.check.scores.mean("none", "average_precision"))
    # Compare runs the check's protocol: the same candidate scores the same, weighted
    compared = compare_table(frame, "y", ["smote"], repeats=1)
    assert compared.attrs["weight"] is None
    compared = compare_table(frame, "y", ["smote"], repeats=1, weight="w")
    none = compared[(compared["technique"] == "none") & (compared["metric"] == "average_precision")]
    assert none["mean"].iloc[0] == pytest.approx(weighted.check.scores.mean("none", "average_precision"))
    assert compared.attrs["weight"] == "w" and compared.attrs["weights"] == weighted.check.scores.weights
    assert compared.attrs["protocol_text"] == weighted.check.protocol_text()


def resampled_weights(sampler, X, y, w):
    return np.asarray(clone(sampler).fit_resample(X, y, sample_weight=w)[2])


def test_the_advice_pipeline_gives_the_model_the_samplers_resampled_weights():
    frame = table()
    advice = advise(frame, "y", weight="w", check=False)
    X, y, w = frame[advice.profile.numeric_columns], frame["y"].to_numpy(), frame["w"].to_numpy()
    pipeline = advice.pipeline(estimator=Spy()).fit(X, y, sample_weight=w)
    seen = pipeline.estimator_.seen_
    np.testing.assert_array_equal(seen, resampled_weights(pipeline.sampler, X, y, w))
    np.testing.assert_array_equal(seen[: len(w)], w)  # originals keep theirs
    provenance = pipeline.sampler_.provenance_
    assert len(provenance) > 0
    np.testing.assert_array_equal(seen[provenance["row"]], w[provenance["parent"]])  # synthetic: the parent's


def test_the_advice_pipeline_routes_the_resampled_weights_under_metadata_routing():
    frame = table()
    advice = advise(frame, "y", weight="w", check=False)
    X, y, w = frame[advice.profile.numeric_columns], frame["y"].to_numpy(), frame["w"].to_numpy()
    with sklearn.config_context(enable_metadata_routing=True):
        pipeline = advice.pipeline(estimator=Spy().set_fit_request(sample_weight=True))
        pipeline.set_score_request(sample_weight=True)
        found = sk_cross_validate(pipeline, X, y, cv=3, params={"sample_weight": w}, return_estimator=True,
                                  return_indices=True)
        for fitted, train in zip(found["estimator"], found["indices"]["train"]):
            np.testing.assert_array_equal(fitted.estimator_.seen_,
                                          resampled_weights(pipeline.sampler, X.iloc[train], y[train], w[train]))
        # a model that declines the weights trains without them; the sampler still carries them
        declined = advice.pipeline(estimator=Spy().set_fit_request(sample_weight=False)).fit(X, y, sample_weight=w)
        assert declined.estimator_.seen_ is None
        # the tuned threshold (scikit-learn's tuner takes weights only under routing) passes them on too
        tuned = build_pipeline(Spy().set_fit_request(sample_weight=True), sampler=clone(pipeline.sampler),
                               threshold_metric="f1_minority", minority=1).fit(X, y, sample_weight=w)
        np.testing.assert_array_equal(tuned.estimator_.estimator_.seen_, resampled_weights(pipeline.sampler, X, y, w))

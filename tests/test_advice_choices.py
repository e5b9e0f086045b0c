"""What the checked advice recommends on data whose answer is known, and the errors it gives for bad input."""

import numpy as np
import pandas as pd
import pytest
from sklearn.neighbors import KNeighborsClassifier

from smote_core import advise
from smote_core.advisor import Advice
from smote_core.candidates import parse
from smote_core.models import make_model
from smote_core.pipeline import build_pipeline


def gaussian(n=900, minority=0.08, shift=1.4, seed=0):
    """Two Gaussian classes with one covariance: logistic regression is the right model; only where it cuts
    the probabilities decides its decisions."""
    rng = np.random.RandomState(seed)
    is_minority = rng.rand(n) < minority
    X = rng.normal(size=(n, 4)) + shift * is_minority[:, None] * np.array([1.0, 0.6, 0.0, 0.0])
    frame = pd.DataFrame(X, columns=["a", "b", "c", "d"])
    frame["y"] = np.where(is_minority, "yes", "no")
    return frame


def wide(n=500, columns=120, minority=0.08, seed=0):
    """Many columns and few minority rows: reweighting or resampling the minority bends a logistic
    regression towards those few rows, while moving the threshold leaves the fit alone."""
    rng = np.random.RandomState(seed)
    is_minority = rng.rand(n) < minority
    X = rng.normal(size=(n, columns))
    X[is_minority, :3] += 2.4
    frame = pd.DataFrame(X, columns=[f"c{i}" for i in range(columns)])
    frame["y"] = np.where(is_minority, "yes", "no")
    return frame


def test_where_a_tuned_threshold_beats_every_sampler_the_advice_is_to_move_the_threshold():
    frame = wide()
    advice = advise(frame, "y", metric="balanced_accuracy", repeats=3)
    choice = advice.choice
    assert advice.recommended == "threshold" and not advice.resamples, choice.table
    for candidate in choice.table["candidate"]:  # every resampler and the weights are clearly behind
        if parse(candidate).resamples or candidate == "class_weight":
            assert not choice.row(candidate)["within_noise"], candidate
    fitted = advice.pipeline().fit(frame.drop(columns="y"), frame["y"])
    assert 0 < fitted.best_threshold_ < 0.5  # moved towards the minority
    # the same fits, asked for F1: chosen again, nothing fitted
    fits = advice.check.scores.fits
    advice.for_metric("f1_minority").recommended
    assert advice.check.scores.fits == fits


def test_where_smote_clearly_wins_it_is_not_replaced_by_a_simpler_option():
    """Five nearest neighbours see few minority rows in a 5% minority, and their probabilities come in steps of
    a fifth, so no threshold reaches what SMOTE's filled-in neighbourhoods do for balanced accuracy; class
    weights cannot reach a k-NN model at all."""
    frame = gaussian(n=1500, minority=0.05, shift=2.0, seed=1)
    advice = advise(frame, "y", model=KNeighborsClassifier(5), metric="balanced_accuracy", repeats=2)
    choice = advice.choice
    assert advice.resamples and parse(advice.recommended).technique == "smote", choice.table
    for simpler in ("none", "threshold"):
        assert not choice.row(simpler)["within_noise"]
    assert "class_weight" in advice.check.skipped  # k-NN takes no weights: said, not hidden
    assert "earns its place" in advice.reason


def test_a_minority_of_eight_rows_gets_an_answer_that_states_its_uncertainty():
    frame = gaussian(n=200, minority=0.0, seed=2)
    frame.loc[:7, "y"] = "yes"
    frame.loc[:7, ["a", "b"]] += 1.5
    advice = advise(frame, "y", metric="balanced_accuracy")
    assert advice.check.repeats == 20 and advice.check.smallest_class == 8
    assert advice.choice.certainty.startswith("With only 8 rows in the smallest class the scores swing")
    assert "± " in advice.choice.certainty and advice.recommended in set(advice.choice.contenders)


def test_bad_input_is_one_clear_error():
    frame = gaussian(n=300)
    with pytest.raises(ValueError, match="neither predict_proba nor decision_function"):
        advise(frame, "y", model=object())
    with pytest.raises(ValueError, match="unknown metric 'recall'"):
        advise(frame, "y", metric="recall")
    with pytest.raises(ValueError, match="unknown model 'svm'"):
        advise(frame, "y", model="svm")
    tiny = frame.copy()
    tiny["y"] = "no"
    tiny.loc[:1, "y"] = "yes"
    with pytest.raises(ValueError, match="class 'yes' has 2 row.*at least 5 of every class.*Add rows"):
        build_pipeline(make_model(), threshold_metric="balanced_accuracy", minority="yes").fit(
            tiny.drop(columns="y"), tiny["y"])
    checked = advise(tiny, "y", metric="balanced_accuracy", repeats=1)  # the check leaves it out, and says why
    assert "at least 5 of every class" in checked.check.skipped["threshold"]
    assert any("No resampling, tuned threshold was left out of the check" in c for c in checked.caveats)


def test_a_minority_of_four_rows_gets_a_pipeline_it_can_fit(monkeypatch):
    """A tree ensemble's check tunes a threshold on three inner folds, so it can recommend one where the smallest
    class has four rows; the pipeline then tunes on four folds instead of failing on five."""
    frame = gaussian(n=120, minority=0.0, seed=3)
    frame.loc[:3, "y"] = "yes"
    frame.loc[:3, ["a", "b"]] += 2.0
    X, y = frame.drop(columns="y"), frame["y"]
    with pytest.raises(ValueError, match="class 'yes' has 4 row.*at least 5"):
        build_pipeline(make_model("hist_gradient_boosting"), threshold_metric="balanced_accuracy",
                       minority="yes").fit(X, y)
    advice = advise(frame, "y", metric="balanced_accuracy", model="hist_gradient_boosting", check=False)
    monkeypatch.setattr(Advice, "recommended", property(lambda self: "threshold"))
    assert advice.inner_folds == 4
    fitted = advice.pipeline().fit(X, y)
    assert 0 < fitted.best_threshold_ < 1 and set(fitted.predict(X)) <= {"yes", "no"}
    assert "inner_folds=4" in advice.pipeline_code()
    assert advise(gaussian(n=300), "y", check=False).inner_folds == 5

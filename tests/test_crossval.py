"""The cross-validation engine: fit once and use many times, racing, reuse, and one protocol everywhere."""

import time

import numpy as np
import pandas as pd
import pytest
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression

from smote_core import advise, crossval
from smote_core.candidates import baseline, for_check, from_sampler, technique, with_threshold
from smote_core.check import check_frame, protocol_text
from smote_core.crossval import cross_validate, plan, repeats_for
from smote_core.datasets import load_dataset
from smote_core.evaluation import compare_table
from smote_core.metrics import METRICS, THRESHOLD_METRICS
from smote_core.models import CHECK_INNER_FOLDS, CHECK_SIZING, make_model
from smote_core.pipeline import INNER_FOLDS


class CountingLogistic(ClassifierMixin, BaseEstimator):
    """Logistic regression that counts its fits (a class attribute, shared by clones)."""

    fits = 0

    def __init__(self, C=1.0):
        self.C = C

    def fit(self, X, y):
        CountingLogistic.fits += 1
        self.model_ = LogisticRegression(C=self.C).fit(X, y)
        self.classes_ = self.model_.classes_
        return self

    def predict_proba(self, X):
        return self.model_.predict_proba(X)

    def predict(self, X):
        return self.model_.predict(X)


class LabelShuffler(BaseEstimator):
    """A harmful 'sampler': returns the rows with their labels shuffled."""

    def __init__(self, random_state=None):
        self.random_state = random_state

    def fit_resample(self, X, y):
        return X, np.random.RandomState(self.random_state).permutation(np.asarray(y))


class Unhurried(BaseEstimator):
    """A 'sampler' that keeps the rows as they are and takes ``pause`` seconds to do it."""

    def __init__(self, pause=0.1):
        self.pause = pause

    def fit_resample(self, X, y):
        time.sleep(self.pause)
        return X, y


def data(n=600, seed=0):
    return make_classification(n, 6, n_informative=4, weights=[0.85], flip_y=0.02, random_state=seed)


@pytest.fixture(autouse=True)
def _reset():
    CountingLogistic.fits = 0


def test_a_threshold_twin_shares_its_base_fit_and_its_inner_fits_serve_every_metric():
    X, y = data()
    scores = cross_validate(X, y, [baseline("none"), baseline("threshold")], model=CountingLogistic(), cv=4)
    # per fold: one fit for both candidates, and the inner fits, shared by every tuned metric
    assert CountingLogistic.fits == scores.fits == 4 * (1 + INNER_FOLDS)
    for metric in ("average_precision", "roc_auc", "brier"):  # a threshold changes no probability
        assert np.array_equal(scores.folds("none", metric), scores.folds("threshold", metric))
    assert scores.mean("threshold", "balanced_accuracy") > scores.mean("none", "balanced_accuracy") + 0.05
    found = scores.thresholds["threshold"]
    assert set(found) == set(THRESHOLD_METRICS) and np.all((found["f1_minority"] > 0) & (found["f1_minority"] < 1))
    assert np.array_equal(found["g_mean"], found["balanced_accuracy"])  # G-mean is served by the same threshold


@pytest.mark.parametrize("model", sorted(CHECK_SIZING))
def test_a_tree_ensemble_sized_for_the_check_tunes_its_threshold_on_fewer_inner_folds(model):
    X, y = data(300)
    candidates = [baseline("none"), baseline("threshold")]
    sized = cross_validate(X, y, candidates, model=model, cv=3, for_check=True)
    standard = cross_validate(X, y, candidates, model=model, cv=3)
    assert sized.fits == 3 * (1 + CHECK_INNER_FOLDS) and standard.fits == 3 * (1 + INNER_FOLDS)
    assert CHECK_INNER_FOLDS < INNER_FOLDS


def test_every_metric_comes_from_the_same_fits():
    X, y = data()
    scores = cross_validate(X, y, [baseline("none"), technique("smote")], model=CountingLogistic(), cv=3)
    fits = CountingLogistic.fits
    results = scores.results()
    assert set(results["metric"]) == {m.id for m in METRICS} and CountingLogistic.fits == fits == 6


def test_racing_stops_a_clearly_harmful_candidate_and_keeps_what_it_ran():
    X, y = data(800)
    candidates = [baseline("none"), baseline("class_weight"), technique("smote"),
                  from_sampler(LabelShuffler(), "shuffled", "Labels shuffled")]
    scores = cross_validate(X, y, candidates, cv=5, repeats=3, race=True)
    assert set(scores.dropped) == {"shuffled"} and scores.dropped["shuffled"] < 3
    ran = ~np.isnan(scores.folds("shuffled", "roc_auc"))
    drawn = 5 * scores.dropped["shuffled"]
    assert ran[:drawn].all() and not ran[drawn:].any()
    assert not np.isnan(scores.folds("smote", "roc_auc")).any()
    unraced = cross_validate(X, y, candidates, cv=5, repeats=3)
    assert np.array_equal(unraced.folds("smote", "roc_auc"), scores.folds("smote", "roc_auc"))  # same seeds per fold
    assert unraced.fits > scores.fits


def test_workers_and_their_schedule_change_no_score():
    X, y = data(500)
    candidates = [baseline("none"), baseline("threshold"), baseline("class_weight"), technique("smote"),
                  technique("smote-enn"), technique("random-over")]
    runs = [cross_validate(X, y, candidates, cv=4, repeats=3, race=True, threshold_best=True, n_jobs=n_jobs)
            for n_jobs in (None, 2)]
    serial, in_workers = runs
    assert [c.id for c in serial.candidates] == [c.id for c in in_workers.candidates]
    assert serial.fits == in_workers.fits and serial.dropped == in_workers.dropped
    for candidate in serial.candidates:
        for metric in METRICS:
            assert np.array_equal(serial.folds(candidate.id, metric.id), in_workers.folds(candidate.id, metric.id),
                                  equal_nan=True)


def test_the_time_left_weighs_each_candidates_folds_by_what_they_took(monkeypatch):
    monkeypatch.setattr(crossval, "time_left", lambda seconds: f"{seconds:.4f}")  # the engine's estimate, raw
    reports = []
    X, y = data(300)
    candidates = [baseline("none"), baseline("class_weight"), technique("random-over"),
                  from_sampler(Unhurried(0.2), "unhurried", "Unhurried")]
    cross_validate(X, y, candidates, cv=3, repeats=2,
                   progress=lambda done, total, text: reports.append((time.perf_counter(), done, total, text)))
    end = time.perf_counter()
    # the first drawing's unhurried folds are done (the dearest go first): left are the next drawing's three
    # and fifteen quick folds
    at, done, total, text = next(r for r in reports if r[3].startswith("Unhurried, fold 3 of 6"))
    estimate, actual = float(text.split(" · ")[-1]), end - at
    assert 0.6 * actual < estimate < 1.6 * actual, (estimate, actual)
    by_pace = (at - reports[0][0]) / (done - 1) * (total - done)  # every fold as dear as the mean so far
    assert not 0.6 * actual < by_pace < 1.6 * actual, (by_pace, actual)  # why the pace of folds is not used
    assert " · " not in reports[-1][3]  # nothing left: no estimate


def test_the_best_technique_is_also_tried_with_a_tuned_threshold():
    X, y = data()
    scores = cross_validate(X, y, [baseline("none"), technique("smote"), technique("random-over")], cv=3,
                            repeats=2, threshold_best=True)
    twins = [c.id for c in scores.candidates if c.id.endswith("+threshold")]
    assert len(twins) == 1
    base = twins[0].removesuffix("+threshold")
    assert scores.mean(base, "average_precision") >= max(scores.mean(t, "average_precision")
                                                         for t in ("smote", "random-over")) - 1e-12
    assert not np.isnan(scores.folds(twins[0], "balanced_accuracy")).any()


def test_known_scores_are_reused_without_fitting_again():
    X, y = data()
    first = cross_validate(X, y, [baseline("none"), technique("smote")], model=CountingLogistic(), cv=3, repeats=2)
    before = CountingLogistic.fits
    second = cross_validate(X, y, [baseline("none"), technique("smote"), technique("random-over")],
                            model=CountingLogistic(), cv=3, repeats=2, known=first)
    assert CountingLogistic.fits - before == second.fits == 6  # random over-sampling only
    assert np.array_equal(first.folds("smote", "roc_auc"), second.folds("smote", "roc_auc"))
    other_params = cross_validate(X, y, [technique("smote", {"k_neighbors": 3})], model=CountingLogistic(), cv=3,
                                  repeats=2, known=first)
    assert other_params.fits == 6  # different settings: fitted, not taken


@pytest.fixture(scope="module")
def arc_advice():
    frame, target = load_dataset("arc")
    return frame, target, advise(frame, target, repeats=2)


def test_a_named_model_is_checked_with_a_tuned_threshold_for_the_rows_as_they_are_only(arc_advice):
    # a sampler's tuned-threshold twin cost a quarter of the logistic check and did not lower its regret
    ids = [c.id for c in arc_advice[2].check.scores.candidates]
    assert "threshold" in ids and [i for i in ids if i.endswith("+threshold")] == []


def test_the_boosters_check_also_tries_the_best_sampler_with_a_tuned_threshold():
    # with gradient boosting the held-out winners on balanced accuracy were often a sampler with a moved
    # threshold (docs/advice.md, section 6); the forest and logistic regression leave the twin out
    frame, target = load_dataset("arc")
    for model, twins in (("hist_gradient_boosting", 1), ("random_forest", 0)):
        scores = advise(frame, target, model=model, repeats=2).check.scores
        found = [c.id for c in scores.candidates if c.id.endswith("+threshold")]
        assert len(found) == twins, (model, found)
        if found:
            assert not np.isnan(scores.folds(found[0], "balanced_accuracy")).any()


def test_compare_and_the_check_give_the_same_score_for_the_same_candidate(arc_advice):
    frame, target, advice = arc_advice
    results = compare_table(check_frame(frame, advice.profile), target, ["smote", "borderline-smote"], repeats=2)
    compared = results.set_index(["technique", "metric"])["mean"]
    checked = advice.check.results.set_index(["technique", "metric"])["mean"]
    for candidate in ("none", "threshold", "class_weight", "smote", "borderline-smote"):
        if not advice.check.scores.dropped.get(candidate):
            for metric in ("average_precision", "balanced_accuracy", "brier"):
                assert compared[candidate, metric] == checked[candidate, metric]


def test_scores_come_from_rows_the_model_never_saw():
    """Random labels: every candidate's ROC-AUC stays near 0.5; scoring on training rows would not."""
    rng = np.random.RandomState(3)
    frame = pd.DataFrame(rng.normal(size=(600, 4)), columns=list("abcd"))
    frame["y"] = np.where(rng.rand(600) < 0.2, "yes", "no")
    advice = advise(frame, "y", model="random_forest", repeats=1)
    roc = advice.check.results.query("metric == 'roc_auc'").set_index("technique")["mean"]
    assert np.all(np.abs(roc - 0.5) < 0.08), roc


def test_the_plan_is_one_for_every_page():
    y = np.r_[np.zeros(11_000, int), np.ones(1_000, int)]
    chosen = plan(y, max_rows=3_000)
    assert len(chosen.rows) == 3_000 and chosen.cv == 5 and chosen.repeats == repeats_for(3_000, 1_000) == 3
    assert np.bincount(y[chosen.rows])[1] == 250
    tiny = plan(np.r_[np.zeros(200, int), np.ones(8, int)])
    assert tiny.repeats == 20 and tiny.smallest_class == 8 and tiny.cv == 5
    with pytest.raises(ValueError, match="fewer than 2 rows"):
        plan(np.r_[np.zeros(50, int), np.ones(1, int)])


def test_check_candidates_follow_the_tree_and_the_data():
    frame, target = load_dataset("customers")
    advice = advise(frame, target, check=False)
    ids = [c.id for c in for_check(advice)]
    assert ids[:3] == ["none", "threshold", "class_weight"]
    assert advice.technique in ids and not {"smote", "borderline-smote"} & set(ids)  # numbers-only techniques
    twin = with_threshold(technique("smote"))
    assert twin.id == "smote+threshold" and twin.simplicity == technique("smote").simplicity + 0.5


def test_several_models_share_each_folds_resampled_rows():
    calls = []

    class Recording(LabelShuffler):
        def fit_resample(self, X, y):
            calls.append(len(y))
            return X, np.asarray(y)

    X, y = data(300)
    from smote_core.crossval import cross_validate_models
    both = cross_validate_models(X, y, [baseline("none"), from_sampler(Recording(), "same", "Unchanged")],
                                 {"logistic": "logistic", "counting": CountingLogistic()}, cv=3)
    assert len(calls) == 3  # one resampling per fold, for both models
    assert CountingLogistic.fits == 6 and both["counting"].fits == 6
    alone = cross_validate(X, y, [baseline("none")], model="logistic", cv=3)
    assert np.array_equal(alone.folds("none", "roc_auc"), both["logistic"].folds("none", "roc_auc"))
    assert np.array_equal(both["logistic"].folds("same", "roc_auc"), both["logistic"].folds("none", "roc_auc"))


def test_a_frame_of_floats_scores_as_its_array_does_as_a_frame():
    X, y = data()
    frame = pd.DataFrame(X, columns=[f"x{i}" for i in range(X.shape[1])])
    candidates = [baseline("none"), technique("smote"), technique("borderline-smote")]
    named = cross_validate(frame, y, candidates, model="logistic", cv=3)  # searched and fitted as a float array
    given = cross_validate(frame, y, candidates, model=make_model("logistic", frame), cv=3)  # kept as a frame
    for candidate in candidates:
        for metric in METRICS:
            # equal to rounding: a frame's columns reach the model in another memory order, which moves sums
            # in the last bits, never a decision
            np.testing.assert_allclose(named.folds(candidate.id, metric.id), given.folds(candidate.id, metric.id),
                                       rtol=0, atol=1e-9)


def test_the_protocol_says_how_the_model_was_sized_and_how_often_the_folds_were_drawn():
    X, y = data(200)
    scores = cross_validate(X, y, [baseline("none")], model="random_forest", cv=3, repeats=2, for_check=True)
    assert (f"random forest ({CHECK_SIZING['random_forest']}), 3-fold stratified cross-validation drawn twice on "
            "all 200 rows") in protocol_text(scores, 200, 200)

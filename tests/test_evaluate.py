"""Leakage-safe evaluation: folds, baselines, metrics, the leaky teaching mode, and the verdict."""

import numpy as np
import pandas as pd
import pytest
from imblearn.metrics import geometric_mean_score
from sklearn.base import BaseEstimator
from sklearn.datasets import make_classification
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import brier_score_loss
from sklearn.model_selection import RepeatedStratifiedKFold
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier
from sklearn.svm import SVC

from smote_core import SMOTE
from smote_core.datasets import load_dataset
from smote_core.evaluation import METRICS, evaluate, fold_values, pivot, scores_of, verdict
from smote_core.metrics import fold_scores


class SpySampler(BaseEstimator):
    """Records the first column (a row id) of every X it is asked to resample; returns it unchanged."""

    seen = []

    def __init__(self, random_state=None):
        self.random_state = random_state

    def fit_resample(self, X, y):
        SpySampler.seen.append(np.asarray(X)[:, 0].astype(int).copy())
        return X, y


@pytest.fixture
def spy():
    SpySampler.seen = []
    return SpySampler()


def imbalanced(n=600, weights=(0.85,), n_classes=2, seed=0):
    return make_classification(n, 6, n_informative=4, n_classes=n_classes, weights=list(weights),
                               flip_y=0.02, random_state=seed)


def test_random_labels_give_chance_scores_unless_resampled_before_splitting():
    rng = np.random.RandomState(3)
    X = rng.normal(size=(1200, 4))
    y = (rng.rand(1200) < 0.15).astype(int)
    forest = RandomForestClassifier(n_estimators=30, min_samples_leaf=2, random_state=0)
    right = evaluate(X, y, ["smote", "random-over"], model=forest, cv=4)
    roc = right[right["metric"] == "roc_auc"].set_index("technique")["mean"]
    assert set(roc.index) == {"none", "threshold", "class_weight", "smote", "random-over"}
    assert np.all(np.abs(roc - 0.5) < 0.07), roc

    leaky = evaluate(X, y, ["smote"], model=forest, cv=4, leaky=True)
    leaky_roc = leaky[(leaky["metric"] == "roc_auc") & (leaky["technique"] == "smote")].iloc[0]
    assert leaky_roc["mean"] > 0.75
    assert leaky_roc["protocol"] == "leaky" and "leaky" in leaky_roc["label"]
    assert leaky.attrs["protocol"] == "leaky"


def test_a_folds_test_rows_never_reach_the_sampler(spy):
    X, y = imbalanced(n=200)
    X = np.column_stack([np.arange(len(y)), X])  # column 0: the row id the spy records
    evaluate(X, y, [spy], cv=4, repeats=2, random_state=5)
    assert len(SpySampler.seen) == 8
    for repeat in range(2):
        calls = SpySampler.seen[repeat * 4:(repeat + 1) * 4]
        held_out = [np.setdiff1d(np.arange(len(y)), seen) for seen in calls]
        # what the sampler missed in each call is one test fold: disjoint, together covering every row
        assert np.array_equal(np.sort(np.concatenate(held_out)), np.arange(len(y)))
        for seen, missed in zip(calls, held_out):
            assert len(np.unique(seen)) == len(seen) == len(y) - len(missed)
            assert 45 <= len(missed) <= 55
    # and those folds are the stratified folds every technique is scored on
    folds = RepeatedStratifiedKFold(n_splits=4, n_repeats=2, random_state=5).split(X, y)
    for (train, test), seen in zip(folds, SpySampler.seen):
        assert np.array_equal(np.sort(seen), train)
        assert np.intersect1d(seen, test).size == 0


def test_the_leaky_mode_hands_the_sampler_every_row(spy):
    X, y = imbalanced(n=120)
    X = np.column_stack([np.arange(len(y)), X])
    evaluate(X, y, [spy], cv=3, leaky=True)
    assert len(SpySampler.seen) == 1
    assert np.array_equal(np.sort(SpySampler.seen[0]), np.arange(len(y)))


def test_every_technique_is_scored_on_the_same_folds(spy):
    """A sampler that changes nothing must score exactly like the no-resampling baseline."""
    X, y = imbalanced()
    results = evaluate(X, y, [spy, "smote"], cv=3, repeats=2)
    none = results[results["technique"] == "none"].set_index("metric")["folds"]
    same = results[results["technique"] == "SpySampler"].set_index("metric")["folds"]
    for metric in none.index:
        assert np.allclose(none[metric], same[metric])
    smote = results[results["technique"] == "smote"].set_index("metric")["folds"]
    assert not np.allclose(smote["brier"], none["brier"])


def test_result_layout_baselines_first_and_fold_values():
    X, y = imbalanced()
    seen = []
    results = evaluate(X, y, ["smote", "random-over", "smote"], cv=3, repeats=2,
                       progress=lambda done, total, text: seen.append((done, total, text)))
    assert list(results["technique"].unique()) == ["none", "threshold", "class_weight", "smote", "random-over"]
    assert len(results) == 5 * len(METRICS)
    assert results["folds"].map(len).eq(6).all()
    assert np.allclose(results["mean"], results["folds"].map(np.mean))
    assert np.allclose(results["std"], results["folds"].map(lambda v: np.std(v, ddof=1)))
    # ± everywhere: the corrected standard error of the mean over 6 folds of 3-fold cross-validation
    assert np.allclose(results["se"], results["std"] * np.sqrt(1 / 6 + 1 / 2))
    long = fold_values(results)
    assert len(long) == 5 * len(METRICS) * 6 and set(long["fold"]) == set(range(6))
    # one report per candidate group and fold: no resampling and its tuned threshold are one fit
    assert [d for d, _, _ in seen] == list(range(1, 25)) and {t for _, t, _ in seen} == {24}
    assert pivot(results).shape == (5, len(METRICS))
    assert results.attrs["model"] == "logistic" and results.attrs["minority"] == 1
    assert set(results["protocol"]) == {"correct"}


def test_params_and_sampler_objects_are_labelled_by_what_differs():
    X, y = imbalanced()
    results = evaluate(X, y, ["smote", SMOTE(k_neighbors=3)], cv=3, params={"smote": {"k_neighbors": 7}})
    labels = results.drop_duplicates("technique").set_index("technique")["label"]
    assert labels["smote"] == "SMOTE (k_neighbors=7)"
    assert labels["smote-2"] == "SMOTE (k_neighbors=3)"


def test_same_seed_same_scores_and_parallel_matches_serial():
    X, y = imbalanced(n=200)
    forest = RandomForestClassifier(n_estimators=10)
    a = evaluate(X, y, ["smote"], model=forest, cv=3, random_state=1)
    b = evaluate(X, y, ["smote"], model=forest, cv=3, random_state=1, n_jobs=2)
    assert np.allclose(a["mean"], b["mean"])


@pytest.mark.parametrize("model", ["hist_gradient_boosting", "random_forest"])
def test_named_tree_models_run(model):
    X, y = imbalanced(n=120)
    results = evaluate(X, y, ["smote"], model=model, cv=2)
    assert results["mean"].between(0, 1).all() and len(results) == 4 * len(METRICS)


def test_class_weight_baseline_uses_sample_weight_when_the_model_has_no_class_weight():
    X, y = imbalanced(n=300)
    results = evaluate(X, y, [], model=GaussianNB(), cv=3)
    means = results.pivot_table(index="technique", columns="metric", values="mean")
    # weighting the minority up must move the decisions towards it
    assert means.loc["class_weight", "balanced_accuracy"] != means.loc["none", "balanced_accuracy"]
    assert means.loc["class_weight", "brier"] > means.loc["none", "brier"]


def test_multiclass_uses_macro_averages():
    X, y = imbalanced(n=600, weights=(0.7, 0.2), n_classes=3)
    results = evaluate(X, y, ["smote"], cv=3)
    assert results["mean"].between(0, 1).all() and "threshold" not in set(results["technique"])  # two classes only
    assert results.attrs["minority"] == 2
    assert set(results.loc[results["metric"] == "f1_minority", "metric_label"]) == {"macro F1"}


def test_categorical_columns_are_encoded_for_named_models():
    X, y = imbalanced(n=300)
    frame = pd.DataFrame(X, columns=list("abcdef"))
    frame["colour"] = np.where(X[:, 0] > 0, "red", "blue")
    results = evaluate(frame, y, [], model="logistic", cv=3)
    assert results["mean"].notna().all()


def test_scores_match_the_reference_definitions():
    rng = np.random.RandomState(0)
    y = np.array(["a"] * 30 + ["b"] * 10)
    proba_b = np.clip(rng.rand(40) * 0.6 + (y == "b") * 0.3, 0, 1)
    proba = np.column_stack([1 - proba_b, proba_b])
    scores = fold_scores(y, proba, np.array(["a", "b"]), "b")
    predicted = np.where(proba_b > 0.5, "b", "a")
    assert scores["brier"] == pytest.approx(brier_score_loss(y == "b", proba_b))
    assert scores["g_mean"] == pytest.approx(geometric_mean_score(y, predicted))

    y3 = rng.randint(0, 3, 60)
    p3 = rng.dirichlet(np.ones(3), 60)
    scores3 = fold_scores(y3, p3, np.arange(3), 2)
    onehot = np.eye(3)[y3]
    assert scores3["brier"] == pytest.approx(np.mean([np.mean((p3[:, k] - onehot[:, k]) ** 2) for k in range(3)]))
    assert scores3["g_mean"] == pytest.approx(geometric_mean_score(y3, p3.argmax(1), average="multiclass"))


def test_bad_arguments_say_what_to_do():
    X, y = imbalanced(n=100)
    y = np.r_[np.zeros(96, int), np.ones(4, int)]
    with pytest.raises(ValueError, match="class 1 has 4 rows.*lower cv to at most 4"):
        evaluate(X, y, ["smote"], cv=5)
    with pytest.raises(ValueError, match="SMOTE failed on a training fold.*k_neighbors"):
        evaluate(X, y, ["smote"], cv=4)
    X, y = imbalanced(n=200)
    with pytest.raises(ValueError, match="unknown technique"):
        evaluate(X, y, ["smoote"])
    with pytest.raises(ValueError, match="not among the techniques"):
        evaluate(X, y, ["smote"], params={"adasyn": {}})
    with pytest.raises(ValueError, match="neither predict_proba nor decision_function"):
        evaluate(X, y, ["smote"], model=object())
    with pytest.raises(ValueError, match="neither class_weight nor sample_weight"):
        evaluate(X, y, ["smote"], model=KNeighborsClassifier())
    with pytest.raises(ValueError, match=r"missing values in column\(s\) \[2\]"):
        evaluate(np.where(np.arange(X.size).reshape(X.shape) == 2, np.nan, X), y, ["smote"])
    with pytest.raises(ValueError, match="unknown model"):
        evaluate(X, y, ["smote"], model="svm")


def results_from(folds: dict, protocol="correct", cv=5, model="logistic") -> pd.DataFrame:
    """An evaluate()-shaped frame of ``model`` from {technique: {metric: fold values}} (metrics left out score
    0.5)."""
    rows = []
    for technique, metrics in folds.items():
        n = len(next(iter(metrics.values())))
        for metric in METRICS:
            values = np.asarray(metrics.get(metric.id, [0.5] * n), dtype=float)
            rows.append({"technique": technique, "label": technique.upper(), "protocol": protocol,
                         "metric": metric.id, "metric_label": metric.label, "mean": values.mean(),
                         "std": values.std(ddof=1), "folds": tuple(values)})
    frame = pd.DataFrame(rows)
    frame.attrs.update({"cv": cv, "repeats": 1, "classes": [0, 1], "minority": 1, "model": model})
    return frame


BASE_AP = [0.40, 0.42, 0.41, 0.39, 0.43]
BASE_BRIER = [0.05, 0.05, 0.06, 0.05, 0.05]


def test_verdict_reports_a_clear_gain_and_worse_calibration():
    results = results_from({
        "none": {"average_precision": BASE_AP, "brier": BASE_BRIER},
        "class_weight": {"average_precision": [0.41, 0.42, 0.42, 0.40, 0.43], "brier": [0.09] * 5},
        "smote-enn": {"average_precision": [0.47, 0.48, 0.46, 0.45, 0.49], "brier": [0.10, 0.11, 0.10, 0.10, 0.11]},
    })
    v = verdict(results)
    assert v.best == v.choice.recommended == "smote-enn" and v.clear
    assert v.gain == pytest.approx(0.06) and v.brier_change > 0 and v.calibration == "worse"
    assert "SMOTE-ENN scored best on PR-AUC (0.470" in v.text and "earns its place" in v.text
    assert "made the probabilities worse (Brier score 0.052 → 0.104)" in v.text


def test_verdict_is_honest_when_nothing_helps_or_the_gain_is_noise():
    nothing = results_from({
        "none": {"average_precision": BASE_AP, "brier": BASE_BRIER},
        "class_weight": {"average_precision": [a - 0.02 for a in BASE_AP], "brier": BASE_BRIER},
        "smote": {"average_precision": [a - 0.01 for a in BASE_AP], "brier": BASE_BRIER},
    })
    v = verdict(nothing)
    assert v.best is None and not v.clear and v.choice.recommended == "none"
    assert v.text.startswith("NONE scored best on PR-AUC") and "simplest" in v.text

    folds = {
        "none": {"average_precision": BASE_AP, "brier": BASE_BRIER},
        "class_weight": {"average_precision": BASE_AP, "brier": BASE_BRIER},
        "smote": {"average_precision": [0.45, 0.38, 0.44, 0.37, 0.44], "brier": BASE_BRIER},
    }
    v = verdict(results_from(folds, model="hist_gradient_boosting"))
    assert v.best == v.choice.recommended == "smote" and not v.clear
    assert "within the noise, so the lead is not certain" in v.text and "cannot tell them apart" in v.text
    assert v.calibration == "unchanged" and "Brier" not in v.text
    v = verdict(results_from(folds))  # logistic regression: a ranking lead within the noise keeps the rows
    assert v.best == "smote" and v.choice.recommended == "none" and not v.clear
    assert "ahead of no resampling (0.410 ± 0.011), within the noise" in v.text and "kept as they are" in v.text


def test_verdict_on_brier_and_refuses_leaky_results():
    results = results_from({
        "none": {"average_precision": BASE_AP, "brier": BASE_BRIER},
        "class_weight": {"average_precision": BASE_AP, "brier": [0.03, 0.035, 0.03, 0.032, 0.03]},
    })
    v = verdict(results, metric="brier")
    assert v.best == "class_weight" and v.clear and v.choice.recommended == "class_weight"
    with pytest.raises(ValueError, match="leaky"):
        verdict(results_from({"none": {"brier": BASE_BRIER}}, protocol="leaky"))
    with pytest.raises(ValueError, match="unknown metric"):
        verdict(results, metric="accuracy")


def test_a_table_read_back_judges_as_its_scores():
    X, y = imbalanced()
    results = evaluate(X, y, ["smote", "random-over"], cv=3, repeats=2)
    scores = scores_of(results)
    assert scores.cv == 3 and [c.id for c in scores.candidates] == list(results["technique"].unique())
    assert [c.simplicity for c in scores.candidates] == [0, 1, 2, 4, 3]
    assert np.isclose(scores.mean("smote", "brier"), results.query("technique == 'smote' and metric == 'brier'")["mean"])


def test_verdict_on_a_real_run_names_an_evaluated_technique():
    X, y = imbalanced()
    results = evaluate(X, y, ["smote"], cv=3)
    v = verdict(results, metric="balanced_accuracy")
    assert v.best in {"threshold", "class_weight", "smote"}
    assert v.best_label in v.text


def test_the_package_level_name_runs_the_evaluation_even_after_the_submodule_is_imported():
    import smote_core
    from smote_core import evaluate as public

    X, y = imbalanced(n=150)
    for call in (smote_core.evaluate, public):
        results = call(X, y, ["smote"], cv=2)
        assert list(results["technique"].unique()) == ["none", "threshold", "class_weight", "smote"]


def test_every_named_model_takes_categorical_columns():
    """Histogram gradient boosting takes dense input only: the one-hot encoding of text columns must be dense."""
    frame, target = load_dataset("customers")
    X, y = frame.drop(columns=target), frame[target]
    for model in ("logistic", "random_forest", "hist_gradient_boosting"):
        results = evaluate(X, y, [], model=model, cv=3)
        assert set(results["technique"]) == {"none", "threshold", "class_weight"}
        assert results["mean"].notna().all()

"""The choice rule: the simplest candidate within the noise of the best, and sentences built from its numbers."""

import numpy as np
import pytest

from smote_core.candidates import parse
from smote_core.choice import calibration_change, choose
from smote_core.crossval import Scores, noise
from smote_core.metrics import METRICS


def fake_scores(per_fold: dict, metric="average_precision", cv=5, other=0.5, brier=None, model="logistic") -> Scores:
    """Scores of ``model`` for the candidates ``id -> per-fold values`` on ``metric`` (``other`` on every other
    metric; ``brier``: id -> per-fold Brier scores)."""
    candidates = [parse(c) for c in per_fold]
    values = {}
    for candidate_id, folds in per_fold.items():
        folds = np.asarray(folds, dtype=float)
        values[candidate_id] = {m.id: folds if m.id == metric else np.full(len(folds), other) for m in METRICS}
        if brier and candidate_id in brier:
            values[candidate_id]["brier"] = np.asarray(brier[candidate_id], dtype=float)
    return Scores(candidates, values, {}, {}, [], cv, max(1, len(folds) // cv), np.array([0, 1]), 1, model, False)


def test_a_clearly_best_technique_is_recommended_and_says_it_earned_its_place():
    scores = fake_scores({"none": [.60, .61, .59, .60, .62], "threshold": [.60, .61, .59, .60, .62],
                          "class_weight": [.61, .60, .60, .61, .60], "smote": [.80, .81, .79, .80, .82]})
    choice = choose(scores, "average_precision", tree_pick="smote")
    assert choice.recommended == choice.best == "smote"
    assert choice.contenders == ["smote"]
    assert "ahead of every simpler option by more than the noise" in choice.reason
    assert "clear answer" in choice.certainty


def test_the_best_score_is_followed_and_the_noise_says_how_sure():
    steady = [.70, .72, .69, .71, .70]
    shaky = [.74, .66, .75, .70, .72]  # a higher mean, but its lead swings across folds
    scores = fake_scores({"none": [.5] * 5, "threshold": steady, "class_weight": shaky, "smote": shaky,
                          "borderline-smote": shaky}, metric="balanced_accuracy")
    choice = choose(scores, "balanced_accuracy", tree_pick="borderline-smote")
    # three candidates share the best mean: the simplest of them, class weights, is recommended
    assert choice.recommended == "class_weight" and "the lead is not certain" in choice.reason
    assert set(choice.contenders) == {"threshold", "class_weight", "smote", "borderline-smote"}
    assert "cannot tell them apart" in choice.certainty
    lead = fake_scores({"none": [.5] * 5, "threshold": steady, "smote": shaky}, metric="balanced_accuracy")
    led = choose(lead, "balanced_accuracy")
    assert led.recommended == "smote" and "within the noise, so the lead is not certain" in led.reason


def test_ties_go_to_the_simplest_in_the_documented_order():
    same = [.70, .72, .69, .71, .70]
    ids = ["gaussian-copula", "borderline-smote", "smote", "random-over", "class_weight", "threshold", "none"]
    for n in range(1, len(ids) + 1):
        scores = fake_scores({c: same for c in ids[:n]}, metric="balanced_accuracy")
        assert choose(scores, "balanced_accuracy").recommended == ids[n - 1]
    ranks = [parse(c).simplicity for c in reversed(ids)]
    assert ranks == sorted(ranks) and len(set(ranks)) == len(ranks)
    tree = fake_scores({"adasyn": same, "borderline-smote": same}, metric="balanced_accuracy")
    assert choose(tree, "balanced_accuracy", tree_pick="adasyn").recommended == "adasyn"  # equally simple: the tree's


def test_a_tuned_threshold_is_no_option_where_it_changes_nothing():
    # on PR-AUC the threshold twin scores exactly as no resampling does; it must not be chosen over it
    scores = fake_scores({"none": [.60, .62, .61, .60, .63], "threshold": [.60, .62, .61, .60, .63],
                          "smote": [.61, .62, .60, .61, .62], "smote+threshold": [.61, .62, .60, .61, .62]})
    choice = choose(scores, "average_precision")
    assert "threshold" not in set(choice.table["candidate"]) and "smote+threshold" not in set(choice.table["candidate"])
    assert choice.recommended == "none"
    assert any("A tuned threshold changes nothing for PR-AUC" in note for note in choice.notes)


def test_ties_smaller_than_the_tie_are_ties_however_steady():
    scores = fake_scores({"none": [.9990] * 5, "smote": [.9995, .9996, .9995, .9996, .9995]})
    assert choose(scores, "average_precision").recommended == "none"


def test_the_noise_allows_for_overlapping_training_folds():
    """A gain that the plain standard error (sd / sqrt(J)) calls real, but the corrected one
    (sd * sqrt(1/J + 1/(cv - 1))) does not: 15 folds of 5-fold cross-validation drawn 3 times."""
    gains = np.array([0.04, -0.01, 0.03, 0.00, 0.05, 0.02, -0.02, 0.04, 0.01, 0.03, 0.00, 0.05, -0.01, 0.02, 0.03]) - 0.008
    assert gains.std(ddof=1) / np.sqrt(len(gains)) < gains.mean() <= noise(gains, cv=5)
    smote = 0.70 + np.linspace(-0.02, 0.02, 15)
    scores = fake_scores({"none": smote - gains, "smote": smote}, metric="balanced_accuracy")
    choice = choose(scores, "balanced_accuracy")
    assert choice.recommended == "smote" and set(choice.contenders) == {"smote", "none"}


def test_brier_is_a_goal_where_lower_is_better():
    scores = fake_scores({"none": [.05, .06, .05, .06, .05], "class_weight": [.09, .10, .09, .10, .09],
                          "smote": [.11, .12, .11, .12, .11]}, metric="brier")
    choice = choose(scores, "brier")
    assert choice.best == choice.recommended == "none"
    assert list(choice.table["candidate"]) == ["none", "class_weight", "smote"]


def test_a_tiny_minority_gets_an_answer_that_says_how_sure_it_is():
    scores = fake_scores({"none": [.5, .7, .4, .6, .8], "threshold": [.6, .7, .5, .6, .9],
                          "smote": [.7, .5, .6, .8, .6]}, metric="balanced_accuracy")
    choice = choose(scores, "balanced_accuracy", smallest_class=8)
    assert choice.certainty.startswith("With only 8 rows in the smallest class the scores swing")
    assert "cannot tell them apart" in choice.certainty and len(choice.contenders) > 1


def test_the_trees_pick_beyond_the_noise_is_overruled_in_words():
    scores = fake_scores({"none": [.5] * 5, "smote-enn": [.87, .88, .86, .87, .88], "adasyn": [.72, .70, .73, .71, .70]},
                         metric="balanced_accuracy")
    choice = choose(scores, "balanced_accuracy", tree_pick="adasyn")
    assert choice.recommended == "smote-enn"
    note = next(n for n in choice.notes if "ADASYN" in n)
    assert "more than the noise, so the check overrules it" in note and "0.712" in note


@pytest.mark.parametrize("change, expected", [(+0.02, "worse"), (-0.02, "better"), (0.0, "unchanged")])
def test_calibration_change_reads_the_brier_scores(change, expected):
    base = np.array([.05, .06, .05, .06, .05])
    scores = fake_scores({"none": [.5] * 5, "smote": [.6] * 5}, brier={"none": base, "smote": base + change})
    assert calibration_change(scores, "smote") == expected


def test_an_advisor_that_picked_the_worst_would_fail_here():
    """The rule never recommends a candidate outside the noise of the best: picking the worst is caught."""
    rng = np.random.RandomState(0)
    per_fold = {c: rng.uniform(.5, .9) + rng.normal(0, .01, 10) for c in ("none", "threshold", "class_weight",
                                                                          "random-over", "smote", "adasyn")}
    scores = fake_scores(per_fold, metric="balanced_accuracy")
    choice = choose(scores, "balanced_accuracy")
    worst = choice.table.iloc[-1]
    assert not worst["within_noise"] and choice.recommended != worst["candidate"]
    assert choice.row(choice.recommended)["within_noise"]


def test_for_probabilities_the_rows_stay_as_they_are_unless_a_lead_is_beyond_the_noise():
    none = [.100, .110, .095, .105, .100]
    lucky = [.085, .116, .083, .109, .102]  # a lower (better) mean Brier score, but within the noise
    scores = fake_scores({"none": [.5] * 5, "class_weight": [.5] * 5, "smote": [.5] * 5},
                         brier={"none": none, "class_weight": [.13] * 5, "smote": lucky})
    choice = choose(scores, "brier")
    assert choice.best == "smote" and choice.recommended == "none"
    assert "within the noise" in choice.reason and "the rows are kept as they are" in choice.reason
    gains = np.subtract(none, lucky)
    assert f"{gains.mean():.4f} ± {noise(gains, 5):.4f} ahead of no resampling (0.102 ± " in choice.reason
    # a lead beyond the noise is followed; on other goals the best mean is followed as before
    clear = fake_scores({"none": [.5] * 5, "smote": [.5] * 5}, brier={"none": none, "smote": np.subtract(none, .02)})
    assert choose(clear, "brier").recommended == "smote"
    balanced = fake_scores({"none": none, "smote": [.115, .104, .117, .101, .098]}, metric="balanced_accuracy")
    assert choose(balanced, "balanced_accuracy").recommended == "smote"  # ahead within the noise: followed


def test_for_ranking_with_logistic_regression_the_rows_stay_unless_a_lead_is_beyond_the_noise():
    none = [.100, .110, .095, .105, .100]
    lucky = [.115, .104, .117, .101, .098]  # a higher mean PR-AUC, but within the noise
    choice = choose(fake_scores({"none": none, "smote": lucky}), "average_precision")
    assert choice.best == "smote" and choice.recommended == "none"
    assert "mostly moves the intercept" in choice.reason and "the rows are kept as they are" in choice.reason
    clear = fake_scores({"none": none, "smote": np.add(none, .02)})
    assert choose(clear, "average_precision").recommended == "smote"
    # resampling changes a booster's trees, so there the best mean is followed as before
    boosted = fake_scores({"none": none, "smote": lucky}, model="hist_gradient_boosting")
    assert choose(boosted, "average_precision").recommended == "smote"


def test_for_f1_with_logistic_regression_the_tuned_threshold_stays_unless_a_lead_is_beyond_the_noise():
    tuned = [.500, .520, .490, .510, .505]
    lucky = [.530, .505, .525, .500, .515]  # a higher mean F1, but within the noise
    per_fold = {"none": [.3] * 5, "threshold": tuned, "class_weight": [.45] * 5, "smote": lucky}
    choice = choose(fake_scores(per_fold, metric="f1_minority"), "f1_minority")
    assert choice.best == "smote" and choice.recommended == "threshold"
    assert "ahead of no resampling, tuned threshold (0.505 ± " in choice.reason
    assert choice.reason.endswith("so the rows are kept as they are, with the tuned threshold.")
    clear = fake_scores({**per_fold, "smote": np.add(tuned, .05)}, metric="f1_minority")
    assert choose(clear, "f1_minority").recommended == "smote"
    # not with a booster, and not on balanced accuracy, where the best mean is followed as before
    assert choose(fake_scores(per_fold, metric="f1_minority", model="hist_gradient_boosting"),
                  "f1_minority").recommended == "smote"
    assert choose(fake_scores(per_fold, metric="balanced_accuracy"), "balanced_accuracy").recommended == "smote"
    # without a tuned threshold to keep, the best mean is followed
    no_threshold = fake_scores({k: v for k, v in per_fold.items() if k != "threshold"}, metric="f1_minority")
    assert choose(no_threshold, "f1_minority").recommended == "smote"

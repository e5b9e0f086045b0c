"""The Compare page's choices and tables, and the Data & advice page's evidence, answers and recommendation."""

from __future__ import annotations

import shlex
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from dashboard import advising, comparing, tabular
from smote_core import registry
from smote_core.advisor import advise
from smote_core.candidates import label_of
from smote_core.cli import build_parser
from smote_core.evaluation import verdict
from smote_core.metrics import GOALS, get_metric
from smote_core.profile import profile_dataset
from smote_core.tree import QUESTIONS
from smote_core.walk import walk

from .test_app_pages import count_fits


def prepared_demo(name: str) -> tabular.Prepared:
    source = tabular.demo_source(name)
    return tabular.prepare(source, source.default_target)


@pytest.fixture(scope="module")
def arc():
    return prepared_demo("arc")


@pytest.fixture(scope="module")
def arc_advice(arc):
    return advise(arc.table, arc.target)


@pytest.fixture(scope="module")
def arc_results(arc, arc_advice):
    return comparing.run_evaluation(arc, arc_advice.profile, ["smote"], {}, model="logistic", seed=0)


@pytest.fixture(scope="module")
def arc_leaky(arc, arc_advice):
    return comparing.run_evaluation(arc, arc_advice.profile, ["smote"], {}, model="logistic", seed=0, leaky=True)


def test_techniques_that_cannot_take_the_table_are_named():
    mixed = prepared_demo("customers")
    assert comparing.technique_problem("smote-nc", mixed) is None
    assert "interpolates numbers only" in comparing.technique_problem("adasyn", mixed)
    numeric = prepared_demo("blobs")
    assert "needs at least one categorical column" in comparing.technique_problem("smote-nc", numeric)
    assert "all-categorical" in comparing.technique_problem("smoten", numeric)
    assert set(comparing.runnable(mixed)) >= {"smote-nc", "gaussian-copula"}


def test_defaults_are_the_checks_best_techniques_the_recommended_first(arc, arc_advice):
    chosen = comparing.default_techniques(arc, arc_advice)
    assert chosen[0] == arc_advice.resampler and len(chosen) == comparing.MAX_DEFAULT
    scores = arc_advice.check.scores
    checked = {c.technique for c in scores.candidates if c.technique is not None}
    assert set(chosen) <= checked  # their scores come from the check: nothing to fit again
    # after the recommended one, the best on the goal of those the check scored
    goal = arc_advice.metric
    left_out = checked - set(chosen)
    assert min(scores.mean(t, goal) for t in chosen[1:]) >= max(scores.mean(t, goal) for t in left_out)
    mixed = prepared_demo("customers")
    chosen = comparing.default_techniques(mixed, advise(mixed.table, mixed.target))
    assert "ctgan" not in chosen and "tvae" not in chosen and chosen


def test_default_comparison_leaves_out_a_leaf_that_cannot_run_on_the_data():
    noisy = prepared_demo("label-noise-5")
    advice = advise(noisy.table, noisy.target)
    assert "borderline-smote" not in advice.check.candidates  # it finds no row in danger here
    chosen = comparing.default_techniques(noisy, advice)
    assert chosen[0] == advice.resampler and advice.technique not in chosen


def test_without_a_check_the_defaults_are_the_plain_techniques(arc):
    unchecked = advise(arc.table, arc.target, check=False)
    assert comparing.default_techniques(arc, unchecked) == ["smote", "random-over", "gaussian-copula"]


def test_training_folds_keep_rows_of_the_smallest_class():
    # stratified folds: the smallest class of the loan demo (4 rows) keeps 3 in a training fold of 5
    assert comparing.fold_smallest(prepared_demo("loan"), 5) == 3


def test_evaluation_refuses_an_empty_or_unfit_choice(arc, arc_advice):
    with pytest.raises(ValueError, match="at least one technique"):
        comparing.run_evaluation(arc, arc_advice.profile, [], {}, model="logistic", seed=0)
    with pytest.raises(ValueError, match="Remove it from the list"):
        comparing.run_evaluation(arc, arc_advice.profile, ["smote-nc"], {}, model="logistic", seed=0)


def test_the_comparison_runs_the_checks_protocol_and_gets_its_numbers(arc_advice, arc_results):
    """Compare and the advice score a candidate both ran with the same folds, seeds and settings."""
    check = arc_advice.check.results
    assert arc_results.attrs["protocol_text"] == arc_advice.check.protocol_text()
    assert list(arc_results["technique"].unique()) == ["none", "threshold", "class_weight", "smote"]
    for row in arc_results.itertuples():
        same = check[(check["technique"] == row.technique) & (check["metric"] == row.metric)].iloc[0]
        np.testing.assert_allclose(row.folds, same["folds"], rtol=1e-12, err_msg=f"{row.technique} {row.metric}")
        assert row.se == pytest.approx(same["se"])


def test_the_checks_scores_are_taken_not_fitted_again(arc, arc_advice, arc_results, monkeypatch):
    fitted = count_fits(monkeypatch)
    known = comparing.run_evaluation(arc, arc_advice.profile, ["smote"], {}, model="logistic", seed=0,
                                     known=arc_advice.check.scores)
    assert fitted == []
    pd.testing.assert_frame_equal(known.drop(columns="folds"), arc_results.drop(columns="folds"))
    # a changed parameter is a different sampler: that one is fitted, on every fold, and only that one
    comparing.run_evaluation(arc, arc_advice.profile, ["smote"], {"smote": {"k_neighbors": 3}}, model="logistic",
                             seed=0, known=arc_advice.check.scores)
    assert set(fitted) == {"smote"} and len(fitted) == arc_advice.check.cv


def test_the_verdict_on_the_checks_techniques_is_the_advice(arc, arc_advice):
    """The same candidates, the same scores, the same rule: Compare recommends what the advice does."""
    scores = arc_advice.check.scores
    techniques = [c.technique for c in scores.candidates if c.technique is not None and not c.threshold]
    results = comparing.run_evaluation(arc, arc_advice.profile, techniques, {}, model="logistic", seed=0,
                                       known=scores)
    for goal in ("average_precision", "brier"):  # a tuned threshold is no option on these: same candidates
        judged = verdict(results, goal)
        advice = arc_advice.for_metric(goal)
        assert judged.choice.recommended == advice.recommended
        assert judged.text == comparing.verdict_text(results, goal)
        row = advice.choice.row(advice.recommended)
        assert (f"{advice.recommended_label} scored" in judged.text or f"but {advice.recommended_label} is" in judged.text
                or "so the rows are kept as they are" in judged.text)
        assert f"{row['mean']:.3f} ± {row['se']:.3f}" in judged.text  # the advice's own numbers


def test_score_table_puts_the_ranking_metric_first(arc_results):
    table = comparing.score_table(arc_results, "roc_auc")
    assert list(table["technique"]) == ["No resampling", "No resampling, tuned threshold", "Class weights (balanced)",
                                        "SMOTE"]
    assert table.columns[1] == "ROC-AUC" and "Brier score (lower is better)" in table.columns
    assert list(table.columns[1:]) == ["ROC-AUC", "PR-AUC", "balanced accuracy", "minority F1", "G-mean",
                                       "Brier score (lower is better)"]
    row = arc_results[(arc_results["technique"] == "smote") & (arc_results["metric"] == "roc_auc")].iloc[0]
    assert table.loc[3, "ROC-AUC"] == f"{row['mean']:.3f} ± {row['se']:.3f}"  # the corrected standard error
    # a tuned threshold moves decisions only: its ranking scores are the model's own
    assert table.loc[1, "ROC-AUC"] == table.loc[0, "ROC-AUC"] and table.loc[1, "PR-AUC"] == table.loc[0, "PR-AUC"]


def test_leak_gap_compares_the_two_protocols(arc_results, arc_leaky):
    gap = comparing.leak_gap(arc_results, arc_leaky, "average_precision")
    assert list(gap["technique"]) == ["SMOTE"]
    row = gap.iloc[0]
    assert row["inflation"] == pytest.approx(row["leaky (resampled before splitting)"] - row["right (resampled inside folds)"])
    right = arc_results.query("technique == 'smote' and metric == 'average_precision'")["mean"].iloc[0]
    assert row["right (resampled inside folds)"] == pytest.approx(right)


def test_recommendation_text_says_what_to_do_with_the_checks_score(arc_advice):
    kinds = set()
    scores = arc_advice.check.scores
    kept_out = replace(scores, skipped={**scores.skipped, "none": "left out by this test"})
    weighted = replace(arc_advice, check=replace(arc_advice.check, scores=kept_out, _choices={}))
    for advice in [arc_advice.for_metric(goal) for goal in GOALS] + [weighted]:
        goal = advice.metric
        text = advising.recommendation_text(advice)
        row = advice.choice.row(advice.recommended)
        assert text.startswith("**Do:** ") and text.endswith(f"**Why:** {advice.reason}")
        assert f"**Checked:** {get_metric(goal).label} {row['mean']:.3f} ± {row['se']:.3f}." in text
        if advice.recommended == "none":
            kinds.add("none")
            assert "**Do:** Train the model on the rows as they are." in text
        if advice.recommended == "threshold":
            kinds.add("threshold")
            found = advice.check.scores.thresholds["threshold"][goal]
            assert f"**Do:** Move the decision threshold to where {get_metric(goal).label} peaks (about " \
                   f"{np.nanmean(found):.2f} in the check" in text
        if advice.recommended == "class_weight":
            kinds.add("class_weight")
            assert "**Do:** Weight the classes equally (`class_weight='balanced'`)." in text
        if advice.resamples:
            assert f"esample the training rows with **{registry.get(advice.resampler).label}**" in text
    # on the arc demo the check recommends three ways of not resampling: the rows as they are for ranking (class
    # weights lead there within the noise) and probabilities, class weights for balanced accuracy, a moved
    # threshold for F1; without the rows as they are, class weights rank best
    assert kinds == {"none", "threshold", "class_weight"}
    assert weighted.recommended == "class_weight"


def test_check_caption_says_how_it_ran_and_what_was_left_out(arc_advice):
    caption = advising.check_caption(arc_advice)
    assert caption.startswith(f"Checked with {arc_advice.check.protocol_text()}.")
    assert "drawn once" in caption and "corrected standard error" in caption
    assert "sized for the check" not in caption  # logistic regression runs at its standard size
    frame = prepared_demo("loan")
    tiny = advise(frame.table, frame.target)
    assert tiny.check.skipped  # SMOTE's variants need 6 rows of a class; the loan demo has 4
    assert "Left out (failed on a fold): " in advising.check_caption(tiny)


def test_check_caption_names_what_was_left_out_as_people_read_it():
    frame = prepared_demo("loan")
    tiny = advise(frame.table, frame.target)
    caption = advising.check_caption(tiny)
    left_out = caption.split("Left out (failed on a fold): ")[1]
    assert left_out == ", ".join(label_of(c) for c in tiny.check.skipped) + "."


def test_pipeline_caption_gives_a_command_the_cli_accepts(arc_advice):
    caption = advising.pipeline_caption(arc_advice)
    command = caption.split("`smote-lab ")[1].split("`")[0]
    args = build_parser().parse_args(shlex.split(command))
    assert (args.command, args.target, args.goal, args.model) == ("advise", "class", arc_advice.metric, "logistic")
    assert args.save_pipeline == "model.joblib"
    # the caption says what fit does with this recommendation: resample only when it resamples
    scores = arc_advice.check.scores
    samplers_only = replace(scores, skipped={**scores.skipped, **dict.fromkeys(
        ("none", "threshold", "class_weight"), "left out by this test")})
    sampled = replace(arc_advice, check=replace(arc_advice.check, scores=samplers_only, _choices={}))
    assert sampled.resamples
    for advice in [arc_advice.for_metric(goal) for goal in GOALS] + [sampled]:
        said = advising.pipeline_caption(advice)
        assert ("resamples only the rows it is given" in said) == advice.resamples
        assert ("learns only from the rows it is given" in said) == (not advice.resamples)


def test_reliability_curves_pool_every_test_row_of_the_check(arc_advice):
    advice = arc_advice.for_metric("average_precision")
    curves = comparing.reliability_curves(advice)
    assert list(curves) == list(dict.fromkeys(["No resampling", advice.recommended_label]))
    rows = advice.check.sample_size * advice.check.repeats  # each row is in one test fold per drawing
    for table in curves.values():
        assert table["rows"].sum() == rows
        assert table["predicted"].between(0, 1).all() and table["observed"].between(0, 1).all()
    # for decisions the check moves the threshold, which leaves the probabilities as they were
    moved = comparing.reliability_curves(advice.for_metric("balanced_accuracy"))
    assert list(moved) == ["No resampling", "No resampling, tuned threshold"]
    pd.testing.assert_frame_equal(moved["No resampling"], moved["No resampling, tuned threshold"])


def test_reliability_needs_two_classes():
    rng = np.random.RandomState(0)
    frame = pd.DataFrame(rng.normal(size=(150, 2)), columns=["a", "b"])
    frame["y"] = np.repeat(["a", "b", "c"], [100, 30, 20])
    frame.loc[frame["y"] == "b", "a"] += 2
    assert comparing.reliability_curves(advise(frame, "y")) == {}


def test_evidence_is_grouped_by_the_node_that_asked(arc_advice):
    evidence = advising.evidence_by_node(arc_advice)
    assert set(evidence) == {step.node for step in arc_advice.path}
    for step in arc_advice.path:
        assert step.evidence in evidence[step.node]


def test_an_override_changes_the_path_and_leaves_unused_answers(arc_advice):
    profile = arc_advice.profile
    heavy = walk(profile, {"noise": "heavily"})
    assert heavy.technique == "adasyn"
    assert "your answer" in advising.step_text(heavy.path[-1]).lower()
    svm = walk(profile, {"svm_boundary": "yes", "noise": "heavily"})
    assert svm.technique == "svm-smote"
    assert advising.unused_overrides(svm, {"svm_boundary": "yes", "noise": "heavily"}) == ["noise"]


def test_answer_options_start_with_the_measured_answer():
    for key, question in QUESTIONS.items():
        options = advising.answer_options(key)
        assert options[0] == advising.MEASURED and options[1:] == list(question.answers)
    assert advising.answer_label(advising.MEASURED, "no") == "as measured (no)"
    assert advising.answer_label(advising.MEASURED, "no", preference=True) == "default (no): your choice"
    assert advising.answer_label("yes", "no", preference=True) == "yes"


def test_the_svm_question_is_a_preference_and_the_noise_question_is_measured(arc):
    steps = {step.key: step for step in walk(profile_dataset(arc.table, arc.target)).path}
    assert advising.is_preference(steps["svm_boundary"]) and not advising.is_preference(steps["noise"])


def test_profile_numbers_and_class_table(arc_advice):
    profile = arc_advice.profile
    labels = [label for label, _, _ in advising.profile_numbers(profile)]
    assert labels[:3] == ["Rows", "Numeric + categorical", "Imbalance ratio"]
    table = advising.class_table(profile)
    assert list(table["class"]) == ["minority"] and table.loc[0, "rows"] == 30  # as in the data, no quotes
    shares = table.loc[0, ["safe", "borderline", "rare", "outlier"]]
    assert shares.sum() == pytest.approx(100.0)  # percentages, shown with one decimal each
    assert set(advising.CLASS_COLUMN_HELP) <= set(table.columns)
    assert registry.get(walk(profile).technique)


def test_progress_says_how_long_is_left_at_the_pace_so_far():
    from dashboard.cached import time_left

    assert time_left(10.0, 5, 30) == " · about 50 s left"
    assert time_left(60.0, 10, 40) == " · about 3 min left"
    assert time_left(0.0, 0, 30) == "" and time_left(12.0, 30, 30) == ""


def test_the_evidence_names_columns_without_python_list_reprs():
    from smote_core.datasets import load_dataset

    frame, target = load_dataset("customers")
    step = advise(frame, target, check=False).path[0]
    assert step.evidence.startswith("3 categorical/boolean column(s): plan, region, autopay;"), step.evidence


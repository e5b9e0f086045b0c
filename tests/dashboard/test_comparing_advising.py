"""The Compare page's choices and tables, and the Data & advice page's evidence and answers."""

from __future__ import annotations

import pytest

from dashboard import advising, comparing, tabular
from smote_core import registry
from smote_core.advisor import QUESTIONS, advise, advise_profile


def prepared_demo(name: str) -> tabular.Prepared:
    source = tabular.demo_source(name)
    return tabular.prepare(source, source.default_target)


@pytest.fixture(scope="module")
def arc():
    return prepared_demo("arc")


@pytest.fixture(scope="module")
def arc_results(arc):
    return comparing.run_evaluation(arc, ["smote"], {}, model="logistic", cv=3, seed=0)


@pytest.fixture(scope="module")
def arc_leaky(arc):
    return comparing.run_evaluation(arc, ["smote"], {}, model="logistic", cv=3, seed=0, leaky=True)


def test_techniques_that_cannot_take_the_table_are_named():
    mixed = prepared_demo("customers")
    assert comparing.technique_problem("smote-nc", mixed) is None
    assert "interpolates numbers only" in comparing.technique_problem("adasyn", mixed)
    numeric = prepared_demo("blobs")
    assert "needs at least one categorical column" in comparing.technique_problem("smote-nc", numeric)
    assert "all-categorical" in comparing.technique_problem("smoten", numeric)
    assert set(comparing.runnable(mixed)) >= {"smote-nc", "gaussian-copula"}


def test_defaults_start_with_the_recommendation_and_leave_out_neural_nets(arc):
    advice = advise(arc.table, arc.target)
    chosen = comparing.default_techniques(arc, advice)
    assert chosen[0] == advice.resampler and advice.technique in chosen and len(chosen) <= comparing.MAX_DEFAULT
    mixed = prepared_demo("customers")
    chosen = comparing.default_techniques(mixed, advise(mixed.table, mixed.target))
    assert "ctgan" not in chosen and "tvae" not in chosen and chosen


def test_default_comparison_leaves_out_a_leaf_that_cannot_run_on_the_data():
    noisy = prepared_demo("label-noise-5")
    advice = advise(noisy.table, noisy.target)
    assert "borderline-smote" not in advice.check.candidates  # it finds no row in danger here
    chosen = comparing.default_techniques(noisy, advice)
    assert chosen[0] == advice.resampler and advice.technique not in chosen


def test_folds_are_limited_by_the_smallest_class():
    assert comparing.max_folds(prepared_demo("loan")) == 4
    assert comparing.max_folds(prepared_demo("blobs")) == 10


def test_evaluation_refuses_an_empty_or_unfit_choice(arc):
    with pytest.raises(ValueError, match="at least one technique"):
        comparing.run_evaluation(arc, [], {}, model="logistic", cv=3, seed=0)
    with pytest.raises(ValueError, match="Remove it from the list"):
        comparing.run_evaluation(arc, ["smote-nc"], {}, model="logistic", cv=3, seed=0)


def test_score_table_puts_the_ranking_metric_first(arc_results):
    table = comparing.score_table(arc_results, "roc_auc")
    assert list(table["technique"]) == ["No resampling", "Class weights (balanced)", "SMOTE"]
    assert table.columns[1] == "ROC-AUC" and "Brier score (lower is better)" in table.columns
    row = arc_results[(arc_results["technique"] == "smote") & (arc_results["metric"] == "roc_auc")].iloc[0]
    assert table.loc[2, "ROC-AUC"] == f"{row['mean']:.3f} ± {row['std']:.3f}"
    assert comparing.verdict_text(arc_results, "roc_auc")


def test_leak_gap_compares_the_two_protocols(arc_results, arc_leaky):
    gap = comparing.leak_gap(arc_results, arc_leaky, "average_precision")
    assert list(gap["technique"]) == ["SMOTE"]
    row = gap.iloc[0]
    assert row["inflation"] == pytest.approx(row["leaky (resampled before splitting)"] - row["right (resampled inside folds)"])


def test_evidence_is_grouped_by_the_node_that_asked(arc):
    advice = advise(arc.table, arc.target)
    evidence = advising.evidence_by_node(advice)
    assert set(evidence) == {step.node for step in advice.path}
    for step in advice.path:
        assert step.evidence in evidence[step.node]


def test_an_override_changes_the_path_and_leaves_unused_answers(arc):
    profile = advise(arc.table, arc.target).profile
    heavy = advise_profile(profile, {"noise": "heavily"})
    assert heavy.technique == "adasyn"
    assert "your answer" in advising.step_text(heavy.path[-1]).lower()
    svm = advise_profile(profile, {"svm_boundary": "yes", "noise": "heavily"})
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
    steps = {step.key: step for step in advise(arc.table, arc.target, check=False).path}
    assert advising.is_preference(steps["svm_boundary"]) and not advising.is_preference(steps["noise"])


def test_profile_numbers_and_class_table(arc):
    profile = advise(arc.table, arc.target).profile
    labels = [label for label, _, _ in advising.profile_numbers(profile)]
    assert labels[:3] == ["Rows", "Numeric + categorical", "Imbalance ratio"]
    table = advising.class_table(profile)
    assert list(table["class"]) == ["minority"] and table.loc[0, "rows"] == 30  # as in the data, no quotes
    shares = table.loc[0, ["safe", "borderline", "rare", "outlier"]]
    assert shares.sum() == pytest.approx(100.0)  # percentages, shown with one decimal each
    assert set(advising.CLASS_COLUMN_HELP) <= set(table.columns)
    assert registry.get(advise_profile(profile).technique)


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

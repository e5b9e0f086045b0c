"""The interview summary states the run's own facts, and nothing else."""

import re
from collections import Counter

import numpy as np
import pandas as pd
import pytest

from smote_core import advise, registry
from smote_core.crossval import noise
from smote_core.datasets import load_dataset
from smote_core.evaluation import compare_table, evaluate, verdict
from smote_core.metrics import GOALS
from smote_core.summary import how_it_works, summarize

PLACEHOLDER = re.compile(r"\b(None|nan|NaN|inf|TODO|TBD|N/A|unknown|placeholder|lorem)\b|[{}]|\?\?")


@pytest.fixture(scope="module")
def arc():
    frame, target = load_dataset("arc")
    return frame, target, frame.drop(columns=target), frame[target]


@pytest.fixture(scope="module")
def arc_advice(arc):
    frame, target, _, _ = arc
    return advise(frame, target, repeats=1)  # one drawing of the folds: the summary, not the check, is tested


def fitted(technique, X, y, **params):
    sampler = registry.make(technique, random_state=0, **params)
    X_res, y_res = sampler.fit_resample(X, y)
    return sampler, X_res, y_res


def assert_clean(text):
    assert not PLACEHOLDER.search(text), PLACEHOLDER.search(text)
    assert "\n\n\n" not in text and text.endswith("\n")


def section(text, heading):
    """The body of one ``## heading`` section."""
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", text, flags=re.M | re.S)
    assert match, f"no section {heading!r}"
    return match.group(1)


def test_full_run_states_its_facts(arc, arc_advice):
    frame, target, X, y = arc
    advice = arc_advice
    sampler, X_res, y_res = fitted(advice.technique, X, y)
    results = compare_table(frame, target, [advice.technique], repeats=1)  # the advice's protocol, as the CLI
    text = summarize(frame, target, advice=advice, sampler=sampler, resampled=X_res, results=results)
    assert_clean(text)
    label = registry.get(advice.technique).label
    assert text.startswith(f"# SMOTE Lab summary: {advice.recommended_label}\n")  # titled after the recommendation

    data = section(text, "What data was this?")
    counts = y.value_counts()
    assert f"{len(frame):,} rows" in data
    for cls, n in counts.items():
        assert f"'{cls}': {n:,} ({n / len(y):.1%})" in data
    assert f"{counts.max() / counts.min():.1f} to 1" in data

    why = section(text, "Which technique, and why?")
    assert f"The decision tree answered **{label}**" in why
    for step in advice.path:
        assert f"*{step.question}* **{step.answer}** — {step.evidence}" in why
    assert (f"Asked for **{GOALS[advice.metric]}**, the check recommends **{advice.recommended_label}**. "
            f"{advice.reason} {advice.choice.certainty}") in why
    for note in advice.choice.notes:
        assert f"- {note}" in why
    for row in advice.check.ranking(advice.metric).itertuples():
        assert f"| {row.label}" in why and f"{row.mean:.3f} ± {row.se:.3f} |" in why
    assert f"| {label} (tree's answer" in why
    assert f"| {advice.recommended_label} (recommended" in why
    assert f"The check trained {advice.check.protocol_text()}." in why
    assert f"```python\n{advice.pipeline_code().rstrip()}\n```" in why  # the estimator to use
    assert advice.recommended != advice.technique  # on arc the check overrules the tree: the run is not the advice
    assert f"This run used {label}, not the recommendation ({advice.recommended_label})." in why

    assert f"How does {label} work?" in text and how_it_works(advice.technique, sampler)[1] in text

    did = section(text, "What did it do to this data?")
    generated = len(sampler.provenance_)
    assert f"{generated:,} of class 'minority'" in did
    after = Counter(np.asarray(y_res))
    assert "Class sizes after: " + ", ".join(f"'{c}': {after[c]:,}" for c in sorted(after)) in did
    first = sampler.provenance_.iloc[0]
    shown = X_res.iloc[int(first["row"])].to_numpy()
    assert f"output row {int(first['row'])}" in did
    printed = re.search(r"\) = \(([^)]*)\)", did).group(1)
    values = [float(v.replace(",", "")) for v in printed.split(", ")]
    np.testing.assert_allclose(values, shown, atol=10 ** -(len(printed.split(", ")[0].split(".")[-1])))
    categories = sampler.categories_
    danger = int((categories["category"] == "danger").sum())
    assert f"{danger:,} of its {len(categories):,} rows ({danger / len(categories):.0%}) are in danger" in did

    helped = section(text, "Did it help?")
    assert verdict(results).text in helped
    assert helped.startswith("\nCompared with logistic regression (standardised features); 5-fold stratified "
                             "cross-validation; resampling inside each training fold only")
    headline = text.split("\n## ")[0]
    own = results[(results["technique"] == advice.technique) & (results["metric"] == "average_precision")]
    none_ap = results[(results["technique"] == "none") & (results["metric"] == "average_precision")].iloc[0]
    gains = np.asarray(own["folds"].iloc[0]) - np.asarray(none_ap["folds"])
    assert (f"it scored PR-AUC {own['mean'].iloc[0]:.3f} against {none_ap['mean']:.3f} without resampling "
            f"(per-fold gain {gains.mean():+.3f} ± {noise(gains, 5):.3f} over 5 folds)") in headline
    assert "leaky" not in text.lower() and "before splitting" not in text
    for technique_label in results["label"].unique():
        assert f"| {technique_label} |" in helped
    assert list(results["label"].unique()) == ["No resampling", "No resampling, tuned threshold",
                                               "Class weights (balanced)", label]
    assert f"**{none_ap['mean']:.3f} ± {none_ap['se']:.3f}**" in helped  # the ranking metric in bold, ± its se
    assert "## What should you keep in mind?" in text


def test_sections_without_facts_are_left_out(arc):
    frame, target, _, _ = arc
    text = summarize(frame, target)
    assert_clean(text)
    assert text.startswith("# SMOTE Lab summary\n")
    headings = re.findall(r"^## (.*)$", text, flags=re.M)
    assert headings == ["What data was this?"]
    technique_only = summarize(frame, target, technique="smote")
    assert re.findall(r"^## (.*)$", technique_only, flags=re.M) == ["What data was this?", "How does SMOTE work?"]


def test_cleaning_counts_match_the_sampler(arc):
    frame, target, X, y = arc
    sampler, X_res, y_res = fitted("smote-enn", X, y)
    text = summarize(frame, target, sampler=sampler)
    assert_clean(text)
    removed = sampler.cleaning_
    n_original = int((~removed["synthetic"]).sum())
    assert (f"Cleaning removed {len(removed):,} rows ({n_original:,} original, "
            f"{len(removed) - n_original:,} synthetic) by Edited Nearest Neighbours") in text
    assert f"added {len(sampler.provenance_):,} synthetic rows and removed {len(removed):,}" in text
    after = Counter(np.asarray(y_res))
    assert "Class sizes after: " + ", ".join(f"'{c}': {after[c]:,}" for c in sorted(after)) in text


def test_adasyn_names_its_hardest_rows(arc):
    frame, target, X, y = arc
    sampler, _, _ = fitted("adasyn", X, y)
    text = summarize(frame, target, sampler=sampler)
    assert_clean(text)
    hardest = sampler.difficulty_.sort_values(["ratio", "index"], ascending=[False, True]).iloc[0]
    assert (f"row {int(hardest['index'])} ({int(hardest['n_other'])} other-class neighbours, "
            f"r = {hardest['ratio']:.2f}, {int(hardest['n_synthetic'])} new rows)") in text


def test_generative_run_on_mixed_columns():
    frame, target = load_dataset("loan")
    frame["region"] = ["north", "south"] * (len(frame) // 2)
    X, y = frame.drop(columns=target), frame[target]
    sampler, _, _ = fitted("gaussian-copula", X, y)
    text = summarize(frame, target, sampler=sampler)
    assert_clean(text)
    assert "1 categorical or text" in text
    assert how_it_works("gaussian-copula")[1] in text
    assert "For example, output row" not in text  # no interpolation to show
    assert "learns the class's distribution from just 4 rows" in text
    assert "Class 'yes' has only 4 rows" in text


def test_technique_of_the_run_is_reported_when_it_is_not_the_best(arc):
    frame, target, X, y = arc
    results = evaluate(X, y, ["random-over", "smote"], cv=3)
    best = verdict(results).best
    other = "smote" if best != "smote" else "random-over"
    sampler, _, _ = fitted(other, X, y)
    text = summarize(frame, target, sampler=sampler, results=results)
    row = results[(results["technique"] == other) & (results["metric"] == "average_precision")].iloc[0]
    assert f"{row['label']}, the technique of this run, scored {row['mean']:.3f}" in text


def test_a_run_that_is_not_the_recommendation_says_so():
    frame, target = load_dataset("label-noise-25")
    advice = advise(frame, target, repeats=1)
    assert advice.recommended != "adasyn"
    sampler = registry.make("adasyn", random_state=0)
    sampler.fit_resample(frame.drop(columns=target), frame[target])
    text = summarize(frame, target, advice=advice, technique="adasyn", sampler=sampler)
    assert f"This run used ADASYN, not the recommendation ({advice.recommended_label})." in text
    assert advice.reason in text
    # no comparison was passed: the headline's effect comes from the advisor's check
    row = advice.check.results.query("technique == 'adasyn' and metric == 'average_precision'").iloc[0]
    assert f"it scored PR-AUC {row['mean']:.3f} against" in text.split("\n## ")[0]


def test_the_summary_is_written_for_the_goal_the_advice_was_asked_for(arc, arc_advice):
    frame, target, _, _ = arc
    decisions = arc_advice.for_metric("balanced_accuracy")  # the same check, chosen for decisions
    assert decisions.recommended == "threshold"  # on arc: move the threshold, do not resample
    text = summarize(frame, target, advice=decisions, metric="balanced_accuracy")
    assert_clean(text)
    assert text.startswith("# SMOTE Lab summary: No resampling, tuned threshold\n")
    why = section(text, "Which technique, and why?")
    assert f"Asked for **{GOALS['balanced_accuracy']}**, the check recommends **No resampling, tuned threshold**" in why
    assert "| Candidate | balanced accuracy (mean ± corrected standard error) |" in why
    row = decisions.choice.row("threshold")
    assert f"| No resampling, tuned threshold (recommended, within the noise of the best) | {row['mean']:.3f} ± " \
           f"{row['se']:.3f} |" in why
    assert "threshold_metric='balanced_accuracy'" in why  # the pipeline tunes its threshold for the goal


def test_the_headlines_spread_uses_the_folds_the_check_ran():
    """A class of 4 rows: the check lowers its folds to 4, and the corrected standard error must use 4."""
    rng = np.random.RandomState(2)
    frame = pd.DataFrame(rng.normal(size=(80, 2)), columns=["a", "b"])
    frame["y"] = np.where(np.arange(80) < 76, "no", "yes")
    frame.loc[frame["y"] == "yes", "a"] += 1.0
    advice = advise(frame, "y", repeats=2)
    assert advice.check.cv == 4 and {"none", "random-over"} <= set(advice.check.candidates)
    text = summarize(frame, "y", advice=advice, technique="random-over")
    gains = advice.check.scores.gains("random-over", "none", advice.metric)
    assert f"{noise(gains, 4):.3f}" != f"{noise(gains, 5):.3f}"  # the test can tell the two apart
    assert f"per-fold gain {gains.mean():+.3f} ± {noise(gains, advice.check.cv):.3f} over {len(gains)} folds" in text


def test_without_a_run_the_summary_does_not_claim_one(arc, arc_advice):
    """What the dashboard's summary page passes before anything was run on Resample."""
    frame, target, _, _ = arc
    assert not arc_advice.resamples
    text = summarize(frame, target, advice=arc_advice, technique=None)
    assert text.startswith(f"# SMOTE Lab summary: {arc_advice.recommended_label}\n")
    assert "This run used" not in text and "## How does" not in text


def test_how_it_works_uses_the_runs_own_parameters(arc):
    frame, target, X, y = arc
    enn = registry.make("smote-enn")._default_cleaner().set_params(n_neighbors=5)
    sampler, _, _ = fitted("smote-enn", X, y, smote=registry.make("smote", k_neighbors=3), enn=enn)
    text = summarize(frame, target, sampler=sampler)
    assert "one of its 3 nearest neighbours of the class" in text and "majority of its 5 nearest" in text
    sampler, _, _ = fitted("borderline-smote", X, y, m_neighbors=7, kind="borderline-2")
    text = summarize(frame, target, sampler=sampler)
    assert "their 7 nearest neighbours of any class" in text and "towards one of its 5 nearest neighbours of any class" in text


def test_leakage_is_mentioned_only_with_the_leaky_comparisons_numbers(arc):
    frame, target, X, y = arc
    sampler, _, _ = fitted("smote", X, y)
    right = evaluate(X, y, ["smote"], cv=3)
    assert "leaky" not in summarize(frame, target, sampler=sampler, results=right).lower()
    wrong = evaluate(X, y, ["smote"], cv=3, leaky=True)
    text = summarize(frame, target, sampler=sampler, results=right, leaky=wrong)
    inflated = wrong.query("technique == 'smote' and metric == 'average_precision'")["mean"].iloc[0]
    honest = right.query("technique == 'smote' and metric == 'average_precision'")["mean"].iloc[0]
    assert f"reported PR-AUC {inflated:.3f} for SMOTE, against {honest:.3f}" in text


def test_worked_example_rounds_integer_columns_like_the_output():
    rng = np.random.RandomState(0)
    frame = pd.DataFrame({"age": rng.randint(20, 70, 200), "score": rng.normal(size=200)})
    frame["y"] = np.where(np.arange(200) < 170, "no", "yes")
    sampler = registry.make("smote", random_state=0)
    X_res, _ = sampler.fit_resample(frame[["age", "score"]], frame["y"])
    text = summarize(frame, "y", sampler=sampler)
    first = sampler.provenance_.iloc[0]
    age = X_res["age"].iloc[int(first["row"])]
    printed = re.search(r"\) = \(([^)]*)\) \(integer columns rounded\)", text).group(1)
    assert float(printed.split(", ")[0]) == age  # the rounded value the output holds, not the raw interpolation
    assert text == summarize(frame, "y", sampler=sampler, resampled=X_res)


def test_an_unscaled_run_on_a_dominated_table_is_told_so():
    frame, target = load_dataset("loan")
    advice = advise(frame, target, check=False)
    X, y = frame.drop(columns=target), frame[target]
    raw, _, _ = fitted("smote", X, y, k_neighbors=2)
    assert "This run searched neighbours on the raw columns, where income hold" in summarize(
        frame, target, advice=advice, sampler=raw)
    scaled, _, _ = fitted("smote", X, y, k_neighbors=2, neighbor_scaling="robust")
    text = summarize(frame, target, advice=advice, sampler=scaled)
    assert "This run searched neighbours on the raw columns" not in text
    assert "Neighbours were searched on robust-scaled columns" in text


def test_distance_remark_follows_the_measurement_not_the_column_count():
    rng = np.random.RandomState(0)
    informative = pd.DataFrame(rng.normal(size=(300, 25)) @ np.diag([10] * 2 + [0.01] * 23),
                               columns=[f"x{i}" for i in range(25)])  # many columns, two that matter
    informative["y"] = np.where(np.arange(300) < 260, "no", "yes")
    advice = advise(informative, "y", check=False)
    sampler, _, _ = fitted("smote", informative.drop(columns="y"), informative["y"])
    text = summarize(informative, "y", advice=advice, sampler=sampler)
    concentration = advice.profile.distance_concentration
    assert ("Distances concentrate here" in text) == (concentration > 0.5)
    assert "numeric columns, nearest neighbours are less meaningful" not in text


def test_bad_input():
    frame = pd.DataFrame({"a": [1, 2, 3, 4], "y": [0, 0, 1, 1]})
    with pytest.raises(ValueError, match="target column 'z'"):
        summarize(frame, "z")
    with pytest.raises(ValueError, match="unknown technique"):
        summarize(frame, "y", technique="smoote")
    X, y = np.random.RandomState(0).normal(size=(60, 2)), np.r_[np.zeros(45), np.ones(15)]
    leaky = evaluate(X, y, ["smote"], cv=3, leaky=True)
    with pytest.raises(ValueError, match="leaky"):
        summarize(pd.DataFrame({"a": X[:, 0], "b": X[:, 1], "y": y}), "y", results=leaky)


def test_numeric_class_labels_and_their_counts_do_not_run_together():
    import numpy as np
    import pandas as pd

    from smote_core import summarize

    rng = np.random.RandomState(0)
    frame = pd.DataFrame({"a": rng.normal(size=1357 + 212), "b": rng.normal(size=1357 + 212),
                          "y": [0] * 1357 + [1] * 212})
    text = summarize(frame, "y")
    assert "- Classes: 0: 1,357 (86.5%), 1: 212 (13.5%)." in text
    sampler, _, _ = fitted("smote", frame[["a", "b"]], frame["y"])
    assert "- Class sizes after: 0: 1,357, 1: 1,357." in summarize(frame, "y", sampler=sampler)


def test_an_outward_step_is_written_with_one_minus_sign():
    frame, target = load_dataset("blobs")
    sampler, X_res, _ = fitted("svm-smote", frame.drop(columns=target), frame[target])
    first = sampler.provenance_.iloc[0]
    assert first["lam"] < 0  # SVM-SMOTE extrapolates from a safe support vector
    example = next(line for line in summarize(frame, target, sampler=sampler).splitlines() if "For example" in line)
    assert f" − {abs(first['lam']):.4f} · (" in example and "+ -" not in example and "+ −" not in example


def test_every_registered_technique_says_how_it_works():
    """The advice can recommend any technique (public leaders join the check), so the summary explains each."""
    from smote_core import registry

    for technique in registry.techniques():
        how, formula = how_it_works(technique.id)
        assert how and formula and "{" not in how + formula, technique.id
    assert "5 nearest neighbours" in how_it_works("smote-ipf")[0]  # SMOTE's k, from its SMOTE part

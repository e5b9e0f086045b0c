"""The advisor: calibration datasets land on their leaves, every leaf and override works, the
thresholds table is the only source of numbers, and the advice explains itself."""

from functools import lru_cache

import numpy as np
import pandas as pd
import pytest

from sklearn.neighbors import NearestNeighbors

from smote_core import make, registry
from smote_core.advisor import advise, assemble
from smote_core.caveats import dominant_columns
from smote_core.choice import calibration_change
from smote_core.datasets import load_dataset
from smote_core.profile import profile_dataset
from smote_core.tree import EDGES, NODES, QUESTIONS, ROOT, THRESHOLDS, tree_layout
from smote_core.walk import check_overrides, walk


def advise_profile(profile, overrides=None):
    """The unchecked advice over a profile: the tree's walk with its caveats."""
    return assemble(walk(profile, overrides), None)

CALIBRATION = {
    "blobs": "smote",
    "label-noise-5": "borderline-smote",
    "label-noise-25": "adasyn",
    "overlap": "smote-enn",
    "overlap-mild": "smote-tomek",
    "customers": "smote-nc",  # 98 minority rows: below the size a neural generator needs
}

# answers that lead each question to be asked (the questions before it on its branch)
REACH = {
    "numerical": {},
    "cleaner_boundary": {"numerical": "yes"},
    "overlap": {"numerical": "yes", "cleaner_boundary": "yes"},
    "svm_boundary": {"numerical": "yes", "cleaner_boundary": "no"},
    "noise": {"numerical": "yes", "cleaner_boundary": "no", "svm_boundary": "no"},
    "neural_size": {"numerical": "no"},
}


@lru_cache(maxsize=None)
def _profile(name):
    frame, target = load_dataset(name)
    return profile_dataset(frame, target)


@pytest.mark.parametrize("name, technique", CALIBRATION.items())
def test_calibration_datasets_land_on_their_leaf(name, technique):
    frame, target = load_dataset(name)
    advice = advise(frame, target, check=False)
    assert advice.technique == technique
    assert advice.path_node_ids[-1] == next(n.id for n in NODES.values() if n.technique == technique)
    assert not any(step.overridden for step in advice.path)


def test_calibration_margins_are_not_razor_thin():
    """Each measured answer sits at least 10% (relative) away from the threshold that decided it."""
    limits = {"cleaner_boundary": ["overlap_tomek_share"], "overlap": ["overlap_strong_n3"],
              "noise": ["noise_slight", "noise_heavy"]}
    for name in CALIBRATION:
        for step in advise_profile(_profile(name)).path:
            for key in limits.get(step.key, []):
                assert abs(step.measured - THRESHOLDS[key]) >= 0.1 * THRESHOLDS[key], (name, step)


LEAF_OVERRIDES = {
    "generative": {"numerical": "no", "neural_size": "yes"},
    "light": {"numerical": "no", "neural_size": "no"},
    "smote-tomek": {"numerical": "yes", "cleaner_boundary": "yes", "overlap": "mild"},
    "smote-enn": {"numerical": "yes", "cleaner_boundary": "yes", "overlap": "strong"},
    "svm-smote": {"numerical": "yes", "cleaner_boundary": "no", "svm_boundary": True},
    "smote": {"numerical": "yes", "cleaner_boundary": "no", "svm_boundary": False, "noise": "no"},
    "borderline-smote": {"numerical": "yes", "cleaner_boundary": "no", "noise": "slightly"},
    "adasyn": {"numerical": "yes", "cleaner_boundary": "no", "noise": "heavily"},
}


@pytest.mark.parametrize("leaf, overrides", LEAF_OVERRIDES.items())
def test_every_leaf_is_reachable_by_overrides(leaf, overrides):
    advice = advise_profile(_profile("overlap"), overrides)
    assert advice.path_node_ids[-1] == leaf
    assert advice.technique == NODES[leaf].technique
    assert {s.key for s in advice.path} >= set(overrides) - {"svm_boundary"}


def test_the_leaves_are_the_articles():
    assert set(LEAF_OVERRIDES) == {n.id for n in NODES.values() if n.is_leaf}
    root_edges = [e.label for e in EDGES if e.source == ROOT]
    assert root_edges == ["Yes", "Yes, but want a cleaner boundary",
                          "No: categorical columns or complex distributions"]
    noise_edges = {e.label: e.target for e in EDGES if e.source == "noise"}
    assert noise_edges == {"No": "smote", "Yes, slightly": "borderline-smote", "Yes, heavily": "adasyn",
                           "Want an SVM-guided boundary": "svm-smote"}
    mixed_edges = {e.target: NODES[e.target].technique for e in EDGES if e.source == "mixed"}
    assert mixed_edges == {"generative": "ctgan", "light": "smote-nc"}  # the article's CTGAN/TVAE, or the light option


@pytest.mark.parametrize("key, answer", [(k, a) for k, q in QUESTIONS.items() for a in q.answers])
def test_every_question_can_be_overridden_and_the_path_shows_it(key, answer):
    measured = _profile("label-noise-5")
    base = advise_profile(measured, REACH[key])
    overrides = {**REACH[key], key: answer}
    advice = advise_profile(measured, overrides)
    step = next(s for s in advice.path if s.key == key)
    assert step.answer == answer
    measured_step = next(s for s in base.path if s.key == key)
    assert step.measured_answer == measured_step.answer
    assert step.overridden == (answer != measured_step.answer)
    if step.overridden:
        assert "overridden by you" in advice.to_text()


def test_overrides_are_validated_with_helpful_messages():
    assert check_overrides({"svm_boundary": True, "numerical": " No ", "noise": "Heavily"}) == {
        "svm_boundary": "yes", "numerical": "no", "noise": "heavily"}
    with pytest.raises(ValueError, match="unknown question 'noisy'.*noise: no/slightly/heavily"):
        check_overrides({"noisy": "yes"})
    with pytest.raises(ValueError, match=r"overrides\['noise'\]='very'.*\['no', 'slightly', 'heavily'\]"):
        check_overrides({"noise": "very"})
    with pytest.raises(ValueError, match="is not an answer"):
        check_overrides({"noise": True})
    with pytest.raises(ValueError, match="must be a dict"):
        check_overrides([("noise", "no")])
    frame, target = load_dataset("blobs")
    with pytest.raises(ValueError, match="overlap"):
        advise(frame, target, {"overlap": "medium"}, check=False)


def test_unused_overrides_are_reported():
    advice = advise_profile(_profile("customers"), {"noise": "heavily"})
    assert advice.technique == "smote-nc"
    assert any("['noise'] were not needed" in c for c in advice.caveats)


@pytest.mark.parametrize(
    "name, key, value, technique",
    [
        ("label-noise-5", "noise_slight", 0.2, "smote"),
        ("label-noise-5", "noise_heavy", 0.03, "adasyn"),
        ("label-noise-25", "overlap_tomek_share", 0.1, "smote-tomek"),
        ("overlap-mild", "overlap_strong_n3", 0.4, "smote-enn"),
        ("overlap", "overlap_tomek_share", 0.9, "adasyn"),
        ("customers", "max_categorical_columns", 5, "smote-enn"),
    ],
)
def test_answers_move_with_the_thresholds_table(monkeypatch, name, key, value, technique):
    before = advise_profile(_profile(name)).technique
    monkeypatch.setitem(THRESHOLDS, key, value)
    after = advise_profile(_profile(name))
    assert before != technique and after.technique == technique
    shown = f"{value:.0%}" if isinstance(value, float) else str(value)
    assert any(shown in step.threshold for step in after.path)


def test_caveat_thresholds_come_from_the_table(monkeypatch):
    measured = _profile("blobs")
    assert not any("nearly balanced" in c for c in advise_profile(measured).caveats)
    monkeypatch.setitem(THRESHOLDS, "nearly_balanced_ratio", 10.0)
    assert any("nearly balanced" in c for c in advise_profile(measured).caveats)


def test_adasyn_comes_with_the_label_noise_caveat_and_smote_enn():
    advice = advise_profile(_profile("label-noise-25"))
    assert advice.technique == "adasyn"
    assert advice.alternatives[0].technique == "smote-enn"
    caveat = next(c for c in advice.caveats if "amplify label noise" in c)
    assert "SMOTE + ENN" in caveat and "outliers" in caveat


def test_no_leaf_carries_a_caveat_that_was_not_measured():
    for overrides in LEAF_OVERRIDES.values():
        caveats = " ".join(advise_profile(_profile("blobs"), overrides).caveats)
        assert "probabilit" not in caveats and "boost" not in caveats  # nothing measured them here


def test_the_calibration_note_comes_only_with_a_measured_brier_change():
    frame, target = load_dataset("arc")
    advice = advise(frame, target, metric="balanced_accuracy", repeats=2)
    for metric in ("average_precision", "balanced_accuracy", "f1_minority", "brier"):
        chosen = advice.for_metric(metric)
        changes = chosen.resamples or chosen.recommended == "class_weight"
        worse = changes and calibration_change(advice.check.scores, chosen.recommended) == "worse"
        assert bool(chosen.calibration_note) == worse
        if worse:  # recalibrated where it cannot undo the goal, said plainly where it would
            assert chosen.calibrates == (metric != "balanced_accuracy" and metric != "f1_minority"
                                         or chosen.recommended.endswith("threshold"))
            assert ("recalibrates them" in chosen.calibration_note) == chosen.calibrates


def test_categorical_leaf_names_light_options_and_what_runs_without_torch(monkeypatch):
    advice = advise_profile(_profile("customers"), {"neural_size": "yes"})
    offered = [a.technique for a in advice.alternatives]
    assert offered == ["tvae", "smote-nc", "gaussian-copula"]
    assert advice.runnable_technique == "ctgan"

    monkeypatch.setattr(registry.Technique, "available", property(lambda self: self.needs is None))
    advice = advise_profile(_profile("customers"), {"neural_size": "yes"})
    assert advice.runnable_technique == "smote-nc"
    caveat = next(c for c in advice.caveats if "need PyTorch" in c)
    assert "Gaussian copula" in caveat and "SMOTE-NC" in caveat
    text = advice.to_text()
    assert "needs PyTorch, which is not installed here, so the runnable choice is SMOTE-NC." in text and "[needs PyTorch: not installed]" in text


def _danger_noise(frame, target, m):
    """Independent count of the minority rows in danger / noise among their m nearest (sklearn, robust-scaled)."""
    X, y = frame.drop(columns=target).to_numpy(), frame[target].to_numpy()
    q1, median, q3 = np.percentile(X, [25, 50, 75], axis=0)
    X = (X - median) / (q3 - q1)
    index = NearestNeighbors(n_neighbors=m + 1).fit(X).kneighbors(X, return_distance=False)[:, 1:]
    other = (y[index] != y[:, None]).sum(axis=1)[y == "minority"]
    return int(np.sum((2 * other >= m) & (other < m))), int(np.sum(other == m))


def test_borderline_leaf_with_no_row_in_danger_is_said_and_not_recommended():
    frame, target = load_dataset("label-noise-5")
    y = frame[target]
    advice = advise(frame, target)
    assert advice.technique == "borderline-smote" and advice.path_node_ids[-1] == "borderline-smote"
    with pytest.warns(UserWarning, match="no row is in danger"):
        _, y_borderline = make("borderline-smote").fit_resample(frame.drop(columns=target), y)
    assert (y_borderline == "minority").sum() == (y == "minority").sum()  # it would grow nothing
    danger, noise = _danger_noise(frame, target, 10)
    assert danger == 0 and noise > 0
    caveat = next(c for c in advice.caveats if "rows in danger" in c)
    assert f"0 in danger of {(y == 'minority').sum()} rows" in caveat and f"{noise} noise" in caveat
    assert "borderline-smote" not in advice.check.candidates and advice.recommended != "borderline-smote"
    assert any("The tree's answer, Borderline-SMOTE, cannot run on this data" in n for n in advice.choice.notes)


def test_borderline_leaf_with_danger_rows_is_checked_like_any_other():
    frame, target = load_dataset("overlap")
    advice = advise(frame, target, LEAF_OVERRIDES["borderline-smote"])
    assert advice.technique == "borderline-smote" and "borderline-smote" in advice.check.candidates
    assert not any("rows in danger" in c for c in advice.caveats)


def test_all_categorical_data_offers_smote_n():
    frame = pd.DataFrame({"colour": ["red", "blue", "red", "green"] * 10, "shape": ["o", "x"] * 20,
                          "y": ["a"] * 30 + ["b"] * 10})
    advice = advise(frame, "y", check=False)
    assert advice.technique == "smoten"  # categories only, 10 minority rows: the light leaf's SMOTE-N
    assert [a.technique for a in advice.alternatives] == ["gaussian-copula"]
    neural = advise(frame, "y", {"neural_size": "yes"}, check=False)
    assert neural.technique == "ctgan"
    assert [a.technique for a in neural.alternatives] == ["tvae", "smoten", "gaussian-copula"]
    forced = advise(frame, "y", {"numerical": "yes"}, check=False)
    assert forced.technique == "smote"
    assert all("not measured" in s.evidence for s in forced.path[1:] if s.key != "svm_boundary")


def test_scale_warning_names_the_dominant_column():
    frame, target = load_dataset("loan")
    caveat = next(c for c in advise(frame, target, check=False).caveats if "dominated by" in c)
    assert "income" in caveat and "age" not in caveat.split("(")[0]
    assert dominant_columns(advise(frame, target, check=False).profile)[0] == ["income"]
    assert "neighbor_scaling='robust'" in caveat


def test_multi_class_evidence_names_the_worst_class():
    rng = np.random.RandomState(1)
    X = np.vstack([rng.normal(0, 1, (400, 2)), rng.normal(8, 0.5, (60, 2)), rng.normal(6, 0.6, (50, 2))])
    X[-8:] = rng.normal(0, 1, (8, 2))  # class 2 has label noise, class 1 is clean
    frame = pd.DataFrame(X, columns=["a", "b"])
    frame["y"] = ["maj"] * 400 + ["clean"] * 60 + ["noisy"] * 50
    advice = advise(frame, "y", check=False)
    step = next(s for s in advice.path if s.key == "noise")
    assert step.measured == advice.profile.classes["noisy"].noisy_share
    assert "class 'noisy'" in step.evidence and "worst of 2 minority classes" in step.evidence
    text = advice.to_text()
    assert "class 'clean'" in text and "class 'noisy'" in text


def test_same_seed_same_advice():
    frame, target = load_dataset("label-noise-5")
    first, second = advise(frame, target, random_state=4), advise(frame, target, random_state=4)
    assert first.technique == second.technique and first.path == second.path
    assert first.recommended == second.recommended and first.reason == second.reason


def test_tree_layout_matches_the_data_and_the_path():
    layout = tree_layout()
    ids = {n["id"] for n in layout["nodes"]}
    assert ids == set(NODES)
    edges = {(e["source"], e["target"]): e["id"] for e in layout["edges"]}
    assert all(s in ids and t in ids for s, t in edges)
    leaves = [n for n in layout["nodes"] if n["kind"] == "leaf"]
    assert sorted(n["x"] for n in leaves) == list(range(len(leaves)))
    depth = {n["id"]: n["depth"] for n in layout["nodes"]}
    assert depth[ROOT] == 0 and all(depth[t] == depth[s] + 1 for s, t in edges)

    advice = advise_profile(_profile("overlap-mild"))
    pairs = list(zip(advice.path_node_ids, advice.path_node_ids[1:]))
    assert [edges[p] for p in pairs] == advice.path_edge_ids
    assert advice.path_node_ids[0] == ROOT
    assert next(n for n in layout["nodes"] if n["id"] == advice.path_node_ids[-1])["technique"] == advice.technique


def test_text_rendering_shows_recommendation_evidence_and_profile():
    advice = advise_profile(_profile("label-noise-5"), {"svm_boundary": "no"})
    text = advice.to_text()
    assert text.startswith("Recommendation for ranking the minority (PR-AUC): Borderline-SMOTE (borderline-smote)")
    assert "The decision tree's answer: Borderline-SMOTE (borderline-smote)" in text
    for step in advice.path:
        assert step.question in text and step.evidence in text
    assert "rule: < 2% -> no, < 15% -> slightly, else heavily" in text
    assert "Alternatives:" in text and "SVM-SMOTE (svm-smote)" in text
    assert "class 'minority': safe" in text and "imbalance ratio 9.0" in text


def test_sampled_profiles_say_so_in_the_evidence():
    rng = np.random.RandomState(0)
    frame = pd.DataFrame(rng.normal(size=(12_000, 3)), columns=["a", "b", "c"])
    frame["y"] = np.where(rng.uniform(size=12_000) < 0.1, "pos", "neg")
    advice = advise(frame, "y", check=False)
    assert advice.profile.sample_size == 5_000
    assert any("stratified sample of 5,000 of 12,000 rows" in s.evidence for s in advice.path)

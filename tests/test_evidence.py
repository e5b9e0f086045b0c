"""Evidence from public data: the nearest datasets by profile, the ranks there, the sentence, and the
leader joining the advice's check."""

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from smote_core import evidence
from smote_core.advisor import advise
from smote_core.candidates import for_check
from smote_core.datasets import load_dataset
from smote_core.profile import profile_dataset
from smote_core.ranking import critical_difference, rank

CANDIDATES = ("none", "threshold", "class_weight", "smote", "prowsyn")


def write_collection(path, mine: dict) -> None:
    """Five datasets like ``mine`` on which ProWSyn leads and SMOTE is third, three far ones on which
    no resampling leads; kNN has no class weights."""
    rows = []
    for i in range(8):
        near = i < 5
        features = {"n_rows": mine["n_rows"] * (1 + 0.05 * i) if near else 40 + i,
                    "imbalance_ratio": mine["imbalance_ratio"] + i if near else 1.5,
                    "overlap": mine["overlap"] if near else 0.9, "categorical_share": 0.0 if near else 1.0}
        order = ("prowsyn", "class_weight", "smote", "none", "threshold") if near else \
            ("none", "threshold", "class_weight", "smote", "prowsyn")
        for model in ("logistic", "knn", "hist_gradient_boosting"):
            for place, candidate in enumerate(order):
                if model == "knn" and candidate == "class_weight":
                    continue
                score = 0.9 - 0.05 * place
                rows.append({"dataset": f"{'near' if near else 'far'}{i}", **features, "classifier": model,
                             "technique": candidate, **{m: score for m in evidence.METRICS}})
    with open(path, "w") as handle:
        handle.write("# wall_seconds: 60\n# machine: test\n")
        pd.DataFrame(rows).to_csv(handle, index=False)


@pytest.fixture(scope="module")
def blobs():
    frame, target = load_dataset("blobs")
    return frame, target, profile_dataset(frame, target)


@pytest.fixture
def collection(tmp_path, blobs):
    path = tmp_path / "ranking.csv"
    write_collection(path, evidence.profile_features(blobs[2]))
    return evidence.load(path)


def test_profile_features_are_what_the_profile_measured(blobs):
    profile = blobs[2]
    features = evidence.profile_features(profile)
    assert features["n_rows"] == profile.n_rows and features["imbalance_ratio"] == profile.imbalance_ratio
    assert features["overlap"] == max(c.n3 for c in profile.classes.values())
    assert features["categorical_share"] == 0.0


def test_similar_datasets_are_the_near_ones_nearest_first(collection, blobs):
    near = evidence.similar(blobs[2], n=3, collection=collection)
    assert list(near.index) == ["near0", "near1", "near2"]
    assert near.is_monotonic_increasing and near.iloc[0] < 0.5
    with pytest.raises(ValueError, match="positive integer"):
        evidence.similar(blobs[2], n=0, collection=collection)


def test_a_table_beyond_the_collections_largest_is_compared_as_the_largest(blobs):
    """A size or imbalance above every public dataset's counts as the largest the collection holds: left as
    it is, a million rows would sit so far from every dataset that size alone decided the nearest."""
    collection = evidence.load()
    largest = collection.profiles.max()
    at_the_edge = replace(blobs[2], n_rows=int(largest["n_rows"]), imbalance_ratio=float(largest["imbalance_ratio"]))
    beyond = replace(blobs[2], n_rows=1_000_000, imbalance_ratio=1_000.0)
    edge, far = evidence.similar(at_the_edge, n=8), evidence.similar(beyond, n=8)
    assert list(far.index) == list(edge.index)
    np.testing.assert_allclose(far.to_numpy(), edge.to_numpy())
    assert evidence.leaders(beyond, "logistic") == evidence.leaders(at_the_edge, "logistic")
    smaller = replace(blobs[2], n_rows=10)  # below the smallest the distance grows as it always did
    assert evidence.similar(smaller, n=1).iloc[0] > evidence.similar(replace(blobs[2], n_rows=int(
        collection.profiles["n_rows"].min())), n=1).iloc[0]


def test_evidence_names_the_leader_and_the_techniques_rank(collection, blobs):
    found = evidence.evidence_for(blobs[2], "logistic", "average_precision", technique="smote", n=3,
                                  collection=collection)
    assert found.datasets == ("near0", "near1", "near2") and found.leader == "prowsyn"
    assert list(found.mean_ranks.index) == ["prowsyn", "class_weight", "smote", "none", "threshold"]
    assert found.sentence == ("On the 3 public datasets most like yours (near0, near1, near2), ProWSyn ranked first "
                              "of 5 with logistic regression on PR-AUC (mean rank 1.0); SMOTE ranked 3 "
                              "(mean rank 3.0).")
    knn = evidence.evidence_for(blobs[2], "knn", "roc_auc", technique="prowsyn", n=3, collection=collection)
    assert "class_weight" not in knn.mean_ranks and knn.technique is None and "ranked first of 4" in knn.sentence


def test_no_evidence_for_a_model_or_metric_the_ranking_lacks(collection, blobs, tmp_path):
    assert evidence.evidence_for(blobs[2], "random_forest", "roc_auc", collection=collection) is None
    assert evidence.evidence_for(blobs[2], "logistic", "brier", collection=collection) is None
    (tmp_path / "other.csv").write_text("a,b\n1,2\n")
    with pytest.raises(ValueError, match="not a ranking file"):
        evidence.load(tmp_path / "other.csv")
    with pytest.raises(ValueError, match="no ranking at"):
        evidence.load(tmp_path / "missing.csv")


def test_whole_collection_ranking_has_friedman_and_cd(collection):
    result = evidence.ranking("logistic", "roc_auc", collection)
    assert result.n_datasets == 8 and np.allclose(result.ranks.sum(axis=1), 15)
    assert 0 <= result.p_value <= 1 and result.critical_difference == pytest.approx(critical_difference(5, 8))
    assert collection.meta["wall_seconds"] == "60"


def test_critical_difference_matches_demsars_table():
    assert critical_difference(2, 1) == pytest.approx(1.960 * np.sqrt(1), abs=1e-3)  # q_0.05 = 1.960 for k = 2
    assert critical_difference(10, 30) == pytest.approx(3.164 * np.sqrt(110 / 180), abs=1e-3)
    with pytest.raises(ValueError, match="at least 3 techniques"):
        rank(pd.DataFrame({"a": [1.0, 2.0], "b": [2.0, 1.0]}))


def test_the_public_leader_joins_the_check_where_it_can_run(collection, blobs, monkeypatch):
    frame, target, profile = blobs
    monkeypatch.setattr(evidence, "load", lambda path=None: collection)
    advice = advise(frame, target, check=False)
    assert "prowsyn" not in [c.id for c in for_check(advice)]  # neither the tree's pick nor its neighbour
    assert evidence.leaders(profile, "logistic") == ("prowsyn",)  # first on every metric there
    assert evidence.leaders(profile, "random_forest") == ()  # the ranking has no random forest
    # the booster's check, drawn twice, chose better without them (CHECKS_LEADERS)
    assert evidence.leaders(profile, "hist_gradient_boosting") == ()
    assert "prowsyn" in [c.id for c in for_check(advice, ("prowsyn",))]
    checked = advise(frame, target, metric="average_precision", repeats=1)
    assert "prowsyn" in checked.check.scores.ids
    customers = advise(*load_dataset("customers"), check=False)  # categorical columns: ProWSyn cannot run
    assert "prowsyn" not in [c.id for c in for_check(customers, ("prowsyn",))]

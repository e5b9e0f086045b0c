"""The iterative-partitioning filter and SMOTE-IPF: the paper's loop, the record of what was removed and why."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.tree import DecisionTreeClassifier

from smote_core import SMOTE, SMOTEIPF, load_dataset
from smote_core.cleaning import IterativePartitioningFilter
from smote_core.cleaning._ipf import stratified_partitions

from ..over_sampling.helpers import overlapping


def paper_filter(X, y, seed, n_parts, voting, k, p, estimator):
    """Sáez et al. (2015)'s steps spelled out: split the current rows into n random stratified parts,
    train on each part, vote over every current row, remove, until k iterations in a row removed fewer
    than p of the starting rows. Returns the removed positions and their iterations."""
    rng = np.random.RandomState(seed)
    alive, removed_at, quiet, iteration = np.ones(len(y), bool), {}, 0, 0
    while quiet < k:
        iteration += 1
        rows = np.flatnonzero(alive)
        order = np.lexsort((rng.uniform(size=len(rows)), y[rows]))  # shuffled within each class
        part = np.empty(len(rows), int)
        part[order] = np.arange(len(rows)) % n_parts
        wrong = sum(estimator.fit(X[rows][part == i], y[rows][part == i]).predict(X[rows]) != y[rows]
                    for i in range(n_parts))
        noisy = rows[2 * wrong > n_parts] if voting == "majority" else rows[wrong == n_parts]
        alive[noisy] = False
        removed_at.update(dict.fromkeys(noisy.tolist(), iteration))
        quiet = quiet + 1 if len(noisy) < p * len(y) or not len(noisy) else 0
    return removed_at


@pytest.mark.parametrize("voting", ["majority", "consensus"])
@pytest.mark.parametrize("seed", [0, 3])
def test_the_filter_removes_what_the_papers_loop_removes(voting, seed):
    noisy, name = load_dataset("label-noise-5")
    X, y = noisy[["feature_1", "feature_2"]].to_numpy(), noisy[name].to_numpy()
    tree = DecisionTreeClassifier(criterion="entropy", min_samples_leaf=2, random_state=0)
    ipf = IterativePartitioningFilter(voting=voting, estimator=tree, random_state=seed)
    X_kept, y_kept = ipf.fit_resample(X, y)
    expected = paper_filter(X, y, seed, 9, voting, 3, 0.01, tree)
    assert dict(zip(ipf.removed_["position"], ipf.removed_["iteration"])) == expected
    np.testing.assert_array_equal(X_kept, np.delete(X, sorted(expected), axis=0))
    assert (ipf.removed_["n_wrong"] > (4 if voting == "majority" else 8)).all()


def default_tree_filter(X, y, seed, n_parts, voting, cleaned):
    """The filter with its default trees spelled out on the rows and labels as given: each iteration
    draws the partitions, then one seed per tree, from the one generator; a class whose every current
    row is noisy keeps them. Returns {removed position: (iteration, trees that misclassified it)}."""
    rng = np.random.RandomState(seed)
    alive, removed, quiet, iteration = np.ones(len(y), bool), {}, 0, 0
    while quiet < 3:
        iteration += 1
        rows = np.flatnonzero(alive)
        n_models = min(n_parts, len(rows))
        part = stratified_partitions(rng, y[rows], n_models)
        wrong = np.zeros(len(rows), int)
        for i in range(n_models):
            tree = DecisionTreeClassifier(criterion="entropy", min_samples_leaf=2,
                                          random_state=rng.randint(np.iinfo(np.int32).max))
            wrong += tree.fit(X[rows][part == i], y[rows][part == i]).predict(X[rows]) != y[rows]
        noisy = (2 * wrong > n_models if voting == "majority" else wrong == n_models) & np.isin(y[rows], cleaned)
        for label in np.unique(y[rows]):
            if noisy[y[rows] == label].all():
                noisy[y[rows] == label] = False
        alive[rows[noisy]] = False
        removed.update(zip(rows[noisy].tolist(), [(iteration, int(n)) for n in wrong[noisy]]))
        quiet = quiet + 1 if noisy.sum() < 0.01 * len(y) or not noisy.any() else 0
    return removed


@settings(max_examples=25)
@given(st.integers(6, 150), st.integers(1, 4), st.integers(2, 3), st.integers(2, 9), st.booleans(),
       st.sampled_from(["majority", "consensus"]), st.booleans(), st.integers(0, 2**31 - 1))
def test_the_default_filter_removes_what_its_loop_spelled_out_removes(n, d, k, n_parts, ties, voting, clean_all,
                                                                        seed):
    rng = np.random.RandomState(seed)
    codes = rng.randint(k, size=n)
    X = rng.normal(size=(n, d)) + codes[:, None] * rng.uniform(0, 1.5)
    X = np.round(X, 1) if ties else X * (1 + 1e-9 * rng.normal(size=X.shape))  # ties; float64 digits float32 drops
    y = np.array(["zeta", "alpha", "mu"])[codes]  # labels sorted in another order than drawn
    cleaned = np.unique(y) if clean_all else np.unique(y)[:1]
    ipf = IterativePartitioningFilter(sampling_strategy=cleaned.tolist(), n_partitions=n_parts, voting=voting,
                                      random_state=seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # a class the filter would empty
        ipf.fit(X, y)
    removed = ipf.removed_
    got = dict(zip(removed["position"], zip(removed["iteration"], removed["n_wrong"])))
    assert got == default_tree_filter(X, y, seed, n_parts, voting, cleaned)


@given(st.lists(st.integers(0, 3), min_size=1, max_size=200), st.integers(2, 12), st.integers(0, 2**31 - 1))
def test_partitions_are_stratified_and_even(labels, n_parts, seed):
    y = np.array(labels)
    part = stratified_partitions(np.random.RandomState(seed), y, n_parts)
    sizes = np.bincount(part, minlength=n_parts)
    assert sizes.max() - sizes.min() <= 1
    for label in np.unique(y):
        per_part = np.bincount(part[y == label], minlength=n_parts)
        assert per_part.max() - per_part.min() <= 1


def test_only_the_cleaned_classes_lose_rows():
    X, y = overlapping([300, 80], 2, seed=0, shift=0.5)
    ipf = IterativePartitioningFilter(sampling_strategy=[0], random_state=0).fit(X, y)
    assert len(ipf.removed_) and (ipf.removed_["label"] == 0).all()


def test_a_class_the_filter_would_empty_is_kept_with_a_warning():
    X, y = overlapping([200, 6], 2, seed=0, shift=0.0)
    with pytest.warns(UserWarning, match="found every remaining row of class\\(es\\) 1 noisy and kept them"):
        X_kept, y_kept = IterativePartitioningFilter(random_state=0).fit_resample(X, y)
    assert (y_kept == 1).sum() > 0


@pytest.mark.parametrize("seed", [0, 1])
def test_smote_ipf_records_every_removed_row_and_keeps_the_rest_untouched(seed):
    X, y = overlapping([240, 40, 30], 3, seed=seed, shift=1.2)
    sampler = SMOTEIPF(random_state=seed)
    X_res, y_res = sampler.fit_resample(X, y)
    smote_X, smote_y = SMOTE(random_state=seed).fit_resample(X, y)  # the same first step
    kept = sampler.sample_indices_
    np.testing.assert_array_equal(X_res, smote_X[kept])
    np.testing.assert_array_equal(y_res, smote_y[kept])
    cleaning = sampler.cleaning_
    assert sorted(cleaning["position"].tolist() + kept.tolist()) == list(range(len(smote_y)))
    assert (cleaning["removed_by"] == "ipf").all() and (cleaning["synthetic"] == (cleaning["position"] >= len(X))).all()
    assert cleaning.columns.tolist() == ["position", "label", "synthetic", "removed_by", "iteration", "n_wrong",
                                         "parent", "neighbor", "lam"]
    removed_new = cleaning[cleaning["synthetic"]]
    rows = removed_new["position"].to_numpy()
    expected = X[removed_new["parent"]] + removed_new["lam"].to_numpy()[:, None] * (
        X[removed_new["neighbor"]] - X[removed_new["parent"]])
    np.testing.assert_allclose(smote_X[rows], expected)
    n_originals = np.count_nonzero(kept < len(X))
    np.testing.assert_array_equal(X_res[:n_originals], X[kept[:n_originals]])  # originals first, in order
    prov = sampler.provenance_
    assert prov["row"].tolist() == list(range(n_originals, len(X_res)))
    np.testing.assert_allclose(X_res[prov["row"]], X[prov["parent"]] + prov["lam"].to_numpy()[:, None] * (
        X[prov["neighbor"]] - X[prov["parent"]]), rtol=1e-12)


def test_smote_ipf_refuses_an_over_sampler_whose_rows_it_cannot_rewrite():
    from smote_core import GeometricSMOTE

    X, y = overlapping([60, 20], 2, seed=0)
    with pytest.raises(ValueError, match="smote=GeometricSMOTE\\(\\) must be a smote_core over-sampler"):
        SMOTEIPF(smote=GeometricSMOTE()).fit_resample(X, y)

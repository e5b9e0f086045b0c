"""SVMSMOTE: support vectors and categories checked independently, exact counts, identity with imbalanced-learn."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from imblearn.over_sampling import SVMSMOTE as ImblearnSVMSMOTE
from sklearn.base import clone
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import NearestNeighbors
from sklearn.svm import SVC

from smote_core import SVMSMOTE

from .helpers import (
    assert_neighbors_within,
    assert_provenance_invariant,
    expected_categories,
    overlapping,
)


def support_groups(X, y, label, m, svm=None):
    """Positions in X of the danger, safe and noise support vectors of ``label``.

    ``svm`` is a fitted SVM, or an unfitted one to fit here (default ``SVC(gamma="scale")``).
    """
    svm = svm or SVC(gamma="scale")
    fitted = svm if hasattr(svm, "support_") else svm.fit(X, y)
    support = fitted.support_[y[fitted.support_] == label]
    index, _, category = expected_categories(X, y, label, m)
    of_support = category[np.searchsorted(index, support)]
    return tuple(support[of_support == name] for name in ("danger", "safe", "noise"))


def separated(seed=0):
    """Class 1 far from class 0: its support vectors are all safe (no danger group)."""
    rng = np.random.default_rng(seed)
    X = np.concatenate([rng.normal(size=(200, 2)), rng.normal(scale=0.5, size=(30, 2)) + [6.0, 0.0]])
    return X, np.repeat([0, 1], [200, 30])


def clumped(seed=0):
    """Class 1 in tight clumps of three inside class 0: every row in danger (no safe group)."""
    rng = np.random.default_rng(seed)
    centres = np.array([[x, z] for x in (1.5, 5.0, 8.5) for z in (1.5, 5.0, 8.5)])
    clumps = np.repeat(centres, 3, axis=0) + rng.normal(scale=0.01, size=(27, 2))
    X = np.concatenate([rng.uniform(0, 10, size=(400, 2)), clumps])
    return X, np.repeat([0, 1], [400, 27])


def isolated(seed=0):
    """Single class-1 rows scattered inside class 0: every row is noise."""
    rng = np.random.default_rng(seed)
    lone = np.array([[x, z] for x in (1.5, 5.0, 8.5) for z in (1.5, 5.0, 8.5)])
    X = np.concatenate([rng.uniform(0, 10, size=(400, 2)), lone])
    return X, np.repeat([0, 1], [400, 9])


DATASETS = [
    dict(n_samples=300, n_features=4, n_informative=3, n_redundant=0, weights=[0.85, 0.15], class_sep=0.8,
         random_state=0),
    dict(n_samples=600, n_features=8, n_informative=5, weights=[0.9, 0.1], class_sep=1.0, random_state=1),
    dict(n_samples=600, n_features=5, n_informative=4, n_redundant=0, n_classes=3, weights=[0.6, 0.28, 0.12],
         class_sep=1.0, random_state=2),
]


def _pair(seed, svm=None, **params):
    ours = SVMSMOTE(random_state=seed, k_neighbors=NearestNeighbors(n_neighbors=6),
                    m_neighbors=NearestNeighbors(n_neighbors=11), svm_estimator=svm, **params)
    theirs = ImblearnSVMSMOTE(random_state=seed, k_neighbors=NearestNeighbors(n_neighbors=6),
                              m_neighbors=NearestNeighbors(n_neighbors=11), svm_estimator=svm, **params)
    return ours, theirs


# --- identity with imbalanced-learn (both groups present) --------------------------------------


@pytest.mark.parametrize("params", DATASETS)
@pytest.mark.parametrize("seed", [0, 5])
@pytest.mark.parametrize("svm", [None, SVC(kernel="linear", C=0.5)], ids=["default-svc", "linear-svc"])
def test_identical_to_imblearn_when_both_groups_exist(params, seed, svm):
    X, y = make_classification(**params)
    ours, theirs = _pair(seed, svm)
    X_ours, y_ours = ours.fit_resample(X, y)
    for label in ours.sampling_strategy_:  # the data really is in the domain where no difference applies
        danger, safe, _ = support_groups(X, y, label, 10, clone(svm) if svm else None)
        assert danger.size and safe.size
    X_theirs, y_theirs = theirs.fit_resample(X, y)
    np.testing.assert_array_equal(X_ours, X_theirs)
    np.testing.assert_array_equal(y_ours, y_theirs)


def test_rng_instance_continues_like_imblearn_for_one_grown_class():
    X, y = make_classification(**DATASETS[1])
    ours, theirs = _pair(None)
    ours.set_params(random_state=np.random.RandomState(4))
    theirs.set_params(random_state=np.random.RandomState(4))
    np.testing.assert_array_equal(ours.fit_resample(X, y)[0], theirs.fit_resample(X, y)[0])


# --- fitted attributes ------------------------------------------------------------------------


@pytest.mark.parametrize("params", DATASETS)
def test_support_and_categories_match_an_independent_computation(params):
    X, y = make_classification(**params)
    sampler = SVMSMOTE(random_state=0)
    sampler.fit_resample(X, y)
    svc = SVC(gamma="scale").fit(X, y)
    grown = list(sampler.sampling_strategy_)
    np.testing.assert_array_equal(sampler.support_, svc.support_[np.isin(y[svc.support_], grown)])
    np.testing.assert_array_equal(sampler.svm_fit_rows_, np.arange(len(X)))
    table = sampler.categories_
    for label in grown:
        index, n_other, category = expected_categories(X, y, label, 10)
        rows = table[table["label"] == label]
        np.testing.assert_array_equal(rows["index"], index)
        np.testing.assert_array_equal(rows["n_other"], n_other)
        np.testing.assert_array_equal(rows["category"].astype(str), category)


# --- deliberate difference: exact counts when a group is empty ---------------------------------


@pytest.mark.parametrize("seed", [0, 3])
def test_no_danger_group_still_generates_every_row_by_extrapolation(seed):
    X, y = separated()
    danger, safe, _ = support_groups(X, y, 1, 10)
    assert danger.size == 0 and safe.size > 0
    sampler = SVMSMOTE(random_state=seed, out_step=0.4)
    X_res, y_res = sampler.fit_resample(X, y)
    assert (y_res == 1).sum() == 200
    prov = sampler.provenance_
    lam = prov["lam"].to_numpy()
    assert len(prov) == 170 and ((lam <= 0) & (lam > -0.4)).all()
    assert np.isin(prov["parent"], safe).all()
    assert_provenance_invariant(X, X_res, prov)
    # imbalanced-learn drops the danger group's Beta share: int(f * (n + 1)) rows go missing
    lost = int(np.random.RandomState(seed).beta(10, 10) * 171)
    _, y_theirs = ImblearnSVMSMOTE(random_state=seed, out_step=0.4).fit_resample(X, y)
    assert (y_theirs == 1).sum() == 200 - lost < 200


@pytest.mark.parametrize("seed", [0, 3])
def test_no_safe_group_still_generates_every_row_by_interpolation(seed):
    X, y = clumped()
    danger, safe, noise = support_groups(X, y, 1, 10)
    assert safe.size == 0 and danger.size > 0 and noise.size == 0
    sampler = SVMSMOTE(random_state=seed)
    X_res, y_res = sampler.fit_resample(X, y)
    assert (y_res == 1).sum() == 400
    prov = sampler.provenance_
    lam = prov["lam"].to_numpy()
    assert len(prov) == 373 and ((lam >= 0) & (lam < 1)).all()
    assert np.isin(prov["parent"], danger).all()
    assert_provenance_invariant(X, X_res, prov)
    kept = int(np.random.RandomState(seed).beta(10, 10) * 374)
    _, y_theirs = ImblearnSVMSMOTE(random_state=seed).fit_resample(X, y)
    assert (y_theirs == 1).sum() == 27 + kept < 400


def test_a_class_with_an_empty_group_leaves_the_next_class_as_imblearn_makes_it():
    X01, y01 = separated()
    rng = np.random.default_rng(9)
    X = np.concatenate([X01, rng.normal(size=(50, 2)) + [0.8, 0.0]])  # class 2 overlaps class 0
    y = np.concatenate([y01, np.full(50, 2)])
    ours, theirs = _pair(2)
    X_ours, _ = ours.fit_resample(X, y)
    X_theirs, y_theirs = theirs.fit_resample(X, y)
    assert support_groups(X, y, 1, 10)[0].size == 0
    assert all(group.size for group in support_groups(X, y, 2, 10)[:2])
    rows = ours.provenance_["row"][ours.provenance_["label"] == 2]
    np.testing.assert_array_equal(X_ours[rows], X_theirs[y_theirs == 2][50:])


# --- large inputs: the SVM sees a stratified subset --------------------------------------------


def test_svm_is_fitted_on_a_seeded_stratified_subset_above_svm_max_rows():
    X, y = make_classification(**DATASETS[2])
    sampler = SVMSMOTE(random_state=1, svm_max_rows=200)
    X_res, y_res = sampler.fit_resample(X, y)
    rows = sampler.svm_fit_rows_
    assert len(rows) == 200 and (np.diff(rows) > 0).all()
    share = np.bincount(y) / len(y) * 200
    assert (np.abs(np.bincount(y[rows]) - share) < 1).all() and np.bincount(y[rows]).sum() == 200
    reference = SVC(gamma="scale").fit(X[rows], y[rows])
    np.testing.assert_array_equal(sampler.support_, rows[reference.support_[y[rows][reference.support_] != 0]])
    assert (np.bincount(y_res) == np.bincount(y).max()).all()
    assert_provenance_invariant(X, X_res, sampler.provenance_)
    np.testing.assert_array_equal(SVMSMOTE(random_state=1, svm_max_rows=200).fit(X, y).svm_fit_rows_, rows)
    assert not np.array_equal(SVMSMOTE(random_state=2, svm_max_rows=200).fit(X, y).svm_fit_rows_, rows)
    everything = SVMSMOTE(random_state=1, svm_max_rows=None).fit(X, y)
    np.testing.assert_array_equal(everything.svm_fit_rows_, np.arange(len(X)))


def test_by_default_the_svm_sees_every_row_as_in_imblearn():
    X, y = make_classification(**DATASETS[2])
    assert SVMSMOTE().svm_max_rows is None
    sampler = SVMSMOTE(random_state=1, svm_max_rows=len(X) + 1).fit(X, y)  # opted in, not above the cap
    np.testing.assert_array_equal(sampler.svm_fit_rows_, np.arange(len(X)))
    np.testing.assert_array_equal(sampler.support_, SVMSMOTE(random_state=1).fit(X, y).support_)


# --- provenance and counts --------------------------------------------------------------------


@settings(max_examples=30)
@given(
    sizes=st.lists(st.integers(12, 40), min_size=2, max_size=3, unique=True),
    n_features=st.integers(1, 3),
    k=st.integers(1, 6),
    m=st.integers(2, 10),
    out_step=st.sampled_from([0.0, 0.3, 1.0]),
    shift=st.sampled_from([0.3, 1.5, 5.0]),
    seed=st.integers(0, 2**31 - 1),
)
def test_provenance_and_exact_counts_for_any_data(sizes, n_features, k, m, out_step, shift, seed):
    X, y = overlapping(sizes, n_features, seed, shift)
    sampler = SVMSMOTE(k_neighbors=k, m_neighbors=m, out_step=out_step, random_state=seed)
    grown = [label for label in np.unique(y) if (y == label).sum() < max(sizes)]
    svm = SVC(gamma="scale").fit(X, y)
    groups = {label: support_groups(X, y, label, m, svm) for label in grown}
    for danger, safe, _ in groups.values():
        event(f"danger group {'present' if danger.size else 'empty'}, safe group {'present' if safe.size else 'empty'}")
    if any(not (danger.size or safe.size) for danger, safe, _ in groups.values()):
        with pytest.raises(ValueError, match="SVM-SMOTE"):
            sampler.fit_resample(X, y)
        return
    X_res, y_res = sampler.fit_resample(X, y)
    np.testing.assert_array_equal(X_res[: len(X)], X)
    np.testing.assert_array_equal(y_res[: len(y)], y)
    assert (np.bincount(y_res) == max(sizes)).all()
    prov = sampler.provenance_
    assert_provenance_invariant(X, X_res, prov)
    parent, neighbor, lam = (prov[c].to_numpy() for c in ("parent", "neighbor", "lam"))
    danger = np.concatenate([groups[label][0] for label in grown])
    safe = np.concatenate([groups[label][1] for label in grown])
    from_danger, from_safe = np.isin(parent, danger), np.isin(parent, safe)
    assert (from_danger | from_safe).all()
    assert ((lam[from_danger] >= 0) & (lam[from_danger] < 1)).all()
    assert ((lam[from_safe] <= 0) & (lam[from_safe] >= -out_step)).all()
    assert (y[neighbor] == y[parent]).all()
    assert_neighbors_within(X, parent, neighbor, k, lambda p: np.flatnonzero(y == y[p]))
    np.testing.assert_array_equal(SVMSMOTE(k_neighbors=k, m_neighbors=m, out_step=out_step,
                                           random_state=seed).fit_resample(X, y)[0], X_res)


def test_pandas_in_pandas_out():
    X, y = make_classification(**DATASETS[0])
    frame = pd.DataFrame(X, columns=["a", "b", "c", "d"])
    frame["d"] = np.rint(frame["d"] * 100).astype(np.int64)
    labels = pd.Series(np.where(y == 1, "yes", "no"), name="default")
    sampler = SVMSMOTE(random_state=0)
    X_res, y_res = sampler.fit_resample(frame, labels)
    assert isinstance(X_res, pd.DataFrame) and (X_res.dtypes == frame.dtypes).all()
    assert isinstance(y_res, pd.Series) and y_res.name == "default"
    pd.testing.assert_frame_equal(X_res.iloc[: len(frame)], frame)
    assert (y_res == "yes").sum() == (y_res == "no").sum()
    assert (labels.to_numpy()[sampler.support_] == "yes").all()


# --- bad input --------------------------------------------------------------------------------


def test_all_support_vectors_noise_raises():
    X, y = isolated()
    assert support_groups(X, y, 1, 10)[2].size > 0
    with pytest.raises(ValueError, match=r"support vectors of class 1 are noise .* try Borderline-SMOTE or SMOTE"):
        SVMSMOTE(k_neighbors=3, random_state=0).fit_resample(X, y)


@pytest.mark.parametrize(
    "params, message",
    [
        (dict(out_step=1.5), r"out_step=1.5 must be a number in \[0, 1\]"),
        (dict(svm_max_rows=1), r"svm_max_rows=1 must be an integer of at least 2, or None"),
        (dict(svm_estimator="svc"), r"svm_estimator='svc' must be an SVM with fit .* such as sklearn.svm.SVC"),
        (dict(svm_estimator=LogisticRegression()), r"LogisticRegression has no support_ after fitting"),
        (dict(m_neighbors=0), r"m_neighbors=0 must be a positive integer"),
        (dict(k_neighbors=9), r"class 1 has 8 rows; k_neighbors=9 needs at least 10: lower k_neighbors"),
    ],
)
def test_bad_parameters_say_what_to_do(params, message):
    X, y = overlapping([40, 8], 2, seed=1)
    with pytest.raises(ValueError, match=message):
        SVMSMOTE(**params).fit_resample(X, y)

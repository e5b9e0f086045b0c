"""SMOTETomek and SMOTEENN: identity with imbalanced-learn, cloned parts, cleaning_ and surviving provenance."""

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from imblearn.combine import SMOTEENN as ImblearnSMOTEENN
from imblearn.combine import SMOTETomek as ImblearnSMOTETomek
from imblearn.over_sampling import SMOTE as ImblearnSMOTE
from imblearn.under_sampling import EditedNearestNeighbours as ImblearnENN
from imblearn.under_sampling import TomekLinks as ImblearnTomekLinks

from smote_core import SMOTE, SMOTEENN, EditedNearestNeighbours, SMOTETomek, TomekLinks

from ..cleaning.datasets import DATASETS, make


PAIRS = {
    "tomek-default": (lambda s: SMOTETomek(random_state=s), lambda s: ImblearnSMOTETomek(random_state=s)),
    "tomek-parts": (
        lambda s: SMOTETomek(smote=SMOTE(k_neighbors=3, random_state=s), tomek=TomekLinks(sampling_strategy="auto")),
        lambda s: ImblearnSMOTETomek(smote=ImblearnSMOTE(k_neighbors=3, random_state=s),
                                     tomek=ImblearnTomekLinks(sampling_strategy="auto")),
    ),
    "enn-default": (lambda s: SMOTEENN(random_state=s), lambda s: ImblearnSMOTEENN(random_state=s)),
    "enn-parts": (
        lambda s: SMOTEENN(smote=SMOTE(k_neighbors=4, random_state=s),
                           enn=EditedNearestNeighbours(n_neighbors=5, kind_sel="mode")),
        lambda s: ImblearnSMOTEENN(smote=ImblearnSMOTE(k_neighbors=4, random_state=s),
                                   enn=ImblearnENN(n_neighbors=5, kind_sel="mode")),
    ),
    "enn-minority": (lambda s: SMOTEENN(sampling_strategy="minority", random_state=s),
                     lambda s: ImblearnSMOTEENN(sampling_strategy="minority", random_state=s)),
}


@pytest.mark.parametrize("name", sorted(DATASETS))
@pytest.mark.parametrize("pair", sorted(PAIRS))
@pytest.mark.parametrize("seed", [0, 7])
def test_identical_to_imblearn(name, pair, seed):
    X, y = make(name)
    ours_factory, theirs_factory = PAIRS[pair]
    ours = ours_factory(seed)
    X_res, y_res = ours.fit_resample(X, y)
    theirs = theirs_factory(seed)
    X_ref, y_ref = theirs.fit_resample(X, y)
    cleaner = getattr(theirs, "enn_", None)
    if cleaner is not None:  # imblearn's ENN groups kept rows by class; ours keeps stacked order
        order = np.argsort(cleaner.sample_indices_)
        X_ref, y_ref = X_ref[order], y_ref[order]
        kept = cleaner.sample_indices_[order]
    else:
        kept = theirs.tomek_.sample_indices_
    np.testing.assert_array_equal(ours.sample_indices_, kept)
    np.testing.assert_array_equal(X_res, X_ref)
    np.testing.assert_array_equal(y_res, y_ref)


@pytest.mark.parametrize("cls", [SMOTETomek, SMOTEENN])
@pytest.mark.parametrize("name", sorted(DATASETS))
def test_cleaning_and_provenance_describe_the_survivors(cls, name):
    X, y = make(name)
    sampler = cls(random_state=3)
    X_res, y_res = sampler.fit_resample(X, y)
    n = len(y)
    n_stacked = n + sum(sampler.sampling_strategy_.values())
    kept = sampler.sample_indices_
    cleaning = sampler.cleaning_
    # removed + kept = the stacked set, with nothing in both
    assert sorted(np.r_[kept, cleaning["position"]]) == list(range(n_stacked))
    np.testing.assert_array_equal(cleaning["synthetic"], cleaning["position"] >= n)
    assert set(cleaning["removed_by"]) <= {"tomek-link", "enn"}
    assert len(cleaning) > 0
    # kept originals are bit-identical and come first, in order
    kept_originals = kept[kept < n]
    assert X_res[: len(kept_originals)].tobytes() == X[kept_originals].tobytes()
    # provenance: exactly the surviving synthetic rows, renumbered to output positions
    prov = sampler.provenance_
    np.testing.assert_array_equal(prov["row"], np.arange(len(kept_originals), len(X_res)))
    np.testing.assert_array_equal(kept[prov["row"]] >= n, True)
    np.testing.assert_array_equal(y_res[prov["row"]], prov["label"].to_numpy().astype(y.dtype))
    lam = prov["lam"].to_numpy()[:, None]
    expected = X[prov["parent"]] + lam * (X[prov["neighbor"]] - X[prov["parent"]])
    np.testing.assert_allclose(X_res[prov["row"]], expected, rtol=1e-12, atol=1e-12)
    assert (y[prov["parent"]] == y[prov["neighbor"]]).all()
    # the neighbour is one of the parent's k nearest in its class
    for parent, neighbor in zip(prov["parent"], prov["neighbor"]):
        class_rows = np.flatnonzero(y == y[parent])
        assert neighbor in sampler.smote_.neighbors_[y[parent]][np.searchsorted(class_rows, parent)]
    # cleaning_ says where each removed synthetic row came from, as the SMOTE step's provenance does
    made = sampler.smote_.provenance_.set_index("row")
    gone = cleaning.loc[cleaning["synthetic"]]
    origin = made.loc[gone["position"], ["parent", "neighbor", "lam"]]
    np.testing.assert_array_equal(gone[["parent", "neighbor"]].to_numpy(), origin[["parent", "neighbor"]].to_numpy())
    np.testing.assert_array_equal(gone["lam"].to_numpy(), origin["lam"].to_numpy())
    originals = cleaning.loc[~cleaning["synthetic"]]
    assert (originals["parent"] == -1).all() and (originals["neighbor"] == -1).all() and originals["lam"].isna().all()


def test_parts_are_clones_and_parameters_stay_unfitted():
    X, y = make("binary")
    smote, tomek = SMOTE(k_neighbors=3, random_state=0), TomekLinks()
    sampler = SMOTETomek(smote=smote, tomek=tomek)
    sampler.fit_resample(X, y)
    assert sampler.smote_ is not smote and sampler.tomek_ is not tomek
    assert not hasattr(smote, "provenance_") and not hasattr(tomek, "sample_indices_")
    assert sampler.smote_.k_neighbors == 3
    assert sampler.tomek_.sampling_strategy == "auto"
    assert sampler.sampling_strategy_ == sampler.smote_.sampling_strategy_


def test_default_parts_follow_imblearn():
    X, y = make("three-class")
    sampler = SMOTEENN(sampling_strategy="minority", random_state=5).fit(X, y)
    assert sampler.smote_.get_params()["sampling_strategy"] == "minority"
    assert sampler.smote_.random_state == 5
    assert sampler.enn_.sampling_strategy == "all"
    assert list(sampler.sampling_strategy_) == [2]


def test_pandas_in_pandas_out():
    X, y = make("binary")
    frame = pd.DataFrame(X, columns=[f"x{i}" for i in range(X.shape[1])]).astype({"x0": np.float32})
    frame["count"] = np.arange(len(frame)) % 7
    target = pd.Series(np.where(y == 1, "fraud", "legit"), name="class")
    for cls in (SMOTETomek, SMOTEENN):
        sampler = cls(random_state=0)
        X_res, y_res = sampler.fit_resample(frame, target)
        assert (X_res.dtypes == frame.dtypes).all() and y_res.name == "class"
        kept = sampler.sample_indices_[sampler.sample_indices_ < len(frame)]
        pd.testing.assert_frame_equal(X_res.iloc[: len(kept)], frame.iloc[kept].reset_index(drop=True))


@pytest.mark.parametrize("params, match", [
    (dict(smote="smote"), "smote_core over-sampler"),
    (dict(smote=TomekLinks()), "smote_core over-sampler"),
])
def test_wrong_smote_part_is_a_clear_error(params, match):
    X, y = make("binary")
    with pytest.raises(ValueError, match=match):
        SMOTETomek(**params).fit(X, y)
    with pytest.raises(ValueError, match=match):
        SMOTEENN(**params).fit(X, y)


def test_wrong_cleaner_part_is_a_clear_error():
    X, y = make("binary")
    with pytest.raises(ValueError, match="TomekLinks"):
        SMOTETomek(tomek=EditedNearestNeighbours()).fit(X, y)
    with pytest.raises(ValueError, match="EditedNearestNeighbours"):
        SMOTEENN(enn=TomekLinks()).fit(X, y)


@pytest.mark.parametrize("cls", [SMOTETomek, SMOTEENN])
@pytest.mark.parametrize("first, params", [("smote", {}), ("borderline-smote", dict(kind="borderline-1")),
                                           ("borderline-smote", dict(kind="borderline-2")), ("adasyn", {}),
                                           ("svm-smote", {})])
def test_output_is_the_first_parts_stacked_rows_that_survive_bit_for_bit(cls, first, params):
    # the combined sampler frees the stacked rows before writing its output from X and the record:
    # every numeric over-sampler's rows must come back exactly as that over-sampler wrote them
    from smote_core import make as make_sampler

    X, y = make("three-class")
    part = make_sampler(first, random_state=0, **params)
    X_over, y_over = clone(part).fit_resample(X, y)
    sampler = cls(smote=part)
    X_res, y_res = sampler.fit_resample(X, y)
    assert len(X_over) > len(X)  # the part grew rows, some of which the cleaner removed
    assert 0 < len(sampler.cleaning_) and (sampler.cleaning_["synthetic"]).any()
    assert X_res.tobytes() == X_over[sampler.sample_indices_].tobytes()
    np.testing.assert_array_equal(y_res, y_over[sampler.sample_indices_])
    assert len(sampler.provenance_) == len(X_res) - (sampler.sample_indices_ < len(y)).sum()


@pytest.mark.parametrize("cls", [SMOTETomek, SMOTEENN])
def test_the_stacked_rows_are_released_before_the_output_is_written(cls, monkeypatch):
    # holding SMOTE's stacked output while writing the cleaned one would double the fit's peak memory
    import weakref

    from smote_core._base import _ProvenanceRecord

    stacked, alive_when_writing = [], []
    resample, write = SMOTE._resample, _ProvenanceRecord.stacked_rows

    def remember(self, *args):
        X_over, y_over = resample(self, *args)
        stacked.append(weakref.ref(X_over))
        return X_over, y_over

    def check(self, *args):
        alive_when_writing.append(stacked[-1]() is not None)
        return write(self, *args)

    monkeypatch.setattr(SMOTE, "_resample", remember)
    monkeypatch.setattr(_ProvenanceRecord, "stacked_rows", check)
    X, y = make("binary")
    X_res, _ = cls(random_state=0).fit_resample(X, y)
    assert alive_when_writing == [False] and len(X_res) > len(X)

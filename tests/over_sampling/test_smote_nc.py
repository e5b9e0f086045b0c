"""SMOTENC and SMOTEN: identity with imbalanced-learn, categories from the class, numeric provenance, dtypes, errors."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from imblearn.over_sampling import SMOTEN as ImblearnSMOTEN
from imblearn.over_sampling import SMOTENC as ImblearnSMOTENC
from sklearn.neighbors import NearestNeighbors

from smote_core import SMOTEN, SMOTENC


def mixed_frame(seed, sizes=(130, 50, 20), n_levels=(3, 2, 6)):
    """Numeric columns that depend on the class, categorical ones that do a little."""
    rng = np.random.RandomState(seed)
    y = np.repeat(np.arange(len(sizes)), sizes)
    n = len(y)
    frame = pd.DataFrame({
        "amount": rng.randn(n) * 10 + 5 * y,
        "colour": pd.Categorical(rng.choice([f"c{i}" for i in range(n_levels[0])], n)),
        "score": rng.rand(n) + 0.3 * y,
        "flag": pd.Categorical(rng.choice(["no", "yes"][: n_levels[1]], n, p=[0.7, 0.3][: n_levels[1]] if n_levels[1] == 2 else None)),
        "city": pd.Categorical(np.where(rng.rand(n) < 0.5, "paris", rng.choice([f"t{i}" for i in range(n_levels[2])], n))),
    })
    return frame, y


def categorical_frame(seed, sizes=(120, 45, 15)):
    rng = np.random.RandomState(seed)
    y = np.repeat(np.arange(len(sizes)), sizes)
    n = len(y)
    frame = pd.DataFrame({
        "u": rng.choice(list("abcd"), n),
        "v": rng.choice(list("xyz"), n),
        "w": rng.choice(list("klmnop"), n),
    }).astype(object)
    frame.loc[y == 1, "u"] = rng.choice(list("ab"), (y == 1).sum())
    frame.loc[y == 2, "v"] = rng.choice(list("yz"), (y == 2).sum())
    return frame, y


def assert_same_values(ours, theirs):
    ours, theirs = np.asarray(ours, dtype=object), np.asarray(theirs, dtype=object)
    assert ours.shape == theirs.shape
    assert (ours == theirs).all()


# --- SMOTE-NC ---------------------------------------------------------------------------------

@pytest.mark.parametrize("seed", [0, 2])
@pytest.mark.parametrize("spec", ["auto", "positions", "names", "mask"])
@pytest.mark.parametrize("binary", [True, False])
def test_smotenc_identical_to_imblearn(seed, spec, binary):
    frame, y = mixed_frame(seed, sizes=(130, 40) if binary else (130, 50, 20))
    categorical = {"auto": "auto", "positions": [4, 1, 3], "names": ["city", "colour", "flag"],
                   "mask": [False, True, False, True, True]}[spec]
    ours = SMOTENC(categorical, random_state=seed)
    X_res, y_res = ours.fit_resample(frame, y)
    X_ref, y_ref = ImblearnSMOTENC(categorical_features=categorical, random_state=seed).fit_resample(frame, y)
    assert_same_values(X_res, X_ref)
    np.testing.assert_array_equal(y_res, y_ref)


@pytest.mark.parametrize("seed", [3, 4])
def test_smotenc_identical_with_many_vote_ties(seed):
    """Two levels per column and k=2: most votes tie, so imblearn's random tie draws must be replayed."""
    frame, y = mixed_frame(seed, n_levels=(2, 2, 1))
    X = frame.to_numpy(dtype=object)
    ours = SMOTENC([1, 3, 4], k_neighbors=2, random_state=seed)
    X_res, y_res = ours.fit_resample(X, y)
    X_ref, y_ref = ImblearnSMOTENC(categorical_features=[1, 3, 4], k_neighbors=2, random_state=seed).fit_resample(X, y)
    assert_same_values(X_res, X_ref)
    assert X_res.dtype == object


def test_smotenc_identical_given_a_neighbours_object():
    frame, y = mixed_frame(5)
    nn = NearestNeighbors(n_neighbors=4)
    X_res, _ = SMOTENC("auto", k_neighbors=nn, random_state=9).fit_resample(frame, y)
    X_ref, _ = ImblearnSMOTENC(categorical_features="auto", k_neighbors=nn, random_state=9).fit_resample(frame, y)
    assert_same_values(X_res, X_ref)


def test_smotenc_categories_are_neighbour_votes_seen_in_the_class():
    frame, y = mixed_frame(6)
    sampler = SMOTENC("auto", random_state=0)
    X_res, y_res = sampler.fit_resample(frame, y)
    prov = sampler.provenance_
    for column in ("colour", "flag", "city"):
        new = X_res[column].to_numpy()[prov["row"]]
        for label in np.unique(prov["label"]):
            rows = (prov["label"] == label).to_numpy()
            assert set(new[rows]) <= set(frame[column][y == label])
        # each value has the most votes among the parent's k neighbours
        original = frame[column].to_numpy()
        for row, parent, value in zip(prov["row"], prov["parent"], new):
            class_rows = np.flatnonzero(y == y[parent])
            neighbours = sampler.neighbors_[y[parent]][np.searchsorted(class_rows, parent)]
            votes = pd.Series(original[neighbours]).value_counts()
            assert votes.get(value, 0) == votes.max()


def test_smotenc_numeric_part_follows_provenance():
    frame, y = mixed_frame(7)
    sampler = SMOTENC(["colour", "flag", "city"], random_state=1)
    X_res, y_res = sampler.fit_resample(frame, y)
    prov = sampler.provenance_
    numeric = frame[["amount", "score"]].to_numpy()
    lam = prov["lam"].to_numpy()[:, None]
    expected = numeric[prov["parent"]] + lam * (numeric[prov["neighbor"]] - numeric[prov["parent"]])
    np.testing.assert_allclose(X_res[["amount", "score"]].to_numpy()[prov["row"]], expected, rtol=1e-12)
    assert ((lam >= 0) & (lam < 1)).all()
    assert (y[prov["parent"]] == y[prov["neighbor"]]).all()
    assert set(sampler.median_std_) == set(sampler.sampling_strategy_)


def test_smotenc_dtypes_survive():
    frame, y = mixed_frame(8)
    frame["count"] = (frame["amount"].abs() * 3).astype(np.int64)
    frame["member"] = frame["score"] > 0.5
    frame["note"] = frame["city"].astype(str).astype("string")
    frame["tag"] = frame["colour"].astype(str).astype(object)
    target = pd.Series(np.array(["low", "mid", "high"])[y], name="grade")
    X_res, y_res = SMOTENC("auto", random_state=2).fit_resample(frame, target)
    assert (X_res.dtypes == frame.dtypes).all()
    assert X_res["colour"].cat.categories.equals(frame["colour"].cat.categories)
    assert y_res.name == "grade" and y_res.dtype == target.dtype
    pd.testing.assert_frame_equal(X_res.iloc[: len(frame)], frame)
    new = X_res.iloc[len(frame):]
    assert set(new["member"]) <= {True, False} and set(new["note"]) <= set(frame["note"])


@pytest.mark.parametrize("categorical, match", [
    (["colour", "zip"], r"names column\(s\) \['zip'\]"),
    ([True, False], "boolean mask of 2 entries"),
    ([1, 9], r"position\(s\) \[9\]"),
    ([1, 1], "more than once"),
    ("colour", "use 'auto'"),
    ([0, 1, 2, 3, 4], "SMOTEN"),
    ([], "use SMOTE"),
    ([1], r"\['flag', 'city'\] are not numeric"),
])
def test_smotenc_bad_categorical_features(categorical, match):
    frame, y = mixed_frame(0)
    with pytest.raises(ValueError, match=match):
        SMOTENC(categorical).fit_resample(frame, y)


def test_smotenc_rejects_missing_values():
    frame, y = mixed_frame(0)
    holes = frame.copy()
    holes.loc[3, "colour"] = np.nan
    with pytest.raises(ValueError, match="colour.*missing values"):
        SMOTENC("auto").fit_resample(holes, y)
    holes = frame.copy()
    holes.loc[3, "amount"] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        SMOTENC("auto").fit_resample(holes, y)


def test_smotenc_names_need_a_dataframe():
    frame, y = mixed_frame(0)
    with pytest.raises(ValueError, match="names need a DataFrame"):
        SMOTENC(["colour"]).fit_resample(frame.to_numpy(dtype=object), y)


# --- SMOTE-N ----------------------------------------------------------------------------------

@pytest.mark.parametrize("seed", [0, 1, 2, 3])
@pytest.mark.parametrize("binary", [True, False])
def test_smoten_identical_to_imblearn(seed, binary):
    frame, y = categorical_frame(seed, sizes=(120, 30) if binary else (120, 45, 15))
    ours = SMOTEN(random_state=seed)
    X_res, y_res = ours.fit_resample(frame, y)
    X_ref, y_ref = ImblearnSMOTEN(random_state=seed).fit_resample(frame, y)
    assert_same_values(X_res, X_ref)
    np.testing.assert_array_equal(y_res, y_ref)
    X_res, _ = SMOTEN(random_state=seed, k_neighbors=3).fit_resample(frame.to_numpy(), y)
    X_ref, _ = ImblearnSMOTEN(random_state=seed, k_neighbors=3).fit_resample(frame.to_numpy(), y)
    assert_same_values(X_res, X_ref)


def vdm(codes_a, codes_b, frame, y):
    """Value difference metric (k=1, r=2) from its definition."""
    total = 0.0
    for column, a, b in zip(frame.columns, codes_a, codes_b):
        share_a = pd.Series(y[frame[column] == a]).value_counts(normalize=True)
        share_b = pd.Series(y[frame[column] == b]).value_counts(normalize=True)
        total += sum(abs(share_a.get(c, 0.0) - share_b.get(c, 0.0)) for c in np.unique(y)) ** 2
    return total


def test_smoten_values_are_the_mode_of_a_vdm_neighbourhood():
    frame, y = categorical_frame(4, sizes=(60, 20))
    sampler = SMOTEN(k_neighbors=3, random_state=0)
    X_res, _ = sampler.fit_resample(frame, y)
    values = frame.to_numpy()
    minority = np.flatnonzero(y == 1)
    neighbours = sampler.neighbors_[1]
    for i, row in enumerate(minority[:10]):
        distances = np.array([vdm(values[row], values[other], frame, y) for other in minority if other != row])
        chosen = np.array([vdm(values[row], values[other], frame, y) for other in neighbours[i]])
        assert chosen.max() <= np.sort(distances)[2] + 1e-12
    prov = sampler.provenance_
    assert (prov["neighbor"] == -1).all() and prov["lam"].isna().all()
    for row, parent in zip(prov["row"], prov["parent"]):
        hood = np.r_[parent, neighbours[np.searchsorted(minority, parent)]]
        for j, column in enumerate(frame.columns):
            counts = pd.Series(values[hood, j]).value_counts()
            best = sorted(counts.index[counts == counts.max()])[0]
            assert X_res[column].iloc[row] == best


def test_smoten_keeps_categorical_dtypes():
    frame, y = categorical_frame(5)
    frame = frame.astype({"u": "category", "v": "string"})
    frame["b"] = frame["w"].isin(["k", "l"])
    X_res, _ = SMOTEN(random_state=0).fit_resample(frame, y)
    assert (X_res.dtypes == frame.dtypes).all()
    pd.testing.assert_frame_equal(X_res.iloc[: len(frame)], frame)


def test_smoten_treats_numeric_columns_as_categories_and_says_so():
    frame, y = categorical_frame(0)
    frame["amount"] = np.arange(len(frame), dtype=float) % 4
    with pytest.warns(UserWarning, match=r"column\(s\) \['amount'\] are numeric.*use SMOTENC"):
        X_res, _ = SMOTEN(random_state=0).fit_resample(frame, y)
    assert set(X_res["amount"]) <= set(frame["amount"]) and X_res["amount"].dtype == float
    theirs, _ = ImblearnSMOTEN(random_state=0).fit_resample(frame, y)
    pd.testing.assert_frame_equal(X_res.sort_values(list(frame.columns)).reset_index(drop=True),
                                  theirs.sort_values(list(frame.columns)).reset_index(drop=True), check_dtype=False)


def test_smoten_rejects_missing_categories():
    frame, y = categorical_frame(0)
    frame.loc[0, "u"] = None
    with pytest.raises(ValueError, match=r"\['u'\] have missing values"):
        SMOTEN().fit_resample(frame, y)


# --- properties -------------------------------------------------------------------------------

@st.composite
def mixed_data(draw):
    sizes = draw(st.lists(st.integers(4, 20), min_size=2, max_size=3))
    n = sum(sizes)
    y = np.repeat(np.arange(len(sizes)), sizes)
    grid = st.lists(st.integers(-3, 3), min_size=n, max_size=n)  # coarse: ties and duplicates occur
    frame = pd.DataFrame({
        "a": np.array(draw(grid), dtype=float),
        "kind": pd.Categorical(np.array(["p", "q", "r"])[np.abs(draw(grid)) % 3]),
        "b": np.array(draw(grid), dtype=np.int64),
        "flag": np.array(draw(grid)) > 0,
    })
    return frame, y, draw(st.integers(1, min(sizes) - 1)), draw(st.integers(0, 2**31 - 1))


@given(mixed_data())
def test_smotenc_invariants(data):
    frame, y, k, seed = data
    sampler = SMOTENC("auto", k_neighbors=k, random_state=seed)
    X_res, y_res = sampler.fit_resample(frame, y)
    pd.testing.assert_frame_equal(X_res.iloc[: len(frame)], frame)
    assert (X_res.dtypes == frame.dtypes).all()
    prov = sampler.provenance_
    new = X_res.iloc[len(frame):]
    labels = prov["label"].to_numpy().astype(int)
    for column in ("kind", "flag"):
        seen = {(label, value) for label, value in zip(y, frame[column])}
        assert all((label, value) in seen for label, value in zip(labels, new[column]))
    a = frame["a"].to_numpy()
    expected = a[prov["parent"]] + prov["lam"].to_numpy() * (a[prov["neighbor"]] - a[prov["parent"]])
    np.testing.assert_allclose(new["a"].to_numpy(), expected, atol=1e-12)
    assert (y[prov["parent"]] == labels).all() and (y[prov["neighbor"]] == labels).all()

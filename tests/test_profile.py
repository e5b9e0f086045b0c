"""DatasetProfile: column kinds, classes, and neighbourhood measurements checked against independent
computations (scikit-learn's RobustScaler and NearestNeighbors, imbalanced-learn's SMOTE)."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from imblearn.over_sampling import SMOTE as ImbSMOTE
from sklearn.neighbors import NearestNeighbors
from sklearn.preprocessing import RobustScaler

from smote_core.datasets import labelled_blobs
from smote_core.over_sampling import BorderlineSMOTE
from smote_core._strata import stratified_sample
from smote_core.profile import BORDERLINE_M, K_NEIGHBORS, column_kinds
from smote_core.profile import profile_dataset


def _two_class(n_major=300, n_minor=40, shift=1.5, seed=0, n_features=2):
    rng = np.random.RandomState(seed)
    X = np.vstack([rng.normal(0, 1, (n_major, n_features)), rng.normal(shift, 0.8, (n_minor, n_features))])
    frame = pd.DataFrame(X, columns=[f"f{i}" for i in range(n_features)])
    frame["y"] = ["neg"] * n_major + ["pos"] * n_minor
    return frame


def _scaled_neighbours(frame, k):
    """Independent reference: sklearn RobustScaler + NearestNeighbors (self dropped)."""
    X = RobustScaler().fit_transform(frame.drop(columns="y").to_numpy())
    index = NearestNeighbors(n_neighbors=k + 1).fit(X).kneighbors(X, return_distance=False)[:, 1:]
    return X, index


def test_column_kinds_cover_every_kind():
    n = 40
    rng = np.random.RandomState(0)
    frame = pd.DataFrame({
        "amount": rng.normal(size=n),
        "count": rng.randint(0, 5, n),
        "code": rng.randint(0, 3, n),
        "colour": rng.choice(["red", "blue"], n).astype(object),
        "size": pd.Categorical(rng.choice(["s", "m"], n)),
        "flag": rng.uniform(size=n) < 0.5,
        "customer_id": np.arange(100, 100 + n),
        "row": rng.permutation(n),
        "name": [f"person {i}" for i in range(n)],
        "same": np.ones(n),
        "empty": np.full(n, np.nan),
        "when": pd.date_range("2024-01-01", periods=n),
    })
    kinds = column_kinds(frame, categorical=["code"])
    assert kinds == {
        "amount": "numeric", "count": "numeric", "code": "categorical", "colour": "categorical",
        "size": "categorical", "flag": "boolean", "customer_id": "identifier", "row": "identifier",
        "name": "identifier", "same": "constant", "empty": "constant", "when": "other",
    }


def test_unique_integers_are_not_identifiers_without_an_id_sign():
    frame = pd.DataFrame({"income": [31_000, 45_500, 52_000, 38_900, 61_200, 29_800, 70_100, 44_400,
                                     56_700, 48_300]})
    assert column_kinds(frame) == {"income": "numeric"}


def test_marking_an_unknown_column_categorical_is_an_error():
    with pytest.raises(ValueError, match="categorical names column"):
        column_kinds(pd.DataFrame({"a": [1, 2]}), categorical=["b"])


def test_counts_missing_values_and_imbalance():
    frame = _two_class()
    frame.loc[[0, 5, 7], "f0"] = np.nan
    p = profile_dataset(frame, "y")
    assert p.missing == {"f0": 3, "f1": 0}
    assert p.class_counts == {"neg": 300, "pos": 40}
    assert p.majority == "neg" and p.minority_classes == ["pos"]
    assert p.imbalance_ratio == pytest.approx(7.5)
    assert (p.n_rows, p.n_columns, p.sample_size, p.sampled) == (340, 2, 340, False)


def test_point_types_match_an_independent_count():
    frame = _two_class()
    p = profile_dataset(frame, "y")
    _, index = _scaled_neighbours(frame, K_NEIGHBORS)
    y = frame["y"].to_numpy()
    same = (y[index] == y[:, None]).sum(axis=1)[y == "pos"]
    expected = {"safe": int(np.sum(same >= 4)), "borderline": int(np.sum((same == 2) | (same == 3))),
                "rare": int(np.sum(same == 1)), "outlier": int(np.sum(same == 0))}
    assert p.classes["pos"].point_types == expected
    assert sum(expected.values()) == 40 and min(expected.values()) < 40  # a mix, not one type


def test_borderline_categories_are_counted_on_the_scaled_columns_the_check_searches():
    frame = _two_class(shift=1.0)
    frame["f1"] *= 50  # scaled and unscaled neighbourhoods differ: the count must follow the scaled search
    p = profile_dataset(frame, "y")
    X, index = _scaled_neighbours(frame, BORDERLINE_M)
    y = frame["y"].to_numpy()
    other = (y[index] != y[:, None]).sum(axis=1)[y == "pos"]
    expected = {"safe": int(np.sum(2 * other < BORDERLINE_M)),
                "danger": int(np.sum((2 * other >= BORDERLINE_M) & (other < BORDERLINE_M))),
                "noise": int(np.sum(other == BORDERLINE_M))}
    assert p.classes["pos"].borderline == expected
    assert expected["danger"] > 0 and expected["safe"] > 0
    sampler = BorderlineSMOTE(random_state=0, neighbor_scaling="robust")
    sampler.fit_resample(frame[["f0", "f1"]], frame["y"])
    assert sampler.categories_["category"].value_counts().to_dict() == expected


def test_tomek_share_and_n3_match_an_independent_computation():
    frame = _two_class()
    p = profile_dataset(frame, "y")
    _, index = _scaled_neighbours(frame, 1)
    nearest = index[:, 0]
    y = frame["y"].to_numpy()
    linked = (nearest[nearest] == np.arange(len(y))) & (y[nearest] != y)
    assert p.classes["pos"].tomek_share == pytest.approx(linked[y == "pos"].mean())
    assert p.classes["pos"].n3 == pytest.approx((y[nearest] != y)[y == "pos"].mean())
    assert p.n3 == pytest.approx((y[nearest] != y).mean())
    assert 0 < p.classes["pos"].tomek_share < p.classes["pos"].n3


def test_noisy_share_matches_imbalanced_learn_smote_and_a_real_only_search():
    frame = _two_class()
    p = profile_dataset(frame, "y", random_state=3)
    X = RobustScaler().fit_transform(frame.drop(columns="y").to_numpy())
    y = frame["y"].to_numpy()
    n_new = max(2 * 40, 500)  # the trial's documented size
    X_res, _ = ImbSMOTE(sampling_strategy={"pos": 40 + n_new}, k_neighbors=5, random_state=3).fit_resample(X, y)
    synthetic = X_res[len(X):]
    real = NearestNeighbors(n_neighbors=K_NEIGHBORS).fit(X).kneighbors(synthetic, return_distance=False)
    expected = np.mean((y[real] != "pos").sum(axis=1) >= 3)
    assert p.classes["pos"].n_trial == n_new
    assert p.classes["pos"].noisy_share == pytest.approx(expected)
    assert 0 < expected < 1


def test_clean_blobs_have_no_noise_and_label_noise_shows_as_outliers():
    clean = profile_dataset(labelled_blobs(), "class").classes["minority"]
    noisy = profile_dataset(labelled_blobs(flipped=0.25), "class").classes["minority"]
    assert clean.noisy_share < 0.01 and clean.point_types["outlier"] <= 2
    assert noisy.noisy_share > 0.2
    assert noisy.point_type_shares["outlier"] == pytest.approx(0.25, abs=0.06)


def test_same_seed_same_profile_and_the_sample_follows_the_seed():
    frame = _two_class(n_major=3000, n_minor=300)
    first = profile_dataset(frame, "y", random_state=5, max_rows=800)
    assert first == profile_dataset(frame, "y", random_state=5, max_rows=800)
    other = profile_dataset(frame, "y", random_state=6, max_rows=800)
    assert other.classes["pos"].point_types != first.classes["pos"].point_types \
        or other.classes["pos"].noisy_share != first.classes["pos"].noisy_share


def test_large_data_is_profiled_on_a_stratified_sample():
    frame = _two_class(n_major=20_000, n_minor=1_000)
    frame.loc[:2, "y"] = "tiny"  # a class of 3 rows keeps all of them
    p = profile_dataset(frame, "y", max_rows=2_000)
    assert p.sampled and p.n_rows == 21_000
    assert p.sample_size == pytest.approx(2_000, abs=5)
    sampled = {c.label: c.n_sampled for c in p.classes.values()}
    assert sampled["pos"] == pytest.approx(2_000 * 1_000 / 21_000, abs=1)
    assert sampled["tiny"] == 3
    assert any("tiny" in w and "k_neighbors=2" in w for w in p.warnings)


@given(st.lists(st.integers(0, 3), min_size=30, max_size=300), st.integers(8, 60), st.integers(0, 10))
@settings(max_examples=40)
def test_stratified_sample_keeps_shares_and_sizes(codes, max_rows, seed):
    codes = np.asarray(codes)
    codes = np.unique(codes, return_inverse=True)[1]  # codes 0..n-1 without gaps
    rows = stratified_sample(codes, max_rows, np.random.RandomState(seed), min_per_class=K_NEIGHBORS + 1)
    counts = np.bincount(codes)
    taken = np.bincount(codes[rows], minlength=len(counts))
    assert np.all(np.diff(rows) > 0)
    assert np.all(taken <= counts)
    if len(codes) > max_rows:
        floor = np.minimum(counts, K_NEIGHBORS + 1)
        assert np.all(taken >= floor)
        proportional = counts * max_rows / len(codes)
        assert np.all((taken <= np.ceil(proportional)) | (taken == floor))


def test_multi_class_profiles_every_minority_class_and_finds_the_worst():
    rng = np.random.RandomState(1)
    X = np.vstack([rng.normal(0, 1, (400, 2)), rng.normal(8, 0.5, (60, 2)), rng.normal(0.5, 1, (50, 2))])
    frame = pd.DataFrame(X, columns=["a", "b"])
    frame["y"] = [0] * 400 + [1] * 60 + [2] * 50
    p = profile_dataset(frame, "y")
    assert list(p.classes) == [2, 1]  # smallest first
    assert p.classes[1].noisy_share < 0.05 < p.classes[2].noisy_share
    assert p.worst("noisy_share") == (2, p.classes[2].noisy_share)
    assert p.worst("tomek_share")[0] == 2


def test_scale_spread_and_distance_concentration():
    rng = np.random.RandomState(0)
    frame = pd.DataFrame({"income": rng.normal(50_000, 15_000, 300), "age": rng.normal(40, 10, 300),
                          "score": rng.normal(0, 1, 300)})
    frame["y"] = np.where(rng.uniform(size=300) < 0.2, "a", "b")
    p = profile_dataset(frame, "y")
    assert sum(p.variance_share.values()) == pytest.approx(1.0)
    assert p.variance_share["income"] > 0.99 and p.effective_columns == pytest.approx(1.0, abs=0.01)
    assert p.distance_concentration < 0.1

    wide = pd.DataFrame(rng.uniform(size=(150, 80)))
    wide.columns = [f"c{i}" for i in range(80)]
    wide["y"] = frame["y"].iloc[:150]
    assert profile_dataset(wide, "y").distance_concentration > 0.6


def test_rows_without_label_are_left_out_with_a_warning():
    frame = _two_class()
    frame.loc[[1, 2], "y"] = None
    p = profile_dataset(frame, "y")
    assert p.n_rows == 338
    assert any("2 row(s) without" in w for w in p.warnings)


def test_categorical_only_data_has_no_geometry():
    frame = pd.DataFrame({"colour": ["red", "blue", "red", "green"] * 10, "y": ["a"] * 30 + ["b"] * 10})
    p = profile_dataset(frame, "y")
    assert p.classes == {} and p.n3 is None and p.distance_concentration is None
    assert p.worst("noisy_share") == (None, None)
    assert p.categorical_columns == ["colour"]


def test_unusable_columns_are_reported():
    frame = _two_class()
    frame["id"] = np.arange(len(frame))
    frame["constant"] = 1.0
    p = profile_dataset(frame, "y")
    assert p.column_kinds["id"] == "identifier" and p.column_kinds["constant"] == "constant"
    assert any("['id']" in w and "identifier" in w for w in p.warnings)


@pytest.mark.parametrize(
    "frame, target, message",
    [
        (pd.DataFrame({"a": [1.0, 2.0], "y": [0, 1]}), "label", "target column 'label' is not in the data"),
        (pd.DataFrame({"a": [1.0, 2.0, 3.0], "y": [1, 1, 1]}), "y", "constant \\(one class, 1\\)"),
        (pd.DataFrame({"a": [1.0, 2.0], "y": [None, None]}), "y", "every value is missing"),
        (pd.DataFrame({"a": [1.0, 2.0], "y": ["x", 1]}), "y", "mixes label types"),
        (pd.DataFrame({"id": np.arange(20), "k": np.ones(20), "y": [0, 1] * 10}), "y", "no usable feature column"),
        ([[1, 2]], "y", "expected a pandas DataFrame"),
    ],
)
def test_clear_errors(frame, target, message):
    with pytest.raises(ValueError, match=message):
        profile_dataset(frame, target)


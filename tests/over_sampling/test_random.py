"""RandomOverSampler copies rows of any column type exactly, as imbalanced-learn's does."""

import numpy as np
import pandas as pd
import pytest
from imblearn.over_sampling import RandomOverSampler as ImblearnROS

from smote_core.over_sampling import RandomOverSampler


def _mixed(n=60, seed=0):
    rng = np.random.RandomState(seed)
    X = pd.DataFrame({
        "amount": rng.normal(100, 30, n),
        "count": rng.randint(0, 9, n).astype(np.int32),
        "colour": pd.Categorical(rng.choice(["red", "blue", "green"], n)),
        "city": rng.choice(["rome", "oslo"], n).astype(object),
        "grade": pd.array(rng.choice(["a", "b"], n), dtype="string"),
        "member": rng.rand(n) < 0.5,
        "seen": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.randint(0, 365, n), unit="D"),
        "score": pd.array(rng.randint(0, 5, n), dtype="Int64"),
    }, index=np.arange(n) * 10 + 7)  # an index that is not positions
    y = pd.Series(np.where(np.arange(n) % 5 == 0, "pos", "neg"), name="target", index=X.index)
    return X, y


@pytest.mark.parametrize("seed", [0, 3])
def test_mixed_frame_keeps_dtypes_and_copies_rows_exactly_as_imblearn(seed):
    X, y = _mixed(seed=seed)
    sampler = RandomOverSampler(random_state=seed)
    X_res, y_res = sampler.fit_resample(X, y)
    assert X_res.dtypes.to_dict() == X.dtypes.to_dict() and y_res.dtype == y.dtype
    assert X_res["colour"].cat.categories.equals(X["colour"].cat.categories)
    pd.testing.assert_frame_equal(X_res.iloc[: len(X)], X.reset_index(drop=True))
    prov = sampler.provenance_
    copies = X_res.iloc[prov["row"]].reset_index(drop=True)
    pd.testing.assert_frame_equal(copies, X.iloc[prov["parent"]].reset_index(drop=True))
    assert (y_res.iloc[prov["row"]].to_numpy() == y.iloc[prov["parent"]].to_numpy()).all()
    assert y_res.value_counts().nunique() == 1  # balanced

    X_theirs, y_theirs = ImblearnROS(random_state=seed).fit_resample(X, y)
    pd.testing.assert_frame_equal(X_res, X_theirs.reset_index(drop=True))
    np.testing.assert_array_equal(y_res.to_numpy(), np.asarray(y_theirs))


def test_object_array_in_object_array_out():
    X, y = _mixed()
    values = X[["amount", "city", "member"]].to_numpy(dtype=object)
    X_res, y_res = RandomOverSampler(random_state=1).fit_resample(values, y.to_numpy())
    X_theirs, y_theirs = ImblearnROS(random_state=1).fit_resample(values, y.to_numpy())
    assert X_res.dtype == object
    np.testing.assert_array_equal(X_res, X_theirs)
    np.testing.assert_array_equal(y_res, y_theirs)


def test_missing_values_are_copied_with_their_rows_not_dropped():
    X, y = _mixed()
    X.loc[X.index[y.to_numpy() == "pos"][:3], "amount"] = np.nan
    X.loc[X.index[0], "city"] = None
    sampler = RandomOverSampler(random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    assert len(X_res) == len(X) + len(sampler.provenance_) == 2 * (y == "neg").sum()
    parents = X.iloc[sampler.provenance_["parent"]]
    assert X_res["amount"].iloc[len(X):].isna().sum() == parents["amount"].isna().sum() > 0
    assert X_res["amount"].iloc[: len(X)].isna().sum() == 3 and X_res["city"].iloc[: len(X)].isna().sum() == 1
    X_theirs, _ = ImblearnROS(random_state=0).fit_resample(X, y)
    pd.testing.assert_frame_equal(X_res, X_theirs.reset_index(drop=True))

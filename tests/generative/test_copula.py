"""Gaussian copula: marginals from the class's own values, dependence from normal scores."""

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from smote_core.generative import GaussianCopulaSampler, fidelity


def test_dependence_and_marginals_of_the_class_are_kept():
    rng = np.random.RandomState(0)
    n_min = 300
    x = rng.gamma(2.0, 1.0, n_min)
    minority = pd.DataFrame({
        "x": x,
        "y": 3 * x + rng.normal(0, 0.5, n_min),  # strongly tied to x
        "level": np.where(x + rng.normal(0, 0.7, n_min) > np.median(x), "high", "low"),  # follows x, noisily
    })
    majority = pd.DataFrame({"x": rng.normal(0, 1, 900), "y": rng.normal(0, 1, 900),
                             "level": rng.choice(["high", "low", "mid"], 900)})
    X = pd.concat([minority, majority], ignore_index=True)
    y = np.array([1] * n_min + [0] * 900)
    sampler = GaussianCopulaSampler(random_state=0)
    X_res, _ = sampler.fit_resample(X, y)
    new = X_res.iloc[len(X):]
    assert np.corrcoef(new["x"], new["y"])[0, 1] > 0.85
    assert new.groupby("level")["x"].mean()["high"] > 1.5 * new.groupby("level")["x"].mean()["low"]
    assert set(new["level"]) == {"high", "low"}  # "mid" is never seen in the class
    report = fidelity(minority, new)
    assert report.column_distance < 0.06 and report.correlation_difference < 0.1
    scores = sampler.correlation_[1]
    assert list(scores.columns) == ["x", "y", "level"] and np.allclose(np.diag(scores), 1)
    assert scores.loc["x", "y"] > 0.9


@given(
    n_min=st.integers(2, 30),
    n_categories=st.integers(1, 4),
    integer=st.booleans(),
    seed=st.integers(0, 10_000),
)
def test_any_small_class_gets_its_label_its_range_and_its_categories(n_min, n_categories, integer, seed):
    rng = np.random.RandomState(seed)
    n = n_min + 40
    X = pd.DataFrame({
        "a": rng.randint(-5, 5, n) if integer else rng.normal(0, 3, n).round(1),
        "b": rng.choice([f"c{i}" for i in range(n_categories + 1)], n),
        "c": rng.exponential(2.0, n),
    })
    X.loc[0, "b"], X.loc[1, "b"] = "c0", "c1"  # two values at least, so no column is constant
    X.loc[0, "a"], X.loc[1, "a"] = 0, 1
    y = np.array(["rare"] * n_min + ["common"] * 40)
    X_res, y_res = GaussianCopulaSampler(random_state=seed).fit_resample(X, y)
    new, labels = X_res.iloc[n:], y_res[n:]
    rare = X.iloc[:n_min]
    assert (labels == "rare").all() and len(new) == 40 - n_min
    assert new["a"].dtype == X["a"].dtype and set(new["b"]) <= set(rare["b"])
    for name in ("a", "c"):
        assert new[name].between(rare[name].min(), rare[name].max()).all()

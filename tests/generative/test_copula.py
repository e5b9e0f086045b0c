"""Gaussian copula: marginals from the class's own values, dependence from normal scores."""

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from smote_core.datasets import conditional_share, structured_class
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


def test_the_same_rows_in_any_order_give_the_same_model_and_the_same_structure():
    frame = structured_class()
    real = frame[frame["class"] == "minority"]
    shares, correlations = [], []
    for seed in range(4):
        shuffled = frame.sample(frac=1, random_state=seed).reset_index(drop=True) if seed else frame
        X, y = shuffled.drop(columns="class"), shuffled["class"]
        sampler = GaussianCopulaSampler(random_state=0)
        X_res, _ = sampler.fit_resample(X, y)
        shares.append(conditional_share(X_res.iloc[len(X):]))
        correlations.append(sampler.correlation_["minority"])
    # the model is fixed by the values (up to the categories' jitter, drawn row by row)
    for other in correlations[1:]:
        np.testing.assert_allclose(other.loc[["x1", "x2", "count", "w"], ["x1", "x2", "count", "w"]],
                                   correlations[0].loc[["x1", "x2", "count", "w"], ["x1", "x2", "count", "w"]],
                                   atol=1e-9)
        assert np.sign(other.loc["x1", "level"]) == np.sign(correlations[0].loc["x1", "level"])
        assert abs(other.loc["x1", "level"] - correlations[0].loc["x1", "level"]) < 0.05
    # P(level = a | x1 > 0): real 0.68; the same for every order within 0.08, and close to the real one
    assert max(shares) - min(shares) <= 0.08
    assert all(abs(share - conditional_share(real)) <= 0.08 for share in shares)


def test_categories_are_ordered_by_the_numbers_they_go_with():
    from smote_core.generative._copula import _ordered_codes

    column = pd.Series(["mid", "low", "high", "mid", "low", "high"])
    key = np.array([0.1, -2.0, 3.0, -0.1, -1.0, 2.0])
    codes, categories, counts = _ordered_codes(column, key)
    assert categories.tolist() == ["low", "mid", "high"] and counts.tolist() == [2, 2, 2]
    assert codes.tolist() == [1, 0, 2, 1, 0, 2]
    reversed_codes, reversed_categories, _ = _ordered_codes(column[::-1], key[::-1])
    assert reversed_categories.tolist() == categories.tolist()
    without_numbers = _ordered_codes(pd.Series(["b", "a", "b", "c"]), np.zeros(4))
    assert without_numbers[1].tolist() == ["b", "a", "c"]  # by frequency, then by name

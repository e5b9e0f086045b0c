"""``train_on="all"``: one model for every class, the label as its condition. The rows it generates for
the minority must look like the minority to a classifier trained on real rows, not be pulled toward
the majority the model mostly saw."""

import numpy as np
import pandas as pd
import pytest
from sklearn.ensemble import RandomForestClassifier

from smote_core.datasets import structured_class
from smote_core.generative import CTGANSampler, TVAESampler

# The synthetic minority's mean P(minority) may fall at most this far below the real held-out rows'.
TOLERANCE = 0.1


def _one_hot(*frames):
    joined = pd.get_dummies(pd.concat(frames, keys=range(len(frames))), dtype=float)
    return [joined.xs(i).to_numpy() for i in range(len(frames))]


@pytest.mark.parametrize("cls", [CTGANSampler, TVAESampler], ids=["ctgan", "tvae"])
def test_a_classifier_scores_synthetic_minority_rows_like_real_ones(cls):
    frame = structured_class(n_minority=300, n_majority=600)
    X, y = frame.drop(columns="class"), frame["class"]
    held = structured_class(n_minority=300, n_majority=600, random_state=1)
    real = held.loc[held["class"] == "minority", X.columns]
    X_res, _ = cls(train_on="all", random_state=0).fit_resample(X, y)
    new = X_res.iloc[len(X):]
    train, real_rows, new_rows = _one_hot(X, real, new)
    forest = RandomForestClassifier(n_estimators=200, random_state=0, n_jobs=1).fit(train, y == "minority")
    p_real = forest.predict_proba(real_rows)[:, 1].mean()
    p_new = forest.predict_proba(new_rows)[:, 1].mean()
    assert p_real > 0.7  # the classes are told apart: the check means something
    assert p_new >= p_real - TOLERANCE, (p_new, p_real)

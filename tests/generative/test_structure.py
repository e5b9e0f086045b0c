"""Each generator, at its default settings, learns a class whose structure is known.

The class (``structured_class``: 300 minority rows) has a strong linear relation (corr(x1, x2) = 0.9),
a category that depends on a number (P(level = "a" | x1 > 0) = 0.68), an integer column that grows
with x2 and a bimodal column (modes at -2.5 and 2.5, 30/70). An untrained network cannot pass these
tests (post-processing keeps labels, ranges and categories right, but not the relations): with every
learning rate set to 0 they fail. Fixed seeds and small data (300 rows) keep them short: one fit per
generator at its defaults, plus one 1-step fit per neural generator.
"""

import numpy as np
import pandas as pd
import pytest

from smote_core.datasets import conditional_share, structured_class
from smote_core.generative import CTGANSampler, GaussianCopulaSampler, TVAESampler, fidelity

GENERATORS = {"ctgan": CTGANSampler, "tvae": TVAESampler, "gaussian-copula": GaussianCopulaSampler}
NEURAL = ("ctgan", "tvae")
# Tolerances (real values in brackets)
MIN_CORRELATION = {"ctgan": 0.5, "tvae": 0.7, "gaussian-copula": 0.85}  # corr(x1, x2) [0.90]; 1 step: about 0
SHARE_TOLERANCE = 0.15  # |P(level = a | x1 > 0) - real| [0.68]
MIN_COUNT_CORRELATION = 0.5  # corr(count, x2) [0.94]
LOW_MODE_SHARE = (0.2, 0.4)  # share of w below 0 [0.30]
MAX_BETWEEN_MODES = 0.1  # share of |w| < 1, between the modes [0.00]
DETECTION_GAIN = 0.1  # detection ROC-AUC at least this much below the 1-step model's


def _data(random_state=0):
    frame = structured_class(n_minority=300, n_majority=600, random_state=random_state)
    return frame.drop(columns="class"), frame["class"]


def _fit(name, **params):
    X, y = _data()
    sampler = GENERATORS[name](random_state=0, **params)
    X_res, _ = sampler.fit_resample(X, y)
    return sampler, X_res.iloc[len(X):].reset_index(drop=True)


@pytest.fixture(scope="module")
def held_out():
    X, y = _data(random_state=1)
    return X[y == "minority"].reset_index(drop=True)


@pytest.fixture(scope="module", params=list(GENERATORS))
def trained(request):
    name = request.param
    return (name, *_fit(name))


def test_the_linear_relation_is_recovered(trained):
    name, _, rows = trained
    assert np.corrcoef(rows["x1"], rows["x2"])[0, 1] >= MIN_CORRELATION[name]


def test_the_category_follows_the_number(trained, held_out):
    name, _, rows = trained
    assert abs(conditional_share(rows) - conditional_share(held_out)) <= SHARE_TOLERANCE


def test_the_integer_column_stays_integer_and_follows_x2(trained):
    _, _, rows = trained
    assert rows["count"].dtype == np.int64
    assert np.corrcoef(rows["count"], rows["x2"])[0, 1] >= MIN_COUNT_CORRELATION


def test_the_bimodal_column_keeps_both_modes_and_little_between(trained):
    _, _, rows = trained
    assert LOW_MODE_SHARE[0] <= (rows["w"] < 0).mean() <= LOW_MODE_SHARE[1]
    assert (rows["w"].abs() < 1).mean() <= MAX_BETWEEN_MODES


@pytest.mark.parametrize("trained", NEURAL, indirect=True)  # the copula has no training steps
def test_training_beats_one_step_on_detection(trained, held_out):
    name, _, rows = trained
    _, untrained_rows = _fit(name, steps=1)
    trained_auc = fidelity(held_out, rows).detection_auc
    untrained_auc = fidelity(held_out, untrained_rows).detection_auc
    assert trained_auc <= untrained_auc - DETECTION_GAIN, (trained_auc, untrained_auc)


@pytest.mark.parametrize("trained", NEURAL, indirect=True)  # the copula is fitted in closed form
def test_losses_and_the_validation_distance_fall(trained):
    name, sampler, _ = trained
    losses = sampler.losses_
    falling = {"ctgan": "condition", "tvae": "loss"}[name]
    assert losses[falling].iloc[-3:].mean() < losses[falling].iloc[:3].mean()
    assert losses["distance"].min() < 0.5 * losses["distance"].iloc[0]
    kept = sampler.best_step_["minority"]
    assert losses.set_index("step").loc[kept, "distance"] == losses["distance"].min()


def test_a_classifier_trained_on_real_rows_scores_synthetic_rows_like_real_ones(trained, held_out):
    """The generated minority must not drift toward the majority (tolerance 0.1 in mean P(minority))."""
    from sklearn.ensemble import RandomForestClassifier

    _, _, rows = trained
    X, y = _data()
    joined = pd.get_dummies(pd.concat([X, held_out, rows], keys=[0, 1, 2]), dtype=float)
    train, real, synthetic = (joined.xs(i).to_numpy() for i in range(3))
    forest = RandomForestClassifier(n_estimators=200, random_state=0, n_jobs=1).fit(train, y == "minority")
    p_real, p_synthetic = forest.predict_proba(real)[:, 1].mean(), forest.predict_proba(synthetic)[:, 1].mean()
    assert p_real > 0.7  # the classes are told apart: the check means something
    assert p_synthetic >= p_real - 0.1, (p_synthetic, p_real)

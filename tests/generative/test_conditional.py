"""CTGAN's training-by-sampling: log-frequency categories for training, true frequencies for generation."""

import numpy as np
import pytest

from smote_core.generative._conditional import ConditionSampler
from smote_core.generative._transformer import SOFTMAX, Span


@pytest.fixture(scope="module")
def sampler():
    # two labels; one categorical column with three categories (800 / 150 / 50 rows in label 0)
    rng = np.random.RandomState(0)
    codes = np.r_[np.repeat([0, 1, 2], [800, 150, 50]), rng.choice(3, 500, p=[0.2, 0.2, 0.6])]
    labels = np.r_[np.zeros(1000, dtype=np.intp), np.ones(500, dtype=np.intp)]
    data = np.eye(3)[codes]
    return ConditionSampler(data, labels, 2, [Span(0, 3, SOFTMAX)]), data, labels


def test_training_draws_categories_by_log_frequency_and_real_rows_that_match(sampler):
    conditions, data, labels = sampler
    cond, rows, column, category = conditions.train_batch(40_000, np.random.RandomState(1))
    label = cond[:, :2].argmax(axis=1)
    assert abs(label.mean() - 0.5) < 0.01  # labels drawn uniformly
    first = label == 0
    expected = np.log1p([800, 150, 50]) / np.log1p([800, 150, 50]).sum()  # 0.43 / 0.32 / 0.25
    shares = np.bincount(category[first], minlength=3) / first.sum()
    np.testing.assert_allclose(shares, expected, atol=0.015)
    assert (labels[rows] == label).all()  # the real rows shown have the conditioned label ...
    assert (data[rows].argmax(axis=1) == category).all()  # ... and the conditioned category
    assert (cond[np.arange(len(cond)), 2 + category] == 1).all() and (cond.sum(axis=1) == 2).all()


def test_generation_draws_categories_by_their_true_frequency_in_the_class(sampler):
    conditions, _, _ = sampler
    cond = conditions.sample_batch(0, 40_000, np.random.RandomState(2))
    assert (cond[:, 0] == 1).all() and (cond[:, 1] == 0).all()
    shares = cond[:, 2:].sum(axis=0) / len(cond)
    np.testing.assert_allclose(shares, [0.8, 0.15, 0.05], atol=0.01)
    other = conditions.sample_batch(1, 40_000, np.random.RandomState(3))[:, 2:].mean(axis=0)
    assert other[2] > 0.55  # label 1's own frequencies, not label 0's

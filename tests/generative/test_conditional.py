"""CTGAN's training-by-sampling: log-frequency categories for training, true frequencies for generation."""

import numpy as np
import pytest

from smote_core.generative._conditional import ConditionSampler
from smote_core.generative._transformer import SOFTMAX, Span

COUNTS = [800, 150, 50]  # the first categorical column; the second has 2 categories, 500 / 500


@pytest.fixture(scope="module")
def sampler():
    rng = np.random.RandomState(0)
    first = rng.permutation(np.repeat([0, 1, 2], COUNTS))
    second = rng.permutation(np.repeat([0, 1], [500, 500]))
    data = np.hstack([np.eye(3)[first], np.eye(2)[second]])
    return ConditionSampler(data, [Span(0, 3, SOFTMAX), Span(3, 2, SOFTMAX)]), data


def test_training_draws_categories_by_log_frequency_and_real_rows_that_match(sampler):
    conditions, data = sampler
    cond, rows, column, category = conditions.train_batch(60_000, np.random.RandomState(1))
    assert abs((column == 0).mean() - 0.5) < 0.01  # columns drawn uniformly
    first = column == 0
    expected = np.log1p(COUNTS) / np.log1p(COUNTS).sum()  # 0.43 / 0.32 / 0.25 (true: 0.80 / 0.15 / 0.05)
    np.testing.assert_allclose(np.bincount(category[first], minlength=3) / first.sum(), expected, atol=0.015)
    spans = [(0, 3), (3, 5)]
    chosen = np.array([data[r, spans[c][0]:spans[c][1]].argmax() for r, c in zip(rows[:500], column[:500])])
    assert (chosen == category[:500]).all()  # the real row shown has the conditioned category
    offsets = np.array([0, 3])
    assert (cond[np.arange(len(cond)), offsets[column] + category] == 1).all() and (cond.sum(axis=1) == 1).all()


def test_generation_draws_categories_by_their_true_frequency(sampler):
    conditions, _ = sampler
    cond = conditions.sample_batch(60_000, np.random.RandomState(2))
    first = cond[:, :3].sum(axis=1) == 1
    assert abs(first.mean() - 0.5) < 0.01
    np.testing.assert_allclose(cond[first, :3].mean(axis=0), np.array(COUNTS) / 1000, atol=0.01)
    np.testing.assert_allclose(cond[~first, 3:].mean(axis=0), [0.5, 0.5], atol=0.015)


def test_without_categorical_columns_rows_are_drawn_uniformly():
    conditions = ConditionSampler(np.random.RandomState(0).normal(size=(40, 3)), [])
    cond, rows, _, _ = conditions.train_batch(4000, np.random.RandomState(1))
    assert cond.shape == (4000, 0) and conditions.sample_batch(5, np.random.RandomState(2)).shape == (5, 0)
    assert set(rows) == set(range(40))

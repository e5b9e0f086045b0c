"""CTGAN's conditional vector and training-by-sampling (Xu et al., 2019, section 4.3).

The vector has one block per categorical column. For training, each batch row draws a categorical
column uniformly and a category of it with probability proportional to the log of its frequency
(rare categories are shown more often than they occur); the real row shown to the critic is drawn
among the rows with that category. For generation, the column is drawn uniformly and the category
by its plain frequency, so that the generated rows keep the data's proportions.
"""

from __future__ import annotations

import numpy as np

from ._transformer import Span


class ConditionSampler:
    """Draws conditional vectors (and matching real rows) for one encoded training set.

    Parameters
    ----------
    data : ndarray of shape (n_rows, n_encoded)
        Encoded training rows.
    discrete_spans : list of Span
        Blocks of the categorical columns in ``data``.
    """

    def __init__(self, data: np.ndarray, discrete_spans: list[Span]):
        self.n_rows = len(data)
        self.spans = list(discrete_spans)
        widths = np.array([span.width for span in self.spans], dtype=np.intp)
        self.offsets = np.concatenate([[0], np.cumsum(widths)[:-1]]).astype(np.intp)
        self.dim = int(widths.sum())
        self._width = int(widths.max()) if self.spans else 1
        codes = [np.argmax(data[:, span.start:span.stop], axis=1) for span in self.spans]
        counts = np.array([np.bincount(code, minlength=self._width) for code in codes]).reshape(-1, self._width)
        self._train_cum = _cumulative(np.log1p(counts))
        self._sample_cum = _cumulative(counts.astype(np.float64))
        self._rows = [_Groups(code, self._width) for code in codes]

    def train_batch(self, n: int, rng: np.random.RandomState):
        """Conditional vectors for a training batch, the matching real rows, and what was conditioned.

        Returns
        -------
        cond : ndarray of float32, shape (n, dim)
        rows : ndarray of int
            Positions in ``data`` of real rows that satisfy each vector.
        column, category : ndarray of int
            Categorical column (index into ``discrete_spans``) and category conditioned on, per row.
        """
        cond = np.zeros((n, self.dim), dtype=np.float32)
        if not self.spans:
            rows = (rng.uniform(size=n) * self.n_rows).astype(np.intp)
            return cond, rows, np.zeros(n, dtype=np.intp), np.zeros(n, dtype=np.intp)
        column = rng.randint(len(self.spans), size=n)
        category = _draw(self._train_cum[column], rng)
        rows = np.empty(n, dtype=np.intp)
        for d, groups in enumerate(self._rows):
            chosen = column == d
            rows[chosen] = groups.draw(category[chosen], rng)
        cond[np.arange(n), self.offsets[column] + category] = 1.0
        return cond, rows, column, category

    def sample_batch(self, n: int, rng: np.random.RandomState) -> np.ndarray:
        """Conditional vectors for generating ``n`` rows: categories at their true frequencies."""
        cond = np.zeros((n, self.dim), dtype=np.float32)
        if self.spans:
            column = rng.randint(len(self.spans), size=n)
            category = _draw(self._sample_cum[column], rng)
            cond[np.arange(n), self.offsets[column] + category] = 1.0
        return cond


class _Groups:
    """Row positions grouped by an integer key, for drawing a random row of a given key."""

    def __init__(self, keys: np.ndarray, n_keys: int):
        self.order = np.argsort(keys, kind="stable")
        self.counts = np.bincount(keys, minlength=n_keys)
        self.starts = np.concatenate([[0], np.cumsum(self.counts)[:-1]])

    def draw(self, keys: np.ndarray, rng: np.random.RandomState) -> np.ndarray:
        offset = (rng.uniform(size=len(keys)) * self.counts[keys]).astype(np.intp)
        return self.order[self.starts[keys] + offset]


def _cumulative(weights: np.ndarray) -> np.ndarray:
    """Cumulative distribution along the last axis; the last category with weight reaches exactly 1."""
    cumulative = np.cumsum(weights, axis=-1)
    total = cumulative[..., -1:]
    return cumulative / np.where(total > 0, total, 1.0)


def _draw(cumulative: np.ndarray, rng: np.random.RandomState) -> np.ndarray:
    """One category per row of ``cumulative`` (rows are cumulative distributions)."""
    return (cumulative < rng.uniform(size=(len(cumulative), 1))).sum(axis=1)

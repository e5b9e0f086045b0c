"""CTGAN's conditional vector and training-by-sampling (Xu et al., 2019, section 4.3), with the label.

The vector is the class label one-hot followed by one block per categorical column. For training,
each batch row draws a label uniformly, a categorical column uniformly, and a category of it with
probability proportional to the log of its frequency in that class; the real row shown to the critic
is drawn among the rows of that class with that category. For generation, the label is fixed and the
category follows its plain frequency in the class, so the generated rows keep the class's proportions.
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
    labels : ndarray of int of shape (n_rows,)
        Label code of each row, in ``range(n_labels)``.
    n_labels : int
    discrete_spans : list of Span
        Blocks of the categorical columns in ``data``.
    """

    def __init__(self, data: np.ndarray, labels: np.ndarray, n_labels: int, discrete_spans: list[Span]):
        self.n_labels = n_labels
        self.spans = list(discrete_spans)
        widths = np.array([span.width for span in self.spans], dtype=np.intp)
        self.offsets = n_labels + np.concatenate([[0], np.cumsum(widths)[:-1]]).astype(np.intp)
        self.dim = n_labels + int(widths.sum())
        self._width = int(widths.max()) if self.spans else 1
        self._label_rows = _Groups(labels, n_labels)
        codes = [np.argmax(data[:, span.start:span.stop], axis=1) for span in self.spans]
        counts = np.zeros((n_labels, len(codes), self._width))
        for d, code in enumerate(codes):
            counts[:, d, :] = np.bincount(labels * self._width + code, minlength=n_labels * self._width).reshape(
                n_labels, self._width
            )
        self._train_cum = _cumulative(np.log1p(counts))
        self._sample_cum = _cumulative(counts)
        self._rows = [_Groups(labels * self._width + c, n_labels * self._width) for c in codes]

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
        label = rng.randint(self.n_labels, size=n)
        cond = self._label_vectors(label)
        if not self.spans:
            return cond, self._label_rows.draw(label, rng), np.zeros(n, dtype=np.intp), np.zeros(n, dtype=np.intp)
        column = rng.randint(len(self.spans), size=n)
        category = _draw(self._train_cum[label, column], rng)
        rows = np.empty(n, dtype=np.intp)
        for d, groups in enumerate(self._rows):
            chosen = column == d
            rows[chosen] = groups.draw(label[chosen] * self._width + category[chosen], rng)
        cond[np.arange(n), self.offsets[column] + category] = 1.0
        return cond, rows, column, category

    def sample_batch(self, label: int, n: int, rng: np.random.RandomState) -> np.ndarray:
        """Conditional vectors for generating ``n`` rows of label code ``label``."""
        labels = np.full(n, label, dtype=np.intp)
        cond = self._label_vectors(labels)
        if self.spans:
            column = rng.randint(len(self.spans), size=n)
            category = _draw(self._sample_cum[labels, column], rng)
            cond[np.arange(n), self.offsets[column] + category] = 1.0
        return cond

    def _label_vectors(self, label: np.ndarray) -> np.ndarray:
        cond = np.zeros((len(label), self.dim), dtype=np.float32)
        cond[np.arange(len(label)), label] = 1.0
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

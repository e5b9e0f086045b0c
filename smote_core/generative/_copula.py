"""Gaussian copula over-sampling: per class, each column's own distribution joined by one correlation.

numpy and scikit-learn only (no torch): the generative option that runs anywhere, and the baseline
the neural models must beat.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import ndtr, ndtri
from sklearn.utils import check_random_state

from .._validation import is_numeric_kind
from ._sampler import GenerativeSampler
from ._stats import correlation as correlation_of
from ._transformer import column_kinds

# Keeps uniforms away from 0 and 1, where the normal quantile is infinite.
_EPS = 1e-6
# Smallest eigenvalue allowed in the correlation of normal scores (keeps it positive definite).
_RIDGE = 1e-6


class GaussianCopulaSampler(GenerativeSampler):
    """New rows of each class from a Gaussian copula fitted to that class's rows.

    Each column is turned into normal scores through its empirical distribution: numeric columns by
    their ranks (``Φ⁻¹(rank / (n + 1))``), categorical columns by frequency intervals (each category
    owns a slice of [0, 1] as wide as its share; a row's score is a uniform draw inside its slice).
    The slices follow an order taken from the data, not from the rows' order: categories sorted by
    the mean, over their rows, of the first principal component of the numeric scores (then by
    frequency and name), so the same rows in any order give the same model.
    Correlations with a categorical score are divided by the dilution its jitter causes (the
    variance of the latent normal's mean within a category), which recovers the latent correlation
    under a Gaussian model; the matrix is then made a valid, positive definite correlation.
    New rows draw correlated normals with that correlation and map each back through
    the column's empirical quantiles (numbers, by linear interpolation between observed values) or
    slices (categories). Numbers therefore stay in the class's range and categories are ones seen in
    the class; integer columns are rounded.

    Parameters
    ----------
    sampling_strategy : str, float, dict or callable, default="auto"
        How many rows to generate per class (imbalanced-learn's forms).
    random_state : int, RandomState or None, default=None
        Seed; the same seed gives the same rows.

    Attributes
    ----------
    sampling_strategy_ : dict
        Class -> number of rows generated.
    correlation_ : dict
        Class -> DataFrame, the correlation of normal scores between columns.
    provenance_ : DataFrame
        One row per synthetic row; ``parent`` and ``neighbor`` are -1 and ``lam`` NaN (rows are drawn
        from the fitted distribution, not from a parent row).

    References
    ----------
    .. [1] N. Patki, R. Wedge and K. Veeramachaneni, "The Synthetic Data Vault", IEEE International
       Conference on Data Science and Advanced Analytics (DSAA), 399-410, 2016.

    Examples
    --------
    >>> from smote_core import GaussianCopulaSampler, load_dataset
    >>> loans, target = load_dataset("loan")
    >>> X_res, y_res = GaussianCopulaSampler(random_state=0).fit_resample(loans.drop(columns=target), loans[target])
    >>> y_res.value_counts().sort_index().to_dict(), y_res.name
    ({'no': 18, 'yes': 18}, 'default')
    """

    _technique = "gaussian-copula"
    _min_class_rows = 2

    def __init__(self, *, sampling_strategy="auto", random_state=None):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state

    def _generate(self, X, y):
        rng = check_random_state(self.random_state)
        self.correlation_ = {}
        generated = {}
        for label, class_index, n_new in self._classes_to_grow(y):
            rows = X.iloc[class_index]
            key = _principal_scores(rows)
            marginals = [_Marginal(rows[name], key) for name in X.columns]
            scores = np.column_stack([m.normal_scores(rng) for m in marginals])
            attenuation = np.array([m.attenuation for m in marginals])
            correlation = _valid_correlation(correlation_of(scores) / np.outer(attenuation, attenuation))
            self.correlation_[label] = pd.DataFrame(correlation, index=X.columns, columns=X.columns)
            eigenvalues, eigenvectors = np.linalg.eigh(correlation)
            z = rng.standard_normal((n_new, len(marginals))) @ (eigenvectors * np.sqrt(eigenvalues)).T
            u = np.clip(ndtr(z), _EPS, 1 - _EPS)
            generated[label] = pd.DataFrame(
                {m.name: m.from_uniform(u[:, j]) for j, m in enumerate(marginals)}, columns=X.columns
            )
        return generated


def _valid_correlation(matrix: np.ndarray) -> np.ndarray:
    """The matrix made a positive definite correlation: entries clipped to [-1, 1], eigenvalues
    raised to at least ``_RIDGE``, unit diagonal restored."""
    matrix = np.clip(matrix, -1.0, 1.0)
    np.fill_diagonal(matrix, 1.0)
    eigenvalues, eigenvectors = np.linalg.eigh(matrix)
    matrix = (eigenvectors * np.maximum(eigenvalues, _RIDGE)) @ eigenvectors.T
    scale = 1.0 / np.sqrt(np.diag(matrix))
    return matrix * np.outer(scale, scale)


def _normal_ranks(values: np.ndarray) -> np.ndarray:
    """Normal scores of each column's ranks, ``Φ⁻¹(rank / (n + 1))`` (ties share their mean rank)."""
    ranks = pd.DataFrame(values).rank(method="average").to_numpy()
    return ndtri(ranks / (len(values) + 1))


def _principal_scores(rows: pd.DataFrame) -> np.ndarray:
    """Each row's score on the first principal component of the numeric columns' normal scores
    (zeros without numeric columns); its sign is fixed by the largest loading being positive.

    Categories are placed along the copula's latent axis in the order of their mean score: the rule
    depends on the rows' values, not on their order, and a category tied to the numbers gets a
    place next to the categories it resembles.
    """
    numeric, _ = column_kinds(rows)
    if not numeric:
        return np.zeros(len(rows))
    scores = _normal_ranks(rows[numeric].to_numpy(dtype=np.float64))
    _, eigenvectors = np.linalg.eigh(np.atleast_2d(np.cov(scores, rowvar=False)))
    axis = eigenvectors[:, -1]
    axis = axis * np.sign(axis[np.argmax(np.abs(axis))])
    return scores @ axis


def _ordered_codes(column: pd.Series, key: np.ndarray):
    """Codes, categories and counts of a categorical column, categories ordered by their mean
    ``key`` (then by frequency, then by their text): the same for any order of the rows."""
    codes, categories = pd.factorize(column.to_numpy(dtype=object))
    counts = np.bincount(codes)
    means = np.round(np.bincount(codes, weights=key) / counts, 9)  # rounding: summation order is not exact
    order = np.lexsort((np.asarray([str(c) for c in categories]), -counts, means))
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    return rank[codes], np.asarray(categories, dtype=object)[order], counts[order]


class _Marginal:
    """One column's empirical distribution, as a map to and from uniforms."""

    def __init__(self, column: pd.Series, key: np.ndarray):
        self.name = column.name
        self.dtype = column.dtype
        self.numeric = is_numeric_kind(column.dtype)
        if self.numeric:
            self.values = column.to_numpy(dtype=np.float64)
        else:
            self.codes, self.categories, counts = _ordered_codes(column, key)
            self.edges = np.concatenate([[0.0], np.cumsum(counts) / counts.sum()])

    @property
    def attenuation(self) -> float:
        """How much the category's score dilutes a correlation: Var(E[Z | category]) for the latent
        normal Z (1 for numbers). A correlation with the jittered score is ρ times this."""
        if self.numeric:
            return 1.0
        density = np.exp(-0.5 * ndtri(self.edges) ** 2) / np.sqrt(2 * np.pi)  # φ(Φ⁻¹(edge)), 0 at 0 and 1
        shares = np.diff(self.edges)
        means = (density[:-1] - density[1:]) / shares
        return max(float(np.sum(shares * means**2)), _RIDGE)

    def normal_scores(self, rng: np.random.RandomState) -> np.ndarray:
        if self.numeric:
            return _normal_ranks(self.values[:, None])[:, 0]
        if len(self.categories) == 1:  # no spread: uncorrelated with everything
            return np.zeros(len(self.codes))
        low, high = self.edges[self.codes], self.edges[self.codes + 1]
        u = low + (high - low) * rng.uniform(size=len(self.codes))
        return ndtri(np.clip(u, _EPS, 1 - _EPS))

    def from_uniform(self, u: np.ndarray) -> pd.Series:
        if self.numeric:
            x = np.quantile(self.values, u)
            if pd.api.types.is_integer_dtype(self.dtype):
                x = np.rint(x)
            return pd.Series(x).astype(self.dtype)
        index = np.clip(np.searchsorted(self.edges, u, side="right") - 1, 0, len(self.categories) - 1)
        return pd.Series(self.categories[index], dtype=object).astype(self.dtype)

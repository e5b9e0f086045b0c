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

# Keeps uniforms away from 0 and 1, where the normal quantile is infinite.
_EPS = 1e-6
# Smallest eigenvalue allowed in the correlation of normal scores (keeps it positive definite).
_RIDGE = 1e-6


class GaussianCopulaSampler(GenerativeSampler):
    """New rows of each class from a Gaussian copula fitted to that class's rows.

    Each column is turned into normal scores through its empirical distribution: numeric columns by
    their ranks (``Φ⁻¹(rank / (n + 1))``), categorical columns by frequency intervals (each category
    owns a slice of [0, 1] as wide as its share; a row's score is a uniform draw inside its slice).
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
            marginals = [_Marginal(rows[name]) for name in X.columns]
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


class _Marginal:
    """One column's empirical distribution, as a map to and from uniforms."""

    def __init__(self, column: pd.Series):
        self.name = column.name
        self.dtype = column.dtype
        self.numeric = is_numeric_kind(column.dtype)
        if self.numeric:
            self.values = column.to_numpy(dtype=np.float64)
        else:
            self.codes, self.categories = pd.factorize(column.to_numpy(dtype=object))
            counts = np.bincount(self.codes)
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
            ranks = pd.Series(self.values).rank(method="average").to_numpy()
            u = ranks / (len(self.values) + 1)
        elif len(self.categories) == 1:  # no spread: uncorrelated with everything
            return np.zeros(len(self.codes))
        else:
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

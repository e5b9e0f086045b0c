"""The tabular transformer shared by CTGAN and TVAE (Xu et al., 2019, section 4.2).

Numeric columns use *mode-specific normalisation*: a variational Gaussian mixture (scikit-learn's
``BayesianGaussianMixture`` with a Dirichlet-process prior) is fitted per column; each value is
encoded as a one-hot of a mode ``k`` drawn from its posterior plus ``α = (x − μ_k) / (4 σ_k)``.
Categorical columns are one-hot. The inverse is exact on encoded real rows; on generated rows it
takes the arg-max mode/category, clips numbers to a given range and keeps categories to given sets.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import BayesianGaussianMixture

from .._validation import is_numeric_kind

TANH, SOFTMAX = "tanh", "softmax"


@dataclass(frozen=True)
class Span:
    """A block of the encoded matrix: ``width`` columns from ``start``, squashed by ``activation``."""

    start: int
    width: int
    activation: str

    @property
    def stop(self) -> int:
        return self.start + self.width


@dataclass
class _NumericColumn:
    name: object
    dtype: object
    means: np.ndarray
    stds: np.ndarray
    mixture: BayesianGaussianMixture | None  # None for a constant column (one mode, no mixture)
    valid: np.ndarray  # indices of the mixture components kept as modes


@dataclass
class _CategoricalColumn:
    name: object
    dtype: object
    categories: np.ndarray


@dataclass(frozen=True)
class ClassSupport:
    """What a class's generated rows may take: numeric ``bounds`` and ``allowed`` categories.

    Attributes
    ----------
    bounds : dict
        Numeric column name -> (min, max) observed in the class.
    allowed : dict
        Categorical column name -> list of the categories seen in the class.
    """

    bounds: dict
    allowed: dict


def column_kinds(frame: pd.DataFrame) -> tuple[list, list]:
    """Names of the numeric and of the categorical columns (object, category, string, bool)."""
    numeric = [name for name, dtype in frame.dtypes.items() if is_numeric_kind(dtype)]
    categorical = [name for name in frame.columns if name not in set(numeric)]
    return numeric, categorical


def class_support(frame: pd.DataFrame) -> ClassSupport:
    """Observed numeric ranges and category sets of ``frame`` (the rows of one class)."""
    numeric, categorical = column_kinds(frame)
    values = frame[numeric].to_numpy(dtype=np.float64)
    bounds = dict(zip(numeric, zip(values.min(axis=0), values.max(axis=0)))) if numeric else {}
    allowed = {name: list(pd.unique(frame[name].to_numpy(dtype=object))) for name in categorical}
    return ClassSupport(bounds, allowed)


class TabularTransformer:
    """Encode a mixed DataFrame into a float matrix for a neural model, and back.

    Parameters
    ----------
    max_modes : int, default=10
        Components of each column's variational Gaussian mixture (an upper bound on its modes).
    weight_threshold : float, default=0.005
        Components with a smaller mixture weight are dropped.

    Attributes
    ----------
    spans_ : list of Span
        Blocks of the encoded matrix in order: per numeric column α (tanh) then its modes
        (softmax); per categorical column its one-hot (softmax).
    discrete_spans_ : list of Span
        The categorical columns' blocks (what CTGAN's conditional vector picks from).
    output_dim_ : int
    """

    def __init__(self, max_modes: int = 10, weight_threshold: float = 0.005):
        self.max_modes = max_modes
        self.weight_threshold = weight_threshold

    def fit(self, frame: pd.DataFrame, rng: np.random.RandomState) -> "TabularTransformer":
        numeric, _ = column_kinds(frame)
        self.columns_ = list(frame.columns)
        self._info = []
        self.spans_, self.discrete_spans_ = [], []
        start = 0
        for name in self.columns_:
            if name in numeric:
                info = self._fit_numeric(name, frame[name], rng)
                spans = [Span(start, 1, TANH), Span(start + 1, len(info.means), SOFTMAX)]
            else:
                categories = pd.unique(frame[name].to_numpy(dtype=object))
                info = _CategoricalColumn(name, frame[name].dtype, _sorted(categories))
                spans = [Span(start, len(info.categories), SOFTMAX)]
                self.discrete_spans_.append(spans[0])
            self._info.append(info)
            self.spans_.extend(spans)
            start = spans[-1].stop
        self.output_dim_ = start
        return self

    def _fit_numeric(self, name, column: pd.Series, rng) -> _NumericColumn:
        x = column.to_numpy(dtype=np.float64)
        n_unique = np.unique(x).size
        if n_unique == 1:
            return _NumericColumn(name, column.dtype, x[:1].copy(), np.ones(1), None, np.zeros(1, dtype=int))
        mixture = BayesianGaussianMixture(
            n_components=min(self.max_modes, n_unique),
            weight_concentration_prior_type="dirichlet_process",
            weight_concentration_prior=0.001,
            max_iter=100,
            random_state=rng.randint(np.iinfo(np.int32).max),
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            mixture.fit(x[:, None])
        valid = np.flatnonzero(mixture.weights_ > self.weight_threshold)
        if valid.size == 0:
            valid = np.array([int(np.argmax(mixture.weights_))])
        means = mixture.means_[valid, 0]
        stds = np.sqrt(mixture.covariances_[valid].reshape(-1))
        return _NumericColumn(name, column.dtype, means, stds, mixture, valid)

    def transform(self, frame: pd.DataFrame, rng: np.random.RandomState) -> np.ndarray:
        """Encode ``frame``; each numeric value's mode is drawn from its posterior with ``rng``."""
        out = np.zeros((len(frame), self.output_dim_), dtype=np.float64)
        spans = iter(self.spans_)
        for info in self._info:
            if isinstance(info, _NumericColumn):
                alpha_span, mode_span = next(spans), next(spans)
                x = frame[info.name].to_numpy(dtype=np.float64)
                mode = self._draw_modes(info, x, rng)
                out[:, alpha_span.start] = (x - info.means[mode]) / (4.0 * info.stds[mode])
                out[np.arange(len(x)), mode_span.start + mode] = 1.0
            else:
                span = next(spans)
                codes = _codes(frame[info.name], info.categories)
                out[np.arange(len(frame)), span.start + codes] = 1.0
        return out

    @staticmethod
    def _draw_modes(info: _NumericColumn, x: np.ndarray, rng) -> np.ndarray:
        if info.mixture is None:
            return np.zeros(len(x), dtype=np.intp)
        proba = info.mixture.predict_proba(x[:, None])[:, info.valid] + 1e-12
        cumulative = np.cumsum(proba / proba.sum(axis=1, keepdims=True), axis=1)
        mode = (cumulative < rng.uniform(size=(len(x), 1))).sum(axis=1)
        return np.minimum(mode, len(info.means) - 1)

    def inverse_transform(self, data: np.ndarray, support: ClassSupport | None = None) -> pd.DataFrame:
        """Decode an encoded matrix into a DataFrame with the fitted columns and dtypes.

        Modes and categories are the arg-max of their block. With ``support``, numbers are clipped to
        its bounds and categories restricted to its allowed sets; integer columns are rounded.
        """
        columns = {}
        spans = iter(self.spans_)
        for info in self._info:
            if isinstance(info, _NumericColumn):
                x = _number(info, data, next(spans), next(spans))
                if support is not None:
                    x = np.clip(x, *support.bounds[info.name])
                columns[info.name] = _as_dtype(x, info.dtype)
            else:
                span = next(spans)
                block = data[:, span.start:span.stop]
                if support is not None:
                    seen = pd.Index(info.categories).isin(support.allowed[info.name])
                    block = np.where(seen, block, -np.inf)
                values = info.categories[np.argmax(block, axis=1)]
                columns[info.name] = pd.Series(values, dtype=object).astype(info.dtype)
        return pd.DataFrame(columns, columns=self.columns_)

    def to_matrix(self, data: np.ndarray) -> np.ndarray:
        """Encoded rows as plain numbers: each numeric column decoded (arg-max mode, no clipping),
        each categorical column one-hot at its arg-max; for comparing rows with a distance."""
        parts = []
        spans = iter(self.spans_)
        for info in self._info:
            if isinstance(info, _NumericColumn):
                parts.append(_number(info, data, next(spans), next(spans))[:, None])
            else:
                span = next(spans)
                block = data[:, span.start:span.stop]
                parts.append((block == block.max(axis=1, keepdims=True)).astype(np.float64))
        return np.hstack(parts)

    def in_support(self, data: np.ndarray, support: ClassSupport) -> np.ndarray:
        """Whether each encoded row decodes inside ``support`` as it is: no number to clip, no
        category to replace."""
        inside = np.ones(len(data), dtype=bool)
        spans = iter(self.spans_)
        for info in self._info:
            if isinstance(info, _NumericColumn):
                x = _number(info, data, next(spans), next(spans))
                low, high = support.bounds[info.name]
                inside &= (x >= low) & (x <= high)
            else:
                span = next(spans)
                seen = pd.Index(info.categories).isin(support.allowed[info.name])
                inside &= seen[np.argmax(data[:, span.start:span.stop], axis=1)]
        return inside


def _number(info: _NumericColumn, data: np.ndarray, alpha_span: Span, mode_span: Span) -> np.ndarray:
    """Decode one numeric column: the arg-max mode's mean plus α times four of its deviations."""
    mode = np.argmax(data[:, mode_span.start:mode_span.stop], axis=1)
    return data[:, alpha_span.start] * 4.0 * info.stds[mode] + info.means[mode]


def _sorted(categories: np.ndarray) -> np.ndarray:
    """Categories in sorted order when they compare, else in order of appearance."""
    try:
        return np.asarray(sorted(categories), dtype=object)
    except TypeError:
        return np.asarray(categories, dtype=object)


def _codes(column: pd.Series, categories: np.ndarray) -> np.ndarray:
    return pd.Index(categories).get_indexer(column.to_numpy(dtype=object))


def _as_dtype(x: np.ndarray, dtype) -> np.ndarray | pd.Series:
    if pd.api.types.is_integer_dtype(dtype):
        return pd.Series(np.rint(x)).astype(dtype)
    return pd.Series(x).astype(dtype)

"""How closely synthetic rows follow the real ones: per-column distances, correlations, ranges,
category coverage, and whether a classifier can tell them apart."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.model_selection import StratifiedGroupKFold, cross_val_score
from threadpoolctl import threadpool_limits

from ._stats import correlation
from ._transformer import column_kinds


@dataclass
class FidelityReport:
    """Fidelity of synthetic rows to real rows (lower distances are better; detection 0.5 is best).

    Attributes
    ----------
    column_distance : float
        Mean over columns of the KS statistic (numeric) or total variation distance (categorical).
    correlation_difference : float
        Mean absolute difference between the real and the synthetic pairwise correlations, with
        categorical columns one-hot (pairs inside one categorical column left out); NaN with fewer
        than two encoded columns.
    out_of_range_share : float
        Share of synthetic rows with a number outside the real column's range or a category not in it.
    category_coverage : float
        Share of the real categories (all categorical columns) that appear in the synthetic rows;
        NaN without categorical columns.
    detection_auc : float
        Cross-validated ROC-AUC of a gradient-boosting classifier (one thread) telling real from
        synthetic rows: 0.5 means indistinguishable, 1.0 perfectly told apart. Identical rows are kept
        in one fold, so copies of real rows score 0.5, not below.
    columns : DataFrame
        Per column: ``column``, ``kind``, ``statistic`` ("KS" or "TV"), ``distance``,
        ``out_of_range`` (share of synthetic values), ``coverage`` (categorical only).
    """

    column_distance: float
    correlation_difference: float
    out_of_range_share: float
    category_coverage: float
    detection_auc: float
    columns: pd.DataFrame = field(repr=False)

    def as_dict(self) -> dict:
        """The summary figures, without the per-column table."""
        summary = asdict(self)
        summary.pop("columns")
        return summary


def fidelity(real, synthetic, *, cv: int = 5, random_state: int = 0) -> FidelityReport:
    """Compare synthetic rows with the real rows they imitate.

    Parameters
    ----------
    real, synthetic : DataFrame
        Same columns; numeric and categorical columns are told apart by the real frame's dtypes.
    cv : int, default=5
        Folds of the detection classifier's cross-validation (fewer when a side has fewer rows).
    random_state : int, default=0
        Seed of the folds and of the classifier.

    Returns
    -------
    FidelityReport
    """
    real, synthetic = _check_frames(real, synthetic)
    numeric, categorical = column_kinds(real)
    rows, out_of_range = [], np.zeros(len(synthetic), dtype=bool)
    n_categories = n_covered = 0
    for name in real.columns:
        if name in numeric:
            r, s = real[name].to_numpy(dtype=np.float64), synthetic[name].to_numpy(dtype=np.float64)
            outside = (s < r.min()) | (s > r.max())
            rows.append((name, "numeric", "KS", _ks(r, s), outside.mean(), np.nan))
        else:
            r, s = real[name].astype(object), synthetic[name].astype(object)
            p, q = r.value_counts(normalize=True), s.value_counts(normalize=True)
            union = p.index.union(q.index, sort=False)
            tv = 0.5 * np.abs(p.reindex(union, fill_value=0) - q.reindex(union, fill_value=0)).sum()
            outside = ~s.isin(p.index).to_numpy()
            covered = int(p.index.isin(q.index).sum())
            n_categories, n_covered = n_categories + len(p), n_covered + covered
            rows.append((name, "categorical", "TV", float(tv), outside.mean(), covered / len(p)))
        out_of_range |= outside
    columns = pd.DataFrame(rows, columns=["column", "kind", "statistic", "distance", "out_of_range", "coverage"])
    encoded_real, encoded_synthetic, groups = _encode(real, synthetic, numeric, categorical)
    return FidelityReport(
        column_distance=float(columns["distance"].mean()),
        correlation_difference=_correlation_difference(encoded_real, encoded_synthetic, groups),
        out_of_range_share=float(out_of_range.mean()),
        category_coverage=n_covered / n_categories if n_categories else np.nan,
        detection_auc=_detection(encoded_real, encoded_synthetic, cv, random_state),
        columns=columns,
    )


def _check_frames(real, synthetic):
    if not isinstance(real, pd.DataFrame) or not isinstance(synthetic, pd.DataFrame):
        raise ValueError("fidelity compares two DataFrames (real rows, synthetic rows) with the same columns.")
    if set(real.columns) != set(synthetic.columns):
        raise ValueError(
            f"real and synthetic rows must have the same columns; only in real: "
            f"{sorted(map(str, set(real.columns) - set(synthetic.columns)))}, only in synthetic: "
            f"{sorted(map(str, set(synthetic.columns) - set(real.columns)))}."
        )
    for name, frame in (("real", real), ("synthetic", synthetic)):
        if len(frame) < 2:
            raise ValueError(f"the {name} rows number {len(frame)}; fidelity needs at least 2 of each.")
        if frame.isna().any().any():
            raise ValueError(f"the {name} rows have missing values: fill or drop them first.")
    return real.reset_index(drop=True), synthetic[list(real.columns)].reset_index(drop=True)


def _ks(a: np.ndarray, b: np.ndarray) -> float:
    """Two-sample Kolmogorov-Smirnov statistic: largest gap between the empirical CDFs."""
    a, b = np.sort(a), np.sort(b)
    grid = np.concatenate([a, b])
    gap = np.searchsorted(a, grid, side="right") / len(a) - np.searchsorted(b, grid, side="right") / len(b)
    return float(np.abs(gap).max())


def _encode(real, synthetic, numeric, categorical):
    """Numbers as they are and the real categories one-hot, for both frames; and each encoded
    column's source column (pairs from one source are not compared)."""
    parts_r, parts_s, groups = [], [], []
    for name in numeric:
        parts_r.append(real[name].to_numpy(dtype=np.float64)[:, None])
        parts_s.append(synthetic[name].to_numpy(dtype=np.float64)[:, None])
        groups.append(name)
    for name in categorical:
        categories = pd.Index(pd.unique(real[name].astype(object)))
        parts_r.append(_one_hot(real[name], categories))
        parts_s.append(_one_hot(synthetic[name], categories))
        groups.extend([name] * len(categories))
    return np.hstack(parts_r), np.hstack(parts_s), np.asarray(groups, dtype=object)


def _one_hot(column: pd.Series, categories: pd.Index) -> np.ndarray:
    codes = categories.get_indexer(column.astype(object))
    return (codes[:, None] == np.arange(len(categories))).astype(np.float64)


def _correlation_difference(a: np.ndarray, b: np.ndarray, groups: np.ndarray) -> float:
    pairs = np.triu(groups[:, None] != groups[None, :], k=1)
    if not pairs.any():
        return np.nan
    return float(np.abs(correlation(a) - correlation(b))[pairs].mean())


def _detection(real: np.ndarray, synthetic: np.ndarray, cv: int, random_state: int) -> float:
    """Cross-validated ROC-AUC of real (0) against synthetic (1).

    Identical rows share a fold: otherwise a synthetic copy of a real row, trained on with the other
    label, would make the classifier score its held-out twin backwards (AUC far below 0.5).
    """
    X = np.vstack([real, synthetic])
    y = np.concatenate([np.zeros(len(real)), np.ones(len(synthetic))])
    groups = np.unique(X, axis=0, return_inverse=True)[1].ravel()
    folds = max(2, min(cv, len(real), len(synthetic), groups.max() + 1))
    model = HistGradientBoostingClassifier(max_iter=100, random_state=random_state)
    splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=random_state)
    with threadpool_limits(1):  # many-thread OpenMP was measured 60x slower on 2 shared cores
        scores = cross_val_score(model, X, y, groups=groups, cv=splitter, scoring="roc_auc")
    return float(scores.mean())

"""Mean ranks over datasets, the Friedman test and the Nemenyi critical difference (Demšar, 2006).

Scores come as a table of datasets (rows) by techniques (columns), larger is better. On each dataset the
techniques are ranked, 1 for the best, ties sharing the mean of their ranks. The Friedman test asks
whether the mean ranks differ more than chance would make them; the Nemenyi critical difference is the
gap in mean rank beyond which two techniques differ at level ``alpha``:
``q_alpha * sqrt(k (k + 1) / (6 N))`` for k techniques on N datasets, where ``q_alpha`` is the
studentized range's upper ``alpha`` point for k groups and infinite degrees of freedom, divided by sqrt(2).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import friedmanchisquare, rankdata, studentized_range


@dataclass(frozen=True)
class Ranking:
    """Mean ranks of techniques over datasets, with the Friedman test and the Nemenyi critical difference.

    Attributes
    ----------
    mean_ranks : Series
        Technique -> mean rank (1 is best), best first.
    ranks : DataFrame
        Dataset x technique ranks.
    n_datasets : int
    statistic, p_value : float
        Friedman's chi-square and its p-value.
    critical_difference : float
        Nemenyi's critical difference of mean ranks at ``alpha``.
    alpha : float
    """

    mean_ranks: pd.Series
    ranks: pd.DataFrame
    n_datasets: int
    statistic: float
    p_value: float
    critical_difference: float
    alpha: float


def rank_table(scores: pd.DataFrame) -> pd.DataFrame:
    """Per-dataset ranks of a dataset x technique table of scores (larger is better; 1 is best, ties averaged)."""
    values = scores.to_numpy(dtype=float)
    if np.isnan(values).any():
        raise ValueError("the score table has missing scores: rank only datasets on which every technique was scored.")
    return pd.DataFrame(rankdata(-values, axis=1), index=scores.index, columns=scores.columns)


def critical_difference(k: int, n: int, alpha: float = 0.05) -> float:
    """Nemenyi's critical difference of mean ranks for ``k`` techniques on ``n`` datasets.

    >>> round(critical_difference(4, 10), 3)  # Demšar's table: q_0.05 = 2.569 for k = 4
    1.483
    """
    if k < 2 or n < 1:
        raise ValueError(f"a critical difference needs at least 2 techniques and 1 dataset, not k={k}, n={n}.")
    q_alpha = studentized_range.ppf(1 - alpha, k, np.inf) / np.sqrt(2)
    return float(q_alpha * np.sqrt(k * (k + 1) / (6 * n)))


def rank(scores: pd.DataFrame, alpha: float = 0.05) -> Ranking:
    """The :class:`Ranking` of a dataset x technique table of scores (larger is better).

    Raises
    ------
    ValueError
        With fewer than 3 techniques or 2 datasets (Friedman's test needs them), or a missing score.
    """
    if scores.shape[1] < 3 or scores.shape[0] < 2:
        raise ValueError(f"a Friedman test needs at least 3 techniques on 2 datasets; the table has "
                         f"{scores.shape[1]} techniques on {scores.shape[0]} datasets.")
    ranks = rank_table(scores)
    statistic, p_value = friedmanchisquare(*ranks.to_numpy().T)
    if np.isnan(p_value):  # every dataset ranks the techniques alike (no variance): nothing to test
        statistic, p_value = 0.0, 1.0
    return Ranking(ranks.mean().sort_values(), ranks, len(ranks), float(statistic), float(p_value),
                   critical_difference(scores.shape[1], len(ranks), alpha), alpha)

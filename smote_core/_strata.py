"""Class-stratified subsets and integer shares: what the profile's sample and SVM-SMOTE's subset share."""

from __future__ import annotations

import numpy as np


def largest_remainder(weights: np.ndarray, total: int) -> np.ndarray:
    """Integer shares of ``total`` proportional to ``weights`` (summing to 1) that add up to ``total``.

    Each share is ``floor(weight * total)``; the units left over go to the largest fractional parts,
    ties to the earliest position.
    """
    exact = weights * total
    shares = np.floor(exact).astype(np.int64)
    short = int(total - shares.sum())
    if short > 0:
        shares[np.argsort(shares - exact, kind="stable")[:short]] += 1
    return shares


def stratified_sample(codes: np.ndarray, max_rows: int, rng: np.random.RandomState,
                      min_per_class: int = 0) -> np.ndarray:
    """Sorted positions of a class-stratified sample of about ``max_rows`` rows, drawn without replacement.

    Parameters
    ----------
    codes : ndarray of int
        Class code of each row, 0..n_classes-1.
    max_rows : int
        Rows wanted; every row when there are no more than this.
    rng : numpy.random.RandomState
    min_per_class : int, default=0
        Each class keeps at least this many rows (or all of its rows), which can take the sample a
        little above ``max_rows``.

    Returns
    -------
    ndarray of int
        Each class keeps its share of ``max_rows``, rounded by :func:`largest_remainder`.
    """
    if len(codes) <= max_rows:
        return np.arange(len(codes))
    counts = np.bincount(codes)
    take = np.maximum(largest_remainder(counts / len(codes), max_rows), np.minimum(counts, min_per_class))
    chosen = []
    for code, n in enumerate(take):  # one pass per class
        members = np.flatnonzero(codes == code)
        chosen.append(members[rng.choice(len(members), size=n, replace=False)])
    return np.sort(np.concatenate(chosen))

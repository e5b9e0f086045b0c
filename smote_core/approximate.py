"""Approximate nearest neighbours for data beyond what an exact search can do in time.

``NNDescentNeighbors`` wraps pynndescent's NN-descent index (the optional extra ``approximate``:
``pip install "smote-lab[approximate]"``) behind the interface every neighbour-based sampler accepts
as ``k_neighbors``, ``m_neighbors`` or ``n_neighbors``: ``fit(X)``, ``kneighbors(X,
return_distance=False)`` and ``n_neighbors`` (counting the row itself, as scikit-learn's
``NearestNeighbors``). The samplers use its answer as given, so their output is then as exact as
the index: docs/search.md reports its recall and what it changes in Borderline-SMOTE and ADASYN.

Use it only where the exact search is out of reach: building the index costs far more per row than
an exact search, and at a million rows and 20 features the exact search was still many times faster
where measured (docs/search.md); with about 10 features or fewer its KD-tree stays fast.
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator


class NNDescentNeighbors(BaseEstimator):
    """Approximate k nearest neighbours by NN-descent (Dong, Charikar & Li, 2011).

    Parameters
    ----------
    n_neighbors : int, default=6
        Rows returned per query, the row itself included (so a sampler gets ``n_neighbors - 1``).
    graph_neighbors : int, default=30
        Neighbours per row of the index's graph (at least ``n_neighbors`` are used): more gives a
        higher recall and a slower build.
    search_epsilon : float, default=0.1
        How far beyond the current k-th neighbour a query keeps exploring: more gives a higher recall
        and slower queries.
    random_state : int or None, default=None
        Seed of the index's random projection trees and descent.
    n_jobs : int or None, default=None
        Threads used to build the index (pynndescent's default when None).

    Attributes
    ----------
    index_ : pynndescent.NNDescent
        The index built by ``fit``.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from smote_core import ADASYN
    >>> from smote_core.approximate import NNDescentNeighbors
    >>> X, y = make_classification(n_samples=2000, weights=[0.9], random_state=0)
    >>> sampler = ADASYN(n_neighbors=NNDescentNeighbors(n_neighbors=6, random_state=0), random_state=0)
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> len(X_res) > len(X)
    True
    """

    def __init__(self, n_neighbors=6, *, graph_neighbors=30, search_epsilon=0.1, random_state=None, n_jobs=None):
        self.n_neighbors = n_neighbors
        self.graph_neighbors = graph_neighbors
        self.search_epsilon = search_epsilon
        self.random_state = random_state
        self.n_jobs = n_jobs

    def fit(self, X, y=None):
        """Build the index over the rows of X (as float32, pynndescent's working type)."""
        try:
            from pynndescent import NNDescent
        except ImportError as error:
            raise ImportError(
                "NNDescentNeighbors needs pynndescent: pip install 'smote-lab[approximate]'"
            ) from error
        self.index_ = NNDescent(np.asarray(X, dtype=np.float32), n_neighbors=max(self.graph_neighbors, self.n_neighbors),
                                random_state=self.random_state, n_jobs=self.n_jobs)
        self.index_.prepare()
        return self

    def kneighbors(self, X, n_neighbors=None, return_distance=True):
        """The ``n_neighbors`` indexed rows nearest each row of X, nearest first (approximately)."""
        k = self.n_neighbors if n_neighbors is None else n_neighbors
        indices, distances = self.index_.query(np.asarray(X, dtype=np.float32), k=k, epsilon=self.search_epsilon)
        return (distances, indices) if return_distance else indices

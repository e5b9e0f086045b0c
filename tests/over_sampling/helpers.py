"""Independent reference computations in plain numpy, shared by the Borderline, ADASYN and
SVM-SMOTE tests."""

import numpy as np


def brute_neighbors(X, query, k, candidates=None):
    """The k nearest rows of ``candidates`` (default: all of X) to each query row, the row itself excluded.

    Returns positions in X and the squared distances, nearest first.
    """
    candidates = np.arange(len(X)) if candidates is None else np.asarray(candidates)
    query = np.asarray(query)
    dist = ((X[query][:, None, :] - X[candidates][None, :, :]) ** 2).sum(axis=2)
    dist[query[:, None] == candidates[None, :]] = np.inf
    order = np.argsort(dist, axis=1, kind="stable")[:, :k]
    return candidates[order], np.take_along_axis(dist, order, axis=1)


def expected_categories(X, y, label, m):
    """(positions, n_other, category) of the rows of ``label``, from plain distances."""
    index = np.flatnonzero(y == label)
    neighbors, _ = brute_neighbors(X, index, m)
    n_other = (y[neighbors] != label).sum(axis=1)
    category = np.where(n_other == m, "noise", np.where(n_other >= m / 2, "danger", "safe"))
    return index, n_other, category


def assert_neighbors_within(X, parent, neighbor, k, candidates_of):
    """Each neighbour is one of its parent's k nearest rows among ``candidates_of(parent)`` (ties allowed)."""
    for p, q in zip(parent, neighbor):
        candidates = candidates_of(p)
        assert q in candidates and q != p
        _, dist = brute_neighbors(X, [p], k, candidates)
        assert ((X[q] - X[p]) ** 2).sum() <= dist[0, -1] * (1 + 1e-12) + 1e-300


def assert_provenance_invariant(X, X_res, provenance):
    """``X_res[row] == X[parent] + lam * (X[neighbor] - X[parent])`` for every synthetic row."""
    parent, neighbor = provenance["parent"].to_numpy(), provenance["neighbor"].to_numpy()
    lam = provenance["lam"].to_numpy()[:, None]
    np.testing.assert_allclose(
        np.asarray(X_res, dtype=float)[provenance["row"]], X[parent] + lam * (X[neighbor] - X[parent]),
        rtol=1e-12, atol=1e-12,
    )
    assert provenance["row"].tolist() == list(range(len(X), len(X_res)))


def overlapping(n_per_class, n_features, seed, shift=1.0):
    """Gaussian classes whose means are ``shift`` apart along the first axis: plenty of danger rows."""
    rng = np.random.default_rng(seed)
    offsets = np.zeros((len(n_per_class), n_features))
    offsets[:, 0] = shift * np.arange(len(n_per_class))
    X = np.concatenate([rng.normal(size=(n, n_features)) + offsets[c] for c, n in enumerate(n_per_class)])
    y = np.repeat(np.arange(len(n_per_class)), n_per_class)
    return X, y

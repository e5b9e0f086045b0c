"""The exact neighbour search against an independent brute force, and the user-estimator path."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn.neighbors import NearestNeighbors

from smote_core import _neighbors
from smote_core._neighbors import nearest_neighbors, neighbor_count, searches_by_tree
from smote_core._search import exact, products, screening, tree


def brute_force(X, k, query=None):
    """k nearest other rows by plain float64 distances, ties broken by position."""
    query = np.arange(len(X)) if query is None else np.asarray(query)
    dist = ((X[query][:, None, :] - X[None, :, :]) ** 2).sum(axis=-1)
    dist[np.arange(len(query)), query] = np.inf
    position = np.broadcast_to(np.arange(len(X)), dist.shape)
    return np.lexsort((position, dist), axis=-1)[:, :k]


def force_source(patch, use_tree: bool):
    """Make every exact search take the KD-tree (or the blocked products) whatever the data."""
    patch.setattr(exact, "tree_is_cheaper", lambda *args: use_tree)
    patch.setattr(_neighbors, "tree_is_cheaper", lambda *args: use_tree)


@pytest.fixture(params=["tree", "blas"])
def path(request, monkeypatch):
    """Force one candidate source; small blocks, so that several blocks run on several threads."""
    force_source(monkeypatch, request.param == "tree")
    monkeypatch.setattr(tree.TreeCandidates, "block_rows", 16)
    monkeypatch.setattr(products, "BLOCK_ROWS", (16,))
    monkeypatch.setattr(products, "TILE_BYTES", 32 * 16 * 4)  # tiles of 32 rows
    return request.param


def make_data(kind, n, d, rng):
    if kind == "continuous":
        return rng.standard_normal((n, d))
    if kind == "ties":  # small integers: many exactly equal distances
        return rng.integers(0, 3, (n, d)).astype(float)
    if kind == "duplicates":  # every row repeated about ten times
        return rng.standard_normal((n // 10, d))[rng.integers(0, n // 10, n)]
    if kind == "far":  # tiny spread far from the origin: float32 alone could not rank it
        return 1e6 + 1e-3 * rng.standard_normal((n, d))
    raise AssertionError(kind)


@pytest.mark.parametrize("kind", ["continuous", "ties", "duplicates", "far"])
@pytest.mark.parametrize("d", [2, 20])
def test_default_search_equals_brute_force(path, kind, d):
    rng = np.random.default_rng(d)
    X = make_data(kind, 240, d, rng)
    for k in (1, 5, 30):
        np.testing.assert_array_equal(nearest_neighbors(X, k), brute_force(X, k))


@pytest.mark.parametrize("kind", ["ties", "duplicates"])
def test_query_subset_and_k_up_to_n_minus_one(path, kind):
    rng = np.random.default_rng(1)
    X = make_data(kind, 120, 7, rng)
    query = rng.choice(len(X), 40, replace=False)
    for k in (3, len(X) - 1):
        np.testing.assert_array_equal(nearest_neighbors(X, k, query), brute_force(X, k, query))


@pytest.mark.parametrize("kind", ["continuous", "ties", "duplicates"])
def test_blas_search_over_many_tiles_and_supergroups_equals_brute_force(monkeypatch, kind):
    force_source(monkeypatch, False)
    rng = np.random.default_rng(7)
    X = make_data(kind, 6000, 8, rng)
    layout = screening.BlasCandidates(X).layout
    assert layout.fold > 1 and layout.n_groups > layout.slots  # both screening levels, several tiles
    query = rng.choice(len(X), 300, replace=False)
    for k in (1, 12):
        np.testing.assert_array_equal(nearest_neighbors(X, k, query), brute_force(X, k, query))


@pytest.mark.parametrize("kind", ["continuous", "ties", "duplicates"])
def test_search_within_a_subset_equals_searching_its_copy(path, kind):
    rng = np.random.default_rng(8)
    X = make_data(kind, 300, 6, rng)
    within = np.sort(rng.choice(len(X), 170, replace=False))
    query = rng.choice(len(within), 50, replace=False)
    for k in (1, 7):
        np.testing.assert_array_equal(nearest_neighbors(X, k, within=within), brute_force(X[within], k))
        np.testing.assert_array_equal(nearest_neighbors(X, k, query, within=within),
                                      brute_force(X[within], k, query))
    estimator = NearestNeighbors(n_neighbors=4)
    np.testing.assert_array_equal(nearest_neighbors(X, estimator, query, within=within),
                                  nearest_neighbors(X[within], estimator, query))


def test_high_dimension_and_every_row_identical():
    rng = np.random.default_rng(2)
    X = rng.standard_normal((150, 120))
    np.testing.assert_array_equal(nearest_neighbors(X, 6), brute_force(X, 6))
    same = np.ones((30, 4))
    np.testing.assert_array_equal(nearest_neighbors(same, 5), brute_force(same, 5))


def test_self_never_returned_even_with_duplicates(path):
    X = np.repeat(np.arange(12.0)[:, None], 8, axis=0)  # each value eight times
    neighbors = nearest_neighbors(X, 7)
    assert not (neighbors == np.arange(len(X))[:, None]).any()
    # the seven neighbours of a row are exactly its seven duplicates
    np.testing.assert_array_equal(X[neighbors][..., 0], np.repeat(X, 7, axis=1))
    assert all(len(set(row)) == 7 for row in neighbors)


def test_user_estimator_is_cloned_and_used_with_its_own_n_neighbors():
    rng = np.random.default_rng(3)
    X = rng.standard_normal((60, 3))
    estimator = NearestNeighbors(n_neighbors=4)
    neighbors = nearest_neighbors(X, estimator)
    assert neighbors.shape == (60, 3)
    np.testing.assert_array_equal(neighbors, brute_force(X, 3))
    assert not hasattr(estimator, "n_samples_fit_")  # the caller's object stays unfitted


def test_user_object_without_get_params_is_copied():
    class Index:
        n_neighbors = 3

        def fit(self, X):
            self.nn = NearestNeighbors(n_neighbors=self.n_neighbors).fit(X)
            return self

        def kneighbors(self, X, return_distance=True):
            return self.nn.kneighbors(X, return_distance=return_distance)

    X = np.random.default_rng(4).standard_normal((30, 2))
    index = Index()
    np.testing.assert_array_equal(nearest_neighbors(X, index, np.arange(10)), brute_force(X, 2, np.arange(10)))
    assert not hasattr(index, "nn")


@pytest.mark.parametrize("spec", [0, -1, 2.5, True, "5", NearestNeighbors(n_neighbors=1)])
def test_neighbor_count_rejects_bad_specs(spec):
    with pytest.raises(ValueError, match="k_neighbors"):
        neighbor_count(spec, "k_neighbors")


def test_neighbor_count():
    assert neighbor_count(5, "k") == 5
    assert neighbor_count(NearestNeighbors(n_neighbors=6), "k") == 5


@settings(max_examples=40, deadline=None)
@given(
    X=st.integers(1, 6).flatmap(
        lambda d: arrays(np.float64, st.tuples(st.integers(2, 40), st.just(d)), elements=st.integers(-2, 2).map(float))
    ),
    k=st.integers(1, 39),
    use_tree=st.booleans(),
)
def test_property_equals_brute_force_on_tied_data(X, k, use_tree):
    k = min(k, len(X) - 1)
    with pytest.MonkeyPatch.context() as patch:
        force_source(patch, use_tree)
        neighbors = nearest_neighbors(X, k)
    np.testing.assert_array_equal(neighbors, brute_force(X, k))
    assert not (neighbors == np.arange(len(X))[:, None]).any()


def test_the_path_choice_does_not_overflow_for_thousands_of_columns():
    """1,500 columns made the cost model raise OverflowError (1.82 ** 1500 as a float)."""
    X = np.random.default_rng(0).normal(size=(50, 1500))
    assert not searches_by_tree(X, 3)
    result = nearest_neighbors(X, 3, np.arange(5))
    distances = ((X[:5, None] - X[None]) ** 2).sum(-1) + np.where(np.eye(5, 50, dtype=bool), np.inf, 0)
    brute = np.argsort(distances, axis=1, kind="stable")[:, :3]
    np.testing.assert_array_equal(result, brute)

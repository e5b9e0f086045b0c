"""Every path of the exact search on the same hard data, and a path choice that reads no clock."""

import time

import numpy as np
import pytest
from sklearn.neighbors import NearestNeighbors

from smote_core import _neighbors
from smote_core._neighbors import nearest_neighbors, searches_by_tree
from smote_core._search import bound, cost, cross, exact, products, reach, screening
from smote_core.cleaning import _by_class as by_class

from .test_neighbors import brute_force, force_source


def hard_data(n=600, d=5, seed=0):
    """Tied, duplicated rows far from the origin: 60 distinct points of a grid of step 2**-10 around
    2**20 (every difference, square and sum is exact in float64, so ties are exact ties; float32
    cannot even tell the rows apart)."""
    rng = np.random.default_rng(seed)
    distinct = 2.0**20 + rng.integers(0, 3, (60, d)) * 2.0**-10
    return distinct[rng.integers(0, 60, n)]


def distances_to(X, query, neighbors):
    return ((X[neighbors] - X[query][:, None, :]) ** 2).sum(axis=-1)


@pytest.fixture
def precise_calls(monkeypatch):
    """Whether each call for candidates from the blocked products was in float64."""
    calls = []
    original = screening.BlasCandidates.candidates

    def spy(self, query_rows, width):
        calls.append(self.precise)
        return original(self, query_rows, width)

    monkeypatch.setattr(screening.BlasCandidates, "candidates", spy)
    return calls


@pytest.mark.parametrize("k", [1, 4, 15])
def test_every_path_equals_float64_brute_force_on_tied_duplicated_far_data(monkeypatch, precise_calls, k):
    X = hard_data()
    query = np.arange(0, len(X), 3)  # 200 rows: fewer than a block, so float64 from the start
    expected_all, expected_query = brute_force(X, k), brute_force(X, k, query)
    with monkeypatch.context() as patch:
        force_source(patch, True)
        np.testing.assert_array_equal(nearest_neighbors(X, k), expected_all, err_msg="KD-tree")
    assert precise_calls == []
    with monkeypatch.context() as patch:
        force_source(patch, False)
        np.testing.assert_array_equal(nearest_neighbors(X, k), expected_all, err_msg="blocked products")
        assert precise_calls[0] is False and True in precise_calls  # float32 first, float64 for the unproven
        precise_calls.clear()
        np.testing.assert_array_equal(nearest_neighbors(X, k, query), expected_query, err_msg="float64 only")
        assert precise_calls and all(precise_calls)
    codes = (np.arange(len(X)) % 3 == 0).astype(np.int8)  # two classes, the rows of ``query`` are class 1
    for route in ("pairs", "tree"):
        with monkeypatch.context() as patch:
            patch.setattr(by_class, "choose_route", lambda *args: route)
            np.testing.assert_array_equal(by_class.nearest_by_class(X, codes, [1], k), expected_query,
                                          err_msg=f"cleaners' class-first route by {route}")
            np.testing.assert_array_equal(by_class.nearest_by_class(X, codes, [0, 1], k), expected_all,
                                          err_msg=f"cleaners' class-first route by {route}, both classes")
    # an estimator's own order among equal distances is its own: the distances must match
    found = nearest_neighbors(X, NearestNeighbors(n_neighbors=k + 1, algorithm="kd_tree"), query)
    assert not (found == query[:, None]).any()
    np.testing.assert_array_equal(distances_to(X, query, found), distances_to(X, query, expected_query))


@pytest.mark.parametrize("threads", [False, True])
@pytest.mark.parametrize("data", ["tied far", "continuous far"])
def test_reached_rows_equal_the_union_of_brute_force_answers(monkeypatch, threads, data):
    """The screened union (``reach``) against every query row's brute-force answer, with rounds and
    hubs small enough that screening runs: on the tied grid far from the origin (float32 cannot
    tell its rows apart, so no query row may be skipped wrongly) and on continuous data, where some
    query rows must be skipped."""
    monkeypatch.setattr(reach, "PARALLEL_MIN_WORK", 0 if threads else 10**18)
    monkeypatch.setattr(reach, "FIRST_ROUND", 16)
    monkeypatch.setattr(reach, "HUBS", 48)
    monkeypatch.setattr(reach, "PARTS", 16)
    rng = np.random.default_rng(4)
    X = hard_data() if data == "tied far" else 1e3 + rng.standard_normal((2000, 20))
    within = np.flatnonzero(np.arange(len(X)) % 4 == 0)
    query_at = np.setdiff1d(np.arange(len(X)), within)
    searched = []
    original = reach.nearest_to_outside
    monkeypatch.setattr(reach, "nearest_to_outside", lambda *args: searched.append(len(args[2])) or original(*args))
    dist = ((X[query_at][:, None, :] - X[within][None, :, :]) ** 2).sum(axis=-1)
    for k in (1, 5):
        searched.clear()
        expected = np.zeros(len(within), dtype=bool)
        expected[np.argsort(dist, axis=1, kind="stable")[:, :k]] = True
        np.testing.assert_array_equal(reach.reached_rows(X, within, query_at, k), expected)
        assert data == "tied far" or sum(searched) < len(query_at)  # screening skipped some


@pytest.mark.parametrize("threads", [False, True])
def test_other_class_bounds_lie_below_each_rows_nearest_other_row_by_at_most_twice_the_rounding(monkeypatch, threads):
    monkeypatch.setattr(cross, "PARALLEL_MIN_WORK", 0 if threads else 10**18)
    rng = np.random.default_rng(3)
    X = 1e3 + rng.standard_normal((3000, 20))  # far from the origin, several tiles and blocks each way
    order = rng.permutation(3000)
    rows_a, rows_b = np.sort(order[:1800]), np.sort(order[1800:])
    X[rows_b[:100]] = X[rows_a[:100]]  # duplicates across the two sets: distance 0
    near_a, near_b = cross.other_class_bounds(X, rows_a, rows_b)
    def nearest(rows, others):  # float64 brute force, 200 rows at a time
        parts = [((X[rows[i:i + 200], None] - X[others]) ** 2).sum(-1).min(1) for i in range(0, len(rows), 200)]
        return np.concatenate(parts)

    exact_a, exact_b = nearest(rows_a, rows_b), nearest(rows_b, rows_a)
    _, scale = products.unit_ball(X, [rows_a, rows_b])
    slack = 2 * scale**2 * bound.product_error(20, np.float32) * (1 + 1e-9)
    for near, exact_min in ((near_a, exact_a), (near_b, exact_b)):
        assert np.all(near <= exact_min) and np.all(exact_min - near <= slack)
    assert np.all(exact_a[:100] == 0) and np.all(near_a[:100] <= 0)
    # the other set empty: nothing to come near
    assert np.all(cross.other_class_bounds(X, rows_a, rows_b[:0])[0] == np.inf)


@pytest.mark.parametrize("route", ["pairs", "tree"])
def test_the_class_first_route_equals_brute_force_with_several_classes_and_a_tiny_one(monkeypatch, route):
    rng = np.random.default_rng(8)
    X = np.vstack([rng.standard_normal((700, 20)) + shift for shift in (0, 1, 2)] + [rng.standard_normal((2, 20))])
    codes = np.repeat(np.arange(4, dtype=np.int8), [700, 700, 700, 2])
    monkeypatch.setattr(by_class, "choose_route", lambda *args: route)
    searched_beyond_class = []  # rows searched over all rows, or over the other classes' rows
    search_all, search_others = by_class.nearest_neighbors, by_class.nearest_to_outside

    def spy_all(X, k, query=None, within=None):
        if within is None:
            searched_beyond_class.append(len(query))
        return search_all(X, k, query, within)

    def spy_others(X, within, query_at, k):
        searched_beyond_class.append(len(query_at))
        return search_others(X, within, query_at, k)

    monkeypatch.setattr(by_class, "nearest_neighbors", spy_all)
    monkeypatch.setattr(by_class, "nearest_to_outside", spy_others)
    for cleaned in ([0, 1, 2, 3], [1], [3]):
        searched_beyond_class.clear()
        rows = np.flatnonzero(np.isin(codes, cleaned))
        np.testing.assert_array_equal(by_class.nearest_by_class(X, codes, cleaned, 3), brute_force(X, 3, rows))
        if cleaned == [3]:  # two rows have no three neighbours in their class: both searched over all rows
            assert searched_beyond_class == [2]
        else:  # most rows settle within their class
            assert 0 < sum(searched_beyond_class) < len(rows) / 2


def _clock_jumps(monkeypatch):
    """Every clock of the time module now leaps a day per reading."""
    readings = iter(range(1, 10**9))
    for name in ("perf_counter", "monotonic", "time", "process_time", "thread_time"):
        monkeypatch.setattr(time, name, lambda: 86_400.0 * next(readings))
    for name in ("perf_counter_ns", "monotonic_ns", "time_ns", "process_time_ns", "thread_time_ns"):
        monkeypatch.setattr(time, name, lambda: 86_400 * 10**9 * next(readings))


def _class_first_cases():
    rng = np.random.default_rng(5)
    apart = np.vstack([rng.standard_normal((3000, 20)), 100 + rng.standard_normal((3000, 20))])
    mixed = rng.standard_normal((6000, 20))
    codes = np.repeat(np.array([0, 1], dtype=np.int8), 3000)
    return [(X, codes) for X in (apart, mixed)]


def test_path_choice_reads_no_clock(monkeypatch):
    shapes = [(50, 2, 5), (10_000, 2, 5), (100_000, 8, 10), (10**6, 20, 1), (10**7, 1500, 3)]
    searches = [(np.zeros((n, d)), k) for n, d, k in [(300, 2, 3), (6000, 2, 3), (6000, 20, 3)]]
    cases = _class_first_cases()

    def choices():
        taken = []
        monkeypatch.setattr(exact, "tree_is_cheaper", lambda *a: taken.append(cost.tree_is_cheaper(*a)) or taken[-1])
        for X, k in searches:
            nearest_neighbors(X, k, np.arange(3))
        return ([cost.tree_is_cheaper(*shape) for shape in shapes], taken,
                [searches_by_tree(X, k) for X, k in searches],
                [by_class.choose_route(X, codes, cleaned, 3) for X, codes in cases
                 for cleaned in ([0], [0, 1])])

    quiet = choices()
    assert quiet[0] == [False, True, False, False, False] and quiet[3] == ["tree", "pairs", "all rows", "all rows"]
    _clock_jumps(monkeypatch)
    assert choices() == quiet


def test_the_class_first_route_is_taken_where_other_classes_keep_away_and_only_there(monkeypatch):
    # separated classes: every sampled row settles within its class, so the route costs its within-class
    # searches and one pass over the pair; mixed ones would leave most rows to a full search as well
    apart, mixed = _class_first_cases()
    assert by_class.choose_route(*apart, [0, 1], 3) == "pairs"
    assert by_class.choose_route(*mixed, [0, 1], 3) == "all rows"
    # the unsettled share is counted, not assumed: were every row settled, the mixed classes would go too
    monkeypatch.setattr(by_class, "is_proven", lambda kth, bound, n_features: np.ones(len(kth), dtype=bool))
    assert by_class.choose_route(*mixed, [0, 1], 3) == "pairs"


def test_cost_model_prefers_the_tree_for_few_features_and_many_rows_only():
    assert cost.tree_is_cheaper(10**5, 2, 5) and cost.tree_is_cheaper(10**6, 5, 5)
    assert not cost.tree_is_cheaper(10**3, 2, 5)  # the tree would examine most rows anyway
    assert not cost.tree_is_cheaper(10**7, 20, 5) and not cost.tree_is_cheaper(10**7, 100, 5)
    # the rows from which the tree pays off grow with the features
    crossover = [min(n for n in np.logspace(2, 12, 201) if cost.tree_is_cheaper(int(n), d, 5)) for d in range(1, 15)]
    assert all(a <= b for a, b in zip(crossover, crossover[1:]))
    # no overflow and a finite answer far beyond any float's exponent
    assert cost.tree_is_cheaper(10**300, 10**6, 5) in (True, False)
    assert np.isfinite(cost.log_tree_rows_examined(10**300, 10**6, 5))


@pytest.mark.parametrize("n_rows", [10, 1_000, 100_000, 2_000_000, 20_000_000])
@pytest.mark.parametrize("n_features", [2, 20, 100])
def test_the_tiles_pad_the_searched_rows_by_less_than_one_tile(n_rows, n_features):
    # every padded row costs as much as a real one in every block's products: at 2e7 rows a layout
    # that rounded slots up after counting tiles padded the table to 8 times its size
    layout = products.GroupLayout.for_rows(n_rows, n_features)
    padded = layout.n_groups * layout.group
    assert n_rows <= padded < n_rows + layout.tile_rows
    assert layout.slots % layout.fold == 0 and layout.n_groups % layout.slots == 0


@pytest.mark.parametrize("k", [1, 4, 15])
@pytest.mark.parametrize("n_queries", [40, 700])  # float64 from the start; float32 first (over a block)
def test_queries_outside_the_searched_rows_equal_brute_force_even_far_outside_their_box(n_queries, k):
    # Spark's partitions search their own rows for broadcast queries: the queries are no searched row
    # and may lie far outside the partition's rows, which the rounding bound must still cover
    X = hard_data(n=900)
    rng = np.random.default_rng(1)
    outside = np.vstack([X[rng.integers(0, len(X), n_queries // 2)],  # duplicates of searched rows: ties
                         2.0**20 + rng.normal(0, 0.05, (n_queries - n_queries // 2, X.shape[1]))])
    within = np.arange(300, 900)  # the searched rows' box is much smaller than the queries'
    stacked = np.vstack([X, outside])
    query_at = len(X) + np.arange(n_queries)
    positions, dist = exact.nearest_to_outside(stacked, within, query_at, k)
    searched = X[within]
    diff = searched[None, :, :] - outside[:, None, :]
    exact_dist = np.einsum("ijk,ijk->ij", diff, diff)  # summed as the re-ranking sums
    expected = np.lexsort((np.broadcast_to(np.arange(len(searched)), exact_dist.shape), exact_dist), axis=-1)[:, :k]
    np.testing.assert_array_equal(positions, expected)
    np.testing.assert_array_equal(dist, np.take_along_axis(exact_dist, expected, axis=1))
    # the bound's proof needs every scaled query in the unit ball, as the searched rows are
    _, query_norm = screening.BlasCandidates(stacked, within, query_at).table.query(query_at)
    assert query_norm.max() <= 1 + 1e-12


def test_unproven_rows_are_searched_wider_in_float32_before_float64(monkeypatch):
    # most unproven rows only need more candidates; float64 products cost three times as much
    calls = []
    original = screening.BlasCandidates.candidates

    def spy(self, query_at, width):
        calls.append((self.precise, width))
        return original(self, query_at, width)

    monkeypatch.setattr(screening.BlasCandidates, "candidates", spy)
    force_source(monkeypatch, False)
    X = hard_data()  # float32 cannot tell its rows apart: every pass is needed
    np.testing.assert_array_equal(nearest_neighbors(X, 4), brute_force(X, 4))
    first = calls[0][1]
    assert {width for precise, width in calls if not precise} == {first, 2 * first}
    assert min(width for precise, width in calls if precise) == 4 * first


@pytest.mark.parametrize("n_queries", [40, 700])  # float64 from the start; float32 first (over a block)
def test_a_table_of_one_tile_selects_among_all_its_products_and_equals_brute_force(n_queries):
    # no groups are screened: the candidates are the smallest of every product, on tied, duplicated rows
    X = hard_data(n=300 + n_queries)
    within, query_at = np.arange(300), 300 + np.arange(n_queries)
    assert screening.BlasCandidates(X, within, query_at).whole
    positions, _ = exact.nearest_to_outside(X, within, query_at, 4)
    diff = X[within][None, :, :] - X[query_at][:, None, :]
    exact_dist = np.einsum("ijk,ijk->ij", diff, diff)
    np.testing.assert_array_equal(positions, np.lexsort((np.broadcast_to(within, exact_dist.shape), exact_dist),
                                                        axis=-1)[:, :4])
    np.testing.assert_array_equal(exact.exact_search(X, np.arange(300), 4, within=within), brute_force(X[:300], 4))

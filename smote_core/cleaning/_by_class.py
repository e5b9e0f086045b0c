"""The cleaners' exact search: every row of some classes, within its own class first where that pays.

Cleaning rules ask whether a row's k nearest rows share its class. A search within each cleaned class
finds them for every row that no row of another class comes as near; a row left unsettled takes the
nearest of those and of its k nearest among the other classes. Two ways settle rows:

- ``"pairs"``: one pass of float32 products over each pair of classes with a cleaned one bounds, for
  every row, how near the other classes come (:mod:`smote_core._search.cross`). Each pair of rows is
  multiplied once for both its rows, so it pays most where both classes are cleaned (ENN after SMOTE).
- ``"tree"``: a KD-tree over the other rows counts those within each row's k-th neighbour distance
  (widened far beyond rounding). Priced only when a single class is cleaned (Tomek links' minority),
  where a pass over pairs would spend half its products on rows nobody asks about; where that class's
  rows lie close together (small radii), the tree examines few rows.

The route, one of these or ``"all rows"`` (the cleaned rows searched over all of X), is priced by the
cost model of :mod:`smote_core._search.cost` on an evenly spread sample of each class: no clock is
read, so the same data always takes the same route, and every route gives the same answer.
"""

from __future__ import annotations

import numpy as np
from sklearn.neighbors import KDTree

from .._neighbors import nearest_neighbors
from .._search.bound import is_proven
from .._search.cost import cross_pair_seconds, pair_seconds, tree_build_seconds, tree_row_seconds
from .._search.cross import other_class_bounds
from .._search.exact import nearest_to_outside, search_threads
from .._search.rerank import squared_distances

ROUTES = ("all rows", "pairs", "tree")
# Rows of each class on which the unsettled rows (and the tree's work) are counted before a route is taken.
_SAMPLE = 256
# Strided parts of the sample the tree's work is counted in, giving up as soon as it costs too much.
_TREE_PARTS = 8
# Relative widening of the radius within which another class's row leaves a row unsettled (tree route).
_RADIUS_SLACK = 1e-6
# Rows queried at a time in the KD-tree over the other classes.
_QUERY_ROWS = 16_384


def nearest_by_class(X: np.ndarray, codes: np.ndarray, cleaned, k: int) -> np.ndarray:
    """Exact ``k`` nearest neighbours in X (self excluded) of every row of the classes ``cleaned``
    (codes), in order: the same as ``nearest_neighbors(X, k, query=rows)``.

    Callers search once instead where ``searches_by_tree(X, k)``: a KD-tree's cost hardly grows with
    the rows it holds, so searching within classes first cannot pay off. No copy of a class's rows is
    made, and the tree's copy of the other rows is never held during a search.
    """
    rows = np.flatnonzero(np.isin(codes, cleaned))
    route = choose_route(X, codes, cleaned, k) if len(rows) else "all rows"
    if route == "all rows":
        return nearest_neighbors(X, k, query=rows)
    neighbors = np.empty((len(rows), k), dtype=np.intp)
    kth = np.full(len(rows), np.inf)  # squared distance to the k-th neighbour within the class
    for code in cleaned:
        members = np.flatnonzero(codes == code)
        if len(members) > k:  # a smaller class has no k neighbours of its own: searched over all of X
            at = np.searchsorted(rows, members)
            neighbors[at] = members[nearest_neighbors(X, k, within=members)]
            kth[at] = squared_distances(X, members, neighbors[at, -1:])[:, 0]
    if route == "pairs":
        unsettled = ~is_proven(kth, _other_class_bounds(X, codes, cleaned)[rows], X.shape[1])
    else:
        unsettled = _unsettled_by_tree(X, codes, rows, kth)
    alone = np.isinf(kth)  # no k neighbours within the class: searched over all of X
    if alone.any():
        neighbors[alone] = nearest_neighbors(X, k, query=rows[alone])
    _merge_other_classes(X, codes, rows, neighbors, np.flatnonzero(unsettled & ~alone))
    return neighbors


def _merge_other_classes(X: np.ndarray, codes: np.ndarray, rows: np.ndarray, neighbors: np.ndarray,
                         unsettled: np.ndarray) -> None:
    """Replace the within-class neighbours of the rows ``rows[unsettled]`` by their nearest in X: the
    nearest of their own and of the other classes' k nearest (searched among those rows only), by
    directly computed distance, ties by position."""
    k = neighbors.shape[1]
    for code in np.unique(codes[rows[unsettled]]):
        at = unsettled[codes[rows[unsettled]] == code]
        rest = np.flatnonzero(codes != code)
        other, other_distances = nearest_to_outside(X, rest, rows[at], k)
        candidates = np.hstack([neighbors[at], rest[other]])
        distances = np.hstack([squared_distances(X, rows[at], neighbors[at]), other_distances])
        order = np.lexsort((candidates, distances), axis=-1)[:, :k]
        neighbors[at] = np.take_along_axis(candidates, order, axis=1)


def choose_route(X: np.ndarray, codes: np.ndarray, cleaned, k: int) -> str:
    """``"all rows"``, ``"pairs"`` or ``"tree"``: whichever costs least by the cost model.

    Every route but ``"all rows"`` searches each cleaned class within itself and its unsettled rows
    over the other classes; their share is counted on the sample. ``"pairs"`` adds a pass over
    each pair of classes with a cleaned one; ``"tree"`` (one cleaned class) adds building the tree
    and the rows it examines, counted on the sample by the tree itself (``get_n_calls``) in strided
    parts, giving up as soon as the count outweighs the pairs. The tree works on one thread while
    the blocked searches and passes share theirs among ``search_threads()``: its work counts that
    many times.
    """
    n_rows, n_features = X.shape
    pair = pair_seconds(n_features)
    sizes = {code: np.count_nonzero(codes == code) for code in np.unique(codes)}
    direct = sum(sizes[code] for code in cleaned) * n_rows * pair
    settled_by_class = sum(sizes[code] ** 2 for code in cleaned) * pair
    passes = sum(sizes[a] * sizes[b] for a in sizes for b in sizes
                 if a < b and (a in cleaned or b in cleaned)) * cross_pair_seconds(n_features)
    samples = {}
    for code in cleaned:
        if settled_by_class + passes >= direct and len(cleaned) > 1:  # the pairs lose already: no tree either
            return "all rows"
        members = np.flatnonzero(codes == code)
        if len(members) <= k:
            settled_by_class += len(members) * n_rows * pair
            continue
        at = np.linspace(0, len(members) - 1, min(len(members), _SAMPLE)).astype(np.intp)
        kth_neighbor = members[nearest_neighbors(X, k, query=at, within=members)[:, -1:]]
        kth = squared_distances(X, members[at], kth_neighbor)[:, 0]
        near, _ = other_class_bounds(X, members[at], np.flatnonzero(codes != code))
        samples[code] = members[at], kth
        unsettled = np.count_nonzero(~is_proven(kth, near, n_features)) / len(at) * len(members)
        settled_by_class += unsettled * (n_rows - len(members)) * pair
    costs = {"all rows": direct, "pairs": settled_by_class + passes}
    if len(cleaned) == 1 and samples:
        budget = min(costs.values()) - settled_by_class
        sample, kth = samples[cleaned[0]]
        costs["tree"] = settled_by_class + _tree_seconds(X, sample, kth, sizes[cleaned[0]],
                                                         np.flatnonzero(codes != cleaned[0]), budget)
    return min(costs, key=costs.get)


def _tree_seconds(X: np.ndarray, sample: np.ndarray, kth: np.ndarray, n_class: int, rest: np.ndarray,
                  budget: float) -> float:
    """Nominal seconds of a KD-tree over ``rest`` counting, for all ``n_class`` rows of the sample's
    class, the rows within their k-th neighbour distance (``inf`` once the count passes ``budget``)."""
    n_features, threads = X.shape[1], search_threads()
    build = tree_build_seconds(len(rest), n_features) * threads
    if not len(rest) or build >= budget:
        return np.inf
    tree = KDTree(X[rest])
    tree.reset_n_calls()
    radius, queried = _radius(kth), 0
    for part in range(min(_TREE_PARTS, len(sample))):  # strided parts: each spread over the class
        tree.query_radius(X[sample[part::_TREE_PARTS]], radius[part::_TREE_PARTS], count_only=True)
        queried += len(sample[part::_TREE_PARTS])
        seconds = build + n_class / queried * tree.get_n_calls() * tree_row_seconds(n_features) * threads
        if seconds >= budget:
            return np.inf
    return seconds


def _unsettled_by_tree(X: np.ndarray, codes: np.ndarray, rows: np.ndarray, kth: np.ndarray) -> np.ndarray:
    """Rows with a row of another class within their k-th neighbour distance, counted by a KD-tree
    over the other classes' rows (built after the within-class searches, never held through one),
    queried in parts."""
    unsettled = ~np.isfinite(kth)
    for code in np.unique(codes[rows]):
        rest, at = np.flatnonzero(codes != code), np.flatnonzero(codes[rows] == code)
        if len(rest):
            tree = KDTree(X[rest])
            unsettled[at] = np.concatenate([
                tree.query_radius(X[rows[part]], _radius(kth[part]), count_only=True) > 0
                for part in np.array_split(at, max(1, len(at) // _QUERY_ROWS))
            ])
            del tree
    return unsettled


def _radius(kth: np.ndarray) -> np.ndarray:
    """Distances from squared distances, widened far beyond rounding."""
    return np.sqrt(kth) * (1 + _RADIUS_SLACK) + np.finfo(np.float64).tiny


def _other_class_bounds(X: np.ndarray, codes: np.ndarray, cleaned) -> np.ndarray:
    """Per row of X, a squared distance below which no row of another class lies (``inf`` for rows of
    classes that are not cleaned and meet none that is), one pass per pair of classes."""
    near = np.full(len(X), np.inf)
    labels = np.unique(codes)
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            if a in cleaned or b in cleaned:
                rows_a, rows_b = np.flatnonzero(codes == a), np.flatnonzero(codes == b)
                near_a, near_b = other_class_bounds(X, rows_a, rows_b)
                near[rows_a] = np.minimum(near[rows_a], near_a)
                near[rows_b] = np.minimum(near[rows_b], near_b)
    return near

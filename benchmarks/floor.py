"""How close each neighbour-heavy sampler comes to the floor of any exact search: the distance products.

Borderline-SMOTE and ADASYN look up the ``m`` nearest rows of every minority row among all rows;
SMOTE+ENN and SMOTE+Tomek look up neighbours among every row of the SMOTE-grown set. An exact search
must evaluate every such (query row, row) distance at least once; the cheapest way on a CPU is one
float32 matrix product ``(n_query x d+1) @ (d+1 x n_rows)``. This module times that product *alone*
(no selection of neighbours, no generation, no validation), using both cores in whichever of two
layouts is faster here (whole-matrix multi-threaded BLAS, or one single-threaded BLAS per core on
blocks of rows), best of ``--repeats``: the floor. It prints each sampler's time (median of
``--repeats`` runs in a fresh subprocess, as ``benchmarks.run`` does) against that floor and against
imbalanced-learn's.

It first prints the three rates of the search's cost model (``smote_core._search.cost``): the
nominal ones the path choice uses, and the ones measured here, once, for comparison only.

    python -m benchmarks.floor                             # 1e5 rows, 20 and 100 features, 5% minority
    python -m benchmarks.floor --rows 1e6 --features 20 --techniques borderline-1,borderline-2,adasyn
"""

from __future__ import annotations

import argparse
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from sklearn.neighbors import KDTree
from threadpoolctl import threadpool_limits

from smote_core._search import cost

from .run import SEED, machine_line, make_data, run_library

TECHNIQUES = ("borderline-1", "borderline-2", "adasyn", "smote-enn", "smote-tomek", "prowsyn", "g-smote")
# samplers that search every row of the SMOTE-grown set rather than the minority rows
ALL_ROWS = ("smote-enn", "smote-tomek")
HEADER = ("technique", "rows", "features", "query rows", "searched rows", "imblearn s", "ours s",
          "floor s", "ours / floor", "ours / imblearn")
BLOCK_ROWS = 256


def product_seconds(n_query: int, n_rows: int, n_features: int, repeats: int) -> float:
    """Best time of the float32 products ``(n_query x d+1) @ (d+1 x n_rows)`` on all cores."""
    rng = np.random.default_rng(SEED)
    query = rng.standard_normal((n_query, n_features + 1), dtype=np.float32)
    table = rng.standard_normal((n_features + 1, n_rows), dtype=np.float32)
    starts = range(0, n_query, BLOCK_ROWS)

    def blocks(chunk):  # products of blocks of query rows, one reused output per thread
        out = np.empty((BLOCK_ROWS, n_rows), dtype=np.float32)
        for start in chunk:
            part = query[start:start + BLOCK_ROWS]
            np.matmul(part, table, out=out[: len(part)])

    def whole_blas():
        blocks(starts)

    def thread_per_core():
        with threadpool_limits(1, user_api="blas"), ThreadPoolExecutor(2) as pool:
            list(pool.map(blocks, [starts[0::2], starts[1::2]]))

    best = float("inf")
    for layout in (whole_blas, thread_per_core):
        for _ in range(repeats):
            start = time.perf_counter()
            layout()
            best = min(best, time.perf_counter() - start)
    return best


def _best_seconds(work, repeats: int = 3) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def measured_rates() -> dict[str, float]:
    """The cost model's three rates as measured here (one core each, best of 3)."""
    rng = np.random.default_rng(SEED)
    a = rng.standard_normal((2048, 101), dtype=np.float32)
    b = rng.standard_normal((101, 256), dtype=np.float32)
    out = np.empty((2048, 256), dtype=np.float32)
    with threadpool_limits(1, user_api="blas"):
        gemm = 20 * 2 * a.size * b.shape[1] / _best_seconds(lambda: [np.matmul(a, b, out=out) for _ in range(20)])
    tile = rng.standard_normal((16, 32_768), dtype=np.float32)  # 2 MiB, as a tile of products
    minimum = np.empty(32_768, dtype=np.float32)
    stream = 20 * tile.nbytes / _best_seconds(lambda: [np.min(tile, axis=0, out=minimum) for _ in range(20)])
    X = make_data(200_000, 4, 0.5, "numeric")[0]
    tree = KDTree(X)
    queries = X[rng.choice(len(X), 20_000, replace=False)]
    tree.reset_n_calls()
    seconds = _best_seconds(lambda: tree.query(queries, k=6), repeats=1)
    scattered = tree.get_n_calls() * max(64, 8 * X.shape[1]) / seconds
    return {"GEMM_FLOPS": gemm, "STREAM_BYTES": stream, "RANDOM_BYTES": scattered}


def rates_lines() -> str:
    measured = measured_rates()
    units = {"GEMM_FLOPS": ("float32 GEMM", "GFLOP/s"), "STREAM_BYTES": ("streamed in cache", "GB/s"),
             "RANDOM_BYTES": ("rows read by a KD-tree query, 4 features", "GB/s")}
    lines = ["cost model rates, one core: nominal (used for the path choice) | measured here"]
    for name, (what, unit) in units.items():
        lines.append(f"  {name} ({what}): {getattr(cost, name) / 1e9:.1f} | {measured[name] / 1e9:.1f} {unit}")
    return "\n".join(lines) + "\n"


def measure(technique: str, rows: int, features: int, share: float, repeats: int, time_limit: float) -> dict:
    """One row of the table: both libraries' fit times and the products alone."""
    case = {"technique": technique, "rows": rows, "features": features, "share": share,
            "repeats": repeats, "time_limit": time_limit}
    times = {library: run_library(dict(case, library=library), time_limit * repeats + 60).get("time")
             for library in ("imblearn", "ours")}
    counts = np.bincount(make_data(rows, features, share, "numeric")[1])
    if technique in ALL_ROWS:  # SMOTE grows every class to the largest one's size
        n_query = n_rows = int(counts.max()) * len(counts)
    elif technique == "prowsyn":  # every other-class row queries the rows of the class not yet levelled
        n_query, n_rows = int(counts.max()), _prowsyn_searched_rows(rows, features, share)
    else:  # borderline, ADASYN, G-SMOTE: the class's rows against all rows (its own and the others)
        n_query, n_rows = int(counts.min()), rows
    floor = product_seconds(n_query, n_rows, features, repeats)
    ours, imblearn = times["ours"], times["imblearn"]
    return {"technique": technique, "rows": f"{rows:.0e}", "features": features, "query rows": n_query,
            "searched rows": n_rows, "imblearn s": imblearn, "ours s": ours, "floor s": floor,
            "ours / floor": ours / floor if ours else None,
            "ours / imblearn": ours / imblearn if ours and imblearn else None}


def _prowsyn_searched_rows(rows: int, features: int, share: float) -> int:
    """Rows of the minority searched, summed over ProWSyn's levels (each level searches what is left)."""
    from smote_core import ProWSyn

    X, y, _ = make_data(rows, features, share, "numeric")
    levels = ProWSyn(random_state=SEED).fit(X, y).levels_["level"].to_numpy()
    n_levels = ProWSyn().n_levels
    return int(sum(np.count_nonzero(levels >= level) for level in range(1, n_levels)))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", default="1e5")
    parser.add_argument("--features", default="20,100")
    parser.add_argument("--techniques", default=",".join(TECHNIQUES))
    parser.add_argument("--share", type=float, default=0.05)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--time-limit", type=float, default=120.0, help="seconds per run of either library")
    args = parser.parse_args(argv)
    print(machine_line())
    print(rates_lines())
    print("| " + " | ".join(HEADER) + " |")
    print("|" + "---|" * len(HEADER))
    for rows in (int(float(r)) for r in args.rows.split(",")):
        for features in (int(f) for f in args.features.split(",")):
            for technique in args.techniques.split(","):
                row = measure(technique, rows, features, args.share, args.repeats, args.time_limit)
                print("| " + " | ".join(cell(row[column]) for column in HEADER) + " |", flush=True)
    return 0


def cell(value) -> str:
    """A table cell: a dash for no value, three decimals below 100."""
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.3f}" if value < 100 else f"{value:.0f}"
    return str(value)


if __name__ == "__main__":
    raise SystemExit(main())

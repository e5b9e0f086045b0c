"""How fast an exact neighbour search can possibly be here, set against the "3x imbalanced-learn" targets.

Borderline-SMOTE and ADASYN look up the ``m`` nearest rows of every minority row among all rows. An
exact search must evaluate every (minority row, row) distance at least once; the cheapest way to do
that on a CPU is one float32 matrix product ``(n_minority x d+1) @ (d+1 x n_rows)``. This module times
that product *alone* (no selection of neighbours, no generation, no validation), using both cores in
whichever of two layouts is faster here (whole-matrix multi-threaded BLAS, or one single-threaded BLAS
per core on blocks of rows), best of ``--repeats``. It prints it next to a third of imbalanced-learn's
time for the same fit (median of ``--repeats`` runs in a fresh subprocess, as ``benchmarks.run`` does)
and our own time. Where the products alone take most of that third, a 3x speed-up is out of reach for
any exact search on this machine; only an approximate index could get there.

    python -m benchmarks.floor            # 1e5 rows, 20 and 100 features, 5% minority
"""

from __future__ import annotations

import argparse
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from threadpoolctl import threadpool_limits

from .run import SEED, machine_line, make_data, run_library

TECHNIQUES = ("borderline-1", "borderline-2", "adasyn")
HEADER = ("technique", "rows", "features", "minority rows", "imblearn s", "3x target s", "ours s",
          "products alone s", "products / target")
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


def measure(technique: str, rows: int, features: int, share: float, repeats: int, time_limit: float) -> dict:
    """One row of the table: both libraries' fit times and the products alone."""
    case = {"technique": technique, "rows": rows, "features": features, "share": share,
            "repeats": repeats, "time_limit": time_limit}
    times = {library: run_library(dict(case, library=library), time_limit * repeats + 60).get("time")
             for library in ("imblearn", "ours")}
    y = make_data(rows, features, share, "numeric")[1]
    n_minority = int(np.bincount(y).min())
    products = product_seconds(n_minority, rows, features, repeats)
    target = times["imblearn"] / 3 if times["imblearn"] else None
    return {"technique": technique, "rows": f"{rows:.0e}", "features": features, "minority rows": n_minority,
            "imblearn s": times["imblearn"], "3x target s": target, "ours s": times["ours"],
            "products alone s": products, "products / target": products / target if target else None}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=float, default=1e5)
    parser.add_argument("--features", default="20,100")
    parser.add_argument("--share", type=float, default=0.05)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--time-limit", type=float, default=120.0, help="seconds per imblearn run")
    args = parser.parse_args(argv)
    print(machine_line())
    print("| " + " | ".join(HEADER) + " |")
    print("|" + "---|" * len(HEADER))
    for features in (int(f) for f in args.features.split(",")):
        for technique in TECHNIQUES:
            row = measure(technique, int(args.rows), features, args.share, args.repeats, args.time_limit)
            print("| " + " | ".join(_cell(row[column]) for column in HEADER) + " |", flush=True)
    return 0


def _cell(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.3f}" if value < 100 else f"{value:.0f}"
    return str(value)


if __name__ == "__main__":
    raise SystemExit(main())

"""Leakage-safe evaluation time: 1e4 rows x 20 columns, 5 techniques, 5 folds, logistic regression.

Run with ``python -m benchmarks.evaluate``; target: under 20 s. Five techniques plus the two baselines
make 35 fits. Timed serially (one thread per fit) and with ``n_jobs=2``; the load average is printed
because other work shares the cores.
"""

from __future__ import annotations

import os
import time

import numpy as np
from sklearn.datasets import make_classification

from smote_core.evaluation import evaluate, pivot, verdict

N_ROWS, N_COLUMNS, CV = 10_000, 20, 5
TECHNIQUES = ("random-over", "smote", "borderline-smote", "adasyn", "smote-tomek")
TARGET_SECONDS = 20.0


def make_data(random_state: int = 0):
    return make_classification(N_ROWS, N_COLUMNS, n_informative=8, weights=[0.95], flip_y=0.01,
                               class_sep=0.8, random_state=random_state)


def main() -> None:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"evaluate: {N_ROWS:,} rows x {N_COLUMNS}, {len(TECHNIQUES)} techniques + 2 baselines, {CV} folds, "
          f"logistic; load average at start {load:.2f}, {os.cpu_count()} cores")
    X, y = make_data()
    evaluate(X[:500], y[:500], ["smote"], cv=2)  # warm-up: imports and first calls are not what we time
    for n_jobs in (None, 2):
        start = time.perf_counter()
        results = evaluate(X, y, TECHNIQUES, model="logistic", cv=CV, n_jobs=n_jobs)
        seconds = time.perf_counter() - start
        status = "ok" if seconds < TARGET_SECONDS else "SLOW"
        print(f"n_jobs={n_jobs!s:>4}: {seconds:6.2f} s  ({status}, target < {TARGET_SECONDS:.0f} s)")
    print()
    print(pivot(results).round(3).to_string())
    print()
    print(verdict(results).text)
    assert np.isfinite(results["mean"]).all()


if __name__ == "__main__":
    main()

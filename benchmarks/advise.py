"""Advice time: the tree alone at 1e4, 1e5 and 1e6 rows x 20 columns (target: under 5 s at 1e6), and
the checked advice at 1e4 and 1e5 rows (target: under 15 s at 1e4; larger data is checked on a sample).

Run with ``python -m benchmarks.advise``. The data: 20 numeric columns, a 5% minority shifted by one
standard deviation on the first five columns, so that the geometry is neither trivial nor hopeless.
"""

from __future__ import annotations

import os
import time

import numpy as np
import pandas as pd

from smote_core.advisor import advise

SIZES = (10_000, 100_000, 1_000_000)
CHECKED_SIZES = (10_000, 100_000)
N_COLUMNS = 20
TARGET_SECONDS = 5.0
CHECKED_TARGET_SECONDS = 15.0


def make_data(n_rows: int, random_state: int = 0) -> pd.DataFrame:
    rng = np.random.RandomState(random_state)
    minority = rng.uniform(size=n_rows) < 0.05
    X = rng.normal(size=(n_rows, N_COLUMNS))
    X[minority, :5] += 1.0
    frame = pd.DataFrame(X, columns=[f"x{i}" for i in range(N_COLUMNS)])
    frame["label"] = np.where(minority, "minority", "majority")
    return frame


def main() -> None:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"advise, {N_COLUMNS} numeric columns; load average at start {load:.2f}, {os.cpu_count()} cores")
    advise(make_data(1_000), "label")  # warm-up: imports and first calls are not what we time
    print(f"{'rows':>10} {'check':>6} {'profiled':>9} {'checked':>8} {'seconds':>8}  tree -> recommended")
    for n_rows, check in [(n, False) for n in SIZES] + [(n, True) for n in CHECKED_SIZES]:
        frame = make_data(n_rows)
        start = time.perf_counter()
        advice = advise(frame, "label", check=check)
        seconds = time.perf_counter() - start
        target = CHECKED_TARGET_SECONDS if check else TARGET_SECONDS
        over = seconds > target and (check or n_rows == SIZES[-1])
        checked = f"{advice.check.sample_size:,}" if check else "-"
        print(f"{n_rows:>10,} {'yes' if check else 'no':>6} {advice.profile.sample_size:>9,} {checked:>8} "
              f"{seconds:>8.2f}  {advice.technique} -> {advice.recommended}"
              + (f"  (over the {target:.0f} s target)" if over else ""))


if __name__ == "__main__":
    main()

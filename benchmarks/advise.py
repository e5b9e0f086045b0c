"""Profile + advise time at 1e4, 1e5 and 1e6 rows x 20 columns (target: under 5 s at 1e6).

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
N_COLUMNS = 20
TARGET_SECONDS = 5.0


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
    print(f"profile + advise, {N_COLUMNS} numeric columns; load average at start {load:.2f}, {os.cpu_count()} cores")
    advise(make_data(1_000), "label")  # warm-up: imports and first calls are not what we time
    print(f"{'rows':>10} {'sample':>8} {'seconds':>8}  technique")
    for n_rows in SIZES:
        frame = make_data(n_rows)
        start = time.perf_counter()
        advice = advise(frame, "label")
        seconds = time.perf_counter() - start
        flag = "" if n_rows < 1_000_000 or seconds < TARGET_SECONDS else f"  (over the {TARGET_SECONDS:.0f} s target)"
        print(f"{n_rows:>10,} {advice.profile.sample_size:>8,} {seconds:>8.2f}  {advice.technique}{flag}")


if __name__ == "__main__":
    main()

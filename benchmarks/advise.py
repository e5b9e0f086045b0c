"""Advice time: the checked advice with logistic regression, gradient boosting and a random forest at 1e3, 1e4,
1e5 and 1e6 rows x 20 columns (targets: logistic within 5 s, the tree ensembles within 15 s at every size),
the tree alone up to 1e6 rows, and what a change of metric costs afterwards (target: under 1 s, no fit).

Run with ``python -m benchmarks.advise``; ``--checkout DIR`` times another checkout of the project (an older
commit, say) on the same data in the same run, as "before". ``--sizes 1e3,1e4`` and ``--models logistic``
narrow it. The data: 20 numeric columns, a 5% minority shifted by one standard deviation on the first five
columns, so that the geometry is neither trivial nor hopeless.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np
import pandas as pd

N_COLUMNS = 20
SIZES = (1_000, 10_000, 100_000, 1_000_000)
MODELS = ("logistic", "hist_gradient_boosting", "random_forest")
TARGETS = {"logistic": 5.0, "hist_gradient_boosting": 15.0, "random_forest": 15.0}


def make_data(n_rows: int, random_state: int = 0) -> pd.DataFrame:
    rng = np.random.RandomState(random_state)
    minority = rng.uniform(size=n_rows) < 0.05
    X = rng.normal(size=(n_rows, N_COLUMNS))
    X[minority, :5] += 1.0
    frame = pd.DataFrame(X, columns=[f"x{i}" for i in range(N_COLUMNS)])
    frame["label"] = np.where(minority, "minority", "majority")
    return frame


def time_one(n_rows: int, model: str) -> dict:
    """Seconds of one checked advice (this process's code), and of a change of metric afterwards."""
    from smote_core import advise

    frame = make_data(n_rows)
    start = time.perf_counter()
    advice = advise(frame, "label", model=model)
    seconds = time.perf_counter() - start
    found = {"seconds": seconds, "recommended": advice.recommended}
    if hasattr(advice, "for_metric"):  # the metric changes without fitting
        fits = advice.check.scores.fits
        start = time.perf_counter()
        advice.for_metric("balanced_accuracy").recommended
        found["switch"] = time.perf_counter() - start
        found["refits"] = advice.check.scores.fits - fits
        found["fits"] = fits
    return found


def in_checkout(directory: str, n_rows: int, model: str) -> dict:
    """:func:`time_one` run by another checkout's code, in a fresh process."""
    code = ("import json, sys; sys.path.insert(0, {d!r}); from benchmarks.advise import make_data; "
            "import time; from smote_core import advise; f = make_data({n}); "
            "advise(make_data(1000), 'label'); s = time.perf_counter(); "
            "a = advise(f, 'label', model={m!r}); "
            "print(json.dumps({{'seconds': time.perf_counter() - s, 'recommended': a.recommended}}))")
    code = code.format(d=os.path.abspath(directory), n=n_rows, m=model)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=directory,
                         env={**os.environ, "PYTHONPATH": os.path.abspath(directory)})
    if out.returncode:
        return {"seconds": float("nan"), "recommended": out.stderr.strip().splitlines()[-1][:60]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(f"{s:g}" for s in SIZES))
    parser.add_argument("--models", default=",".join(MODELS))
    parser.add_argument("--checkout", help="also time this checkout of the project (before)")
    args = parser.parse_args(argv)
    sizes = [int(float(s)) for s in args.sizes.split(",")]
    models = args.models.split(",")
    from smote_core import advise

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"checked advice, {N_COLUMNS} numeric columns; load average at start {load:.2f}, {os.cpu_count()} cores")
    start = time.perf_counter()
    advise(make_data(1_000), "label")  # warm-up: imports, worker start-up and first calls are not what we time
    print(f"first checked advice in this process (1,000 rows, logistic; imports and the check's worker "
          f"processes start here): {time.perf_counter() - start:.1f} s")
    start = time.perf_counter()
    tree_only = advise(make_data(max(sizes)), "label", check=False)
    print(f"the tree alone at {max(sizes):,} rows: {time.perf_counter() - start:.2f} s ({tree_only.technique})")
    head = "| model | rows | before s | after s | target s | fits | metric change s (refits) | recommended |"
    print(head)
    print("|---|---|---|---|---|---|---|---|")
    for model in models:
        for n_rows in sizes:
            after = time_one(n_rows, model)
            before = in_checkout(args.checkout, n_rows, model) if args.checkout else {"seconds": float("nan")}
            over = " (over)" if after["seconds"] > TARGETS[model] else ""
            print(f"| {model} | {n_rows:,} | {before['seconds']:.1f} | {after['seconds']:.1f}{over} | "
                  f"{TARGETS[model]:.0f} | {after.get('fits', '')} | {after.get('switch', float('nan')):.3f} "
                  f"({after.get('refits', '')}) | {after['recommended']} |", flush=True)


if __name__ == "__main__":
    main()

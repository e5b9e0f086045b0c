"""Generative over-sampling: training time, peak memory and fidelity of CTGAN, TVAE, the Gaussian
copula and SMOTE-NC on mixed data.

Run with ``python -m benchmarks.generative`` (``--quick`` for a smoke run with few epochs).

Fidelity compares each technique's synthetic minority rows with *held-out* minority rows: a fresh
draw of the same generated population (another seed of the dataset's loader). Against the training
rows themselves a technique that copies them looks better than indistinguishable (detection ROC-AUC
below 0.5); that figure is shown too, as ``det-train``, because it exposes copying.

Each run happens in a fresh process, so its peak memory (max resident set size, minus what the
process held before the fit) is its own. Times are wall clock and CPU seconds of the fit alone, with
one thread (the samplers' default), after the imports.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import time

import numpy as np
import pandas as pd

from smote_core.datasets import mixed_customers, mixed_subscribers

TARGETS = {"ctgan": 38.0, "tvae": 10.5}  # seconds, one thread, 300 epochs on 2,000 rows
DATASETS = {
    # name -> (loader, target column); loader(random_state=1) draws the held-out rows
    "subscribers": (mixed_subscribers, "churn"),
    "customers": (mixed_customers, "churn"),
}


def _make(technique: str, params: dict):
    from smote_core import CTGANSampler, GaussianCopulaSampler, SMOTENC, TVAESampler

    if technique == "smote-nc":
        return SMOTENC(categorical_features="auto", random_state=0, **params)
    classes = {"ctgan": CTGANSampler, "tvae": TVAESampler, "gaussian-copula": GaussianCopulaSampler}
    return classes[technique](random_state=0, **params)


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _run(job: tuple) -> dict:
    """One fit in this (fresh) process: times, peak memory, fidelity against held-out and train rows."""
    dataset, technique, params = job
    if technique in TARGETS:
        import torch

        torch.optim.Adam([torch.zeros(1, requires_grad=True)])  # the lazy imports are not training time
    from smote_core import fidelity

    loader, target = DATASETS[dataset]
    frame, held_out = loader(), loader(random_state=1)
    X, y = frame.drop(columns=target), frame[target]
    minority = y.value_counts().idxmin()
    sampler = _make(technique, params)
    before = _rss_mb()
    wall, cpu = time.perf_counter(), time.process_time()
    X_res, y_res = sampler.fit_resample(X, y)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - before
    synthetic = X_res.iloc[len(X):][np.asarray(y_res)[len(X):] == minority]
    real_held = held_out.loc[held_out[target] == minority, X.columns]
    report = fidelity(real_held, synthetic)
    train_report = fidelity(X[y == minority], synthetic)
    return {
        "dataset": dataset,
        "technique": technique + "".join(f" {k}={v}" for k, v in params.items() if k != "epochs"),
        "train rows": int(len(X) if params.get("train_on") == "all" else (y == minority).sum()),
        "wall s": wall, "cpu s": cpu, "peak MB": max(peak, 0.0),
        "col dist": report.column_distance, "corr diff": report.correlation_difference,
        "out of range": report.out_of_range_share, "coverage": report.category_coverage,
        "detection": report.detection_auc, "det-train": train_report.detection_auc,
        "load": os.getloadavg()[0],
    }


def _jobs(epochs: int) -> list:
    neural = {"epochs": epochs}
    jobs = []
    for dataset in DATASETS:
        jobs += [(dataset, "gaussian-copula", {}), (dataset, "smote-nc", {})]
        for technique in ("ctgan", "tvae"):
            jobs += [(dataset, technique, neural | {"train_on": "class"}),
                     (dataset, technique, neural | {"train_on": "all"})]
    return jobs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="5 epochs instead of 300 (smoke run)")
    epochs = 5 if parser.parse_args().quick else 300
    print(f"generative benchmark: {epochs} epochs, one thread; {os.cpu_count()} cores, "
          f"load average at start {os.getloadavg()[0]:.2f}")
    context = multiprocessing.get_context("spawn")
    rows = []
    for job in _jobs(epochs):
        with context.Pool(1) as pool:  # a fresh process per run: its own peak memory
            rows.append(pool.apply(_run, (job,)))
        print(f"  done {job[0]} {rows[-1]['technique']}: {rows[-1]['wall s']:.1f} s", flush=True)
    table = pd.DataFrame(rows)
    with pd.option_context("display.width", 200, "display.max_columns", 20, "display.float_format", "{:.3f}".format):
        for dataset, part in table.groupby("dataset", sort=False):
            print(f"\n{dataset}: fidelity of the synthetic minority against held-out minority rows")
            print(part.drop(columns="dataset").to_string(index=False))
    if epochs != 300:
        return
    print("\ntargets, 300 epochs on 2,000 rows (train_on=all on subscribers), one thread:")
    for technique, limit in TARGETS.items():
        row = table[(table["dataset"] == "subscribers") & (table["technique"] == f"{technique} train_on=all")].iloc[0]
        verdict = "meets" if row["wall s"] <= limit else "misses"
        print(f"  {technique}: {row['wall s']:.1f} s wall, {row['cpu s']:.1f} s CPU (target {limit} s wall: "
              f"{verdict}; load average during the run {row['load']:.1f})")


if __name__ == "__main__":
    main()

"""How low can a policy's regret go? Choosing by held-out test scores on the nested advice benchmark's universe.

Run with ``python -m benchmarks.advice_floor`` (``--datasets ecoli1,glass2 --models logistic`` for a quick run).

:mod:`benchmarks.advice` measures a policy's regret against the candidate whose mean test score over the
outer folds is best: a best picked in hindsight among some thirty noisy means, which no policy that sees
only training rows can count on. This benchmark asks how near a choice made on genuinely held-out scores
comes to it. On each outer fold the *held-out pick* takes the candidate with the best mean test score on
the other outer folds (ties: the simplest, in the universe's order). Those test rows are this fold's
training rows, each scored once by a model that did not train on it: as much held-out evidence as the
advice's check has on each of its drawings, from models trained on more rows, and nothing of the fold it
is judged on. Where even this pick's regret is above 0.6 of the best fixed policy's, the ratio issue 27
asks of the advice is below what choosing on held-out scores reaches on these tables.

No advisor runs here: only the universe (every candidate the advice could choose, each trained on each
outer training part and scored on its test part, with the seeds :mod:`benchmarks.advice` uses), so its
regrets are the same as that benchmark's for the fixed policies.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import numpy as np
from sklearn.utils.parallel import Parallel, delayed

from smote_core.metrics import get_metric

from .advice import FIXED, HELD_OUT, METRICS, MODELS, fixed_regrets, outer_split, universe, universe_candidates, \
    universe_tables
from .keel import USABLE

TARGET_RATIO = 0.6  # issue 27: the advice's regret at most 0.6 of the best fixed policy's


def outer_tables(name: str, model: str, n_folds: int, seed: int) -> dict:
    """The universe's outer test scores of dataset ``name`` (metric -> candidate x fold), and its "SMOTE"."""
    frame, X, y, folds = outer_split(name, n_folds, 1, seed)
    techniques, smote_id = universe(frame)
    return {"dataset": name, "model": model, "smote_id": smote_id,
            "tables": universe_tables(X, y, universe_candidates(techniques), model, folds, seed)}


def regret_rows(results: list, model: str, metric: str) -> list:
    """One dict per dataset: every fixed policy's regret and the held-out pick's."""
    return [{"dataset": r["dataset"],
             **fixed_regrets(r["tables"][metric], metric, r["smote_id"])}
            for r in results if r["model"] == model]


def ratio_share(rows: list, draws: int = 4000, seed: int = 0) -> tuple:
    """The held-out pick's mean regret over the best fixed policy's (the best fixed policy chosen again in
    every draw), its 5th-95th percentile over bootstrap draws of the datasets, and the share of draws in
    which it is at most :data:`TARGET_RATIO`."""
    table = np.array([[r[p] for p in (HELD_OUT, *FIXED)] for r in rows])
    picks = np.random.RandomState(seed).randint(len(rows), size=(draws, len(rows)))
    means = table[picks].mean(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):  # a best fixed policy without regret has no ratio
        ratios = means[:, 0] / means[:, 1:].min(axis=1)
        whole = table.mean(axis=0)
        ratio = whole[0] / whole[1:].min()
    return ratio, np.nanpercentile(ratios, [5, 95]), float(np.mean(ratios <= TARGET_RATIO))


def report(results: list) -> str:
    head = ["| metric | model | " + " | ".join(FIXED) + f" | {HELD_OUT} | {HELD_OUT} / best fixed (5-95%) "
            f"| draws at most {TARGET_RATIO} |", "|---|---|" + "---|" * len(FIXED) + "---|---|---|"]
    summary, lines = [], []
    for model in dict.fromkeys(r["model"] for r in results):
        for metric in METRICS:
            label = get_metric(metric).label
            rows = regret_rows(results, model, metric)
            means = {p: float(np.mean([r[p] for r in rows])) for p in (*FIXED, HELD_OUT)}
            ratio, (low, high), share = ratio_share(rows)
            summary.append(f"| {label} | {model} | " + " | ".join(f"{means[p]:.4f}" for p in (*FIXED, HELD_OUT))
                           + f" | {ratio:.2f} ({low:.2f}-{high:.2f}) | {share:.0%} |")
            lines += ["", f"### {label}, {model}: regret (best candidate's mean test score - the policy's)", "",
                      "| dataset | " + " | ".join((*FIXED, HELD_OUT)) + " |", "|---|" + "---|" * (len(FIXED) + 1)]
            lines += [f"| {r['dataset']} | " + " | ".join(f"{r[p]:.4f}" for p in (*FIXED, HELD_OUT)) + " |"
                      for r in rows]
    return "\n".join(["## The held-out pick against the fixed policies", "", *head, *summary, *lines])


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", default=",".join(USABLE))
    parser.add_argument("--models", default=",".join(MODELS))
    parser.add_argument("--folds", type=int, default=5, help="outer folds")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=2, help="datasets evaluated at once")
    args = parser.parse_args(argv)
    names = [n for n in args.datasets.split(",") if n]
    models = [m for m in args.models.split(",") if m]
    start = time.perf_counter()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"held-out pick: {len(names)} datasets x {args.folds} outer folds x {models}; {os.cpu_count()} cores, "
          f"load average {load:.2f} at start", flush=True)
    tasks = [(name, model) for model in models for name in names]
    results = []
    runner = Parallel(n_jobs=args.jobs, return_as="generator_unordered")
    for result in runner(delayed(outer_tables)(name, model, args.folds, args.seed) for name, model in tasks):
        results.append(result)
        print(f"  {len(results)}/{len(tasks)} {result['dataset']} / {result['model']}", file=sys.stderr, flush=True)
    order = {task: i for i, task in enumerate(tasks)}
    results.sort(key=lambda r: order[(r["dataset"], r["model"])])
    print(report(results))
    print(f"\n{time.perf_counter() - start:.0f} s in all")


if __name__ == "__main__":
    main()

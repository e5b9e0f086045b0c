"""Is following the advice better than a fixed policy? A nested evaluation on real KEEL datasets.

Run with ``python -m benchmarks.advice`` (``--datasets ecoli1,glass2 --folds 3`` for a quick run).
``--save FILE`` keeps every outcome, the advisor's checks included; ``--replay FILE`` judges such a
run again under the current recommendation rule, without refitting: the rule only reads the check's
per-fold scores, which do not depend on it, so the result equals a fresh run of the same code.

For every dataset and outer fold, :func:`smote_core.advise` sees the training part only (profile,
tree and its cross-validated check inside that part). Every candidate -- the baselines, every
technique the advisor could name for data of that kind -- is trained on the same training part and
scored on the untouched test part. A policy's score is the mean over outer folds of the test score
of what it chose (no resampling where its choice fails on that training part); its regret is the best
single candidate's mean minus the policy's. Policies:
following the advice (``recommended``), always SMOTE (SMOTE-NC / SMOTE-N on categorical data), always
no resampling, always class weights. The advice is asked with the metric and the model it is judged
on, so a user who says "I care about balanced accuracy with a boosted model" is the user simulated.
"""

from __future__ import annotations

import argparse
import os
import pickle
import sys
import time
import warnings
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from sklearn.utils.parallel import Parallel, delayed
from sklearn.model_selection import StratifiedKFold

from smote_core import advise
from smote_core.advisor import check_params
from smote_core.evaluation import evaluate, get_metric

from .keel import CALIBRATION, TARGET, load_keel

# scikit-learn warns that its delayed() lacks a configuration whenever the worker's warning filter list
# is empty, as in a fresh worker process; a filter (this one) is enough to keep it quiet
warnings.filterwarnings("ignore", message=".*sklearn.utils.parallel.delayed.*", category=UserWarning)

METRICS = ("average_precision", "balanced_accuracy")
MODELS = ("logistic", "hist_gradient_boosting")
POLICIES = ("advice", "always SMOTE", "always none", "always class weights")
NUMERIC_UNIVERSE = ("random-over", "smote", "borderline-smote", "adasyn", "svm-smote", "smote-tomek", "smote-enn")


@dataclass
class Outcome:
    """Per dataset and model: each metric's candidate scores per outer fold, and what the advice chose."""

    dataset: str
    model: str
    n_rows: int
    n_minority: int
    scores: dict      # metric -> DataFrame (candidate x fold)
    chosen: dict      # metric -> list of candidate ids, one per fold
    smote_id: str
    seconds: float
    checks: list      # the advisor's Check of each outer fold (its scores, to study other rules)


def universe(frame: pd.DataFrame) -> tuple[list, str]:
    """Every technique the advisor can name for a table like ``frame``, and the policy's "SMOTE"."""
    features = frame.drop(columns=[TARGET])
    categorical = [c for c in features if not pd.api.types.is_numeric_dtype(features[c])]
    if not categorical:
        return list(NUMERIC_UNIVERSE), "smote"
    light = "smoten" if len(categorical) == features.shape[1] else "smote-nc"
    return [light, "gaussian-copula"], light


def run_dataset(name: str, model: str, n_folds: int, seed: int, repeats: int | None = None) -> Outcome:
    start = time.perf_counter()
    frame = load_keel(name)
    y = frame[TARGET].to_numpy()
    folds = list(StratifiedKFold(n_folds, shuffle=True, random_state=seed).split(frame, y))
    techniques, smote_id = universe(frame)
    chosen = {metric: [] for metric in METRICS}
    checks = []
    for i, (train, _) in enumerate(folds):
        advice = advise(frame.iloc[train].reset_index(drop=True), TARGET, model=model, metric=METRICS[0],
                        random_state=seed + i, repeats=repeats)
        checks.append(advice.check)
        chosen[METRICS[0]].append(advice.recommended)
        for metric in METRICS[1:]:
            chosen[metric].append(advice.check.recommend(metric)[0])
    extra = {c for picks in chosen.values() for c in picks} - set(techniques) - {"none", "class_weight"}
    techniques += sorted(extra)
    results = evaluate(frame.drop(columns=[TARGET]), y, techniques, model=model, cv=folds, random_state=seed,
                       params=check_params(techniques), n_jobs=2, errors="skip")
    scores = {}
    for metric in METRICS:
        rows = results[results["metric"] == metric]
        scores[metric] = pd.DataFrame(list(rows["folds"]), index=rows["technique"])
    return Outcome(name, model, len(frame), int(y.sum()), scores, chosen, smote_id, time.perf_counter() - start,
                   checks)


def rejudged(outcome: Outcome) -> Outcome:
    """``outcome`` with its choices made again from its saved checks by the current rule."""
    chosen = {metric: [check.recommend(metric)[0] for check in outcome.checks] for metric in METRICS}
    return replace(outcome, chosen=chosen)


def regrets(outcome: Outcome, metric: str) -> dict:
    """Policy -> best candidate's mean test score minus the policy's (0 = as good as the best); also
    ``"at random"``, the expected regret of a candidate picked blindly."""
    table = outcome.scores[metric]
    sign = 1.0 if get_metric(metric).greater_is_better else -1.0
    best = (sign * table.mean(axis=1)).max()
    folds = range(table.shape[1])

    def score(pick, fold):
        # a technique that fails on an outer training part (and so is not in the table) leaves its
        # follower with the data as it is: no resampling
        return table.loc[pick if pick in table.index else "none", fold]

    picks = {
        "advice": outcome.chosen[metric],
        "always SMOTE": [outcome.smote_id] * table.shape[1],
        "always none": ["none"] * table.shape[1],
        "always class weights": ["class_weight"] * table.shape[1],
    }
    found = {policy: float(best - sign * np.mean([score(pick[i], i) for i in folds]))
             for policy, pick in picks.items()}
    found["at random"] = float(best - (sign * table.mean(axis=1)).mean())  # expected regret of a blind pick
    return found


def report(outcomes: list) -> str:
    lines = []
    summary = []
    for model in dict.fromkeys(o.model for o in outcomes):
        for metric in METRICS:
            label = get_metric(metric).label
            lines += ["", f"### {label}, {model}: regret (best candidate's mean score - the policy's)", "",
                      "| dataset | rows | minority | " + " | ".join(POLICIES) + " | (blind pick) | advice chose |",
                      "|---|---|---|" + "---|" * len(POLICIES) + "---|---|"]
            mine = [o for o in outcomes if o.model == model]
            rows = []
            for o in mine:
                r = regrets(o, metric)
                rows.append(r)
                picks = pd.Series(o.chosen[metric]).value_counts()
                chose = ", ".join(f"{k} x{v}" for k, v in picks.items())
                lines.append(f"| {o.dataset} | {o.n_rows} | {o.n_minority} | "
                             + " | ".join(f"{r[p]:.4f}" for p in POLICIES) + f" | {r['at random']:.4f} | {chose} |")
            means = {p: float(np.mean([r[p] for r in rows])) for p in (*POLICIES, "at random")}
            lines.append("| **mean** | | | " + " | ".join(f"**{means[p]:.4f}**" for p in POLICIES)
                         + f" | {means['at random']:.4f} | |")
            means.pop("at random")
            lowest = min(means, key=means.get)
            summary.append(f"| {label} | {model} | " + " | ".join(f"{means[p]:.4f}" for p in POLICIES)
                           + f" | {lowest} |")
    head = ["| metric | model | " + " | ".join(POLICIES) + " | lowest mean regret |",
            "|---|---|" + "---|" * len(POLICIES) + "---|"]
    return "\n".join(["## Mean regret over the datasets", "", *head, *summary, *lines])


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", default=",".join(CALIBRATION))
    parser.add_argument("--models", default=",".join(MODELS))
    parser.add_argument("--folds", type=int, default=5, help="outer folds")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeats", type=int, help="drawings of the check's folds (default: the advisor's)")
    parser.add_argument("--jobs", type=int, default=2, help="datasets evaluated at once")
    parser.add_argument("--save", help="also pickle every outcome (scores, choices, the advisor's checks) here")
    parser.add_argument("--replay", help="instead: judge a --save file again under the current rule (no fits)")
    args = parser.parse_args(argv)
    if args.replay:
        with open(args.replay, "rb") as saved:
            print(report([rejudged(outcome) for outcome in pickle.load(saved)]))
        return
    names = [n for n in args.datasets.split(",") if n]
    models = [m for m in args.models.split(",") if m]
    start = time.perf_counter()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"nested evaluation: {len(names)} datasets x {args.folds} outer folds x {models}; "
          f"{os.cpu_count()} cores, load average {load:.2f} at start", flush=True)
    tasks = [(name, model) for name in names for model in models]
    runner = Parallel(n_jobs=args.jobs, return_as="generator_unordered")
    outcomes = []
    for outcome in runner(delayed(run_dataset)(name, model, args.folds, args.seed, args.repeats) for name, model in tasks):
        outcomes.append(outcome)
        print(f"  {len(outcomes)}/{len(tasks)} {outcome.dataset} / {outcome.model}: {outcome.seconds:.0f} s",
              file=sys.stderr, flush=True)
        if args.save:  # kept as it goes: a failure late in a long run loses nothing finished
            with open(args.save, "wb") as out:
                pickle.dump(outcomes, out)
    order = {task: i for i, task in enumerate(tasks)}
    outcomes.sort(key=lambda o: order[o.dataset, o.model])
    print(report(outcomes))
    print(f"\n{time.perf_counter() - start:.0f} s in all; slowest: "
          + ", ".join(f"{o.dataset}/{o.model} {o.seconds:.0f} s"
                      for o in sorted(outcomes, key=lambda o: -o.seconds)[:3]))


if __name__ == "__main__":
    main()

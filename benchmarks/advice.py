"""Is following the advice better than a simple rule? A nested evaluation on real KEEL datasets.

Run with ``python -m benchmarks.advice`` (``--datasets ecoli1,glass2 --models logistic`` for a quick run).
``--save FILE`` keeps every outcome, the advisor's checks included; ``--replay FILE`` judges such a run
again under the current choice rule, without refitting (the rule only reads the checks' scores);
``--extend FILE`` scores the universe candidates a saved run lacks (a technique added since) on its outer
folds, with its seeds, so that its regrets and replays cover them.

For every dataset and outer fold, :func:`smote_core.advise` sees the training part only (profile, tree
and its cross-validated check inside that part). Every candidate it could choose -- the three ways of not
resampling, every technique the advisor can name for data of that kind, each also with a tuned
threshold -- is trained on the same training part and scored on the untouched test part: the
*universe*. A policy's regret on a dataset is the best universe candidate's mean test score minus the
mean test score of what the policy did. Policies:

- follow the advice: fit ``advice.pipeline()`` (the advice asked for the metric it is judged on) on the
  training part and score it on the test part -- threshold and calibration included, as a user gets it;
- always SMOTE (SMOTE-NC / SMOTE-N on categorical data), always no resampling, always class weights,
  always no resampling with a threshold tuned for the metric (on PR-AUC and the Brier score this is no
  resampling: a threshold changes neither).

A technique that fails on an outer training part leaves its follower with the data as it is. Beside the
policies the summary gives, as a reference, the regret of the *held-out pick* over the best fixed policy's:
what choosing each outer fold's candidate by its mean test score on the other outer folds reaches
(:mod:`benchmarks.advice_floor`).
"""

from __future__ import annotations

import argparse
import os
import pickle
import sys
import time
import warnings
from dataclasses import dataclass, field, fields, replace

import numpy as np
import pandas as pd
from sklearn.model_selection import RepeatedStratifiedKFold
from sklearn.utils import check_random_state
from sklearn.utils.parallel import Parallel, delayed

from smote_core import advise
from smote_core.advisor import assemble
from smote_core.candidates import THRESHOLD_SUFFIX, baseline, for_check, scaled_params, technique, with_threshold
from smote_core.check import Check, tries_threshold_twin
from smote_core.choice import choose
from smote_core.crossval import cross_validate
from smote_core.evidence import leaders
from smote_core.metrics import decision_scores, get_metric, probability_scores, sign
from smote_core.walk import TreeAnswer

from .keel import TARGET, USABLE, load_keel

# scikit-learn warns that its delayed() lacks a configuration whenever the worker's warning filter list
# is empty, as in a fresh worker process; a filter (this one) is enough to keep it quiet
warnings.filterwarnings("ignore", message=".*sklearn.utils.parallel.delayed.*", category=UserWarning)

METRICS = ("average_precision", "balanced_accuracy", "f1_minority", "brier")
MODELS = ("logistic", "hist_gradient_boosting")
POLICIES = ("advice", "always SMOTE", "always none", "always class weights", "always tuned threshold")
FIXED = POLICIES[1:]
HELD_OUT = "held-out pick"  # a reference: see benchmarks.advice_floor
# every technique the advisor can name for numeric data: the tree's answers and alternatives, and the leaders
# of the public ranking (smote_core.evidence); the neural generators need PyTorch and are never checked
NUMERIC_UNIVERSE = ("random-over", "smote", "borderline-smote", "adasyn", "svm-smote", "smote-tomek", "smote-enn",
                    "polynom-fit-smote", "prowsyn", "smote-ipf", "g-smote", "gaussian-copula")


@dataclass
class Outcome:
    """One dataset and model: the universe's outer test scores, what the advice chose, and its pipeline's scores."""

    dataset: str
    model: str
    n_rows: int
    n_minority: int
    universe: dict        # metric -> DataFrame (candidate x outer fold)
    chosen: dict          # metric -> list of candidate ids, one per outer fold
    followed: dict        # metric -> list of the advice pipeline's test scores, one per outer fold
    smote_id: str
    seconds: float
    checks: list = field(default_factory=list)  # the advisor's Check of each outer fold, for --replay
    answers: list = field(default_factory=list)  # the tree's answer of each outer fold, for --refollow
    n_folds: int = 5
    n_repeats: int = 1
    seed: int = 0


def universe(frame: pd.DataFrame) -> tuple[list, str]:
    """Every technique the advisor can name for a table like ``frame``, and the policy's "SMOTE"."""
    features = frame.drop(columns=[TARGET])
    categorical = [c for c in features if not pd.api.types.is_numeric_dtype(features[c])]
    if not categorical:
        return list(NUMERIC_UNIVERSE), "smote"
    light = "smoten" if len(categorical) == features.shape[1] else "smote-nc"
    return [light, "gaussian-copula"], light


def universe_candidates(techniques) -> list:
    """The three ways of not resampling, and every technique with and without a tuned threshold."""
    found = [baseline("none"), baseline("threshold"), baseline("class_weight")]
    for name in techniques:
        plain = technique(name, scaled_params(name))
        found += [plain, with_threshold(plain)]
    return found


def universe_tables(X, y, candidates, model: str, folds: list, seed: int) -> dict:
    """Metric -> candidate x outer fold: each of ``candidates`` trained on each outer training part (drawing
    the fold's seed) and scored on its test part; a candidate that fails on a part is left out."""
    scores = cross_validate(X, y, candidates, model=model, cv=folds, random_state=seed, errors="skip")
    return {metric: pd.DataFrame({c: scores.folds(c, metric) for c in scores.ids}).T for metric in METRICS}


def followed_scores(advice, train, test, X, y, metric: str) -> float:
    """The advice's pipeline for ``metric``, fitted on ``train`` and scored on ``test``."""
    pipeline = advice.for_metric(metric).pipeline()
    pipeline.fit(X.iloc[train], y[train])
    classes = np.unique(y)
    minority = advice.profile.minority_classes[0]
    X_test, y_test = X.iloc[test], y[test]
    if get_metric(metric).uses_threshold:
        return decision_scores(y_test, pipeline.predict(X_test), classes, minority)[metric]
    return probability_scores(y_test, pipeline.predict_proba(X_test), classes, minority)[metric]


def fold_seeds(seed: int, n_folds: int) -> np.ndarray:
    """The seed each outer fold's samplers and models draw with in :func:`cross_validate` (and so here)."""
    return check_random_state(seed).randint(np.iinfo(np.int32).max, size=n_folds)


def outer_split(name: str, n_folds: int, n_repeats: int, seed: int) -> tuple:
    """Dataset ``name`` as ``(frame, X, y, folds)``: its table, features, labels and the benchmark's outer folds."""
    frame = load_keel(name)
    X, y = frame.drop(columns=[TARGET]), frame[TARGET].to_numpy()
    folds = list(RepeatedStratifiedKFold(n_splits=n_folds, n_repeats=n_repeats, random_state=seed).split(X, y))
    return frame, X, y, folds


def run_dataset(name: str, model: str, n_folds: int, n_repeats: int, seed: int) -> Outcome:
    start = time.perf_counter()
    frame, X, y, folds = outer_split(name, n_folds, n_repeats, seed)
    techniques, smote_id = universe(frame)
    chosen = {metric: [] for metric in METRICS}
    followed = {metric: [] for metric in METRICS}
    checks, answers = [], []
    # the advice of each outer fold draws with the seed the universe's candidates draw with on that fold, so
    # that following a candidate scores what the universe scored for it and the regret measures the choice
    for (train, test), fold_seed in zip(folds, fold_seeds(seed, len(folds))):
        advice = advise(frame.iloc[train].reset_index(drop=True), TARGET, model=model, random_state=fold_seed)
        checks.append(advice.check)
        answers.append(TreeAnswer(**{f.name: getattr(advice, f.name) for f in fields(TreeAnswer)}))
        for metric in METRICS:
            chosen[metric].append(advice.check.choice(metric).recommended)
            followed[metric].append(followed_scores(advice, train, test, X, y, metric))
    tables = universe_tables(X, y, universe_candidates(techniques), model, folds, seed)
    return Outcome(name, model, len(frame), int(y.sum()), tables, chosen, followed, smote_id,
                   time.perf_counter() - start, checks, answers, n_folds, n_repeats, seed)


def extended(outcome: Outcome) -> Outcome:
    """``outcome`` with the universe candidates it lacks scored on its outer folds with its seed (every
    candidate draws a fold's seed, not a position in the list, so the others' scores stand unchanged)."""
    frame, X, y, folds = outer_split(outcome.dataset, outcome.n_folds, outcome.n_repeats, outcome.seed)
    have = set(outcome.universe[METRICS[0]].index)
    missing = [c for c in universe_candidates(universe(frame)[0]) if c.id not in have]
    if not missing:
        return outcome
    added = universe_tables(X, y, missing, outcome.model, folds, outcome.seed)
    for metric in METRICS:
        outcome.universe[metric] = pd.concat([outcome.universe[metric], added[metric]])
    return outcome


def refollowed(outcome: Outcome) -> Outcome:
    """``outcome`` with the advice chosen again from its saved checks by the current rule and its pipelines
    fitted and scored again on the same outer folds (the checks are not run again)."""
    frame, X, y, folds = outer_split(outcome.dataset, outcome.n_folds, outcome.n_repeats, outcome.seed)
    chosen = {metric: [] for metric in METRICS}
    followed = {metric: [] for metric in METRICS}
    seeds = fold_seeds(outcome.seed, len(folds))
    for (train, test), answer, check, fold_seed in zip(folds, outcome.answers, outcome.checks, seeds):
        advice = assemble(answer, check, model=outcome.model, random_state=fold_seed)
        for metric in METRICS:
            chosen[metric].append(advice.for_metric(metric).recommended)
            followed[metric].append(followed_scores(advice, train, test, X, y, metric))
    return Outcome(outcome.dataset, outcome.model, outcome.n_rows, outcome.n_minority, outcome.universe, chosen,
                   followed, outcome.smote_id, outcome.seconds, outcome.checks, outcome.answers, outcome.n_folds,
                   outcome.n_repeats, outcome.seed)


def replayed(outcome: Outcome, rule) -> Outcome:
    """``outcome`` with the advice's choices made again by ``rule(check, metric, answer) -> id``, scored as the run
    scored them where the choice is unchanged (the advice's own pipeline, calibration included) and by the
    universe's outer scores where it changed (no refitting; calibration is not replayed there)."""
    answers = outcome.answers or [None] * len(outcome.checks)
    chosen = {m: [rule(check, m, answer) for check, answer in zip(outcome.checks, answers)] for m in METRICS}
    followed = {m: [outcome.followed[m][i] if pick == outcome.chosen[m][i] else _score(outcome.universe[m], pick, i)
                    for i, pick in enumerate(chosen[m])] for m in METRICS}
    return Outcome(outcome.dataset, outcome.model, outcome.n_rows, outcome.n_minority, outcome.universe, chosen,
                   followed, outcome.smote_id, outcome.seconds, outcome.checks)


def _score(table: pd.DataFrame, pick: str, fold: int) -> float:
    # a technique that failed on an outer training part (absent from the table) leaves its follower with
    # the data as it is
    return float(table.loc[pick if pick in table.index else "none", fold])


def regrets(outcome: Outcome, metric: str) -> dict:
    """Policy -> best universe candidate's mean test score minus the policy's (0: as good as the best)."""
    table = outcome.universe[metric]
    advice = hindsight_best(table, metric) - sign(metric) * float(np.mean(outcome.followed[metric]))
    return {"advice": advice, **fixed_regrets(table, metric, outcome.smote_id)}


def hindsight_best(table: pd.DataFrame, metric: str) -> float:
    """The best candidate's mean test score over the outer folds (signed: larger is better)."""
    return float((sign(metric) * table.mean(axis=1)).max())


def fixed_regrets(table: pd.DataFrame, metric: str, smote_id: str) -> dict:
    """Each fixed policy's regret on a universe ``table`` (candidate x outer fold), and as references the
    held-out pick's (:func:`held_out_picks`), a blind pick's and the worst's."""
    means = sign(metric) * table.mean(axis=1)
    best = float(means.max())
    threshold = "threshold" if get_metric(metric).uses_threshold else "none"
    fixed = {"always SMOTE": smote_id, "always none": "none", "always class weights": "class_weight",
             "always tuned threshold": threshold}
    found = {policy: best - sign(metric) * float(np.mean([_score(table, pick, i) for i in range(table.shape[1])]))
             for policy, pick in fixed.items()}
    found[HELD_OUT] = held_out_regret(table, metric)
    found["blind pick"] = best - float(means.mean())  # a candidate picked at random
    found["worst pick"] = best - float(means.min())  # what an advisor picking the worst gets
    return found


def held_out_picks(table: pd.DataFrame, metric: str) -> list:
    """For each outer fold, the candidate with the best mean test score on the other folds (the first of
    equals in the table's order)."""
    signed = sign(metric) * table
    return [signed.drop(columns=fold).mean(axis=1).idxmax() for fold in table.columns]


def held_out_regret(table: pd.DataFrame, metric: str) -> float:
    """Regret of the held-out pick: the hindsight best's mean test score minus the picks' mean."""
    picked = [table.loc[pick, fold] for pick, fold in zip(held_out_picks(table, metric), table.columns)]
    return hindsight_best(table, metric) - sign(metric) * float(np.mean(picked))


def bootstrap_share(rows: list, draws: int = 4000, seed: int = 0) -> float:
    """Share of bootstrap draws of the datasets in which the advice keeps the lowest mean regret."""
    table = np.array([[r[p] for p in POLICIES] for r in rows])
    rng = np.random.RandomState(seed)
    picks = rng.randint(len(rows), size=(draws, len(rows)))
    means = table[picks].mean(axis=1)
    return float(np.mean(means[:, 0] <= means[:, 1:].min(axis=1)))


def report(outcomes: list) -> str:
    summary, lines = [], []
    for model in dict.fromkeys(o.model for o in outcomes):
        mine = [o for o in outcomes if o.model == model]
        for metric in METRICS:
            label = get_metric(metric).label
            rows = [regrets(o, metric) for o in mine]
            means = {p: float(np.mean([r[p] for r in rows])) for p in (*POLICIES, HELD_OUT)}
            best_fixed = min(FIXED, key=means.get)
            ratio, held_out = (means[p] / means[best_fixed] if means[best_fixed] > 0 else float("inf")
                               for p in ("advice", HELD_OUT))
            summary.append(f"| {label} | {model} | " + " | ".join(f"{means[p]:.4f}" for p in POLICIES)
                           + f" | {ratio:.2f} ({best_fixed}) | {bootstrap_share(rows):.0%} | {held_out:.2f} |")
            lines += ["", f"### {label}, {model}: regret (best candidate's mean test score - the policy's)", "",
                      "| dataset | rows | minority | " + " | ".join(POLICIES) + " | advice chose |",
                      "|---|---|---|" + "---|" * len(POLICIES) + "---|"]
            for o, r in zip(mine, rows):
                picks = pd.Series(o.chosen[metric]).value_counts()
                chose = ", ".join(f"{k} x{v}" for k, v in picks.items())
                lines.append(f"| {o.dataset} | {o.n_rows} | {o.n_minority} | "
                             + " | ".join(f"{r[p]:.4f}" for p in POLICIES) + f" | {chose} |")
            lines.append("| **mean** | | | " + " | ".join(f"**{means[p]:.4f}**" for p in POLICIES) + " | |")
    head = ["| metric | model | " + " | ".join(POLICIES) + " | advice / best fixed | bootstrap: advice lowest "
            f"| {HELD_OUT} / best fixed |", "|---|---|" + "---|" * len(POLICIES) + "---|---|---|"]
    return "\n".join(["## Mean regret over the datasets", "", *head, *summary, *lines])


def current_rule(check: Check, metric: str, answer: TreeAnswer | None = None) -> str:
    """What the advisor would recommend today from a saved ``check``: the current choice rule, among the
    candidates it would check today for the fold's tree ``answer`` (one since left out of the check, such
    as a public leader, is passed over; so is a technique's tuned-threshold twin with a named model, whose
    check no longer adds one)."""
    scores = check.scores
    wanted = None if answer is None else {c.id for c in for_check(answer, leaders(answer.profile, scores.model))}
    gone = {c.id: "not checked today" for c in scores.candidates if c.id != "threshold" and (
        (wanted is not None and c.id.removesuffix(THRESHOLD_SUFFIX) not in wanted)
        or (c.threshold and not tries_threshold_twin(scores.model)))}
    scores = replace(scores, skipped={**scores.skipped, **gone})
    return choose(scores, metric, check.tree_pick, check.smallest_class).recommended


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", default=",".join(USABLE))
    parser.add_argument("--models", default=",".join(MODELS))
    parser.add_argument("--folds", type=int, default=5, help="outer folds")
    parser.add_argument("--repeats", type=int, default=1, help="drawings of the outer folds")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=2, help="datasets evaluated at once")
    parser.add_argument("--save", help="also pickle every outcome (scores, choices, the advisor's checks) here")
    parser.add_argument("--resume", action="store_true", help="keep the outcomes already in --save")
    parser.add_argument("--replay", help="instead: judge a --save file again under the current rule (no fits)")
    parser.add_argument("--extend", help="instead: score the universe candidates a --save file lacks and save it "
                                         "again (to --save, else in place)")
    parser.add_argument("--refollow", help="instead: choose again under the current rule from a --save file's checks "
                                           "and fit the advice's pipelines again (the checks are not rerun)")
    args = parser.parse_args(argv)
    if args.replay:
        with open(args.replay, "rb") as saved:
            print(report([replayed(outcome, current_rule) for outcome in pickle.load(saved)]))
        return
    if args.extend:
        with open(args.extend, "rb") as saved:
            outcomes = pickle.load(saved)
        outcomes = Parallel(n_jobs=args.jobs)(delayed(extended)(outcome) for outcome in outcomes)
        with open(args.save or args.extend, "wb") as out:
            pickle.dump(outcomes, out)
        print(report(outcomes))
        return
    if args.refollow:
        with open(args.refollow, "rb") as saved:
            outcomes = pickle.load(saved)
        runner = Parallel(n_jobs=args.jobs)
        outcomes = runner(delayed(refollowed)(outcome) for outcome in outcomes)
        if args.save:
            with open(args.save, "wb") as out:
                pickle.dump(outcomes, out)
        print(report(outcomes))
        return
    names = [n for n in args.datasets.split(",") if n]
    models = [m for m in args.models.split(",") if m]
    done = []
    if args.resume and args.save and os.path.exists(args.save):
        with open(args.save, "rb") as saved:
            done = pickle.load(saved)
    start = time.perf_counter()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"nested evaluation: {len(names)} datasets x {args.folds} outer folds x {args.repeats} drawings x {models}; "
          f"{os.cpu_count()} cores, load average {load:.2f} at start", flush=True)
    finished = {(o.dataset, o.model) for o in done}
    tasks = [(name, model) for model in models for name in names if (name, model) not in finished]
    runner = Parallel(n_jobs=args.jobs, return_as="generator_unordered")
    outcomes = list(done)
    jobs = (delayed(run_dataset)(name, model, args.folds, args.repeats, args.seed) for name, model in tasks)
    for outcome in runner(jobs):
        outcomes.append(outcome)
        print(f"  {len(outcomes)}/{len(tasks) + len(done)} {outcome.dataset} / {outcome.model}: "
              f"{outcome.seconds:.0f} s", file=sys.stderr, flush=True)
        if args.save:  # kept as it goes: a failure late in a long run loses nothing finished
            with open(args.save, "wb") as out:
                pickle.dump(outcomes, out)
    order = {(name, model): i for i, (model, name) in enumerate((m, n) for m in models for n in names)}
    outcomes.sort(key=lambda o: order.get((o.dataset, o.model), len(order)))
    print(report(outcomes))
    print(f"\n{time.perf_counter() - start:.0f} s in all; slowest: "
          + ", ".join(f"{o.dataset}/{o.model} {o.seconds:.0f} s" for o in sorted(outcomes, key=lambda o: -o.seconds)[:3]))


if __name__ == "__main__":
    from benchmarks import advice  # so that pickled outcomes name benchmarks.advice.Outcome, not __main__'s

    advice.main()

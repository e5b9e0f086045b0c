"""Every registered technique and the three ways of not resampling, ranked on the usable KEEL datasets.

Run with ``python -m benchmarks.ranking`` (``--quick`` for a run of a minute or two, ``--resume`` to go on
from where a run stopped, ``--estimate`` to time a few folds first and print the full run's cost).

Protocol: on every dataset of :data:`benchmarks.keel.USABLE`, repeated stratified cross-validation
(:data:`FOLDS` folds, :data:`REPEATS` drawings; a dataset above :data:`MAX_ROWS` rows is a stratified
sample of that size, as the advice's check samples above 5,000 rows) trains four classifiers on the same
folds: logistic regression, k-nearest neighbours, a decision tree and histogram gradient boosting (the
check's sizing, ``for_check=True``: early stopping, at most 15 leaves a tree). Each technique resamples a
fold's training rows once and every classifier is trained on those rows
(:func:`smote_core.crossval.cross_validate_models`);
a tuned threshold (for balanced accuracy, or for F1 when F1 is scored) shares the fit of "none". A
neighbour count larger than the minority of a training part allows is lowered to fit it. A candidate that
still fails on a fold of a dataset (the Gaussian copula on a column constant within the minority, ADASYN
where no minority row has another class near, a threshold where a tree's probabilities are constant on an
inner fold) is scored as "none" there by the report -- the rows as they are, or the default threshold --
so that every dataset stays in the ranking; the scores file keeps why, and docs/ranking.md says where.
Categorical columns are one-hot encoded first, so every technique that interpolates numbers runs on
every dataset; SMOTE-NC and SMOTE-N, which exist for the categorical columns that encoding removes, are
not ranked. k-nearest neighbours takes no class weights, so its tables have no "class weights" row.

Results are appended to the scores file after each (dataset, technique) unit, so ``--resume`` skips the
units already there. :mod:`benchmarks.ranking_report` writes ``docs/ranking.md`` and the package's
``smote_core/data/ranking.csv`` from the scores.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier
from sklearn.utils.parallel import Parallel, delayed

from smote_core import registry
from smote_core.candidates import baseline, scaled_params, technique
from smote_core.crossval import cross_validate_models, plan
from smote_core.evidence import PROFILE_COLUMNS, profile_features
from smote_core.models import make_model
from smote_core.pipeline import balanced
from smote_core.profile import profile_dataset

from . import ranking_report
from .keel import TARGET, USABLE, load_keel

warnings.filterwarnings("ignore", message=".*sklearn.utils.parallel.delayed.*", category=UserWarning)

ROOT = Path(__file__).resolve().parent.parent
FOLDS, REPEATS, MAX_ROWS, SEED = 5, 2, 2_000, 0
METRICS = ("roc_auc", "average_precision", "balanced_accuracy", "f1_minority")
CLASSIFIERS = ("logistic", "knn", "tree", "hist_gradient_boosting")
# Techniques that need categorical columns (gone after one-hot encoding), and the neural generative
# models, whose cost per fit is out of the full run's budget: one fit on 1,187 rows of yeast1 took 29 s (CTGAN)
# and 23 s (TVAE) here, so their 440 fits each (44 datasets x 2 drawings x 5 folds) would take about 3.5 h and 3 h.
UNRANKED = ("smote-nc", "smoten")
NEURAL = ("ctgan", "tvae")
QUICK = dict(datasets=("ecoli1", "glass2", "yeast_1_vs_7", "ecoli_0_1_4_6_vs_5"), classifiers=("logistic", "tree"),
             techniques=("random-over", "smote", "g-smote"), repeats=1)
SCORES = ROOT / "benchmarks" / "results" / "ranking-scores.csv"
PROFILES = ROOT / "benchmarks" / "results" / "ranking-profiles.csv"
COLUMNS = ("dataset", "classifier", "technique", "metric", "mean", "std", "n_folds", "seconds", "finished", "note")


def classifier(name: str):
    """The unfitted classifier ``name`` of :data:`CLASSIFIERS` (the named models at the check's sizing)."""
    if name == "knn":
        return make_pipeline(StandardScaler(), KNeighborsClassifier(n_neighbors=5))
    if name == "tree":
        return DecisionTreeClassifier()
    if name in CLASSIFIERS:
        return make_model(name, for_check=True)
    raise ValueError(f"unknown classifier {name!r}; choose from {list(CLASSIFIERS)}.")


def takes_weights(name: str) -> bool:
    """Whether the classifier ``name`` can weight the classes (k-nearest neighbours cannot)."""
    try:
        balanced(classifier(name), np.array([0, 1]))
    except ValueError:
        return False
    return True


def techniques(neural: bool = False) -> list:
    """Registry ids the ranking runs: every numeric technique, the neural generative ones if asked."""
    return [t.id for t in registry.techniques()
            if t.id not in UNRANKED and (neural or t.id not in NEURAL) and t.available]


def units(technique_ids) -> list:
    """Candidate groups, each one cross-validation call: ``none`` with its tuned threshold, class weights,
    then one technique each."""
    return [("none", "threshold"), ("class_weight",), *((t,) for t in technique_ids)]


def candidate(candidate_id: str, smallest: int):
    """The candidate ``candidate_id`` for folds whose smallest class has ``smallest`` training rows: a
    neighbour count the class cannot give (SMOTE's k = 5 on 5 rows) is lowered to ``smallest - 1``."""
    if candidate_id in ("none", "threshold", "class_weight"):
        return baseline(candidate_id)
    params = scaled_params(candidate_id)
    defaults = registry.make(candidate_id).get_params(deep=False)
    for name in ("k_neighbors", "n_neighbors"):
        if name in defaults and defaults[name] >= smallest:
            params[name] = max(1, smallest - 1)
    return technique(candidate_id, params)


def encoded(frame: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """Features with categorical columns one-hot encoded (floats), and the target."""
    features = frame.drop(columns=[TARGET])
    return pd.get_dummies(features, dtype=float), frame[TARGET].to_numpy()


def run_unit(name: str, members: tuple, classifiers: tuple, repeats: int) -> list:
    """Score one unit on one dataset: a row of :data:`COLUMNS` per classifier, member and metric."""
    start = time.perf_counter()
    X, y = encoded(load_keel(name))
    layout = plan(y, cv=FOLDS, repeats=repeats, max_rows=MAX_ROWS, random_state=SEED)
    X, y = X.iloc[layout.rows].reset_index(drop=True), y[layout.rows]
    smallest = int(np.bincount(y).min())
    smallest -= -(-smallest // layout.cv)  # its rows in a training part: less the largest test share
    models = {c: classifier(c) for c in classifiers if "class_weight" not in members or takes_weights(c)}
    scored = cross_validate_models(X, y, [candidate(m, smallest) for m in members], models,
                                   cv=layout.cv, repeats=layout.repeats, random_state=SEED, errors="skip")
    seconds, finished = time.perf_counter() - start, time.time()
    rows = []
    for name_, scores in scored.items():
        for member in members:
            for metric in METRICS:
                if member in scores.skipped:  # the report scores it as "none" (ranking_report.FALLBACK)
                    rows.append((name, name_, member, metric, np.nan, np.nan, 0, seconds, finished,
                                 scores.skipped[member]))
                    continue
                folds = scores.folds(member, metric)
                rows.append((name, name_, member, metric, float(np.nanmean(folds)), float(np.nanstd(folds, ddof=1)),
                             int(np.count_nonzero(~np.isnan(folds))), seconds, finished, ""))
    return rows


def profile_row(name: str) -> dict:
    """The dataset's profile features (:data:`smote_core.evidence.PROFILE_COLUMNS`), measured on the raw table."""
    return {"dataset": name, **profile_features(profile_dataset(load_keel(name), TARGET, random_state=SEED))}


def done_units(path: Path) -> set:
    """``(dataset, candidate id)`` pairs already in the scores file."""
    if not path.exists():
        return set()
    return set(map(tuple, pd.read_csv(path, usecols=["dataset", "technique"]).drop_duplicates().to_numpy()))


def weight(name: str) -> int:
    """Rows a unit on ``name`` cross-validates: what the estimate of the time left scales with."""
    return min(len(load_keel(name)), MAX_ROWS)


def format_seconds(seconds: float) -> str:
    minutes, secs = divmod(int(round(seconds)), 60)
    return f"{minutes // 60}h{minutes % 60:02d}m" if minutes >= 60 else f"{minutes}m{secs:02d}s"


def run(datasets, classifiers, technique_ids, repeats: int, scores_path: Path, profiles_path: Path,
        resume: bool, jobs: int) -> None:
    """Score every unit on every dataset not yet in ``scores_path``, printing progress as units finish."""
    scores_path.parent.mkdir(parents=True, exist_ok=True)
    if not resume:
        for path in (scores_path, profiles_path):
            path.unlink(missing_ok=True)
    known = set() if not profiles_path.exists() else set(pd.read_csv(profiles_path)["dataset"])
    for name in (d for d in datasets if d not in known):
        _append(profiles_path, pd.DataFrame([profile_row(name)], columns=["dataset", *PROFILE_COLUMNS]))
    done = done_units(scores_path)
    todo = [(d, u) for d in datasets for u in units(technique_ids) if not all((d, m) in done for m in u)]
    sizes = {d: weight(d) for d in datasets}
    total = len(datasets) * len(units(technique_ids))
    left, start, finished = sum(sizes[d] for d, _ in todo), time.perf_counter(), 0
    print(f"{total - len(todo)}/{total} units done before this run; {len(todo)} to go", flush=True)
    jobs_ = (delayed(run_unit)(d, u, tuple(classifiers), repeats) for d, u in todo)
    results = Parallel(n_jobs=jobs, return_as="generator")(jobs_)
    for count, ((name, members), rows) in enumerate(zip(todo, results), start=total - len(todo) + 1):
        _append(scores_path, pd.DataFrame(rows, columns=COLUMNS))
        finished += sizes[name]
        elapsed = time.perf_counter() - start
        eta = elapsed / finished * (left - finished)
        print(f"[{count}/{total}] {name} {'+'.join(members)}: {rows[0][7]:.1f} s; elapsed "
              f"{format_seconds(elapsed)}, ETA {format_seconds(eta)}", flush=True)


def _append(path: Path, frame: pd.DataFrame) -> None:
    frame.to_csv(path, mode="a", header=not path.exists(), index=False)


def estimate(datasets, classifiers, technique_ids, repeats: int, all_datasets) -> float:
    """Time every unit on one drawing of ``datasets`` and print the cost per fold and the full run's estimate
    (each unit's time per row scaled to every dataset's rows)."""
    per_row = {}
    for name in datasets:
        for members in units(technique_ids):
            start = time.perf_counter()
            run_unit(name, members, tuple(classifiers), 1)
            seconds = time.perf_counter() - start
            per_row.setdefault(members, []).append(seconds / weight(name))
            print(f"{name} {'+'.join(members)}: {seconds / FOLDS:.2f} s a fold ({len(classifiers)} classifiers)",
                  flush=True)
    rows = sum(weight(d) for d in all_datasets)
    total = sum(np.mean(v) for v in per_row.values()) * rows * repeats
    print(f"estimate: {format_seconds(total)} for {len(all_datasets)} datasets x {repeats} drawings x {FOLDS} folds "
          "on one worker", flush=True)
    return total


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a few small datasets, 2 classifiers, 3 techniques")
    parser.add_argument("--resume", action="store_true", help="keep the units already in the scores file")
    parser.add_argument("--estimate", action="store_true", help="time one drawing on a few datasets and stop")
    parser.add_argument("--neural", action="store_true", help="rank CTGAN and TVAE too (PyTorch, far slower)")
    parser.add_argument("--jobs", type=int, default=1, help="units run at once (processes)")
    parser.add_argument("--scores", type=Path, default=SCORES)
    parser.add_argument("--profiles", type=Path, default=PROFILES)
    parser.add_argument("--markdown", type=Path, default=ROOT / "docs" / "ranking.md")
    parser.add_argument("--table", type=Path, default=ROOT / "smote_core" / "data" / "ranking.csv")
    args = parser.parse_args(argv)
    if args.quick:
        datasets, classifiers, ids, repeats = (QUICK["datasets"], QUICK["classifiers"], list(QUICK["techniques"]),
                                               QUICK["repeats"])
    else:
        datasets, classifiers, ids, repeats = USABLE, CLASSIFIERS, techniques(args.neural), REPEATS
    if args.estimate:
        estimate(("ecoli1", "yeast1", "page_blocks0"), classifiers, ids, repeats, datasets)
        return
    run(datasets, classifiers, ids, repeats, args.scores, args.profiles, args.resume, args.jobs)
    ranking_report.write(args.scores, args.profiles, args.markdown, args.table, quick=args.quick,
                         protocol=protocol(classifiers, ids, repeats))


def protocol(classifiers, technique_ids, repeats: int) -> str:
    """The run's protocol in one paragraph, for the outputs."""
    return (f"Repeated stratified cross-validation, {FOLDS} folds x {repeats} drawings (seed {SEED}), datasets above "
            f"{MAX_ROWS} rows sampled to {MAX_ROWS} (stratified); classifiers {', '.join(classifiers)} (gradient "
            f"boosting at the check's sizing); categorical columns one-hot encoded; candidates: none, tuned "
            f"threshold, class weights, {', '.join(technique_ids)}. Not ranked: SMOTE-NC and SMOTE-N (they need the "
            "categorical columns the encoding removes); CTGAN and TVAE unless --neural (one fit on 1,187 rows of "
            "yeast1 took 29 s and 23 s here: about 3.5 h and 3 h for their 440 fits each).")


if __name__ == "__main__":
    main(sys.argv[1:])

"""The checked recommendation: the tree's pick against its neighbours and the baselines, on the user's data.

The decision tree explains; this module measures. :func:`check_advice` runs a leakage-safe
cross-validated comparison (:func:`smote_core.evaluation.evaluate`: every sampler sees training folds
only) of a few candidates -- the tree's pick, the other answers the tree could have given at the
same place, SMOTE, and the baselines ``none`` (no resampling) and ``class_weight`` -- and
:func:`choose` turns the scores into the one id to follow and one sentence saying why.

The rule of :func:`choose`, where "within the noise" of the best candidate means a mean score no
further below the best's than the standard error of their paired per-fold differences, or than
:data:`TIE`. The folds are the same for every candidate, and the standard error is Nadeau and
Bengio's corrected one (``sd * sqrt(1/J + n_test/n_train)`` over J folds): repeated cross-validation
trains on overlapping rows, so its folds are not independent and the plain ``sd / sqrt(J)`` would
call differences real that another drawing of the data would not repeat.

1. Not resampling is the starting point: when class weights, or else no resampling at all, is the
   best or within the noise of the best, it is recommended -- resampling has a cost (synthetic rows,
   distorted probabilities) and has to earn its place by a measurable gain. Class weights come first:
   they also move a model's default threshold, which no resampling leaves where it was.
2. Otherwise the tree's pick stands when it is the best or within the noise of the best.
3. Otherwise the best candidate is recommended.

The rule, the noise estimate and the number of drawings (:func:`repeats_for`) were chosen by a
nested evaluation on 20 real datasets (``python -m benchmarks.advice``, docs/advice.md): following
the checked advice had a lower regret than always SMOTE, always no resampling or always class
weights on PR-AUC and balanced accuracy, with logistic regression and with gradient boosting (for
boosting on PR-AUC by a margin that another choice of datasets often reverses).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from numbers import Integral
from typing import Callable

import numpy as np
import pandas as pd

from . import registry
from ._strata import stratified_sample
from .evaluation import BASELINES, MODELS, evaluate, get_metric, paired_gains
from .profile import K_NEIGHBORS

# The defaults, and why:
# - PR-AUC ranks the minority class without a decision threshold, so it judges what resampling can
#   change about a model rather than where its 0.5 cut-off happens to fall;
# - logistic regression is fast (the check must be quick) and is the kind of model whose boundary
#   resampling moves most; a boosted model can be asked for;
# - 5 folds, drawn more often the smaller the table (:func:`repeats_for`): on small tables a few
#   drawings decide by luck (the nested evaluation measured a lower regret with 10 drawings than with
#   3 on tables under ~1,700 rows, and no change above), while small tables are quick to refit.
DEFAULT_METRIC = "average_precision"
DEFAULT_MODEL = "logistic"
DEFAULT_FOLDS = 5
# Drawings of the folds: enough that every candidate is fitted on about REPEAT_ROWS rows' worth of
# test folds in all, within [MIN_REPEATS, MAX_REPEATS].
REPEAT_ROWS = 5_000
MIN_REPEATS, MAX_REPEATS = 3, 10
# Score differences this small count as ties whatever the folds say (every metric lies in [0, 1]).
TIE = 0.002
# Ways of not resampling, in the order rule 1 of the module docstring asks about them.
BASELINE_ORDER = ("class_weight", "none")
# Above this many labelled rows the check runs on a stratified sample of this size.
DEFAULT_MAX_ROWS = 5_000
# How neighbour-based samplers search during the check (see the samplers' ``neighbor_scaling``).
CHECK_SCALING = "robust"


@dataclass
class Check:
    """What the check measured and what it recommends.

    Attributes
    ----------
    tree_pick : str
        The technique the decision tree reached.
    candidates : list of str
        Ids compared: baselines first, then techniques.
    results : DataFrame
        The output of :func:`smote_core.evaluation.evaluate` (every metric, per fold).
    metric, model : str
        What the candidates were ranked on and which classifier was trained.
    cv, repeats : int
        Folds, and how many times they were drawn.
    n_rows, sample_size : int
        Labelled rows of the data and rows the check ran on (fewer when sampled).
    skipped : dict
        Candidate id -> why it was left out (it cannot run on this data, or failed on a fold).
    recommended : str
        The id to follow: a technique id, ``"none"`` or ``"class_weight"``.
    reason : str
        One sentence: why ``recommended``.
    """

    tree_pick: str
    candidates: list
    results: pd.DataFrame
    metric: str
    model: str
    cv: int
    repeats: int
    n_rows: int
    sample_size: int
    skipped: dict = field(default_factory=dict)
    recommended: str = ""
    reason: str = ""

    @property
    def sampled(self) -> bool:
        return self.sample_size < self.n_rows

    @property
    def drawn(self) -> str:
        """How often the folds were drawn, in words."""
        return "drawn once" if self.repeats == 1 else f"drawn {self.repeats} times"

    def ranking(self, metric: str | None = None) -> pd.DataFrame:
        """Candidates best first on ``metric`` (default: the check's): id, label, mean, std across folds."""
        return ranking(self.results, metric or self.metric)

    def recommend(self, metric: str) -> tuple[str, str]:
        """``(id, reason)`` by the same rule on another metric of the same runs (no new fits)."""
        return choose(self.results, self.tree_pick, metric)


def candidate_label(candidate: str) -> str:
    """The name people read for a candidate id: a technique's label or a baseline's."""
    return BASELINES[candidate] if candidate in BASELINES else registry.get(candidate).label


def repeats_for(n_rows: int) -> int:
    """How many times the check draws its folds for a table of ``n_rows`` rows: ``REPEAT_ROWS / n_rows``
    rounded up, at least :data:`MIN_REPEATS` and at most :data:`MAX_REPEATS`.

    >>> repeats_for(5000), repeats_for(1200), repeats_for(200)
    (3, 5, 10)
    """
    return int(np.clip(-(-REPEAT_ROWS // max(int(n_rows), 1)), MIN_REPEATS, MAX_REPEATS))


def noise(gains: np.ndarray, cv: int) -> float:
    """Corrected standard error of the mean of paired per-fold ``gains`` from repeated ``cv``-fold
    cross-validation (Nadeau and Bengio, 2003): ``sd * sqrt(1/J + 1/(cv - 1))`` over J folds, the second
    term being the test-to-training size ratio that accounts for the folds' overlapping training rows.

    >>> round(noise(np.array([0.01, 0.03, 0.02, 0.04, 0.00]), cv=5), 4)
    0.0106
    """
    gains = np.asarray(gains, dtype=float)
    return float(gains.std(ddof=1) * np.sqrt(1 / len(gains) + 1 / (cv - 1)))


def ranking(results: pd.DataFrame, metric: str) -> pd.DataFrame:
    """Candidates of an :func:`evaluate` result, best first on ``metric``."""
    info = get_metric(metric)
    rows = results[results["metric"] == metric][["technique", "mean", "std"]]
    rows = rows.sort_values("mean", ascending=not info.greater_is_better, kind="stable")
    rows = rows.rename(columns={"technique": "candidate"}).reset_index(drop=True)
    rows.insert(1, "label", [candidate_label(c) for c in rows["candidate"]])
    return rows


def choose(results: pd.DataFrame, tree_pick: str, metric: str) -> tuple[str, str]:
    """The candidate to follow and one sentence why (the rule is in the module docstring).

    Parameters
    ----------
    results : DataFrame
        Output of :func:`smote_core.evaluation.evaluate`, correct protocol.
    tree_pick : str
        The tree's technique; it may be absent from ``results`` (it could not run here).
    metric : str

    Returns
    -------
    (str, str)
    """
    name = get_metric(metric).label
    table = ranking(results, metric)
    best = table.iloc[0]["candidate"]
    tree = registry.get(tree_pick).label
    intro = f"The tree says {tree}" + ("" if tree_pick in set(table["candidate"]) else
                                       ", which cannot run on your data (see the caveats)")

    def versus(candidate: str) -> tuple[bool, str]:
        """Whether ``candidate`` is within the noise of the best, and the numbers that say so."""
        gains = paired_gains(results, best, metric, against=candidate)
        gap, spread = float(gains.mean()), noise(gains, results.attrs["cv"])
        numbers = (f"{name} {_mean(results, best, metric):.3f} vs {_mean(results, candidate, metric):.3f}, "
                   f"difference {gap:.3f} ± {spread:.3f}")
        return gap <= max(spread, TIE), numbers

    for baseline in BASELINE_ORDER:
        if baseline == best:
            return best, (f"{intro}; on your data {_described(best)} did best ({name} "
                          f"{_score(results, best, metric)} across {_folds(results)} folds){_dont_resample(best)}.")
        close, numbers = versus(baseline)
        if close:
            return baseline, (f"{intro}; on your data {_described(best)} scored highest, but {_described(baseline)} "
                              f"is within the fold-to-fold noise of it ({numbers}), so resampling did not "
                              f"measurably help{_dont_resample(baseline)}.")
    if best == tree_pick:
        return best, (f"{intro}, and on your data it also did best of the {len(table)} candidates ({name} "
                      f"{_score(results, best, metric)} across {_folds(results)} folds), so it is recommended.")
    if tree_pick in set(table["candidate"]):
        close, numbers = versus(tree_pick)
        if close:
            return tree_pick, (f"{intro}; on your data it is within the fold-to-fold noise of the best, "
                               f"{_described(best)} ({numbers}), so the tree's pick stands.")
        return best, f"{intro}; on your data {_described(best)} did better ({numbers}), so it is recommended instead."
    return best, f"{intro}; of the rest, {_described(best)} did best ({name} {_score(results, best, metric)})."


def _folds(results: pd.DataFrame) -> int:
    return len(results.iloc[0]["folds"])


def _described(candidate: str) -> str:
    plain = {"none": "no resampling", "class_weight": "class weights without resampling"}
    return plain.get(candidate) or registry.get(candidate).label


def _dont_resample(candidate: str) -> str:
    if candidate == "none":
        return (": don't resample (train on the data as it is, and move the decision threshold if you need more "
                "minority recall)")
    return ": don't resample, weight the classes instead (class_weight='balanced')"


def _mean(results: pd.DataFrame, candidate: str, metric: str) -> float:
    row = results[(results["technique"] == candidate) & (results["metric"] == metric)]
    return float(row["mean"].iloc[0])


def _score(results: pd.DataFrame, candidate: str, metric: str) -> str:
    row = results[(results["technique"] == candidate) & (results["metric"] == metric)].iloc[0]
    return f"{row['mean']:.3f} ± {row['std']:.3f}"


def check_advice(frame: pd.DataFrame, target: str, tree_pick: str, candidates, *, metric: str = DEFAULT_METRIC,
                 model=DEFAULT_MODEL, cv: int = DEFAULT_FOLDS, repeats: int | None = None,
                 max_rows: int = DEFAULT_MAX_ROWS,
                 params: dict | None = None, random_state: int = 0,
                 progress: Callable[[int, int, str], None] | None = None) -> Check:
    """Compare ``candidates`` (and the baselines) on ``frame`` and choose what to follow.

    Parameters
    ----------
    frame : DataFrame
        Complete rows (no missing values) of the feature columns and ``target``.
    target : str
    tree_pick : str
        The tree's technique.
    candidates : sequence of str
        Technique ids to compare; those that fail on a fold are left out and listed in ``skipped``.
    metric : str, default="average_precision"
        Metric the choice is made on (see :data:`smote_core.evaluation.METRICS`).
    model : str or classifier, default="logistic"
        See :func:`smote_core.evaluation.make_model`.
    cv : int, default=5
        Stratified folds (lowered to the smallest class's size when it has fewer rows).
    repeats : int, optional
        Times the folds are drawn anew (repeated stratified k-fold); default :func:`repeats_for` the
        rows checked.
    max_rows : int, default=5000
        Larger data is checked on a stratified sample of this many rows.
    params : dict, optional
        Technique id -> parameters for :func:`smote_core.registry.make`.
    random_state : int, default=0
    progress : callable, optional
        ``progress(done, total, text)`` after every fit.

    Returns
    -------
    Check
    """
    get_metric(metric)
    if isinstance(max_rows, bool) or not isinstance(max_rows, Integral) or max_rows < 2 * cv:
        raise ValueError(f"max_rows={max_rows!r} must be an integer of at least {2 * cv} (twice the folds).")
    if not isinstance(model, str) or model in MODELS:
        model_name = model if isinstance(model, str) else type(model).__name__
    else:
        raise ValueError(f"unknown model {model!r}; choose one of {list(MODELS)} or pass a scikit-learn classifier.")
    y_all = frame[target].to_numpy()
    codes = pd.factorize(y_all, sort=True)[0]
    rows = stratified_sample(codes, max_rows, np.random.RandomState(random_state), min_per_class=K_NEIGHBORS + 1)
    X = frame.drop(columns=[target]).iloc[rows].reset_index(drop=True)
    y = y_all[rows]
    folds = int(min(cv, np.bincount(codes[rows]).min()))
    if folds < 2:
        raise ValueError("the smallest class has fewer than 2 rows: there is nothing to cross-validate; "
                         "add rows of that class.")
    candidates = list(dict.fromkeys(c for c in candidates if c not in BASELINES))
    repeats = repeats_for(len(rows)) if repeats is None else repeats
    results = evaluate(X, y, candidates, model=model, cv=folds, repeats=repeats, random_state=random_state,
                       progress=progress, params=params, n_jobs=2, errors="skip")
    skipped = dict(results.attrs.get("skipped", {}))
    recommended, reason = choose(results, tree_pick, metric)
    return Check(tree_pick=tree_pick, candidates=[*BASELINES, *[c for c in candidates if c not in skipped]],
                 results=results, metric=metric, model=model_name, cv=folds, repeats=repeats, n_rows=len(frame),
                 sample_size=len(rows), skipped=skipped, recommended=recommended, reason=reason)

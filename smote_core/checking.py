"""The checked recommendation: the tree's pick against its neighbours and the baselines, on the user's data.

The decision tree explains; this module measures. :func:`check_advice` runs a leakage-safe
cross-validated comparison (:func:`smote_core.evaluation.evaluate`: every sampler sees training folds
only) of a few candidates -- the tree's pick, the other answers the tree could have given at the
same place, SMOTE, and the baselines ``none`` (no resampling) and ``class_weight`` -- and
:func:`choose` turns the scores into the one id to follow and one sentence saying why.

The rule of :func:`choose`, where "within the noise" of the best candidate means a mean score no
further below the best's than the standard error of their paired per-fold differences (the folds
are the same for every candidate), or than :data:`TIE`:

1. Not resampling is the starting point: when no resampling, or else class weights, is the best or
   within the noise of the best, it is recommended -- resampling has a cost (synthetic rows,
   distorted probabilities) and has to earn its place by a measurable gain.
2. Otherwise the tree's pick stands when it is the best or within the noise of the best.
3. Otherwise the best candidate is recommended.

The rule was chosen by a nested evaluation on real data (``python -m benchmarks.advice``): with
logistic regression following it has a lower regret than always SMOTE, always no resampling or
always class weights on PR-AUC and balanced accuracy; with gradient boosting it does on balanced
accuracy but not (yet) on PR-AUC, where always SMOTE did slightly better (docs/advice.md).
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
# - 5 folds drawn 3 times give 15 paired differences per candidate: on small tables one drawing of
#   the folds decides by luck (the nested evaluation measured a higher regret with one drawing than
#   with three), and three stay within seconds on the sampled rows.
DEFAULT_METRIC = "average_precision"
DEFAULT_MODEL = "logistic"
DEFAULT_FOLDS = 5
DEFAULT_REPEATS = 3
# Score differences this small count as ties whatever the folds say (every metric lies in [0, 1]).
TIE = 0.002
# Ways of not resampling, simplest first (rule 1 of the module docstring).
BASELINE_ORDER = ("none", "class_weight")
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
        gap, noise = float(gains.mean()), float(gains.std(ddof=1) / np.sqrt(len(gains)))
        numbers = (f"{name} {_mean(results, best, metric):.3f} vs {_mean(results, candidate, metric):.3f}, "
                   f"difference {gap:.3f} ± {noise:.3f}")
        return gap <= max(noise, TIE), numbers

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
                 model=DEFAULT_MODEL, cv: int = DEFAULT_FOLDS, repeats: int = DEFAULT_REPEATS,
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
    repeats : int, default=3
        Times the folds are drawn anew (repeated stratified k-fold).
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
    results = evaluate(X, y, candidates, model=model, cv=folds, repeats=repeats, random_state=random_state,
                       progress=progress, params=params, n_jobs=2, errors="skip")
    skipped = dict(results.attrs.get("skipped", {}))
    recommended, reason = choose(results, tree_pick, metric)
    return Check(tree_pick=tree_pick, candidates=[*BASELINES, *[c for c in candidates if c not in skipped]],
                 results=results, metric=metric, model=model_name, cv=folds, repeats=repeats, n_rows=len(frame),
                 sample_size=len(rows), skipped=skipped, recommended=recommended, reason=reason)

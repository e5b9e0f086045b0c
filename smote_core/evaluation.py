"""Does resampling help? A leakage-safe comparison of techniques beside the ways of not resampling, and its verdict.

Every technique is scored on the same folds by :func:`smote_core.crossval.cross_validate`. Inside a fold
the sampler sees the training rows only; the test rows are never resampled, so the scores estimate what
happens on new, real data. The ``leaky=True`` mode resamples *before* splitting, the common mistake, and
exists only to show how much it inflates the scores; its rows are labelled ``protocol="leaky"``.

The ways of not resampling are always compared: the model as it is (``none``), with its decision
threshold tuned for each threshold metric (``threshold``, two classes only) and with the classes
weighted (``class_weight``). The metrics are those of :mod:`smote_core.metrics`. The verdict applies the
same rule as the advice (:mod:`smote_core.choice`), so Compare and the advice never disagree on the
same scores.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Callable

import numpy as np
import pandas as pd
from sklearn.base import clone

from . import registry
from ._validation import check_target
from ._workers import worker_processes
from .candidates import BASELINES, Candidate, baseline, from_sampler, technique
from .choice import Choice, calibration_change, choose
from .candidates import scaled_params
from .check import planned_rows, protocol_text
from .crossval import DEFAULT_MAX_ROWS, Scores, cross_validate, make_folds, noise
from .metrics import METRICS, GOALS, get_metric, sign
from .models import MODELS, make_model

__all__ = ["BASELINES", "GOALS", "METRICS", "MODELS", "PROTOCOLS", "Verdict", "compare", "evaluate", "fold_values",
           "compare_table", "get_metric", "make_model", "pivot", "reliability", "scores_of", "verdict"]

PROTOCOLS = {
    "correct": "resampled inside each training fold",
    "leaky": "LEAKY: resampled before splitting; scores are inflated and must not be trusted",
}
# parameters left out of a technique's label: the seed, and how neighbours are searched (recorded in the
# results' attrs["neighbor_scaling"] instead, so that a comparison run wholly on scaled searches does
# not repeat it on every row)
_LABEL_SKIPS = ("random_state", "neighbor_scaling")


def comparison_candidates(techniques, params=None, n_classes: int = 2) -> list[Candidate]:
    """The ways of not resampling first (a tuned threshold for two classes only), then each technique once.

    ``techniques`` holds registry ids or sampler objects; ``params`` maps ids to their parameters.
    """
    params = params or {}
    unknown = sorted(set(params) - {t for t in techniques if isinstance(t, str)})
    if unknown:
        raise ValueError(f"params given for {unknown}, which are not among the techniques; "
                         "key params by the technique ids you pass.")
    found = [baseline(b) for b in BASELINES if b != "threshold" or n_classes == 2]
    seen, labels = set(BASELINES), set(BASELINES.values())
    for item in techniques:
        if isinstance(item, str):
            if item in seen:
                continue
            candidate = technique(item, params.get(item, {}))
        elif hasattr(item, "fit_resample"):
            candidate = from_sampler(item, "", "")
        else:
            known = ", ".join(t.id for t in registry.techniques())
            raise ValueError(f"technique {item!r} is neither a technique id nor a sampler with fit_resample; "
                             f"use one of: {known}.")
        sampler = candidate.sampler
        base = candidate.technique or type(sampler).__name__
        name = registry.get(base).label if candidate.technique else type(sampler).__name__
        label = _label(name, _changed_params(sampler, _LABEL_SKIPS))
        if label in labels:  # the same technique twice: tell them apart by every changed parameter
            label = _label(name, _changed_params(sampler, ("random_state",)))
        labels.add(label)
        key, n = base, 2
        while key in seen:
            key, n = f"{base}-{n}", n + 1
        seen.add(key)
        found.append(Candidate(key, label, candidate.technique, sampler))
    return found


def _label(name: str, changed: str) -> str:
    return f"{name} ({changed})" if changed else name


def _changed_params(sampler, skip) -> str:
    """The sampler's parameters that differ from its defaults (those in ``skip`` aside), as ``k=v`` text."""
    parameters = inspect.signature(type(sampler).__init__).parameters.items()
    defaults = {name: p.default for name, p in parameters if p.default is not inspect.Parameter.empty}
    entries = {t.id: t for t in registry.techniques()}
    if getattr(sampler, "_technique", None) in entries:
        defaults.update(entries[sampler._technique].defaults)
    return ", ".join(f"{name}={value!r}" for name, value in sampler.get_params(deep=False).items()
                     if name not in skip and repr(value) != repr(defaults.get(name)))


def compare(X, y, techniques=("smote",), model="logistic", cv=5, repeats=1, random_state=0,
            progress: Callable[[int, int, str], None] | None = None, params=None, n_jobs=None,
            errors="raise", for_check=False, known: Scores | None = None, sample_weight=None) -> Scores:
    """Cross-validated scores of ``techniques`` beside the ways of not resampling (see :func:`evaluate`)."""
    y = check_target(y)
    candidates = comparison_candidates(list(techniques), params, len(np.unique(y)))
    return cross_validate(X, y, candidates, model=model, cv=cv, repeats=repeats, random_state=random_state,
                          for_check=for_check, progress=progress, n_jobs=n_jobs, errors=errors, known=known,
                          sample_weight=sample_weight)


def evaluate(X, y, techniques=("smote",), model="logistic", cv=5, repeats=1, random_state=0,
             progress: Callable[[int, int, str], None] | None = None, leaky=False, params=None,
             n_jobs=None, errors="raise", for_check=False, known: Scores | None = None,
             sample_weight=None) -> pd.DataFrame:
    """Cross-validated comparison of resampling techniques against the ways of not resampling.

    Parameters
    ----------
    X : array-like or DataFrame of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    techniques : iterable of str or samplers, default=("smote",)
        Registry ids (``"smote"``, ``"smote-enn"``, ...) or sampler objects (cloned per fold). The
        baselines ``none``, ``threshold`` (two classes) and ``class_weight`` are always added first.
    model : str or classifier, default="logistic"
        See :func:`smote_core.models.make_model`.
    cv : int or list of (train, test), default=5
        Number of stratified folds, or the folds themselves as pairs of row-position arrays (e.g. the
        outer folds of a nested evaluation); ``repeats`` must then be 1.
    repeats : int, default=1
        Number of times the folds are drawn anew (repeated stratified k-fold).
    random_state : int, default=0
        Seeds the folds and every sampler or model whose own ``random_state`` is None.
    progress : callable, optional
        Called as ``progress(done, total, text)`` after each candidate is scored on a fold.
    leaky : bool, default=False
        Resample the whole data set first, then split it: the mistake, shown only for teaching.
    params : dict, optional
        Technique id -> parameters for :func:`smote_core.registry.make`.
    n_jobs : int, optional
        Fits to run in parallel (joblib threads; each fit runs on one thread).
    errors : {"raise", "skip"}, default="raise"
        What a technique that fails on a fold does: stop the comparison, or be left out and recorded in
        ``attrs["skipped"]``.
    for_check : bool, default=False
        Size a named model as the advice's check does (:mod:`smote_core.models`).
    known : Scores, optional
        An earlier run on the same rows and folds (the advice's check): what it scored is not fitted again.
    sample_weight : array-like of shape (n_samples,), optional
        One weight per row: carried through resampling to the model, and every score weighted (see
        :func:`smote_core.crossval.cross_validate`).

    Returns
    -------
    DataFrame
        One row per candidate and metric (see :meth:`smote_core.crossval.Scores.results`); ``attrs``
        records the model, cv, repeats, protocol, minority class, the sampler settings and a digest of the
        weights (``"weights"``, "" without them).
    """
    if leaky:  # the ways of not resampling as they are; every technique resampled before splitting
        scores = compare(X, y, (), model, cv, repeats, random_state, progress, None, n_jobs, errors, for_check,
                         sample_weight=sample_weight)
        techniques = [c for c in comparison_candidates(list(techniques), params, len(scores.classes))
                      if c.resamples]
        frame = _with_leaky_rows(scores, techniques, X, y, model, random_state, sample_weight)
    else:
        scores = compare(X, y, techniques, model, cv, repeats, random_state, progress, params, n_jobs, errors,
                         for_check, known, sample_weight)
        frame = scores.results()
    protocol = "leaky" if leaky else "correct"
    frame.attrs.update({
        "model": scores.model, "for_check": scores.for_check, "cv": scores.cv, "repeats": scores.repeats,
        "random_state": random_state,
        "protocol": protocol, "protocol_text": PROTOCOLS[protocol], "minority": scores.minority,
        "classes": list(scores.classes),
        "n_rows": len(check_target(y)), "skipped": dict(scores.skipped), "weights": scores.weights,
        "neighbor_scaling": {c.id: c.sampler.neighbor_scaling for c in scores.candidates
                             if getattr(c.sampler, "neighbor_scaling", None) is not None},
    })
    return frame


def compare_table(frame: pd.DataFrame, target: str, techniques=("smote",), *, model="logistic", cv: int = 5,
                  repeats: int | None = None, max_rows: int = DEFAULT_MAX_ROWS, random_state: int = 0, params=None,
                  progress: Callable[[int, int, str], None] | None = None, leaky: bool = False,
                  n_jobs: int | None = None, known: Scores | None = None, weight=None) -> pd.DataFrame:
    """:func:`evaluate` on a table with the advice's protocol: the same rows (a stratified sample above
    ``max_rows``), folds, drawings, neighbour searches on scaled columns and model sizing as the check
    (:func:`smote_core.crossval.plan`), so a candidate the check also ran scores the same here.

    ``frame`` holds complete rows of the feature columns and ``target`` (and ``weight``, the name of a
    column of sample weights, which is then not a feature and weights every score); a technique that
    fails on a fold is left out (``attrs["skipped"]`` says why). ``attrs["protocol_text"]`` says how it
    ran, ``attrs["weight"]`` names the weight column. ``n_jobs``: worker processes, by default as many as
    the cores and memory allow (:func:`smote_core._workers.worker_processes`).

    Raises
    ------
    ValueError
        For a weight column that is the target, is missing, or holds text, missing, infinite or negative
        weights.
    """
    chosen, X, y, w = planned_rows(frame, target, weight, cv, repeats, max_rows, random_state, model)
    params = params or {}
    scaled = {t: {**scaled_params(t), **params.get(t, {})} for t in techniques if isinstance(t, str)
              and t not in BASELINES}
    results = evaluate(X, y, techniques, model=model, cv=chosen.cv, repeats=chosen.repeats,
                       random_state=random_state, progress=progress, leaky=leaky, params=scaled,
                       n_jobs=n_jobs if n_jobs is not None else worker_processes(),
                       errors="skip", for_check=True, known=known, sample_weight=w)
    correct = scores_of(results[results["protocol"] == "correct"])
    results.attrs.update({"n_rows": len(frame), "sample_size": len(chosen.rows), "weight": weight,
                          "protocol_text": protocol_text(correct, len(chosen.rows), len(frame), weight)})
    return results


def _with_leaky_rows(scores: Scores, techniques: list, X, y, model, random_state, sample_weight) -> pd.DataFrame:
    """The ways of not resampling as ``scores`` has them, and each technique resampled (with the weights, when
    given) before splitting."""
    y = check_target(y)
    X = X if isinstance(X, pd.DataFrame) else np.asarray(X)
    seed = int(np.random.RandomState(random_state).randint(np.iinfo(np.int32).max))
    rows = [scores.results()]
    for candidate in techniques:
        sampler = candidate.sampler
        if "random_state" in sampler.get_params(deep=False) and sampler.random_state is None:
            sampler = clone(sampler).set_params(random_state=seed)
        try:
            resampled = sampler.fit_resample(X, y, **({} if sample_weight is None else {"sample_weight": sample_weight}))
        except ValueError as exc:
            raise ValueError(f"{candidate.label} failed on the whole data: {exc}") from None
        X_res, y_res, w_res = resampled if sample_weight is not None else (*resampled, None)
        y_res = np.asarray(y_res)
        folds = make_folds(y_res, scores.cv, scores.repeats, random_state)
        leaked = cross_validate(X_res, y_res, [Candidate(candidate.id, f"{candidate.label} [leaky]")], model=model,
                                cv=folds, random_state=random_state, sample_weight=w_res).results()
        rows.append(leaked.assign(protocol="leaky"))
    return pd.concat(rows, ignore_index=True)


def scores_of(results: pd.DataFrame) -> Scores:
    """The :class:`Scores` behind an :func:`evaluate` table (correct protocol), to judge it again."""
    if (results["protocol"] == "leaky").any():
        raise ValueError("these results come from the leaky protocol (resampled before splitting), whose scores are "
                         "inflated; judge the results of evaluate(..., leaky=False) instead.")
    candidates, values = [], {}
    for candidate_id, rows in results.groupby("technique", sort=False):
        known = candidate_id.removesuffix("+threshold")
        known = known if known in {t.id for t in registry.techniques()} else None
        candidates.append(Candidate(candidate_id, rows["label"].iloc[0], known,
                                    class_weight=candidate_id == "class_weight",
                                    threshold=candidate_id == "threshold" or candidate_id.endswith("+threshold")))
        values[candidate_id] = {row.metric: np.asarray(row.folds, dtype=float) for row in rows.itertuples()}
    attrs = results.attrs
    classes = np.asarray(attrs.get("classes", [0, 1]))
    return Scores(candidates, values, {}, {}, [], attrs.get("cv", 5), attrs.get("repeats", 1), classes,
                  attrs.get("minority"), attrs.get("model", ""), attrs.get("for_check", False),
                  dict(attrs.get("skipped", {})), weights=attrs.get("weights", ""))


def fold_values(results: pd.DataFrame) -> pd.DataFrame:
    """The per-fold scores of :func:`evaluate` in long form: technique, metric, fold, value."""
    long = results[["technique", "label", "protocol", "metric", "folds"]].explode("folds", ignore_index=True)
    long = long.rename(columns={"folds": "value"})
    long["value"] = long["value"].astype(float)
    long.insert(4, "fold", long.groupby(["technique", "protocol", "metric"]).cumcount())
    return long


def pivot(results: pd.DataFrame, value: str = "mean") -> pd.DataFrame:
    """Candidates as rows, metrics as columns (``value``: ``"mean"``, ``"se"`` or ``"std"``), in evaluation order."""
    table = results.pivot_table(index="label", columns="metric", values=value, sort=False)
    return table[[m.id for m in METRICS if m.id in table.columns]]


@dataclass
class Verdict:
    """What a comparison says, in numbers and in plain words.

    Attributes
    ----------
    metric : str
    choice : Choice
        The rule of :mod:`smote_core.choice` on ``metric`` (the advice's rule).
    best : str or None
        The best-scoring candidate other than ``none`` (None when nothing scored above it).
    best_label : str
    baseline, score : float
        Mean score of ``none`` and of ``best``.
    gain, spread : float
        Mean paired per-fold gain of ``best`` over ``none``, and its corrected standard error.
    clear : bool
        Whether the gain is beyond the noise (``none`` is not within the noise of ``best``).
    brier_change : float
        Brier score of ``best`` minus that of ``none`` (positive: worse calibrated).
    calibration : str
        ``"worse"``, ``"better"`` or ``"unchanged"`` (see :func:`calibration_change`).
    text : str
        The verdict in plain words, every number from the scores.
    """

    metric: str
    choice: Choice
    best: str | None
    best_label: str
    baseline: float
    score: float
    gain: float
    spread: float
    clear: bool
    brier_change: float
    calibration: str
    text: str


def verdict(results, metric: str = "average_precision") -> Verdict:
    """Judge a comparison (an :func:`evaluate` table or its :class:`Scores`) on ``metric`` by the advice's rule.

    Raises
    ------
    ValueError
        For leaky results (their scores are inflated) or an unknown metric.
    """
    get_metric(metric)
    scores = results if isinstance(results, Scores) else scores_of(results)
    choice = choose(scores, metric)
    others = [c for c in choice.table["candidate"] if c != "none"]
    best = max(others, key=lambda c: sign(metric) * scores.mean(c, metric), default=None)
    gains = scores.gains(best, "none", metric) if best else np.zeros(1)
    gain, spread = float(gains.mean()), noise(gains, scores.cv)
    beat = best is not None and sign(metric) * (scores.mean(best, metric) - scores.mean("none", metric)) > 0
    brier_change = scores.mean(best, "brier") - scores.mean("none", "brier") if best else 0.0
    calibration = calibration_change(scores, best) if best else "unchanged"
    sentences = [choice.reason, choice.certainty, *choice.notes]
    if metric != "brier" and best and calibration != "unchanged" and choice.recommended != "none":
        before, after = scores.mean("none", "brier"), scores.mean(choice.recommended, "brier")
        if calibration_change(scores, choice.recommended) == "worse":
            sentences.append(f"{choice.row(choice.recommended)['label']} made the probabilities worse (Brier score "
                             f"{before:.3f} → {after:.3f}): recalibrate before reading them as probabilities.")
    label = choice.row(best)["label"] if best else ""
    return Verdict(metric, choice, best if beat else None, label, scores.mean("none", metric),
                   scores.mean(best, metric) if best else scores.mean("none", metric), gain, spread,
                   beat and not choice.row("none")["within_noise"], float(brier_change), calibration,
                   " ".join(sentences))


def reliability(scores: Scores, candidate_id: str, bins: int = 10) -> pd.DataFrame:
    """How far a candidate's predicted probabilities of the minority can be trusted: its test folds'
    predictions pooled and cut into ``bins`` equal-width bins of predicted probability, each with the
    mean prediction, the share of rows that really were of the minority, and the rows in it (empty bins
    left out). Two classes only.
    """
    if len(scores.classes) != 2:
        raise ValueError("a reliability curve needs two classes; this comparison has "
                         f"{len(scores.classes)}.")
    ran = [(p, y) for p, y in zip(scores.probabilities[candidate_id], scores.y_test) if p is not None]
    predicted = np.concatenate([p for p, _ in ran]).astype(float)
    observed = np.concatenate([y == scores.minority for _, y in ran]).astype(float)
    which = np.clip((predicted * bins).astype(int), 0, bins - 1)
    rows = np.bincount(which, minlength=bins)
    kept = rows > 0
    return pd.DataFrame({
        "predicted": (np.bincount(which, weights=predicted, minlength=bins)[kept] / rows[kept]),
        "observed": (np.bincount(which, weights=observed, minlength=bins)[kept] / rows[kept]),
        "rows": rows[kept],
    })

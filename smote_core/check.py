"""The check: the tree's pick, its neighbours on the tree and the ways of not resampling, cross-validated on
the user's own table.

:func:`run_check` takes the labelled rows the profile used (:func:`check_frame`), samples large tables,
and scores the candidates with :func:`smote_core.crossval.cross_validate`: racing on, a named model sized
for the check, and, with gradient boosting or a model passed in, the best technique also tried with a tuned
threshold (:data:`THRESHOLD_TWIN_MODELS`). Where a model's scores come in coarse steps (k-nearest
neighbours) or resampling reshapes its trees (gradient boosting), a sampler with a moved threshold can be
what wins: in the nested advice benchmark with
gradient boosting the held-out winners on balanced accuracy were often such a pair, and with the twin the
advice's regret fell from 0.0485 to 0.0431 there and from 0.0572 to 0.0548 on F1 (docs/advice.md,
section 6). Logistic regression and the forest leave the twin out; the threshold for the rows as they are
is always tried. The twin costs inner fits on resampled rows per fold (a quarter of the logistic check,
where it gained nothing: without it the logistic advice's regret stayed the same on PR-AUC and the Brier
score and fell slightly on balanced accuracy and F1). The protocol is the one the
dashboard's Compare page and the command line use, so one table gives one set of numbers. The
:class:`Check` holds every metric of every fit; :meth:`Check.choice` applies the rule of
:mod:`smote_core.choice` to any of them without fitting again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable

import pandas as pd

from ._validation import check_target
from ._workers import worker_processes
from .choice import Choice, choose
from .crossval import DEFAULT_FOLDS, DEFAULT_MAX_ROWS, Scores, cross_validate, plan
from .candidates import SCALING
from .models import CHECK_SIZING, MODELS, describe_model, model_name, threshold_folds
from .tables import weight_column

# Named models whose check also tries the sampler with the best PR-AUC after the first drawing with a tuned
# threshold ("<technique>+threshold"); a model passed in always does (why: the module docstring).
THRESHOLD_TWIN_MODELS = ("hist_gradient_boosting",)


def tries_threshold_twin(model) -> bool:
    """Whether the check of ``model`` (a name or a classifier) adds the best sampler's tuned-threshold twin."""
    name = model_name(model)
    return name not in MODELS or name in THRESHOLD_TWIN_MODELS


@dataclass
class Check:
    """What the check measured.

    Attributes
    ----------
    scores : Scores
        Every candidate's per-fold scores on every metric.
    tree_pick : str
        The technique the decision tree reached.
    n_rows, sample_size : int
        Labelled rows of the data, and rows the check ran on (fewer when sampled).
    smallest_class : int
        Rows of the smallest class in the data.
    weight : str or None
        The column of sample weights the scores are weighted by.
    """

    scores: Scores
    tree_pick: str
    n_rows: int
    sample_size: int
    smallest_class: int
    weight: str | None = None
    _choices: dict = field(default_factory=dict, repr=False)

    @cached_property
    def results(self) -> pd.DataFrame:
        """Every candidate and metric as a table (see :meth:`smote_core.crossval.Scores.results`)."""
        return self.scores.results()

    @property
    def model(self) -> str:
        return self.scores.model

    @property
    def cv(self) -> int:
        return self.scores.cv

    @property
    def repeats(self) -> int:
        return self.scores.repeats

    @property
    def skipped(self) -> dict:
        return self.scores.skipped

    @property
    def candidates(self) -> list:
        """Ids of the candidates that were scored."""
        return self.scores.ids

    @property
    def sampled(self) -> bool:
        return self.sample_size < self.n_rows

    def choice(self, metric: str) -> Choice:
        """The rule applied on ``metric`` (computed once per metric; never fits again)."""
        if metric not in self._choices:
            self._choices[metric] = choose(self.scores, metric, self.tree_pick, self.smallest_class)
        return self._choices[metric]

    def ranking(self, metric: str) -> pd.DataFrame:
        """Candidates best first on ``metric``: ``candidate``, ``label``, ``mean``, ``se`` and the rest of
        :attr:`smote_core.choice.Choice.table`."""
        return self.choice(metric).table

    def protocol_text(self) -> str:
        """How the check was run, in one sentence."""
        return protocol_text(self.scores, self.sample_size, self.n_rows, self.weight)


def check_frame(df: pd.DataFrame, profile, weight=None) -> pd.DataFrame:
    """The labelled rows of the columns the profile can use, complete (numbers: median; categories: most
    frequent value), with the columns the profile counts as categorical held as text, and the column of
    sample weights ``weight`` (when given) as it is.

    ``profile`` is the :class:`smote_core.profile.DatasetProfile` of ``df`` (without the weight column).
    """
    used = profile.numeric_columns + profile.categorical_columns
    kept = used + [profile.target] + ([] if weight is None else [weight])
    frame = df.loc[df[profile.target].notna(), kept].reset_index(drop=True)
    for name in profile.numeric_columns:
        if frame[name].isna().any():
            frame[name] = frame[name].fillna(frame[name].median())
    for name in profile.categorical_columns:
        column = frame[name]
        if column.isna().any():
            column = column.fillna(column.mode().iloc[0])
        if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
            column = column.astype(str)
        frame[name] = column
    return frame


def run_check(frame: pd.DataFrame, target: str, tree_pick: str, candidates, *, model="logistic",
              cv: int = DEFAULT_FOLDS, repeats: int | None = None, max_rows: int = DEFAULT_MAX_ROWS,
              random_state: int = 0, progress: Callable[[int, int, str], None] | None = None,
              n_jobs: int | None = None, weight=None) -> Check:
    """Score ``candidates`` on ``frame`` (complete rows of the features and ``target``, and ``weight``).

    Parameters
    ----------
    frame : DataFrame
    target : str
    tree_pick : str
        The tree's technique (it may be missing from ``candidates``: it could not run here).
    candidates : list of Candidate
        See :func:`smote_core.candidates.for_check`; one that fails on a fold is left out, with why.
    model : str or classifier, default="logistic"
    cv : int, default=5
        Stratified folds (lowered to the smallest class's size when it has fewer rows).
    repeats : int, optional
        Drawings of the folds; default :func:`smote_core.crossval.repeats_for` the rows checked.
    max_rows : int, default=5000
        Larger data is checked on a stratified sample of this many rows.
    random_state : int, default=0
    progress : callable, optional
        ``progress(done, total, text)`` after every candidate is scored on a fold.
    n_jobs : int, optional
        Worker processes training folds at once; default as many as the cores and memory allow
        (:func:`smote_core._workers.worker_processes`).
    weight : str, optional
        The column of sample weights: not a feature; training rows carry their weights through resampling
        to the model and every score is weighted (:func:`smote_core.crossval.cross_validate`).

    Raises
    ------
    ValueError
        For a weight column that is the target, is missing, or holds text, missing, infinite or negative
        weights.
    """
    chosen, X, y, w = planned_rows(frame, target, weight, cv, repeats, max_rows, random_state, model)
    scores = cross_validate(X, y, candidates, model=model, cv=chosen.cv, repeats=chosen.repeats,
                            random_state=random_state, race=True,
                            threshold_best=tries_threshold_twin(model), for_check=True,
                            progress=progress, n_jobs=n_jobs if n_jobs is not None else worker_processes(),
                            errors="skip", sample_weight=w)
    return Check(scores, tree_pick, len(frame), len(chosen.rows), chosen.smallest_class, weight)


def planned_rows(frame: pd.DataFrame, target, weight, cv, repeats, max_rows, random_state, model):
    """The rows of ``frame`` the check and Compare score: ``(plan, X, y, w)``, the
    :func:`smote_core.crossval.plan` and its rows' features, labels and weights (``w`` None without a
    ``weight`` column; the weight column is no feature).

    Raises
    ------
    ValueError
        For a weight column that is the target, is missing, or holds text, missing, infinite or negative
        weights, and what :func:`smote_core.crossval.plan` refuses.
    """
    w_all = None if weight is None else weight_column(frame, target, weight).to_numpy(dtype=float)
    y_all = check_target(frame[target])
    chosen = plan(y_all, cv, repeats, max_rows, random_state, model)
    X = frame.drop(columns=[target] if weight is None else [target, weight]).iloc[chosen.rows].reset_index(drop=True)
    return chosen, X, y_all[chosen.rows], None if w_all is None else w_all[chosen.rows]


def protocol_text(scores: Scores, sample_size: int, n_rows: int, weight=None) -> str:
    """How a comparison was run, in one sentence (the same words for the check and Compare); ``weight``
    names the column of sample weights the scores are weighted by."""
    sample = (f"a stratified sample of {sample_size:,} of {n_rows:,} rows" if sample_size < n_rows
              else f"all {n_rows:,} rows")
    drawn = {1: "drawn once", 2: "drawn twice"}.get(scores.repeats, f"drawn {scores.repeats} times")
    sized = f" ({CHECK_SIZING[scores.model]})" if scores.for_check and scores.model in CHECK_SIZING else ""
    inner = threshold_folds(scores.model, scores.for_check)
    tuned = f", thresholds tuned on {inner} inner folds" if any(c.threshold for c in scores.candidates) else ""
    return (f"{describe_model(scores.model)}{sized}, {scores.cv}-fold stratified cross-validation {drawn} on "
            f"{sample}, resampling inside the training folds only, neighbours searched on {SCALING}-scaled columns"
            + tuned + ("" if weight is None else f"; scores weighted by column {weight!r}"))

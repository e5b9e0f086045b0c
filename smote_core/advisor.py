"""The advice: which technique fits a table, why, whether it measurably helps, and the estimator to use.

:func:`advise` walks one way, one module a step, and no step calls back into one before it::

    profile (smote_core.profile)        measured facts of the table
      -> tree (smote_core.walk)         the article's decision tree answered from them: the explanation
      -> caveats (smote_core.caveats)   what the measurements support saying about the tree's answer
      -> candidates (smote_core.candidates)  the tree's pick, its neighbours, the ways of not resampling,
                                        and, with logistic regression, the leaders on similar public
                                        datasets (smote_core.evidence)
      -> scores (smote_core.check, .crossval)  every candidate cross-validated on the table, every metric
      -> choice (smote_core.choice)     the rule: the best mean, a simpler candidate only within TIE of it
      -> Advice (here)                  the tree's answer and the checked recommendation, with reasons
      -> pipeline (smote_core.pipeline) the recommendation as one unfitted scikit-learn classifier

The tree explains; the check decides. The recommendation is judged by what it does to the model on
held-out rows, and "don't resample" (the model as it is, a tuned threshold, class weights) is always a
candidate. docs/advice.md has the rule's evidence on real data.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Callable

import pandas as pd

from . import registry
from .advice_text import render_advice
from .candidates import for_check, label_of, parse, scaled_params
from .caveats import tree_caveats
from .check import Check, check_frame, run_check
from .choice import Choice, calibration_change
from .crossval import DEFAULT_FOLDS, DEFAULT_MAX_ROWS
from .evidence import leaders
from .metrics import DEFAULT_GOAL, get_metric
from .models import DEFAULT_MODEL, make_model, model_name
from .pipeline import INNER_FOLDS, build_pipeline, pipeline_code
from .profile import profile_dataset
from .tables import weight_column
from .walk import TreeAnswer, walk


@dataclass
class Advice(TreeAnswer):
    """The tree's answer with its evidence, and the recommendation checked on the data.

    Attributes
    ----------
    technique, path, alternatives, profile, path_node_ids, path_edge_ids, unused
        The tree's answer (:class:`smote_core.walk.TreeAnswer`).
    caveats : list of str
        Only what a measurement supports.
    check : Check or None
        The comparison on the user's data (None when ``advise(..., check=False)``).
    metric : str
        The goal the recommendation is chosen for (a metric id).
    model : str or classifier
        The model the check trained, and the pipeline's model.
    random_state : int
    """

    caveats: list = field(default_factory=list)
    check: Check | None = None
    metric: str = DEFAULT_GOAL
    model: object = DEFAULT_MODEL
    random_state: int = 0

    @property
    def choice(self) -> Choice | None:
        """The rule's choice on :attr:`metric` (None without a check)."""
        return None if self.check is None else self.check.choice(self.metric)

    @property
    def recommended(self) -> str:
        """The id to follow: a technique id, ``"none"``, ``"threshold"``, ``"class_weight"`` or
        ``"<technique>+threshold"``; unchecked, :attr:`runnable_technique`."""
        return self.choice.recommended if self.check is not None else self.runnable_technique

    @property
    def recommended_label(self) -> str:
        return label_of(self.recommended)

    @property
    def resamples(self) -> bool:
        """Whether the recommendation resamples the rows."""
        return parse(self.recommended).resamples

    @property
    def resampler(self) -> str:
        """The technique to run when resampling all the same: the recommendation's when it resamples,
        otherwise the technique that scored best in the check (unchecked: :attr:`runnable_technique`)."""
        if self.resamples:
            return parse(self.recommended).technique
        if self.check is not None:
            for row in self.choice.table.itertuples():
                candidate = self.check.scores.candidate(row.candidate)
                if candidate.technique is not None:
                    return candidate.technique
        return self.runnable_technique

    @property
    def reason(self) -> str:
        """One sentence on why :attr:`recommended`."""
        if self.check is not None:
            return self.choice.reason
        if self.runnable_technique != self.technique:
            return (f"{self.label} needs PyTorch, which is not installed here, so the runnable choice is "
                    f"{registry.get(self.runnable_technique).label}.")
        return ""

    @property
    def calibrates(self) -> bool:
        """Whether the pipeline recalibrates: the recommendation made probabilities worse than not
        resampling in the check, and recalibrating does not move what the goal judges (a ranking, the
        probabilities themselves, or decisions at a tuned threshold)."""
        if not self._worse_calibrated():
            return False
        goal = get_metric(self.metric)
        return not goal.uses_threshold or parse(self.recommended).threshold

    def _worse_calibrated(self) -> bool:
        rec = parse(self.recommended)
        changes_probabilities = rec.resamples or rec.class_weight
        return self.check is not None and changes_probabilities and \
            calibration_change(self.check.scores, self.recommended) == "worse"

    @property
    def calibration_note(self) -> str:
        """What the pipeline does about its probabilities, from the check's Brier scores (empty when
        the recommendation does not make them worse)."""
        if not self._worse_calibrated():
            return ""
        scores = self.check.scores
        before, after = scores.mean("none", "brier"), scores.mean(self.recommended, "brier")
        numbers = f"Brier score {after:.3f} against {before:.3f} without resampling"
        if self.calibrates:
            return (f"{self.recommended_label} made the predicted probabilities worse in the check ({numbers}), so "
                    "the pipeline recalibrates them: a sigmoid fitted on cross-validated predictions of rows that "
                    "were never resampled. The ranking of rows does not change.")
        return (f"{self.recommended_label} made the predicted probabilities worse in the check ({numbers}), and "
                f"the pipeline does not recalibrate them: that would move its decisions back, which is what "
                f"{get_metric(self.metric).label} rewards. Use its decisions, not its probabilities; if you need "
                "probabilities, ask the advice for the Brier score.")

    def for_metric(self, metric: str) -> Advice:
        """The same advice chosen for another metric (the check's fits are reused; nothing is fitted)."""
        get_metric(metric)
        return Advice(**{f.name: getattr(self, f.name) for f in fields(self) if f.name != "metric"}, metric=metric)

    def pipeline(self, estimator=None):
        """The recommendation as one unfitted scikit-learn classifier (:mod:`smote_core.pipeline`).

        Parameters
        ----------
        estimator : classifier, optional
            Your own model; by default the model the advice was asked for (its standard size).

        Returns
        -------
        classifier
            The sampler applied in ``fit`` only, the model, a tuned threshold and calibration where
            chosen; the bare model when the recommendation is to train on the data as it is.
        """
        found = self._technique_and_params()
        sampler = None if found is None else registry.make(found[0], **found[1])
        return build_pipeline(self._model(estimator), sampler=sampler, **self._pipeline_parts())

    def pipeline_code(self) -> str:
        """The few lines of Python that build :meth:`pipeline` with the model the advice was asked for."""
        return pipeline_code(model_name(self.model), self.profile.categorical_columns, self._technique_and_params(),
                             **self._pipeline_parts())

    def _model(self, estimator):
        if estimator is not None:
            return estimator
        return make_model(self.model, categorical=self.profile.categorical_columns, random_state=self.random_state)

    def _technique_and_params(self):
        rec = parse(self.recommended)
        if not rec.resamples:
            return None
        params = {**scaled_params(rec.technique), "random_state": self.random_state}
        if rec.technique == "smote-nc":
            params["categorical_features"] = list(self.profile.categorical_columns)
        return rec.technique, params

    def _pipeline_parts(self) -> dict:
        rec = parse(self.recommended)
        return dict(class_weight=rec.class_weight, threshold_metric=self.metric if rec.threshold else None,
                    calibrate=self.calibrates, minority=self.profile.minority_classes[0],
                    random_state=self.random_state, inner_folds=self.inner_folds)

    @property
    def inner_folds(self) -> int:
        """Folds the pipeline tunes its threshold and calibrates on: five, or as many as the smallest class has
        rows when it has fewer (at least two). The check of a tree ensemble tunes on three inner folds, so it
        can recommend a threshold on a table whose smallest class has three or four rows."""
        return int(max(2, min(INNER_FOLDS, min(self.profile.class_counts.values()))))

    def to_text(self) -> str:
        """The advice as plain text: recommendation, scores, path with evidence, alternatives, caveats, profile."""
        return render_advice(self)


def advise(df: pd.DataFrame, target: str, overrides=None, *, categorical=None, random_state: int = 0,
           check: bool = True, metric: str = DEFAULT_GOAL, model=DEFAULT_MODEL, cv: int = DEFAULT_FOLDS,
           repeats: int | None = None, max_rows: int = DEFAULT_MAX_ROWS,
           progress: Callable[[int, int, str], None] | None = None, weight=None) -> Advice:
    """Profile ``df``, walk the decision tree, check its pick on the data, and choose for ``metric``.

    Parameters
    ----------
    df : DataFrame
    target : str
        Target column.
    overrides : dict, optional
        Question key -> answer, replacing the measured answer: ``numerical`` ("yes"/"no"),
        ``cleaner_boundary`` ("yes"/"no"), ``overlap`` ("mild"/"strong"), ``svm_boundary``
        ("yes"/"no"), ``noise`` ("no"/"slightly"/"heavily") and ``neural_size`` ("yes"/"no");
        booleans stand for "yes"/"no". The check then runs for the overridden answer.
    categorical : list of str, optional
        Numeric columns to treat as categorical.
    random_state : int, default=0
        Seed of the profile's sample, the trial SMOTE, the check's folds and the pipeline.
    check : bool, default=True
        Compare the tree's pick with its neighbours on the tree and the ways of not resampling on ``df``
        (cross-validated, resampling inside training folds only) and recommend by the rule of
        :mod:`smote_core.choice`; False returns the tree's answer alone, in a fraction of the time.
    metric : str, default="average_precision"
        The goal (:data:`smote_core.metrics.GOALS`): ``"average_precision"`` to rank the minority,
        ``"balanced_accuracy"`` or ``"f1_minority"`` for decisions, ``"brier"`` for probabilities (any
        metric of :data:`smote_core.metrics.METRICS` is accepted).
    model : str or classifier, default="logistic"
        The model you will train: ``"logistic"``, ``"hist_gradient_boosting"``, ``"random_forest"`` or
        any scikit-learn classifier with ``predict_proba`` or ``decision_function``.
    cv : int, default=5
        Folds of the check.
    repeats : int, optional
        Drawings of the check's folds; by default 3 to 10, more for smaller tables, 20 when the smallest
        class has fewer than 15 rows (:func:`smote_core.crossval.repeats_for`).
    max_rows : int, default=5000
        Above this many rows the check runs on a stratified sample (the check says so).
    progress : callable, optional
        ``progress(done, total, text)`` after each candidate is scored on a fold.
    weight : str, optional
        A column of sample weights (survey weights, costs, exposure): not a feature; in the check each
        training fold's weights go through resampling to the model and every score is weighted.
        :meth:`Advice.pipeline` takes them in ``fit(X, y, sample_weight=...)``.

    Returns
    -------
    Advice

    Raises
    ------
    ValueError
        For a weight column that is the target, is missing, or holds text, missing, infinite or negative
        weights (one message each, saying what to do).
    """
    get_metric(metric)
    make_model(model)  # a model that cannot be used fails here, before any measuring
    if weight is not None:
        weight_column(df, target, weight)
    features = df if weight is None else df.drop(columns=[weight])
    measured = profile_dataset(features, target, categorical=categorical, random_state=random_state)
    answer = walk(measured, overrides)
    result = None
    if check:
        candidates = for_check(answer, leaders(measured, model))
        result = run_check(check_frame(df, measured, weight), target, answer.technique, candidates, model=model,
                           cv=cv, repeats=repeats, max_rows=max_rows, random_state=random_state, progress=progress,
                           weight=weight)
    return assemble(answer, result, metric=metric, model=model, random_state=random_state)


def assemble(answer: TreeAnswer, check: Check | None, *, metric: str = DEFAULT_GOAL, model=DEFAULT_MODEL,
             random_state: int = 0) -> Advice:
    """The :class:`Advice` of a tree's answer and its check (the dashboard runs the two apart, cached)."""
    notes = tree_caveats(answer.technique, answer.profile, answer.unused)
    if check is not None:
        notes += [f"{label_of(c)} was left out of the check: {why}" for c, why in check.skipped.items()]
    return Advice(**{f.name: getattr(answer, f.name) for f in fields(answer)}, caveats=notes, check=check,
                  metric=metric, model=model, random_state=random_state)

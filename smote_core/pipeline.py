"""The recommendation as one scikit-learn classifier: resample in ``fit`` only, train, move the threshold,
recalibrate.

:class:`ResampledClassifier` is the meta-estimator at the centre: ``fit`` resamples the rows it is
given and trains a clone of the model on them; ``predict``, ``predict_proba`` and ``decision_function``
pass new rows to the model untouched, so a test fold, a validation split or tomorrow's data is never
resampled. It can weight the classes instead of (or besides) resampling. :func:`build_pipeline` wraps it
the way a choice of the advice asks:

- a tuned decision threshold: scikit-learn's ``TunedThresholdClassifierCV``, whose inner
  cross-validation resamples inside its own training parts only (the sampler lives in ``fit``);
- calibration: scikit-learn's ``CalibratedClassifierCV`` with a sigmoid and ``ensemble=False``: the
  sigmoid is fitted on cross-validated predictions of rows that were not resampled (resampling happens
  inside each of its training parts), and the final model is trained on all rows. A sigmoid is
  monotone, so the ranking (PR-AUC, ROC-AUC) stays exactly as it was.

Everything is an ordinary estimator: it clones, pickles, shows nested parameters
(``get_params(deep=True)``) and works inside ``cross_validate`` and ``GridSearchCV``.
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, MetaEstimatorMixin, clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.model_selection import StratifiedKFold, TunedThresholdClassifierCV
from sklearn.utils.class_weight import compute_sample_weight
from sklearn.utils.metaestimators import available_if
from sklearn.utils.validation import check_is_fitted, has_fit_parameter

from .metrics import TUNED_FOR, threshold_scorer

# Folds of the inner cross-validations (threshold tuning, calibration): three keep a minority of a few
# dozen rows present in every part while tripling, not quintupling, the fits.
INNER_FOLDS = 3


def _model_has(method: str):
    def check(self) -> bool:
        return hasattr(self.estimator_ if hasattr(self, "estimator_") else self.estimator, method)
    return check


class ResampledClassifier(MetaEstimatorMixin, ClassifierMixin, BaseEstimator):
    """A classifier trained on resampled rows; predictions are made on rows as they are.

    Parameters
    ----------
    sampler : sampler or None, default=None
        Anything with ``fit_resample`` (a smote_core or imbalanced-learn sampler); cloned and applied
        to the rows given to ``fit`` only. None trains on the rows as they are.
    estimator : classifier, default=None
        The model (cloned); None means ``LogisticRegression()``.
    class_weight : {"balanced"} or None, default=None
        ``"balanced"`` weights every class equally in training: through the model's own
        ``class_weight`` parameters where it has them (a pipeline's steps included), else through
        ``sample_weight`` in its ``fit``.

    Attributes
    ----------
    sampler_ : sampler or None
        The fitted clone of ``sampler``.
    estimator_ : classifier
        The fitted clone of ``estimator``.
    classes_ : ndarray
    n_features_in_ : int
    feature_names_in_ : ndarray of str
        When ``fit`` got a DataFrame with string column names.
    """

    def __init__(self, sampler=None, estimator=None, class_weight=None):
        self.sampler = sampler
        self.estimator = estimator
        self.class_weight = class_weight

    def fit(self, X, y, **fit_params):
        """Resample ``X, y`` (when a sampler is set) and train the model on the result.

        ``fit_params`` are passed to the model's ``fit``.
        """
        if self.class_weight not in (None, "balanced"):
            raise ValueError(f"class_weight={self.class_weight!r} must be None or 'balanced'.")
        if self.sampler is not None and not hasattr(self.sampler, "fit_resample"):
            raise ValueError(f"sampler {self.sampler!r} has no fit_resample; pass a smote_core sampler "
                             "(smote_core.make('smote')) or None.")
        self._record_features(X)
        self.sampler_ = None if self.sampler is None else clone(self.sampler)
        X_fit, y_fit = (X, y) if self.sampler_ is None else self.sampler_.fit_resample(X, y)
        y_fit = np.asarray(y_fit)
        model = clone(self.estimator) if self.estimator is not None else _default_model()
        if self.class_weight == "balanced":
            model, weights = balanced(model, y_fit)
            fit_params = {**weights, **fit_params}
        self.estimator_ = model.fit(X_fit, y_fit, **fit_params)
        self.classes_ = self.estimator_.classes_
        return self

    def _record_features(self, X) -> None:
        self.n_features_in_ = int(np.shape(X)[1])
        columns = getattr(X, "columns", None)
        if columns is not None and all(isinstance(c, str) for c in columns):
            self.feature_names_in_ = np.asarray(columns, dtype=object)
        elif hasattr(self, "feature_names_in_"):
            del self.feature_names_in_

    def predict(self, X):
        check_is_fitted(self, "estimator_")
        return self.estimator_.predict(X)

    @available_if(_model_has("predict_proba"))
    def predict_proba(self, X):
        check_is_fitted(self, "estimator_")
        return self.estimator_.predict_proba(X)

    @available_if(_model_has("predict_log_proba"))
    def predict_log_proba(self, X):
        check_is_fitted(self, "estimator_")
        return self.estimator_.predict_log_proba(X)

    @available_if(_model_has("decision_function"))
    def decision_function(self, X):
        check_is_fitted(self, "estimator_")
        return self.estimator_.decision_function(X)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        model = self.estimator if self.estimator is not None else _default_model()
        inner = model.__sklearn_tags__()
        tags.input_tags.allow_nan = inner.input_tags.allow_nan and (self.sampler is None)
        tags.input_tags.sparse = False
        return tags


def _default_model():
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression()


def balanced(estimator, y):
    """``(estimator, fit arguments)`` that weight every class of ``y`` equally.

    Raises
    ------
    ValueError
        When the model takes neither ``class_weight`` nor ``sample_weight``.
    """
    keys = [key for key in estimator.get_params() if key == "class_weight" or key.endswith("__class_weight")]
    if keys:
        return estimator.set_params(**{key: "balanced" for key in keys}), {}
    if has_fit_parameter(estimator, "sample_weight"):
        return estimator, {"sample_weight": compute_sample_weight("balanced", y)}
    raise ValueError(
        f"{type(estimator).__name__} takes neither class_weight nor sample_weight, so the classes cannot be "
        "weighted; pick a classifier that takes one of them, or leave class weights out.")


def tuned_threshold(estimator, metric: str, minority, random_state=0) -> TunedThresholdClassifierCV:
    """``estimator`` with its decision threshold tuned for ``metric`` by scikit-learn's
    ``TunedThresholdClassifierCV`` (:data:`INNER_FOLDS` stratified folds of the training rows); G-mean
    is served by the threshold of balanced accuracy (:data:`smote_core.metrics.TUNED_FOR`).

    Raises
    ------
    ValueError
        When ``metric`` does not depend on a threshold.
    """
    folds = StratifiedKFold(INNER_FOLDS, shuffle=True, random_state=random_state)
    scorer = threshold_scorer(TUNED_FOR.get(metric, metric), minority)
    return TunedThresholdClassifierCV(estimator, scoring=scorer, cv=folds)


def calibrated(estimator, random_state=0) -> CalibratedClassifierCV:
    """``estimator`` with a sigmoid fitted on cross-validated, never-resampled predictions."""
    folds = StratifiedKFold(INNER_FOLDS, shuffle=True, random_state=random_state)
    return CalibratedClassifierCV(estimator, method="sigmoid", cv=folds, ensemble=False)


def build_pipeline(model, *, sampler=None, class_weight: bool = False, threshold_metric: str | None = None,
                   calibrate: bool = False, minority=None, random_state=0):
    """One unfitted classifier: ``model`` trained on resampled (or weighted) rows, calibrated and with a
    tuned threshold where asked.

    Parameters
    ----------
    model : classifier
        Unfitted; cloned.
    sampler : sampler, optional
        Applied in ``fit`` only.
    class_weight : bool, default=False
    threshold_metric : str, optional
        Tune the decision threshold for this metric (binary targets; ``minority`` is its positive class).
    calibrate : bool, default=False
        Recalibrate the probabilities (applied before the threshold is tuned, so the threshold is set on
        the probabilities the pipeline returns).
    minority : label, optional
        The minority class (needed for ``threshold_metric="f1_minority"``).
    random_state : int, default=0
        Seeds the inner folds.

    Returns
    -------
    classifier
        The bare model when there is nothing to add.
    """
    estimator = clone(model)
    if sampler is not None or class_weight:
        estimator = ResampledClassifier(sampler, estimator, class_weight="balanced" if class_weight else None)
    if calibrate:
        estimator = calibrated(estimator, random_state)
    if threshold_metric is not None:
        estimator = tuned_threshold(estimator, threshold_metric, minority, random_state)
    return estimator


def pipeline_code(model: str, categorical, technique=None, *, class_weight: bool = False,
                  threshold_metric: str | None = None, calibrate: bool = False, minority=None,
                  random_state=0) -> str:
    """Python that builds the same pipeline as :func:`build_pipeline`, for a named model.

    Parameters
    ----------
    model : str
        A name of :data:`smote_core.models.MODELS` (another classifier is written as ``model = ...``).
    categorical : list of str
        Columns the model one-hot encodes.
    technique : (str, dict), optional
        The sampler's registry id and parameters.
    class_weight, threshold_metric, calibrate, minority, random_state
        As for :func:`build_pipeline`.
    """
    from .models import MODELS

    lines = ["from smote_core import make"] if technique is not None else []
    lines += ["from smote_core.models import make_model", "from smote_core.pipeline import build_pipeline", ""]
    if model in MODELS:
        encoded = f", categorical={list(categorical)!r}" if categorical else ""
        lines.append(f"model = make_model({model!r}{encoded}, random_state={random_state!r})")
    else:
        lines.append(f"model = ...  # your {model}")
    arguments = []
    if technique is not None:
        name, params = technique
        given = ", ".join(f"{key}={value!r}" for key, value in params.items())
        arguments.append(f"sampler=make({name!r}{', ' + given if given else ''})")
    if class_weight:
        arguments.append("class_weight=True")
    if threshold_metric is not None:
        arguments.append(f"threshold_metric={threshold_metric!r}, minority={minority!r}")
    if calibrate:
        arguments.append("calibrate=True")
    arguments.append(f"random_state={random_state!r}")
    lines.append("pipeline = build_pipeline(model, " + ", ".join(arguments) + ")")
    lines.append("pipeline.fit(X, y)  # resamples the training rows only; predict() never resamples")
    return "\n".join(lines) + "\n"

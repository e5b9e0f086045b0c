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

Sample weights: ``fit(X, y, sample_weight=w)`` carries the weights through the sampler, and the model is
trained on the resampled rows' weights. Without metadata routing they go to the model's ``fit`` (a
scikit-learn ``Pipeline``'s final step); with ``sklearn.set_config(enable_metadata_routing=True)``
:class:`ResampledClassifier` is a router, and a model gets them where it asks for them
(``set_fit_request(sample_weight=True)``), as scikit-learn's meta-estimators do.
"""

from __future__ import annotations

import numpy as np
from sklearn import get_config
from sklearn.base import BaseEstimator, ClassifierMixin, MetaEstimatorMixin, clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.model_selection import StratifiedKFold, TunedThresholdClassifierCV
from sklearn.pipeline import Pipeline
from sklearn.utils.class_weight import compute_sample_weight
from sklearn.utils.metadata_routing import MetadataRouter, MethodMapping, process_routing
from sklearn.utils.metaestimators import available_if
from sklearn.utils.validation import check_array, check_is_fitted, column_or_1d, has_fit_parameter

from ._validation import describe_label
from .metrics import TUNED_FOR, threshold_scorer

# Folds of the inner cross-validations (threshold tuning, calibration). Five, not three: with three, each
# threshold is chosen on models trained on two thirds of the rows and scored on few minority rows, and on
# 12 KEEL tables a threshold tuned for F1 that way lost 0.030 of F1 to the best option against 0.014 with
# five (docs/advice.md); the extra fits are shared by every metric the threshold is tuned for.
INNER_FOLDS = 5


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
    class_weight : "balanced", dict or None, default=None
        Weights of the classes in training (``"balanced"``: every class counts equally): through the
        model's own ``class_weight`` parameters where it has them (a pipeline's steps included), else
        through ``sample_weight`` in its ``fit``.

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

    # the sampler always takes the weights (it carries them with the rows); routing decides the model's
    __metadata_request__fit = {"sample_weight": True}

    def __init__(self, sampler=None, estimator=None, class_weight=None):
        self.sampler = sampler
        self.estimator = estimator
        self.class_weight = class_weight

    def fit(self, X, y, sample_weight=None, **fit_params):
        """Resample ``X, y`` (when a sampler is set) and train the model on the result.

        ``sample_weight`` goes with the rows through the sampler (which returns the resampled rows'
        weights) to the model; ``fit_params`` are passed to the model's ``fit``. Under metadata routing
        both reach the model only where it requests them.
        """
        if self.class_weight is not None and self.class_weight != "balanced" and not isinstance(self.class_weight, dict):
            raise ValueError(f"class_weight={self.class_weight!r} must be None, 'balanced' or a dict class -> weight.")
        if self.sampler is not None and not hasattr(self.sampler, "fit_resample"):
            raise ValueError(f"sampler {self.sampler!r} has no fit_resample; pass a smote_core sampler "
                             "(smote_core.make('smote')) or None.")
        X, y = self._checked(X, y)
        self.sampler_ = None if self.sampler is None else clone(self.sampler)
        X_fit, y_fit, weights = self._resampled(X, y, sample_weight)
        model = clone(self.estimator) if self.estimator is not None else _default_model()
        if get_config()["enable_metadata_routing"]:
            given = {} if sample_weight is None else {"sample_weight": sample_weight}
            fit_params = process_routing(self, "fit", **given, **fit_params).estimator.fit
            if "sample_weight" in fit_params:  # the model asked for them: the resampled rows' weights
                fit_params = {**fit_params, "sample_weight": weights}
        elif weights is not None:
            fit_params = {**weight_params(model, weights), **fit_params}
        if self.class_weight is not None:
            model, balancing = balanced(model, y_fit, self.class_weight)
            if "sample_weight" in balancing and "sample_weight" in fit_params:
                balancing["sample_weight"] = balancing["sample_weight"] * fit_params["sample_weight"]
            fit_params = {**fit_params, **balancing}
        self.estimator_ = model.fit(X_fit, y_fit, **fit_params)
        self.classes_ = self.estimator_.classes_
        return self

    def _checked(self, X, y):
        """``X`` (a DataFrame as it is, anything else as a 2-D array) and ``y`` as a 1-D array; records the
        features seen."""
        if hasattr(X, "columns") and hasattr(X, "iloc"):
            names = list(X.columns)
            self.n_features_in_ = len(names)
            if all(isinstance(c, str) for c in names):
                self.feature_names_in_ = np.asarray(names, dtype=object)
            elif hasattr(self, "feature_names_in_"):
                del self.feature_names_in_
        else:
            X = check_array(X, dtype=None, ensure_all_finite=False, accept_sparse=self.sampler is None)
            self.n_features_in_ = X.shape[1]
            if hasattr(self, "feature_names_in_"):
                del self.feature_names_in_
        return X, column_or_1d(y, warn=True)

    def _resampled(self, X, y, sample_weight):
        """``(X, y, weights)`` the model is trained on (weights None when none were given)."""
        if self.sampler_ is None:
            return X, y, None if sample_weight is None else np.asarray(sample_weight, dtype=float)
        if sample_weight is None:
            X_res, y_res = self.sampler_.fit_resample(X, y)
            return X_res, np.asarray(y_res), None
        try:
            X_res, y_res, w_res = self.sampler_.fit_resample(X, y, sample_weight=sample_weight)
        except TypeError:
            raise ValueError(f"{type(self.sampler_).__name__} does not carry sample weights through resampling; "
                             "use a smote_core sampler, or fit without sample_weight.") from None
        return X_res, np.asarray(y_res), np.asarray(w_res, dtype=float)

    def get_metadata_routing(self):
        """The routing of this meta-estimator: it takes ``sample_weight`` itself (the sampler carries the
        weights with the rows) and passes what the model requests to the model's ``fit``."""
        model = self.estimator if self.estimator is not None else _default_model()
        return (MetadataRouter(owner=self).add_self_request(self)
                .add(estimator=model, method_mapping=MethodMapping().add(caller="fit", callee="fit")))

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
        tags.input_tags.sparse = inner.input_tags.sparse and self.sampler is None
        return tags


def _default_model():
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression()


def weight_params(model, sample_weight) -> dict:
    """The ``fit`` arguments that train ``model`` on weighted rows without metadata routing:
    ``sample_weight``, or ``<step>__sample_weight`` for a scikit-learn ``Pipeline``'s final step (earlier
    steps, such as scaling, see the rows unweighted); none when ``sample_weight`` is None.

    Raises
    ------
    ValueError
        When weights are given and the model's ``fit`` takes no ``sample_weight``.
    """
    if sample_weight is None:
        return {}
    if isinstance(model, Pipeline):
        name, last = model.steps[-1]
        return {f"{name}__{key}": value for key, value in weight_params(last, sample_weight).items()}
    if has_fit_parameter(model, "sample_weight"):
        return {"sample_weight": sample_weight}
    raise ValueError(f"{type(model).__name__} takes no sample_weight in fit, so it cannot be trained on weighted "
                     "rows; pick a classifier that does (logistic regression, gradient boosting, a forest), or "
                     "leave the weights out.")


def balanced(estimator, y, class_weight="balanced"):
    """``(estimator, fit arguments)`` that weight the classes of ``y`` as ``class_weight`` says
    (``"balanced"``: every class counts equally; a dict: class -> weight).

    Raises
    ------
    ValueError
        When the model takes neither ``class_weight`` nor ``sample_weight``.
    """
    keys = [key for key in estimator.get_params() if key == "class_weight" or key.endswith("__class_weight")]
    if keys:
        return estimator.set_params(**{key: class_weight for key in keys}), {}
    if has_fit_parameter(estimator, "sample_weight"):
        return estimator, {"sample_weight": compute_sample_weight(class_weight, y)}
    raise ValueError(
        f"{type(estimator).__name__} takes neither class_weight nor sample_weight, so the classes cannot be "
        "weighted; pick a classifier that takes one of them, or leave class weights out.")


class _InnerFolds:
    """Mixin: refuse, in words, a training set too small for the inner folds (before scikit-learn does)."""

    _what = ""

    def fit(self, X, y, **params):
        labels, counts = np.unique(np.asarray(y), return_counts=True)
        n_folds = self.cv.get_n_splits()
        if counts.min() < n_folds:
            label = labels[np.argmin(counts)]
            raise ValueError(
                f"class {describe_label(label)} has {counts.min()} row(s) in these training rows; {self._what} "
                f"needs at least {n_folds} of every class (one per inner fold), or the class vanishes from "
                "an inner fold. Add rows of that class, or leave the threshold and calibration out "
                "(a goal such as PR-AUC needs neither).")
        return super().fit(X, y, **params)


class TunedThreshold(_InnerFolds, TunedThresholdClassifierCV):
    """scikit-learn's ``TunedThresholdClassifierCV``, with a clear error when a class is too small for its
    inner folds."""

    _what = "tuning a decision threshold by cross-validation"


class Calibrated(_InnerFolds, CalibratedClassifierCV):
    """scikit-learn's ``CalibratedClassifierCV``, with a clear error when a class is too small for its
    inner folds."""

    _what = "calibrating probabilities by cross-validation"


def tuned_threshold(estimator, metric: str, minority, random_state=0, folds: int = INNER_FOLDS) -> TunedThreshold:
    """``estimator`` with its decision threshold tuned for ``metric`` by scikit-learn's
    ``TunedThresholdClassifierCV`` (``folds`` stratified folds of the training rows); G-mean
    is served by the threshold of balanced accuracy (:data:`smote_core.metrics.TUNED_FOR`).

    scikit-learn's tuner takes ``sample_weight`` only under metadata routing: built while routing is
    enabled, its scorer requests the weights, so ``fit(X, y, sample_weight=w)`` trains and scores the
    inner folds on them.

    Raises
    ------
    ValueError
        When ``metric`` does not depend on a threshold.
    """
    splits = StratifiedKFold(folds, shuffle=True, random_state=random_state)
    scorer = threshold_scorer(TUNED_FOR.get(metric, metric), minority)
    if get_config()["enable_metadata_routing"]:  # the inner folds are scored with the weights fit is given
        scorer.set_score_request(sample_weight=True)
    return TunedThreshold(estimator, scoring=scorer, cv=splits)


def calibrated(estimator, random_state=0, folds: int = INNER_FOLDS) -> Calibrated:
    """``estimator`` with a sigmoid fitted on cross-validated (``folds`` folds), never-resampled predictions."""
    splits = StratifiedKFold(folds, shuffle=True, random_state=random_state)
    return Calibrated(estimator, method="sigmoid", cv=splits, ensemble=False)


def build_pipeline(model, *, sampler=None, class_weight: bool = False, threshold_metric: str | None = None,
                   calibrate: bool = False, minority=None, random_state=0, inner_folds: int = INNER_FOLDS):
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
    inner_folds : int, default=5
        Stratified folds the threshold is tuned and the probabilities are calibrated on; each needs a row
        of every class.

    Returns
    -------
    classifier
        The bare model when there is nothing to add.
    """
    estimator = clone(model)
    if sampler is not None or class_weight:
        estimator = ResampledClassifier(sampler, estimator, class_weight="balanced" if class_weight else None)
    if calibrate:
        estimator = calibrated(estimator, random_state, inner_folds)
    if threshold_metric is not None:
        estimator = tuned_threshold(estimator, threshold_metric, minority, random_state, inner_folds)
    return estimator


def pipeline_code(model: str, categorical, technique=None, *, class_weight: bool = False,
                  threshold_metric: str | None = None, calibrate: bool = False, minority=None,
                  random_state=0, inner_folds: int = INNER_FOLDS) -> str:
    """Python that builds the same pipeline as :func:`build_pipeline`, for a named model.

    Parameters
    ----------
    model : str
        A name of :data:`smote_core.models.MODELS` (another classifier is written as ``model = ...``).
    categorical : list of str
        Columns the model one-hot encodes.
    technique : (str, dict), optional
        The sampler's registry id and parameters.
    class_weight, threshold_metric, calibrate, minority, random_state, inner_folds
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
    if inner_folds != INNER_FOLDS and (threshold_metric is not None or calibrate):
        arguments.append(f"inner_folds={inner_folds!r}")
    lines.append("pipeline = build_pipeline(model, " + ", ".join(arguments) + ")")
    lines.append("pipeline.fit(X, y)" + ("  # resamples the training rows only; predict() never resamples"
                                         if technique is not None else ""))
    return "\n".join(lines) + "\n"

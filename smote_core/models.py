"""The classifiers a comparison trains: three named ones, or any scikit-learn classifier.

A named model comes in two sizes. The *standard* one is what a user's pipeline gets. The *check* size
is what the cross-validated check trains many times: the same kind of model, bounded so that a few
hundred fits stay quick.

- Gradient boosting learns at twice the standard rate (0.2) and stops early, after 5 rounds without gain
  on a 10% validation split: about 20-30 trees on the rows as they are, each costing a few milliseconds of
  Python whatever the rows. On resampled rows the validation loss rarely stops improving (the split holds
  synthetic rows, which are easy to fit), so those fits run all 100 rounds: 0.23 s on 7,600 rows of the
  advice benchmark's data, against 0.09 s for the 4,000 rows as they are. Capped at 50 rounds they took
  0.13 s and the booster's check 7.0-8.6 s instead of 8.9-11.0 s above 1,000 rows, but on the nested
  advice benchmark (docs/advice.md, section 6) following the advice then lost 0.0045 ± 0.0030 of F1
  (worse on 18 datasets, better on 5) while gaining 0.0026 ± 0.0014 of PR-AUC and 0.0016 ± 0.0026 of
  balanced accuracy, so the rounds are not capped. It grows at most 15 leaves a tree and bins each
  column once, into 63 quantiles of the unweighted rows (:class:`smote_core._binning.QuantileBins`),
  instead of 255. The bins matter most for weighted rows (class weights): scikit-learn then places every
  bin edge with a weighted percentile, 0.6 s of a 0.7 s fit on 4,000 rows, where binning once takes
  milliseconds; the weighted booster then splits on the unweighted edges.
- A forest grows 40 trees, each from a fifth of the rows, of at least 3 rows a leaf: 0.17 s of CPU a fit
  on 4,000 rows, where 50 trees from all the rows took 0.58 s and the standard forest of 100 trees 1.2 s,
  with PR-AUC 0.512 against the standard forest's 0.522 on 10,000 other rows of the advice benchmark's
  data.
- With either ensemble, the check tunes a decision threshold on 3 inner folds of the training rows
  instead of 5 (:func:`threshold_folds`): the tuned threshold's inner fits were two fits in five.

Logistic regression is quick as it is and is the same in both sizes; its check tunes thresholds on 5
inner folds, as the pipeline does: on 3 the tuned threshold's fold scores spread more (the corrected
standard error of its lead over class weights on a 500-row table: 0.025 against 0.019), for a fifth of
the check's fits.
"""

from __future__ import annotations

import pandas as pd
from sklearn.base import clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.compose import make_column_transformer
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from ._binning import QuantileBins
from ._validation import is_numeric_kind
from .pipeline import INNER_FOLDS

MODELS = {
    "logistic": "logistic regression (standardised features)",
    "hist_gradient_boosting": "histogram gradient boosting",
    "random_forest": "random forest",
}
# The default, and why: logistic regression fits in milliseconds, so the check can afford many drawings
# of its folds, and it is the kind of model whose boundary resampling moves most -- where the question
# "does resampling help?" matters. Ask for the model you will train: boosted trees often need no help.
DEFAULT_MODEL = "logistic"
CHECK_BINS = 63
# Inner folds on which the check tunes a tree ensemble's decision threshold (a user's pipeline: five).
CHECK_INNER_FOLDS = 3
# How the check sizes the tree ensembles, in words for the screen (the parameters are in _estimator).
CHECK_SIZING = {
    "hist_gradient_boosting": "learning rate 0.2, early stopping on a 10% validation split, at most 15 "
                              "leaves a tree, 63 unweighted quantile bins a column",
    "random_forest": "40 trees, each grown on a fifth of the rows, of at least 3 rows a leaf",
}


def model_name(model) -> str:
    """The id of a named model, else the classifier's class name."""
    return model if isinstance(model, str) else type(model).__name__


def threshold_folds(model, for_check: bool = False) -> int:
    """Inner folds a tuned threshold of ``model`` is cross-validated on: :data:`CHECK_INNER_FOLDS` for a
    named tree ensemble sized for the check (and Compare, which runs the same protocol), else
    :data:`smote_core.pipeline.INNER_FOLDS`."""
    return CHECK_INNER_FOLDS if for_check and model_name(model) in CHECK_SIZING else INNER_FOLDS


def describe_model(model) -> str:
    """The model in words."""
    return MODELS.get(model, model) if isinstance(model, str) else type(model).__name__


def make_model(model=DEFAULT_MODEL, X=None, random_state=0, *, categorical=None, for_check: bool = False):
    """The classifier to train, unfitted: a name from :data:`MODELS` or a clone of a classifier.

    Parameters
    ----------
    model : str or classifier
        A name from :data:`MODELS`, or any scikit-learn classifier with ``predict_proba``; one with
        ``decision_function`` only gets probabilities from a sigmoid fitted on cross-validated scores
        (``CalibratedClassifierCV(method="sigmoid", ensemble=False)``).
    X : DataFrame, optional
        When it has text or category columns, a named model one-hot encodes them first; a classifier
        passed in gets the columns as they are.
    random_state : int, default=0
    categorical : list of str, optional
        Columns a named model one-hot encodes (default: those of ``X`` that are not numeric).
    for_check : bool, default=False
        The check's size of a named model (see the module docstring).

    Raises
    ------
    ValueError
        For an unknown name or an object that is not a classifier with probabilities or scores.
    """
    if not isinstance(model, str):
        return _classifier(model)
    if model not in MODELS:
        raise ValueError(f"unknown model {model!r}; choose one of {list(MODELS)} or pass a scikit-learn classifier.")
    before, estimator = _estimator(model, random_state, for_check)
    categorical = categorical_columns(X) if categorical is None else list(categorical)
    if categorical:
        encode = make_column_transformer(
            (OneHotEncoder(handle_unknown="ignore", sparse_output=False), categorical), remainder=before)
        return make_pipeline(encode, estimator)
    return estimator if isinstance(before, str) else make_pipeline(before, estimator)


def _estimator(model: str, random_state, for_check: bool):
    """``(step before the classifier, or "passthrough"; classifier)`` of a named model."""
    if model == "logistic":
        return StandardScaler(), LogisticRegression(max_iter=1000)
    if model == "random_forest":
        sized = dict(n_estimators=40, max_samples=0.2, min_samples_leaf=3) if for_check else {}
        return "passthrough", RandomForestClassifier(random_state=random_state, **sized)
    if not for_check:
        return "passthrough", HistGradientBoostingClassifier(random_state=random_state)
    booster = HistGradientBoostingClassifier(learning_rate=0.2, early_stopping=True, validation_fraction=0.1,
                                             n_iter_no_change=5, max_leaf_nodes=15, max_bins=CHECK_BINS,
                                             random_state=random_state)
    return QuantileBins(CHECK_BINS), booster


def _classifier(model):
    if not (hasattr(model, "fit") and (hasattr(model, "predict_proba") or hasattr(model, "decision_function"))):
        raise ValueError(
            f"model {model!r} has neither predict_proba nor decision_function, so nothing can be ranked or "
            f"thresholded; pass one of {list(MODELS)} or a scikit-learn classifier that has one of them.")
    if hasattr(model, "predict_proba"):
        return clone(model)
    return CalibratedClassifierCV(clone(model), method="sigmoid", cv=3, ensemble=False)


def categorical_columns(X) -> list:
    """Columns of a DataFrame that a named model one-hot encodes (not numeric)."""
    if not isinstance(X, pd.DataFrame):
        return []
    return [name for name, dtype in X.dtypes.items() if not is_numeric_kind(dtype)]

"""Cross-validated scores of candidates: one protocol for the advice, Compare and the command line.

Every candidate is trained on the same folds and scored on the same untouched test rows; a sampler
sees training rows only. One fit serves every metric: the probabilities on a test fold give PR-AUC,
ROC-AUC and the Brier score, the decisions at the most probable class give balanced accuracy, F1 and
G-mean, and a tuned threshold's decisions are scored for the metric it was tuned for. So a change of
metric re-ranks stored scores and never refits.

What is shared, so that nothing is fitted twice:

- a candidate and the same candidate with a tuned threshold run as one task per fold: the technique
  resamples the training rows once and the model is trained once; scikit-learn's
  ``TunedThresholdClassifierCV`` refits on exactly those rows, which is served from that fit;
- the threshold is tuned for balanced accuracy, F1 and G-mean from the same inner folds: the inner
  fits are made once and served to each metric's tuner.

Racing (``race=True``): after each drawing of the folds, a candidate that is clearly behind on every
goal the advice can be asked for (:data:`smote_core.metrics.GOALS`) is not trained on the remaining
drawings. "Clearly behind" is the choice's own noise rule (:func:`noise`) at :data:`RACE_Z` times the
width: the gap to the best must exceed twice the corrected standard error of the paired per-fold gap,
where the choice treats one standard error as noise. For a candidate that is in truth as good as the best,
the chance of a gap beyond two standard errors (about 2% under normal errors) is a fraction of the chance
of one beyond one standard error (about 16%), which is the rule's own error when it judges the final
scores: racing cannot drop the eventual winner more often than the rule itself would misjudge it. A
dropped candidate keeps the scores of the drawings it ran.

Sample weights (``sample_weight=``): a training fold's weights go through the sampler with its rows
(:mod:`smote_core.pipeline`) to the model, a tuned threshold is tuned on them (scikit-learn's tuner
under metadata routing, switched on for that fit only), and every test-fold metric is weighted
(:mod:`smote_core.metrics`). Scores record a digest of the weights, so weighted and unweighted scores
are never reused for each other (``known=``).
"""

from __future__ import annotations

import hashlib
import time
import warnings
from dataclasses import dataclass, field
from numbers import Integral
from operator import itemgetter
from typing import Callable

import numpy as np
import pandas as pd
from sklearn import config_context
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.model_selection import RepeatedStratifiedKFold
from sklearn.utils import check_random_state
from sklearn.utils.metaestimators import available_if

from ._strata import stratified_sample
from ._workers import dearest_first
from ._validation import check_sample_weight, check_target, class_counts, describe_label
from .candidates import Candidate, with_threshold
from .metrics import GOALS, METRICS, THRESHOLD_METRICS, TUNED_FOR, decision_scores, fold_scores, metric_label, sign
from .models import make_model, model_name, threshold_folds
from .pipeline import ResampledClassifier, tuned_threshold, weight_params

# Forests fitted inside the engine's workers run their own joblib pool; scikit-learn then warns that its
# configuration cannot reach those workers, once per tree. The configuration is the default one here.
warnings.filterwarnings("ignore", message=".*sklearn.utils.parallel.delayed.*", category=UserWarning)

DEFAULT_FOLDS = 5
# Drawings of the folds: enough that every candidate is scored on about REPEAT_ROWS rows' worth of test
# folds in all, within [MIN_REPEATS, MAX_REPEATS]; a minority of fewer than TINY_MINORITY rows gets
# TINY_REPEATS, since there one drawing decides by luck and fits are cheap; a costly model (not logistic
# regression) draws COSTLY_REPEATS times (see repeats_for).
REPEAT_ROWS = 5_000
MIN_REPEATS, MAX_REPEATS = 3, 10
TINY_MINORITY, TINY_REPEATS = 15, 20
COSTLY_REPEATS = 2
# Above this many labelled rows a check runs on a stratified sample of this size.
DEFAULT_MAX_ROWS = 5_000
# Score differences this small count as ties whatever the folds say (every metric lies in [0, 1]).
TIE = 0.002
# Racing drops a candidate clearly behind: beyond RACE_Z corrected standard errors (module docstring).
RACE_Z = 2.0


def repeats_for(n_rows: int, n_minority: int | None = None, model="logistic") -> int:
    """How many times a check draws its folds for ``n_rows`` rows: ``REPEAT_ROWS / n_rows`` rounded up,
    within [MIN_REPEATS, MAX_REPEATS]; :data:`TINY_REPEATS` when the smallest class is tiny.

    A model that is not logistic regression (a tree ensemble, or a classifier passed in) costs tens of
    times more a fit, so its folds are drawn :data:`COSTLY_REPEATS` times (twice that for a tiny minority).
    Fewer drawings widen the uncertainty less than they save: the corrected standard error
    (:func:`noise`) of J folds of 5-fold cross-validation scales with ``sqrt(1/J + 1/4)``, which is 5%
    wider for 10 folds than for 15, for a third fewer fits. Logistic regression keeps at least
    :data:`MIN_REPEATS` (3) drawings: drawn twice, its check changed 7 of 80 picks on the four large tables
    of the nested advice benchmark (docs/advice.md), 5 for the worse and 1 for the better.

    >>> repeats_for(5000), repeats_for(1200), repeats_for(200), repeats_for(200, n_minority=8)
    (3, 5, 10, 20)
    >>> repeats_for(200, model="hist_gradient_boosting"), repeats_for(200, 8, model="random_forest")
    (2, 4)
    """
    tiny = n_minority is not None and n_minority < TINY_MINORITY
    if model != "logistic":
        return 2 * COSTLY_REPEATS if tiny else COSTLY_REPEATS
    if tiny:
        return TINY_REPEATS
    return int(np.clip(-(-REPEAT_ROWS // max(int(n_rows), 1)), MIN_REPEATS, MAX_REPEATS))


def noise(gains: np.ndarray, cv: int) -> float:
    """Corrected standard error of the mean of paired per-fold ``gains`` from repeated ``cv``-fold
    cross-validation (Nadeau and Bengio, 2003): ``sd * sqrt(1/J + 1/(cv - 1))`` over J folds. The second
    term, the test-to-training size ratio, accounts for the folds' overlapping training rows, which make
    the plain ``sd / sqrt(J)`` too small.

    >>> round(noise(np.array([0.01, 0.03, 0.02, 0.04, 0.00]), cv=5), 4)
    0.0106
    """
    gains = np.asarray(gains, dtype=float)
    if len(gains) < 2:
        return float("inf")
    return float(gains.std(ddof=1) * np.sqrt(1 / len(gains) + 1 / (cv - 1)))


@dataclass(frozen=True)
class Plan:
    """The protocol of a comparison on a table: which rows, how many folds, how many drawings.

    The advice's check, the dashboard's Compare page and ``smote-lab evaluate`` all plan with
    :func:`plan`, so one table and seed give them the same folds and the same scores.
    """

    rows: np.ndarray
    cv: int
    repeats: int
    smallest_class: int


def plan(y, cv: int = DEFAULT_FOLDS, repeats: int | None = None, max_rows: int = DEFAULT_MAX_ROWS,
         random_state: int = 0, model="logistic") -> Plan:
    """The rows (all, or a class-stratified sample of ``max_rows`` keeping at least 6 of each class), the
    folds (``cv``, lowered to the smallest class's rows in the sample) and the drawings (default
    :func:`repeats_for` the rows and ``model``) of a comparison on a table with labels ``y``.

    Raises
    ------
    ValueError
        When the smallest class has fewer than 2 rows, or ``max_rows`` is not an integer of at least ``2 * cv``.
    """
    if isinstance(max_rows, bool) or not isinstance(max_rows, Integral) or max_rows < 2 * cv:
        raise ValueError(f"max_rows={max_rows!r} must be an integer of at least {2 * cv} (twice the folds).")
    codes, labels = pd.factorize(np.asarray(y), sort=True)
    rows = stratified_sample(codes, max_rows, np.random.RandomState(random_state), min_per_class=6)
    smallest = int(np.bincount(codes).min())
    folds = int(min(cv, np.bincount(codes[rows]).min()))
    if folds < 2:
        raise ValueError("the smallest class has fewer than 2 rows: there is nothing to cross-validate; "
                         "add rows of that class.")
    drawings = repeats_for(len(rows), smallest, model_name(model)) if repeats is None else int(repeats)
    return Plan(rows, folds, drawings, smallest)


@dataclass
class Scores:
    """Per-fold scores of every candidate on every metric.

    Attributes
    ----------
    candidates : list of Candidate
        In the order they were given (a tuned threshold added by the race at the end).
    values : dict
        Candidate id -> metric id -> array of per-fold scores (NaN for folds it was not run on).
    thresholds : dict
        Candidate id with a tuned threshold -> metric id -> array of per-fold thresholds.
    probabilities : dict
        Candidate id -> per fold, the test rows' probability of the minority class (binary targets;
        None for folds not run).
    y_test : list of ndarray
        The test labels of each fold.
    cv, repeats : int
        Folds per drawing, and drawings.
    classes : ndarray
    minority : label
    model : str
        The model's name (:data:`smote_core.models.MODELS` id or class name).
    for_check : bool
        Whether a named model was sized for the check.
    skipped : dict
        Candidate id -> why it was left out (it failed on a fold).
    dropped : dict
        Candidate id -> the drawing after which the race stopped training it.
    fits : int
        Models trained.
    seconds : float
    weights : str
        A digest of the sample weights the folds were trained and scored with ("" without weights).
    """

    candidates: list
    values: dict
    thresholds: dict
    probabilities: dict
    y_test: list
    cv: int
    repeats: int
    classes: np.ndarray
    minority: object
    model: str
    for_check: bool
    skipped: dict = field(default_factory=dict)
    dropped: dict = field(default_factory=dict)
    fits: int = 0
    seconds: float = 0.0
    weights: str = ""

    @property
    def ids(self) -> list:
        """Ids of the candidates that were scored (left-out ones aside)."""
        return [c.id for c in self.candidates if c.id not in self.skipped]

    def candidate(self, candidate_id: str) -> Candidate:
        return next(c for c in self.candidates if c.id == candidate_id)

    def folds(self, candidate_id: str, metric: str) -> np.ndarray:
        return self.values[candidate_id][metric]

    def mean(self, candidate_id: str, metric: str) -> float:
        return float(np.nanmean(self.folds(candidate_id, metric)))

    def se(self, candidate_id: str, metric: str) -> float:
        """Corrected standard error (:func:`noise`) of the candidate's mean score."""
        values = self.folds(candidate_id, metric)
        return noise(values[~np.isnan(values)], self.cv)

    def gains(self, candidate_id: str, against: str, metric: str) -> np.ndarray:
        """Per-fold gains of ``candidate_id`` over ``against`` (positive: better), on the folds both ran."""
        a, b = self.folds(candidate_id, metric), self.folds(against, metric)
        both = ~(np.isnan(a) | np.isnan(b))
        return sign(metric) * (a[both] - b[both])

    def results(self) -> pd.DataFrame:
        """One row per candidate and metric: ``technique`` (the id), ``label``, ``protocol``, ``metric``,
        ``metric_label``, ``mean``, ``std``, ``se`` (the corrected standard error), ``n_folds`` and
        ``folds`` (per-fold values, NaN where not run)."""
        rows = []
        for candidate in (c for c in self.candidates if c.id not in self.skipped):
            for metric in METRICS:
                values = self.folds(candidate.id, metric.id)
                ran = values[~np.isnan(values)]
                rows.append({"technique": candidate.id, "label": candidate.label, "protocol": "correct",
                             "metric": metric.id, "metric_label": metric_label(metric.id, len(self.classes)),
                             "mean": float(ran.mean()), "std": float(ran.std(ddof=1)) if len(ran) > 1 else 0.0,
                             "se": noise(ran, self.cv), "n_folds": len(ran), "folds": tuple(values.tolist())})
        frame = pd.DataFrame(rows)
        frame.attrs.update({"model": self.model, "for_check": self.for_check, "cv": self.cv, "repeats": self.repeats,
                            "classes": list(self.classes), "minority": self.minority, "skipped": dict(self.skipped),
                            "weights": self.weights})
        return frame


class _FitStore(dict):
    """Fitted models by the rows they were fitted on; cloning an estimator that holds it keeps the same store."""

    fits = 0

    def __deepcopy__(self, memo):
        return self


def _fingerprint(X, y, sample_weight=None) -> str:
    digest = hashlib.blake2b(digest_size=16)
    if isinstance(X, pd.DataFrame) and not all(kind in "biuf" for kind in (d.kind for d in X.dtypes)):
        digest.update(pd.util.hash_pandas_object(X, index=False).to_numpy().tobytes())
    elif isinstance(X, pd.DataFrame):  # numbers only: their bytes, without hashing every cell first
        digest.update(X.to_numpy(dtype=float).tobytes())
    else:
        digest.update(np.ascontiguousarray(X).tobytes())
    y = np.asarray(y)
    digest.update(y.astype(str).tobytes() if y.dtype.kind == "O" else y.tobytes())
    if sample_weight is not None:
        digest.update(np.ascontiguousarray(sample_weight, dtype=float).tobytes())
    return digest.hexdigest()


def _weights_digest(sample_weight) -> str:
    """What :attr:`Scores.weights` records: a digest of the weights, "" without them."""
    if sample_weight is None:
        return ""
    return hashlib.blake2b(np.ascontiguousarray(sample_weight, dtype=float).tobytes(), digest_size=16).hexdigest()


def _delegate(method: str):
    return lambda self: hasattr(self.estimator, method)


class _Shared(ClassifierMixin, BaseEstimator):
    """``estimator``, fitted once per set of rows (and weights) and shared through ``store`` (scikit-learn's
    threshold tuners clone their estimator and fit it on the same rows; this serves them the same fit).
    The weights a tuner routes to it reach the estimator without routing (:func:`weight_params`)."""

    def __init__(self, estimator=None, store=None):
        self.estimator = estimator
        self.store = store

    def fit(self, X, y, sample_weight=None):
        key = _fingerprint(X, y, sample_weight)
        if key not in self.store:
            estimator = clone(self.estimator)
            with config_context(enable_metadata_routing=False):
                self.store[key] = estimator.fit(X, y, **weight_params(estimator, sample_weight))
            self.store.fits += 1
        self.estimator_ = self.store[key]
        self.classes_ = self.estimator_.classes_
        return self

    def predict(self, X):
        return self.estimator_.predict(X)

    @available_if(_delegate("predict_proba"))
    def predict_proba(self, X):
        return self.estimator_.predict_proba(X)

    @available_if(_delegate("decision_function"))
    def decision_function(self, X):
        return self.estimator_.decision_function(X)


def _take(X, rows):
    return X.iloc[rows] if isinstance(X, pd.DataFrame) else X[rows]


def _seeded(estimator, seed):
    """A clone of ``estimator`` whose unset ``random_state`` is ``seed`` (set ones are kept)."""
    estimator = clone(estimator)
    if "random_state" in estimator.get_params(deep=False) and estimator.random_state is None:
        estimator.set_params(random_state=int(seed))
    return estimator


def candidate_estimator(candidate: Candidate, model, seed: int):
    """The unfitted estimator a candidate trains on a fold (before any threshold): the seeded model, on
    resampled or weighted rows where the candidate asks for them."""
    model = _seeded(model, seed)
    if candidate.sampler is None and not candidate.class_weight:
        return model
    sampler = None if candidate.sampler is None else _seeded(candidate.sampler, seed)
    return ResampledClassifier(sampler, model, class_weight="balanced" if candidate.class_weight else None)


def _probabilities(estimator, X, classes) -> np.ndarray:
    """Predicted probabilities with one column per class of the whole target (absent classes get 0)."""
    proba = estimator.predict_proba(X)
    fitted = np.asarray(estimator.classes_)
    if len(fitted) == len(classes) and np.array_equal(fitted, classes):
        return proba
    full = np.zeros((proba.shape[0], len(classes)))
    full[:, np.searchsorted(classes, fitted)] = proba
    return full


@dataclass
class _FoldResult:
    scores: dict        # member id -> metric -> value
    thresholds: dict    # member id -> metric -> threshold
    minority_proba: np.ndarray | None
    fits: int
    failed: dict        # member id -> why it could not be scored on this fold


def _run_group(members, X, y, w, train, test, models, inner, classes, minority, seed) -> list:
    """Train a candidate on one fold's training rows -- resampled once, then each model fitted on them --
    and score it, and its tuned-threshold twin, on the fold's test rows: one :class:`_FoldResult` per model.
    ``w``: the rows' weights, or None; ``inner``: each model's inner folds for a tuned threshold."""
    X_train, y_train, X_test, y_test = _take(X, train), y[train], _take(X, test), y[test]
    w_train, w_test = (None, None) if w is None else (w[train], w[test])
    base = members[0]
    resampled = None
    if base.sampler is not None:
        sampler = _seeded(base.sampler, seed)
        if w is None:
            X_res, y_res = sampler.fit_resample(X_train, y_train)
            resampled = (X_res, np.asarray(y_res), None)
        else:
            X_res, y_res, w_res = sampler.fit_resample(X_train, y_train, sample_weight=w_train)
            resampled = (X_res, np.asarray(y_res), np.asarray(w_res))
    key = _fingerprint(X_train, y_train, w_train)
    results = []
    for model, inner_folds in zip(models, inner):
        estimator = candidate_estimator(base, model, seed)
        store = _FitStore()
        store[key] = _fitted_once(base, model, seed, resampled, X_train, y_train, w_train)
        store.fits = 1
        shared = _Shared(estimator, store).fit(X_train, y_train, w_train)
        results.append(_scored(members, shared, (X_train, y_train, w_train), (X_test, y_test, w_test), classes,
                               minority, seed, store, inner_folds))
    return results


def _fitted_once(candidate: Candidate, model, seed: int, resampled, X_train, y_train, w_train):
    """The candidate's model fitted on the fold's training rows, on the rows its sampler already made."""
    if resampled is None:
        estimator = candidate_estimator(candidate, model, seed)
        return estimator.fit(X_train, y_train, **weight_params(estimator, w_train))
    X_res, y_res, w_res = resampled
    weighting = "balanced" if candidate.class_weight else None
    return ResampledClassifier(None, _seeded(model, seed), class_weight=weighting).fit(X_res, y_res, w_res)


def _tuned(shared, goal, minority, seed, X_train, y_train, w_train, folds):
    """The threshold tuner of ``goal`` (on ``folds`` inner folds) fitted on the training rows; with weights,
    scikit-learn's tuner takes them through metadata routing, switched on for this fit only (it is a
    thread's setting)."""
    if w_train is None:
        return tuned_threshold(shared, goal, minority, random_state=seed, folds=folds).fit(X_train, y_train)
    with config_context(enable_metadata_routing=True):
        tuner = tuned_threshold(clone(shared).set_fit_request(sample_weight=True), goal, minority, random_state=seed,
                                folds=folds)
        return tuner.fit(X_train, y_train, sample_weight=w_train)


def _scored(members, shared, train, test, classes, minority, seed, store, inner_folds) -> _FoldResult:
    (X_train, y_train, w_train), (X_test, y_test, w_test) = train, test
    proba = _probabilities(shared, X_test, classes)
    plain = fold_scores(y_test, proba, classes, minority, w_test)
    scores, thresholds, failed = {}, {}, {}
    for member in members:
        if not member.threshold:
            scores[member.id] = plain
            continue
        at = {}  # tuned-for metric -> (threshold, decision scores at it)
        try:
            for goal in dict.fromkeys(TUNED_FOR.values()):
                tuner = _tuned(shared, goal, minority, seed, X_train, y_train, w_train, inner_folds)
                at[goal] = (float(tuner.best_threshold_),
                            decision_scores(y_test, tuner.predict(X_test), classes, minority, w_test))
        except ValueError as exc:  # the twin alone fails (a class too small for its inner folds)
            failed[member.id] = f"{member.label} failed on a training fold: {exc}"
            continue
        scores[member.id] = {**plain, **{m: at[TUNED_FOR[m]][1][m] for m in THRESHOLD_METRICS}}
        thresholds[member.id] = {m: at[TUNED_FOR[m]][0] for m in THRESHOLD_METRICS}
    column = proba[:, int(np.flatnonzero(classes == minority)[0])].astype(np.float32) if len(classes) == 2 else None
    return _FoldResult(scores, thresholds, column, store.fits, failed)


def _run_or_report(errors, label, *args):
    try:
        return _run_group(*args)
    except ValueError as exc:
        if errors == "raise":
            raise ValueError(f"{label} failed on a training fold: {exc}") from None
        return f"{label} failed on a training fold: {exc}"


def make_folds(y: np.ndarray, cv, repeats: int, random_state) -> list:
    """The (train, test) pairs: given ones checked, or repeated stratified k-fold."""
    if not isinstance(cv, Integral) and not isinstance(cv, (str, bool)):
        folds = [(np.asarray(train, dtype=np.intp), np.asarray(test, dtype=np.intp)) for train, test in cv]
        if len(folds) < 2 or repeats != 1:
            raise ValueError("cv as explicit folds needs at least 2 (train, test) pairs and repeats=1.")
        for train, test in folds:
            if not (len(train) and len(test)) or max(train.max(), test.max()) >= len(y) or min(train.min(), test.min()) < 0:
                raise ValueError(f"cv holds a fold with empty or out-of-range positions; positions must be in 0..{len(y) - 1}.")
        return folds
    if not isinstance(cv, Integral) or isinstance(cv, bool) or cv < 2:
        raise ValueError(f"cv={cv!r} must be an integer of at least 2 (the number of folds) or a list of folds.")
    if not isinstance(repeats, Integral) or isinstance(repeats, bool) or repeats < 1:
        raise ValueError(f"repeats={repeats!r} must be a positive integer.")
    counts = class_counts(y)
    smallest = min(counts, key=counts.get)
    if counts[smallest] < cv:
        raise ValueError(f"class {describe_label(smallest)} has {counts[smallest]} rows, fewer than cv={cv} folds: "
                         f"lower cv to at most {counts[smallest]} or add rows of that class.")
    splitter = RepeatedStratifiedKFold(n_splits=cv, n_repeats=repeats, random_state=random_state)
    return list(splitter.split(np.zeros((len(y), 1)), y))


def _check_X(X, y):
    if not isinstance(X, pd.DataFrame):
        X = np.asarray(X)
    if len(X) != len(y):
        raise ValueError(f"X has {len(X)} rows but y has {len(y)} labels: pass one label per row of X.")
    missing = pd.DataFrame(X).isna().any()
    if missing.any():
        raise ValueError(f"X has missing values in column(s) {list(missing.index[missing])}: fill them (e.g. with "
                         "the median) or drop those rows; samplers and models need complete rows.")
    return X


def _sampler_params(candidates) -> list:
    return [c.sampler.get_params() for c in candidates if c.sampler is not None]


def _plain_when_float(X, models: dict, candidates):
    """``X`` as a float array when it is a frame of float columns, every model is a named one and no sampler
    names columns: the samplers write the same rows from either, and scikit-learn's checks of a frame's
    column names and kinds cost more than a small model's fit, fold after fold. Otherwise ``X`` as it is."""
    plain = (isinstance(X, pd.DataFrame) and all(d.kind == "f" for d in X.dtypes)
             and all(isinstance(m, str) for m in models.values())
             and not any(p.get("categorical_features") is not None for p in _sampler_params(candidates)))
    return X.to_numpy() if plain else X


def _coded_when_free(y, classes, minority, models: dict, candidates):
    """``(y, classes, minority)`` as integer codes (positions in the sorted ``classes``) when every model is a
    named one and no sampler's strategy names classes; otherwise as they are. Codes keep the classes' order,
    so every draw and fit is the same, and the thousands of comparisons a fold's threshold tuning makes
    are of integers, not of text labels."""
    free = (all(isinstance(m, str) for m in models.values())
            and not any(isinstance(p.get("sampling_strategy"), dict) or callable(p.get("sampling_strategy"))
                        for p in _sampler_params(candidates)))
    if not free:
        return y, classes, minority
    return np.searchsorted(classes, y), np.arange(len(classes)), int(np.searchsorted(classes, minority))


def cross_validate(X, y, candidates, *, model="logistic", cv=DEFAULT_FOLDS, repeats: int = 1, random_state=0,
                   race: bool = False, threshold_best: bool = False, for_check: bool = False,
                   progress: Callable[[int, int, str], None] | None = None, n_jobs=None,
                   errors: str = "raise", known: Scores | None = None, sample_weight=None) -> Scores:
    """Score ``candidates`` by (repeated) stratified cross-validation, every metric from the same fits.

    Parameters
    ----------
    X : array-like or DataFrame
        Complete rows.
    y : array-like
    candidates : list of Candidate
        Distinct ids; a tuned threshold needs a binary target.
    model : str or classifier, default="logistic"
        See :func:`smote_core.models.make_model`.
    cv : int or list of (train, test), default=5
        Folds per drawing, or the folds themselves (then ``repeats`` must be 1).
    repeats : int, default=1
        Drawings of the folds.
    random_state : int, default=0
        Seeds the folds, and every sampler and model whose ``random_state`` is None (one seed per fold,
        the same for every candidate).
    race : bool, default=False
        Stop training candidates that are clearly behind after a drawing (module docstring).
    threshold_best : bool, default=False
        After the first drawing, add the technique with the best PR-AUC with a tuned threshold (binary
        targets): where it is cheap, the best sampler and a moved threshold together.
    for_check : bool, default=False
        Size a named model for the check (:mod:`smote_core.models`).
    progress : callable, optional
        ``progress(done, total, text)`` after each candidate is scored on a fold.
    n_jobs : int, optional
        Candidates and folds trained at once, in worker processes (every fit itself on one thread;
        :func:`smote_core._workers.dearest_first`); None trains them one after another in this process.
        Processes, not threads: most of a small fit is Python holding the interpreter's lock, and two
        threads took longer than one.
    errors : {"raise", "skip"}, default="raise"
        What a candidate that fails on a fold (a ``ValueError``) does: stop, or be left out and
        recorded in ``skipped``.
    known : Scores, optional
        Scores of an earlier run on the same rows, folds, model and weights: a candidate it scored on every
        fold, with the same sampler settings, is taken from it instead of being fitted again.
    sample_weight : array-like of shape (n_samples,), optional
        One non-negative weight per row: training folds carry them through the sampler to the model (and
        the threshold tuner), and every test-fold metric is weighted. The model must take
        ``sample_weight`` in ``fit`` (a pipeline's final step).

    Returns
    -------
    Scores
    """
    return cross_validate_models(X, y, candidates, {model_name(model): model}, cv=cv, repeats=repeats,
                                 random_state=random_state, race=race, threshold_best=threshold_best,
                                 for_check=for_check, progress=progress, n_jobs=n_jobs, errors=errors,
                                 known=known, sample_weight=sample_weight)[model_name(model)]


def cross_validate_models(X, y, candidates, models: dict, *, cv=DEFAULT_FOLDS, repeats: int = 1, random_state=0,
                          race: bool = False, threshold_best: bool = False, for_check: bool = False,
                          progress: Callable[[int, int, str], None] | None = None, n_jobs=None,
                          errors: str = "raise", known: Scores | None = None, sample_weight=None) -> dict:
    """:func:`cross_validate` for several models at once: each technique resamples a fold's training rows
    once, and every model is trained on those rows. ``models`` maps a name to a model; the result maps
    the same names to :class:`Scores`. Racing and ``threshold_best`` need a single model."""
    start = time.perf_counter()
    y = check_target(y)
    if errors not in ("raise", "skip"):
        raise ValueError(f"errors={errors!r} must be 'raise' (stop at a failing technique) or 'skip' (leave it out).")
    if (race or threshold_best or known is not None) and len(models) > 1:
        raise ValueError("racing, threshold_best and known scores follow one model's scores: pass a single model.")
    X = _plain_when_float(_check_X(X, y), models, candidates)
    w = None if sample_weight is None else check_sample_weight(sample_weight, len(y), y).values
    counts = class_counts(y)
    classes = np.unique(y)
    minority = min(counts, key=counts.get)
    if len(classes) > 2 and any(c.threshold for c in candidates):
        raise ValueError("a decision threshold can be tuned for two classes only; this target has "
                         f"{len(classes)}: leave out the tuned-threshold candidates.")
    if len({c.id for c in candidates}) != len(candidates):
        raise ValueError("candidate ids must be distinct.")
    folds = make_folds(y, cv, repeats, random_state)
    per_drawing = len(folds) // repeats
    seeds = check_random_state(random_state).randint(np.iinfo(np.int32).max, size=len(folds))
    built = tuple(make_model(m, X, random_state=random_state, for_check=for_check) for m in models.values())
    inner = tuple(threshold_folds(m, for_check) for m in models.values())
    for model in built if w is not None else ():
        weight_params(model, w)  # a model that cannot take the weights fails here, before any fit
    groups = _groups(candidates)
    races = {}
    for name, given in models.items():
        scores = Scores(list(candidates), {}, {}, {}, [y[test] for _, test in folds], per_drawing, repeats, classes,
                        minority, model_name(given), for_check and isinstance(given, str), weights=_weights_digest(w))
        races[name] = _Race(scores, groups, len(folds), progress if not races else None)
        if known is not None and _same_folds(known, scores):
            races[name].reuse(known)
    lead = next(iter(races.values()))
    fit_y, fit_classes, fit_minority = _coded_when_free(y, classes, minority, models, candidates)

    def run(group_ids, fold_range):
        tasks = {(g, i): (errors, groups[g][0].label, groups[g], X, fit_y, w, *folds[i], built, inner, fit_classes,
                          fit_minority, seeds[i]) for g in group_ids for i in fold_range}
        for (g, i), result in dearest_first(_run_or_report, tasks, n_jobs, kind=itemgetter(0), seconds=lead.seconds):
            for k, state in enumerate(races.values()):
                state.record(g, i, result if isinstance(result, str) else result[k])

    for drawing in range(repeats):
        fold_range = range(drawing * per_drawing, (drawing + 1) * per_drawing)
        run(lead.running(), fold_range)
        if drawing == 0 and threshold_best and len(classes) == 2:
            added = lead.add_threshold_to_best()
            if added is not None:
                run([added], fold_range)
        if race and drawing < repeats - 1:
            lead.drop_behind(drawing + 1)
    for state in races.values():
        state.scores.seconds = time.perf_counter() - start
    return {name: state.scores for name, state in races.items()}


def _same_folds(known: Scores, scores: Scores) -> bool:
    """Whether ``known`` was scored on the same test rows in the same order, with the same kind of model and
    the same weights (weighted and unweighted scores never stand in for each other)."""
    return (known.model == scores.model and known.for_check == scores.for_check and known.weights == scores.weights
            and len(known.y_test) == len(scores.y_test)
            and all(np.array_equal(a, b) for a, b in zip(known.y_test, scores.y_test)))


def _settings(candidate: Candidate) -> str:
    sampler = candidate.sampler
    return repr(sorted(sampler.get_params(deep=True).items())) if sampler is not None else ""


def _groups(candidates) -> dict:
    """Base id -> the candidates trained by one fit (a candidate and its tuned-threshold twin)."""
    groups = {}
    for candidate in candidates:
        groups.setdefault(candidate.base_id, []).append(candidate)
    return groups


def time_left(seconds: float) -> str:
    """``about 40 s left``, ``about 3 min left`` or ``under a second left`` (``time left unknown`` for NaN).

    >>> time_left(40.2), time_left(170), time_left(0.3)
    ('about 40 s left', 'about 3 min left', 'under a second left')
    """
    if not np.isfinite(seconds):
        return "time left unknown"
    if seconds < 1:
        return "under a second left"
    return f"about {seconds:.0f} s left" if seconds < 90 else f"about {seconds / 60:.0f} min left"


class _Race:
    """Book-keeping of a run: scores as they arrive, progress, and which groups still run."""

    def __init__(self, scores: Scores, groups: dict, n_folds: int, progress):
        self.scores, self.groups, self.n_folds, self.progress = scores, groups, n_folds, progress
        self.active = dict.fromkeys(groups)
        self.done = 0
        self.seconds = {}  # group -> seconds each of its folds took in its worker (kept by dearest_first)
        self.start = time.perf_counter()
        for candidate in scores.candidates:
            self._allocate(candidate)

    def _allocate(self, candidate: Candidate) -> None:
        self.scores.values[candidate.id] = {m.id: np.full(self.n_folds, np.nan) for m in METRICS}
        self.scores.probabilities[candidate.id] = [None] * self.n_folds
        if candidate.threshold:
            self.scores.thresholds[candidate.id] = {m: np.full(self.n_folds, np.nan) for m in THRESHOLD_METRICS}

    def running(self) -> list:
        return list(self.active)

    def reuse(self, known: Scores) -> None:
        """Take every group whose members ``known`` scored on every fold, with the same settings."""
        for group, members in list(self.groups.items()):
            found = [known.candidate(m.id) for m in members if m.id in known.values and m.id not in known.skipped]
            if len(found) != len(members) or any(_settings(a) != _settings(b) for a, b in zip(found, members)) \
                    or any(np.isnan(known.values[m.id]["brier"]).any() for m in members):
                continue
            for member in members:
                self.scores.values[member.id] = {k: v.copy() for k, v in known.values[member.id].items()}
                self.scores.probabilities[member.id] = list(known.probabilities[member.id])
                if member.id in known.thresholds:
                    self.scores.thresholds[member.id] = {k: v.copy() for k, v in known.thresholds[member.id].items()}
            self.active.pop(group)

    def record(self, group: str, fold: int, result) -> None:
        members = self.groups[group]
        if isinstance(result, str):
            for member in members:
                self.scores.skipped.setdefault(member.id, result)
            self.active.pop(group, None)
        else:
            for member in members:
                if member.id in result.failed:
                    self._leave_out(member, result.failed[member.id])
                    continue
                if member.id in self.scores.skipped:
                    continue
                for metric, value in result.scores[member.id].items():
                    self.scores.values[member.id][metric][fold] = value
                for metric, value in result.thresholds.get(member.id, {}).items():
                    self.scores.thresholds[member.id][metric][fold] = value
                self.scores.probabilities[member.id][fold] = result.minority_proba
            self.scores.fits += result.fits
        self.done += 1
        if self.progress is not None:
            planned = self._planned()
            left = f" · {time_left(self._seconds_left())}" if self.done < planned else ""
            self.progress(self.done, planned, f"{members[0].label}, fold {fold + 1} of {self.n_folds}{left}")

    def _leave_out(self, member: Candidate, why: str) -> None:
        """Leave ``member`` (a tuned-threshold twin) out of the results; its group runs on for the members that
        work. A twin is an extra the comparison adds, so it never stops a comparison, even with errors="raise"."""
        self.scores.skipped.setdefault(member.id, why)

    def _planned(self) -> int:
        return self.done + sum(self._folds_left(g) for g in self.active)

    def _folds_left(self, group: str) -> int:
        return self.n_folds - int(np.sum(~np.isnan(self.scores.values[self.groups[group][0].id]["brier"])))

    def _seconds_left(self) -> float:
        """Seconds until the run ends: the folds left of every running group, each expected to take what that
        group's folds took so far (a group not yet timed: the mean fold), at the pace the work has gone so
        far (seconds of work per second, about one a worker). Costs differ between candidates by a hundred
        times and the dearest run first, so the pace of folds alone overstated the time left two- to
        three-fold."""
        timed = [s for times in self.seconds.values() for s in times]
        if not timed:
            return float("nan")
        mean = sum(timed) / len(timed)
        work = sum(self._folds_left(g) * (float(np.mean(self.seconds[g])) if self.seconds.get(g) else mean)
                   for g in self.active)
        return work * (time.perf_counter() - self.start) / sum(timed)

    def add_threshold_to_best(self) -> str | None:
        """Add the tuned-threshold twin of the sampler with the best PR-AUC so far: it joins its base's group
        (one fit for both from the next drawing on); returns the id of a group that catches the twin up on
        the drawing just run, or None when no sampler runs."""
        resampling = [g for g in self.active if self.groups[g][0].resamples
                      and not any(m.threshold for m in self.groups[g])]
        if not resampling:
            return None
        best = max(resampling, key=lambda g: self.scores.mean(self.groups[g][0].id, "average_precision"))
        twin = with_threshold(self.groups[best][0])
        self.scores.candidates.append(twin)
        self._allocate(twin)
        self.groups[best].append(twin)
        catch_up = f"{twin.id}, first drawing"
        self.groups[catch_up] = [twin]
        return catch_up

    def drop_behind(self, drawings: int) -> None:
        """Stop running groups every member of which is clearly behind on every goal."""
        live = [c.id for g in self.active for c in self.groups[g] if c.id not in self.scores.skipped]
        for group in list(self.active):
            members = [c.id for c in self.groups[group]]
            if group == "none" or not all(self._behind_everywhere(m, live) for m in members):
                continue
            self.active.pop(group)
            for member in members:
                self.scores.dropped[member] = drawings

    def _behind_everywhere(self, candidate_id: str, live: list) -> bool:
        for goal in GOALS:
            best = max(live, key=lambda c: sign(goal) * self.scores.mean(c, goal))
            gains = self.scores.gains(best, candidate_id, goal)
            gap = float(gains.mean()) if len(gains) else 0.0
            if not (gap > TIE and gap > RACE_Z * noise(gains, self.scores.cv)):
                return False
        return True

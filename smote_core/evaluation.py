"""Does resampling help? A leakage-safe, cross-validated comparison of techniques, and its verdict.

Every technique is scored on the same folds. Inside a fold the sampler sees the training rows only;
the test rows are never resampled, so the scores estimate what happens on new, real data. The
``leaky=True`` mode resamples *before* splitting, the common mistake, and exists only to show how much
it inflates the scores; its rows are labelled ``protocol="leaky"``.

Metrics (binary targets: the minority class is the positive class):

- ``average_precision`` (PR-AUC), ``roc_auc``: ranking quality of the predicted probabilities.
- ``balanced_accuracy``: mean recall over the classes.
- ``f1_minority``: F1 of the minority class.
- ``g_mean``: geometric mean of the per-class recalls.
- ``brier``: mean squared error of the predicted probabilities (lower is better).

Multi-class targets use macro averages: one-vs-rest average precision and ROC-AUC averaged over the
classes, F1 averaged over the classes, G-mean over all per-class recalls, and the Brier score as the
one-vs-rest Brier score of each class averaged over the classes (for two classes this is exactly the
usual binary Brier score).
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from numbers import Integral
from typing import Callable

import numpy as np
import pandas as pd
from sklearn.utils.parallel import Parallel, delayed
from sklearn.base import clone
from sklearn.compose import make_column_transformer
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, f1_score, recall_score, roc_auc_score
from sklearn.model_selection import RepeatedStratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.utils import check_random_state
from sklearn.utils.class_weight import compute_sample_weight
from sklearn.utils.validation import has_fit_parameter
from threadpoolctl import threadpool_limits

from . import registry
from ._validation import check_target, class_counts, describe_label, is_numeric_kind


@dataclass(frozen=True)
class Metric:
    """A metric of the comparison: its column id, the name shown to people, and its direction."""

    id: str
    label: str
    greater_is_better: bool = True


METRICS = (
    Metric("average_precision", "PR-AUC"),
    Metric("roc_auc", "ROC-AUC"),
    Metric("balanced_accuracy", "balanced accuracy"),
    Metric("f1_minority", "minority F1"),
    Metric("g_mean", "G-mean"),
    Metric("brier", "Brier score", greater_is_better=False),
)
_METRIC_BY_ID = {metric.id: metric for metric in METRICS}
BASELINES = {
    "none": "No resampling",
    "class_weight": "Class weights (balanced)",
}
MODELS = {
    "logistic": "logistic regression (standardised features)",
    "random_forest": "random forest",
    "hist_gradient_boosting": "histogram gradient boosting",
}
PROTOCOLS = {
    "correct": "resampled inside each training fold",
    "leaky": "LEAKY: resampled before splitting; scores are inflated and must not be trusted",
}


def get_metric(metric_id: str) -> Metric:
    """The :class:`Metric` called ``metric_id``; a clear ``ValueError`` lists the known ids."""
    try:
        return _METRIC_BY_ID[metric_id]
    except KeyError:
        raise ValueError(
            f"unknown metric {metric_id!r}; choose one of: {', '.join(_METRIC_BY_ID)}."
        ) from None


def make_model(model="logistic", X=None, random_state=0):
    """The classifier to train: a name from :data:`MODELS` or any scikit-learn classifier (cloned).

    Named models are ``"logistic"`` (StandardScaler + LogisticRegression), ``"random_forest"`` and
    ``"hist_gradient_boosting"``. When ``X`` is a DataFrame with text or category columns, a named
    model one-hot encodes them first; a classifier passed in gets the columns as they are.
    """
    if not isinstance(model, str):
        if not (hasattr(model, "fit") and hasattr(model, "predict_proba")):
            raise ValueError(
                f"model {model!r} is not a classifier with predict_proba; pass one of {list(MODELS)} or a "
                "scikit-learn classifier (wrap one without probabilities in CalibratedClassifierCV)."
            )
        return clone(model)
    if model == "logistic":
        scale, estimator = StandardScaler(), LogisticRegression(max_iter=1000)
    elif model == "random_forest":
        scale = "passthrough"
        estimator = RandomForestClassifier(random_state=random_state)
    elif model == "hist_gradient_boosting":
        scale, estimator = "passthrough", HistGradientBoostingClassifier(random_state=random_state)
    else:
        raise ValueError(
            f"unknown model {model!r}; choose one of {list(MODELS)} or pass a scikit-learn classifier."
        )
    categorical = _categorical_columns(X)
    if categorical:
        numeric = [name for name in X.columns if name not in categorical]
        encode = make_column_transformer(
            (OneHotEncoder(handle_unknown="ignore", sparse_output=False), categorical), (scale, numeric)
        )
        return make_pipeline(encode, estimator)
    return estimator if scale == "passthrough" else make_pipeline(scale, estimator)


def _categorical_columns(X) -> list:
    if not isinstance(X, pd.DataFrame):
        return []
    return [name for name, dtype in X.dtypes.items() if not is_numeric_kind(dtype)]


@dataclass
class _Entry:
    """One row of the comparison: a baseline (``sampler`` None) or a sampler to clone per fold."""

    key: str
    label: str
    sampler: object = None


def _entries(techniques, params) -> list[_Entry]:
    """Baselines first, then each technique once, in the order given."""
    params = params or {}
    known_ids = {t.id for t in registry.techniques()}
    unknown = sorted(set(params) - {t for t in techniques if isinstance(t, str)})
    if unknown:
        raise ValueError(
            f"params given for {unknown}, which are not among the techniques; "
            "key params by the technique ids you pass."
        )
    entries = [_Entry(key, label) for key, label in BASELINES.items()]
    seen, labels = set(BASELINES), set(BASELINES.values())
    for technique in techniques:
        if isinstance(technique, str):
            if technique in seen:
                continue
            sampler = registry.make(technique, **params.get(technique, {}))
        elif hasattr(technique, "fit_resample"):
            sampler = technique
        else:
            raise ValueError(
                f"technique {technique!r} is neither a technique id nor a sampler with fit_resample; "
                f"use one of: {', '.join(sorted(known_ids))}."
            )
        base = getattr(sampler, "_technique", "") or type(sampler).__name__
        name = registry.get(base).label if base in known_ids else type(sampler).__name__
        label = _label(name, _changed_params(sampler, _LABEL_SKIPS))
        if label in labels:  # the same technique twice: tell them apart by every changed parameter
            label = _label(name, _changed_params(sampler, ("random_state",)))
        labels.add(label)
        key, n = base, 2
        while key in seen:
            key, n = f"{base}-{n}", n + 1
        seen.add(key)
        entries.append(_Entry(key, label, sampler))
    return entries


# parameters left out of a technique's label: the seed, and how neighbours are searched (recorded in
# the results' attrs["neighbor_scaling"] instead, so that a comparison run wholly on scaled searches
# does not repeat it on every row)
_LABEL_SKIPS = ("random_state", "neighbor_scaling")


def _label(name: str, changed: str) -> str:
    return f"{name} ({changed})" if changed else name


def _changed_params(sampler, skip) -> str:
    """The sampler's parameters that differ from its defaults (those in ``skip`` aside), as ``k=v`` text."""
    parameters = inspect.signature(type(sampler).__init__).parameters.items()
    defaults = {name: p.default for name, p in parameters if p.default is not inspect.Parameter.empty}
    entries = {technique.id: technique for technique in registry.techniques()}
    if getattr(sampler, "_technique", None) in entries:
        defaults.update(entries[sampler._technique].defaults)
    changed = [
        f"{name}={value!r}" for name, value in sampler.get_params(deep=False).items()
        if name not in skip and repr(value) != repr(defaults.get(name))
    ]
    return ", ".join(changed)


def _take(X, rows):
    return X.iloc[rows] if isinstance(X, pd.DataFrame) else X[rows]


def _seeded(estimator, seed):
    """A clone of ``estimator`` whose unset ``random_state`` is ``seed`` (set ones are kept)."""
    estimator = clone(estimator)
    if "random_state" in estimator.get_params(deep=False) and estimator.random_state is None:
        estimator.set_params(random_state=int(seed))
    return estimator


def _balanced(estimator, y):
    """``estimator`` weighted so that every class counts equally, and the fit arguments it needs."""
    keys = [key for key in estimator.get_params() if key == "class_weight" or key.endswith("__class_weight")]
    if keys:
        return estimator.set_params(**{key: "balanced" for key in keys}), {}
    if has_fit_parameter(estimator, "sample_weight"):
        return estimator, {"sample_weight": compute_sample_weight("balanced", y)}
    raise ValueError(
        f"{type(estimator).__name__} takes neither class_weight nor sample_weight, so the class-weight "
        "baseline cannot be trained; pick a classifier that takes one of them."
    )


def _scores(y_true, proba, classes, minority) -> dict:
    """Every metric of one test fold, from the predicted probabilities (columns in ``classes`` order)."""
    onehot = y_true[:, None] == classes[None, :]
    predicted = classes[np.argmax(proba, axis=1)]
    recalls = recall_score(y_true, predicted, labels=classes, average=None, zero_division=0)
    brier = float(np.mean((proba - onehot) ** 2))
    if len(classes) == 2:
        col = int(np.flatnonzero(classes == minority)[0])
        ranking = {
            "average_precision": average_precision_score(onehot[:, col], proba[:, col]),
            "roc_auc": roc_auc_score(onehot[:, col], proba[:, col]),
            "f1_minority": f1_score(y_true, predicted, pos_label=minority, average="binary", zero_division=0),
        }
    else:
        ranking = {
            "average_precision": average_precision_score(onehot, proba, average="macro"),
            "roc_auc": roc_auc_score(y_true, proba, multi_class="ovr", average="macro", labels=classes),
            "f1_minority": f1_score(y_true, predicted, labels=classes, average="macro", zero_division=0),
        }
    return {
        "average_precision": float(ranking["average_precision"]),
        "roc_auc": float(ranking["roc_auc"]),
        "balanced_accuracy": float(np.mean(recalls)),
        "f1_minority": float(ranking["f1_minority"]),
        "g_mean": float(np.prod(recalls) ** (1.0 / len(recalls))),
        "brier": brier,
    }


def _probabilities(estimator, X, classes) -> np.ndarray:
    """Predicted probabilities with one column per class of the whole target (absent classes get 0)."""
    proba = estimator.predict_proba(X)
    fitted = np.asarray(estimator.classes_)
    if len(fitted) == len(classes) and np.array_equal(fitted, classes):
        return proba
    full = np.zeros((proba.shape[0], len(classes)))
    full[:, np.searchsorted(classes, fitted)] = proba
    return full


def _run_fold(key, label, sampler, X, y, model, train, test, classes, minority, seed):
    """Train one entry on one fold's training rows and score it on the fold's test rows.

    ``sampler`` (None for the baselines and for the leaky protocol, whose X and y are already
    resampled) is given the training rows only.
    """
    X_train, y_train = _take(X, train), y[train]
    estimator, fit_params = _seeded(model, seed), {}
    if key == "class_weight":
        estimator, fit_params = _balanced(estimator, y_train)
    elif sampler is not None:
        try:
            X_train, y_train = _seeded(sampler, seed).fit_resample(X_train, y_train)
        except ValueError as exc:
            raise ValueError(f"{label} failed on a training fold: {exc}") from None
    estimator.fit(X_train, np.asarray(y_train), **fit_params)
    return _scores(y[test], _probabilities(estimator, _take(X, test), classes), classes, minority)


def evaluate(X, y, techniques=("smote",), model="logistic", cv=5, repeats=1, random_state=0,
             progress: Callable[[int, int, str], None] | None = None, leaky=False, params=None,
             n_jobs=None, errors="raise") -> pd.DataFrame:
    """Cross-validated comparison of resampling techniques against the no-resampling baselines.

    Parameters
    ----------
    X : array-like or DataFrame of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    techniques : iterable of str or samplers, default=("smote",)
        Registry ids (``"smote"``, ``"smote-enn"``, ...) or sampler objects (cloned per fold). The
        baselines ``none`` and ``class_weight`` (``class_weight="balanced"``) are always added first.
    model : str or classifier, default="logistic"
        ``"logistic"``, ``"random_forest"``, ``"hist_gradient_boosting"`` or any scikit-learn
        classifier with ``predict_proba`` (see :func:`make_model`).
    cv : int or list of (train, test), default=5
        Number of stratified folds, or the folds themselves as pairs of row-position arrays (e.g. the
        outer folds of a nested evaluation); ``repeats`` must then be 1.
    repeats : int, default=1
        Number of times the folds are drawn anew (repeated stratified k-fold).
    random_state : int, default=0
        Seeds the folds and every sampler or model whose own ``random_state`` is None.
    progress : callable, optional
        Called as ``progress(done, total, text)`` after each model is trained and scored on a fold.
    leaky : bool, default=False
        Resample the whole data set first, then split it: the mistake, shown only for teaching.
    params : dict, optional
        Technique id -> parameters for :func:`smote_core.registry.make`.
    n_jobs : int, optional
        Fits to run in parallel (joblib threads, so the data is not copied). Each fit itself runs on
        one thread (BLAS and OpenMP are limited to one), which suits many small fits and does not
        fight other work for the cores.
    errors : {"raise", "skip"}, default="raise"
        What a technique that fails on a fold (a ``ValueError``: e.g. too few rows of a class in a
        training fold) does: stop the comparison, or leave that technique out of the results and
        record why in ``attrs["skipped"]`` (technique -> message).

    Returns
    -------
    DataFrame
        One row per technique and metric: ``technique``, ``label``, ``protocol`` (``"correct"`` or
        ``"leaky"``), ``metric``, ``metric_label``, ``mean``, ``std`` (across folds, ddof=1) and
        ``folds`` (a tuple of the per-fold values, in the same fold order for every technique; see
        :func:`fold_values`). ``attrs`` records the model, cv, repeats, protocol and minority class.
    """
    y = check_target(y)
    if errors not in ("raise", "skip"):
        raise ValueError(f"errors={errors!r} must be 'raise' (stop at a failing technique) or 'skip' (leave it out).")
    if not isinstance(X, pd.DataFrame):
        X = np.asarray(X)
    if len(X) != len(y):
        raise ValueError(f"X has {len(X)} rows but y has {len(y)} labels: pass one label per row of X.")
    missing = pd.DataFrame(X).isna().any()
    if missing.any():
        raise ValueError(
            f"X has missing values in column(s) {list(missing.index[missing])}: fill them (e.g. with the "
            "median) or drop those rows; samplers and models need complete rows."
        )
    counts = class_counts(y)
    classes = np.unique(y)
    minority = min(counts, key=counts.get)
    folds = _folds(cv, repeats, counts, y, random_state)
    entries = _entries(list(techniques), params)
    base_model = make_model(model, X, random_state=random_state)
    seeds = check_random_state(random_state).randint(np.iinfo(np.int32).max, size=len(folds))

    # the correct protocol: every entry on the same folds, the sampler inside each training fold
    plan = {entry.key: (entry.sampler, X, y, folds) for entry in entries}
    if leaky:
        for entry in entries:
            if entry.sampler is not None:
                try:
                    X_res, y_res = _seeded(entry.sampler, seeds[0]).fit_resample(X, y)
                except ValueError as exc:
                    raise ValueError(f"{entry.label} failed on the whole data: {exc}") from None
                y_res = np.asarray(y_res)
                plan[entry.key] = (None, X_res, y_res, _folds(len(folds), 1, counts, y_res, random_state))

    tasks = [(entry, i) for i in range(len(folds)) for entry in entries]
    runner = Parallel(n_jobs=n_jobs, prefer="threads", return_as="generator")
    results, skipped = {}, {}
    jobs = (
        delayed(_run_or_report)(errors, entry.key, entry.label, *plan[entry.key][:3], base_model,
                                *plan[entry.key][3][i], classes, minority, seeds[i])
        for entry, i in tasks
    )
    with threadpool_limits(limits=1):
        for done, ((entry, i), scores) in enumerate(zip(tasks, runner(jobs)), start=1):
            if isinstance(scores, str):
                skipped.setdefault(entry.key, scores)
            results[entry.key, i] = scores
            if progress is not None:
                progress(done, len(tasks), f"{entry.label}, fold {i + 1} of {len(folds)}")

    protocol = "leaky" if leaky else "correct"
    rows = []
    for entry in (e for e in entries if e.key not in skipped):
        label = entry.label if not (leaky and entry.sampler is not None) else f"{entry.label} [leaky]"
        for metric in METRICS:
            values = np.array([results[entry.key, i][metric.id] for i in range(len(folds))])
            rows.append({
                "technique": entry.key, "label": label,
                "protocol": protocol if entry.sampler is not None else "correct",
                "metric": metric.id, "metric_label": _metric_label(metric, len(classes)),
                "mean": float(values.mean()), "std": float(values.std(ddof=1)),
                "folds": tuple(values.tolist()),
            })
    frame = pd.DataFrame(rows)
    frame.attrs.update({
        "model": model if isinstance(model, str) else type(model).__name__,
        "cv": len(folds) // repeats, "repeats": repeats, "random_state": random_state,
        "protocol": protocol, "protocol_text": PROTOCOLS[protocol],
        "minority": minority, "n_rows": len(y), "skipped": skipped,
        "neighbor_scaling": {entry.key: entry.sampler.neighbor_scaling for entry in entries
                             if getattr(entry.sampler, "neighbor_scaling", None) is not None},
    })
    return frame


def _run_or_report(errors, *args):
    """:func:`_run_fold`, or with ``errors="skip"`` the message of the ``ValueError`` it raised."""
    try:
        return _run_fold(*args)
    except ValueError as exc:
        if errors == "raise":
            raise
        return str(exc)


def _metric_label(metric: Metric, n_classes: int) -> str:
    """The metric's name; F1 of the minority becomes the macro F1 on multi-class targets."""
    return "macro F1" if metric.id == "f1_minority" and n_classes > 2 else metric.label


def _folds(cv, repeats, counts, y, random_state) -> list:
    """The (train, test) pairs: given ones checked, or repeated stratified k-fold."""
    if not isinstance(cv, Integral) and not isinstance(cv, (str, bool)):
        folds = [(np.asarray(train, dtype=np.intp), np.asarray(test, dtype=np.intp)) for train, test in cv]
        if len(folds) < 2 or repeats != 1:
            raise ValueError("cv as explicit folds needs at least 2 (train, test) pairs and repeats=1.")
        for train, test in folds:
            if not (len(train) and len(test)) or max(train.max(), test.max()) >= len(y) or min(train.min(), test.min()) < 0:
                raise ValueError(f"cv holds a fold with empty or out-of-range positions; positions must be in 0..{len(y) - 1}.")
        return folds
    _check_folds(cv, repeats, counts)
    splitter = RepeatedStratifiedKFold(n_splits=cv, n_repeats=repeats, random_state=random_state)
    return list(splitter.split(np.zeros((len(y), 1)), y))


def _check_folds(cv, repeats, counts) -> None:
    if not isinstance(cv, Integral) or isinstance(cv, bool) or cv < 2:
        raise ValueError(f"cv={cv!r} must be an integer of at least 2 (the number of folds) or a list of folds.")
    if not isinstance(repeats, Integral) or isinstance(repeats, bool) or repeats < 1:
        raise ValueError(f"repeats={repeats!r} must be a positive integer.")
    smallest = min(counts, key=counts.get)
    if counts[smallest] < cv:
        raise ValueError(
            f"class {describe_label(smallest)} has {counts[smallest]} rows, fewer than cv={cv} folds: "
            f"lower cv to at most {counts[smallest]} or add rows of that class."
        )


def fold_values(results: pd.DataFrame) -> pd.DataFrame:
    """The per-fold scores of :func:`evaluate` in long form: technique, metric, fold, value."""
    long = results[["technique", "label", "protocol", "metric", "folds"]].explode("folds", ignore_index=True)
    long = long.rename(columns={"folds": "value"})
    long["value"] = long["value"].astype(float)
    long.insert(4, "fold", long.groupby(["technique", "protocol", "metric"]).cumcount())
    return long


def pivot(results: pd.DataFrame, value: str = "mean") -> pd.DataFrame:
    """Techniques as rows, metrics as columns (``value`` is ``"mean"`` or ``"std"``), in evaluation order."""
    table = results.pivot_table(index="label", columns="metric", values=value, sort=False)
    return table[[m.id for m in METRICS if m.id in table.columns]]


@dataclass
class Verdict:
    """What the comparison says, in numbers and in plain words.

    Attributes
    ----------
    metric : str
        Metric the techniques were ranked on.
    best : str or None
        Technique id of the best entry other than ``none`` (None when nothing beat ``none``).
    best_label : str
    baseline : float
        Mean score of ``none`` on the metric.
    score : float
        Mean score of the best entry.
    gain : float
        ``score - baseline`` in the metric's good direction (positive = better).
    spread : float
        Standard deviation across folds of the paired per-fold gains.
    clear : bool
        Whether the gain is larger than the fold-to-fold spread.
    brier_change : float
        Brier score of the best entry minus that of ``none`` (positive = worse calibrated).
    calibration : str
        ``"worse"``, ``"better"`` or ``"unchanged"`` (see :func:`calibration_change`).
    text : str
        The verdict in plain words.
    """

    metric: str
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


def _fmt(*values) -> list[str]:
    """Format numbers with two decimals, or three where two would hide their difference."""
    digits = 2 if len({f"{v:.2f}" for v in values}) == len(values) else 3
    return [f"{v:.{digits}f}" for v in values]


def _row(results, technique, metric):
    match = results[(results["technique"] == technique) & (results["metric"] == metric)]
    if match.empty:
        raise ValueError(f"the results have no {metric!r} score for {technique!r}; pass the output of evaluate().")
    return match.iloc[0]


def paired_gains(results: pd.DataFrame, technique: str, metric: str, against: str = "none") -> np.ndarray:
    """Per-fold gains of ``technique`` over ``against`` on ``metric``, positive where it did better."""
    sign = 1.0 if get_metric(metric).greater_is_better else -1.0
    return sign * (np.asarray(_row(results, technique, metric)["folds"])
                   - np.asarray(_row(results, against, metric)["folds"]))


def calibration_change(results: pd.DataFrame, technique: str) -> str:
    """``"worse"`` / ``"better"`` when ``technique``'s Brier score moved that way on average and in at
    least 80 % of the folds compared with no resampling; ``"unchanged"`` otherwise."""
    gains = paired_gains(results, technique, "brier")  # positive where the Brier score went down
    if gains.mean() > 0 and np.mean(gains > 0) >= 0.8:
        return "better"
    if gains.mean() < 0 and np.mean(gains < 0) >= 0.8:
        return "worse"
    return "unchanged"


def verdict(results: pd.DataFrame, metric: str = "average_precision") -> Verdict:
    """Judge an :func:`evaluate` result: the best technique on ``metric``, against no resampling.

    The gain counts as clear when it is larger than the standard deviation of the per-fold gains
    (the same folds are used for every technique, so the gains are paired fold by fold). Calibration
    is judged by :func:`calibration_change`.

    Raises
    ------
    ValueError
        For leaky results (their scores are inflated) or an unknown metric.
    """
    info = get_metric(metric)
    if (results["protocol"] == "leaky").any():
        raise ValueError(
            "these results come from the leaky protocol (resampled before splitting), whose scores are "
            "inflated; judge the results of evaluate(..., leaky=False) instead."
        )
    sign = 1.0 if info.greater_is_better else -1.0
    scores = results[results["metric"] == metric]
    if scores.empty:
        raise ValueError(f"the results have no {metric!r} scores; pass the output of evaluate().")
    none = _row(results, "none", metric)
    candidates = scores[scores["technique"] != "none"]
    best = candidates.loc[(sign * candidates["mean"]).idxmax()]
    gains = paired_gains(results, best["technique"], metric)
    gain, spread = float(gains.mean()), float(gains.std(ddof=1))
    brier_none, brier_best = _row(results, "none", "brier"), _row(results, best["technique"], "brier")
    brier_change = float(brier_best["mean"] - brier_none["mean"])
    calibration = calibration_change(results, best["technique"])
    clear = gain > spread

    before, after = _fmt(none["mean"], best["mean"])
    if gain <= 0:
        text = (
            f"Nothing beat training on the data as it is: without resampling the {info.label} was "
            f"{before}, and the best alternative, {best['label']}, reached {after}. "
            "Keep the original data; try other models or features instead."
        ) + _threshold_note(results, metric)
        return Verdict(metric, None, best["label"], float(none["mean"]), float(best["mean"]), gain, spread,
                       False, brier_change, calibration, text)

    digits = len(after.split(".")[1])
    verb = "raised" if info.greater_is_better else "lowered"
    sentences = [
        f"{best['label']} {verb} {info.label} from {before} to {after} (±{spread:.{digits}f} across folds)"
    ]
    if not clear:
        sentences[0] += (
            ", but the gain is smaller than the fold-to-fold spread, so it may be luck of the split: "
            "no technique clearly helps here."
        )
    if metric != "brier":
        b0, b1 = _fmt(brier_none["mean"], brier_best["mean"])
        if calibration == "worse":
            weights_help = calibration_change(results, "class_weight") != "worse"
            advice = ("recalibrate it (e.g. CalibratedClassifierCV)" if best["technique"] == "class_weight"
                      or not weights_help else "recalibrate or use class weights instead")
            sentences.append(
                f"It worsened the Brier score ({b0} → {b1}): the predicted probabilities overstate the "
                f"minority class; if you need probabilities, {advice}."
            )
        elif calibration == "better":
            sentences.append(f"It also improved the Brier score ({b0} → {b1}), so the probabilities got better too.")
        else:
            sentences.append(f"The Brier score did not move consistently ({b0} → {b1}).")
    if best["technique"] not in BASELINES and clear:
        weighted = _row(results, "class_weight", metric)
        cw_gap = sign * (best["mean"] - weighted["mean"])
        if cw_gap <= spread:
            sentences.append(
                f"Class weights alone reach {_fmt(weighted['mean'])[0]}, within the spread, "
                "without adding any synthetic rows."
            )
    text = ". ".join(s.rstrip(".") for s in sentences) + "."
    return Verdict(metric, best["technique"], best["label"], float(none["mean"]), float(best["mean"]), gain,
                   spread, clear, brier_change, calibration, text)


def _threshold_note(results: pd.DataFrame, metric: str) -> str:
    """When no technique ranks better but one clearly raises balanced accuracy, say why that is."""
    if metric not in ("average_precision", "roc_auc"):
        return ""
    accuracy = results[(results["metric"] == "balanced_accuracy") & (results["technique"] != "none")]
    if accuracy.empty:
        return ""
    top = accuracy.loc[accuracy["mean"].idxmax()]
    gains = paired_gains(results, top["technique"], "balanced_accuracy")
    if gains.mean() <= gains.std(ddof=1):
        return ""
    before, after = _fmt(_row(results, "none", "balanced_accuracy")["mean"], top["mean"])
    return (
        f" {top['label']} did raise balanced accuracy from {before} to {after}: under the default decision "
        "rule it moves decisions towards the minority, which adjusting the decision threshold of the "
        "original model also does."
    )


"""The metrics every comparison reports, the goals a user can ask the advice for, and how a fold is scored.

Binary targets: the minority class is the positive class.

- ``average_precision`` (PR-AUC), ``roc_auc``: how well the predicted probabilities rank the minority;
  no decision threshold is involved, so moving the threshold changes neither.
- ``balanced_accuracy``: mean recall over the classes; ``f1_minority``: F1 of the minority class;
  ``g_mean``: geometric mean of the per-class recalls. These judge decisions, so they depend on where
  the decision threshold is.
- ``brier``: mean squared error of the predicted probabilities (lower is better): how far they can be
  trusted as probabilities.

Multi-class targets use macro averages: one-vs-rest average precision and ROC-AUC averaged over the
classes, F1 averaged over the classes, G-mean over all per-class recalls, and the Brier score as the
one-vs-rest Brier score of each class averaged over the classes (for two classes this is exactly the
usual binary Brier score).

Every function takes ``sample_weight`` (one non-negative number per row; None: every row counts once):
a row then counts as its weight in every count and mean, as in scikit-learn's weighted metrics, which
they equal (the tests compare them).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.metrics import average_precision_score, f1_score, make_scorer, roc_auc_score


@dataclass(frozen=True)
class Metric:
    """A metric: its id, the name people read, its direction, and whether a decision threshold moves it."""

    id: str
    label: str
    greater_is_better: bool = True
    uses_threshold: bool = False


METRICS = (
    Metric("average_precision", "PR-AUC"),
    Metric("roc_auc", "ROC-AUC"),
    Metric("balanced_accuracy", "balanced accuracy", uses_threshold=True),
    Metric("f1_minority", "minority F1", uses_threshold=True),
    Metric("g_mean", "G-mean", uses_threshold=True),
    Metric("brier", "Brier score", greater_is_better=False),
)
_BY_ID = {metric.id: metric for metric in METRICS}
THRESHOLD_METRICS = tuple(m.id for m in METRICS if m.uses_threshold)
# The metric a decision threshold is tuned for when a threshold metric is asked for. G-mean and balanced
# accuracy both reward the recall of every class, and peak at nearly the same threshold; tuning once for
# balanced accuracy spares a comparison a third tuner on every fold.
TUNED_FOR = {"balanced_accuracy": "balanced_accuracy", "f1_minority": "f1_minority", "g_mean": "balanced_accuracy"}

# What the model serves -> the metric the advice is checked for. The default, and why: most people who
# bring an imbalanced table want the minority found (fraud, default, disease), ranked above the rest,
# before they know where to cut; PR-AUC judges exactly that and stays honest when the minority is rare.
GOALS = {
    "average_precision": "ranking the minority (PR-AUC)",
    "balanced_accuracy": "decisions: balanced accuracy",
    "f1_minority": "decisions: minority F1",
    "brier": "probabilities you can trust (Brier score)",
}
DEFAULT_GOAL = "average_precision"


def get_metric(metric_id: str) -> Metric:
    """The :class:`Metric` called ``metric_id``; a clear ``ValueError`` lists the known ids."""
    try:
        return _BY_ID[metric_id]
    except KeyError:
        raise ValueError(f"unknown metric {metric_id!r}; choose one of: {', '.join(_BY_ID)}.") from None


def metric_label(metric_id: str, n_classes: int = 2) -> str:
    """The metric's name; F1 of the minority becomes the macro F1 on multi-class targets."""
    return "macro F1" if metric_id == "f1_minority" and n_classes > 2 else get_metric(metric_id).label


def sign(metric_id: str) -> float:
    """+1 where a larger value is better, -1 where a smaller one is (the Brier score)."""
    return 1.0 if get_metric(metric_id).greater_is_better else -1.0


def threshold_scorer(metric_id: str, minority):
    """The scorer a tuned decision threshold maximises for ``metric_id`` (binary targets).

    A threshold tuner scores every candidate threshold on every inner fold, so the scorer reads the
    confusion counts with numpy instead of scikit-learn's validating metric functions (the same values:
    the tests compare them; 50 times faster, which decides how long a check takes).

    Raises
    ------
    ValueError
        When the metric does not depend on a threshold (ranking metrics and the Brier score).
    """
    metric = get_metric(metric_id)
    if not metric.uses_threshold:
        tunable = ", ".join(THRESHOLD_METRICS)
        raise ValueError(f"a decision threshold cannot be tuned for {metric.label}: it judges the predicted "
                         f"probabilities, which a threshold does not change. Tune it for one of: {tunable}.")
    if metric_id == "f1_minority":
        return make_scorer(binary_f1, positive=minority)
    combine = np.mean if metric_id == "balanced_accuracy" else _geometric_mean
    return make_scorer(_binary_recalls_score, positive=minority, combine=combine)


def _geometric_mean(values: np.ndarray) -> float:
    return float(np.prod(values) ** (1.0 / len(values)))


def _binary_recalls_score(y_true, y_pred, positive, combine, sample_weight=None) -> float:
    """``combine`` of the recalls of the classes of a binary ``y_true`` (``positive`` and the rest): equal
    to :func:`balanced_accuracy` or :func:`g_mean_score` there, with two comparisons instead of sorting
    the labels (a tuner calls it for every candidate threshold of every inner fold)."""
    true = np.asarray(y_true) == positive
    hit = true == (np.asarray(y_pred) == positive)
    totals = np.array([_count(true, sample_weight), _count(~true, sample_weight)])
    hits = np.array([_count(true & hit, sample_weight), _count(~true & hit, sample_weight)])
    present = totals > 0
    return float(combine(hits[present] / totals[present]))


def _count(mask: np.ndarray, sample_weight) -> float:
    """Rows where ``mask`` holds, counted by their weights."""
    if sample_weight is None:
        return float(np.count_nonzero(mask))
    return float(np.asarray(sample_weight, dtype=float) @ mask)


def _weights(sample_weight, n: int) -> np.ndarray:
    return np.ones(n) if sample_weight is None else np.asarray(sample_weight, dtype=float)


def class_recalls(y_true, y_pred, sample_weight=None) -> np.ndarray:
    """Recall of each class of ``y_true``, in sorted label order (rows counted by their weights)."""
    y_true = np.asarray(y_true)
    weights = _weights(sample_weight, len(y_true))
    labels, inverse = np.unique(y_true, return_inverse=True)
    hits = np.bincount(inverse, weights=weights * (y_true == np.asarray(y_pred)), minlength=len(labels))
    return hits / np.bincount(inverse, weights=weights, minlength=len(labels))


def balanced_accuracy(y_true, y_pred, sample_weight=None) -> float:
    """Mean recall over the classes of ``y_true`` (scikit-learn's ``balanced_accuracy_score``)."""
    return float(class_recalls(y_true, y_pred, sample_weight).mean())


def g_mean_score(y_true, y_pred, sample_weight=None) -> float:
    """Geometric mean of the recalls of the classes of ``y_true`` (a predicted class that never occurs
    does not count, as in imbalanced-learn's ``geometric_mean_score`` for binary targets)."""
    return _geometric_mean(class_recalls(y_true, y_pred, sample_weight))


def binary_f1(y_true, y_pred, positive, sample_weight=None) -> float:
    """F1 of the class ``positive`` (0 where it is neither true nor predicted)."""
    true, predicted = np.asarray(y_true) == positive, np.asarray(y_pred) == positive
    hits = _count(true & predicted, sample_weight)
    denominator = _count(true, sample_weight) + _count(predicted, sample_weight)
    return float(2.0 * hits / denominator) if denominator else 0.0


def probability_scores(y_true: np.ndarray, proba: np.ndarray, classes: np.ndarray, minority,
                       sample_weight=None) -> dict:
    """The metrics of one test fold that read the probabilities (columns in ``classes`` order)."""
    onehot = y_true[:, None] == classes[None, :]
    brier = float(np.average(np.mean((proba - onehot) ** 2, axis=1), weights=sample_weight))
    if len(classes) == 2:
        col = int(np.flatnonzero(classes == minority)[0])
        return {"average_precision": binary_average_precision(onehot[:, col], proba[:, col], sample_weight),
                "roc_auc": binary_roc_auc(onehot[:, col], proba[:, col], sample_weight), "brier": brier}
    return {"average_precision": float(average_precision_score(onehot, proba, average="macro",
                                                               sample_weight=sample_weight)),
            "roc_auc": float(roc_auc_score(y_true, proba, multi_class="ovr", average="macro", labels=classes,
                                           sample_weight=sample_weight)),
            "brier": brier}


def binary_average_precision(positive: np.ndarray, score: np.ndarray, sample_weight=None) -> float:
    """Average precision of ``score`` for the boolean ``positive`` (scikit-learn's
    ``average_precision_score``, without its input checks: a comparison scores thousands of folds)."""
    order = np.argsort(-score, kind="mergesort")
    ranked, hits, weights = score[order], positive[order], _weights(sample_weight, len(score))[order]
    cut = np.r_[np.flatnonzero(np.diff(ranked)), len(ranked) - 1]  # last row of each distinct score
    true_hits = np.cumsum(weights * hits)[cut]
    seen = np.cumsum(weights)[cut]
    precision = np.divide(true_hits, seen, out=np.zeros_like(true_hits), where=seen > 0)
    recall = true_hits / true_hits[-1]
    return float(np.sum(np.diff(recall, prepend=0.0) * precision))


def binary_roc_auc(positive: np.ndarray, score: np.ndarray, sample_weight=None) -> float:
    """ROC-AUC of ``score`` for the boolean ``positive``: the Mann-Whitney statistic with ties counted
    half (each pair of a positive and a negative row counted by the product of their weights), which
    equals scikit-learn's ``roc_auc_score``."""
    order = np.argsort(score, kind="mergesort")
    ranked, weights = score[order], _weights(sample_weight, len(score))[order]
    starts = np.r_[0, np.flatnonzero(np.diff(ranked)) + 1]  # first row of each distinct score
    pos = np.add.reduceat(np.where(positive[order], weights, 0.0), starts)
    neg = np.add.reduceat(np.where(positive[order], 0.0, weights), starts)
    below = np.cumsum(neg) - neg  # negative weight strictly below each distinct score
    return float(np.sum(pos * (below + neg / 2)) / (pos.sum() * neg.sum()))


def decision_scores(y_true: np.ndarray, predicted: np.ndarray, classes: np.ndarray, minority,
                    sample_weight=None) -> dict:
    """The metrics of one test fold that read decisions (every class occurs in ``y_true``)."""
    recalls = class_recalls(y_true, predicted, sample_weight)
    if len(classes) == 2:
        f1 = binary_f1(y_true, predicted, minority, sample_weight)
    else:
        f1 = f1_score(y_true, predicted, labels=classes, average="macro", zero_division=0, sample_weight=sample_weight)
    return {"balanced_accuracy": float(np.mean(recalls)), "f1_minority": float(f1),
            "g_mean": _geometric_mean(recalls)}


def fold_scores(y_true: np.ndarray, proba: np.ndarray, classes: np.ndarray, minority, sample_weight=None) -> dict:
    """Every metric of one test fold, decisions taken at the most probable class."""
    predicted = classes[np.argmax(proba, axis=1)]
    scores = {**probability_scores(y_true, proba, classes, minority, sample_weight),
              **decision_scores(y_true, predicted, classes, minority, sample_weight)}
    return {metric.id: scores[metric.id] for metric in METRICS}

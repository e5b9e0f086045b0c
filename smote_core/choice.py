"""From cross-validated scores to one candidate to follow, and why, in sentences built from the numbers.

The rule, on the metric the user asked for:

1. the *best* candidate is the one with the best mean score;
2. candidates whose mean is within :data:`smote_core.crossval.TIE` of the best's are *tied* with it, and
   of the tied candidates the simplest is recommended (the order of :mod:`smote_core.candidates`: no
   resampling, a tuned threshold, class weights, random over-sampling, SMOTE, its variants, generative
   models; among equally simple ones the tree's answer first, then the order they were compared in).

How wide the band of ties is was measured on 44 public tables (``python -m benchmarks.advice``,
docs/advice.md): breaking ties by simplicity over a band of 0.1 to 2 corrected standard errors raised the
regret of following the advice on every goal, because the simpler options are not better on average
on data where the check cannot tell them apart. The band of one corrected standard error of the paired
per-fold differences (:func:`smote_core.crossval.noise`) still says how sure the choice is: a candidate
in it is *within the noise* of the best, and the certainty sentence names them.

On three goals the rows stay as they are unless the candidate picked leads the rows as they are by more
than the noise (:data:`KEEP_ROWS_WITHIN_NOISE`), because there a lead within the noise is more likely luck
than a gain:

- the Brier score (probabilities that can be read as risks), with any model: resampling and class weights
  move predicted probabilities away from the real class frequencies (van den Goorbergh et al. 2022;
  Carriero et al. 2024). Replayed on the saved checks of the nested benchmark with gradient boosting
  (docs/advice.md), the advice's mean Brier regret fell from 0.0043, behind always keeping the rows
  (0.0034), to 0.0028.
- PR-AUC (ranking the minority) with logistic regression: changing the class balance mostly moves a
  logistic model's intercept (exactly so for a well-specified model: Prentice and Pyke 1979), which does
  not reorder its scores. Replayed on the nested logistic checks, the advice's mean PR-AUC regret fell
  from 0.0196 (1.12 of always keeping the rows) to 0.0148 (0.85). With gradient boosting, where
  resampling does change the trees, the same rule raised it from 0.0355 to 0.0450, so it is for logistic
  regression only. ROC-AUC, also a ranking metric, was not replayed and keeps the rule above.
- F1 with logistic regression, measured against the rows as they are with a threshold tuned for F1: what
  changing the class balance mostly moves, the intercept, the tuned threshold sets where F1 peaks.
  Replayed, the advice's mean F1 regret fell from 0.0363 (0.92 of always tuning the threshold) to 0.0313
  (0.79). On balanced accuracy the same rule, with the tuned threshold or with class weights as the
  anchor, raised the regret (0.0199 to 0.0242 or 0.0208): there class weights are a fixed shift that
  balanced accuracy rewards, and the rule's best mean does better.

A tuned threshold moves decisions, not the ranking of the probabilities, so on PR-AUC, ROC-AUC and the
Brier score a candidate with a tuned threshold scores exactly as the same candidate without one and is
left out of the choice. Every ``±`` is the corrected standard error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import pandas as pd

from .candidates import label_of
from .crossval import TIE, TINY_MINORITY, Scores, noise
from .metrics import get_metric, sign


class KeptRows(NamedTuple):
    """Where the rows stay as they are unless a candidate leads them by more than the noise."""

    models: tuple | None  # the models it applies to; None: any
    candidate: str  # the candidate that keeps the rows
    why: str  # as the reason says it


KEEP_ROWS_WITHIN_NOISE = {
    "brier": KeptRows(None, "none", "changing the training rows tends to pull probabilities away from the real "
                                    "class frequencies"),
    "average_precision": KeptRows(("logistic",), "none", "with logistic regression, changing the class balance "
                                                         "mostly moves the intercept, which does not reorder the "
                                                         "scores PR-AUC is computed from"),
    "f1_minority": KeptRows(("logistic",), "threshold", "with logistic regression, changing the class balance "
                                                        "mostly moves the intercept, and the tuned threshold already "
                                                        "sets it where F1 peaks"),
}


@dataclass
class Choice:
    """What the rule chose on one metric, with the numbers and the sentences that explain it.

    Attributes
    ----------
    metric : str
    recommended : str
        Candidate id to follow.
    best : str
        Candidate id with the best mean score.
    table : DataFrame
        One row per candidate, best first: ``candidate``, ``label``, ``mean``, ``se`` (corrected standard
        error of the mean), ``gap`` (best's mean minus this one's, in the metric's good direction),
        ``gap_se`` (corrected standard error of that paired gap), ``within_noise``, ``simplicity``,
        ``n_folds`` and ``dropped`` (the drawing after which racing stopped it, 0 if never).
    reason : str
        One sentence: why ``recommended``.
    certainty : str
        One sentence: how sure the choice is.
    notes : list of str
        Other sentences the numbers support (the tree's answer against the choice; why no tuned threshold).
    """

    metric: str
    recommended: str
    best: str
    table: pd.DataFrame
    reason: str
    certainty: str
    notes: list = field(default_factory=list)

    @property
    def contenders(self) -> list:
        """Candidates within the noise of the best, best first."""
        return list(self.table.loc[self.table["within_noise"], "candidate"])

    def row(self, candidate_id: str) -> pd.Series:
        return self.table.set_index("candidate").loc[candidate_id]


def eligible(scores: Scores, metric: str) -> list:
    """Candidate ids the rule chooses among on ``metric`` (no tuned-threshold twin on threshold-free metrics)."""
    uses = get_metric(metric).uses_threshold
    return [c.id for c in scores.candidates if c.id not in scores.skipped and (uses or not c.threshold)]


def choose(scores: Scores, metric: str, tree_pick: str | None = None, smallest_class: int | None = None) -> Choice:
    """Apply the rule of the module docstring to ``scores`` on ``metric``.

    Parameters
    ----------
    scores : Scores
    metric : str
    tree_pick : str, optional
        The decision tree's technique: it wins ties among equally simple candidates, and the notes
        say how it fared.
    smallest_class : int, optional
        Rows of the smallest class in the data (the certainty says when it is tiny).
    """
    info = get_metric(metric)
    ids = eligible(scores, metric)
    if not ids:
        raise ValueError("no candidate could be scored; see the reasons each was left out.")
    best = max(ids, key=lambda c: sign(metric) * scores.mean(c, metric))
    order = {c.id: (c.simplicity, c.id != tree_pick, i) for i, c in enumerate(scores.candidates)}
    rows = []
    for candidate_id in ids:
        gains = scores.gains(best, candidate_id, metric)
        gap = float(gains.mean()) if len(gains) else 0.0
        spread = 0.0 if candidate_id == best else noise(gains, scores.cv)
        rows.append({"candidate": candidate_id, "label": scores.candidate(candidate_id).label,
                     "mean": scores.mean(candidate_id, metric), "se": scores.se(candidate_id, metric),
                     "gap": gap, "gap_se": spread, "within_noise": gap <= max(spread, TIE),
                     "simplicity": scores.candidate(candidate_id).simplicity,
                     "n_folds": int(np.sum(~np.isnan(scores.folds(candidate_id, metric)))),
                     "dropped": int(scores.dropped.get(candidate_id, 0))})
    table = pd.DataFrame(rows).sort_values("mean", ascending=not info.greater_is_better, kind="stable")
    table = table.reset_index(drop=True)
    tied = list(table.loc[table["gap"] <= TIE, "candidate"])
    recommended = min(tied, key=order.get)
    anchor = _rows_kept_by(metric, scores.model)
    kept = anchor in ids and recommended != anchor and _within_noise_of(scores, recommended, anchor, metric)
    choice = Choice(metric, anchor if kept else recommended, best, table, "", "")
    choice.reason = _kept_reason(choice, recommended, scores, info.label) if kept else _reason(choice, info.label)
    choice.certainty = _certainty(choice, smallest_class)
    choice.notes = _notes(choice, scores, tree_pick, info)
    return choice


def _rows_kept_by(metric: str, model: str) -> str | None:
    """The candidate that keeps the rows as they are on ``metric`` with ``model`` unless another leads it by
    more than the noise (:data:`KEEP_ROWS_WITHIN_NOISE`), or None."""
    kept = KEEP_ROWS_WITHIN_NOISE.get(metric)
    return kept.candidate if kept is not None and (kept.models is None or model in kept.models) else None


def _within_noise_of(scores: Scores, candidate_id: str, anchor: str, metric: str) -> bool:
    gains = scores.gains(candidate_id, anchor, metric)
    return not len(gains) or float(gains.mean()) <= noise(gains, scores.cv)


def _kept_reason(choice: Choice, leader: str, scores: Scores, name: str) -> str:
    gains = scores.gains(leader, choice.recommended, choice.metric)
    anchor = label_of(choice.recommended)
    tuned = ", with the tuned threshold" if scores.candidate(choice.recommended).threshold else ""
    return (f"{choice.row(leader)['label']} scored best on {name} ({_number(choice.row(leader))}), but only "
            f"{gains.mean():.4f} ± {noise(gains, scores.cv):.4f} ahead of {anchor[0].lower() + anchor[1:]} "
            f"({_number(choice.row(choice.recommended))}), within the noise; "
            f"{KEEP_ROWS_WITHIN_NOISE[choice.metric].why}, so the rows are kept as they are{tuned}.")


def _number(row) -> str:
    return f"{row['mean']:.3f} ± {row['se']:.3f}"


def _reason(choice: Choice, name: str) -> str:
    rec, best = choice.row(choice.recommended), choice.row(choice.best)
    simpler = choice.table[choice.table["simplicity"] < rec["simplicity"]]
    if choice.recommended != choice.best:
        return (f"{best['label']} and {rec['label']} scored the same on {name} to within {TIE} ({_number(best)} "
                f"and {_number(rec)}), so the simpler, {rec['label']}, is recommended.")
    if simpler.empty:
        return f"{rec['label']} scored best on {name} ({_number(rec)}) and is also the simplest option."
    runner = simpler.sort_values("gap").iloc[0]
    behind = f"{runner['gap']:.3f} ± {runner['gap_se']:.3f} behind"
    if runner["within_noise"]:
        return (f"{rec['label']} scored best on {name} ({_number(rec)}); the nearest simpler option, "
                f"{runner['label']}, is {behind}, within the noise, so the lead is not certain.")
    return (f"{rec['label']} scored best on {name} ({_number(rec)}), ahead of every simpler option by more "
            f"than the noise (the nearest, {runner['label']}, {behind}), so it earns its place.")


def _certainty(choice: Choice, smallest_class: int | None) -> str:
    contenders = choice.table[choice.table["within_noise"]]
    rec = choice.row(choice.recommended)
    tiny = (f"With only {smallest_class} rows in the smallest class the scores swing from fold to fold "
            f"(± {rec['se']:.3f} on the recommendation): ") if smallest_class and smallest_class < TINY_MINORITY else ""
    if len(contenders) == 1:
        text = f"only {rec['label']} is within the noise of the best, so the data gives a clear answer."
    else:
        names = ", ".join(contenders["label"])
        text = (f"{len(contenders)} candidates are within the noise of the best ({names}): the data cannot tell "
                "them apart, so any of them may do as well as the recommendation.")
    return tiny + text if tiny else text[0].upper() + text[1:]


def _notes(choice: Choice, scores: Scores, tree_pick: str | None, info) -> list:
    notes = []
    if not info.uses_threshold and any(c.threshold for c in scores.candidates):
        notes.append(f"A tuned threshold changes nothing for {info.label}: it moves decisions, not the "
                     "probabilities they are cut from, so it is not a separate option here.")
    if tree_pick is None or tree_pick == choice.recommended:
        return notes
    label = label_of(tree_pick)
    if tree_pick in scores.skipped:
        notes.append(f"The tree's answer, {label}, could not be scored: {scores.skipped[tree_pick]}")
    elif tree_pick not in set(choice.table["candidate"]):
        notes.append(f"The tree's answer, {label}, cannot run on this data, so the check compared the rest.")
    else:
        row = choice.row(tree_pick)
        raced = f" (stopped after {row['dropped']} drawing(s): clearly behind on every goal)" if row["dropped"] else ""
        if row["within_noise"]:
            notes.append(f"The tree's answer, {label}, scored {_number(row)}{raced}, {row['gap']:.3f} ± "
                         f"{row['gap_se']:.3f} below the best: within the noise, but behind it, so the check "
                         f"follows {choice.row(choice.recommended)['label']}.")
        else:
            notes.append(f"The tree's answer, {label}, scored {_number(row)}{raced}, {row['gap']:.3f} ± "
                         f"{row['gap_se']:.3f} below the best: more than the noise, so the check overrules it.")
    return notes


def calibration_change(scores: Scores, candidate_id: str) -> str:
    """``"worse"`` / ``"better"`` when the candidate's Brier score moved that way against no resampling on
    average and in at least 80 % of the folds; ``"unchanged"`` otherwise."""
    gains = scores.gains(candidate_id, "none", "brier")  # positive where the Brier score went down
    if len(gains) and gains.mean() > 0 and np.mean(gains > 0) >= 0.8:
        return "better"
    if len(gains) and gains.mean() < 0 and np.mean(gains < 0) >= 0.8:
        return "worse"
    return "unchanged"

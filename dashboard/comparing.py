"""What the Compare page computes: which techniques fit the data, the leakage-safe evaluation, its table.

Plain functions (no streamlit); the evaluation itself is :func:`smote_core.evaluation.evaluate`.
"""

from __future__ import annotations

from typing import Callable

import pandas as pd

from smote_core import registry
from smote_core.check import check_frame
from smote_core.evaluation import METRICS, compare_table, pivot, reliability, verdict

from .tabular import Prepared

MAX_DEFAULT = 3
DEFAULT_CV = 5
# Above this many rows the small multiples resample a stratified sample (the cross-validation samples as
# the advice does, see smote_core.crossval.plan): the full table would not fit a small server's memory.
MAX_ROWS = 20_000


def technique_problem(technique: str, prepared: Prepared) -> str | None:
    """Why ``technique`` cannot run on this table (missing PyTorch, column types), or None."""
    entry = registry.get(technique)
    if not entry.available:
        return f"{entry.label} needs PyTorch (pip install 'smote-lab[generative]')."
    if entry.numeric_only and prepared.non_numeric:
        return (f"{entry.label} interpolates numbers only, and {', '.join(map(str, prepared.non_numeric))} are not numeric: "
                "use SMOTE-NC, the Gaussian copula or a generative model for mixed columns.")
    if technique == "smote-nc" and not prepared.non_numeric:
        return "SMOTE-NC needs at least one categorical column; this table is all numeric: use SMOTE."
    if technique == "smoten" and prepared.numeric:
        return "SMOTE-N is for all-categorical tables; this one has numeric columns: use SMOTE-NC."
    return None


def runnable(prepared: Prepared) -> list[str]:
    """Technique ids that can run on this table here, in registry order."""
    return [t.id for t in registry.techniques() if technique_problem(t.id, prepared) is None]


def default_techniques(prepared: Prepared, advice=None) -> list[str]:
    """The techniques the advice's check scored, best first on its goal, the recommended one first (their
    scores are taken from the check, nothing is fitted again); plain SMOTE and random over-sampling when
    there is room.

    CTGAN and TVAE are left for the user to add: cross-validating them trains one network per fold.
    """
    wanted = []
    if advice is not None and advice.check is not None:
        wanted.append(advice.resampler)
        scores = advice.check.scores
        wanted += [scores.candidate(c).technique for c in advice.choice.table["candidate"]
                   if scores.candidate(c).technique is not None]
    wanted += ["smote", "random-over", "gaussian-copula"]
    ok = {t for t in runnable(prepared) if registry.get(t).needs is None}
    chosen = [t for t in dict.fromkeys(wanted) if t in ok]
    return chosen[:MAX_DEFAULT]


def fold_smallest(prepared: Prepared, cv: int) -> int:
    """Rows of the smallest class in the smallest training fold (stratified folds: one fold held out)."""
    n = prepared.smallest_class
    return n - -(-n // int(cv))


def run_evaluation(prepared: Prepared, profile, techniques, params: dict, *, model: str, seed: int,
                   leaky: bool = False, progress: Callable | None = None, known=None) -> pd.DataFrame:
    """:func:`smote_core.evaluation.compare_table` on the prepared table: the advice's protocol (rows,
    folds, drawings, scaled neighbour searches, model sizing, the row weights when a column is picked), the
    ways of not resampling added by it; ``known`` (the advice's check scores) spares refitting what the check
    already scored.

    Raises
    ------
    ValueError
        No technique chosen, or what the comparison raises (a technique that cannot take the data...).
    """
    techniques = list(techniques)
    if not techniques:
        raise ValueError("choose at least one technique to compare with the ways of not resampling.")
    for technique in techniques:
        problem = technique_problem(technique, prepared)
        if problem:
            raise ValueError(problem + " Remove it from the list.")
    return compare_table(check_frame(prepared.weighted_table, profile, prepared.weight), prepared.target, techniques,
                         model=model, random_state=int(seed), params=params, progress=progress, leaky=leaky,
                         known=known, weight=prepared.weight)


def score_table(results: pd.DataFrame, metric: str) -> pd.DataFrame:
    """Candidates as rows, every metric as ``mean ± corrected standard error``; the ranking metric first."""
    means, errors = pivot(results, "mean"), pivot(results, "se")
    cells = means.map(lambda v: f"{v:.3f}") + " ± " + errors.map(lambda v: f"{v:.3f}")
    order = [metric] + [m.id for m in METRICS if m.id != metric and m.id in cells.columns]
    names = results.drop_duplicates("metric").set_index("metric")["metric_label"]
    labels = {m.id: names.get(m.id, m.label) + ("" if m.greater_is_better else " (lower is better)")
              for m in METRICS}
    table = cells[order].rename(columns=labels)
    table.index.name = "technique"
    return table.reset_index()


def verdict_text(results: pd.DataFrame, metric: str) -> str:
    """The verdict of :func:`smote_core.evaluation.verdict`, in words."""
    return verdict(results, metric).text


def reliability_curves(advice) -> dict:
    """Label -> reliability table of the recommendation and of no resampling, from the advice's check (two
    classes; empty otherwise)."""
    scores = advice.check.scores
    if len(scores.classes) != 2:
        return {}
    wanted = dict.fromkeys(["none", advice.recommended])
    return {scores.candidate(c).label: reliability(scores, c) for c in wanted}


def leak_gap(correct: pd.DataFrame, leaky: pd.DataFrame, metric: str) -> pd.DataFrame:
    """Per technique: the correct score, the leaky one, and how much the leak inflates it."""
    right = correct[(correct["metric"] == metric) & (correct["protocol"] == "correct")].set_index("technique")
    wrong = leaky[(leaky["metric"] == metric) & (leaky["protocol"] == "leaky")].set_index("technique")
    shared = [t for t in right.index if t in wrong.index]
    return pd.DataFrame({
        "technique": [right.loc[t, "label"] for t in shared],
        "right (resampled inside folds)": [right.loc[t, "mean"] for t in shared],
        "leaky (resampled before splitting)": [wrong.loc[t, "mean"] for t in shared],
        "inflation": [wrong.loc[t, "mean"] - right.loc[t, "mean"] for t in shared],
    })

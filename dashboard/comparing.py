"""What the Compare page computes: which techniques fit the data, the leakage-safe evaluation, its table.

Plain functions (no streamlit); the evaluation itself is :func:`smote_core.evaluation.evaluate`.
"""

from __future__ import annotations

from typing import Callable

import pandas as pd

from smote_core import registry
from smote_core.advisor import check_params
from smote_core.evaluation import METRICS, evaluate, pivot, verdict

from .tabular import Prepared

MAX_DEFAULT = 3
DEFAULT_CV = 5
# Above this many rows the comparison (its runs and its cross-validation) uses a stratified sample: the
# scores of 20,000 rows are as telling, and the full table would not fit a small server's memory.
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
    """The checked recommendation (or, when it is not to resample, the best-scoring technique), the tree's
    answer and the other techniques the check ran, plain SMOTE when there is room.

    CTGAN and TVAE are left for the user to add: cross-validating them trains one network per fold.
    """
    wanted = []
    if advice is not None:  # the checked choice first, then the tree's answer where the check ran it
        wanted.append(advice.resampler)
        if advice.check is not None:
            checked = [c for c in advice.check.ranking()["candidate"] if c not in ("none", "class_weight")]
            wanted += [t for t in (advice.technique,) if t in checked] + checked
        else:
            wanted += [advice.runnable_technique] + [a.technique for a in advice.alternatives]
    wanted += ["smote", "random-over", "gaussian-copula"]
    ok = {t for t in runnable(prepared) if registry.get(t).needs is None}
    chosen = [t for t in dict.fromkeys(wanted) if t in ok]
    return chosen[:MAX_DEFAULT]


def max_folds(prepared: Prepared) -> int:
    """Folds the smallest class allows (each test fold needs a row of every class)."""
    return max(2, min(10, prepared.smallest_class))


def fold_smallest(prepared: Prepared, cv: int) -> int:
    """Rows of the smallest class in the smallest training fold (stratified folds: one fold held out)."""
    n = prepared.smallest_class
    return n - -(-n // int(cv))


def run_evaluation(prepared: Prepared, techniques, params: dict, *, model: str, cv: int, seed: int,
                   leaky: bool = False, progress: Callable | None = None) -> pd.DataFrame:
    """:func:`smote_core.evaluation.evaluate` on the prepared table (baselines added by it).

    Raises
    ------
    ValueError
        No technique chosen, or what ``evaluate`` raises (too few rows for the folds, a technique
        that cannot take the data...).
    """
    techniques = list(techniques)
    if not techniques:
        raise ValueError("choose at least one technique to compare with the baselines.")
    for technique in techniques:
        problem = technique_problem(technique, prepared)
        if problem:
            raise ValueError(problem + " Remove it from the list.")
    scaled = check_params(techniques)  # neighbour searches on robust-scaled columns, as in the check
    params = {t: {**scaled.get(t, {}), **params.get(t, {})} for t in techniques}
    return evaluate(prepared.X, prepared.y, techniques, model=model, cv=int(cv), random_state=int(seed),
                    progress=progress, leaky=leaky, params=params)


def score_table(results: pd.DataFrame, metric: str) -> pd.DataFrame:
    """Techniques as rows, every metric as ``mean ± std``; the ranking metric first."""
    means, stds = pivot(results, "mean"), pivot(results, "std")
    cells = means.map(lambda v: f"{v:.3f}") + " ± " + stds.map(lambda v: f"{v:.3f}")
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

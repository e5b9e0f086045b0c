"""The ranking's outputs from its scores: ``docs/ranking.md`` and the package's ``smote_core/data/ranking.csv``.

Both are written from the scores file of :mod:`benchmarks.ranking` alone, so a stopped run can be
written up as far as it got (a classifier's table holds the datasets on which every candidate was scored).
"""

from __future__ import annotations

import os
import platform
from pathlib import Path

import numpy as np
import pandas as pd
import sklearn

from smote_core.candidates import label_of
from smote_core.evidence import CLASSIFIERS, METRICS, PROFILE_COLUMNS, load, ranking
from smote_core.metrics import metric_label

from .keel import USABLE


# What a candidate that failed on a fold of a dataset is scored as there, so that every dataset stays in
# the ranking (False: a technique, True: the tuned threshold).
FALLBACK = {False: "scored as no resampling (the rows as they are)", True: "scored at the default threshold"}


def with_fallbacks(scores: pd.DataFrame) -> pd.DataFrame:
    """``scores`` with each failed candidate's mean replaced by that of "none" on the same dataset, classifier
    and metric (the same folds), and its note saying so (:data:`FALLBACK`)."""
    keys = ["dataset", "classifier", "metric"]
    none = scores[scores["technique"] == "none"].set_index(keys)["mean"]
    failed = scores["mean"].isna() & scores["note"].notna()
    scores = scores.copy()
    scores.loc[failed, "mean"] = none.reindex(pd.MultiIndex.from_frame(scores.loc[failed, keys])).to_numpy()
    scores.loc[failed, "note"] = [f"{FALLBACK[t == 'threshold']}: {note}"
                                  for t, note in zip(scores.loc[failed, "technique"], scores.loc[failed, "note"])]
    return scores


def run_seconds(scores: pd.DataFrame) -> tuple[float, float]:
    """``(worker seconds, wall seconds)``: the units' summed time, and the time during which some unit ran
    (pauses between a stopped run and its ``--resume`` left out)."""
    units = scores.drop_duplicates(["dataset", "technique"])
    units = units[units["technique"] != "threshold"]  # scored in the same unit as "none"
    wall, reached = 0.0, -np.inf
    for start, end in sorted(zip(units["finished"] - units["seconds"], units["finished"])):
        wall += max(0.0, end - max(start, reached))
        reached = max(reached, end)
    return float(units["seconds"].sum()), wall


def machine() -> str:
    return f"{os.cpu_count()} cores ({platform.machine()}), {platform.platform()}, scikit-learn {sklearn.__version__}"


def write(scores_path: Path, profiles_path: Path, markdown_path: Path, table_path: Path, *, quick: bool = False,
          protocol: str = "") -> None:
    """Write the package CSV to ``table_path`` and the Markdown tables to ``markdown_path``."""
    scores, profiles = with_fallbacks(pd.read_csv(scores_path)), pd.read_csv(profiles_path)
    worker, wall = run_seconds(scores)
    wide = scores.pivot_table(index=["dataset", "classifier", "technique"], columns="metric", values="mean",
                              dropna=False, sort=False).reindex(columns=list(METRICS)).round(4).reset_index()
    wide = wide.merge(profiles.round(4), on="dataset")[["dataset", *PROFILE_COLUMNS, "classifier", "technique",
                                                        *METRICS]]
    n_datasets = scores["dataset"].nunique()
    meta = {"worker_seconds": f"{worker:.0f}", "wall_seconds": f"{wall:.0f}", "machine": machine(),
            "protocol": protocol, "datasets": f"{n_datasets} of {len(USABLE)}" + (" (quick run)" if quick else "")}
    table_path.parent.mkdir(parents=True, exist_ok=True)
    with open(table_path, "w") as handle:
        handle.writelines(f"# {key}: {value}\n" for key, value in meta.items())
        wide.to_csv(handle, index=False)
    markdown_path.parent.mkdir(parents=True, exist_ok=True)
    markdown_path.write_text(markdown(load(table_path), meta, fallbacks(scores)))


def fallbacks(scores: pd.DataFrame) -> list:
    """Lines on what did not run as planned: a threshold kept at its default, a candidate left out."""
    notes = scores[scores["note"].notna() & (scores["metric"] == METRICS[0])]
    lines = []
    for candidate, rows in notes.groupby("technique", sort=False):
        where = []
        for dataset, part in rows.groupby("dataset", sort=False):
            models = "every classifier" if part["classifier"].nunique() == scores["classifier"].nunique() else \
                ", ".join(CLASSIFIERS.get(m, m) for m in part["classifier"])
            why = part["note"].iloc[0].split("failed on a training fold: ", 1)[-1].split(". ")[0].rstrip(".")
            where.append(f"{dataset} ({models}: {why})")
        fallback = FALLBACK[candidate == "threshold"]
        lines.append(f"- {label_of(candidate)}, {fallback}, on {len(where)} dataset(s): " + "; ".join(where) + ".")
    return lines


def markdown(collection, meta: dict, notes=()) -> str:
    """Every classifier's mean-rank table per metric, with its Friedman test and critical difference."""
    lines = ["# Ranking on the public datasets", "",
             f"{meta['protocol']}", "",
             f"Datasets: {meta['datasets']}. Run time: {float(meta['wall_seconds']) / 60:.0f} min while units ran "
             f"({float(meta['worker_seconds']) / 60:.0f} min of worker time), on "
             f"{meta['machine']}.", "",
             "Rank 1 is best; ties share their mean rank. A candidate whose mean rank is within the critical "
             "difference (CD, Nemenyi, alpha = 0.05) of the leader's is not shown to differ from it. On ROC-AUC and "
             "PR-AUC a tuned threshold changes nothing, so it ties with no resampling there.", ""]
    if notes:
        lines += ["What did not run as planned:", "", *notes, ""]
    for model in collection.classifiers:
        lines += [f"## {CLASSIFIERS.get(model, model).capitalize()}", ""]
        for metric in METRICS:
            try:
                result = ranking(model, metric, collection)
            except ValueError as exc:
                lines += [f"### {metric_label(metric)}", "", f"Not ranked: {exc}", ""]
                continue
            best = result.mean_ranks.iloc[0]
            lines += [f"### {metric_label(metric)}", "",
                      f"{result.n_datasets} datasets, {len(result.mean_ranks)} candidates; Friedman chi-square "
                      f"{result.statistic:.1f}, p = {result.p_value:.2g}; CD = {result.critical_difference:.2f}.", "",
                      "| rank | candidate | mean rank | within CD of the leader |", "|---:|---|---:|:---:|"]
            lines += [f"| {i} | {label_of(c)} | {r:.2f} | {'yes' if r - best <= result.critical_difference else 'no'} |"
                      for i, (c, r) in enumerate(result.mean_ranks.items(), start=1)]
            lines.append("")
    return "\n".join(lines)

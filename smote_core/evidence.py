"""Evidence from public data: how the techniques ranked on the public datasets most like the user's.

The package ships ``data/ranking.csv``, written by ``python -m benchmarks.ranking``: the mean
cross-validated score of every technique and way of not resampling, per KEEL dataset and classifier,
with each dataset's profile features. :func:`similar` finds the datasets nearest a user's profile on
standardised log rows, log imbalance ratio, overlap and share of categorical columns (as
:mod:`smote_core.profile` measures them); :func:`evidence_for` ranks the techniques on those datasets.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import numpy as np
import pandas as pd

from .candidates import label_of
from .metrics import metric_label
from .ranking import Ranking, rank, rank_table

PROFILE_COLUMNS = ("n_rows", "imbalance_ratio", "overlap", "categorical_share")
METRICS = ("roc_auc", "average_precision", "balanced_accuracy", "f1_minority")
# Benchmark classifier -> the words people read (the advice's model ids where they are the same model).
CLASSIFIERS = {
    "logistic": "logistic regression",
    "knn": "k-nearest neighbours",
    "tree": "a decision tree",
    "hist_gradient_boosting": "histogram gradient boosting",
}
DEFAULT_SIMILAR = 5


@dataclass(frozen=True)
class Collection:
    """The packaged ranking: scores, the datasets' profile features, and how the run was made.

    Attributes
    ----------
    scores : DataFrame
        One row per dataset, classifier and technique; a column per metric of :data:`METRICS`.
    profiles : DataFrame
        Dataset -> :data:`PROFILE_COLUMNS`.
    meta : dict
        ``seconds`` (the run's length), ``machine``, ``protocol`` and the like, from the file's ``#`` lines.
    """

    scores: pd.DataFrame
    profiles: pd.DataFrame
    meta: dict

    @property
    def classifiers(self) -> list:
        return list(dict.fromkeys(self.scores["classifier"]))


@dataclass(frozen=True)
class Evidence:
    """How the candidates ranked on the public datasets most like the user's.

    Attributes
    ----------
    datasets : tuple of str
        The similar datasets, nearest first.
    model, metric : str
        Classifier and metric ids the ranks are for.
    mean_ranks : Series
        Candidate id -> mean rank on :attr:`datasets` (1 is best), best first.
    leader : str
        The candidate with the best mean rank.
    technique : str or None
        The candidate the sentence names beside the leader.
    sentence : str
    """

    datasets: tuple
    model: str
    metric: str
    mean_ranks: pd.Series
    leader: str
    technique: str | None
    sentence: str


def load(path=None) -> Collection:
    """The ranking CSV at ``path`` (default: the packaged one).

    Raises
    ------
    ValueError
        When the file is missing or lacks the columns :func:`benchmarks.ranking_report.write` writes.
    """
    return _load(str(path) if path is not None else str(files("smote_core") / "data" / "ranking.csv"))


@lru_cache(maxsize=4)
def _load(path: str) -> Collection:
    if not Path(path).exists():
        raise ValueError(f"no ranking at {path}: run python -m benchmarks.ranking to make it.")
    with open(path) as handle:
        meta = dict(line[1:].strip().split(": ", 1) for line in handle if line.startswith("#"))
    frame = pd.read_csv(path, comment="#")
    needed = {"dataset", "classifier", "technique", *METRICS, *PROFILE_COLUMNS}
    if not needed <= set(frame.columns):
        raise ValueError(f"{path} lacks the column(s) {sorted(needed - set(frame.columns))}: it is not a ranking file.")
    profiles = frame.drop_duplicates("dataset").set_index("dataset")[list(PROFILE_COLUMNS)]
    return Collection(frame[["dataset", "classifier", "technique", *METRICS]], profiles, meta)


def profile_features(profile) -> dict:
    """A :class:`smote_core.profile.DatasetProfile`'s :data:`PROFILE_COLUMNS`: rows, imbalance ratio, overlap
    (the worst minority class's share of rows whose nearest neighbour is of another class; NaN without
    numeric columns) and the share of feature columns that are categorical."""
    _, overlap = profile.worst("n3")
    return {"n_rows": int(profile.n_rows), "imbalance_ratio": float(profile.imbalance_ratio),
            "overlap": np.nan if overlap is None else float(overlap),
            "categorical_share": len(profile.categorical_columns) / max(profile.n_columns, 1)}


def _space(features: pd.DataFrame) -> pd.DataFrame:
    return features.assign(n_rows=np.log(features["n_rows"]), imbalance_ratio=np.log(features["imbalance_ratio"]))


def similar(profile, n: int = DEFAULT_SIMILAR, collection: Collection | None = None) -> pd.Series:
    """The ``n`` datasets of the collection nearest ``profile`` -> their distance, nearest first.

    Each feature is standardised over the collection; a feature the profile lacks (overlap without
    numeric columns) is left out, and a dataset lacking it takes the collection's median. A feature above
    the collection's largest value is taken at that value: tables grow without bound, and left as it is a
    size far beyond the largest public table outweighs every other feature (a table of 100,000 rows lay
    three to four standardised units from every public dataset, so its nearest were the largest ones
    whatever its imbalance and overlap), while the ranking holds no table bigger or rarer to tell such a
    table apart by. Below the smallest value the distance stays: a table cannot lie far below the smallest
    public ones, and clipping there moved three of the nested advice benchmark's 220 training parts to
    other neighbours, where clipping above moves none.
    """
    if not isinstance(n, int) or n < 1:
        raise ValueError(f"n={n!r} must be a positive integer (how many datasets to compare with).")
    collection = collection or load()
    space = _space(collection.profiles.astype(float))
    space = space.fillna(space.median())
    mine = _space(pd.DataFrame([profile_features(profile)]).astype(float)).iloc[0].clip(upper=space.max())
    used = [c for c in PROFILE_COLUMNS if not np.isnan(mine[c])]
    spread = space[used].std(ddof=0).replace(0.0, 1.0)
    distance = np.sqrt((((space[used] - mine[used]) / spread) ** 2).sum(axis=1))
    return distance.sort_values(kind="stable").head(n)


def table(collection: Collection, model: str, metric: str, datasets=None) -> pd.DataFrame:
    """Dataset x candidate mean scores for ``model`` and ``metric``: the candidates scored on every dataset
    (of ``datasets`` when given), the datasets on which all of them were scored."""
    if model not in collection.classifiers:
        raise ValueError(f"no ranking for the classifier {model!r}; the ranking has {collection.classifiers}.")
    if metric not in METRICS:
        raise ValueError(f"no ranking for the metric {metric!r}; the ranking has {list(METRICS)}.")
    rows = collection.scores[collection.scores["classifier"] == model]
    if datasets is not None:
        rows = rows[rows["dataset"].isin(list(datasets))]
    wide = rows.pivot(index="dataset", columns="technique", values=metric)
    if datasets is not None:  # in the order given (nearest first)
        wide = wide.reindex([d for d in datasets if d in wide.index])
    wide = wide.loc[:, wide.notna().mean() >= 0.5]  # a candidate that failed on most datasets is left out
    return wide.dropna()


def ranking(model: str, metric: str, collection: Collection | None = None) -> Ranking:
    """Mean ranks, Friedman test and critical difference of every candidate over the whole collection."""
    return rank(table(collection or load(), model, metric))


def evidence_for(profile, model: str, metric: str, *, technique: str | None = None, n: int = DEFAULT_SIMILAR,
                 collection: Collection | None = None) -> Evidence | None:
    """How the candidates ranked for ``model`` and ``metric`` on the ``n`` public datasets most like ``profile``.

    ``technique`` (a candidate id, such as the advice's recommendation) is named beside the leader. None
    when the ranking has no such classifier or metric (the Brier score; a random forest).
    """
    collection = collection or load()
    if model not in collection.classifiers or metric not in METRICS:
        return None
    near = tuple(similar(profile, n, collection).index)
    scores = table(collection, model, metric, near)
    if scores.empty:
        return None
    mean_ranks = rank_table(scores).mean().sort_values(kind="stable")
    leader = str(mean_ranks.index[0])
    named = technique if technique in mean_ranks.index and technique != leader else None
    sentence = (f"On the {len(scores)} public datasets most like yours ({', '.join(scores.index)}), "
                f"{label_of(leader)} ranked first of {len(mean_ranks)} with {CLASSIFIERS[model]} on "
                f"{metric_label(metric)} (mean rank {mean_ranks[leader]:.1f})")
    if named is not None:
        position = list(mean_ranks.index).index(named) + 1
        sentence += f"; {label_of(named)} ranked {position} (mean rank {mean_ranks[named]:.1f})"
    return Evidence(tuple(scores.index), model, metric, mean_ranks, leader, named, sentence + ".")


# Models whose check also tries the ranking's leaders. Gradient boosting's check draws its folds twice,
# and among that many candidates its best mean was more often luck: replayed on the saved checks of the
# nested advice benchmark (docs/advice.md, section 6), choosing without the leaders lowered the advice's
# regret on PR-AUC from 0.0411 to 0.0355, on balanced accuracy from 0.0418 to 0.0407 and on F1 from 0.0545
# to 0.0519. With logistic regression (more drawings) leaving them out raised the regret on balanced
# accuracy from 0.0199 to 0.0207 and on F1 from 0.0313 to 0.0319 (under today's rule; PR-AUC's fell from
# 0.0148 to 0.0146), so there the leaders stay.
CHECKS_LEADERS = ("logistic",)


def leaders(profile, model) -> tuple:
    """The candidates that ranked first for ``model`` on the public datasets most like ``profile``, one per
    metric of the ranking (distinct, so a change of goal needs no other candidate), for the check to try;
    empty without such evidence (another model, or no packaged ranking) and for a model not in
    :data:`CHECKS_LEADERS`."""
    if model not in CHECKS_LEADERS:
        return ()
    try:
        found = [evidence_for(profile, model, metric) for metric in METRICS]
    except ValueError:  # no packaged ranking: the advice goes on without evidence
        return ()
    return tuple(dict.fromkeys(f.leader for f in found if f is not None))

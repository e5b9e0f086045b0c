"""What the Resample and Compare pages compute: a run of one technique, its 2-D view and its diagnostics.

Plain functions on :class:`~dashboard.tabular.Prepared` tables (no streamlit). The 2-D view is either
a PCA fitted on the standardised original rows, with synthetic rows projected by the same fit, or two
columns the user picks; the same projection serves the before and after panels so they line up.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pandas as pd
from sklearn.decomposition import PCA
from sklearn.preprocessing import StandardScaler

from smote_core import registry
from smote_core.registry import make as make_sampler
from smote_core.generative import fidelity
from smote_core.io import export_table, synthetic_mask, to_csv_bytes

from .tabular import Prepared

PCA_VIEW = "pca"
SYNTHETIC_GROUP = "synthetic"  # legendgroup of the synthetic points' traces (see figures.before_after)
# points drawn per panel at most (all of them are in the downloads)
MAX_ORIGINALS = 3000
MAX_SYNTHETIC = 2000
MAX_FIT = 20_000
HARDEST_SHOWN = 10


@dataclass
class RunResult:
    """One technique run on the prepared table.

    ``sampler`` is the fitted sampler (its ``progress`` callback removed); ``X_res``/``y_res`` its output.
    """

    data_key: str
    technique: str
    params: dict
    seed: int
    X_res: pd.DataFrame
    y_res: np.ndarray
    sampler: object
    seconds: float

    @property
    def label(self) -> str:
        return registry.get(self.technique).label

    @property
    def provenance(self) -> pd.DataFrame:
        return self.sampler.provenance_

    @property
    def synthetic(self) -> np.ndarray:
        """One flag per output row: True for synthetic rows."""
        return synthetic_mask(self.sampler, len(self.X_res))

    @property
    def removed(self) -> pd.DataFrame | None:
        """Rows a combined sampler's cleaner removed (its ``cleaning_``), or None."""
        return getattr(self.sampler, "cleaning_", None)

    def counts(self) -> dict:
        return pd.Series(self.y_res).value_counts().to_dict()


def run_technique(prepared: Prepared, technique: str, params: dict, seed: int,
                  progress: Callable | None = None) -> RunResult:
    """Fit ``technique`` with ``params`` on the prepared table.

    ``progress(done, total, losses)`` is passed to samplers that report it (CTGAN, TVAE).

    Raises
    ------
    ValueError
        From the registry or the sampler: unknown parameters, missing PyTorch, data the sampler
        cannot take (the message says what to do).
    """
    params = dict(params)
    params.setdefault("random_state", int(seed))
    sampler = make_sampler(technique, **params)
    reports = "progress" in sampler.get_params(deep=False)
    if progress is not None and reports:
        sampler.set_params(progress=progress)
    start = time.perf_counter()
    X_res, y_res = sampler.fit_resample(prepared.X, prepared.y)
    seconds = time.perf_counter() - start
    if reports:
        sampler.set_params(progress=None)  # a callback holds page objects: not kept, not cached
    return RunResult(prepared.key, technique, params, int(seed), pd.DataFrame(X_res).reset_index(drop=True),
                     np.asarray(y_res), sampler, seconds)


@dataclass
class Projector:
    """Maps rows of the table to 2-D: a PCA of the standardised originals, or two columns as they are."""

    columns: list
    x_label: str
    y_label: str
    scaler: StandardScaler | None = None
    pca: PCA | None = None

    def transform(self, frame: pd.DataFrame) -> np.ndarray:
        values = frame[self.columns].to_numpy(dtype=float)
        if self.pca is None:
            return values if values.shape[1] == 2 else np.column_stack([values[:, 0], np.zeros(len(values))])
        projected = self.pca.transform(self.scaler.transform(values))
        return projected if projected.shape[1] == 2 else np.column_stack([projected[:, 0], np.zeros(len(projected))])


def fit_projector(prepared: Prepared, view=PCA_VIEW) -> Projector:
    """The 2-D view: ``"pca"`` (numeric columns, standardised; fitted on a random sample of ``MAX_FIT``
    rows of a larger table) or a pair of numeric column names."""
    numeric = prepared.numeric
    if view != PCA_VIEW:
        pair = list(view)
        bad = [c for c in pair if c not in numeric]
        if len(pair) != 2 or bad:
            raise ValueError(f"pick two numeric columns for the axes, among {', '.join(map(str, numeric))}.")
        return Projector(pair, str(pair[0]), str(pair[1]))
    # fitted on at most MAX_FIT rows: the axes of 20,000 rows are those of the table, at a fraction of the memory
    values = prepared.table[numeric].iloc[display_rows(len(prepared.table), MAX_FIT)].to_numpy(dtype=float)
    scaler = StandardScaler().fit(values)
    n_components = min(2, len(numeric))
    pca = PCA(n_components=n_components, random_state=0).fit(scaler.transform(values))
    share = pca.explained_variance_ratio_
    labels = [f"PC{i + 1} ({share[i]:.0%} of the variance)" for i in range(n_components)]
    if n_components == 1:
        labels.append("(one numeric column)")
    return Projector(numeric, labels[0], labels[1], scaler, pca)


def display_rows(n: int, cap: int, seed: int = 0) -> np.ndarray:
    """Sorted positions of at most ``cap`` of ``n`` rows, drawn without replacement."""
    if n <= cap:
        return np.arange(n)
    return np.sort(np.random.RandomState(seed).choice(n, cap, replace=False))


def _class_balanced_rows(y: np.ndarray, cap: int) -> np.ndarray:
    """At most ``cap`` rows, every row of the small classes kept first (they are what matters)."""
    if len(y) <= cap:
        return np.arange(len(y))
    labels, counts = np.unique(y, return_counts=True)
    order = np.argsort(counts)
    budget, keep = cap, []
    for rank, position in enumerate(order):
        rows = np.flatnonzero(y == labels[position])
        share = budget // (len(order) - rank)
        chosen = rows if len(rows) <= share else rows[display_rows(len(rows), share, seed=rank)]
        keep.append(chosen)
        budget -= len(chosen)
    return np.sort(np.concatenate(keep))


POINT_COLUMNS = ("x", "y", "label", "kind", "row", "parent", "neighbor", "lam")


def before_after_points(prepared: Prepared, run: RunResult, projector: Projector) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The points of the before and after panels (a display sample; every synthetic row keeps its
    provenance).

    Returns
    -------
    before, after : DataFrame
        Columns :data:`POINT_COLUMNS`; ``kind`` is ``original``, ``synthetic`` or ``removed`` (rows a
        cleaner removed, drawn in the after panel); ``row`` is the input row for originals and
        removed originals, the output row for synthetic rows; parent, neighbour and λ are filled for
        interpolated synthetic rows (-1 / NaN otherwise).
    """
    y = prepared.y.to_numpy()
    shown = _class_balanced_rows(y, MAX_ORIGINALS)
    before = _points(projector.transform(prepared.table.iloc[shown]), y[shown], "original", shown)

    removed = run.removed
    kept = np.ones(len(shown), dtype=bool)
    parts = []
    if removed is not None and len(removed):
        n = len(prepared.table)
        gone_orig = removed.loc[~removed["synthetic"], "position"].to_numpy()
        kept = ~np.isin(shown, gone_orig)
        parts.append(_removed_points(prepared, projector, removed, n))
    parts.insert(0, before[kept])

    prov = run.provenance
    if len(prov):
        pick = prov.iloc[display_rows(len(prov), MAX_SYNTHETIC)]
        xy = projector.transform(run.X_res.iloc[pick["row"].to_numpy()])
        parts.append(_points(xy, pick["label"].to_numpy(), "synthetic", pick["row"].to_numpy(),
                             pick["parent"].to_numpy(), pick["neighbor"].to_numpy(), pick["lam"].to_numpy()))
    return before, pd.concat(parts, ignore_index=True)


def _points(xy, labels, kind, rows, parent=None, neighbor=None, lam=None) -> pd.DataFrame:
    n = len(rows)
    return pd.DataFrame({
        "x": xy[:, 0], "y": xy[:, 1], "label": np.asarray(labels, dtype=object), "kind": kind,
        "row": np.asarray(rows, dtype=np.int64),
        "parent": np.full(n, -1, dtype=np.int64) if parent is None else np.asarray(parent, dtype=np.int64),
        "neighbor": np.full(n, -1, dtype=np.int64) if neighbor is None else np.asarray(neighbor, dtype=np.int64),
        "lam": np.full(n, np.nan) if lam is None else np.asarray(lam, dtype=float),
    }, columns=list(POINT_COLUMNS))


def _removed_points(prepared, projector, removed, n_input) -> pd.DataFrame:
    """Coordinates of the rows a cleaner removed: originals from the table, synthetic ones rebuilt
    from where ``cleaning_`` says they came from (``parent + λ (neighbour − parent)``)."""
    positions = removed["position"].to_numpy()
    xy = np.empty((len(positions), 2))
    original = positions < n_input
    xy[original] = projector.transform(prepared.table.iloc[positions[original]])
    if (~original).any():
        made = removed.loc[~original]
        parent, neighbor = made["parent"].to_numpy(), made["neighbor"].to_numpy()
        lam = made["lam"].to_numpy()[:, None]
        ends = projector.transform(prepared.table.iloc[np.concatenate([parent, neighbor])])
        start, end = ends[: len(parent)], ends[len(parent):]
        xy[~original] = start + lam * (end - start)  # the projection is affine
    return _points(xy, removed["label"].to_numpy(), "removed", positions)


def selected_synthetic(points) -> int | None:
    """The output row of the first synthetic point in a chart selection, or None.

    A point's ``customdata`` row arrives as a list, or as a dict keyed "0", "1", ... (Streamlit's
    selection event for 2-D customdata).
    """
    for point in points or ():
        data = point.get("customdata")
        if point.get("legendgroup") != SYNTHETIC_GROUP or data is None:
            continue
        if isinstance(data, dict):
            data = data.get("0", data.get(0))
        elif isinstance(data, (list, tuple)):
            data = data[0]
        return int(round(float(data)))
    return None


def segment(prepared: Prepared, projector: Projector, parent: int, neighbor: int) -> np.ndarray:
    """The 2-D ends (parent, neighbour) of a synthetic row's segment."""
    rows = prepared.table.iloc[[int(parent), int(neighbor)]]
    return projector.transform(rows)


def provenance_table(prepared: Prepared, run: RunResult, row: int) -> pd.DataFrame:
    """Parent, neighbour and the synthetic row side by side, on the feature columns."""
    prov = run.provenance.set_index("row").loc[int(row)]
    parent, neighbor = int(prov["parent"]), int(prov["neighbor"])
    features = prepared.features
    frames = {"synthetic (output row %d)" % int(row): run.X_res.iloc[int(row)][features]}
    if parent >= 0:
        frames = {f"parent (row {parent})": prepared.table.iloc[parent][features],
                  f"neighbour (row {neighbor})": prepared.table.iloc[neighbor][features], **frames}
    return pd.DataFrame(frames).T


# ---------------------------------------------------------------- diagnostics

def difficulty(prepared: Prepared, run: RunResult, projector: Projector) -> pd.DataFrame:
    """ADASYN's ``difficulty_`` with each row's 2-D position (``x``, ``y``)."""
    table = run.sampler.difficulty_.copy()
    xy = projector.transform(prepared.table.iloc[table["index"].to_numpy()])
    table["x"], table["y"] = xy[:, 0], xy[:, 1]
    return table


def hardest(table: pd.DataFrame, n: int = HARDEST_SHOWN) -> pd.DataFrame:
    """The ``n`` rows with the highest r_i (ties: more new rows first), as the page lists them."""
    top = table.sort_values(["ratio", "n_synthetic", "index"], ascending=[False, False, True]).head(n)
    return top[["index", "label", "n_other", "ratio", "n_synthetic"]].rename(columns={
        "index": "row", "n_other": "other-class neighbours", "ratio": "r_i", "n_synthetic": "g_i (new rows)"})


def categories(prepared: Prepared, run: RunResult, projector: Projector) -> pd.DataFrame:
    """Borderline/SVM ``categories_`` with 2-D positions and a ``support`` flag (SVM support vectors)."""
    table = run.sampler.categories_.copy()
    xy = projector.transform(prepared.table.iloc[table["index"].to_numpy()])
    table["x"], table["y"] = xy[:, 0], xy[:, 1]
    support = getattr(run.sampler, "support_", None)
    table["support"] = np.isin(table["index"].to_numpy(), support) if support is not None else False
    return table


def support_points(prepared: Prepared, run: RunResult, projector: Projector) -> pd.DataFrame:
    """Every SVM support vector of the grown classes with its 2-D position."""
    support = np.asarray(run.sampler.support_, dtype=np.int64)
    xy = projector.transform(prepared.table.iloc[support])
    return pd.DataFrame({"row": support, "x": xy[:, 0], "y": xy[:, 1],
                         "label": prepared.y.to_numpy()[support]})


def removed_summary(run: RunResult) -> pd.DataFrame:
    """Rows removed by the cleaner, per class and origin (original / synthetic)."""
    removed = run.removed
    if removed is None or removed.empty:
        return pd.DataFrame(columns=["class", "original rows removed", "synthetic rows removed"])
    grouped = removed.groupby(["label", "synthetic"]).size().unstack(fill_value=0)
    return pd.DataFrame({
        "class": grouped.index.astype(str),
        "original rows removed": grouped.get(False, pd.Series(0, index=grouped.index)).to_numpy(),
        "synthetic rows removed": grouped.get(True, pd.Series(0, index=grouped.index)).to_numpy(),
    })


@dataclass
class Fidelity:
    """Fidelity of each grown class's synthetic rows to its real rows."""

    summary: pd.DataFrame
    columns: dict = field(default_factory=dict)


def fidelity_of(prepared: Prepared, run: RunResult) -> Fidelity:
    """:func:`smote_core.generative.fidelity` per grown class: real rows of the class vs its synthetic rows."""
    y_res = pd.Series(run.y_res)
    synthetic = run.synthetic
    rows, per_column = [], {}
    for label in pd.unique(y_res[synthetic]):
        real = prepared.X.loc[prepared.y.to_numpy() == label].reset_index(drop=True)
        made = run.X_res.loc[synthetic & (y_res == label).to_numpy(), prepared.features].reset_index(drop=True)
        if len(made) < 2 or len(real) < 2:
            continue
        report = fidelity(real, made, random_state=run.seed)
        rows.append({"class": str(label), "real rows": len(real), "synthetic rows": len(made), **report.as_dict()})
        per_column[str(label)] = report.columns
    return Fidelity(pd.DataFrame(rows), per_column)


# ---------------------------------------------------------------- downloads

def resampled_csv(prepared: Prepared, run: RunResult) -> bytes:
    """The resampled table as CSV: the file's column order, an ``is_synthetic`` column, formulas made inert."""
    table = export_table(prepared.table.columns, prepared.target, run.X_res, run.y_res, run.synthetic)
    return to_csv_bytes(table)


def provenance_csv(run: RunResult) -> bytes:
    """The provenance table (output row, class, parent, neighbour, λ, technique) as CSV."""
    return to_csv_bytes(run.provenance)

"""The user's own table as step-by-step data: two of its classes, a drawn sample, and two axes.

Plain functions (no streamlit). The axes are two numeric columns the user picks, or the first two
principal components of the standardised numeric columns; either way SMOTE's step is worked out in the
table's own units, with neighbours searched on standardised columns (as the profile and the advice do),
so that no column decides the distances because of its unit.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.decomposition import PCA
from sklearn.preprocessing import StandardScaler

from smote_core import describe_label, stratified_sample

from .stepper import StepData
from .tabular import Prepared

PCA_VIEW = "pca"
# points drawn at most (each a clickable marker); each class keeps its share, and at least MIN_PER_CLASS
MAX_ROWS = 2000
MIN_PER_CLASS = 50


def step_table(prepared: Prepared, view=PCA_VIEW, max_rows: int = MAX_ROWS, seed: int = 0) -> StepData:
    """The prepared table as :class:`~dashboard.stepper.StepData`.

    Parameters
    ----------
    prepared : Prepared
    view : "pca" or (x, y)
        The axes: the first two principal components of the standardised numeric columns, or two numeric
        column names.
    max_rows : int
        A larger table is drawn as a class-stratified sample of this many rows.

    Raises
    ------
    ValueError
        Fewer than two numeric columns, or view columns that are not numeric columns of the table.
    """
    numeric = list(prepared.numeric)
    if len(numeric) < 2:
        raise ValueError(f"the step-by-step view needs two numeric feature columns; this table has {len(numeric)}: "
                         "use the built-in examples, or a table with more numeric columns.")
    if view != PCA_VIEW:
        bad = [c for c in view if c not in numeric]
        if len(view) != 2 or bad or view[0] == view[1]:
            raise ValueError(f"pick two different numeric columns for the axes, among {', '.join(map(str, numeric))}.")
    counts = prepared.y.value_counts()
    minority, majority = counts.index[-1], counts.index[0]
    notes = []
    table = prepared.table[numeric + [prepared.target]]
    if len(counts) > 2:
        table = table.loc[prepared.y.isin([minority, majority]).to_numpy()]
        notes.append(f"The smallest class ({describe_label(minority)}) and the largest ({describe_label(majority)}) "
                     f"are shown; the other {len(counts) - 2} class(es) are left out of this page.")
    if prepared.non_numeric:
        notes.append(f"Only the numeric columns are worked out here; {', '.join(map(str, prepared.non_numeric))} "
                     "(not numeric) would be taken from the neighbours' vote by SMOTE-NC, not interpolated.")
    labels = table[prepared.target].to_numpy()
    rows = stratified_sample((labels == minority).astype(np.int64), max_rows, np.random.RandomState(seed),
                             min_per_class=MIN_PER_CLASS)
    if len(rows) < len(table):
        notes.append(f"A stratified sample of {len(rows):,} of the {len(table):,} rows is drawn (each class keeps "
                     "its share); the Resample page resamples every row.")
    frame = table.iloc[rows].reset_index(drop=True)
    if view == PCA_VIEW:
        features, columns = _principal_axes(frame, numeric), tuple(numeric)
    else:
        features, columns = (view[0], view[1]), ()
    y = frame[prepared.target].to_numpy()
    return StepData(frame, features, prepared.target, minority, majority, np.flatnonzero(y == minority),
                    np.flatnonzero(y == majority), columns, scaled=True, notes=tuple(notes))


def _principal_axes(frame: pd.DataFrame, numeric: list) -> tuple[str, str]:
    """Add the first two principal components of the standardised numeric columns to ``frame`` (in place);
    return their names, which say how much of the variance each holds."""
    scaled = StandardScaler().fit_transform(frame[numeric].to_numpy(dtype=float))
    pca = PCA(n_components=2, random_state=0).fit(scaled)
    names = tuple(f"PC{i + 1} ({share:.0%} of the variance)" for i, share in enumerate(pca.explained_variance_ratio_))
    frame[list(names)] = pca.transform(scaled)
    return names

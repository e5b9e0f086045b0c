"""The table a person works on: a demo or an uploaded file (CSV, Parquet, Excel), its target, its column kinds, its missing values.

Plain functions (no streamlit) so that tests can feed them the bytes of an upload directly. Anything
that makes the table unusable raises ``ValueError`` with a message that says what to do; the page shows
it with ``st.error``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from smote_core import describe_label, is_numeric_kind, stratified_sample
from smote_core.datasets import dataset_info, load_dataset
from smote_core.formats import read_table
from smote_core.io import DELIMITER_NAMES, ENCODING_NAMES
from smote_core.io import split_target
from smote_core.tables import (  # the missing-value names are also read by the pages through this module
    MISSING_CHOICES,
    MISSING_DROP,
    MISSING_FILL,
    feature_columns,
    guess_target,
    handle_missing,
    missing_report,
    weight_column,
)


@dataclass(frozen=True)
class Source:
    """A table as loaded, before the target is chosen.

    ``key`` identifies the content (demo name or a hash of the uploaded bytes) for caching.
    """

    key: str
    name: str
    frame: pd.DataFrame
    problems: tuple = ()
    default_target: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    file_format: str | None = None
    encoding_note: str | None = None
    sheet: str | None = None


def demo_source(name: str) -> Source:
    """A built-in dataset as a :class:`Source`."""
    frame, target = load_dataset(name)
    return Source(f"demo:{name}", f"demo “{name}”: {dataset_info(name).description}", frame, (), target)


def read_upload(file_name: str, raw: bytes, max_mb: float, encoding: str | None = None) -> Source:
    """Read the bytes of an uploaded CSV, Parquet or .xlsx file into a :class:`Source`.

    For CSV the encoding (UTF-8, a byte-order mark, else cp1252 / Latin-1, with a note) is detected
    unless ``encoding`` names it; the delimiter is always detected.

    Raises
    ------
    ValueError
        The file is larger than ``max_mb`` megabytes, or :func:`smote_core.formats.read_table` cannot read it.
    """
    if len(raw) > max_mb * 1e6:  # megabytes as the uploader counts them
        raise ValueError(
            f"{file_name} is {len(raw) / 1e6:.0f} MB, more than the {max_mb:g} MB limit: upload a "
            "smaller sample of the rows, or raise server.maxUploadSize in .streamlit/config.toml."
        )
    frame, problems = read_table(raw, encoding=encoding or None)
    key = f"upload:{hashlib.sha1(raw).hexdigest()}:{encoding or 'detected'}"
    attrs = frame.attrs
    return Source(key, file_name, frame, tuple(problems), guess_target(frame), attrs["encoding"], attrs["delimiter"],
                  attrs["format"], attrs["encoding_note"], attrs["sheet"])


def read_note(source: Source) -> str | None:
    """How the file was read, in one sentence (None for a demo)."""
    size = f"{len(source.frame):,} rows, {source.frame.shape[1]} columns"
    if source.file_format == "csv":
        return f"Read as {ENCODING_NAMES.get(source.encoding, source.encoding)} CSV, " \
               f"{DELIMITER_NAMES.get(source.delimiter, repr(source.delimiter))}-separated: {size}."
    if source.file_format == "excel":
        return f"Read sheet '{source.sheet}' of the Excel workbook: {size}."
    if source.file_format == "parquet":
        return f"Read as Parquet: {size}."
    return None


@dataclass
class Prepared:
    """The table the samplers, the advisor and the comparison see.

    Attributes
    ----------
    key : str
        Identifies the source, target and every choice made, for caching.
    table : DataFrame
        Used feature columns and the target, in file order, index 0..n-1.
    target : str
    kinds : dict
        Every feature column of the file -> kind (see :func:`smote_core.profile.column_kinds`).
    features : list
        Columns used as features (identifier-like, constant and unsupported ones are left out).
    categorical : tuple
        Numeric columns the user marked as categorical (cast to a category dtype).
    notes : list of str
        What was done to the table (rows without a label, missing values handled, columns left out).
    weights : Series or None
        The rows' sample weights (named by their column, which is not in ``table``), aligned with ``table``.
    """

    key: str
    table: pd.DataFrame
    target: str
    kinds: dict
    features: list
    categorical: tuple = ()
    notes: list = field(default_factory=list)
    weights: pd.Series | None = None

    @property
    def weight(self) -> str | None:
        """The column of sample weights, or None."""
        return None if self.weights is None else self.weights.name

    @property
    def weighted_table(self) -> pd.DataFrame:
        """``table`` with the weight column last, when there is one (the check and Compare take it by name)."""
        return self.table if self.weights is None else self.table.assign(**{self.weight: self.weights.to_numpy()})

    @property
    def X(self) -> pd.DataFrame:
        return self.table[self.features]

    @property
    def y(self) -> pd.Series:
        return self.table[self.target]

    @property
    def counts(self) -> dict:
        """Label -> rows, largest class first."""
        return self.y.value_counts().to_dict()

    @property
    def numeric(self) -> list:
        return [name for name in self.features if is_numeric_kind(self.table[name].dtype)]

    @property
    def non_numeric(self) -> list:
        return [name for name in self.features if name not in self.numeric]

    @property
    def smallest_class(self) -> int:
        return min(self.counts.values())


def prepare(source: Source, target: str, categorical=(), missing: str | None = None, weight=None) -> Prepared:
    """Split off the target and the weights, mark categorical columns, handle missing values, and check the result.

    Parameters
    ----------
    source : Source
    target : str
        The label column.
    categorical : sequence of str
        Numeric columns to treat as categorical.
    missing : {"drop", "fill"} or None
        How to handle missing feature values: drop those rows, or fill numbers with the column median
        and categories with the most frequent value. Required when there are missing values.
    weight : str, optional
        A numeric column of sample weights: not a feature; its values go with their rows.

    Raises
    ------
    ValueError
        The target is unusable (one class, continuous, missing), no numeric feature column is left,
        missing values have no chosen handling, a class has a single row, or the weight column is the
        target or holds text, missing, infinite or negative weights.
    """
    frame = source.frame
    if weight is not None:
        weight_column(frame, target, weight)
    carried = [] if weight is None else [weight]
    X, y, notes = split_target(frame, target)
    categorical = tuple(c for c in categorical if c in X.columns and c != weight)
    kinds, features, left_out = feature_columns(X.drop(columns=carried), categorical)
    notes.extend(left_out)
    X = X[features + carried].copy()  # the weights go through handle_missing with their rows
    for name in categorical:
        if name in features:
            X[name] = X[name].astype("category")
    numeric = [name for name in features if is_numeric_kind(X[name].dtype)]
    if not numeric:
        raise ValueError(
            f"no numeric feature column: {_kinds_text(kinds)}. The plots, the neighbour-based samplers "
            "and the comparison need numbers: add numeric columns, un-mark columns you switched to "
            "categorical, or encode an ordered category as numbers (e.g. low/medium/high as 0/1/2)."
        )
    X, y, handled = handle_missing(X, y.reset_index(drop=True), missing)
    notes.extend(handled)
    _check_classes(y, target)
    weights = None if weight is None else X.pop(weight).reset_index(drop=True)
    table = X.copy()
    columns = [c for c in frame.columns if c in features or c == target]
    table.insert(columns.index(target), target, y.to_numpy())
    key = "|".join([source.key, str(target), ",".join(map(str, categorical)), str(missing)])
    if weight is not None:
        key += f"|weight:{weight}"
        notes.append(f"Rows weighted by column {weight} (not a feature): the check and Compare train on the weights "
                     "and weight every score.")
    return Prepared(key, table.reset_index(drop=True), target, kinds, features, categorical, notes, weights)


def sampled(prepared: Prepared, max_rows: int, seed: int = 0, min_per_class: int = 100) -> Prepared:
    """``prepared`` on a class-stratified sample of about ``max_rows`` rows (itself when it has no more).

    Each class keeps its share of the rows, and at least ``min_per_class`` of them (or all it has), so
    that a small class still fills the folds of a comparison. The sample's key names its size and seed.
    """
    if len(prepared.table) <= max_rows:
        return prepared
    codes = pd.factorize(prepared.y)[0]
    rows = stratified_sample(codes, max_rows, np.random.RandomState(seed), min_per_class=min_per_class)
    table = prepared.table.iloc[rows].reset_index(drop=True)
    note = f"A stratified sample of {len(rows):,} of the {len(prepared.table):,} rows (each class keeps its share)."
    weights = None if prepared.weights is None else prepared.weights.iloc[rows].reset_index(drop=True)
    return Prepared(f"{prepared.key}|sample:{max_rows}:{seed}", table, prepared.target, prepared.kinds,
                    prepared.features, prepared.categorical, [*prepared.notes, note], weights)


def _kinds_text(kinds: dict) -> str:
    return "; ".join(f"{name} is {kind}" for name, kind in kinds.items())


def _check_classes(y: pd.Series, target: str) -> None:
    counts = y.value_counts()
    if len(counts) < 2:
        raise ValueError(
            f"target column {target!r} has one class after handling missing values "
            f"({describe_label(counts.index[0])}): there is no imbalance to treat. Pick the column that holds "
            "the classes, or fill instead of dropping rows."
        )
    single = [label for label, n in counts.items() if n < 2]
    if single:
        raise ValueError(
            f"class(es) {', '.join(describe_label(c) for c in single)} of {target!r} have a single row: SMOTE "
            "and its relatives make new rows between two rows of a class, and a comparison needs rows of it "
            "in every fold. Add rows of that class, or remove or merge it in the file, then upload it again."
        )


def kinds_table(source: Source, kinds: dict, features: list) -> pd.DataFrame:
    """One row per feature column: kind, whether it is used, missing values and an example value."""
    frame = source.frame
    rows = []
    for name, kind in kinds.items():
        values = frame[name].dropna()
        rows.append({
            "column": str(name),
            "kind": kind,
            "used": name in features,
            "distinct": int(values.nunique()),
            "missing": int(frame[name].isna().sum()),
            "example": str(values.iloc[0]) if len(values) else "",
        })
    return pd.DataFrame(rows, columns=["column", "kind", "used", "distinct", "missing", "example"])


def switchable_columns(source: Source, target: str) -> list:
    """Numeric columns other than the target: those the user may switch to categorical, or pick as row weights."""
    return [name for name in source.frame.columns
            if name != target and is_numeric_kind(source.frame[name].dtype)]

"""BaseSampler: the public ``fit_resample`` validates and restores types; ``_fit_resample`` computes.

Over-samplers describe their synthetic rows as :class:`Synthetic` blocks (one per class); the base
class writes originals and blocks into one preallocated output and records ``provenance_`` from the
same index arrays that produced the rows. The record is kept as those arrays and becomes a table on
first read, so a fit whose provenance nobody reads pays nothing for it.

Sample weights travel with the rows by one rule, applied here from that record for every sampler
(docs/weights.md): originals keep their weights, a synthetic row takes its parent's weight (the row
it was copied, interpolated or extrapolated from) or, without a parent (generative rows), its class's
mean input weight; rows a cleaner removes take their weights with them.
"""

from __future__ import annotations

from abc import ABCMeta, abstractmethod
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np
import pandas as pd
from sklearn import get_config
from sklearn.base import BaseEstimator, OneToOneFeatureMixin

from ._native import as_container, check_container
from ._tags import sampler_tags
from .parameters import Param, check_parameters
from .scaling import fit_scaling
from ._validation import check_input, check_sample_weight, check_sampling_strategy

PROVENANCE_COLUMNS = ("row", "label", "parent", "neighbor", "lam", "technique")
# rows interpolated per step when writing synthetic rows (keeps the temporary buffer to a few MB)
_WRITE_CHUNK = 16_384


@dataclass
class Synthetic:
    """The synthetic rows of one class, before they are written to the output.

    Attributes
    ----------
    label : object
        Class of every row of the block.
    parent : ndarray of int
        Position in the input X of each row's parent.
    neighbor : ndarray of int
        Position in the input X of the neighbour used, -1 where none.
    lam : ndarray of float
        λ of each row (``row = parent + lam * (neighbor - parent)``), NaN where none.
    values : ndarray, optional
        The rows themselves, when they are not an interpolation of parent and neighbour.
    categorical : ndarray of object, optional
        For samplers of mixed data: the values of the categorical columns (one column each, in the
        order the sampler passes to ``_assemble_table``); the numeric columns are the rows above.
    """

    label: object
    parent: np.ndarray
    neighbor: np.ndarray
    lam: np.ndarray
    values: np.ndarray | None = None
    categorical: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.parent)

    def write(self, X: np.ndarray, out: np.ndarray) -> None:
        """Write the block's rows into ``out`` (float64), interpolating when no values are given.

        Works through chunks of rows with one small reused buffer, so the only large allocation is
        the output itself.
        """
        if self.values is not None:
            out[...] = self.values
            return
        for positions in (self.parent, self.neighbor):
            if len(positions) and not 0 <= positions.min() <= positions.max() < X.shape[0]:
                raise IndexError(f"a parent or neighbour position lies outside the {X.shape[0]} rows of X")
        base = np.empty((min(_WRITE_CHUNK, len(self)), X.shape[1]))
        for start in range(0, len(self), _WRITE_CHUNK):
            stop = min(start + _WRITE_CHUNK, len(self))
            rows, parents = out[start:stop], base[: stop - start]
            # positions checked above, so "clip" clips nothing; it lets take write straight into out
            # (with the default "raise", numpy buffers out; figures in docs/performance.md)
            np.take(X, self.parent[start:stop], axis=0, out=parents, mode="clip")
            np.take(X, self.neighbor[start:stop], axis=0, out=rows, mode="clip")
            rows -= parents
            rows *= self.lam[start:stop, None]
            rows += parents


def build_provenance(first_row: int, blocks: list[Synthetic], technique: str) -> pd.DataFrame:
    """One row per synthetic row: where it sits in the output and where it came from."""
    n_new = sum(len(block) for block in blocks)
    classes = list(dict.fromkeys(block.label for block in blocks))
    codes = np.repeat(np.array([classes.index(block.label) for block in blocks], dtype=np.int32),
                      [len(block) for block in blocks])
    return pd.DataFrame(
        {
            "row": np.arange(first_row, first_row + n_new, dtype=np.int64),
            "label": pd.Categorical.from_codes(codes, dtype=_categories(classes), validate=False),
            "parent": _concat([block.parent for block in blocks], np.int64),
            "neighbor": _concat([block.neighbor for block in blocks], np.int64),
            "lam": _concat([block.lam for block in blocks], np.float64),
            "technique": pd.Categorical.from_codes(np.zeros(n_new, dtype=np.int8),
                                                   dtype=_categories([technique]), validate=False),
        },
        copy=False,  # every column is a fresh array already
    )


def _categories(values: list) -> pd.CategoricalDtype:
    """The categorical dtype of ``values`` (cached: building one costs more than the whole table)."""
    return _cached_categories(tuple((type(value), value) for value in values))


@lru_cache(maxsize=256)
def _cached_categories(typed_values: tuple) -> pd.CategoricalDtype:
    # keyed with the type so that 1, 1.0 and True stay three different category sets
    return pd.CategoricalDtype(pd.Index([value for _, value in typed_values]))


def _concat(parts, dtype):
    if len(parts) == 1:  # one class grew: its array serves as the column, no copy
        return np.asarray(parts[0], dtype=dtype)
    return np.concatenate(parts).astype(dtype, copy=False) if parts else np.empty(0, dtype=dtype)


def synthetic_weights(blocks: list[Synthetic], weights: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The weight of every synthetic row of ``blocks``, in order: its parent's weight, or its class's mean
    input weight where it has no parent (``parent == -1``: a generative row)."""
    parent = _concat([block.parent for block in blocks], np.int64)
    out = np.empty(len(parent))
    start = 0
    for block in blocks:
        stop = start + len(block)
        orphan = block.parent < 0
        out[start:stop][~orphan] = weights[block.parent[~orphan]]
        if orphan.any():
            out[start:stop][orphan] = weights[y == block.label].mean()
        start = stop
    return out


@dataclass(frozen=True)
class _ProvenanceRecord:
    """What a fit recorded for ``provenance_``: the arguments of :func:`build_provenance`, after a
    cleaning step the output rows that survived it (sorted positions; None when all did), and the
    synthetic rows' weights when the fit was given sample weights (None otherwise)."""

    first_row: int
    blocks: list[Synthetic]
    technique: str
    survivors: np.ndarray | None = None
    weights: np.ndarray | None = None

    def table(self) -> pd.DataFrame:
        """The provenance table, restricted to the survivors and renumbered to their new positions
        (with a ``weight`` column after a weighted fit)."""
        table = build_provenance(self.first_row, self.blocks, self.technique)
        if self.weights is not None:
            table["weight"] = self.weights
        if self.survivors is None:
            return table
        rows = table["row"].to_numpy()
        new_position = np.searchsorted(self.survivors, rows)
        survived = self.survivors[np.minimum(new_position, len(self.survivors) - 1)] == rows
        table = table.loc[survived].reset_index(drop=True)
        table["row"] = new_position[survived]
        return table

    def origin(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``parent``, ``neighbor`` and ``lam`` of the output ``rows`` (before any cleaning); -1, -1 and
        NaN for the originals."""
        offset = np.asarray(rows, dtype=np.int64) - self.first_row
        made = offset >= 0
        parent, neighbor = np.full(len(offset), -1, dtype=np.int64), np.full(len(offset), -1, dtype=np.int64)
        lam = np.full(len(offset), np.nan)
        if made.any():
            parent[made] = _concat([block.parent for block in self.blocks], np.int64)[offset[made]]
            neighbor[made] = _concat([block.neighbor for block in self.blocks], np.int64)[offset[made]]
            lam[made] = _concat([block.lam for block in self.blocks], np.float64)[offset[made]]
        return parent, neighbor, lam

    def stacked_rows(self, X: np.ndarray, positions: np.ndarray) -> np.ndarray:
        """The rows at sorted ``positions`` of the stacked output (originals of ``X`` first, then the
        recorded rows), written afresh from ``X``: the same values, bit for bit, as the output the
        record was made with, without that output being held (every recorded row is an interpolation)."""
        n_original = int(np.searchsorted(positions, self.first_row))
        out = np.empty((len(positions), X.shape[1]))
        np.take(X, positions[:n_original], axis=0, out=out[:n_original], mode="clip")  # unbuffered: positions are valid
        Synthetic(None, *self.origin(positions[n_original:])).write(X, out[n_original:])
        return out

    def restricted_to(self, survivors: np.ndarray) -> _ProvenanceRecord:
        """The same record, for an output from which only ``survivors`` (sorted positions) remain."""
        return replace(self, survivors=survivors)


class _Provenance:
    """The ``provenance_`` attribute: stores a table or a record, and turns a record into its table
    (once) when read; unfitted samplers have none (``AttributeError``, as scikit-learn expects)."""

    def __get__(self, sampler, owner=None):
        if sampler is None:
            return self
        stored = sampler.__dict__.get("provenance_")
        if stored is None:
            raise AttributeError(f"{type(sampler).__name__} has no provenance_ before fit_resample.")
        if isinstance(stored, _ProvenanceRecord):
            stored = sampler.__dict__["provenance_"] = stored.table()
        return stored

    def __set__(self, sampler, value):
        sampler.__dict__["provenance_"] = value


class BaseSampler(OneToOneFeatureMixin, BaseEstimator, metaclass=ABCMeta):
    """Common machinery of every sampler (scikit-learn estimator conventions).

    Subclasses set ``_sampling_type`` (``"over-sampling"`` or ``"clean-sampling"``), ``_technique``
    (the registry id), ``_numeric_only``, ``_allow_nan``, ``_keeps_sample_indices`` (whether a fit sets
    ``sample_indices_``) and ``_parameter_constraints`` (parameter name ->
    :class:`~smote_core.parameters.Param`, one entry per constructor parameter), and implement
    ``_fit_resample(X, y)`` on validated arrays.
    """

    _sampling_type = "over-sampling"
    _technique = ""
    _numeric_only = True
    _allow_nan = False
    _keeps_sample_indices = False
    _parameter_constraints: dict[str, Param] = {}
    provenance_ = _Provenance()

    def __sklearn_tags__(self):
        return sampler_tags(allow_nan=self._allow_nan, mixed=not self._numeric_only,
                            sample_indices=self._keeps_sample_indices)

    def fit(self, X, y):
        """Resample once to learn the fitted attributes; return self."""
        self.fit_resample(X, y)
        return self

    def fit_resample(self, X, y, sample_weight=None):
        """Resample the dataset, and its sample weights when given.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            numpy, pandas (numpy- or Arrow-backed dtypes), or another library's DataFrame (polars,
            pyarrow, ...).
        y : array-like of shape (n_samples,)
        sample_weight : array-like of shape (n_samples,) or float, optional
            One non-negative weight per row (a Series of any of those libraries, a list or an array).
            The weights do not change which rows are made; they travel with the rows.

        Returns
        -------
        X_resampled, y_resampled
            Same types as the input (a list of rows stays a list; a Series keeps its name; a polars
            DataFrame stays one, with its schema), unless :meth:`set_output` asks for a pandas or
            polars DataFrame: originals first, untouched and in input order, then the new rows
            grouped by class in sorted label order.
        sample_weight_resampled : same kind as ``sample_weight``, float64
            Only when ``sample_weight`` is given: one weight per output row. Originals keep theirs; a
            synthetic row takes its parent's weight, or its class's mean weight where it has no parent
            (generative rows); removed rows take theirs away. ``provenance_`` then has a ``weight``
            column and ``cleaning_`` / ``removed_`` record the removed rows' weights.

        Raises
        ------
        ValueError
            For a parameter outside its declared range, a target that is not one class label per row
            (continuous, multi-output), data the sampler cannot use, or weights that are not one
            finite, non-negative number per row (or are the target itself); the message says what to do.
        """
        values, y_checked, frame = check_input(X, y, numeric_only=self._numeric_only)
        weights = None if sample_weight is None else check_sample_weight(sample_weight, len(y_checked), y)
        container = self._output_container()
        self.n_features_in_ = values.shape[1]
        names = frame.feature_names
        if names is not None:
            self.feature_names_in_ = names
        elif "feature_names_in_" in self.__dict__:
            del self.feature_names_in_
        X_res, y_res = self._resample(values, y_checked)
        X_out, y_out = frame.restore(X_res, y_res)
        if container != "default":
            X_out = as_container(X_out, container, self.get_feature_names_out())
        if weights is None:
            return X_out, y_out
        return X_out, y_out, weights.restore(self._carry_weights(weights.values, y_checked))

    def set_output(self, *, transform=None):
        """Choose the kind of ``X_resampled``, as scikit-learn's ``set_output`` does for transformers.

        Parameters
        ----------
        transform : {"default", "pandas", "polars"} or None
            ``"default"``: the input's own kind; ``"pandas"`` / ``"polars"``: a DataFrame of that library
            (columns named by ``get_feature_names_out()`` where the input had no names); None: unchanged.
            Without a call, scikit-learn's global ``set_config(transform_output=...)`` applies.

        Returns
        -------
        self
        """
        if transform is not None:
            # scikit-learn's own attribute: clone() carries it over to copies
            self._sklearn_output_config = {"transform": check_container(transform)}
        return self

    def _output_container(self) -> str:
        config = getattr(self, "_sklearn_output_config", {})
        return check_container(config.get("transform", get_config()["transform_output"]))

    def _carry_weights(self, weights: np.ndarray, y: np.ndarray) -> np.ndarray:
        """The output rows' weights, from what the fit recorded, for every kind of sampler.

        The stacked set is the originals followed by the recorded synthetic rows; ``sample_indices_``
        (cleaners, combined samplers) names its rows that survived, and the removed-row tables
        (``removed_``, ``cleaning_``) get each removed row's weight.
        """
        record = self.__dict__.get("provenance_")
        new = np.empty(0)
        if isinstance(record, _ProvenanceRecord):
            new = synthetic_weights(record.blocks, weights, y)
            self.provenance_ = replace(record, weights=new)
        stacked = np.concatenate([weights, new])
        for name in ("removed_", "cleaning_"):
            removed = self.__dict__.get(name)
            if removed is not None:
                removed["weight"] = stacked[removed["position"].to_numpy()]
        kept = self.__dict__.get("sample_indices_")
        return stacked if kept is None else stacked[kept]

    def _resample(self, X, y, scaling=None):
        """Resample already validated data (combined samplers call their parts through this, passing
        their own fitted :class:`ColumnScaling` so that every part searches the same space)."""
        self._prepare(X, y, scaling)
        return self._fit_resample(X, y)

    def _prepare(self, X, y, scaling=None) -> None:
        """Check the parameters against ``_parameter_constraints``, then against the data, and set
        ``sampling_strategy_`` and ``neighbor_scaling_``: what every fit does before computing."""
        check_parameters(self)
        self.sampling_strategy_ = check_sampling_strategy(self.sampling_strategy, y, self._sampling_type)
        self._check_params(X, y)
        self.neighbor_scaling_ = scaling

    def _search_space(self, X: np.ndarray) -> np.ndarray:
        """The numeric rows ``X`` as the neighbour searches see them: as they are, or scaled per
        column when ``neighbor_scaling`` is set (fitted on the first ``X`` of the fit: the whole input).
        Synthetic rows are still written from the unscaled X (see :mod:`smote_core.scaling`)."""
        kind = getattr(self, "neighbor_scaling", None)
        if self.neighbor_scaling_ is None and kind is not None:
            self.neighbor_scaling_ = fit_scaling(X, kind)
        return X if self.neighbor_scaling_ is None else self.neighbor_scaling_.transform(X)

    def _check_params(self, X, y) -> None:
        """Validate parameters against the data (subclasses override)."""

    @abstractmethod
    def _fit_resample(self, X, y):
        """Compute the resampled arrays from validated ones."""

    def _assemble(self, X: np.ndarray, y: np.ndarray, blocks: list[Synthetic]):
        """Stack originals and synthetic blocks into the output; set ``provenance_``."""
        n_samples = X.shape[0]
        n_new = sum(len(block) for block in blocks)
        X_res = np.empty((n_samples + n_new, X.shape[1]), dtype=np.float64)
        X_res[:n_samples] = X
        y_res = np.empty(n_samples + n_new, dtype=y.dtype)
        y_res[:n_samples] = y
        start = n_samples
        for block in blocks:
            stop = start + len(block)
            block.write(X, X_res[start:stop])
            y_res[start:stop] = block.label
            start = stop
        self._record_provenance(n_samples, blocks)
        return X_res, y_res

    def _record_provenance(self, first_row: int, blocks: list[Synthetic]) -> None:
        """Keep the blocks' index arrays (not their values) as ``provenance_``, a table on first read."""
        light = [Synthetic(block.label, block.parent, block.neighbor, block.lam) for block in blocks]
        self.provenance_ = _ProvenanceRecord(first_row, light, self._technique)

    def _assemble_table(self, table: pd.DataFrame, y: np.ndarray, blocks: list[Synthetic],
                        numeric: np.ndarray, numeric_columns, categorical_columns):
        """Like :meth:`_assemble`, for mixed data: a DataFrame whose categorical columns keep their dtype.

        Parameters
        ----------
        table : DataFrame
            The validated X.
        numeric : ndarray of shape (n_samples, len(numeric_columns))
            The numeric columns as floats; blocks interpolate these.
        numeric_columns, categorical_columns : sequence of int
            Positions in ``table``; ``categorical_columns`` orders the columns of ``block.categorical``.
        """
        X_num, y_res = self._assemble(numeric, y, blocks)
        new = (np.concatenate([block.categorical for block in blocks]) if blocks
               else np.empty((0, len(categorical_columns)), dtype=object))
        columns = [None] * table.shape[1]
        for i, position in enumerate(numeric_columns):
            columns[position] = pd.Series(X_num[:, i])
        for i, position in enumerate(categorical_columns):
            original = table.iloc[:, position].reset_index(drop=True)
            columns[position] = pd.concat(
                [original, pd.Series(new[:, i], dtype=original.dtype)], ignore_index=True
            )
        X_res = pd.concat(columns, axis=1, ignore_index=True)
        X_res.columns = table.columns
        return X_res, y_res

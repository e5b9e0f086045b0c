"""DataFrames and Series of other libraries (polars, pyarrow, ...) at the border, through narwhals.

The samplers compute on numpy arrays and pandas DataFrames. A table of another library comes in as an
Arrow-backed pandas DataFrame (each column keeps its Arrow type, nulls included; dictionary columns
become pandas categoricals, which the categorical samplers know) and goes back out as a table of its
own library with the input's schema: the same names, in order, with the same dtypes.

narwhals is the layer because scikit-learn (>= 1.9) and plotly (>= 6) already depend on it, it has no
dependencies of its own, and it speaks every eager DataFrame library a user may hold: converting
through Arrow is one code path for all of them instead of one per library.
"""

from __future__ import annotations

from dataclasses import dataclass

import narwhals as nw
import numpy as np
import pandas as pd
import pyarrow as pa

# What scikit-learn's set_output(transform=...) accepts, and the libraries behind the two tables.
OUTPUT_CONTAINERS = ("default", "pandas", "polars")


@dataclass(frozen=True)
class NativeKind:
    """Another library's table, as :func:`to_pandas` saw it: its library and its Arrow schema."""

    implementation: nw.Implementation
    schema: pa.Schema


def native_frame(X) -> nw.DataFrame | None:
    """``X`` wrapped by narwhals when it is an eager DataFrame of a library other than pandas (else None)."""
    if isinstance(X, (pd.DataFrame, np.ndarray)):
        return None
    frame = nw.from_native(X, eager_only=True, pass_through=True)
    return frame if isinstance(frame, nw.DataFrame) else None


def native_series(values) -> nw.Series | None:
    """``values`` wrapped by narwhals when it is a Series of a library other than pandas (else None)."""
    if isinstance(values, (pd.Series, np.ndarray)):
        return None
    series = nw.from_native(values, series_only=True, pass_through=True)
    return series if isinstance(series, nw.Series) else None


def _arrow_dtype(arrow_type: pa.DataType):
    # dictionary columns (polars Categorical/Enum, Arrow dictionaries) become pandas categoricals
    return None if pa.types.is_dictionary(arrow_type) else pd.ArrowDtype(arrow_type)


def to_pandas(frame: nw.DataFrame) -> tuple[pd.DataFrame, NativeKind]:
    """The table as an Arrow-backed pandas DataFrame (index 0..n-1), and what it was."""
    arrow = frame.to_arrow()
    return arrow.to_pandas(types_mapper=_arrow_dtype), NativeKind(frame.implementation, arrow.schema)


def from_pandas(table: pd.DataFrame, kind: NativeKind):
    """``table`` as a DataFrame of ``kind``'s library, with its column names and types: the columns are
    cast to the input's exact Arrow types (string or large string, dictionary indices, polars' Enum
    categories in the field metadata) before the library reads them."""
    arrow = pa.Table.from_pandas(table, preserve_index=False).cast(kind.schema)
    return nw.from_arrow(arrow, backend=kind.implementation).to_native()


def series_like(values: np.ndarray, like: nw.Series, dtype=None):
    """``values`` as a Series of ``like``'s library and name; ``like``'s dtype unless ``dtype`` is given."""
    series = nw.new_series(like.name, values, backend=like.implementation)
    return series.cast(like.dtype if dtype is None else dtype).to_native()


def as_container(X_out, container: str, columns):
    """``X_out`` (an array, a pandas or another library's DataFrame) as the ``set_output`` container asks:
    unchanged for ``"default"``, else a pandas or polars DataFrame with ``columns`` as names where
    ``X_out`` has none."""
    if container == "default":
        return X_out
    native = native_frame(X_out)
    table = (to_pandas(native)[0] if native is not None else X_out if isinstance(X_out, pd.DataFrame)
             else pd.DataFrame(np.asarray(X_out), columns=list(columns)))
    if container == "pandas":
        return table
    return nw.from_arrow(pa.Table.from_pandas(table, preserve_index=False), backend="polars").to_native()


def check_container(container) -> str:
    """The ``set_output`` container, checked (polars must be installed for ``"polars"``)."""
    if container not in OUTPUT_CONTAINERS:
        raise ValueError(f"set_output(transform={container!r}): use one of {list(OUTPUT_CONTAINERS)} (or None "
                         "to leave it unchanged).")
    if container == "polars":
        try:
            import polars  # noqa: F401, PLC0415
        except ImportError:
            raise ValueError("set_output(transform='polars') needs polars: pip install 'smote-lab[polars]'.") from None
    return container

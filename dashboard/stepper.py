"""One SMOTE step worked out with real numbers: the logic behind the step-by-step page.

Plain functions on numbers and tables (no streamlit, no plotly) so tests can check them directly.
Bad input raises ``ValueError`` with a message that says what to do; the page shows it as an error.
Neighbour searches go through ``smote_core`` and "generate the rest" runs the library's SMOTE.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from smote_core import SMOTE, check_class_size, describe_label, is_numeric_kind, nearest_neighbors

MINUS = "\u2212"
TIMES = "\u00d7"

# legendgroup of the clickable traces; selection events carry it back (see figures.step_scatter)
MINORITY_GROUP = "minority"
MAJORITY_GROUP = "majority"
SYNTHETIC_GROUP = "synthetic"

SYNTHETIC_COLUMNS = ("source", "x", "y", "parent", "neighbor", "lam")

# how the arithmetic writes numbers: the smallest non-zero number of a step (a value, a difference, an
# offset) to SIGNIFICANT digits, with MIN_DECIMALS to MAX_DECIMALS decimals
SIGNIFICANT = 3
MIN_DECIMALS = 2
MAX_DECIMALS = 10
# column-by-column arithmetic: the columns that move most are written out, the others one click away
SHOWN_COLUMNS = 6


def format_number(value: float, decimals: int = 2, thousands: bool = False) -> str:
    """A number as people write it: no trailing zeros, a real minus sign, optional thousands commas."""
    rounded = round(float(value), decimals)
    if rounded == 0:
        rounded = 0.0  # no "-0"
    text = f"{abs(rounded):,.{decimals}f}" if thousands else f"{abs(rounded):.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return (MINUS if rounded < 0 else "") + text


def format_point(values: Sequence[float], decimals: int = 2) -> str:
    """A point as ``(120, 280)``."""
    return "(" + ", ".join(format_number(v, decimals) for v in values) + ")"


def term(value: float, decimals: int = 2, thousands: bool = False, subtract: bool = False) -> str:
    """``value`` as a term of a sum, its sign written once: ``+ 1.95`` or ``− 1.95``.

    With ``subtract`` the value is taken away: ``− 1.95`` for 1.95, ``+ 1.95`` for −1.95 (never ``− −1.95``).
    """
    text = format_number(value, decimals, thousands)
    negative = text.startswith(MINUS)
    return f"{'+' if negative == subtract else MINUS} {text[1:] if negative else text}"


def step_decimals(*numbers) -> int:
    """Decimals that write the smallest non-zero magnitude among ``numbers`` to ``SIGNIFICANT`` digits.

    Given a step's values, their differences and offsets, a value and its difference never round to the
    same thing (0.0123 and 0.0141 do not both read 0.01). At least ``MIN_DECIMALS``, at most ``MAX_DECIMALS``.
    """
    values = np.abs(np.concatenate([np.ravel(np.asarray(n, dtype=float)) for n in numbers]))
    values = values[np.isfinite(values) & (values > 0)]
    if values.size == 0:
        return MIN_DECIMALS
    decimals = SIGNIFICANT - 1 - int(np.floor(np.log10(values.min())))
    return int(np.clip(decimals, MIN_DECIMALS, MAX_DECIMALS))


def check_lambda(lam) -> float:
    """Return λ as a float, or raise when it is not a number in [0, 1]."""
    try:
        value = float(lam)
    except (TypeError, ValueError):
        raise ValueError(f"λ={lam!r} is not a number: enter a value between 0 and 1.") from None
    if not 0.0 <= value <= 1.0:
        raise ValueError(
            f"λ={value:g} is outside [0, 1]: SMOTE only places points between X (λ=0) and the "
            "neighbour (λ=1); pick a value in that range."
        )
    return value


def _as_point(values, name: str) -> np.ndarray:
    point = np.asarray(values, dtype=float)
    if point.ndim != 1 or point.size == 0:
        raise ValueError(f"{name} must be one row of numbers; got shape {point.shape}.")
    if not np.isfinite(point).all():
        raise ValueError(f"{name} {tuple(point)} has NaN or infinite values: fill or drop that row first.")
    return point


@dataclass(frozen=True)
class Step:
    """One synthetic point: ``new = x + lam * (neighbor - x)``, with its intermediate numbers."""

    x: np.ndarray
    neighbor: np.ndarray
    lam: float

    @property
    def difference(self) -> np.ndarray:
        return self.neighbor - self.x

    @property
    def offset(self) -> np.ndarray:
        return self.lam * self.difference

    @property
    def new(self) -> np.ndarray:
        return interpolate(self.x, self.neighbor, self.lam)

    @property
    def decimals(self) -> int:
        """Decimals the arithmetic is written with (see :func:`step_decimals`)."""
        return step_decimals(self.x, self.neighbor, self.difference, self.offset, self.new)

    def lines(self) -> list[str]:
        """The arithmetic, one equality per line, in the article's form."""
        decimals = self.decimals
        x, nb = format_point(self.x, decimals), format_point(self.neighbor, decimals)
        lam = format_number(self.lam, 2)
        sums = ", ".join(f"{format_number(a, decimals)} {term(o, decimals)}" for a, o in zip(self.x, self.offset))
        return [
            f"{x} + {lam} {TIMES} ({nb} {MINUS} {x})",
            f"= {x} + {lam} {TIMES} {format_point(self.difference, decimals)}",
            f"= ({sums})",
            f"= {format_point(self.new, decimals)}",
        ]

    def text(self) -> str:
        """The arithmetic on one line."""
        return " ".join(self.lines())


def smote_step(x, neighbor, lam) -> Step:
    """Check the inputs of one interpolation and return the :class:`Step`."""
    x_arr, nb_arr = _as_point(x, "X"), _as_point(neighbor, "the neighbour")
    if x_arr.shape != nb_arr.shape:
        raise ValueError(
            f"X has {x_arr.size} values but the neighbour has {nb_arr.size}: both must be rows of the same table."
        )
    return Step(x_arr, nb_arr, check_lambda(lam))


def column_label(name: str) -> str:
    """``loan_amount`` -> ``Loan amount`` (the rest of the name as it is: ``PC1`` stays ``PC1``)."""
    text = str(name).replace("_", " ").strip()
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class ColumnStep:
    """The interpolation of one column between rows A and B."""

    column: str
    a: float
    b: float
    lam: float
    integer: bool

    @property
    def exact(self) -> float:
        return self.a + self.lam * (self.b - self.a)

    @property
    def stored(self) -> float:
        """The value written to the table: integer columns are rounded (as smote_core does)."""
        return float(np.rint(self.exact)) if self.integer else self.exact

    @property
    def decimals(self) -> int:
        """Decimals the arithmetic is written with (see :func:`step_decimals`)."""
        difference = self.b - self.a
        return step_decimals(self.a, self.b, difference, self.lam * difference, self.exact)

    def text(self) -> str:
        decimals = self.decimals

        def fmt(v):
            return format_number(v, decimals, thousands=True)

        line = (
            f"{column_label(self.column)} = {fmt(self.a)} + {format_number(self.lam, 2)} {TIMES} "
            f"({fmt(self.b)} {term(self.a, decimals, thousands=True, subtract=True)}) = {fmt(self.exact)}"
        )
        if self.integer and self.stored != self.exact:
            line += f" \u2192 {fmt(self.stored)} (whole-number column, rounded)"
        return line


def column_steps(row_a: Mapping[str, float], row_b: Mapping[str, float], lam,
                 integer_columns: Sequence[str] = ()) -> list[ColumnStep]:
    """Interpolate every column of two rows with the same λ."""
    lam_value = check_lambda(lam)
    if list(row_a) != list(row_b):
        raise ValueError(f"rows A and B have different columns ({list(row_a)} vs {list(row_b)}): use rows of one table.")
    steps = []
    for column in row_a:
        a, b = _as_point([row_a[column], row_b[column]], f"column {column!r}")
        steps.append(ColumnStep(str(column), float(a), float(b), lam_value, column in integer_columns))
    return steps


@dataclass(frozen=True)
class StepData:
    """A two-class table ready for the step-by-step page, drawn on two axes.

    ``minority_rows`` and ``majority_rows`` are row positions in ``frame``. ``features`` are the two
    drawn columns; ``columns`` the columns SMOTE works on, in original units (the drawn two when empty;
    every numeric column under a PCA view, whose axes are then two more columns of ``frame``). With
    ``scaled``, neighbours are searched on standardised ``columns`` (the new row is still made in the
    original units). ``notes`` say what the page shows of the table (a sample, classes left out).
    """

    frame: pd.DataFrame
    features: tuple[str, str]
    target: str
    minority: object
    majority: object
    minority_rows: np.ndarray
    majority_rows: np.ndarray
    columns: tuple = ()
    scaled: bool = False
    notes: tuple = ()

    @property
    def points(self) -> np.ndarray:
        """The drawn coordinates, one row per row of ``frame``."""
        return self.frame[list(self.features)].to_numpy(dtype=float)

    @property
    def value_columns(self) -> tuple:
        return tuple(self.columns) or tuple(self.features)

    @property
    def values(self) -> np.ndarray:
        """The rows in original units, on :attr:`value_columns`: what the arithmetic shows."""
        return self.frame[list(self.value_columns)].to_numpy(dtype=float)

    @property
    def drawn_in_units(self) -> bool:
        """Whether the axes are the arithmetic's own columns (not a projection)."""
        return self.value_columns == tuple(self.features)

    @property
    def search_space(self) -> np.ndarray:
        """Where neighbours are measured: :attr:`values`, standardised when ``scaled``."""
        values = self.values
        if not self.scaled:
            return values
        spread = values.std(axis=0)
        return (values - values.mean(axis=0)) / np.where(spread > 0, spread, 1.0)

    @property
    def max_k(self) -> int:
        return len(self.minority_rows) - 1

    @property
    def n_to_balance(self) -> int:
        return len(self.majority_rows) - len(self.minority_rows)


def step_data(frame: pd.DataFrame, target: str) -> StepData:
    """Check a table for the page (two numeric features, two classes) and split it by class."""
    if target not in frame.columns:
        raise ValueError(f"target column {target!r} is not in the table: pick one of {list(frame.columns)}.")
    features = [c for c in frame.columns if c != target and is_numeric_kind(frame[c].dtype)]
    if len(features) < 2:
        raise ValueError("the step-by-step view needs two numeric feature columns: pick a table with at least two.")
    features = features[:2]
    if not np.isfinite(frame[features].to_numpy(dtype=float, na_value=np.nan)).all():
        raise ValueError(f"columns {', '.join(map(str, features))} have missing or infinite values: fill or drop those rows first.")
    counts = frame[target].value_counts()
    if len(counts) != 2:
        raise ValueError(f"the step-by-step view needs exactly two classes; {target!r} has {len(counts)}.")
    minority, majority = counts.index[-1], counts.index[0]
    y = frame[target].to_numpy()
    minority_rows = np.flatnonzero(y == minority)
    check_class_size(minority, len(minority_rows), 1, "k")
    return StepData(frame, (features[0], features[1]), target, minority, majority,
                    minority_rows, np.flatnonzero(y == majority))


def neighbors_of(data: StepData, row: int, k: int) -> np.ndarray:
    """Rows (positions in ``data.frame``) of the ``k`` nearest minority neighbours of minority row ``row``."""
    if row not in data.minority_rows:
        raise ValueError(f"row {row} is not of class {describe_label(data.minority)}: pick X among the rows of that "
                         "class (the coloured points).")
    check_class_size(data.minority, len(data.minority_rows), int(k), "k")
    local = int(np.flatnonzero(data.minority_rows == row)[0])
    found = nearest_neighbors(data.search_space[data.minority_rows], int(k), query=np.array([local]))
    return data.minority_rows[found[0]]


def column_arithmetic(data: StepData, focus: int, chosen: int, lam,
                      shown: int = SHOWN_COLUMNS) -> tuple[list[ColumnStep], list[ColumnStep]]:
    """Every value column's step from row ``focus`` towards row ``chosen``, split in two.

    First the ``shown`` columns where the two rows lie furthest apart on the scale the neighbour search
    uses (standard deviations when ``data.scaled``), furthest first: they move the new row most and
    weigh most in the distance. Then the other columns, in table order. With at most ``shown`` columns,
    all are in the first list.
    """
    values = data.values
    integer = [c for c in data.value_columns if pd.api.types.is_integer_dtype(data.frame[c].dtype)]
    steps = column_steps(dict(zip(data.value_columns, values[focus])), dict(zip(data.value_columns, values[chosen])),
                         lam, integer)
    if len(steps) <= shown:
        return steps, []
    space = data.search_space
    first = np.argsort(-np.abs(space[chosen] - space[focus]), kind="stable")[:shown].tolist()
    return [steps[i] for i in first], [s for i, s in enumerate(steps) if i not in set(first)]


def random_neighbor(neighbors: Sequence[int], seed: int) -> int:
    """The neighbour a seeded draw picks (uniform over the k neighbours, as SMOTE draws)."""
    if len(neighbors) == 0:
        raise ValueError("X has no neighbours to draw from: raise k.")
    return int(neighbors[np.random.RandomState(int(seed)).randint(len(neighbors))])


@dataclass(frozen=True)
class Click:
    """What a click on the chart means: ``action`` in {focus, neighbor, none, majority, synthetic}."""

    action: str
    row: int | None = None


def resolve_click(points: Sequence[Mapping], focus: int | None, neighbors: Sequence[int]) -> Click:
    """Turn a Plotly selection into an action.

    A minority point that is one of X's neighbours becomes the chosen neighbour; any other minority
    point becomes the new X; a click on X itself changes nothing.
    """
    for point in points:
        group = point.get("legendgroup")
        data = point.get("customdata")
        if data is None:
            continue
        row = int(data[0] if isinstance(data, (list, tuple)) else data)
        if group == MINORITY_GROUP:
            if row == focus:
                return Click("none", row)
            if row in set(int(n) for n in neighbors):
                return Click("neighbor", row)
            return Click("focus", row)
        if group in (MAJORITY_GROUP, SYNTHETIC_GROUP):
            return Click(group, row)
    return Click("none")


def interpolate(x: np.ndarray, neighbor: np.ndarray, lam) -> np.ndarray:
    """``x + lam * (neighbor - x)`` for one point or row-wise for stacked points (one λ per row)."""
    return x + np.asarray(lam, dtype=float)[..., None] * (neighbor - x)


def kept_points(data: StepData, kept: Sequence[Mapping]) -> pd.DataFrame:
    """The points the user kept, recomputed from their provenance (parent, neighbor, lam)."""
    table = pd.DataFrame(list(kept), columns=["parent", "neighbor", "lam"]).astype(
        {"parent": int, "neighbor": int, "lam": float}
    )
    pts = data.points
    new = interpolate(pts[table["parent"].to_numpy()], pts[table["neighbor"].to_numpy()], table["lam"].to_numpy())
    return table.assign(source="kept", x=new[:, 0], y=new[:, 1])[list(SYNTHETIC_COLUMNS)]


def synthetic_points(data: StepData, kept: Sequence[Mapping], generated: pd.DataFrame | None) -> pd.DataFrame:
    """Kept points then SMOTE-generated ones, in one table of ``SYNTHETIC_COLUMNS``."""
    table = kept_points(data, kept)
    if generated is None or generated.empty:
        return table
    if table.empty:
        return generated.reset_index(drop=True)
    return pd.concat([table, generated], ignore_index=True)


def generate_rest(data: StepData, n_kept: int, k: int, seed: int) -> pd.DataFrame:
    """Run smote_core's SMOTE to add the rows still missing for balance; one row per new point.

    Raises
    ------
    ValueError
        When nothing is missing (already balanced) or the class is too small for ``k``.
    """
    n_missing = data.n_to_balance - int(n_kept)
    if n_missing <= 0:
        raise ValueError("the classes are already balanced: clear the kept points to generate again.")
    sampler = SMOTE(
        sampling_strategy={data.minority: len(data.minority_rows) + n_missing},
        k_neighbors=int(k),
        random_state=int(seed),
        neighbor_scaling="standard" if data.scaled else None,
    )
    sampler.fit_resample(data.values, data.frame[data.target].to_numpy())
    prov = sampler.provenance_
    parent, neighbor, lam = prov["parent"].to_numpy(), prov["neighbor"].to_numpy(), prov["lam"].to_numpy()
    pts = data.points  # drawn by the same λ: the axes are the columns or a linear projection of them
    new = interpolate(pts[parent], pts[neighbor], lam)
    return pd.DataFrame({"source": "SMOTE", "x": new[:, 0], "y": new[:, 1], "parent": parent, "neighbor": neighbor,
                         "lam": lam})

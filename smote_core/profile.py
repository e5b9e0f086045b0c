"""Measured properties of a dataset: the evidence the advisor answers its questions from.

:func:`profile` looks at a DataFrame and its target column and returns a :class:`DatasetProfile`:
column kinds, missing values, class counts, and -- per minority class -- the neighbourhood geometry
that decides which SMOTE variant fits (point types, where a trial SMOTE puts its rows, overlap).

Geometry is measured on the numeric feature columns, robust-scaled (median removed, divided by the
inter-quartile range; the standard deviation where the IQR is 0). Scaling first keeps one wide column
(an income in dollars beside an age in years) from deciding every neighbourhood; the IQR rather than
the standard deviation keeps a few extreme values from squeezing the bulk of a column together.
Missing numeric values are filled with the column median for these measurements only. Large data is
measured on a stratified sample (class shares kept), whose size the profile states.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from numbers import Integral

import numpy as np
import pandas as pd

from ._neighbors import nearest_neighbors
from ._strata import stratified_sample
from ._validation import describe_label, is_numeric_kind
from .cleaning import tomek_links
from .over_sampling import SMOTE, BorderlineSMOTE
from .scaling import fit_scaling
from .over_sampling._borderline import CATEGORIES, categorize

KINDS = ("numeric", "categorical", "boolean", "identifier", "constant", "other")
POINT_TYPES = ("safe", "borderline", "rare", "outlier")
# Napierala & Stefanowski (2016), k = 5: same-class neighbours (index) -> type (position in POINT_TYPES).
_TYPE_OF_SAME = np.array([3, 2, 1, 1, 0, 0])
K_NEIGHBORS = 5
# Rows of the sample whose nearest / farthest distance ratio is measured.
_CONCENTRATION_QUERIES = 500
# Fewest synthetic rows the trial SMOTE makes per class (enough for a share to within a few points).
_MIN_TRIAL_ROWS = 500
# Neighbours that sort rows into Borderline-SMOTE's safe / danger / noise: its default m_neighbors.
BORDERLINE_M = BorderlineSMOTE().m_neighbors
_ID_NAME = re.compile(r"(^|[_\W])(id|uuid|guid|key)($|[_\W])|^index$", re.IGNORECASE)


@dataclass
class ClassProfile:
    """Neighbourhood measurements of one minority class (on the profiled sample).

    Attributes
    ----------
    label : object
    n_rows : int
        Rows of the class in the whole data.
    n_sampled : int
        Rows of the class in the profiled sample.
    point_types : dict
        ``safe`` / ``borderline`` / ``rare`` / ``outlier`` -> number of the class's sampled rows.
    noisy_share : float or None
        Share of the trial SMOTE's synthetic rows of this class whose nearest real neighbours are
        mostly of another class; None when the class is too small for SMOTE (one row).
    n_trial : int
        Synthetic rows the trial SMOTE made for the class.
    tomek_share : float
        Share of the class's rows that are in a Tomek link.
    n3 : float
        Share of the class's rows whose nearest neighbour is of another class (its part of N3).
    borderline : dict
        Borderline-SMOTE's ``safe`` / ``danger`` / ``noise`` -> number of the class's sampled rows,
        from their :data:`BORDERLINE_M` nearest rows of the robust-scaled numeric columns (what
        Borderline-SMOTE sees with ``neighbor_scaling="robust"``, as the advisor's check and the
        dashboard run it); Borderline-SMOTE grows a class from its danger rows only.
    """

    label: object
    n_rows: int
    n_sampled: int
    point_types: dict
    noisy_share: float | None
    n_trial: int
    tomek_share: float
    n3: float
    borderline: dict = field(default_factory=dict)

    @property
    def point_type_shares(self) -> dict:
        """Point types as shares of the class's sampled rows."""
        total = max(1, sum(self.point_types.values()))
        return {name: count / total for name, count in self.point_types.items()}


@dataclass
class DatasetProfile:
    """What :func:`profile` measured.

    Attributes
    ----------
    target : str
    n_rows, n_columns : int
        Rows (with a label) and feature columns (the target excluded).
    column_kinds : dict
        Column -> one of :data:`KINDS`.
    missing : dict
        Column -> number of missing values.
    class_counts : dict
        Label -> rows, in sorted label order.
    majority : object
    imbalance_ratio : float
        Largest class size / smallest class size.
    classes : dict
        Minority label -> :class:`ClassProfile` (empty when there are no numeric features).
    n3 : float or None
        Leave-one-out 1-NN error over every sampled row.
    variance_share : dict
        Numeric column -> its share of the summed variance of the raw (unscaled) columns.
    effective_columns : float or None
        ``(sum var)^2 / sum var^2`` of the raw columns: how many columns really set distances.
    distance_concentration : float or None
        Median ratio of nearest to farthest distance (scaled data); near 1 means neighbours are
        hardly nearer than anything else.
    sample_size : int
        Rows the geometry was measured on.
    scaling : str
    random_state : int
    warnings : list of str
        What the profile noticed about the input (dropped labels, unusable columns, tiny classes).
    """

    target: str
    n_rows: int
    n_columns: int
    column_kinds: dict
    missing: dict
    class_counts: dict
    majority: object
    imbalance_ratio: float
    classes: dict
    n3: float | None
    variance_share: dict
    effective_columns: float | None
    distance_concentration: float | None
    sample_size: int
    scaling: str = "robust (median, inter-quartile range)"
    random_state: int = 0
    warnings: list = field(default_factory=list)

    def columns_of(self, *kinds: str) -> list:
        """Feature columns of the given kinds, in table order."""
        return [name for name, kind in self.column_kinds.items() if kind in kinds]

    @property
    def numeric_columns(self) -> list:
        return self.columns_of("numeric")

    @property
    def categorical_columns(self) -> list:
        """Categorical and boolean feature columns."""
        return self.columns_of("categorical", "boolean")

    @property
    def minority_classes(self) -> list:
        """Every class but the majority, smallest first."""
        others = [c for c in self.class_counts if c != self.majority]
        return sorted(others, key=lambda c: self.class_counts[c])

    @property
    def sampled(self) -> bool:
        return self.sample_size < self.n_rows

    def worst(self, attribute: str):
        """``(label, value)`` of the minority class with the largest ``attribute``; ``(None, None)``
        when no class has it measured."""
        measured = [(c.label, getattr(c, attribute)) for c in self.classes.values()
                    if getattr(c, attribute) is not None]
        if not measured:
            return None, None
        return max(measured, key=lambda item: item[1])


def profile_dataset(df: pd.DataFrame, target: str, *, categorical=None, random_state: int = 0,
            max_rows: int = 5000) -> DatasetProfile:
    """Measure a dataset for the advisor.

    Parameters
    ----------
    df : DataFrame
        Features and target.
    target : str
        Name of the target column.
    categorical : list of str, optional
        Columns to treat as categorical even though they hold numbers (e.g. an integer code).
    random_state : int, default=0
        Seed of the sample and the trial SMOTE; the same seed gives the same profile.
    max_rows : int, default=5000
        Geometry is measured on a stratified sample of at most this many rows.

    Returns
    -------
    DatasetProfile

    Raises
    ------
    ValueError
        When the target column is missing, has one class only, or no feature column is usable.
    """
    if isinstance(max_rows, bool) or not isinstance(max_rows, Integral) or max_rows < 2 * (K_NEIGHBORS + 1):
        raise ValueError(f"max_rows={max_rows!r} must be an integer of at least {2 * (K_NEIGHBORS + 1)}; "
                         "the default, 5000, keeps profiling under a few seconds.")
    frame, codes, labels, warnings = _labelled_rows(df, target)
    kinds = column_kinds(frame.drop(columns=[target]), categorical)
    for kind, what in (("identifier", "identifier-like (unique per row)"), ("constant", "constant"),
                       ("other", "neither numbers nor categories (dates, ...)")):
        names = [name for name, k in kinds.items() if k == kind]
        if names:
            warnings.append(f"column(s) {names} are {what}; they are left out of the measurements.")
    usable = [name for name, k in kinds.items() if k in ("numeric", "categorical", "boolean")]
    if not usable:
        raise ValueError(
            f"no usable feature column besides the target {target!r}: every column is "
            f"identifier-like, constant or of an unsupported type ({kinds}). Add feature columns."
        )
    counts = np.bincount(codes)
    numeric = [name for name, k in kinds.items() if k == "numeric"]
    rng = np.random.RandomState(random_state)
    rows = stratified_sample(codes, max_rows, rng, min_per_class=K_NEIGHBORS + 1)
    geometry = _Geometry.empty()
    if numeric:
        raw = frame[numeric].iloc[rows].to_numpy(dtype=np.float64, na_value=np.nan)
        geometry = _measure(raw, codes[rows], labels, counts, random_state, rng, warnings)
    return DatasetProfile(
        target=target,
        n_rows=len(frame),
        n_columns=frame.shape[1] - 1,
        column_kinds=kinds,
        missing={name: int(n) for name, n in frame.drop(columns=[target]).isna().sum().items()},
        class_counts=dict(zip(labels, counts.tolist())),
        majority=labels[int(np.argmax(counts))],
        imbalance_ratio=float(counts.max() / counts.min()),
        classes=geometry.classes,
        n3=geometry.n3,
        variance_share={name: float(share) for name, share in zip(numeric, geometry.variance_share)},
        effective_columns=geometry.effective_columns,
        distance_concentration=geometry.concentration,
        sample_size=len(rows),
        random_state=random_state,
        warnings=warnings,
    )


def _labelled_rows(df, target):
    """The labelled rows, their class codes (positions in the sorted labels), the sorted labels and
    warnings; errors for an unusable target."""
    if not isinstance(df, pd.DataFrame):
        raise ValueError(f"expected a pandas DataFrame, got {type(df).__name__}: wrap the data in pd.DataFrame.")
    if target not in df.columns:
        raise ValueError(
            f"target column {target!r} is not in the data; the columns are {list(df.columns)}."
        )
    warnings = []
    labelled = df[target].notna().to_numpy()
    if not labelled.any():
        raise ValueError(f"target column {target!r} is empty (every value is missing): pick the label column.")
    frame = df if labelled.all() else df.loc[labelled]
    if not labelled.all():
        warnings.append(f"{int((~labelled).sum())} row(s) without a {target!r} label were left out.")
    codes, uniques = pd.factorize(frame[target], sort=True)  # hashing: fast on a million text labels
    labels = uniques.tolist()
    if len({type(label) for label in labels}) > 1 and not all(isinstance(v, (int, float)) for v in labels):
        raise ValueError(
            f"target column {target!r} mixes label types (e.g. numbers and text): convert the labels "
            "to one type."
        )
    if len(labels) < 2:
        raise ValueError(
            f"target column {target!r} is constant (one class, {describe_label(labels[0])}): there is no "
            "imbalance to treat. Check that you picked the right target column."
        )
    return frame, codes, labels, warnings


def column_kinds(features: pd.DataFrame, categorical=None) -> dict:
    """Column -> kind (numeric / categorical / boolean / identifier / constant / other).

    Text, category and object columns are categorical; booleans are boolean; numbers are numeric
    unless named in ``categorical``. A column whose values are all missing or equal is constant; a
    text column with a different value on every row, or an integer column whose values are unique
    and either consecutive or under an id-like name, is identifier-like.
    """
    marked = list(categorical or [])
    unknown = [name for name in marked if name not in features.columns]
    if unknown:
        raise ValueError(
            f"categorical names column(s) {unknown} that are not features; the features are {list(features.columns)}."
        )
    kinds = {}
    for name in features.columns:
        column = features[name]
        kinds[name] = _kind(name, column, name in marked)
    return kinds


def _kind(name, column: pd.Series, marked: bool) -> str:
    dtype = column.dtype
    values = column.dropna()
    if values.empty:
        return "constant"
    if pd.api.types.is_bool_dtype(dtype):
        return "constant" if values.nunique() < 2 else "boolean"
    if is_numeric_kind(dtype):
        if values.min() == values.max():
            return "constant"
        if pd.api.types.is_integer_dtype(dtype) and _integer_identifier(name, values):
            return "identifier"
        return "categorical" if marked else "numeric"
    if isinstance(dtype, pd.CategoricalDtype) or pd.api.types.is_object_dtype(dtype) \
            or pd.api.types.is_string_dtype(dtype):
        n_unique = values.nunique()
        if n_unique < 2:
            return "constant"
        if n_unique == len(values) and len(values) >= 10:
            return "identifier"
        return "categorical"
    return "other"


def _integer_identifier(name, values: pd.Series) -> bool:
    n_unique = values.nunique()
    if n_unique != len(values) or len(values) < 10:
        return False
    consecutive = int(values.max()) - int(values.min()) + 1 == n_unique
    return consecutive or bool(_ID_NAME.search(str(name)))


def robust_scale(raw: np.ndarray) -> np.ndarray:
    """Median-filled, median-centred columns divided by their IQR (their std where the IQR is 0)."""
    filled = np.where(np.isnan(raw), np.nanmedian(raw, axis=0), raw)
    return fit_scaling(filled, "robust").transform(filled)


@dataclass
class _Geometry:
    classes: dict
    n3: float | None
    variance_share: np.ndarray
    effective_columns: float | None
    concentration: float | None

    @classmethod
    def empty(cls):
        return cls({}, None, np.empty(0), None, None)


def _measure(raw, y, labels, counts, random_state, rng, warnings) -> _Geometry:
    """Neighbourhood measurements on the sampled numeric columns; ``y`` holds class codes
    (positions in ``labels``), ``counts`` the class sizes in the whole data."""
    X = robust_scale(raw)
    n = len(X)
    k = min(K_NEIGHBORS, n - 1)
    neighbors = nearest_neighbors(X, k)
    same = (y[neighbors] == y[:, None]).sum(axis=1)
    wrong_nearest = y[neighbors[:, 0]] != y
    in_link = tomek_links(X, y)
    majority = int(np.argmax(counts))
    minority = sorted((c for c in range(len(labels)) if c != majority), key=lambda c: counts[c])
    trial = _trial_noise(X, y, minority, labels, random_state, warnings)
    m = min(BORDERLINE_M, n - 1)
    classes = {}
    for code in minority:
        mask = y == code
        noisy_share, n_trial = trial.get(code, (None, 0))
        classes[labels[code]] = ClassProfile(
            label=labels[code], n_rows=int(counts[code]), n_sampled=int(mask.sum()),
            point_types=_point_types(same[mask], k),
            noisy_share=noisy_share, n_trial=n_trial,
            tomek_share=float(in_link[mask].mean()), n3=float(wrong_nearest[mask].mean()),
            borderline=_borderline_categories(X, y, code, np.flatnonzero(mask), m),
        )
    variance = np.nanvar(raw, axis=0)
    total = variance.sum()
    return _Geometry(
        classes=classes,
        n3=float(wrong_nearest.mean()),
        variance_share=variance / total if total > 0 else variance,
        effective_columns=float(total ** 2 / np.sum(variance ** 2)) if total > 0 else None,
        concentration=_concentration(X, neighbors[:, 0], rng),
    )


def _point_types(same: np.ndarray, k: int) -> dict:
    """Count safe / borderline / rare / outlier rows from same-class neighbour counts among k."""
    on_five = np.rint(same * (K_NEIGHBORS / k)).astype(int)  # k < 5 only for tiny data
    counts = np.bincount(_TYPE_OF_SAME[on_five], minlength=len(POINT_TYPES))
    return dict(zip(POINT_TYPES, counts.tolist()))


def _borderline_categories(X: np.ndarray, y: np.ndarray, code: int, members: np.ndarray, m: int) -> dict:
    """Borderline-SMOTE's safe / danger / noise counts of one class (its own rule, on X as given)."""
    found = categorize(X, y, code, members, m)["category"].value_counts()
    return {name: int(found[name]) for name in CATEGORIES}


def _trial_noise(X, y, minority, labels, random_state, warnings) -> dict:
    """Class code -> (share of its trial-SMOTE rows that are noisy, number of trial rows).

    SMOTE (seeded with ``random_state``) adds twice as many rows to each minority class as it has,
    and at least ``_MIN_TRIAL_ROWS``: the share is a rate, so the trial need not balance the classes,
    and keeping the synthetic rows few keeps the search for their real neighbours short. A synthetic
    row is noisy when more than half of its ``K_NEIGHBORS`` nearest real rows belong to another class.
    """
    blocks, owners, result = [], [], {}
    for code in minority:
        members = np.flatnonzero(y == code)
        name = describe_label(labels[code])
        if len(members) < 2:
            warnings.append(f"class {name} has one sampled row: SMOTE cannot grow it.")
            continue
        if len(members) < K_NEIGHBORS + 1:
            warnings.append(
                f"class {name} has {len(members)} sampled rows; SMOTE's default "
                f"k_neighbors=5 needs at least 6 (the trial used k_neighbors={len(members) - 1})."
            )
        n_new = max(2 * len(members), _MIN_TRIAL_ROWS)
        sampler = SMOTE(sampling_strategy={code: len(members) + n_new}, random_state=random_state,
                        k_neighbors=min(K_NEIGHBORS, len(members) - 1))
        blocks.append(sampler.fit_resample(X, y)[0][len(X):])
        owners.append(np.full(n_new, code))
    if not blocks:
        return result
    owner = np.concatenate(owners)
    real = _real_neighbors(X, np.vstack(blocks), min(K_NEIGHBORS, len(X)))
    noisy = (y[real] != owner[:, None]).sum(axis=1) * 2 > real.shape[1]
    for code in minority:
        mine = owner == code
        if mine.any():
            result[code] = (float(noisy[mine].mean()), int(mine.sum()))
    return result


def _real_neighbors(X: np.ndarray, synthetic: np.ndarray, k: int) -> np.ndarray:
    """Positions in X of the k nearest real rows of each synthetic row.

    The one neighbour search works within a set, so real and synthetic rows are searched together
    and synthetic neighbours are skipped; rows that did not find k real ones among their candidates
    are searched again with four times as many.
    """
    stacked = np.vstack([X, synthetic])
    n_real = len(X)
    query = n_real + np.arange(len(synthetic))
    result = np.empty((len(synthetic), k), dtype=np.intp)
    pending = np.arange(len(synthetic))
    width = 2 * k
    while pending.size:
        width = min(width, len(stacked) - 1)
        candidates = nearest_neighbors(stacked, width, query=query[pending])
        is_real = candidates < n_real
        enough = (is_real.sum(axis=1) >= k) | (width == len(stacked) - 1)
        order = np.argsort(~is_real, axis=1, kind="stable")[:, :k]
        result[pending[enough]] = np.take_along_axis(candidates, order, axis=1)[enough]
        pending = pending[~enough]
        width *= 4
    return result


def _concentration(X: np.ndarray, nearest: np.ndarray, rng: np.random.RandomState) -> float | None:
    """Median over a few hundred rows of (distance to nearest row) / (distance to farthest row)."""
    if X.shape[0] < 3:
        return None
    query = rng.choice(X.shape[0], size=min(_CONCENTRATION_QUERIES, X.shape[0]), replace=False)
    near = np.linalg.norm(X[nearest[query]] - X[query], axis=1)
    squared = (X ** 2).sum(axis=1)
    far_sq = (squared[query][:, None] - 2 * X[query] @ X.T + squared[None, :]).max(axis=1)
    far = np.sqrt(np.maximum(far_sq, 0.0))
    ratio = np.divide(near, far, out=np.zeros_like(near), where=far > 0)
    return float(np.median(ratio))

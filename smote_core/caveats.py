"""What the measurements support saying about a tree's answer: caveats, each from a number of the profile.

Nothing is canned: a caveat appears only when a measurement (or a missing optional package) supports it.
"""

from __future__ import annotations

from . import registry
from ._validation import describe_label
from .candidates import SCALING
from .profile import BORDERLINE_M, DatasetProfile
from .tree import THRESHOLDS
from .walk import sample_note


def tree_caveats(technique: str, p: DatasetProfile, unused: list) -> list:
    """What the profile's measurements support saying about the tree's pick ``technique``; ``unused``: the
    overridden questions its path did not ask."""
    notes = []
    if technique == "adasyn":
        notes.append(_adasyn_caveat(p))
    if technique == "borderline-smote":
        notes.extend(_no_danger_caveat(p))
    if technique == "ctgan" and not registry.get("ctgan").available:
        runnable = [registry.get(t).label for t in ("gaussian-copula", "smote-nc" if p.numeric_columns else "smoten")]
        notes.append(f"CTGAN and TVAE need PyTorch, which is not installed here: "
                     f"pip install 'smote-lab[generative]'. Runnable now: {', '.join(runnable)}.")
    if p.imbalance_ratio < THRESHOLDS["nearly_balanced_ratio"]:
        notes.append(f"The classes are nearly balanced (largest/smallest = {p.imbalance_ratio:.2f}): "
                     "resampling may not be needed at all.")
    notes.extend(_geometry_caveats(p))
    missing = {name: n for name, n in p.missing.items() if n}
    if missing:
        notes.append(f"Missing values in {missing}: the samplers need complete rows; fill them (e.g. the "
                     "median) or drop those rows first. The profile and the check filled them with the median "
                     "(numbers) or the most frequent value (categories).")
    notes.extend(p.warnings)
    if unused:
        notes.append(f"Your answer(s) to {unused} were not needed on this path.")
    return notes


def _no_danger_caveat(p: DatasetProfile) -> list:
    """Borderline-SMOTE grows a class from its rows in danger only: say which classes have none."""
    stuck = [c for c in p.classes.values() if c.borderline and not c.borderline["danger"]]
    if not stuck:
        return []
    counts = "; ".join(f"class {describe_label(c.label)}: 0 in danger of {c.n_sampled:,} rows "
                       f"({c.borderline['safe']:,} safe, {c.borderline['noise']:,} noise)" for c in stuck)
    return [f"Borderline-SMOTE grows a class only from its rows in danger (at least half but not all of their "
            f"{BORDERLINE_M} nearest rows of another class), and here {counts}{sample_note(p)}: it would add no "
            "row to such a class."]


def _adasyn_caveat(p: DatasetProfile) -> str:
    text = ("ADASYN gives the most new rows to the minority rows with the most other-class neighbours; "
            "mislabeled rows look exactly like that, so it can amplify label noise. Run SMOTE + ENN "
            "beside it and compare.")
    label, share = max(((c.label, c.point_type_shares["outlier"]) for c in p.classes.values()),
                       key=lambda item: item[1], default=(None, 0.0))
    if share >= THRESHOLDS["label_noise_outliers"]:
        text += (f" Here {share:.0%} of the rows of class {describe_label(label)} have no same-class "
                 "neighbour among their 5 nearest (outliers), a sign of label noise.")
    return text


def dominant_columns(p: DatasetProfile) -> tuple[list, float] | None:
    """``(columns, their share of the summed variance)`` when a few raw columns decide unscaled distances
    (fewer effective columns than :data:`THRESHOLDS` ``scale_effective_share`` of the numeric ones):
    the largest-variance columns that together hold 90 % of it; None when no column dominates."""
    numeric = p.numeric_columns
    if p.effective_columns is None or len(numeric) < 2 \
            or p.effective_columns / len(numeric) >= THRESHOLDS["scale_effective_share"]:
        return None
    dominant, total = [], 0.0
    for name, share in sorted(p.variance_share.items(), key=lambda item: -item[1]):
        dominant.append(name)
        total += share
        if total >= 0.9:
            break
    return dominant, total


def _geometry_caveats(p: DatasetProfile) -> list:
    notes = []
    numeric = p.numeric_columns
    found = dominant_columns(p)
    if found is not None:
        dominant, total = found
        notes.append(f"Unscaled, neighbour distances are dominated by {', '.join(map(str, dominant))} ({total:.0%} of "
                     f"the variance; {p.effective_columns:.1f} effective of {len(numeric)} columns). The profile "
                     f"and the check search neighbours on {SCALING}-scaled columns; when you run a sampler "
                     f"yourself, pass neighbor_scaling={SCALING!r} (the library default searches the raw "
                     "columns, like imbalanced-learn).")
    if p.distance_concentration is not None and p.distance_concentration > THRESHOLDS["distance_concentration"]:
        notes.append(f"Distances concentrate (nearest / farthest = {p.distance_concentration:.2f}): in this "
                     "many dimensions 'nearest' neighbours are hardly nearer than any other row, so "
                     "neighbour-based samplers and these measurements are less reliable.")
    return notes


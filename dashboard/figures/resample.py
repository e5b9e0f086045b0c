"""Figures of the Resample page: before/after scatter with provenance, and each technique's diagnostics."""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from smote_core import describe_label

from ..resampling import SYNTHETIC_GROUP
from ._labels import on_screen, point_label
from ._style import COLORS, GRID, class_colors, finish

ORIGINAL_SIZE = 6
SYNTHETIC_SIZE = 6
SYNTHETIC_OPACITY = 0.45  # translucent, so real rows under a dense cloud of synthetic ones stay visible

# meta: the class as a sentence writes it (describe_label), so that a numeric class reads "class 1", not "1"
_SYNTHETIC_HOVER = (
    "<b>synthetic, class %{meta}</b> · output row %{customdata[0]}"
    "<br>parent row %{customdata[1]} · neighbour row %{customdata[2]}"
    "<br>λ = %{customdata[3]:.3f}<extra></extra>"
)
_DRAWN_HOVER = ("<b>synthetic, class %{meta}</b> · output row %{customdata[0]}<br>drawn from the fitted model "
                "(no parent row)<extra></extra>")
_ORIGINAL_HOVER = "<b>class %{meta}</b> · row %{customdata[0]}<extra></extra>"
_REMOVED_HOVER = ("<b>removed by cleaning</b> · class %{customdata[1]}<br>position %{customdata[0]} "
                  "(synthetic rows count after the originals)<extra></extra>")


def _originals(fig, points: pd.DataFrame, colors: dict, counts: dict, *, row=None, col=None, legend=True, opacity=0.55):
    for label in sorted(counts, key=counts.get, reverse=True):
        part = points[points["label"] == label]
        if part.empty:
            continue
        fig.add_trace(go.Scatter(
            x=part["x"], y=part["y"], mode="markers", name=f"{label}", legendgroup=f"class {label}",
            showlegend=legend, meta=describe_label(label), customdata=part[["row"]].to_numpy(),
            marker=dict(color=colors[label], size=ORIGINAL_SIZE, opacity=opacity, line=dict(width=0)),
            hovertemplate=_ORIGINAL_HOVER,
        ), row=row, col=col)


def _synthetic(fig, points: pd.DataFrame, colors: dict, *, row=None, col=None, legend=True):
    labels = list(pd.unique(points["label"]))
    for label in labels:
        part = points[points["label"] == label]
        interpolated = bool((part["parent"] >= 0).any())
        color = COLORS["synthetic"] if len(labels) == 1 else colors.get(label, COLORS["synthetic"])
        fig.add_trace(go.Scatter(
            x=part["x"], y=part["y"], mode="markers", name=f"synthetic {label}", legendgroup=SYNTHETIC_GROUP,
            showlegend=legend, meta=describe_label(label),
            customdata=part[["row", "parent", "neighbor", "lam"]].to_numpy(dtype=float),
            marker=dict(symbol="diamond", color=color, size=SYNTHETIC_SIZE, opacity=SYNTHETIC_OPACITY,
                        line=dict(color="white", width=0.5)),
            hovertemplate=_SYNTHETIC_HOVER if interpolated else _DRAWN_HOVER,
            selected=dict(marker=dict(opacity=1.0)), unselected=dict(marker=dict(opacity=SYNTHETIC_OPACITY)),
        ), row=row, col=col)


def _removed(fig, points: pd.DataFrame, *, row=None, col=None, legend=True, name: str | None = None):
    if points.empty:
        return
    fig.add_trace(go.Scatter(
        x=points["x"], y=points["y"], mode="markers", name=name or f"removed by cleaning ({len(points):,})",
        legendgroup="removed", showlegend=legend,
        customdata=np.column_stack([points["row"].to_numpy(), points["label"].astype(str).to_numpy()]),
        marker=dict(symbol="x-thin", color=COLORS["removed"], size=8, line=dict(color=COLORS["removed"], width=1.5)),
        hovertemplate=_REMOVED_HOVER,
    ), row=row, col=col)


def before_after(before: pd.DataFrame, after: pd.DataFrame, counts: dict, *, x_label: str, y_label: str,
                 counts_after: dict | None = None, segment: np.ndarray | None = None,
                 selected: Sequence[float] | None = None, height: int = 560) -> go.Figure:
    """Two panels on the same axes: the original rows, then originals + synthetic (+ removed) rows.

    Parameters
    ----------
    before, after : DataFrame
        From :func:`dashboard.resampling.before_after_points`.
    counts : dict
        Class sizes before resampling (they set the colours: largest grey, smallest pink).
    segment : array of shape (2, 2), optional
        Parent and neighbour of the selected synthetic row: drawn as a segment in the after panel.
    selected : (x, y), optional
        The selected synthetic row.
    """
    colors = class_colors(counts)
    n_synth = int((after["kind"] == "synthetic").sum())
    after_title = "After" if counts_after is None else f"After: {sum(counts_after.values()):,} rows"
    fig = make_subplots(rows=1, cols=2, shared_xaxes=True, shared_yaxes=True, horizontal_spacing=0.03,
                        subplot_titles=[f"Before: {sum(counts.values()):,} rows", after_title])
    _originals(fig, before, colors, counts, row=1, col=1)
    # after: the majority, removed rows, synthetic rows, then the real minority rows on top of them
    originals = after[after["kind"] == "original"]
    majority = max(counts, key=counts.get)
    _originals(fig, originals[originals["label"] == majority], colors, counts, row=1, col=2, legend=False)
    _removed(fig, after[after["kind"] == "removed"], row=1, col=2)
    if n_synth:
        _synthetic(fig, after[after["kind"] == "synthetic"], colors, row=1, col=2)
    _originals(fig, originals[originals["label"] != majority], colors, counts, row=1, col=2, legend=False)
    if segment is not None:
        seg = np.asarray(segment, dtype=float)
        fig.add_trace(go.Scatter(
            x=seg[:, 0], y=seg[:, 1], mode="lines+markers", name="parent → neighbour",
            line=dict(color=COLORS["neighbors"], width=3),
            marker=dict(size=13, color=COLORS["neighbors"], line=dict(color=COLORS["focus"], width=1.5)),
            hoverinfo="skip",
        ), row=1, col=2)
        for label in _segment_labels(seg, selected, pd.concat([before, after])):
            fig.add_annotation(**label)
    if selected is not None:
        fig.add_trace(go.Scatter(
            x=[selected[0]], y=[selected[1]], mode="markers", name="selected synthetic row",
            marker=dict(symbol="star", size=18, color=COLORS["new"], line=dict(color="white", width=1)),
            hoverinfo="skip",
        ), row=1, col=2)
    fig.update_xaxes(title_text=x_label, **GRID)
    fig.update_yaxes(title_text=y_label, row=1, col=1, **GRID)
    fig.update_yaxes(row=1, col=2, **GRID)
    fig.update_layout(hovermode="closest", clickmode="event+select", dragmode="pan")
    return finish(fig, height, top=40)


def _segment_labels(segment: np.ndarray, selected, points: pd.DataFrame) -> list[dict]:
    """Labels for the parent and the neighbour of the after panel, each pushed outwards from the selected
    synthetic row (or, without one, from the segment's middle), so that neither covers the star.

    Directions are taken on the screen, each axis scaled by the span of the drawn points; where the star
    sits on an end (λ = 0 or 1) that end's label points away from the other end, and where all three
    coincide the parent's label goes left and the neighbour's right.
    """
    spans = np.array([np.ptp(points["x"]), np.ptp(points["y"])], dtype=float)
    spans[spans == 0] = 1.0
    star = segment.mean(axis=0) if selected is None else np.asarray(selected, dtype=float)
    labels = []
    for end, other, text, last in ((segment[0], segment[1], "parent", (-1.0, 0.0)),
                                   (segment[1], segment[0], "neighbour", (1.0, 0.0))):
        away = next((d for d in (on_screen(end - star, spans), on_screen(end - other, spans)) if d.any()),
                    np.array(last))
        labels.append(point_label(end, text, away, COLORS["focus"], xref="x2", yref="y2"))
    return labels


def difficulty_map(background: pd.DataFrame, table: pd.DataFrame, counts: dict, *, x_label: str, y_label: str,
                   height: int = 460) -> go.Figure:
    """ADASYN's difficulty: the other rows faint, the grown class's rows coloured and sized by r_i."""
    colors = class_colors(counts)
    fig = go.Figure()
    rest = background[~background["row"].isin(table["index"])]
    _originals(fig, rest, colors, counts, opacity=0.25)
    ratio = table["ratio"].to_numpy(dtype=float)
    fig.add_trace(go.Scatter(
        x=table["x"], y=table["y"], mode="markers", name="grown class, by r_i",
        customdata=table[["index", "n_other", "ratio", "n_synthetic"]].to_numpy(dtype=float),
        marker=dict(size=6 + 16 * ratio, color=ratio, colorscale="YlOrRd", cmin=0, cmax=1,
                    colorbar=dict(title="r_i", thickness=12), line=dict(color="#495057", width=0.5)),
        hovertemplate=("<b>row %{customdata[0]}</b><br>other-class neighbours: %{customdata[1]}"
                       "<br>r_i = %{customdata[2]:.2f} · new rows g_i = %{customdata[3]}<extra></extra>"),
    ))
    fig.update_xaxes(title_text=x_label, **GRID)
    fig.update_yaxes(title_text=y_label, **GRID)
    return finish(fig, height)


def difficulty_bars(table: pd.DataFrame, top: int = 60, height: int = 320) -> go.Figure:
    """g_i, the new rows grown from each row, for the ``top`` rows that grew the most."""
    shown = table.sort_values(["n_synthetic", "index"], ascending=[False, True]).head(top)
    fig = go.Figure(go.Bar(
        x=[f"row {i}" for i in shown["index"]], y=shown["n_synthetic"], name="g_i",
        marker=dict(color=shown["ratio"], colorscale="YlOrRd", cmin=0, cmax=1),
        customdata=shown[["ratio"]].to_numpy(),
        hovertemplate="%{x}: %{y} new rows (r_i = %{customdata[0]:.2f})<extra></extra>",
    ))
    fig.update_xaxes(title_text=f"rows of the grown class, most new rows first (top {len(shown)} of {len(table)})",
                     type="category", showticklabels=len(shown) <= 30)
    fig.update_yaxes(title_text="g_i (new rows)", **GRID)
    return finish(fig, height, legend_below=False)


CATEGORY_STYLE = {
    "safe": ("circle", COLORS["safe"]),
    "danger": ("diamond", COLORS["danger"]),
    "noise": ("x", COLORS["noise"]),
}


def categories_map(background: pd.DataFrame, table: pd.DataFrame, counts: dict, *, x_label: str, y_label: str,
                   support: pd.DataFrame | None = None, height: int = 460) -> go.Figure:
    """Borderline/SVM-SMOTE: the grown class's rows as safe / danger / noise, support vectors ringed."""
    colors = class_colors(counts)
    fig = go.Figure()
    rest = background[~background["row"].isin(table["index"])]
    _originals(fig, rest, colors, counts, opacity=0.25)
    for category, (symbol, color) in CATEGORY_STYLE.items():
        part = table[table["category"] == category]
        fig.add_trace(go.Scatter(
            x=part["x"], y=part["y"], mode="markers", name=f"{category} ({len(part):,})", legendgroup=category,
            customdata=part[["index", "n_other"]].to_numpy(dtype=float),
            marker=dict(symbol=symbol, size=10, color=color, line=dict(color="white", width=0.5)),
            hovertemplate=(f"<b>{category}</b> · row %{{customdata[0]}}<br>"
                           "other-class neighbours: %{customdata[1]}<extra></extra>"),
        ))
    if support is not None and len(support):
        fig.add_trace(go.Scatter(
            x=support["x"], y=support["y"], mode="markers", name=f"support vectors ({len(support):,})",
            marker=dict(symbol="circle-open", size=16, color=COLORS["support"], line=dict(width=1.5)),
            customdata=support[["row"]].to_numpy(),
            hovertemplate="<b>support vector</b> · row %{customdata[0]}<extra></extra>",
        ))
    fig.update_xaxes(title_text=x_label, **GRID)
    fig.update_yaxes(title_text=y_label, **GRID)
    return finish(fig, height)


def losses(history: pd.DataFrame, height: int = 320) -> go.Figure:
    """Training losses by optimiser step, one line per loss and model (CTGAN: generator/critic/condition;
    TVAE: its terms; both: the distance to held-out rows that early stopping watches)."""
    fig = go.Figure()
    value_columns = [c for c in history.columns if c not in ("model", "step", "epoch")]
    for model, part in history.groupby("model", sort=False):
        for column in value_columns:
            fig.add_trace(go.Scatter(
                x=part["step"], y=part[column], mode="lines", name=f"{column} (class {model})",
                hovertemplate=f"{column}, step %{{x}}: %{{y:.3f}}<extra></extra>",
            ))
    fig.update_xaxes(title_text="optimiser step", **GRID)
    fig.update_yaxes(title_text="loss", **GRID)
    return finish(fig, height)

"""Figures of the step-by-step page: one SMOTE step on a 2-D scatter, and the loan table's number lines."""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from smote_core import describe_label

from ..stepper import (
    MAJORITY_GROUP,
    MINORITY_GROUP,
    SYNTHETIC_GROUP,
    ColumnStep,
    StepData,
    column_label,
    format_number,
    format_point,
    step_decimals,
)
from ._labels import on_screen, point_label
from ._style import COLORS, FONT_SIZE


def _hover_point(label: str, names: Sequence[str]) -> str:
    return (
        f"<b>{label}</b> · row %{{customdata}}<br>{names[0]}: %{{x}}<br>{names[1]}: %{{y}}"
        "<extra></extra>"
    )


def _labels(pts: np.ndarray, focus, chosen, new_point, ranges, coordinates: bool = True) -> list[dict]:
    """Boxed labels for X, the chosen neighbour and the new point, pushed away from the segment.

    X's label points away from the neighbour, the neighbour's away from X, and the new point's
    sideways (directions on the screen, see :func:`._labels.on_screen`). ``coordinates``: write each
    point's coordinates in its label, with the decimals of the step's arithmetic.
    """
    if focus is None:
        return []
    span = np.array([ranges[0][1] - ranges[0][0], ranges[1][1] - ranges[1][0]])
    unit = on_screen(pts[chosen] - pts[focus], span) if chosen is not None else np.array([1.0, 0.0])
    if not unit.any():
        unit = np.array([1.0, 0.0])
    named = [pts[focus]] + [pts[chosen]] * (chosen is not None) + [np.asarray(new_point)] * (new_point is not None)
    decimals = step_decimals(*named, *(at - pts[focus] for at in named))  # as the arithmetic writes them

    def text(name, at):
        return f"{name} {format_point(at, decimals)}" if coordinates else name

    items = [(pts[focus], text("<b>X</b>", pts[focus]), -unit, COLORS["focus"])]
    if chosen is not None:
        items.append((pts[chosen], text("neighbour", pts[chosen]), unit, COLORS["focus"]))
    if new_point is not None:
        items.append((np.asarray(new_point), text("<b>new</b>", new_point), np.array([unit[1], -unit[0]]),
                      COLORS["new"]))
    return [point_label(at, label, away, color) for at, label, away, color in items]


def _axis_range(values: np.ndarray) -> list[float]:
    lo, hi = float(values.min()), float(values.max())
    pad = 0.06 * (hi - lo or 1.0)
    return [lo - pad, hi + pad]


def step_scatter(
    data: StepData,
    *,
    focus: int | None = None,
    neighbors: Sequence[int] = (),
    chosen: int | None = None,
    new_point: Sequence[float] | None = None,
    synthetic: pd.DataFrame | None = None,
    height: int = 620,
) -> go.Figure:
    """The step-by-step scatter: classes, X, its neighbours, the chosen segment and new points.

    Parameters
    ----------
    data : StepData
        The 2-D two-class table.
    focus, chosen : int, optional
        Rows (positions in ``data.frame``) of X and of the neighbour interpolated towards.
    neighbors : sequence of int
        Rows of X's k nearest minority neighbours.
    new_point : (x, y), optional
        The point the current λ makes.
    synthetic : DataFrame, optional
        Kept and generated points (columns of ``stepper.SYNTHETIC_COLUMNS``).

    Returns
    -------
    plotly.graph_objects.Figure
        Clickable traces (majority, minority, synthetic) carry ``legendgroup`` and the row in
        ``customdata``; overlays skip hover so a click reaches the point underneath.
    """
    pts = data.points
    nb = pts[np.asarray(neighbors, dtype=int)]
    names = [column_label(f) for f in data.features]
    fig = go.Figure()

    def add_class(rows, label, group, color, size, opacity):
        fig.add_trace(go.Scatter(
            x=pts[rows, 0], y=pts[rows, 1], mode="markers", name=f"{label} ({len(rows)})",
            legendgroup=group, customdata=rows,
            marker=dict(color=color, size=size, opacity=opacity, line=dict(color="white", width=1)),
            hovertemplate=_hover_point(label, names),
            unselected=dict(marker=dict(opacity=opacity)), selected=dict(marker=dict(opacity=opacity)),
        ))

    add_class(data.majority_rows, str(data.majority), MAJORITY_GROUP, COLORS["majority"], 8, 0.6)

    if synthetic is not None and len(synthetic):
        for source, color, label in (("kept", COLORS["kept"], "kept by you"), ("SMOTE", COLORS["generated"], "made by SMOTE")):
            part = synthetic[synthetic["source"] == source]
            if part.empty:
                continue
            parent = part["parent"].to_numpy()
            neighbor = part["neighbor"].to_numpy()
            fig.add_trace(go.Scatter(
                x=part["x"], y=part["y"], mode="markers", name=f"{label} ({len(part)})",
                legendgroup=SYNTHETIC_GROUP,
                customdata=np.column_stack([parent, neighbor, part["lam"].to_numpy()]),
                marker=dict(symbol="diamond", color=color, size=8, opacity=0.85, line=dict(color="white", width=0.5)),
                hovertemplate=(
                    f"<b>synthetic, {label}</b><br>{names[0]}: %{{x:.2f}}<br>{names[1]}: %{{y:.2f}}"
                    "<br>parent row %{customdata[0]:.0f} · neighbour row %{customdata[1]:.0f}"
                    "<br>λ = %{customdata[2]:.3f}<extra></extra>"
                ),
                unselected=dict(marker=dict(opacity=0.85)),
            ))

    if focus is not None and len(nb):
        xs = np.column_stack([np.full(len(nb), pts[focus, 0]), nb[:, 0], np.full(len(nb), np.nan)]).ravel()
        ys = np.column_stack([np.full(len(nb), pts[focus, 1]), nb[:, 1], np.full(len(nb), np.nan)]).ravel()
        fig.add_trace(go.Scatter(
            x=xs, y=ys, mode="lines", name=f"{len(nb)} nearest neighbours of class {describe_label(data.minority)}",
            legendgroup="neighbors", line=dict(color=COLORS["neighbors"], width=1.5, dash="dot"),
            hoverinfo="skip",
        ))
    if focus is not None and chosen is not None:
        fig.add_trace(go.Scatter(
            x=pts[[focus, chosen], 0], y=pts[[focus, chosen], 1], mode="lines", name="segment X → neighbour",
            line=dict(color=COLORS["neighbors"], width=3), hoverinfo="skip", showlegend=False,
        ))

    add_class(data.minority_rows, str(data.minority), MINORITY_GROUP, COLORS["minority"], 12, 0.95)

    if focus is not None:
        if len(nb):
            fig.add_trace(go.Scatter(
                x=nb[:, 0], y=nb[:, 1], mode="markers", legendgroup="neighbors", showlegend=False,
                marker=dict(symbol="circle-open", size=22, color=COLORS["neighbors"], line=dict(width=3)),
                hoverinfo="skip",
            ))
        if chosen is not None:
            fig.add_trace(go.Scatter(
                x=[pts[chosen, 0]], y=[pts[chosen, 1]], mode="markers", name="chosen neighbour",
                marker=dict(size=14, color=COLORS["neighbors"], line=dict(color=COLORS["focus"], width=1.5)),
                hoverinfo="skip",
            ))
        fig.add_trace(go.Scatter(
            x=[pts[focus, 0]], y=[pts[focus, 1]], mode="markers", name="X",
            marker=dict(size=16, color=COLORS["minority"], line=dict(color=COLORS["focus"], width=3)),
            hoverinfo="skip",
        ))
    if new_point is not None:
        fig.add_trace(go.Scatter(
            x=[new_point[0]], y=[new_point[1]], mode="markers", name="new point",
            marker=dict(symbol="star", size=20, color=COLORS["new"], line=dict(color="white", width=1)),
            hovertemplate=f"<b>new point</b><br>{names[0]}: %{{x:.2f}}<br>{names[1]}: %{{y:.2f}}<extra></extra>",
        ))
    ranges = [_axis_range(pts[:, 0]), _axis_range(pts[:, 1])]
    for label in _labels(pts, focus, chosen, new_point, ranges, coordinates=data.drawn_in_units):
        fig.add_annotation(**label)

    fig.update_layout(
        height=height,
        margin=dict(l=10, r=10, t=10, b=10),
        legend=dict(orientation="h", yanchor="top", y=-0.12, xanchor="left", x=0, font=dict(size=12)),
        hovermode="closest",
        clickmode="event+select",
        dragmode="pan",
        plot_bgcolor="white",
        font=dict(size=FONT_SIZE),
    )
    grid = dict(showgrid=True, gridcolor="#eef0f4", zeroline=False, showline=True, linecolor="#ced4da")
    # each axis fits its data: one scale for both squashed a long, flat cloud (the arc) into a strip
    fig.update_xaxes(title_text=names[0], range=ranges[0], **grid)
    fig.update_yaxes(title_text=names[1], range=ranges[1], **grid)
    return fig


def column_segments(steps: Sequence[ColumnStep]) -> go.Figure:
    """One number line per column: A, B, and the new value between them."""
    fig = make_subplots(rows=len(steps), cols=1, subplot_titles=[column_label(s.column) for s in steps],
                        vertical_spacing=0.22 if len(steps) > 1 else 0.0)
    for i, step in enumerate(steps, start=1):
        first = i == 1
        fig.add_trace(go.Scatter(
            x=[step.a, step.b], y=[0, 0], mode="lines", line=dict(color=COLORS["neighbors"], width=3),
            hoverinfo="skip", showlegend=False,
        ), row=i, col=1)
        fig.add_trace(go.Scatter(
            x=[step.a, step.b], y=[0, 0], mode="markers+text", name="A and B (real defaulters)",
            legendgroup="real", showlegend=first,
            text=["A", "B"], textposition="top center", textfont=dict(size=FONT_SIZE),
            marker=dict(size=14, color=COLORS["minority"]),
            customdata=[format_number(step.a, 2, thousands=True), format_number(step.b, 2, thousands=True)],
            hovertemplate="%{text}: %{customdata}<extra></extra>",
        ), row=i, col=1)
        fig.add_trace(go.Scatter(
            x=[step.stored], y=[0], mode="markers+text", name="new row", legendgroup="new", showlegend=first,
            text=[format_number(step.stored, 2, thousands=True)], textposition="bottom center",
            textfont=dict(size=FONT_SIZE, color=COLORS["new"]),
            marker=dict(symbol="star", size=18, color=COLORS["new"]),
            hovertemplate=f"new: {format_number(step.stored, 2, thousands=True)}<extra></extra>",
        ), row=i, col=1)
        span = abs(step.b - step.a) or 1.0
        lo, hi = min(step.a, step.b), max(step.a, step.b)
        fig.update_xaxes(range=[lo - 0.15 * span, hi + 0.15 * span], showgrid=False, row=i, col=1)
        fig.update_yaxes(visible=False, range=[-1, 1], row=i, col=1)
    fig.update_layout(
        height=110 + 120 * len(steps), margin=dict(l=10, r=10, t=40, b=10), plot_bgcolor="white",
        legend=dict(orientation="h", yanchor="bottom", y=1.08, x=0), font=dict(size=FONT_SIZE),
    )
    return fig

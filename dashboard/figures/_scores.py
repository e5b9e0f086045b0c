"""Scores as dots with their ± on an axis cut to the data: what the Compare page and the advice's check share."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ._style import COLORS, GRID, finish

MIN_SPAN = 0.02  # the score axis is at least this wide, so that equal scores do not fill it
ROW_HEIGHT = 46  # pixels per row
AXIS_NOTE = "The axis starts at {start:.3f}, not at 0: it is cut to the scores so that small differences show."
PLUS_MINUS = "± corrected standard error"


def clipped_errors(mean: np.ndarray, error: np.ndarray) -> dict:
    """±``error``, stopped at 0 and 1 (every metric lies in [0, 1])."""
    return dict(type="data", array=np.minimum(error, 1 - mean), arrayminus=np.minimum(error, mean), color="#495057",
                thickness=1.5, width=6)


def score_axis(low: float, high: float) -> tuple[list[float], bool]:
    """The score axis for scores and spreads between ``low`` and ``high``: the data's span with a margin,
    at least ``MIN_SPAN`` wide, never below 0 and only just above 1 (room for a dot at 1); and whether it
    starts above 0 (cut to the data)."""
    span = max(high - low, MIN_SPAN)
    margin = 0.12 * span + (span - (high - low)) / 2
    start = max(0.0, low - margin)
    return [start, min(high + margin, 1 + margin / 4)], start > 0


def score_dots(labels, mean, error, colors, *, metric_label: str, greater_is_better: bool = True,
               baseline: float | None = None, extra_low=(), extra_high=()) -> go.Figure:
    """One row per label, first on top: the mean as a dot carrying its value, ±``error`` as a line through
    it; ``baseline`` (the no-resampling score) as a dashed line. ``extra_low``/``extra_high`` widen the
    axis for traces the caller adds."""
    mean, error = np.asarray(mean, dtype=float), np.asarray(error, dtype=float)
    fig = go.Figure(go.Scatter(
        y=list(labels), x=mean, mode="markers+text", orientation="h", showlegend=False,
        name="resampled inside each training fold (right)",
        marker=dict(color=list(colors), size=13, line=dict(color="white", width=1)),
        error_x=clipped_errors(mean, error), customdata=error[:, None],
        text=[f"{m:.3f}" for m in mean], textposition="top right", textfont=dict(size=12),
        hovertemplate=f"%{{y}}<br>{metric_label} %{{x:.3f}} ± %{{customdata[0]:.3f}}<extra></extra>",
    ))
    low = np.r_[mean - np.minimum(error, mean), np.asarray(extra_low, dtype=float)]
    high = np.r_[mean + np.minimum(error, 1 - mean), np.asarray(extra_high, dtype=float)]
    if baseline is not None:
        fig.add_vline(x=float(baseline), line=dict(color=COLORS["focus"], dash="dash", width=1),
                      annotation_text="no resampling", annotation_position="top right")
    axis, cut = score_axis(float(np.nanmin(low)), float(np.nanmax(high)))
    title = metric_label + ("" if greater_is_better else " (lower is better)") + f" · mean {PLUS_MINUS}"
    if cut:  # said under the axis itself, where the eye reads the scale
        title += (f"<br><span style='font-size:12px;color:{COLORS['focus']}'>{AXIS_NOTE.format(start=axis[0])}"
                  "</span>")
    fig.update_xaxes(title_text=title, range=axis, tickformat=".3f", **GRID)
    # first row on top, and an empty band above it for the baseline line's label
    fig.update_yaxes(title_text=None, range=[len(mean) - 0.5, -1.2], showgrid=False, type="category")
    return finish(fig, 170 + ROW_HEIGHT * len(mean), legend_below=False)


def row_color(candidate: str, recommended: str | None, baselines, tree_pick: str | None = None) -> str:
    """Green for the recommendation, pink for the tree's answer or a technique, grey for a way of not resampling."""
    if candidate == recommended:
        return COLORS["checked"]
    if candidate == tree_pick:
        return COLORS["path"]
    return COLORS["baseline"] if candidate in baselines else COLORS["technique"]

"""Figures of the Compare page: techniques side by side, and their scores with their spread across folds."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from smote_core.evaluation import BASELINES, get_metric

from ._style import COLORS, GRID, class_colors, finish
from .resample import _originals, _removed, _synthetic

COLUMNS = 3
MIN_SPAN = 0.02  # the score axis is at least this wide, so that equal scores do not fill it
ROW_HEIGHT = 46  # pixels per technique in the scores figure
AXIS_NOTE = "The axis starts at {start:.3f}, not at 0: it is cut to the scores so that small differences show."


def small_multiples(panels: list[dict], counts: dict, *, x_label: str, y_label: str,
                    panel_height: int = 300) -> go.Figure:
    """One scatter per technique on shared axes: originals, synthetic rows and removed rows.

    ``panels`` is a list of ``{"title": str, "points": DataFrame}`` (points as in the after panel of
    :func:`dashboard.resampling.before_after_points`).
    """
    n_rows = max(1, math.ceil(len(panels) / COLUMNS))
    n_cols = min(COLUMNS, max(1, len(panels)))
    fig = make_subplots(rows=n_rows, cols=n_cols, shared_xaxes=True, shared_yaxes=True,
                        subplot_titles=[p["title"] for p in panels], horizontal_spacing=0.03,
                        vertical_spacing=0.12 if n_rows > 1 else 0.0)
    colors = class_colors(counts)
    legend = {"original": True, "removed": True, "synthetic": True}  # one legend entry per kind
    for i, panel in enumerate(panels):
        row, col = divmod(i, n_cols)
        points = panel["points"]
        where = dict(row=row + 1, col=col + 1)
        _originals(fig, points[points["kind"] == "original"], colors, counts, legend=legend["original"],
                   opacity=0.35, **where)
        legend["original"] = False
        for kind, draw in (("removed", _removed), ("synthetic", _synthetic)):
            part = points[points["kind"] == kind]
            if len(part):
                if kind == "removed":
                    draw(fig, part, legend=legend[kind], name="removed by cleaning", **where)
                else:
                    draw(fig, part, colors, legend=legend[kind], **where)
                legend[kind] = False
    fig.update_xaxes(**GRID)
    fig.update_yaxes(**GRID)
    for col in range(1, n_cols + 1):
        fig.update_xaxes(title_text=x_label, row=n_rows, col=col)
    fig.update_yaxes(title_text=y_label, col=1)
    fig.update_layout(hovermode="closest")
    finish(fig, 110 + panel_height * n_rows, top=40)
    fig.update_layout(legend=dict(y=-0.3 / n_rows), margin=dict(b=20))  # below the x-axis titles
    return fig


def _clipped_errors(mean: np.ndarray, std: np.ndarray) -> dict:
    """±1 standard deviation, stopped at 0 and 1 (every metric lies in [0, 1])."""
    return dict(type="data", array=np.minimum(std, 1 - mean), arrayminus=np.minimum(std, mean), color="#495057",
                thickness=1.5, width=6)


def score_axis(low: float, high: float) -> tuple[list[float], bool]:
    """The score axis for scores and spreads between ``low`` and ``high``: the data's span with a margin,
    at least ``MIN_SPAN`` wide, never below 0 and only just above 1 (room for a dot at 1); and whether it
    starts above 0 (cut to the data)."""
    span = max(high - low, MIN_SPAN)
    margin = 0.12 * span + (span - (high - low)) / 2
    start = max(0.0, low - margin)
    return [start, min(high + margin, 1 + margin / 4)], start > 0


def metric_scores(results: pd.DataFrame, metric: str, leaky: pd.DataFrame | None = None) -> go.Figure:
    """Each technique's mean score as a dot, ±1 standard deviation across folds as a line through it,
    one row per technique; the no-resampling score as a dashed vertical line.

    The score axis spans the scores and their spreads, not 0 to 1, so that 0.990 and 0.994 stand apart
    (a dot, unlike a bar, does not need the axis to start at 0); when it does not start at 0 the axis
    title says so, and each dot carries its value. ``leaky`` (optional) adds, beside each technique, its score
    under the leaky protocol (resampled before splitting); the legend then names each colour.
    """
    info = get_metric(metric)
    scores = results[(results["metric"] == metric) & (results["protocol"] == "correct")]
    mean, std = scores["mean"].to_numpy(dtype=float), scores["std"].to_numpy(dtype=float)
    color = [COLORS["baseline"] if t in BASELINES else COLORS["technique"] for t in scores["technique"]]
    fig = go.Figure(go.Scatter(
        y=scores["label"], x=mean, mode="markers+text", orientation="h", showlegend=False,
        name="resampled inside each training fold (right)",
        marker=dict(color=color, size=13, line=dict(color="white", width=1)),
        error_x=_clipped_errors(mean, std), customdata=std[:, None],
        text=[f"{m:.3f}" for m in mean], textposition="top right", textfont=dict(size=12),
        hovertemplate=f"%{{y}}<br>{info.label} %{{x:.3f}} ± %{{customdata[0]:.3f}}<extra></extra>",
    ))
    low, high = mean - np.minimum(std, mean), mean + np.minimum(std, 1 - mean)
    if leaky is not None:
        wrong = leaky[(leaky["metric"] == metric) & (leaky["protocol"] == "leaky")].set_index("technique")
        leak_mean = np.array([wrong["mean"].get(t, np.nan) for t in scores["technique"]], dtype=float)
        leak_std = np.array([wrong["std"].get(t, 0.0) for t in scores["technique"]], dtype=float)
        fig.add_trace(go.Scatter(
            y=scores["label"], x=leak_mean, mode="markers", orientation="h",
            name="resampled before splitting (leaky, inflated)",
            marker=dict(color=COLORS["leaky"], size=11, symbol="diamond"),
            error_x=_clipped_errors(leak_mean, leak_std),
            hovertemplate=f"%{{y}} (leaky)<br>{info.label} %{{x:.3f}}<extra></extra>",
        ))
        fig.update_layout(scattermode="group", scattergap=0.5)
        # one legend entry per colour of the right dots (a trace's swatch shows its first point's colour only)
        for name, key in (("no resampling / class weights, right", "baseline"),
                          ("resampled inside each training fold (right)", "technique")):
            fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=name,
                                     marker=dict(color=COLORS[key], size=11), hoverinfo="skip"))
        known = np.isfinite(leak_mean)
        low = np.r_[low, (leak_mean - np.minimum(leak_std, leak_mean))[known]]
        high = np.r_[high, (leak_mean + np.minimum(leak_std, 1 - leak_mean))[known]]
    none = scores.loc[scores["technique"] == "none", "mean"]
    if len(none):
        fig.add_vline(x=float(none.iloc[0]), line=dict(color=COLORS["focus"], dash="dash", width=1),
                      annotation_text="no resampling", annotation_position="top right")
    axis, cut = score_axis(float(np.nanmin(low)), float(np.nanmax(high)))
    title = info.label + ("" if info.greater_is_better else " (lower is better)") + " · mean ± sd across folds"
    if cut:  # said under the axis itself, where the eye reads the scale
        title += (f"<br><span style='font-size:12px;color:{COLORS['focus']}'>{AXIS_NOTE.format(start=axis[0])}"
                  "</span>")
    fig.update_xaxes(title_text=title, range=axis, tickformat=".3f", **GRID)
    # first technique on top, and an empty band above it for the baseline line's label
    fig.update_yaxes(title_text=None, range=[len(scores) - 0.5, -1.2], showgrid=False)
    finish(fig, 170 + ROW_HEIGHT * len(scores), legend_below=False)
    fig.update_layout(legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0, font=dict(size=12)))
    return fig

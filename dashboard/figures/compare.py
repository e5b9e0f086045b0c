"""Figures of the Compare page: techniques side by side, and their scores with their spread across folds."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from smote_core.evaluation import BASELINES, get_metric

from ._scores import clipped_errors, row_color, score_dots
from ._style import COLORS, GRID, class_colors, finish
from .resample import _originals, _removed, _synthetic

COLUMNS = 3


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


def metric_scores(results: pd.DataFrame, metric: str, leaky: pd.DataFrame | None = None,
                  recommended: str | None = None) -> go.Figure:
    """Each candidate's mean score as a dot, ± its corrected standard error as a line through it, one row
    per candidate; the no-resampling score as a dashed vertical line; ``recommended`` (the advice's
    recommendation, when it is compared) in green and marked.

    The score axis spans the scores and their errors, not 0 to 1, so that 0.990 and 0.994 stand apart
    (a dot, unlike a bar, does not need the axis to start at 0); when it does not start at 0 the axis
    title says so, and each dot carries its value. ``leaky`` (optional) adds, beside each technique, its score
    under the leaky protocol (resampled before splitting); the legend then names each colour.
    """
    info = get_metric(metric)
    scores = results[(results["metric"] == metric) & (results["protocol"] == "correct")]
    mean, error = scores["mean"].to_numpy(dtype=float), scores["se"].to_numpy(dtype=float)
    colors = [row_color(t, recommended, BASELINES) for t in scores["technique"]]
    labels = [f"{label} ✓ recommended" if t == recommended else label
              for t, label in zip(scores["technique"], scores["label"])]
    none = scores.loc[scores["technique"] == "none", "mean"]
    leak = {}
    if leaky is not None:
        wrong = leaky[(leaky["metric"] == metric) & (leaky["protocol"] == "leaky")].set_index("technique")
        leak["mean"] = np.array([wrong["mean"].get(t, np.nan) for t in scores["technique"]], dtype=float)
        leak["error"] = np.array([wrong["se"].get(t, 0.0) for t in scores["technique"]], dtype=float)
        known = np.isfinite(leak["mean"])
        leak["low"] = (leak["mean"] - np.minimum(leak["error"], leak["mean"]))[known]
        leak["high"] = (leak["mean"] + np.minimum(leak["error"], 1 - leak["mean"]))[known]
    fig = score_dots(labels, mean, error, colors, metric_label=info.label, greater_is_better=info.greater_is_better,
                     baseline=float(none.iloc[0]) if len(none) else None, extra_low=leak.get("low", ()),
                     extra_high=leak.get("high", ()))
    if leak:
        fig.add_trace(go.Scatter(
            y=labels, x=leak["mean"], mode="markers", orientation="h",
            name="resampled before splitting (leaky, inflated)",
            marker=dict(color=COLORS["leaky"], size=11, symbol="diamond"),
            error_x=clipped_errors(leak["mean"], leak["error"]),
            hovertemplate=f"%{{y}} (leaky)<br>{info.label} %{{x:.3f}}<extra></extra>",
        ))
        fig.update_layout(scattermode="group", scattergap=0.5)
        # one legend entry per colour of the right dots (a trace's swatch shows its first point's colour only)
        for name, key in (("not resampling, right", "baseline"),
                          ("resampled inside each training fold (right)", "technique")):
            fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=name,
                                     marker=dict(color=COLORS[key], size=11), hoverinfo="skip"))
    fig.update_layout(legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0, font=dict(size=12)))
    return fig


def reliability(curves: dict) -> go.Figure:
    """A reliability diagram: per candidate (label -> :func:`smote_core.evaluation.reliability` table), the mean
    predicted probability of the minority in each bin against the share of its rows that were of the
    minority, the marker's area growing with the bin's rows; the diagonal is perfect calibration."""
    fig = go.Figure(go.Scatter(x=[0, 1], y=[0, 1], mode="lines", name="perfectly calibrated",
                               line=dict(color=COLORS["off_path"], dash="dash"), hoverinfo="skip"))
    palette = (COLORS["baseline"], COLORS["checked"])
    for i, (label, table) in enumerate(curves.items()):
        size = 7 + 18 * np.sqrt(table["rows"] / table["rows"].max())
        fig.add_trace(go.Scatter(
            x=table["predicted"], y=table["observed"], mode="lines+markers", name=label,
            line=dict(color=palette[i % len(palette)], width=2), marker=dict(size=size),
            customdata=table["rows"], hovertemplate=f"{label}<br>predicted %{{x:.2f}}, observed %{{y:.2f}} "
                                                    "(%{customdata:,} rows)<extra></extra>"))
    fig.update_xaxes(title_text="predicted probability of the minority (test folds, binned)", range=[-0.02, 1.02],
                     **GRID)
    fig.update_yaxes(title_text="share of those rows in the minority", range=[-0.02, 1.02], **GRID)
    return finish(fig, 420)

"""Figures of the Compare page: techniques side by side, and their scores with error bars."""

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
                thickness=1.5)


def metric_bars(results: pd.DataFrame, metric: str, leaky: pd.DataFrame | None = None,
                height: int = 420) -> go.Figure:
    """Mean score per technique with ±1 standard deviation across folds; the no-resampling score dashed.

    The y-axis runs from 0 to 1 (every metric lies there), so a small difference looks small, and the
    error bars stop at 0 and 1. ``leaky`` (optional) adds the scores of the leaky protocol (resampled
    before splitting) beside each technique's correct score; the legend then names each colour.
    """
    info = get_metric(metric)
    scores = results[(results["metric"] == metric) & (results["protocol"] == "correct")]
    mean, std = scores["mean"].to_numpy(dtype=float), scores["std"].to_numpy(dtype=float)
    color = [COLORS["baseline"] if t in BASELINES else COLORS["technique"] for t in scores["technique"]]
    fig = go.Figure(go.Bar(
        x=scores["label"], y=mean, name="resampled inside each training fold (right)", showlegend=False,
        marker=dict(color=color), error_y=_clipped_errors(mean, std), customdata=std[:, None],
        hovertemplate=f"%{{x}}<br>{info.label} %{{y:.3f}} ± %{{customdata[0]:.3f}}<extra></extra>",
    ))
    if leaky is not None:
        wrong = leaky[(leaky["metric"] == metric) & (leaky["protocol"] == "leaky")].set_index("technique")
        leak_mean = np.array([wrong["mean"].get(t, np.nan) for t in scores["technique"]], dtype=float)
        leak_std = np.array([wrong["std"].get(t, 0.0) for t in scores["technique"]], dtype=float)
        fig.add_trace(go.Bar(
            x=scores["label"], y=leak_mean, name="resampled before splitting (leaky, inflated)",
            marker=dict(color=COLORS["leaky"]), error_y=_clipped_errors(leak_mean, leak_std),
            hovertemplate=f"%{{x}} (leaky)<br>{info.label} %{{y:.3f}}<extra></extra>",
        ))
        fig.update_layout(barmode="group")
        # one legend entry per colour of the right bars (a bar trace's swatch shows its first bar's colour only)
        for name, key in (("no resampling / class weights, right", "baseline"),
                          ("resampled inside each training fold (right)", "technique")):
            fig.add_trace(go.Bar(x=[None], y=[None], name=name, marker=dict(color=COLORS[key]), hoverinfo="skip"))
    none = scores.loc[scores["technique"] == "none", "mean"]
    if len(none):
        fig.add_hline(y=float(none.iloc[0]), line=dict(color=COLORS["focus"], dash="dash", width=1),
                      annotation_text="no resampling", annotation_position="top left")
    fig.update_yaxes(title_text=info.label + ("" if info.greater_is_better else " (lower is better)")
                     + " · mean ± sd across folds", range=[0, 1.02], **GRID)
    fig.update_xaxes(title_text=None)
    return finish(fig, height)

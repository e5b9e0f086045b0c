"""Figures of the Compare page: techniques side by side, and their scores with error bars."""

from __future__ import annotations

import math

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


def metric_bars(results: pd.DataFrame, metric: str, leaky: pd.DataFrame | None = None,
                height: int = 420) -> go.Figure:
    """Mean score per technique with ±1 standard deviation across folds; the no-resampling score dashed.

    ``leaky`` (optional) adds the scores of the leaky protocol (resampled before splitting) beside
    each technique's correct score.
    """
    info = get_metric(metric)
    scores = results[(results["metric"] == metric) & (results["protocol"] == "correct")]
    color = [COLORS["baseline"] if t in BASELINES else COLORS["technique"] for t in scores["technique"]]
    fig = go.Figure(go.Bar(
        x=scores["label"], y=scores["mean"], name="resampled inside each training fold (right)",
        marker=dict(color=color), error_y=dict(type="data", array=scores["std"], color="#495057", thickness=1.5),
        customdata=scores[["std"]].to_numpy(),
        hovertemplate=f"%{{x}}<br>{info.label} %{{y:.3f}} ± %{{customdata[0]:.3f}}<extra></extra>",
    ))
    if leaky is not None:
        wrong = leaky[(leaky["metric"] == metric) & (leaky["protocol"] == "leaky")]
        by_technique = wrong.set_index("technique")
        fig.add_trace(go.Bar(
            x=scores["label"], y=[by_technique["mean"].get(t) for t in scores["technique"]],
            name="resampled before splitting (leaky, inflated)", marker=dict(color=COLORS["leaky"]),
            error_y=dict(type="data", array=[by_technique["std"].get(t, 0.0) for t in scores["technique"]],
                         color="#495057", thickness=1.5),
            hovertemplate=f"%{{x}} (leaky)<br>{info.label} %{{y:.3f}}<extra></extra>",
        ))
        fig.update_layout(barmode="group")
    none = scores.loc[scores["technique"] == "none", "mean"]
    if len(none):
        fig.add_hline(y=float(none.iloc[0]), line=dict(color=COLORS["focus"], dash="dash", width=1),
                      annotation_text="no resampling", annotation_position="top left")
    lows = (scores["mean"] - scores["std"]).min()
    highs = (scores["mean"] + scores["std"]).max()
    if leaky is not None and len(leaky):
        highs = max(highs, float(leaky.loc[leaky["metric"] == metric, "mean"].max()))
    pad = 0.1 * (highs - lows or 0.1)
    fig.update_yaxes(title_text=info.label + ("" if info.greater_is_better else " (lower is better)"),
                     range=[max(0.0, lows - pad), highs + pad], **GRID)
    fig.update_xaxes(title_text=None)
    return finish(fig, height)

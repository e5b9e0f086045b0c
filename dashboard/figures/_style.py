"""Colours and layout shared by every figure of the dashboard."""

from __future__ import annotations

import plotly.graph_objects as go

COLORS = {
    "majority": "#adb5bd",
    "minority": "#d6336c",
    "neighbors": "#f08c00",
    "focus": "#1f2430",
    "new": "#2b8a3e",
    "kept": "#2b8a3e",
    "generated": "#74b816",
    "synthetic": "#2b8a3e",
    "removed": "#e03131",
    "path": "#d6336c",
    "off_path": "#ced4da",
    "safe": "#1971c2",
    "danger": "#f08c00",
    "noise": "#e03131",
    "support": "#1f2430",
    "baseline": "#868e96",
    "technique": "#d6336c",
    "leaky": "#f59f00",
    "checked": "#2b8a3e",
}
# further classes of a multi-class target, after the majority grey and the minority pink
CLASS_PALETTE = ("#1971c2", "#7048e8", "#0c8599", "#e8590c", "#5c940d", "#c2255c")
FONT_SIZE = 13
GRID = dict(showgrid=True, gridcolor="#eef0f4", zeroline=False, showline=True, linecolor="#ced4da")


def class_colors(counts: dict) -> dict:
    """Label -> colour from class sizes: the largest class grey, the smallest pink, others from the palette."""
    majority = max(counts, key=counts.get)
    others = sorted((label for label in counts if label != majority), key=counts.get)
    colors = {majority: COLORS["majority"]}
    for i, label in enumerate(others):
        colors[label] = COLORS["minority"] if i == 0 else CLASS_PALETTE[(i - 1) % len(CLASS_PALETTE)]
    return colors


def finish(fig: go.Figure, height: int, *, legend_below: bool = True, top: int = 10) -> go.Figure:
    """The house layout: white plot, small margins, legend under the plot."""
    fig.update_layout(
        height=height,
        margin=dict(l=10, r=10, t=top, b=10),
        plot_bgcolor="white",
        font=dict(size=FONT_SIZE),
        hoverlabel=dict(align="left"),
    )
    if legend_below:
        fig.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.12, xanchor="left", x=0,
                                      font=dict(size=12)))
    return fig

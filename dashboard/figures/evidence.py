"""Figure of the Evidence page: mean ranks on the public datasets with the Nemenyi critical difference."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ._style import COLORS, GRID, finish


def mean_ranks(ranks: pd.Series, labels: dict, critical_difference: float, highlight=()) -> go.Figure:
    """One dot per candidate at its mean rank (best at the top), and a bar of width ``critical_difference``
    from the leader's rank: candidates whose dot lies on the bar are not shown to differ from the leader.

    Parameters
    ----------
    ranks : Series
        Candidate id -> mean rank, best first.
    labels : dict
        Candidate id -> the name shown.
    critical_difference : float
    highlight : collection of str
        Candidate ids drawn in the technique colour (yours); the rest are grey.
    """
    if ranks.empty or critical_difference <= 0:
        raise ValueError("a rank plot needs at least one candidate and a positive critical difference.")
    names = [labels.get(c, c) for c in ranks.index]
    best = float(ranks.iloc[0])
    fig = go.Figure()
    fig.add_trace(go.Bar(
        x=[critical_difference], y=[names[0]], base=[best], orientation="h", width=0.5,
        marker=dict(color=COLORS["checked"], opacity=0.25), name=f"critical difference ({critical_difference:.2f})",
        hovertemplate=f"within {critical_difference:.2f} of the leader's mean rank: not shown to differ"
                      "<extra></extra>"))
    fig.add_vrect(x0=best, x1=best + critical_difference, fillcolor=COLORS["checked"], opacity=0.07, line_width=0)
    mine = [c in set(highlight) for c in ranks.index]
    for flag, name in ((True, "yours"), (False, "others")):
        chosen = [i for i, m in enumerate(mine) if m == flag]
        if not chosen:
            continue
        fig.add_trace(go.Scatter(
            x=ranks.iloc[chosen], y=[names[i] for i in chosen], mode="markers", name=name,
            marker=dict(size=13 if flag else 10, color=COLORS["technique" if flag else "baseline"],
                        line=dict(width=1, color="white")),
            hovertemplate="%{y}: mean rank %{x:.2f}<extra></extra>"))
    fig.update_xaxes(title_text="mean rank (1 is best)", **GRID)
    fig.update_yaxes(categoryorder="array", categoryarray=names[::-1], showgrid=False)
    fig.update_layout(barmode="overlay", hovermode="closest")
    return finish(fig, 120 + 26 * len(ranks))

"""Figures of the Data & advice page: the class balance, the decision tree with the taken path, and the check."""

from __future__ import annotations

import textwrap

import plotly.graph_objects as go

from smote_core.candidates import BASELINES

from ._scores import row_color, score_dots
from ._style import COLORS, FONT_SIZE, class_colors, finish

NODE_WRAP = 20
LEAF_WRAP = 13
EDGE_WRAP = 18
# where along an edge its answer is written (0 = at the question, 1 = at the answer): near the answer,
# where sibling edges have spread apart
EDGE_LABEL_AT = 0.68


def _wrap(text: str, width: int) -> str:
    return "<br>".join(textwrap.wrap(str(text), width)) or str(text)


def class_balance(counts: dict) -> go.Figure:
    """Horizontal bars of the class sizes, largest on top, each with its count and share."""
    colors = class_colors(counts)
    labels = sorted(counts, key=counts.get)
    total = sum(counts.values())
    fig = go.Figure(go.Bar(
        x=[counts[c] for c in labels], y=[str(c) for c in labels], orientation="h",
        marker=dict(color=[colors[c] for c in labels]),
        text=[f"{counts[c]:,} ({counts[c] / total:.1%})" for c in labels], textposition="auto",
        hovertemplate="class %{y}: %{x:,} rows<extra></extra>", name="rows",
    ))
    fig.update_xaxes(title_text="rows", showgrid=True, gridcolor="#eef0f4")
    fig.update_yaxes(title_text=None, type="category")
    return finish(fig, 90 + 44 * len(labels), legend_below=False)


def decision_tree(layout: dict, path_nodes, path_edges, evidence: dict | None = None,
                  height: int = 520, checked: str | None = None) -> go.Figure:
    """The advisor's tree: edges and boxes, the taken path in the accent colour, the leaf it reaches filled,
    and the leaf of the checked recommendation (when it is one of the tree's leaves) marked in green.

    Parameters
    ----------
    layout : dict
        :func:`smote_core.advisor.tree_layout` (``nodes`` with ``x`` and ``depth``, ``edges``).
    path_nodes, path_edges : sequence of str
        Node and edge ids of the taken path (``Advice.path_node_ids`` / ``path_edge_ids``).
    evidence : dict, optional
        Node id -> text shown when hovering that question (the answer and its evidence).
    checked : str, optional
        Technique id the check recommends; its leaf gets a green frame and "✓ checked on your data".
    """
    evidence = evidence or {}
    on_nodes, on_edges = set(path_nodes), set(path_edges)
    nodes = {n["id"]: n for n in layout["nodes"]}
    leaf = next((n for n in path_nodes if nodes[n]["kind"] == "leaf"), None)
    fig = go.Figure()

    def position(node_id):
        node = nodes[node_id]
        return float(node["x"]), -float(node["depth"])

    for taken in (False, True):  # path edges drawn last, on top
        for edge in layout["edges"]:
            if (edge["id"] in on_edges) != taken:
                continue
            (x0, y0), (x1, y1) = position(edge["source"]), position(edge["target"])
            fig.add_trace(go.Scatter(
                x=[x0, x1], y=[y0, y1], mode="lines", hoverinfo="skip", showlegend=False,
                name=f"edge {edge['id']}", meta=edge["id"],
                line=dict(color=COLORS["path"] if taken else COLORS["off_path"], width=5 if taken else 1.5),
            ))
            t = EDGE_LABEL_AT
            fig.add_annotation(
                x=x0 + t * (x1 - x0), y=y0 + t * (y1 - y0), text=_wrap(edge["label"], EDGE_WRAP),
                showarrow=False, font=dict(size=11, color=COLORS["path"] if taken else "#6c757d"),
                bgcolor="rgba(255,255,255,0.92)", name=f"edge-label {edge['id']}",
            )
    for node in layout["nodes"]:
        x, y = position(node["id"])
        on_path = node["id"] in on_nodes
        is_leaf = node["kind"] == "leaf"
        chosen = node["id"] == leaf
        marked = is_leaf and checked is not None and node["technique"] == checked
        width = LEAF_WRAP if is_leaf else NODE_WRAP
        text = f"<b>{_wrap(node['label'], width)}</b>" if on_path else _wrap(node["label"], width)
        if marked:
            text += "<br><b>✓ checked on your data</b>" if chosen else "<br><b>✓ checked: do this</b>"
        fig.add_annotation(
            x=x, y=y, text=text, showarrow=False, name=f"node {node['id']}" + (" checked" if marked else ""),
            font=dict(size=12, color="white" if chosen else (COLORS["checked"] if marked else
                                                             (COLORS["focus"] if on_path else "#6c757d"))),
            bgcolor=COLORS["path"] if chosen else "white",
            bordercolor=COLORS["checked"] if marked else (COLORS["path"] if on_path else COLORS["off_path"]),
            borderwidth=4 if marked else (2 if on_path else 1), borderpad=5,
        )
    xs = [position(n["id"])[0] for n in layout["nodes"]]
    ys = [position(n["id"])[1] for n in layout["nodes"]]
    hover = [evidence.get(n["id"], n["label"] if n["kind"] == "leaf" else "not asked on this path")
             for n in layout["nodes"]]
    fig.add_trace(go.Scatter(
        x=xs, y=ys, mode="markers", name="nodes", showlegend=False,
        marker=dict(size=34, color="rgba(0,0,0,0)"), customdata=[n["id"] for n in layout["nodes"]],
        text=[_wrap(h, 60) for h in hover], hovertemplate="%{text}<extra></extra>",
    ))
    depth = max(n["depth"] for n in layout["nodes"])
    fig.update_xaxes(visible=False, range=[min(xs) - 0.55, max(xs) + 0.55])
    fig.update_yaxes(visible=False, range=[-depth - 0.3, 0.3])
    fig.update_layout(font=dict(size=FONT_SIZE), dragmode=False)
    return finish(fig, height, legend_below=False)


def check_scores(table, tree_pick: str, recommended: str, metric_label: str,
                 greater_is_better: bool = True) -> go.Figure:
    """The check's candidates best first, each mean score ± its corrected standard error on an axis cut to
    the scores; the recommendation green, the tree's answer pink, the rest grey; the candidates within
    the noise of the best marked.

    ``table`` is :attr:`smote_core.choice.Choice.table` (``candidate``, ``label``, ``mean``, ``se``,
    ``within_noise``).
    """
    marks = [(" ✓ recommended" if c == recommended else (" (tree's answer)" if c == tree_pick else ""))
             + (" ≈ best" if close else "") for c, close in zip(table["candidate"], table["within_noise"])]
    none = table.loc[table["candidate"] == "none", "mean"]
    return score_dots([f"{label}{mark}" for label, mark in zip(table["label"], marks)], table["mean"], table["se"],
                      [row_color(c, recommended, BASELINES, tree_pick) for c in table["candidate"]],
                      metric_label=metric_label, greater_is_better=greater_is_better,
                      baseline=float(none.iloc[0]) if len(none) else None)

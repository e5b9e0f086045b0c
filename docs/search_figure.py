"""Draw docs/search.svg: how screening one query row works, on a real 64-row example.

Run from the repository root: ``python docs/search_figure.py``. It uses the search's own parts
(``smote_core._search``) on 64 random points in 2-D, one tile of 16 strided groups of 4 rows, and
3 candidates, and writes the figure as plain SVG (no plotting library needed).
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from smote_core._search.bound import product_error
from smote_core._search.products import GroupLayout, ScaledTable, group_minima, group_products
from smote_core._search.screening import best_groups, smallest

WIDTH, SLOTS, GROUP = 3, 16, 4
OUT = Path(__file__).with_name("search.svg")


def example():
    X = np.random.default_rng(3).standard_normal((SLOTS * GROUP, 2))
    layout = GroupLayout(group=GROUP, fold=1, slots=SLOTS, n_groups=SLOTS)
    table = ScaledTable(X, None, len(X))
    query, _ = table.query(np.array([0]))
    query = query.astype(np.float32)
    tile = (table.rows(slice(0, len(X)), np.float32) @ query.T)[:, 0]
    minima = group_minima(table, layout, query, threading.local())[:, 0]
    chosen = best_groups(minima[:, None], layout.fold, WIDTH)[0]
    rows, values = group_products(table, layout, query, chosen[None, :])
    pick = smallest(values, WIDTH)[0]
    return tile, minima, chosen, rows[0], values[0], rows[0][pick]


def svg(tile, minima, chosen, rows, values, candidates) -> str:
    cell, left, top = 34, 70, 60
    low, high = float(tile.min()), float(np.quantile(tile, 0.9))  # the line shows the smallest 90%
    shade = lambda v: int(60 + 175 * min(1.0, (v - low) / (high - low)))  # noqa: E731 darker = smaller
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + SLOTS * cell + 120}" height="540" '
             'font-family="sans-serif" font-size="12">',
             '<rect width="100%" height="100%" fill="white"/>',
             f'<text x="{left}" y="22" font-size="14" font-weight="bold">(a) One tile of products '
             f'|x|² − 2 q·x for one query row, in 16 strided groups (columns) of 4 rows</text>',
             f'<text x="{left}" y="42">row r is in group r mod 16; darker = smaller; ▼ = the group minimum '
             f'the pass keeps; green = the {WIDTH} smallest minima</text>']
    for g in range(SLOTS):
        x = left + g * cell
        if g in chosen:
            parts.append(f'<rect x="{x - 3}" y="{top - 3}" width="{cell}" height="{GROUP * cell + 6}" '
                         'fill="none" stroke="#1a9850" stroke-width="3"/>')
        for i in range(GROUP):
            r = g + SLOTS * i
            v = shade(tile[r])
            stroke = ' stroke="#d73027" stroke-width="3"' if r in candidates else ""
            parts.append(f'<rect x="{x}" y="{top + i * cell}" width="{cell - 6}" height="{cell - 6}" '
                         f'fill="rgb({v},{v},{v})"{stroke}/>')
            if tile[r] == minima[g]:
                parts.append(f'<text x="{x + 9}" y="{top + i * cell + 19}" fill="#fdae61">▼</text>')
        parts.append(f'<text x="{x + 6}" y="{top + GROUP * cell + 16}">{g}</text>')
    parts.append(f'<text x="{left}" y="{top + GROUP * cell + 34}">red outline = the {WIDTH} candidates: smallest '
                 'recomputed products within the green groups</text>')
    # (b) the number line of products
    y0, x0, x1 = 330, left, left + SLOTS * cell - 20
    pos = lambda v: x0 + (x1 - x0) * min(1.0, (v - low) / (high - low))  # noqa: E731 larger ones at the end
    largest = float(values[np.isin(rows, candidates)].max())
    gap = 0.08 * (high - low)  # 3 delta drawn far wider than it is, to be seen
    parts += [f'<text x="{left}" y="{y0 - 60}" font-size="14" font-weight="bold">(b) Why no row outside the '
              'candidates can be nearer than the bound</text>',
              f'<line x1="{x0}" y1="{y0}" x2="{x1}" y2="{y0}" stroke="black"/>',
              f'<text x="{x1 - 200}" y="{y0 + 40}">product (same order as distance) →</text>']
    for g in range(SLOTS):
        colour = "#1a9850" if g in chosen else "#999999"
        parts.append(f'<text x="{pos(minima[g]) - 5}" y="{y0 - 8}" fill="{colour}">▼</text>')
    for r, v in zip(rows, values):
        colour = "#d73027" if r in candidates else "#1a9850"
        parts.append(f'<circle cx="{pos(v)}" cy="{y0 + 14}" r="4" fill="{colour}"/>')
    for x, label, colour, dy in ((pos(largest), "largest", "#d73027", 56),
                                 (pos(largest) - (x1 - x0) * gap / (high - low), "largest − 3δ: the bound", "#4575b4", 76)):
        parts += [f'<line x1="{x}" y1="{y0 - 30}" x2="{x}" y2="{y0 + dy - 12}" stroke="{colour}" stroke-dasharray="4 3"/>',
                  f'<text x="{x - 10}" y="{y0 + dy}" fill="{colour}">{label}</text>']
    delta = product_error(2, np.float32)
    notes = [
        "▼ green: minima of the chosen groups; ▼ grey: minima of the other groups, none below a green one.",
        "dots: recomputed products of the chosen groups' rows (red: the candidates).",
        "A row of another group has a tile product ≥ every green minimum; each green minimum is a row whose",
        "recomputed product is within 3δ of it, so the candidates' largest is ≤ that row's exact product + 3δ.",
        f"δ = 6 (d + 4) eps = {delta:.1e} here in float32; drawn much wider than it is. Products beyond the",
        "line's right end (the largest tenth) are drawn at it.",
    ]
    parts += [f'<text x="{left}" y="{y0 + 110 + 18 * i}">{line}</text>' for i, line in enumerate(notes)]
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


if __name__ == "__main__":
    OUT.write_text(svg(*example()), encoding="utf-8")
    print(f"wrote {OUT}")

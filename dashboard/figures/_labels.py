"""Boxed labels that name a point from a little way off, so that they never cover what lies beside it."""

from __future__ import annotations

import numpy as np

from ._style import FONT_SIZE

DISTANCE = 45  # pixels from the point to its label


def on_screen(direction, spans) -> np.ndarray:
    """A direction in data units as a unit direction on the screen (y up): each axis divided by its span,
    since the axes have their own scales. A zero direction stays zero."""
    scaled = np.asarray(direction, dtype=float) / np.asarray(spans, dtype=float)
    length = np.hypot(*scaled)
    return scaled / length if length > 0 else scaled


def point_label(at, text: str, away, color: str, *, xref: str = "x", yref: str = "y") -> dict:
    """Keyword arguments of ``fig.add_annotation``: a box ``DISTANCE`` pixels from the point ``at`` in the
    screen direction ``away`` (from :func:`on_screen`), joined to it by a thin line, and anchored on the
    side facing the point so that the box grows away from it."""
    away = np.asarray(away, dtype=float)
    return dict(
        x=float(at[0]), y=float(at[1]), xref=xref, yref=yref, text=text,
        ax=float(DISTANCE * away[0]), ay=float(-DISTANCE * away[1]),  # pixels; screen y grows downwards
        xanchor=_anchor(away[0], "left", "right", "center"), yanchor=_anchor(away[1], "bottom", "top", "middle"),
        showarrow=True, arrowhead=0, arrowwidth=1, arrowcolor=color, standoff=9,
        font=dict(size=FONT_SIZE, color=color), bgcolor="rgba(255,255,255,0.88)",
        bordercolor=color, borderwidth=1, borderpad=3,
    )


def _anchor(component: float, positive: str, negative: str, middle: str) -> str:
    """Anchor a label's box on its near side, so the box grows away from the point it names."""
    return positive if component > 0.3 else negative if component < -0.3 else middle

"""Plotly figure builders: data in, ``go.Figure`` out. No streamlit, no session state.

One module per page: :mod:`.step` (step-by-step SMOTE), :mod:`.data` (Data & advice),
:mod:`.resample` (Resample), :mod:`.compare` (Compare) and :mod:`.evidence` (Evidence); colours in
:mod:`._style`.
"""

from ._style import COLORS, FONT_SIZE, class_colors
from .compare import metric_scores, reliability, small_multiples
from .data import check_scores, class_balance, decision_tree
from .evidence import mean_ranks
from .resample import before_after, categories_map, difficulty_bars, difficulty_map, losses
from .step import column_segments, step_scatter

__all__ = [
    "COLORS", "FONT_SIZE", "before_after", "categories_map", "check_scores", "class_balance", "class_colors", "column_segments",
    "decision_tree", "difficulty_bars", "difficulty_map", "losses", "mean_ranks", "metric_scores", "reliability",
    "small_multiples", "step_scatter",
]

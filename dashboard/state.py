"""Session-state keys of the dashboard and typed access to them.

This is the only module that spells the keys. ``init()`` runs from ``app.py`` on every rerun: it
sets defaults once per session and re-asserts widget values so that Streamlit does not drop them
when the user switches to a page where the widget is not drawn.
"""

from __future__ import annotations

import copy

import pandas as pd
import streamlit as st

# --- step-by-step page: widgets (values owned by the widgets with these keys) ---
STEP_DATASET = "step_dataset"
STEP_K = "step_k"
STEP_LAM = "step_lam"
STEP_PICK = "step_pick"  # "click" or "random"
STEP_SEED = "step_seed"
LOAN_LAM = "loan_lam"
# --- step-by-step page: other widgets (no stored value) ---
STEP_CHART = "step_chart"
STEP_KEEP = "step_keep"
STEP_GENERATE = "step_generate"
STEP_CLEAR = "step_clear"
# --- step-by-step page: values set by the page ---
STEP_FOCUS = "step_focus"  # row of X in the dataset, None: the dataset's default
STEP_NEIGHBOR = "step_neighbor"  # neighbour row picked by click, None: the nearest
STEP_KEPT = "step_kept"  # list of {"parent", "neighbor", "lam"}
STEP_GENERATED = "step_generated"  # DataFrame from stepper.generate_rest, or None
STEP_MESSAGE = "step_message"  # one-off (kind, text) for the user, kind "info" or "error"; or None

PICK_CLICK, PICK_RANDOM = "click", "random"

DEFAULTS = {
    STEP_DATASET: "fraud",
    STEP_K: 3,
    STEP_LAM: 0.4,
    STEP_PICK: PICK_CLICK,
    STEP_SEED: 0,
    LOAN_LAM: 0.6,
    STEP_FOCUS: None,
    STEP_NEIGHBOR: None,
    STEP_KEPT: [],
    STEP_GENERATED: None,
    STEP_MESSAGE: None,
}
WIDGET_KEYS = (STEP_DATASET, STEP_K, STEP_LAM, STEP_PICK, STEP_SEED, LOAN_LAM)


def init() -> None:
    """Set missing defaults and keep widget values alive across page switches."""
    state = st.session_state
    for key, value in DEFAULTS.items():
        if key not in state:
            state[key] = copy.deepcopy(value)
    for key in WIDGET_KEYS:
        state[key] = state[key]


class StepState:
    """Typed view of the step-by-step page's state."""

    @property
    def dataset(self) -> str:
        return str(st.session_state[STEP_DATASET])

    @property
    def k(self) -> int:
        return int(st.session_state[STEP_K])

    @k.setter
    def k(self, value: int) -> None:
        st.session_state[STEP_K] = int(value)

    @property
    def lam(self) -> float:
        return float(st.session_state[STEP_LAM])

    @property
    def pick(self) -> str:
        return str(st.session_state[STEP_PICK] or PICK_CLICK)

    @property
    def seed(self) -> int:
        return int(st.session_state[STEP_SEED])

    @seed.setter
    def seed(self, value: int) -> None:
        st.session_state[STEP_SEED] = int(value)

    @property
    def loan_lam(self) -> float:
        return float(st.session_state[LOAN_LAM])

    @property
    def focus(self) -> int | None:
        value = st.session_state[STEP_FOCUS]
        return None if value is None else int(value)

    @focus.setter
    def focus(self, row: int | None) -> None:
        st.session_state[STEP_FOCUS] = None if row is None else int(row)

    @property
    def neighbor(self) -> int | None:
        value = st.session_state[STEP_NEIGHBOR]
        return None if value is None else int(value)

    @neighbor.setter
    def neighbor(self, row: int | None) -> None:
        st.session_state[STEP_NEIGHBOR] = None if row is None else int(row)

    @property
    def kept(self) -> list[dict]:
        return list(st.session_state[STEP_KEPT])

    def keep(self, parent: int, neighbor: int, lam: float) -> None:
        st.session_state[STEP_KEPT] = [*self.kept, {"parent": int(parent), "neighbor": int(neighbor), "lam": float(lam)}]

    @property
    def generated(self) -> pd.DataFrame | None:
        return st.session_state[STEP_GENERATED]

    @generated.setter
    def generated(self, table: pd.DataFrame | None) -> None:
        st.session_state[STEP_GENERATED] = table

    @property
    def message(self) -> tuple[str, str] | None:
        return st.session_state[STEP_MESSAGE]

    @message.setter
    def message(self, note: tuple[str, str] | None) -> None:
        st.session_state[STEP_MESSAGE] = note

    def clear_points(self) -> None:
        """Forget kept and generated points."""
        st.session_state[STEP_KEPT] = []
        st.session_state[STEP_GENERATED] = None

    def reset_selection(self) -> None:
        """Back to the dataset's default X and neighbour, with no synthetic points."""
        self.focus = None
        self.neighbor = None
        self.clear_points()

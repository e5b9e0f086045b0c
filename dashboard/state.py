"""Session-state keys of the dashboard and typed access to them.

This is the only module that spells the keys. ``init()`` runs from ``app.py`` on every rerun: it
sets defaults once per session and re-asserts widget values so that Streamlit does not drop them
when the user switches to a page where the widget is not drawn.
"""

from __future__ import annotations

import copy

import pandas as pd
import streamlit as st

from smote_core.metrics import DEFAULT_GOAL
from smote_core.models import DEFAULT_MODEL

# --- step-by-step page: widgets (values owned by the widgets with these keys) ---
STEP_DATASET = "step_dataset"
STEP_K = "step_k"
STEP_LAM = "step_lam"
STEP_PICK = "step_pick"  # "click" or "random"
STEP_SEED = "step_seed"
STEP_VIEW = "step_view"  # VIEW_PCA or VIEW_COLUMNS, for the table on Data & advice
STEP_X = "step_x"
STEP_Y = "step_y"
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
STEP_FOR = "step_for"  # the table the kept and generated points belong to (StepState.table_key), or None
STEP_CURRENT = "current"  # STEP_DATASET value: the table loaded on Data & advice

PICK_CLICK, PICK_RANDOM = "click", "random"

# --- Data & advice: widgets ---
DATA_MODE = "data_mode"  # MODE_DEMO or MODE_UPLOAD
DEMO = "data_demo"
UPLOADER = "data_uploader"  # the file_uploader (its value is not stored: UPLOAD is)
ENCODING = "data_encoding"  # "" = detect
TARGET = "data_target"
CATEGORICAL = "data_categorical"
MISSING = "data_missing"  # None until the user chooses, then tabular.MISSING_DROP / MISSING_FILL
WEIGHT = "data_weight"  # the column of row weights, or None (the check and Compare then weight every score)
ANSWER_PREFIX = "answer_"  # + advisor question key; value ANSWER_MEASURED or an answer
GOAL = "goal"  # what the model serves: the metric the advice chooses on and Compare ranks on (both pages)
MODEL = "model"  # the model the advice is checked with and Compare trains (both pages)
# --- Data & advice: values set by the page ---
UPLOAD = "data_upload"  # {"name": str, "bytes": bytes} of the last uploaded file, or None
DATA_FOR = "data_for"  # the source key the target/categorical/missing/answers widgets belong to
# --- Resample: widgets ---
TECHNIQUE = "resample_technique"
SEED = "resample_seed"
VIEW = "resample_view"  # VIEW_PCA or VIEW_COLUMNS
VIEW_X = "resample_view_x"
VIEW_Y = "resample_view_y"
PARAM_PREFIX = "param_"  # + technique id + "__" + parameter name
RESAMPLE_CHART = "resample_chart"
RESAMPLE_RUN = "resample_run"
# --- Resample: values set by the page ---
TECHNIQUE_FOLLOWS = "resample_follows"  # True while the technique follows the recommendation
RUN = "resample_result"  # resampling.RunResult or None
RUN_REQUEST = "resample_request"  # True when the Run button asked for a run
SELECTED = "resample_selected"  # output row of the selected synthetic point, or None
# --- Compare: widgets ---
COMPARE_TECHNIQUES = "compare_techniques"
COMPARE_LEAKY = "compare_leaky"
COMPARE_RUN = "compare_run"
# --- Compare: values set by the page ---
COMPARISON = "compare_result"  # Comparison or None
COMPARE_REQUEST = "compare_request"

MODE_DEMO, MODE_UPLOAD = "demo", "upload"
VIEW_PCA, VIEW_COLUMNS = "pca", "columns"
ANSWER_MEASURED = "measured"
DEFAULT_DEMO = "arc"

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
    STEP_FOR: None,
    STEP_VIEW: VIEW_PCA,
    DATA_MODE: MODE_DEMO,
    DEMO: DEFAULT_DEMO,
    ENCODING: "",
    UPLOAD: None,
    DATA_FOR: None,
    SEED: 0,
    VIEW: VIEW_PCA,
    TECHNIQUE_FOLLOWS: True,
    RUN: None,
    RUN_REQUEST: False,
    SELECTED: None,
    GOAL: DEFAULT_GOAL,
    MODEL: DEFAULT_MODEL,
    COMPARE_LEAKY: False,
    COMPARISON: None,
    COMPARE_REQUEST: False,
}
WIDGET_KEYS = (STEP_DATASET, STEP_K, STEP_LAM, STEP_PICK, STEP_SEED, STEP_VIEW, LOAN_LAM, DATA_MODE, DEMO, ENCODING,
               SEED, VIEW, GOAL, MODEL, COMPARE_LEAKY)
# widgets created only once the data is known; kept alive the same way when they exist
OPTIONAL_WIDGET_KEYS = (TARGET, CATEGORICAL, MISSING, WEIGHT, TECHNIQUE, VIEW_X, VIEW_Y, COMPARE_TECHNIQUES, STEP_X, STEP_Y)
WIDGET_PREFIXES = (ANSWER_PREFIX, PARAM_PREFIX)


def init() -> None:
    """Set missing defaults and keep widget values alive across page switches."""
    state = st.session_state
    for key, value in DEFAULTS.items():
        if key not in state:
            state[key] = copy.deepcopy(value)
    for key in WIDGET_KEYS:
        state[key] = state[key]
    for key in list(state.keys()):
        if key in OPTIONAL_WIDGET_KEYS or str(key).startswith(WIDGET_PREFIXES):
            state[key] = state[key]


def answer_key(question: str) -> str:
    """Widget key of the override of an advisor question."""
    return ANSWER_PREFIX + question


def param_key(technique: str, name: str) -> str:
    """Widget key of one parameter of one technique."""
    return f"{PARAM_PREFIX}{technique}__{name}"


def overrides() -> dict:
    """The advisor answers the user set (question key -> answer), measured ones left out."""
    state = st.session_state
    found = {}
    for key in list(state.keys()):
        key = str(key)
        if key.startswith(ANSWER_PREFIX) and state[key] not in (None, ANSWER_MEASURED):
            found[key[len(ANSWER_PREFIX):]] = state[key]
    return found


def check_settings() -> tuple[str, str]:
    """``(goal metric, model)`` the advice is chosen for and checked with (Compare uses the same)."""
    state = st.session_state
    return str(state[GOAL]), str(state[MODEL])


def reset_for_new_data(source_key: str) -> None:
    """A different table: forget the target, column switches, missing-value choice, answers and results."""
    state = st.session_state
    for key in list(state.keys()):
        key = str(key)
        if key in (TARGET, CATEGORICAL, MISSING, WEIGHT, VIEW_X, VIEW_Y, COMPARE_TECHNIQUES) \
                or key.startswith(ANSWER_PREFIX):
            del state[key]
    state[RUN] = None
    state[COMPARISON] = None
    state[SELECTED] = None
    state[TECHNIQUE_FOLLOWS] = True
    state[DATA_FOR] = source_key


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

    def keep(self, parent: int, neighbor: int, lam: float) -> bool:
        """Keep a point; False (nothing stored) when the same point is kept already."""
        point = {"parent": int(parent), "neighbor": int(neighbor), "lam": round(float(lam), 6)}
        if point in self.kept:
            return False
        st.session_state[STEP_KEPT] = [*self.kept, point]
        return True

    def follow(self, table_key: str) -> bool:
        """Points belong to ``table_key`` from now on; True when points of another table were cleared."""
        had_points = bool(self.kept) or self.generated is not None
        changed = st.session_state[STEP_FOR] not in (None, table_key)
        st.session_state[STEP_FOR] = table_key
        if changed:
            self.reset_selection()
        return changed and had_points

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

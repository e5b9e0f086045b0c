"""The step-by-step page under Streamlit's AppTest: widgets change the state and the numbers.

(Its interaction time is measured by ``python -m benchmarks.dashboard``, not asserted here.)"""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import state
from dashboard.stepper import (
    MINUS,
    SHOWN_COLUMNS,
    TIMES,
    column_label,
    format_number,
    neighbors_of,
    random_neighbor,
    smote_step,
    step_data,
)
from smote_core.datasets import load_dataset

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
STEP_PAGE = "app_pages/step_by_step.py"


@pytest.fixture
def app():
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page(STEP_PAGE).run()
    assert not at.exception, at.exception
    return at


@pytest.fixture(scope="module")
def fraud():
    return step_data(*load_dataset("fraud"))


def arithmetic(at) -> list[str]:
    return at.code[0].value.splitlines()


def loan_lines(at) -> list[str]:
    return at.code[1].value.splitlines()


def _decode(value):
    """Plotly sends numeric arrays as base64 typed arrays; turn them back into numpy."""
    if isinstance(value, dict) and "bdata" in value:
        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
        shape = value.get("shape")  # "rows, cols" for 2-D arrays
        return array.reshape([int(n) for n in str(shape).split(",")]) if shape else array
    return value


def chart_traces(at) -> list[dict]:
    """The traces of the step-by-step chart as the browser receives them."""
    traces = json.loads(at.get("plotly_chart")[0].proto.spec)["data"]
    return [{key: _decode(value) for key, value in trace.items()} for trace in traces]


def test_opens_on_the_articles_example(app):
    assert not app.error
    assert arithmetic(app) == smote_step((120, 280), (160, 230), 0.4).lines()
    assert loan_lines(app) == [
        "Income = 30,000 + 0.6 × (35,000 − 30,000) = 33,000",
        "Loan amount = 15,000 + 0.6 × (20,000 − 15,000) = 18,000",
        "Age = 25 + 0.6 × (30 − 25) = 28",
    ]
    names = [t.get("name") for t in chart_traces(app)]
    assert "3 nearest neighbours of class 'fraud'" in names and "new point" in names


def test_lambda_slider_rewrites_the_arithmetic(app):
    app.slider(key=state.STEP_LAM).set_value(0.5).run()
    assert app.session_state[state.STEP_LAM] == 0.5
    assert arithmetic(app) == [
        "(120, 280) + 0.5 × ((160, 230) − (120, 280))",
        "= (120, 280) + 0.5 × (40, −50)",
        "= (120 + 20, 280 − 25)",
        "= (140, 255)",
    ]


def test_k_slider_changes_the_highlighted_neighbours(app, fraud):
    app.slider(key=state.STEP_K).set_value(5).run()
    assert not app.exception
    assert app.session_state[state.STEP_K] == 5
    links = next(t for t in chart_traces(app) if t.get("name", "").endswith("nearest neighbours of class 'fraud'"))
    assert links["name"] == "5 nearest neighbours of class 'fraud'"
    ends = {(x, y) for x, y in zip(links["x"][1::3], links["y"][1::3])}
    assert ends == {tuple(fraud.points[r]) for r in neighbors_of(fraud, 0, 5)}


def test_a_picked_x_and_neighbour_drive_the_numbers(app, fraud):
    neighbors = neighbors_of(fraud, 4, 3)
    app.session_state[state.STEP_FOCUS] = 4
    app.session_state[state.STEP_NEIGHBOR] = int(neighbors[2])
    app.run()
    assert arithmetic(app) == smote_step(fraud.points[4], fraud.points[neighbors[2]], 0.4).lines()
    # a neighbour that is no longer among the k nearest falls back to the nearest
    app.slider(key=state.STEP_K).set_value(1).run()
    assert arithmetic(app) == smote_step(fraud.points[4], fraud.points[neighbors[0]], 0.4).lines()


def test_random_neighbour_follows_the_seed_and_keep_moves_it_on(app, fraud):
    app.radio(key=state.STEP_PICK).set_value(state.PICK_RANDOM).run()
    app.number_input(key=state.STEP_SEED).set_value(3).run()
    neighbors = neighbors_of(fraud, 0, 3)
    picked = random_neighbor(neighbors, 3)
    assert arithmetic(app) == smote_step(fraud.points[0], fraud.points[picked], 0.4).lines()
    app.button(key=state.STEP_KEEP).click().run()
    assert app.session_state[state.STEP_KEPT] == [{"parent": 0, "neighbor": picked, "lam": 0.4}]
    assert app.session_state[state.STEP_SEED] == 4


def test_keep_then_generate_the_rest_until_balanced(app, fraud):
    app.button(key=state.STEP_KEEP).click().run()
    assert app.session_state[state.STEP_KEPT] == [{"parent": 0, "neighbor": 1, "lam": 0.4}]
    app.button(key=state.STEP_GENERATE).click().run()
    assert not app.exception and not app.error
    made = app.session_state[state.STEP_GENERATED]
    n_maj = len(fraud.majority_rows)
    assert len(made) == n_maj - len(fraud.minority_rows) - 1
    assert f"= {n_maj} of {n_maj}" in app.get("progress")[0].proto.text
    names = [t.get("name") for t in chart_traces(app)]
    assert "kept by you (1)" in names and f"made by SMOTE ({len(made)})" in names
    app.button(key=state.STEP_CLEAR).click().run()
    assert app.session_state[state.STEP_KEPT] == [] and app.session_state[state.STEP_GENERATED] is None


def test_generating_when_balanced_shows_an_error_not_a_traceback(app, fraud):
    app.session_state[state.STEP_KEPT] = [{"parent": 0, "neighbor": 1, "lam": 0.5}] * fraud.n_to_balance
    app.run()
    app.button(key=state.STEP_GENERATE).click().run()
    assert not app.exception
    assert any("already balanced" in e.value and "clear the kept points" in e.value for e in app.error)


def test_switching_dataset_resets_the_picks(app):
    app.button(key=state.STEP_KEEP).click().run()
    app.selectbox(key=state.STEP_DATASET).set_value("arc").run()
    assert not app.exception and not app.error
    assert app.session_state[state.STEP_KEPT] == []
    assert any("cleared: they belong to the other table" in i.value for i in app.info)
    arc = step_data(*load_dataset("arc"))
    first = int(arc.minority_rows[0])
    nearest = neighbors_of(arc, first, 3)[0]
    assert arithmetic(app) == smote_step(arc.points[first], arc.points[nearest], 0.4).lines()


def test_loan_lambda_is_editable(app):
    app.slider(key=state.LOAN_LAM).set_value(0.2).run()
    assert loan_lines(app)[0] == "Income = 30,000 + 0.2 × (35,000 − 30,000) = 31,000"
    assert loan_lines(app)[2] == "Age = 25 + 0.2 × (30 − 25) = 26"


def test_keeping_the_same_point_twice_stores_it_once(app):
    app.button(key=state.STEP_KEEP).click().run()
    app.button(key=state.STEP_KEEP).click().run()
    assert app.session_state[state.STEP_KEPT] == [{"parent": 0, "neighbor": 1, "lam": 0.4}]
    assert any("is kept already" in i.value for i in app.info)


UPLOAD = b"amount,hour,channel,label\n" + b"".join(
    f"{(i * 37) % 500 + (200 if i % 6 == 0 else 0)},{(i * 7) % 24},{'web' if i % 3 else 'shop'},"
    f"{'fraud' if i % 6 == 0 else 'ok'}\n".encode() for i in range(240)
)


def test_the_uploaded_table_steps_in_its_own_units_on_either_axes(app):
    app.session_state[state.DATA_MODE] = state.MODE_UPLOAD
    app.session_state[state.UPLOAD] = {"name": "shop.csv", "bytes": UPLOAD}
    app.selectbox(key=state.STEP_DATASET).set_value(state.STEP_CURRENT).run()
    assert not app.exception and not app.error
    table = pd.read_csv(io.BytesIO(UPLOAD))
    fraud_rows = table.index[table["label"] == "fraud"]
    x_row, nb_row = int(fraud_rows[0]), None
    # PCA axes: the arithmetic is column by column, in the file's units, rows as in the file
    lines = arithmetic(app)
    assert [line.split(" = ")[0] for line in lines] == ["Amount", "Hour"]
    assert lines[0].startswith(f"Amount = {format_number(table.loc[x_row, 'amount'], thousands=True)} + 0.4 × (")
    names = [t.get("name") for t in chart_traces(app)]
    assert "fraud (40)" in names and "ok (200)" in names
    app.button(key=state.STEP_KEEP).click().run()
    kept = app.session_state[state.STEP_KEPT]
    nb_row = kept[0]["neighbor"]
    # two columns: the same X and neighbour, the arithmetic as points; the kept point is still there
    app.radio(key=state.STEP_VIEW).set_value(state.VIEW_COLUMNS).run()
    assert app.selectbox(key=state.STEP_X).value == "amount" and app.selectbox(key=state.STEP_Y).value == "hour"
    assert app.session_state[state.STEP_KEPT] == kept
    expected = smote_step(table.loc[x_row, ["amount", "hour"]], table.loc[nb_row, ["amount", "hour"]], 0.4)
    assert arithmetic(app) == expected.lines()
    kept_trace = next(t for t in chart_traces(app) if t.get("name") == "kept by you (1)")
    assert (kept_trace["x"][0], kept_trace["y"][0]) == pytest.approx(tuple(expected.new))
    # another table: the kept point is cleared, and the page says so
    app.session_state[state.DATA_MODE] = state.MODE_DEMO
    app.run()
    assert app.session_state[state.STEP_KEPT] == []
    assert any("cleared: they belong to the other table" in i.value for i in app.info)


def test_a_thirty_column_upload_writes_out_the_columns_that_move_most(app):
    """Breast-cancer-like data: 30 columns, values down to 0.001, numeric classes 0 and 1."""
    from sklearn.datasets import load_breast_cancer

    table = load_breast_cancer(as_frame=True).frame
    app.session_state[state.DATA_MODE] = state.MODE_UPLOAD
    app.session_state[state.UPLOAD] = {"name": "cancer.csv", "bytes": table.to_csv(index=False).encode()}
    app.selectbox(key=state.STEP_DATASET).set_value(state.STEP_CURRENT).run()
    assert not app.exception and not app.error
    shown = arithmetic(app)
    assert len(shown) == SHOWN_COLUMNS
    other = next(e for e in app.expander if e.label == f"The other {30 - SHOWN_COLUMNS} columns")
    rest = other.code[0].value.splitlines()
    assert len(rest) == 30 - SHOWN_COLUMNS
    names = [line.split(" = ")[0] for line in shown + rest]
    assert sorted(names) == sorted(column_label(c) for c in table.columns if c != "target")
    for line in shown + rest:
        # "Mean radius = 13.08 + 0.4 × (13.61 − 13.08) = 13.292": X and the neighbour never read the same
        x, _, rest_of_line = line.split(" = ", 1)[1].partition(f" + 0.4 {TIMES} (")
        neighbour = rest_of_line.split(" ", 1)[0]
        assert x != neighbour or x == "0", line  # equal only where both hold 0 (some concavities are 0)
        assert f"{MINUS} {MINUS}" not in line and f"+ {MINUS}" not in line
    captions = [c.value for c in app.caption]
    assert any(f"The {SHOWN_COLUMNS} columns where X and the neighbour lie furthest apart" in c for c in captions)
    # numeric class labels read as classes: "the new row of class 0", not "the new 0 row"
    assert any("the new row of class 0 sits 40 % of the way" in c for c in captions)
    assert any("Click a point of class 0 to make it X" in c for c in captions)

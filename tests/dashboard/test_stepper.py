"""The step-by-step page's logic: the article's two worked examples, clicks, seeds, and SMOTE's provenance."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard import stepper
from dashboard.stepper import (
    Click,
    column_steps,
    format_number,
    generate_rest,
    kept_points,
    neighbors_of,
    random_neighbor,
    resolve_click,
    smote_step,
    step_data,
    synthetic_points,
)
from smote_core.datasets import FRAUD_FOCUS, FRAUD_NEIGHBORS, load_dataset

LOAN_A = {"income": 30_000, "loan_amount": 15_000, "age": 25}
LOAN_B = {"income": 35_000, "loan_amount": 20_000, "age": 30}


@pytest.fixture(scope="module")
def fraud():
    return step_data(*load_dataset("fraud"))


def row_of(data, point):
    return int(np.flatnonzero((data.points == np.asarray(point)).all(axis=1))[0])


# --------------------------------------------------------------------------- the article's examples

def test_fraud_arithmetic_is_the_articles():
    step = smote_step((120, 280), (160, 230), 0.4)
    assert step.lines() == [
        "(120, 280) + 0.4 × ((160, 230) − (120, 280))",
        "= (120, 280) + 0.4 × (40, −50)",
        "= (120 + 16, 280 − 20)",
        "= (136, 260)",
    ]
    assert step.text() == (
        "(120, 280) + 0.4 × ((160, 230) − (120, 280)) = (120, 280) + 0.4 × (40, −50) "
        "= (120 + 16, 280 − 20) = (136, 260)"
    )
    np.testing.assert_allclose(step.new, [136, 260])


def test_fraud_example_neighbours_come_from_smote_core(fraud):
    x_row = row_of(fraud, FRAUD_FOCUS)
    found = neighbors_of(fraud, x_row, 3)
    # the article's three neighbours, nearest first
    assert [tuple(fraud.points[r]) for r in found] == list(FRAUD_NEIGHBORS)
    assert set(found) <= set(fraud.minority_rows)


def test_loan_example_is_the_articles():
    steps = column_steps(LOAN_A, LOAN_B, 0.6, integer_columns=["income", "loan_amount", "age"])
    assert [s.stored for s in steps] == [33_000, 18_000, 28]
    assert [s.text() for s in steps] == [
        "Income = 30,000 + 0.6 × (35,000 − 30,000) = 33,000",
        "Loan amount = 15,000 + 0.6 × (20,000 − 15,000) = 18,000",
        "Age = 25 + 0.6 × (30 − 25) = 28",
    ]


def test_loan_rows_in_the_dataset_are_a_and_b():
    frame, target = load_dataset("loan")
    features = [c for c in frame.columns if c != target]
    assert frame.loc[0, features].to_dict() == LOAN_A
    assert frame.loc[1, features].to_dict() == LOAN_B


def test_loan_integer_column_is_rounded_and_says_so():
    age = column_steps(LOAN_A, LOAN_B, 0.55, integer_columns=["age"])[2]
    assert age.exact == pytest.approx(27.75)
    assert age.stored == 28
    assert age.text() == "Age = 25 + 0.55 × (30 − 25) = 27.75 → 28 (whole-number column, rounded)"
    income = column_steps(LOAN_A, LOAN_B, 0.55)[0]
    assert income.stored == pytest.approx(32_750) and "→" not in income.text()
    charge = column_steps({"charge": 104.35}, {"charge": 105.21}, 0.4)[0]  # not a whole-number column
    assert charge.text() == "Charge = 104.35 + 0.4 × (105.21 − 104.35) = 104.694"  # the offset 0.344 to 3 digits


# --------------------------------------------------------------------------- formatting and checks

@pytest.mark.parametrize("value, text", [
    (16.000000000000004, "16"), (-50, "−50"), (-0.001, "0"), (0.4, "0.4"), (21.5, "21.5"), (2.345, "2.35"),
])
def test_format_number(value, text):
    assert format_number(value) == text


def test_format_number_thousands():
    assert format_number(33000, thousands=True) == "33,000"
    assert format_number(-1234.5, thousands=True) == "−1,234.5"


def test_small_values_are_written_with_enough_digits_to_read_true():
    # rounded to two decimals this read "0.01 + 0.4 × (0.01 − 0.01) = 0.01"
    line = column_steps({"concavity": 0.0123}, {"concavity": 0.0141}, 0.4)[0].text()
    assert line == "Concavity = 0.0123 + 0.4 × (0.0141 − 0.0123) = 0.01302"
    step = smote_step((0.0123, 250.5), (0.0141, 250.1), 0.5)
    assert step.lines() == [
        "(0.0123, 250.5) + 0.5 × ((0.0141, 250.1) − (0.0123, 250.5))",
        "= (0.0123, 250.5) + 0.5 × (0.0018, −0.4)",
        "= (0.0123 + 0.0009, 250.5 − 0.2)",
        "= (0.0132, 250.3)",
    ]


def test_signs_are_written_once():
    assert [stepper.term(v) for v in (1.95, -1.95, 0)] == ["+ 1.95", "− 1.95", "+ 0"]
    assert [stepper.term(v, subtract=True) for v in (1.95, -1.95, 0)] == ["− 1.95", "+ 1.95", "− 0"]
    assert stepper.term(-1234.5, thousands=True, subtract=True) == "+ 1,234.5"
    # X is negative: the neighbour minus X is written "3 + 1.95", not "3 − −1.95"
    assert column_steps({"v": -1.95}, {"v": 3}, 0.5)[0].text() == "V = −1.95 + 0.5 × (3 + 1.95) = 0.525"
    assert column_steps({"v": 3}, {"v": -1.95}, 0.5)[0].text() == "V = 3 + 0.5 × (−1.95 − 3) = 0.525"
    assert smote_step((-1.95, 2), (1, -3), 0.5).lines()[2] == "= (−1.95 + 1.475, 2 − 2.5)"


magnitude = st.floats(1e-4, 1e5, allow_nan=False)


@given(magnitude, st.booleans(), st.floats(-1, 1).filter(lambda f: abs(f) > 1e-3), st.integers(1, 100))
def test_written_arithmetic_reads_true(size, negative, relative_gap, percent):
    """Whatever the scale, a value and its neighbour never read the same, the new value differs from X,
    no sign is written twice, and the equation as written holds to its last written digit (λ as the
    page's slider sets it, in steps of 0.01)."""
    lam = percent / 100
    a = -size if negative else size
    b = a + relative_gap * size
    step = column_steps({"c": a}, {"c": b}, lam)[0]
    text = step.text()
    assert "− −" not in text and "+ −" not in text
    expression, result = text.split(" = ", 1)[1].rsplit(" = ", 1)
    written_a, rest = expression.split(" + ", 1)
    written_b = rest.split("(", 1)[1].split(" ", 1)[0]
    assert written_b != written_a.lstrip("−") and result != written_a

    def number(s):
        return float(s.replace(stepper.MINUS, "-").replace(",", ""))

    python = expression.replace(stepper.MINUS, "-").replace(stepper.TIMES, "*").replace(",", "")
    unit = 10.0 ** -step.decimals
    assert eval(python) == pytest.approx(number(result), abs=1.01 * unit + 1e-12 * size)  # noqa: S307


@pytest.mark.parametrize("lam", [-0.1, 1.01, float("nan"), "abc", None])
def test_bad_lambda_says_the_range(lam):
    with pytest.raises(ValueError, match=r"between 0 and 1|\[0, 1\]"):
        smote_step((0, 0), (1, 1), lam)


def test_mismatched_points_and_nan_are_refused():
    with pytest.raises(ValueError, match="same table"):
        smote_step((1, 2), (1, 2, 3), 0.5)
    with pytest.raises(ValueError, match="NaN"):
        smote_step((np.nan, 2), (1, 2), 0.5)
    with pytest.raises(ValueError, match="different columns"):
        column_steps({"a": 1}, {"b": 2}, 0.5)


finite = st.floats(-1e6, 1e6, allow_nan=False)


@given(st.tuples(finite, finite), st.tuples(finite, finite), st.floats(0, 1))
def test_new_point_lies_on_the_segment(x, nb, lam):
    step = smote_step(x, nb, lam)
    lo, hi = np.minimum(x, nb), np.maximum(x, nb)
    tol = 1e-9 * (1 + np.abs(hi))
    assert np.all(step.new >= lo - tol) and np.all(step.new <= hi + tol)
    np.testing.assert_allclose(step.new, np.asarray(x) + lam * (np.asarray(nb) - np.asarray(x)))
    assert step.lines()[-1] == f"= {stepper.format_point(step.new, step.decimals)}"


def test_lambda_ends_are_x_and_the_neighbour():
    np.testing.assert_allclose(smote_step((3, 4), (7, -2), 0).new, [3, 4])
    np.testing.assert_allclose(smote_step((3, 4), (7, -2), 1).new, [7, -2])


# --------------------------------------------------------------------------- data checks

@pytest.mark.parametrize("frame, message", [
    (pd.DataFrame({"a": [1.0, 2, 3], "b": [1.0, 2, 3], "y": ["p", "p", "p"]}), "exactly two classes"),
    (pd.DataFrame({"a": [1.0, 2, 3], "b": [1.0, 2, 3], "y": ["p", "q", "r"]}), "exactly two classes"),
    (pd.DataFrame({"a": [1.0, 2, 3], "b": ["u", "v", "w"], "y": ["p", "q", "q"]}), "two numeric"),
    (pd.DataFrame({"a": [1.0, np.nan, 3], "b": [1.0, 2, 3], "y": ["p", "q", "q"]}), "missing"),
    (pd.DataFrame({"a": [1.0, 2, 3], "b": [1.0, 2, 3], "y": ["p", "q", "q"]}), "lower k"),
])
def test_step_data_refuses_what_the_page_cannot_show(frame, message):
    with pytest.raises(ValueError, match=message):
        step_data(frame, "y")


def test_step_data_missing_target():
    with pytest.raises(ValueError, match="not in the table"):
        step_data(pd.DataFrame({"a": [1.0]}), "y")


def test_k_too_large_and_x_not_minority(fraud):
    with pytest.raises(ValueError, match="lower k"):
        neighbors_of(fraud, int(fraud.minority_rows[0]), len(fraud.minority_rows))
    with pytest.raises(ValueError, match="not of class 'fraud'"):
        neighbors_of(fraud, int(fraud.majority_rows[0]), 3)


# --------------------------------------------------------------------------- clicks and seeds

def test_resolve_click():
    def pt(group, row):
        return {"legendgroup": group, "customdata": row, "curve_number": 0, "x": 0, "y": 0}

    neighbors = [1, 2, 3]
    assert resolve_click([pt("minority", 4)], 0, neighbors) == Click("focus", 4)
    assert resolve_click([pt("minority", 2)], 0, neighbors) == Click("neighbor", 2)
    assert resolve_click([pt("minority", 0)], 0, neighbors) == Click("none", 0)
    assert resolve_click([pt("majority", 30)], 0, neighbors) == Click("majority", 30)
    assert resolve_click([pt("synthetic", [5, 6, 0.3])], 0, neighbors) == Click("synthetic", 5)
    assert resolve_click([], 0, neighbors) == Click("none")
    assert resolve_click([{"legendgroup": None, "x": 1, "y": 2}], 0, neighbors) == Click("none")


def test_random_neighbor_is_seeded_and_uniform():
    neighbors = [11, 12, 13, 14]
    assert random_neighbor(neighbors, 7) == random_neighbor(neighbors, 7)
    drawn = [random_neighbor(neighbors, seed) for seed in range(400)]
    assert set(drawn) == set(neighbors)
    assert max(drawn.count(n) for n in neighbors) < 150  # about 100 each
    with pytest.raises(ValueError, match="raise k"):
        random_neighbor([], 0)


# --------------------------------------------------------------------------- kept and generated points

def test_kept_points_are_recomputed_from_provenance(fraud):
    kept = kept_points(fraud, [{"parent": 0, "neighbor": 1, "lam": 0.4}, {"parent": 4, "neighbor": 2, "lam": 1.0}])
    assert list(kept.columns) == list(stepper.SYNTHETIC_COLUMNS)
    np.testing.assert_allclose(kept[["x", "y"]].to_numpy(), [[136, 260], fraud.points[2]])
    assert kept_points(fraud, []).empty


@pytest.mark.parametrize("k, seed, n_kept", [(3, 0, 0), (5, 42, 2)])
def test_generate_rest_balances_through_smote_with_provenance(fraud, k, seed, n_kept):
    made = generate_rest(fraud, n_kept, k, seed)
    assert len(made) == fraud.n_to_balance - n_kept
    pts = fraud.points
    parent, neighbor, lam = made["parent"].to_numpy(), made["neighbor"].to_numpy(), made["lam"].to_numpy()
    np.testing.assert_allclose(made[["x", "y"]].to_numpy(), pts[parent] + lam[:, None] * (pts[neighbor] - pts[parent]))
    assert ((lam >= 0) & (lam < 1)).all()
    for p, n in zip(parent, neighbor):
        assert n in neighbors_of(fraud, p, k)
    pd.testing.assert_frame_equal(made, generate_rest(fraud, n_kept, k, seed))


def test_generate_rest_when_already_balanced(fraud):
    with pytest.raises(ValueError, match="already balanced"):
        generate_rest(fraud, fraud.n_to_balance, 3, 0)


def test_synthetic_points_stacks_kept_then_generated(fraud):
    made = generate_rest(fraud, 1, 3, 0)
    both = synthetic_points(fraud, [{"parent": 0, "neighbor": 1, "lam": 0.4}], made)
    assert both["source"].tolist() == ["kept"] + ["SMOTE"] * len(made)
    assert len(synthetic_points(fraud, [], made)) == len(made)
    assert synthetic_points(fraud, [], None).empty

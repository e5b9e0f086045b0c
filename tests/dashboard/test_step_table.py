"""The user's table on the step-by-step page: two classes, a drawn sample, two columns or PCA axes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashboard import step_table, stepper, tabular


def _prepared(n_rows: int, classes=("a", "b"), shares=(0.9, 0.1)) -> tabular.Prepared:
    rng = np.random.RandomState(0)
    frame = pd.DataFrame({"income": rng.normal(50_000, 9_000, n_rows), "age": rng.randint(18, 80, n_rows),
                          "score": rng.uniform(size=n_rows),
                          "label": rng.choice(list(classes), size=n_rows, p=list(shares))})
    return tabular.prepare(tabular.Source("t", "t.csv", frame, default_target="label"), "label")


def test_a_large_table_is_drawn_as_a_stratified_sample_that_says_so():
    data = step_table.step_table(_prepared(30_000), max_rows=2000)
    assert len(data.frame) == 2000
    share = len(data.minority_rows) / len(data.frame)
    assert share == pytest.approx(0.1, abs=0.01)
    assert data.notes == ("A stratified sample of 2,000 of the 30,000 rows is drawn (each class keeps its share); "
                          "the Resample page resamples every row.",)


def test_more_than_two_classes_show_the_smallest_and_the_largest():
    data = step_table.step_table(_prepared(600, ("a", "b", "c"), (0.6, 0.3, 0.1)))
    assert (data.minority, data.majority) == ("c", "a")
    assert set(data.frame["label"]) == {"a", "c"}
    assert "the other 1 class(es) are left out" in data.notes[0]


def test_pca_axes_draw_a_projection_and_the_arithmetic_stays_in_the_columns():
    data = step_table.step_table(_prepared(400))
    assert data.features[0].startswith("PC1 (") and data.value_columns == ("income", "age", "score")
    assert not data.drawn_in_units and data.scaled
    # neighbours are measured on standardised columns: income's unit does not decide them
    x = int(data.minority_rows[0])
    nearest = stepper.neighbors_of(data, x, 1)[0]
    space = data.search_space[data.minority_rows]
    distances = np.hypot.reduce(space - data.search_space[x], axis=1)
    assert distances[np.flatnonzero(data.minority_rows == nearest)[0]] == np.sort(distances)[1]
    # "generate the rest" runs SMOTE on the columns, neighbours on the standardised ones
    made = stepper.generate_rest(data, 0, 3, seed=0)
    assert len(made) == data.n_to_balance


def test_two_columns_and_bad_choices():
    data = step_table.step_table(_prepared(400), view=("age", "income"))
    assert data.features == ("age", "income") and data.drawn_in_units
    with pytest.raises(ValueError, match="two different numeric columns"):
        step_table.step_table(_prepared(400), view=("age", "age"))
    with pytest.raises(ValueError, match="two different numeric columns"):
        step_table.step_table(_prepared(400), view=("age", "label"))


def _wide(n_rows: int = 300, n_columns: int = 30) -> tabular.Prepared:
    """A 30-column table whose columns live on very different scales (0.001 to 10,000), one of them integer."""
    rng = np.random.RandomState(1)
    scales = np.logspace(-3, 4, n_columns)
    frame = pd.DataFrame(rng.normal(1.0, 0.3, (n_rows, n_columns)) * scales,
                         columns=[f"c{i:02d}" for i in range(n_columns)])
    frame["c29"] = np.rint(frame["c29"]).astype(int)
    frame["label"] = np.where(np.arange(n_rows) % 5 == 0, 1, 0)
    return tabular.prepare(tabular.Source("w", "w.csv", frame, default_target="label"), "label")


def test_a_wide_table_writes_out_the_columns_that_move_most_and_keeps_the_rest():
    data = step_table.step_table(_wide())
    x = int(data.minority_rows[0])
    neighbor = int(stepper.neighbors_of(data, x, 1)[0])
    shown, rest = stepper.column_arithmetic(data, x, neighbor, 0.4)
    assert len(shown) == stepper.SHOWN_COLUMNS and len(rest) == 30 - stepper.SHOWN_COLUMNS
    # the shown columns are those where X and the neighbour lie furthest apart in standard deviations
    apart = dict(zip(data.value_columns, np.abs(data.search_space[neighbor] - data.search_space[x])))
    assert [s.column for s in shown] == sorted(apart, key=apart.get, reverse=True)[: len(shown)]
    # the others follow in table order, and every column is there once, in its own units
    assert [s.column for s in rest] == [c for c in data.value_columns if c not in {s.column for s in shown}]
    for s in shown + rest:
        assert (s.a, s.b) == (data.frame.loc[x, s.column], data.frame.loc[neighbor, s.column])
        assert s.integer == (s.column == "c29") and s.lam == 0.4


def test_a_narrow_table_writes_out_every_column():
    data = step_table.step_table(_prepared(400))
    shown, rest = stepper.column_arithmetic(data, int(data.minority_rows[0]), int(data.minority_rows[1]), 0.5)
    assert [s.column for s in shown] == ["income", "age", "score"] and rest == []

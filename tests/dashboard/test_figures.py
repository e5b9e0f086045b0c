"""Figure builders: the traces a person sees, their colours, hover text and what a click can reach."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashboard import figures
from dashboard.stepper import (
    MAJORITY_GROUP,
    MINORITY_GROUP,
    SYNTHETIC_GROUP,
    column_steps,
    generate_rest,
    neighbors_of,
    smote_step,
    step_data,
    synthetic_points,
)
from smote_core.datasets import load_dataset


@pytest.fixture(scope="module")
def fraud():
    return step_data(*load_dataset("fraud"))


@pytest.fixture(scope="module")
def article_figure(fraud):
    focus = 0
    neighbors = neighbors_of(fraud, focus, 3)
    chosen = int(neighbors[0])
    new = smote_step(fraud.points[focus], fraud.points[chosen], 0.4).new
    return figures.step_scatter(fraud, focus=focus, neighbors=neighbors, chosen=chosen, new_point=new)


def by_name(fig, start):
    found = [t for t in fig.data if t.name and t.name.startswith(start)]
    assert len(found) == 1, [t.name for t in fig.data]
    return found[0]


def test_classes_are_clickable_with_rows_and_hover(fraud, article_figure):
    majority = by_name(article_figure, "legit")
    minority = by_name(article_figure, "fraud (10)")
    assert majority.legendgroup == MAJORITY_GROUP and minority.legendgroup == MINORITY_GROUP
    assert list(minority.customdata) == list(fraud.minority_rows)
    assert list(majority.customdata) == list(fraud.majority_rows)
    np.testing.assert_array_equal(np.column_stack([minority.x, minority.y]), fraud.points[fraud.minority_rows])
    assert minority.marker.color == figures.COLORS["minority"]
    assert majority.marker.color == figures.COLORS["majority"]
    for trace in (minority, majority):
        assert "row %{customdata}" in trace.hovertemplate
        assert "Transaction amount" in trace.hovertemplate and "Time of day" in trace.hovertemplate
        # a click must not fade the other points
        assert trace.unselected.marker.opacity == trace.marker.opacity


def test_article_neighbours_segment_and_new_point(article_figure):
    links = by_name(article_figure, "3 nearest neighbours of class 'fraud'")
    xs, ys = np.array(links.x, dtype=float), np.array(links.y, dtype=float)
    # three X -> neighbour segments separated by gaps
    assert np.isnan(xs[2::3]).all() and len(xs) == 9
    assert list(zip(xs[0::3], ys[0::3])) == [(120, 280)] * 3
    assert list(zip(xs[1::3], ys[1::3])) == [(160, 230), (190, 300), (140, 190)]
    chosen = by_name(article_figure, "chosen neighbour")
    assert (chosen.x[0], chosen.y[0]) == (160, 230)
    x = by_name(article_figure, "X")
    assert (x.x[0], x.y[0]) == (120, 280)
    new = by_name(article_figure, "new point")
    assert (new.x[0], new.y[0]) == pytest.approx((136, 260))
    assert new.marker.symbol == "star" and new.marker.color == figures.COLORS["new"]
    texts = [a.text for a in article_figure.layout.annotations]
    assert texts == ["<b>X</b> (120, 280)", "neighbour (160, 230)", "<b>new</b> (136, 260)"]


def test_overlays_let_clicks_through(article_figure):
    clickable = {MAJORITY_GROUP, MINORITY_GROUP, SYNTHETIC_GROUP}
    for trace in article_figure.data:
        if trace.legendgroup not in clickable and trace.name != "new point":
            assert trace.hoverinfo == "skip", trace.name


def test_each_axis_fits_its_data(fraud, article_figure):
    layout = article_figure.layout
    assert layout.yaxis.scaleanchor is None  # one scale for both squashed the arc into a strip
    for axis, values in ((layout.xaxis, fraud.points[:, 0]), (layout.yaxis, fraud.points[:, 1])):
        low, high = axis.range
        span = values.max() - values.min()
        assert low < values.min() and high > values.max() and high - low < 1.2 * span
    assert layout.xaxis.title.text == "Transaction amount"


def test_arc_axes_are_not_a_strip():
    arc = step_data(*load_dataset("arc"))
    fig = figures.step_scatter(arc, focus=int(arc.minority_rows[0]))
    spans = [fig.layout.xaxis.range[1] - fig.layout.xaxis.range[0], fig.layout.yaxis.range[1] - fig.layout.yaxis.range[0]]
    data = np.ptp(arc.points, axis=0)
    np.testing.assert_allclose(spans, 1.12 * data)


def test_without_x_only_the_classes_are_drawn(fraud):
    fig = figures.step_scatter(fraud)
    assert [t.legendgroup for t in fig.data] == [MAJORITY_GROUP, MINORITY_GROUP]
    assert not fig.layout.annotations


def test_synthetic_points_carry_provenance(fraud):
    made = generate_rest(fraud, 1, 3, 0)
    synthetic = synthetic_points(fraud, [{"parent": 0, "neighbor": 1, "lam": 0.4}], made)
    fig = figures.step_scatter(fraud, synthetic=synthetic)
    kept = by_name(fig, "kept by you (1)")
    smote = by_name(fig, f"made by SMOTE ({len(made)})")
    assert kept.legendgroup == smote.legendgroup == SYNTHETIC_GROUP
    assert kept.marker.color == figures.COLORS["kept"] and smote.marker.color == figures.COLORS["generated"]
    np.testing.assert_allclose(np.asarray(smote.customdata, dtype=float),
                               made[["parent", "neighbor", "lam"]].to_numpy(dtype=float))
    np.testing.assert_allclose(smote.x, made["x"])
    assert "parent row %{customdata[0]" in smote.hovertemplate and "λ = %{customdata[2]" in smote.hovertemplate
    assert (kept.x[0], kept.y[0]) == pytest.approx((136, 260))


def test_labels_face_away_from_the_segment(fraud):
    fig = figures.step_scatter(fraud, focus=0, neighbors=[1], chosen=1, new_point=(136, 260))
    x_label, nb_label, new_label = fig.layout.annotations
    # on the screen: each axis divided by its range
    spans = np.array([np.ptp(fig.layout.xaxis.range), np.ptp(fig.layout.yaxis.range)])
    direction = np.array([40, -50]) / spans
    direction /= np.hypot(*direction)
    # screen y grows downwards: a label pushed away from the neighbour has ay of the opposite sign
    assert np.sign(x_label.ax) == -np.sign(direction[0]) and np.sign(x_label.ay) == np.sign(direction[1])
    assert np.sign(nb_label.ax) == np.sign(direction[0]) and np.sign(nb_label.ay) == -np.sign(direction[1])
    # the new point's label goes sideways: perpendicular to the segment
    assert new_label.ax * direction[0] + (-new_label.ay) * direction[1] == pytest.approx(0, abs=1e-9)


def test_point_labels_write_coordinates_as_the_arithmetic_does():
    frame = pd.DataFrame({"a": [0.0123, 0.0141, 0.02, 0.5, 0.6, 0.7, 0.8], "b": [1.5, 1.25, 1.0, 3.0, 3.5, 4.0, 4.5],
                          "y": [1, 1, 1, 0, 0, 0, 0]})
    data = step_data(frame, "y")
    step = smote_step(data.points[0], data.points[1], 0.4)
    fig = figures.step_scatter(data, focus=0, neighbors=[1], chosen=1, new_point=step.new)
    texts = [a.text for a in fig.layout.annotations]
    assert texts == ["<b>X</b> (0.0123, 1.5)", "neighbour (0.0141, 1.25)", "<b>new</b> (0.01302, 1.4)"]
    assert step.lines()[-1] == "= (0.01302, 1.4)"


def test_column_segments_show_a_b_and_new_value():
    steps = column_steps({"income": 30_000, "loan_amount": 15_000, "age": 25},
                         {"income": 35_000, "loan_amount": 20_000, "age": 30}, 0.6, ["age"])
    fig = figures.column_segments(steps)
    new = [t for t in fig.data if t.name == "new row"]
    real = [t for t in fig.data if t.name == "A and B (real defaulters)"]
    assert [t.x[0] for t in new] == pytest.approx([33_000, 18_000, 28])
    assert [list(t.text) for t in new] == [["33,000"], ["18,000"], ["28"]]
    assert [tuple(t.x) for t in real] == [(30_000, 35_000), (15_000, 20_000), (25, 30)]
    assert all(t.marker.color == figures.COLORS["minority"] for t in real)
    assert [a.text for a in fig.layout.annotations] == ["Income", "Loan amount", "Age"]
    assert sum(t.showlegend is not False for t in new) == 1


def test_real_minority_points_are_drawn_above_synthetic_ones(fraud):
    synthetic = synthetic_points(fraud, [], generate_rest(fraud, 0, 3, 0))
    fig = figures.step_scatter(fraud, focus=0, neighbors=[1, 2, 3], chosen=1, synthetic=synthetic)
    groups = [t.legendgroup for t in fig.data]
    assert groups.index(SYNTHETIC_GROUP) < groups.index(MINORITY_GROUP)


def test_mean_ranks_put_dots_at_the_ranks_and_a_bar_of_the_critical_difference():
    ranks = pd.Series({"prowsyn": 2.1, "none": 3.0, "smote": 4.4, "class_weight": 5.5})
    labels = {"prowsyn": "ProWSyn", "none": "No resampling", "smote": "SMOTE", "class_weight": "Class weights"}
    fig = figures.mean_ranks(ranks, labels, 1.5, highlight={"smote", "none"})
    bar = by_name(fig, "critical difference")
    assert list(bar.base) == [2.1] and list(bar.x) == [1.5] and list(bar.y) == ["ProWSyn"]
    yours, others = by_name(fig, "yours"), by_name(fig, "others")
    assert dict(zip(yours.y, yours.x)) == {"No resampling": 3.0, "SMOTE": 4.4}
    assert dict(zip(others.y, others.x)) == {"ProWSyn": 2.1, "Class weights": 5.5}
    assert yours.marker.color == figures.COLORS["technique"] != others.marker.color
    assert list(fig.layout.yaxis.categoryarray) == ["Class weights", "SMOTE", "No resampling", "ProWSyn"]  # best on top
    assert [t.name for t in figures.mean_ranks(ranks, labels, 1.5).data] == ["critical difference (1.50)", "others"]
    with pytest.raises(ValueError, match="positive critical difference"):
        figures.mean_ranks(ranks, labels, 0.0)

"""Figures of the Data & advice, Resample and Compare pages: traces, colours, hover data, the highlighted path."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from dashboard import comparing, figures, resampling, tabular
from dashboard.figures import COLORS
from dashboard.params import build_params, default_values
from smote_core.advisor import advise
from smote_core.candidates import BASELINES
from smote_core.tree import tree_layout
from smote_core.walk import walk


def prepared_demo(name: str) -> tabular.Prepared:
    source = tabular.demo_source(name)
    return tabular.prepare(source, source.default_target)


def run(prepared, technique):
    form = default_values(technique, prepared.smallest_class)
    return resampling.run_technique(prepared, technique, build_params(technique, form, 0), 0)


def named(fig, name):
    found = [t for t in fig.data if t.name == name]
    assert len(found) == 1, [t.name for t in fig.data]
    return found[0]


@pytest.fixture(scope="module")
def arc():
    return prepared_demo("arc")


@pytest.fixture(scope="module")
def arc_view(arc):
    result = run(arc, "borderline-smote")
    projector = resampling.fit_projector(arc)
    return result, projector, *resampling.before_after_points(arc, result, projector)


def test_class_balance_bars_are_coloured_and_labelled():
    fig = figures.class_balance({"no": 90, "yes": 10})
    bar = fig.data[0]
    assert list(bar.y) == ["yes", "no"] and list(bar.x) == [10, 90]
    assert list(bar.marker.color) == [COLORS["minority"], COLORS["majority"]]
    assert list(bar.text) == ["10 (10.0%)", "90 (90.0%)"]


def test_class_colours_for_several_classes():
    colors = figures.class_colors({"a": 50, "b": 5, "c": 20})
    assert colors["a"] == COLORS["majority"] and colors["b"] == COLORS["minority"]
    assert colors["c"] not in (COLORS["majority"], COLORS["minority"])


@pytest.fixture(scope="module")
def arc_advice(arc):
    return advise(arc.table, arc.target)


def test_tree_highlights_the_taken_path_and_fills_its_leaf(arc, arc_advice):
    advice = walk(arc_advice.profile, {"noise": "heavily"})
    layout = tree_layout()
    fig = figures.decision_tree(layout, advice.path_node_ids, advice.path_edge_ids, {"noise": "the evidence"})
    edges = {t.meta: t for t in fig.data if t.meta}
    assert set(edges) == {e["id"] for e in layout["edges"]}
    for edge_id, trace in edges.items():
        on_path = edge_id in advice.path_edge_ids
        assert trace.line.color == (COLORS["path"] if on_path else COLORS["off_path"])
        assert trace.line.width == (5 if on_path else 1.5)
    boxes = {a.name: a for a in fig.layout.annotations if a.name and a.name.startswith("node ")}
    assert boxes["node adasyn"].bgcolor == COLORS["path"]
    assert all(box.bgcolor == "white" for name, box in boxes.items() if name != "node adasyn")
    assert "<b>" in boxes["node noise"].text and "<b>" not in boxes["node smote-enn"].text
    hover = named(fig, "nodes")
    texts = dict(zip(hover.customdata, hover.text))
    assert texts["noise"] == "the evidence" and texts["cleaner"] == "not asked on this path"
    assert not [name for name in boxes if name.endswith(" checked")]  # nothing checked, nothing marked


def test_tree_marks_the_leaf_of_the_checked_recommendation(arc_advice):
    layout = tree_layout()
    path = arc_advice.path_node_ids, arc_advice.path_edge_ids

    def boxes(checked):
        fig = figures.decision_tree(layout, *path, checked=checked)
        return {a.name: a for a in fig.layout.annotations if a.name and a.name.startswith("node ")}

    leaf = arc_advice.technique  # the check confirms the tree's own leaf: filled, and framed in green
    own = boxes(leaf)[f"node {leaf} checked"]
    assert own.bordercolor == COLORS["checked"] and own.bgcolor == COLORS["path"]
    assert own.text.endswith("<br><b>✓ checked on your data</b>")
    other = boxes("adasyn")  # the check prefers another leaf: that one is framed, the tree's stays filled
    assert other["node adasyn checked"].text.endswith("<br><b>✓ checked: do this</b>")
    assert other["node adasyn checked"].bgcolor == "white" and other[f"node {leaf}"].bgcolor == COLORS["path"]
    for not_a_leaf in ("none", "threshold", "class_weight", "smote+threshold"):  # not resampling: no leaf to mark
        marked = [name for name in boxes(not_a_leaf) if name.endswith(" checked")]
        assert marked == [], (not_a_leaf, marked)


def test_before_after_marks_synthetic_rows_with_their_provenance(arc, arc_view):
    result, projector, before, after = arc_view
    fig = figures.before_after(before, after, arc.counts, x_label=projector.x_label, y_label=projector.y_label,
                               counts_after=result.counts())
    synthetic = named(fig, "synthetic minority")
    assert synthetic.legendgroup == resampling.SYNTHETIC_GROUP and synthetic.marker.symbol == "diamond"
    assert synthetic.marker.color == COLORS["synthetic"] and synthetic.xaxis == "x2"
    data = np.asarray(synthetic.customdata, dtype=float)
    prov = result.provenance
    np.testing.assert_array_equal(data[:, 0], prov["row"])
    np.testing.assert_array_equal(data[:, 1:3], prov[["parent", "neighbor"]])
    np.testing.assert_allclose(data[:, 3], prov["lam"])
    assert "parent row %{customdata[1]}" in synthetic.hovertemplate and "λ = %{customdata[3]" in synthetic.hovertemplate
    # the hover names the class as a sentence does: "synthetic, class 'minority'" (a numeric class: "class 1")
    assert synthetic.meta == "'minority'" and "<b>synthetic, class %{meta}</b>" in synthetic.hovertemplate
    originals = [t for t in fig.data if t.name == "minority"]
    assert [t.xaxis for t in originals] == ["x", "x2"]
    assert all(t.marker.color == COLORS["minority"] for t in originals)
    # real minority rows are drawn above the synthetic ones
    assert list(fig.data).index(originals[1]) > list(fig.data).index(synthetic)
    titles = [a.text for a in fig.layout.annotations]
    assert titles == ["Before: 300 rows", "After: 540 rows"]


def test_a_selected_row_draws_its_parent_neighbour_segment(arc, arc_view):
    result, projector, before, after = arc_view
    record = result.provenance.iloc[0]
    seg = resampling.segment(arc, projector, record["parent"], record["neighbor"])
    point = projector.transform(result.X_res.iloc[[int(record["row"])]])[0]
    fig = figures.before_after(before, after, arc.counts, x_label="a", y_label="b", segment=seg, selected=point)
    line = named(fig, "parent → neighbour")
    np.testing.assert_allclose(np.column_stack([line.x, line.y]), seg)
    assert line.xaxis == "x2" and "text" not in line.mode  # named by labels set off the line, not on it
    star = named(fig, "selected synthetic row")
    assert (star.x[0], star.y[0]) == pytest.approx(tuple(point)) and star.marker.symbol == "star"
    labels = {a.text: a for a in fig.layout.annotations if a.text in ("parent", "neighbour")}
    np.testing.assert_allclose([(labels[t].x, labels[t].y) for t in ("parent", "neighbour")], seg)
    assert {(a.xref, a.yref) for a in labels.values()} == {("x2", "y2")}


def _ends_and_star(lam: float, angle: float) -> tuple[np.ndarray, np.ndarray]:
    parent = np.array([1.0, 2.0])
    neighbor = parent + 0.8 * np.array([np.cos(angle), np.sin(angle)])
    return np.vstack([parent, neighbor]), parent + lam * (neighbor - parent)


@pytest.mark.parametrize("lam", [0.0, 0.1, 0.5, 0.9, 1.0, -0.4])  # -0.4: SVM-SMOTE steps outwards
@pytest.mark.parametrize("angle", np.linspace(0, 2 * np.pi, 8, endpoint=False))
def test_parent_and_neighbour_labels_never_cover_the_selected_star(arc, arc_view, lam, angle):
    _, _, before, after = arc_view
    seg, star = _ends_and_star(lam, angle)
    fig = figures.before_after(before, after, arc.counts, x_label="a", y_label="b", segment=seg, selected=star)
    spans = np.array([np.ptp(np.r_[before["x"], after["x"]]), np.ptp(np.r_[before["y"], after["y"]])])
    labels = [a for a in fig.layout.annotations if a.text in ("parent", "neighbour")]
    assert [a.text for a in labels] == ["parent", "neighbour"]
    for label, end, other in zip(labels, seg, seg[::-1]):
        offset = np.array([label.ax, -label.ay])  # pixels, screen y up
        assert np.hypot(*offset) >= 40  # the box sits well clear of its point
        # on the screen, the box lies on the far side of its point from the star (from the other end when
        # the star sits on this end)
        reference = star if np.hypot(*(end - star)) > 1e-12 else other
        assert offset @ ((end - reference) / spans) > 0
        # anchored on the side facing its point, so the box grows away from it
        assert label.xanchor == ("left" if offset[0] > 0.3 * 45 else "right" if offset[0] < -0.3 * 45 else "center")
        assert label.yanchor == ("bottom" if offset[1] > 0.3 * 45 else "top" if offset[1] < -0.3 * 45 else "middle")


def test_labels_of_a_segment_of_one_point_go_apart(arc, arc_view):
    _, _, before, after = arc_view
    same = np.array([[1.0, 2.0], [1.0, 2.0]])
    fig = figures.before_after(before, after, arc.counts, x_label="a", y_label="b", segment=same, selected=same[0])
    parent, neighbour = (a for a in fig.layout.annotations if a.text in ("parent", "neighbour"))
    assert parent.ax < 0 < neighbour.ax and parent.xanchor == "right" and neighbour.xanchor == "left"


def demo_before_after(demo: str, technique: str):
    """Run ``technique`` on a built-in demo; its result and the before/after figure of the run."""
    prepared = prepared_demo(demo)
    result = run(prepared, technique)
    before, after = resampling.before_after_points(prepared, result, resampling.fit_projector(prepared))
    return result, figures.before_after(before, after, prepared.counts, x_label="a", y_label="b")


def test_removed_rows_appear_as_crosses():
    result, fig = demo_before_after("overlap-mild", "smote-tomek")
    crosses = named(fig, f"removed by cleaning ({len(result.removed):,})")
    assert crosses.marker.color == COLORS["removed"] and len(crosses.x) == len(result.removed)


def test_generated_rows_say_they_have_no_parent():
    _, fig = demo_before_after("customers", "gaussian-copula")
    assert "no parent row" in named(fig, "synthetic yes").hovertemplate


def test_adasyn_difficulty_map_and_bars():
    prepared = prepared_demo("label-noise-25")
    result = run(prepared, "adasyn")
    projector = resampling.fit_projector(prepared)
    table = resampling.difficulty(prepared, result, projector)
    background, _ = resampling.before_after_points(prepared, result, projector)
    fig = figures.difficulty_map(background, table, prepared.counts, x_label="a", y_label="b")
    dots = named(fig, "grown class, by r_i")
    np.testing.assert_allclose(dots.marker.color, table["ratio"])
    np.testing.assert_allclose(dots.marker.size, 6 + 16 * table["ratio"])
    assert "r_i = %{customdata[2]" in dots.hovertemplate
    bars = figures.difficulty_bars(table, top=10).data[0]
    top = table.sort_values(["n_synthetic", "index"], ascending=[False, True]).head(10)
    assert list(bars.y) == list(top["n_synthetic"]) and list(bars.x) == [f"row {i}" for i in top["index"]]


def test_categories_map_colours_safe_danger_noise_and_rings_support_vectors(arc):
    result = run(arc, "svm-smote")
    projector = resampling.fit_projector(arc)
    table = resampling.categories(arc, result, projector)
    support = resampling.support_points(arc, result, projector)
    background, _ = resampling.before_after_points(arc, result, projector)
    fig = figures.categories_map(background, table, arc.counts, x_label="a", y_label="b", support=support)
    for category in ("safe", "danger", "noise"):
        trace = next(t for t in fig.data if t.legendgroup == category)
        assert trace.marker.color == COLORS[category]
        assert len(trace.x) == (table["category"] == category).sum()
    ring = named(fig, f"support vectors ({len(support):,})")
    assert ring.marker.symbol == "circle-open" and len(ring.x) == len(support)


@pytest.fixture(scope="module")
def results(arc, arc_advice):
    profile = arc_advice.profile
    correct = comparing.run_evaluation(arc, profile, ["smote", "adasyn"], {}, model="logistic", seed=0)
    leaky = comparing.run_evaluation(arc, profile, ["smote", "adasyn"], {}, model="logistic", seed=0, leaky=True)
    return correct, leaky


def test_metric_scores_have_spreads_and_the_baseline_line(results):
    correct, leaky = results
    fig = figures.metric_scores(correct, "average_precision")
    dots = fig.data[0]
    scores = correct[correct["metric"] == "average_precision"]
    assert list(dots.y) == list(scores["label"])
    top, bottom = fig.layout.yaxis.range
    assert bottom < 0 < len(scores) - 1 < top  # reversed: the first technique on top, a band above it
    mean, se = scores["mean"].to_numpy(), scores["se"].to_numpy()
    np.testing.assert_allclose(dots.x, mean)
    np.testing.assert_allclose(dots.error_x.array, np.minimum(se, 1 - mean))  # never above 1
    np.testing.assert_allclose(dots.error_x.arrayminus, np.minimum(se, mean))  # never below 0
    np.testing.assert_allclose(np.asarray(dots.customdata, dtype=float)[:, 0], se)  # the ± the hover shows
    assert "± %{customdata[0]:.3f}" in dots.hovertemplate
    assert list(dots.text) == [f"{m:.3f}" for m in mean]
    # the three ways of not resampling grey, the techniques pink
    assert list(scores["technique"]) == ["none", "threshold", "class_weight", "smote", "adasyn"]
    assert list(dots.marker.color) == [COLORS["baseline"]] * 3 + [COLORS["technique"]] * 2
    # every dot and its spread lie inside the axis
    lo, hi = fig.layout.xaxis.range
    assert lo <= (mean - np.minimum(se, mean)).min() and (mean + np.minimum(se, 1 - mean)).max() <= hi
    assert "mean ± corrected standard error" in fig.layout.xaxis.title.text
    line = fig.layout.shapes[0]
    assert line.x0 == pytest.approx(scores.loc[scores["technique"] == "none", "mean"].iloc[0])
    with_leak = figures.metric_scores(correct, "average_precision", leaky)
    leak = with_leak.data[1]
    assert leak.marker.color == COLORS["leaky"] and with_leak.layout.scattermode == "group"
    # each colour of the legend is the colour of the dots it names (the right dots are grey and pink)
    legend = {t.name: t.marker.color for t in with_leak.data if t.showlegend is not False}
    assert legend == {"resampled before splitting (leaky, inflated)": COLORS["leaky"],
                      "not resampling, right": COLORS["baseline"],
                      "resampled inside each training fold (right)": COLORS["technique"]}
    wrong = leaky[(leaky["metric"] == "average_precision") & (leaky["technique"] == "smote")]["mean"].iloc[0]
    assert leak.x[3] == pytest.approx(wrong)
    assert np.isnan(leak.x[:3]).all()  # the ways of not resampling have no leaky score
    assert with_leak.layout.xaxis.range[1] >= np.nanmax(leak.x)


def test_metric_scores_mark_the_recommendation(results):
    correct, _ = results
    fig = figures.metric_scores(correct, "average_precision", recommended="threshold")
    dots = fig.data[0]
    assert list(dots.y)[1] == "No resampling, tuned threshold ✓ recommended"
    assert [c for c in dots.marker.color] == [COLORS["baseline"], COLORS["checked"], COLORS["baseline"],
                                             COLORS["technique"], COLORS["technique"]]
    assert sum("✓ recommended" in label for label in dots.y) == 1
    plain = figures.metric_scores(correct, "average_precision", recommended=None)
    assert COLORS["checked"] not in list(plain.data[0].marker.color)


def test_check_scores_mark_the_recommendation_the_trees_answer_and_the_noise(arc_advice):
    choice = arc_advice.check.choice("balanced_accuracy")
    table = choice.table
    tree_pick = arc_advice.check.tree_pick
    fig = figures.check_scores(table, tree_pick, choice.recommended, "balanced accuracy")
    dots = fig.data[0]
    labels = list(dots.y)
    assert len(labels) == len(table)  # best first, as the choice ranks them
    np.testing.assert_allclose(dots.x, table["mean"])
    np.testing.assert_allclose(dots.error_x.array, np.minimum(table["se"], 1 - table["mean"]))
    for label, row in zip(labels, table.itertuples()):
        assert label.startswith(row.label)
        assert label.endswith(" ≈ best") == bool(row.within_noise)
        assert ("✓ recommended" in label) == (row.candidate == choice.recommended)
        assert ("(tree's answer)" in label) == (row.candidate == tree_pick != choice.recommended)
    expected = [COLORS["checked"] if c == choice.recommended else COLORS["path"] if c == tree_pick
                else COLORS["baseline"] if c in BASELINES else COLORS["technique"] for c in table["candidate"]]
    assert list(dots.marker.color) == expected
    assert tree_pick in set(table["candidate"]) and choice.recommended != tree_pick  # both colours are drawn
    none = table.loc[table["candidate"] == "none", "mean"].iloc[0]
    assert fig.layout.shapes[0].x0 == pytest.approx(none)
    brier = figures.check_scores(arc_advice.check.ranking("brier"), tree_pick, "none", "Brier score",
                                 greater_is_better=False)
    assert "Brier score (lower is better)" in brier.layout.xaxis.title.text


def test_reliability_diagram_draws_the_diagonal_and_each_curve(arc_advice):
    from dashboard.comparing import reliability_curves

    curves = reliability_curves(arc_advice.for_metric("average_precision"))
    fig = figures.reliability(curves)
    diagonal = named(fig, "perfectly calibrated")
    assert list(diagonal.x) == [0, 1] and list(diagonal.y) == [0, 1]
    for label, table in curves.items():
        trace = named(fig, label)
        np.testing.assert_allclose(trace.x, table["predicted"])
        np.testing.assert_allclose(trace.y, table["observed"])
        assert list(trace.customdata) == list(table["rows"])
        sizes = np.asarray(trace.marker.size)
        assert sizes.argmax() == table["rows"].to_numpy().argmax()  # the fullest bin draws the largest marker
    assert fig.layout.xaxis.range == (-0.02, 1.02) and fig.layout.yaxis.range == (-0.02, 1.02)


def _scores(means: dict, se: float, metric: str = "roc_auc") -> pd.DataFrame:
    return pd.DataFrame([{"technique": t, "label": t.upper(), "protocol": "correct", "metric": metric,
                          "metric_label": metric, "mean": m, "se": se} for t, m in means.items()])


def _axis_note(fig):
    """The note under the score axis, when it says the axis does not start at 0."""
    lines = fig.layout.xaxis.title.text.split("<br>")
    return [re.sub("<[^>]+>", "", line) for line in lines[1:]]


def test_close_scores_stand_apart_on_an_axis_that_says_it_is_cut():
    """0.990 and 0.994 looked equal on bars from 0; here they are a good part of the axis apart."""
    fig = figures.metric_scores(_scores({"none": 0.990, "class_weight": 0.991, "smote": 0.994}, 0.001), "roc_auc")
    lo, hi = fig.layout.xaxis.range
    x = dict(zip(fig.data[0].y, fig.data[0].x))
    assert (x["SMOTE"] - x["NONE"]) / (hi - lo) > 0.1  # on a 0-to-1 axis: 0.004
    assert 0.9 < lo < 0.989 and hi > 0.995
    assert _axis_note(fig) == [f"The axis starts at {lo:.3f}, not at 0: it is cut to the scores so that "
                               "small differences show."]
    assert list(fig.data[0].text) == ["0.990", "0.991", "0.994"]


def test_scores_near_zero_keep_the_axis_from_zero_without_a_note():
    fig = figures.metric_scores(_scores({"none": 0.05, "class_weight": 0.4, "smote": 0.6}, 0.1), "roc_auc")
    assert fig.layout.xaxis.range[0] == 0 and _axis_note(fig) == []
    # equal scores still get an axis of some width, centred on them
    flat = figures.metric_scores(_scores({"none": 0.5, "smote": 0.5}, 0.0), "roc_auc")
    lo, hi = flat.layout.xaxis.range
    assert hi - lo > 0.02 and lo < 0.5 < hi


def test_small_multiples_one_panel_per_technique(arc):
    projector = resampling.fit_projector(arc)
    panels = []
    for technique in ("smote", "adasyn", "borderline-smote", "random-over"):
        _, after = resampling.before_after_points(arc, run(arc, technique), projector)
        panels.append({"title": technique, "points": after})
    fig = figures.small_multiples(panels, arc.counts, x_label="a", y_label="b")
    assert [a.text for a in fig.layout.annotations][:4] == ["smote", "adasyn", "borderline-smote", "random-over"]
    synthetic = [t for t in fig.data if t.legendgroup == resampling.SYNTHETIC_GROUP]
    assert len(synthetic) == 4 and sum(bool(t.showlegend) for t in synthetic) == 1
    assert {t.xaxis for t in synthetic} == {"x", "x2", "x3", "x4"}

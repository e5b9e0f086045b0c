"""Runs, the 2-D view, provenance of the drawn points, diagnostics and downloads of the Resample page."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from sklearn.decomposition import PCA
from sklearn.preprocessing import StandardScaler

from dashboard import comparing, resampling, tabular
from dashboard.params import build_params, default_values


def prepared_demo(name: str) -> tabular.Prepared:
    source = tabular.demo_source(name)
    return tabular.prepare(source, source.default_target)


def run(prepared, technique, **values):
    form = {**default_values(technique, prepared.smallest_class), **values}
    return resampling.run_technique(prepared, technique, build_params(technique, form, 0), 0)


@pytest.fixture(scope="module")
def arc():
    return prepared_demo("arc")


@pytest.fixture(scope="module")
def arc_run(arc):
    return run(arc, "smote")


def test_pca_is_fitted_on_the_scaled_originals_and_projects_synthetic_rows(arc, arc_run):
    projector = resampling.fit_projector(arc)
    values = arc.table[arc.numeric].to_numpy(float)
    expected = PCA(2, random_state=0).fit(StandardScaler().fit_transform(values))
    synthetic = arc_run.X_res.iloc[arc_run.provenance["row"].to_numpy()]
    got = projector.transform(synthetic)
    want = expected.transform(StandardScaler().fit(values).transform(synthetic.to_numpy(float)))
    np.testing.assert_allclose(np.abs(got), np.abs(want), atol=1e-9)
    assert projector.x_label.startswith("PC1 (") and "% of the variance" in projector.y_label


def test_two_columns_view_uses_the_columns_as_they_are(arc):
    projector = resampling.fit_projector(arc, ("feature_2", "feature_1"))
    np.testing.assert_array_equal(projector.transform(arc.table)[:, 0], arc.table["feature_2"])
    with pytest.raises(ValueError, match="two numeric columns"):
        resampling.fit_projector(arc, ("feature_1", "class"))


def test_points_carry_provenance_and_land_on_their_segment(arc, arc_run):
    projector = resampling.fit_projector(arc)
    before, after = resampling.before_after_points(arc, arc_run, projector)
    assert len(before) == len(arc.table) and set(before["kind"]) == {"original"}
    synthetic = after[after["kind"] == "synthetic"]
    assert len(synthetic) == len(arc_run.provenance)
    coords = projector.transform(arc.table)
    for _, point in synthetic.head(20).iterrows():  # the projection is affine: λ carries over to 2-D
        p, n = coords[int(point["parent"])], coords[int(point["neighbor"])]
        np.testing.assert_allclose([point["x"], point["y"]], p + point["lam"] * (n - p), atol=1e-9)
    ends = resampling.segment(arc, projector, synthetic.iloc[0]["parent"], synthetic.iloc[0]["neighbor"])
    np.testing.assert_allclose(ends, coords[[int(synthetic.iloc[0]["parent"]), int(synthetic.iloc[0]["neighbor"])]])


def test_removed_rows_are_drawn_where_they_were(arc):
    prepared = prepared_demo("overlap")
    result = run(prepared, "smote-enn")
    projector = resampling.fit_projector(prepared)
    _, after = resampling.before_after_points(prepared, result, projector)
    removed = after[after["kind"] == "removed"]
    assert len(removed) == len(result.removed)
    n = len(prepared.table)
    originals = removed[removed["row"] < n]
    np.testing.assert_allclose(originals[["x", "y"]], projector.transform(prepared.table.iloc[originals["row"]]))
    # a removed original is not drawn again as a kept one
    kept = after[after["kind"] == "original"]
    assert not set(kept["row"]) & set(originals["row"])
    summary = resampling.removed_summary(result)
    assert summary[["original rows removed", "synthetic rows removed"]].to_numpy().sum() == len(result.removed)


def test_large_tables_are_drawn_from_a_sample_keeping_the_small_class():
    y = np.array(["big"] * 9000 + ["small"] * 300)
    rows = resampling._class_balanced_rows(y, 3000)
    assert len(rows) == 3000 and (y[rows] == "small").sum() == 300


def test_a_selection_names_the_synthetic_output_row():
    points = [{"legendgroup": "class a", "customdata": [3]},
              {"legendgroup": resampling.SYNTHETIC_GROUP, "customdata": [312.0, 4.0, 9.0, 0.25]}]
    assert resampling.selected_synthetic(points) == 312
    as_sent = [{"legendgroup": "synthetic", "customdata": {"0": 499, "1": 5, "2": 21, "3": 0.55}}]
    assert resampling.selected_synthetic(as_sent) == 499
    assert resampling.selected_synthetic(points[:1]) is None and resampling.selected_synthetic([]) is None


def test_provenance_table_shows_parent_neighbour_and_the_new_row(arc, arc_run):
    first = arc_run.provenance.iloc[0]
    table = resampling.provenance_table(arc, arc_run, int(first["row"]))
    parent, neighbor, new = table.to_numpy(float)
    np.testing.assert_allclose(new, parent + first["lam"] * (neighbor - parent))


def test_adasyn_difficulty_and_the_hardest_rows():
    prepared = prepared_demo("label-noise-25")
    result = run(prepared, "adasyn")
    table = resampling.difficulty(prepared, result, resampling.fit_projector(prepared))
    assert table["n_synthetic"].sum() == int(result.synthetic.sum())
    hardest = resampling.hardest(table, 5)
    assert len(hardest) == 5 and hardest["r_i"].is_monotonic_decreasing
    assert hardest["r_i"].iloc[0] == table["ratio"].max()


def test_svm_categories_and_support_vectors(arc):
    result = run(arc, "svm-smote")
    projector = resampling.fit_projector(arc)
    table = resampling.categories(arc, result, projector)
    assert set(table["category"]) <= {"safe", "danger", "noise"}
    support = resampling.support_points(arc, result, projector)
    assert set(support["row"]) == set(result.sampler.support_)
    assert table["support"].sum() == np.isin(table["index"], result.sampler.support_).sum()


def test_generative_fidelity_per_grown_class():
    prepared = prepared_demo("customers")
    result = run(prepared, "gaussian-copula")
    report = resampling.fidelity_of(prepared, result)
    assert list(report.summary["class"]) == ["yes"]
    assert 0 <= report.summary["detection_auc"].iloc[0] <= 1
    assert set(report.columns["yes"]["column"]) == set(prepared.features)


def test_downloads_keep_the_columns_and_mark_synthetic_rows(arc, arc_run):
    table = pd.read_csv(io.BytesIO(resampling.resampled_csv(arc, arc_run)))
    assert list(table.columns) == [*arc.table.columns, "is_synthetic"]
    assert table["is_synthetic"].sum() == len(arc_run.provenance)
    assert not table["is_synthetic"].iloc[: len(arc.table)].any()
    provenance = pd.read_csv(io.BytesIO(resampling.provenance_csv(arc_run)))
    assert list(provenance.columns) == ["row", "label", "parent", "neighbor", "lam", "technique"]


def test_a_sampler_that_cannot_take_the_data_says_what_to_do():
    prepared = prepared_demo("customers")
    with pytest.raises(ValueError, match="SMOTE-NC|SMOTENC|categorical"):
        run(prepared, "smote")
    assert "not numeric" in comparing.technique_problem("smote", prepared)

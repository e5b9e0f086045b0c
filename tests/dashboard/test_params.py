"""The parameter form: built from every sampler's table of parameters, and its values build working samplers."""

from __future__ import annotations

import pytest

from dashboard import params
from smote_core import SMOTE, BorderlineSMOTE, registry
from smote_core.combine import SMOTETomek
from smote_core.parameters import Param, parameter_table
from smote_core.registry import make

IDS = [t.id for t in registry.techniques()]


@pytest.mark.parametrize("technique", IDS)
def test_the_form_matches_the_samplers_parameters(technique):
    entry = registry.get(technique)
    defaults = entry.sampler_class(**dict(entry.defaults)).get_params(deep=False)
    specs = params.param_specs(technique)
    for spec in specs:
        if "." not in spec.name and spec.kind != "strategy":
            assert spec.name in defaults
            shown = params.PAGE_DEFAULTS.get(spec.name, defaults[spec.name])  # the page's own defaults
            shown = params.NONE_OPTION if shown is None else shown
            assert spec.default == (", ".join(map(str, shown)) if isinstance(shown, tuple) else shown)
    names = {spec.name for spec in specs}
    assert "random_state" not in names and "progress" not in names
    assert specs[0].kind == "strategy"


@pytest.mark.parametrize("technique", IDS)
def test_default_values_build_the_sampler_with_the_seed(technique):
    built = params.build_params(technique, params.default_values(technique), seed=7)
    assert built["random_state"] == 7 and built["sampling_strategy"] == "auto"
    if registry.get(technique).available:
        assert make(technique, **built).get_params()["random_state"] == 7


@pytest.mark.parametrize("technique", IDS)
def test_every_field_comes_from_the_samplers_table(technique):
    table = parameter_table(registry.get(technique).sampler_class)
    for spec in params.param_specs(technique):
        outer = spec.name.split(".")[0]
        assert outer in table
        if "." not in spec.name:
            assert spec.help.startswith(table[spec.name].help) or spec.kind == "strategy"


def test_changing_a_constraint_changes_the_form(monkeypatch):
    before = {s.name: s for s in params.param_specs("borderline-smote")}
    assert before["kind"].choices == ("borderline-1", "borderline-2") and before["m_neighbors"].maximum is None
    changed = {**BorderlineSMOTE._parameter_constraints,
               "m_neighbors": Param("neighbors", "Rows that vote on the category.", low=2, high=7),
               "kind": Param("choice", "Which variant.", options=("borderline-2", "borderline-1"))}
    monkeypatch.setattr(BorderlineSMOTE, "_parameter_constraints", changed)
    after = {s.name: s for s in params.param_specs("borderline-smote")}
    assert (after["m_neighbors"].minimum, after["m_neighbors"].maximum) == (2, 7)
    assert after["m_neighbors"].default == 7  # the default (10) is brought inside the new range
    assert after["m_neighbors"].help == "Rows that vote on the category."
    assert after["kind"].choices == ("borderline-2", "borderline-1") and after["kind"].help == "Which variant."
    monkeypatch.setattr(SMOTE, "_parameter_constraints", {**SMOTE._parameter_constraints,
                                                          "k_neighbors": Param("neighbors", "Changed.", low=1)})
    nested = {s.name: s for s in params.param_specs("smote-tomek")}
    assert nested["smote.k_neighbors"].help == "Changed."


def test_types_pick_the_widgets_and_the_table_the_choices():
    specs = {s.name: s for s in params.param_specs("borderline-smote")}
    assert specs["k_neighbors"].kind == "int" and specs["kind"].kind == "choice"
    assert specs["kind"].choices == ("borderline-1", "borderline-2")
    assert "interpolate" in specs["k_neighbors"].help
    svm = {s.name: s for s in params.param_specs("svm-smote")}
    assert (svm["out_step"].minimum, svm["out_step"].maximum) == (0.0, 1.0)
    assert "svm_max_rows" not in svm  # None by default: the page sets it above SVM_SUBSET_ROWS rows
    ctgan = {s.name: s for s in params.param_specs("ctgan")}
    assert ctgan["generator_dim"].kind == "tuple" and ctgan["generator_lr"].kind == "float"
    tvae = {s.name: s for s in params.param_specs("tvae")}
    assert set(tvae["decoding"].choices) == {"argmax", "sample"} and tvae["decoding"].default == "argmax"
    assert ctgan["steps"].kind == "int" and ctgan["validation_share"].kind == "float"


def test_same_class_neighbours_are_capped_by_the_smallest_class():
    specs = {s.name: s for s in params.param_specs("smote", smallest_class=4)}
    assert specs["k_neighbors"].default == 3 and specs["k_neighbors"].maximum == 3
    assert "smallest class has 4 rows" in specs["k_neighbors"].help
    other = {s.name: s for s in params.param_specs("borderline-smote", smallest_class=4)}
    assert other["m_neighbors"].maximum is None  # any class: not capped


def test_a_ratio_strategy_and_its_limit():
    assert params.build_params("smote", {"sampling_strategy": 0.5}, 0)["sampling_strategy"] == 0.5
    with pytest.raises(ValueError, match="two classes only"):
        params.build_params("smote", {"sampling_strategy": 0.5}, 0, n_classes=3)


def test_nested_smote_parameters_build_the_inner_sampler():
    built = params.build_params("smote-tomek", {"sampling_strategy": 1.0, "smote.k_neighbors": 3}, 4)
    sampler = make("smote-tomek", **built)
    assert isinstance(sampler, SMOTETomek)
    assert sampler.smote.get_params()["k_neighbors"] == 3 and sampler.smote.random_state == 4
    # left at its default, no inner sampler is built
    assert "smote" not in params.build_params("smote-tomek", {"smote.k_neighbors": 5}, 0)


def test_bad_widths_are_refused():
    with pytest.raises(ValueError, match="whole numbers"):
        params.build_params("ctgan", {"generator_dim": "256, wide"}, 0)
    assert params.build_params("ctgan", {"generator_dim": "64,32"}, 0)["generator_dim"] == (64, 32)


def test_labels_and_the_torch_message(monkeypatch):
    assert params.technique_label("smote", "smote") == "SMOTE (recommended)"
    assert params.unavailable_message("ctgan") is None
    monkeypatch.setattr(registry.Technique, "available", property(lambda self: self.needs is None))
    assert "needs torch" in params.technique_label("ctgan")
    message = params.unavailable_message("tvae")
    assert "pip install 'smote-lab[generative]'" in message and "Gaussian copula" in message


def test_svm_smote_opts_in_to_the_subset_above_the_threshold_and_says_so():
    small = params.build_params("svm-smote", params.default_values("svm-smote"), 0, n_rows=params.SVM_SUBSET_ROWS)
    assert "svm_max_rows" not in small and params.svm_subset_note("svm-smote", params.SVM_SUBSET_ROWS) is None
    large = params.build_params("svm-smote", params.default_values("svm-smote"), 0, n_rows=25_000)
    assert large["svm_max_rows"] == params.SVM_SUBSET_ROWS
    note = params.svm_subset_note("svm-smote", 25_000)
    assert "10,000 of the 25,000 rows" in note and "imbalanced-learn" in note
    assert params.svm_subset_note("smote", 25_000) is None
    assert "svm_max_rows" not in params.build_params("smote", {}, 0, n_rows=25_000)


def test_a_kept_value_is_brought_into_the_fields_range():
    out_step = {s.name: s for s in params.param_specs("svm-smote")}["out_step"]
    assert params.within_range(out_step, 3.0) == 1.0 and params.within_range(out_step, -1.0) == 0.0
    k = {s.name: s for s in params.param_specs("smote", smallest_class=4)}["k_neighbors"]
    assert params.within_range(k, 9) == 3 and isinstance(params.within_range(k, 9), int)


def test_neighbour_scaling_is_a_choice_that_defaults_to_the_checks_scaling_and_offers_none():
    spec = next(s for s in params.param_specs("smote") if s.name == "neighbor_scaling")
    assert spec.kind == "choice" and spec.default == "robust" and spec.choices == ("standard", "robust", "none")
    assert "none: search the columns as they are" in spec.help
    built = params.build_params("smote", {**params.default_values("smote"), "neighbor_scaling": "none"}, seed=0)
    assert built["neighbor_scaling"] is None
    assert params.build_params("smote", params.default_values("smote"), seed=0)["neighbor_scaling"] == "robust"
    assert "neighbor_scaling" not in {s.name for s in params.param_specs("random-over")}

"""The parameter form: generated from every sampler's get_params, and its values build working samplers."""

from __future__ import annotations

import pytest

from dashboard import params
from smote_core import registry
from smote_core.combine import SMOTETomek
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
            shown = defaults[spec.name]
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


def test_types_pick_the_widgets_and_docstrings_the_choices():
    specs = {s.name: s for s in params.param_specs("borderline-smote")}
    assert specs["k_neighbors"].kind == "int" and specs["kind"].kind == "choice"
    assert specs["kind"].choices == ("borderline-1", "borderline-2")
    assert "interpolate" in specs["k_neighbors"].help
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

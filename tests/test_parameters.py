"""Each sampler's table of parameters: complete, and checked once in fit_resample with clear messages."""

import numpy as np
import pytest

from smote_core import SMOTE, SVMSMOTE, BorderlineSMOTE, registry
from smote_core.parameters import Param, check_parameters, parameter_table

IDS = [technique.id for technique in registry.techniques()]


@pytest.mark.parametrize("technique_id", IDS)
def test_every_parameter_is_declared_with_help(technique_id):
    cls = registry.get(technique_id).sampler_class
    assert set(cls._parameter_constraints) == set(cls._get_param_names())
    table = parameter_table(cls)
    assert list(table) == cls._get_param_names()
    assert all(param.help.strip() for param in table.values())
    entry = registry.get(technique_id)
    check_parameters(cls(**dict(entry.defaults)))  # the defaults fit their own table


@pytest.mark.parametrize("sampler, message", [
    (SMOTE(k_neighbors=0), r"k_neighbors=0 must be a positive integer or an object with fit/kneighbors"),
    (SMOTE(random_state="seven"), r"random_state='seven' must be an integer, a numpy RandomState or None"),
    (BorderlineSMOTE(kind="borderline-3"), r"kind='borderline-3' is not known; use one of \['borderline-1', 'borderline-2'\]"),
    (SVMSMOTE(out_step=1.5), r"out_step=1.5 must be a number in \[0, 1\]"),
    (SVMSMOTE(svm_max_rows=1), r"svm_max_rows=1 must be an integer of at least 2, or None \(fit the SVM on every row"),
])
def test_a_value_outside_its_declaration_says_what_to_pass(sampler, message):
    X = np.random.RandomState(0).normal(size=(40, 2))
    y = np.r_[np.zeros(30, int), np.ones(10, int)]
    with pytest.raises(ValueError, match=message):
        sampler.fit_resample(X, y)


def test_a_changed_table_changes_what_is_accepted(monkeypatch):
    X = np.random.RandomState(0).normal(size=(40, 2))
    y = np.r_[np.zeros(30, int), np.ones(10, int)]
    SMOTE(k_neighbors=6).fit_resample(X, y)
    monkeypatch.setattr(SMOTE, "_parameter_constraints",
                        {**SMOTE._parameter_constraints, "k_neighbors": Param("neighbors", "At most 5.", low=1, high=5)})
    with pytest.raises(ValueError, match=r"k_neighbors=6 must be a positive integer in \[1, 5\]"):
        SMOTE(k_neighbors=6).fit_resample(X, y)


def test_a_parameter_without_a_declaration_is_named(monkeypatch):
    monkeypatch.setattr(SMOTE, "_parameter_constraints", {"k_neighbors": SMOTE._parameter_constraints["k_neighbors"]})
    with pytest.raises(TypeError, match=r"SMOTE declares no Param for \['neighbor_scaling', 'random_state', 'sampling_strategy'\]"):
        parameter_table(SMOTE)


def test_an_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError, match="Param kind 'number' is not known"):
        Param("number", "help")

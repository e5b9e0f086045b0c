"""Every public sampler's docstring: numpydoc sections with the papers, and Examples that run."""

import doctest
import re

import pytest

import smote_core
from smote_core import crossval, ranking, registry, tables

SAMPLERS = sorted({t.sampler_class for t in registry.techniques()} | {smote_core.TomekLinks,
                  smote_core.EditedNearestNeighbours, smote_core.IterativePartitioningFilter},
                  key=lambda cls: cls.__name__)


def run_examples(obj) -> None:
    tests = [test for test in doctest.DocTestFinder(recurse=False).find(obj) if test.examples]
    assert tests, f"{obj.__name__} has no Examples"
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for test in tests:
        runner.run(test)
    assert runner.summarize(verbose=False).failed == 0, f"the Examples of {obj.__name__} fail (output above)"


@pytest.mark.parametrize("cls", SAMPLERS, ids=lambda cls: cls.__name__)
def test_sampler_docstring_cites_its_papers_and_its_examples_run(cls):
    doc = cls.__doc__
    for section in ("Parameters", "Attributes", "References", "Examples"):
        assert f"\n    {section}\n    {'-' * len(section)}\n" in doc, f"{cls.__name__} lacks {section}"
    assert not re.search(r"\bin [0-9.]+ ?s\b|[0-9]-core|this machine", doc), "a timing from one machine"
    run_examples(cls)


@pytest.mark.parametrize("function", [tables.guess_target, tables.handle_missing, crossval.repeats_for, crossval.noise,
                                      ranking.critical_difference], ids=lambda f: f.__name__)
def test_shared_helpers_examples_run(function):
    run_examples(function)

"""The common checks over CTGAN (a module of its own: slow, it runs beside the others)."""

from . import checks_for

test_scikit_learn_checks, test_imbalanced_learn_checks = checks_for(["ctgan"])

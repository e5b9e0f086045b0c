"""The common checks over every technique but the neural ones."""

import pytest

from smote_core import registry

from . import NEURAL, checks_for

# the checks give SMOTE-N numeric columns, which it treats as categories with a warning
pytestmark = pytest.mark.filterwarnings("ignore:SMOTE-N treats every column as categorical")
test_scikit_learn_checks, test_imbalanced_learn_checks = checks_for(
    [t.id for t in registry.techniques() if t.id not in NEURAL])

"""Dashboard tests draw the folds of every check and comparison once.

How many times the folds are drawn (3 to 20, by the table and the model:
:func:`smote_core.crossval.repeats_for`) is the library's concern and is tested with it; here the pages
are under test, and with one drawing a page that runs the advice's check takes seconds, not a minute,
on a busy machine. The check, the Compare page and ``advise()`` called by a test all plan through
:func:`smote_core.crossval.plan`, so they still run the same protocol and give the same numbers.
"""

from __future__ import annotations

import pytest

from smote_core import crossval


def _once(n_rows, n_minority=None, model="logistic") -> int:
    return 1


@pytest.fixture(scope="module", autouse=True)
def one_drawing():
    """Module by module, so that the library's own tests, run after these, see its real default."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(crossval, "repeats_for", _once)
        yield

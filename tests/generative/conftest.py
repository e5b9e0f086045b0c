"""Small mixed-type data for the generative tests (a slice of the ``subscribers`` demo)."""

import pandas as pd
import pytest

from smote_core.datasets import mixed_subscribers


@pytest.fixture(scope="session")
def subscribers():
    """(X, y) of the full demo: 2,000 rows, 200 churners."""
    frame = mixed_subscribers()
    return frame.drop(columns="churn"), frame["churn"]


@pytest.fixture(scope="session")
def small(subscribers):
    """(X, y): 60 churners and 240 others, with the demo's dtypes (int, str, category, float, bool)."""
    X, y = subscribers
    keep = pd.concat([y[y == "yes"].head(60), y[y == "no"].head(240)]).index.sort_values()
    return X.loc[keep].reset_index(drop=True), y.loc[keep].reset_index(drop=True)

"""The shared tabular transformer: mode-specific normalisation, exact inverse, clipping to a class."""

import numpy as np
import pandas as pd
import pytest

from smote_core.generative._transformer import SOFTMAX, TANH, TabularTransformer, class_support


@pytest.fixture(scope="module")
def fitted(small):
    X, _ = small
    return TabularTransformer().fit(X, np.random.RandomState(0)), X


def test_inverse_of_transform_gives_the_rows_back(fitted):
    transformer, X = fitted
    back = transformer.inverse_transform(transformer.transform(X, np.random.RandomState(1)))
    assert list(back.columns) == list(X.columns)
    assert (back.dtypes == X.dtypes).all()
    for name in X.columns:
        if X[name].dtype.kind == "f":
            np.testing.assert_allclose(back[name], X[name], rtol=1e-12, atol=1e-9)
        else:
            assert back[name].tolist() == X[name].tolist()


def test_layout_one_alpha_and_one_mode_block_per_number_one_hot_per_category(fitted):
    transformer, X = fitted
    data = transformer.transform(X, np.random.RandomState(1))
    kinds = [span.activation for span in transformer.spans_]
    assert kinds.count(TANH) == 4 and kinds.count(SOFTMAX) == 4 + 4
    assert transformer.spans_[-1].stop == transformer.output_dim_ == data.shape[1]
    for span in transformer.spans_:
        if span.activation == SOFTMAX:
            assert np.array_equal(data[:, span.start:span.stop].sum(axis=1), np.ones(len(X)))
    # spans: age α, modes; internet; contract; tenure α, modes; monthly_charge α, modes; ...
    charge_modes = transformer.spans_[7]
    # the monthly charge has three service-dependent modes; the mixture must find more than one
    assert charge_modes.activation == SOFTMAX and charge_modes.width >= 2


def test_same_generator_same_encoding(fitted):
    transformer, X = fitted
    a = transformer.transform(X, np.random.RandomState(5))
    b = transformer.transform(X, np.random.RandomState(5))
    assert np.array_equal(a, b)


def test_support_clips_numbers_and_keeps_the_class_categories(fitted):
    transformer, X = fitted
    rows = X[X["internet"] != "none"]
    support = class_support(rows)
    noise = np.random.RandomState(0).normal(0, 3, (500, transformer.output_dim_))
    out = transformer.inverse_transform(noise, support)
    for name, (low, high) in support.bounds.items():
        assert out[name].between(low, high).all()
    assert set(out["internet"]) <= {"fiber", "dsl"}
    assert out["tenure_months"].dtype == X["tenure_months"].dtype
    assert isinstance(out["contract"].dtype, pd.CategoricalDtype)
    assert list(out["contract"].cat.categories) == list(X["contract"].cat.categories)

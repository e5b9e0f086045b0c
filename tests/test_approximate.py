"""The approximate option: pynndescent behind fit/kneighbors, in the samplers, with a stated recall."""

import sys

import numpy as np
import pytest
from sklearn.datasets import make_classification

from smote_core import ADASYN, SMOTE, BorderlineSMOTE
from smote_core._neighbors import nearest_neighbors
from smote_core.approximate import NNDescentNeighbors

from .over_sampling.helpers import assert_provenance_invariant

# Stated tolerances on the data below (4,000 rows x 20 features): the share of the exact k nearest
# neighbours the default index finds, and the share of minority rows that Borderline-SMOTE and ADASYN
# judge as with the exact search (same category; same count of other-class neighbours, which needs all
# of a row's neighbours right). Measured when this was written: 0.99; 0.99 (Borderline), 0.95 (ADASYN).
pytestmark = pytest.mark.slow  # pynndescent compiles its search for each index (numba)

RECALL_AT_K = 0.95
SAME_JUDGEMENT = 0.9


@pytest.fixture(scope="module")
def data():
    return make_classification(n_samples=4000, n_features=20, n_informative=10, weights=[0.9], random_state=0)


def recall(found: np.ndarray, exact: np.ndarray) -> float:
    """Mean share of each row's exact neighbours among those found."""
    return float(np.mean([len(np.intersect1d(f, e)) / len(e) for f, e in zip(found, exact)]))


def test_recall_at_k_on_a_modest_dataset(data):
    X, _ = data
    index = NNDescentNeighbors(n_neighbors=11, random_state=0)
    found = nearest_neighbors(X, index)
    assert found.shape == (len(X), 10)
    assert not (found == np.arange(len(X))[:, None]).any()
    assert not hasattr(index, "index_")  # the caller's object is cloned, not fitted
    assert recall(found, nearest_neighbors(X, 10)) >= RECALL_AT_K


@pytest.mark.parametrize("make", [
    lambda nn: SMOTE(k_neighbors=nn(6), random_state=0),
    lambda nn: BorderlineSMOTE(k_neighbors=nn(6), m_neighbors=nn(11), random_state=0),
    lambda nn: ADASYN(n_neighbors=nn(6), random_state=0),
], ids=["smote", "borderline", "adasyn"])
def test_samplers_take_it_as_their_neighbour_search(data, make):
    X, y = data
    approximate = make(lambda n: NNDescentNeighbors(n_neighbors=n, random_state=0))
    exact = make(lambda n: n - 1)
    X_res, y_res = approximate.fit_resample(X, y)
    X_exact, y_exact = exact.fit_resample(X, y)
    np.testing.assert_array_equal(np.bincount(y_res), np.bincount(y_exact))
    np.testing.assert_array_equal(X_res[: len(X)], X)
    assert_provenance_invariant(X, X_res, approximate.provenance_)
    # each synthetic row's neighbour is one of its parent's exact k nearest same-class rows, mostly
    prov = approximate.provenance_
    minority = np.flatnonzero(y == 1)
    exact_of = dict(zip(minority, minority[nearest_neighbors(X, 5, within=minority)]))
    share = np.mean([q in exact_of[p] for p, q in zip(prov["parent"], prov["neighbor"])])
    assert share >= RECALL_AT_K
    for table, column in (("categories_", "category"), ("difficulty_", "n_other")):
        if hasattr(exact, table):  # the minority rows' judgement agrees with the exact one, mostly
            agree = getattr(approximate, table)[column].to_numpy() == getattr(exact, table)[column].to_numpy()
            assert agree.mean() >= SAME_JUDGEMENT


def test_a_missing_pynndescent_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "pynndescent", None)
    with pytest.raises(ImportError, match=r"smote-lab\[approximate\]"):
        NNDescentNeighbors().fit(np.zeros((10, 2)))

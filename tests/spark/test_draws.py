"""Chunks replayed from recorded generator states give exactly the in-memory samplers' draws."""

import numpy as np
import pytest
from sklearn.utils import check_random_state

from smote_core.over_sampling._adasyn import largest_remainder
from smote_core.over_sampling._borderline import draw_other_factors
from smote_core.over_sampling._interpolation import draw_choice, draw_lambdas, draw_pairs
from smote_core.spark._draws import ClassPlan

N_NEW = 1000


def _replayed(plan, labels=None):
    blocks = [plan.block(chunk, labels) for chunk in range(len(plan.chunks()))]
    return (np.concatenate([b.parent for b in blocks]), np.concatenate([b.neighbor for b in blocks]),
            np.concatenate([b.lam for b in blocks]))


@pytest.mark.parametrize("chunk_rows", [1, 7, 333, N_NEW, 5000])
def test_smote_chunks_equal_one_draw(chunk_rows):
    rng = np.random.default_rng(0)
    parents = np.arange(50) * 3
    neighbors = rng.integers(0, 150, size=(50, 5))
    plan = ClassPlan(1, "pairs", parents, neighbors, N_NEW, step=0.5, chunk_rows=chunk_rows)
    plan.record(check_random_state(11))
    rows, chosen, lam = draw_pairs(check_random_state(11), neighbors, N_NEW, 0.5)
    parent, neighbor, lam_replayed = _replayed(plan)
    np.testing.assert_array_equal(parent, parents[rows])
    np.testing.assert_array_equal(neighbor, chosen)
    np.testing.assert_array_equal(lam_replayed, lam)
    assert len(plan.chunks()) == -(-N_NEW // chunk_rows)


def test_borderline_2_factors_follow_the_other_class_rows_across_chunks():
    rng = np.random.default_rng(1)
    labels = rng.integers(0, 2, size=200)
    neighbors = rng.integers(0, 200, size=(40, 4))
    plan = ClassPlan(1, "pairs", np.arange(40), neighbors, N_NEW, scale_other=True, chunk_rows=97)
    plan.record(check_random_state(5), check_random_state(5), labels)
    rows, chosen, lam = draw_pairs(check_random_state(5), neighbors, N_NEW)
    other = labels[chosen] != 1
    lam[other] *= draw_other_factors(check_random_state(5), int(other.sum()))
    np.testing.assert_array_equal(_replayed(plan, labels)[2], lam)


def test_adasyn_and_copies_continue_one_generator():
    neighbors = np.random.default_rng(2).integers(0, 30, size=(30, 5))
    counts = largest_remainder(np.full(30, 1 / 30), N_NEW)
    rng = check_random_state(8)
    adasyn = ClassPlan(0, "adasyn", np.arange(30), neighbors, N_NEW, n_synthetic=counts, chunk_rows=64)
    adasyn.record(rng)
    copies = ClassPlan(0, "copy", np.arange(30) + 100, None, 50, chunk_rows=16)
    copies.record_copies(rng)
    reference = check_random_state(8)
    cols, lam = draw_choice(reference, 5, N_NEW), draw_lambdas(reference, N_NEW)
    rows = np.repeat(np.arange(30), counts)
    parent, neighbor, lam_replayed = _replayed(adasyn)
    np.testing.assert_array_equal(parent, rows)
    np.testing.assert_array_equal(neighbor, neighbors[rows, cols])
    np.testing.assert_array_equal(lam_replayed, lam)
    np.testing.assert_array_equal(_replayed(copies)[0], reference.choice(np.arange(30) + 100, size=50, replace=True))

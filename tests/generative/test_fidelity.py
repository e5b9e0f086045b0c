"""fidelity(real, synthetic): identical rows score perfectly, scrambled rows score badly."""

import numpy as np
import pandas as pd
import pytest

from smote_core.generative import fidelity


@pytest.fixture(scope="module")
def churners(subscribers):
    X, y = subscribers
    return X[y == "yes"].reset_index(drop=True)


def test_identical_rows_have_no_distance_and_cannot_be_detected(churners):
    report = fidelity(churners, churners.copy())
    assert report.column_distance == 0 and report.out_of_range_share == 0
    assert report.correlation_difference == pytest.approx(0, abs=1e-12)
    assert report.category_coverage == 1
    assert report.detection_auc == pytest.approx(0.5, abs=0.06)
    assert report.columns["column"].tolist() == list(churners.columns)
    assert set(report.columns["statistic"]) == {"KS", "TV"}


def test_scrambled_rows_are_far_and_easy_to_detect(churners):
    rng = np.random.RandomState(0)
    garbage = churners.apply(lambda col: col.sample(frac=1, random_state=rng).to_numpy())  # break the joint
    garbage["monthly_charge"] = garbage["monthly_charge"] * 3 + 50  # and one marginal
    garbage["internet"] = "fiber"
    report = fidelity(churners, garbage)
    assert report.detection_auc > 0.95
    assert report.correlation_difference > 0.05
    by_column = report.columns.set_index("column")
    assert by_column.loc["monthly_charge", "distance"] > 0.9
    assert by_column.loc["monthly_charge", "out_of_range"] > 0.5
    assert by_column.loc["internet", "coverage"] == pytest.approx(1 / 3)
    assert by_column.loc["age", "distance"] == 0  # same values, shuffled
    assert report.out_of_range_share == pytest.approx(by_column.loc["monthly_charge", "out_of_range"])


def test_unseen_categories_count_as_out_of_range(churners):
    synthetic = churners.assign(payment=np.where(np.arange(len(churners)) % 4 == 0, "bitcoin", churners["payment"]))
    report = fidelity(churners, synthetic)
    assert report.out_of_range_share == pytest.approx(0.25)
    assert report.as_dict().keys() == {"column_distance", "correlation_difference", "out_of_range_share",
                                       "category_coverage", "detection_auc"}


def test_ks_matches_scipy(churners):
    from scipy.stats import ks_2samp

    other = churners.sample(frac=0.5, random_state=1)
    report = fidelity(churners, other).columns.set_index("column")
    for name in ("age", "tenure_months", "total_charges"):
        assert report.loc[name, "distance"] == pytest.approx(ks_2samp(churners[name], other[name]).statistic)


def test_mismatched_columns_are_refused(churners):
    with pytest.raises(ValueError, match=r"same columns; only in real: \['age'\]"):
        fidelity(churners, churners.drop(columns="age"))
    with pytest.raises(ValueError, match="two DataFrames"):
        fidelity(churners.to_numpy(), churners)

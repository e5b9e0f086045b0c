"""scikit-learn's and imbalanced-learn's common estimator checks, over every technique of the registry.

This module holds the samplers as the checks see them and each deliberate deviation, listed as an
expected failure with its reason; anything else that fails is a bug. The test modules split the
techniques so that the slow neural ones run beside the others.
"""

from __future__ import annotations

from imblearn.utils.estimator_checks import parametrize_with_checks as imblearn_checks
from sklearn.utils.estimator_checks import parametrize_with_checks as sklearn_checks

from smote_core import SMOTE, registry

# The checks test the interface, not the models: the neural models train for a single step, and
# the neighbour counts fit the checks' smallest data (10 rows, a class of 3).
_FOR_CHECKS = {
    "smote": dict(k_neighbors=2),
    "borderline-smote": dict(k_neighbors=2, m_neighbors=5),
    "adasyn": dict(n_neighbors=2),
    "svm-smote": dict(k_neighbors=2, m_neighbors=5),
    "smote-nc": dict(categorical_features=[0], k_neighbors=2),
    "smoten": dict(k_neighbors=1),
    "smote-tomek": dict(smote=SMOTE(k_neighbors=2, random_state=0)),
    "smote-enn": dict(smote=SMOTE(k_neighbors=2, random_state=0)),
    "smote-ipf": dict(smote=SMOTE(k_neighbors=2, random_state=0), n_partitions=3),
    "g-smote": dict(k_neighbors=2),
    "prowsyn": dict(n_neighbors=2),
    "ctgan": dict(steps=1, batch_size=100, embedding_dim=8, generator_dim=(16,), discriminator_dim=(16,)),
    "tvae": dict(steps=1, batch_size=100, embedding_dim=8, compress_dims=(16,), decompress_dims=(16,)),
}
NEURAL = ("ctgan", "tvae")


def samplers(ids) -> list:
    """The samplers of ``ids`` (those that can run here) as the checks see them."""
    return [registry.make(t, random_state=0, **_FOR_CHECKS.get(t, {})) for t in ids if registry.get(t).available]


_ONE_HOT = {"check_samplers_multiclass_ova": "a one-hot y is refused: one class label per row (y.argmax(axis=1))"}
_EXPECTED = {
    "smote-nc": {
        "check_samplers_string": "SMOTE-NC needs a numeric column besides the text one (SMOTE-N takes text only)",
        "check_fit2d_1feature": "SMOTE-NC needs a numeric column besides the categorical one",
    },
}
# checks on 20-30 rows; the categorical version of their data (SMOTE-N's) has a class of one row
_SMALL_DATA_CHECKS = ["check_dict_unchanged", "check_dont_overwrite_parameters", "check_f_contiguous_array_estimator",
                      "check_fit2d_predict1d", "check_methods_sample_order_invariance",
                      "check_methods_subset_invariance"]
_EXPECTED["smoten"] = dict.fromkeys(_SMALL_DATA_CHECKS, "the data has a class of one row, which has no neighbour")
for _neural in ("ctgan", "tvae"):
    _EXPECTED[_neural] = dict.fromkeys(_SMALL_DATA_CHECKS + ["check_fit2d_1feature"],
                                       "classes of fewer than 10 rows are refused: too few to train a neural model")


def expected_failures(sampler) -> dict:
    """Check name -> why this sampler fails it on purpose."""
    return {**_ONE_HOT, **_EXPECTED.get(sampler._technique, {})}


def checks_for(ids):
    """The two test functions (scikit-learn's checks, imbalanced-learn's) over the samplers of ``ids``;
    a test module collects them by assigning them to its own names."""
    estimators = samplers(ids)

    @sklearn_checks(estimators, expected_failed_checks=expected_failures)
    def test_scikit_learn_checks(estimator, check):
        check(estimator)

    @imblearn_checks(estimators, expected_failed_checks=expected_failures)
    def test_imbalanced_learn_checks(estimator, check):
        check(estimator)

    return test_scikit_learn_checks, test_imbalanced_learn_checks

"""Iterative-Partitioning Filter (Khoshgoftaar & Rebours, 2007), as SMOTE-IPF uses it (Sáez et al., 2015)."""

from __future__ import annotations

import warnings

import numpy as np
from sklearn.base import clone, is_classifier
from sklearn.tree import DecisionTreeClassifier
from sklearn.utils import check_array, check_random_state

from .._validation import describe_label
from ..parameters import Param
from ._base import BaseCleaningSampler

_VOTING = {
    "majority": lambda n_wrong, n_models: 2 * n_wrong > n_models,
    "consensus": lambda n_wrong, n_models: n_wrong == n_models,
}


def stratified_partitions(rng: np.random.RandomState, y: np.ndarray, n_partitions: int) -> np.ndarray:
    """Partition (0..n_partitions-1) of each row: every class shuffled and dealt out in turn, so each
    partition holds its share of every class and partitions differ in size by one row at most."""
    order = np.lexsort((rng.uniform(size=len(y)), y))
    partition = np.empty(len(y), dtype=np.int64)
    partition[order] = np.arange(len(y)) % n_partitions
    return partition


class IterativePartitioningFilter(BaseCleaningSampler):
    """Remove the rows that most of the classifiers trained on parts of the data misclassify, until that is few.

    Each iteration splits the current rows into ``n_partitions`` random stratified parts, trains a
    classifier on each part and lets every classifier predict every current row; a row is noisy when
    more than half of them (``voting="majority"``) or all of them (``"consensus"``) misclassify it,
    and noisy rows of the cleaned classes are removed. The filter stops after ``n_iterations``
    consecutive iterations that each removed fewer than ``tolerance`` times the rows it started with.

    Parameters
    ----------
    sampling_strategy : str, list or callable, default="all"
        Classes whose rows may be removed (every class, as the filter was published; the others
        still train and are predicted).
    random_state : int, RandomState or None, default=None
        Seed of the partitions and of the classifiers.
    n_partitions : int, default=9
    voting : {"majority", "consensus"}, default="majority"
    n_iterations : int, default=3
        Consecutive quiet iterations that stop the filter.
    tolerance : float, default=0.01
        An iteration is quiet when it removes fewer than this share of the rows the filter started
        with (or none).
    estimator : classifier or None, default=None
        Cloned for each part; None: ``DecisionTreeClassifier(criterion="entropy",
        min_samples_leaf=2)`` (scikit-learn has no C4.5; this is its nearest tree: information gain,
        two rows per leaf), seeded from ``random_state``.

    Attributes
    ----------
    sampling_strategy_ : dict
    sample_indices_ : ndarray of int
        Positions of the kept rows, in input order.
    removed_ : DataFrame
        One row per removed row: ``position``, ``label``, ``iteration`` (in which it was removed) and
        ``n_wrong`` (how many of that iteration's classifiers misclassified it).
    n_iterations_ : int
        Iterations run.

    Notes
    -----
    A class all of whose remaining rows an iteration finds noisy keeps them (a ``UserWarning`` names
    it): the filter never removes a class.

    References
    ----------
    .. [1] T. M. Khoshgoftaar and P. Rebours, "Improving software quality prediction by noise filtering
       techniques", Journal of Computer Science and Technology 22(3), 387-396, 2007.
    .. [2] J. A. Sáez, J. Luengo, J. Stefanowski and F. Herrera, "SMOTE-IPF: Addressing the noisy and
       borderline examples problem in imbalanced classification by a re-sampling method with
       filtering", Information Sciences 291, 184-203, 2015.

    Examples
    --------
    >>> from smote_core import load_dataset
    >>> from smote_core.cleaning import IterativePartitioningFilter
    >>> noisy, name = load_dataset("label-noise-5")
    >>> ipf = IterativePartitioningFilter(random_state=0)
    >>> kept, labels = ipf.fit_resample(noisy[["feature_1", "feature_2"]], noisy[name])
    >>> len(kept) + len(ipf.removed_) == len(noisy), ipf.removed_.columns.tolist()
    (True, ['position', 'label', 'iteration', 'n_wrong'])
    """

    _removal_reason = "ipf"
    _parameter_constraints = {
        "sampling_strategy": Param("strategy", "Classes whose rows may be removed: 'all' (the paper's), 'auto' (all "
                                               "but the minority), 'not majority', 'majority', or a list of classes."),
        "random_state": Param("seed", "Seed of the partitions and the classifiers: the same seed removes the same "
                                      "rows."),
        "n_partitions": Param("int", "Parts the rows are split into; a classifier is trained on each.", low=2),
        "voting": Param("choice", "majority: remove a row most classifiers misclassify; consensus: only one all "
                                  "misclassify.", options=tuple(_VOTING)),
        "n_iterations": Param("int", "Consecutive iterations removing few rows that stop the filter.", low=1),
        "tolerance": Param("float", "An iteration removing fewer than this share of the rows counts as removing "
                                    "few.", low=0, high=1),
        "estimator": Param("object", "The classifier trained on each part.", accepts=is_classifier,
                           expect="a scikit-learn classifier, e.g. DecisionTreeClassifier()",
                           none="an entropy decision tree with two rows per leaf, nearest to the paper's C4.5"),
    }

    def __init__(self, *, sampling_strategy="all", random_state=None, n_partitions=9, voting="majority",
                 n_iterations=3, tolerance=0.01, estimator=None):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.n_partitions = n_partitions
        self.voting = voting
        self.n_iterations = n_iterations
        self.tolerance = tolerance
        self.estimator = estimator

    def _model(self, rng):
        if self.estimator is not None:
            return clone(self.estimator)
        return DecisionTreeClassifier(criterion="entropy", min_samples_leaf=2,
                                      random_state=rng.randint(np.iinfo(np.int32).max))

    def _removal(self, X, y, classes):
        rng = check_random_state(self.random_state)
        cleanable = np.isin(y, classes)
        alive = np.ones(len(y), dtype=bool)
        iteration = np.zeros(len(y), dtype=np.int64)
        n_wrong = np.zeros(len(y), dtype=np.int64)
        few, quiet, self.n_iterations_ = self.tolerance * len(y), 0, 0
        X_fit, y_fit = self._training_data(X, y)
        while quiet < self.n_iterations:
            self.n_iterations_ += 1
            rows = np.flatnonzero(alive)
            wrong, n_models = self._votes(rng, X_fit[rows], y_fit[rows])
            noisy = _VOTING[self.voting](wrong, n_models) & cleanable[rows]
            noisy = self._spare_whole_classes(y[rows], noisy)
            alive[rows[noisy]] = False
            iteration[rows[noisy]], n_wrong[rows[noisy]] = self.n_iterations_, wrong[noisy]
            quiet = quiet + 1 if np.count_nonzero(noisy) < few or not noisy.any() else 0
        remove = ~alive
        return remove, {"iteration": iteration[remove], "n_wrong": n_wrong[remove]}

    def _training_data(self, X, y):
        """``X`` and ``y`` as the classifiers are given them.

        Returns
        -------
        X_fit : ndarray
            For the default tree, ``X`` as the float32 C-contiguous array the tree converts it to
            (checked once here: the trees then skip their own checks); else ``X``.
        y_fit : ndarray
            For the default tree, each row's class as its position among the sorted classes, which
            keeps the order of the classes (the partitions and the trees are the same); else ``y``.
        """
        if self.estimator is not None:
            return X, y
        X_fit = check_array(X, dtype=np.float32, order="C", input_name="X")
        return X_fit, np.unique(y, return_inverse=True)[1]

    def _votes(self, rng, X, y):
        """How many of the partitions' classifiers misclassify each row, and how many classifiers there are."""
        n_models = min(self.n_partitions, len(y))
        partition = stratified_partitions(rng, y, n_models)
        skip_checks = {} if self.estimator is not None else {"check_input": False}
        wrong = np.zeros(len(y), dtype=np.int64)
        for part in range(n_models):
            members = partition == part
            model = self._model(rng).fit(X[members], y[members], **skip_checks)
            wrong += model.predict(X, **skip_checks) != y
        return wrong, n_models

    def _spare_whole_classes(self, y, noisy):
        """``noisy`` without the classes it would empty, with a warning naming them."""
        labels, codes = np.unique(y, return_inverse=True)
        emptied = np.bincount(codes, weights=noisy, minlength=len(labels)) == np.bincount(codes)
        if emptied.any():
            warnings.warn(
                "the iterative-partitioning filter found every remaining row of class(es) "
                f"{', '.join(describe_label(label) for label in labels[emptied])} noisy and kept them: a filter "
                "does not remove a class. Its rows may be mislabelled or too few for the classifiers.",
                UserWarning, stacklevel=7)
            noisy = noisy & ~emptied[codes]
        return noisy

"""SVM-SMOTE (Nguyen, Cooper & Kamei, 2009): new rows grown from the minority support vectors of an SVM."""

from __future__ import annotations

import numpy as np
from sklearn.base import clone
from sklearn.svm import SVC
from sklearn.utils import check_random_state

from .._neighbors import nearest_neighbors
from .._strata import stratified_sample
from .._validation import check_class_size, describe_label
from ._borderline import DANGER, NOISE, categorize, check_search_size, concat_tables, smote_block
from ..parameters import Param
from ..scaling import NEIGHBOR_SCALING
from ._smote import BaseOverSampler

class SVMSMOTE(BaseOverSampler):
    """SVM-SMOTE: SMOTE grown from the support vectors that an SVM finds on the class boundary.

    An SVM (``SVC`` by default) is fitted on the data; the support vectors of each class to grow are
    categorised by their ``m_neighbors`` nearest rows of the whole data (safe / danger / noise, as in
    Borderline-SMOTE) and the noise ones dropped. A share ``f ~ Beta(10, 10)`` of the new rows
    interpolates from danger support vectors towards one of their ``k_neighbors`` nearest rows of the
    class (λ in [0, 1)); the rest extrapolate from safe support vectors away from such a neighbour
    (λ in (-out_step, 0], recorded as a negative ``lam`` in ``provenance_``).

    Parameters
    ----------
    sampling_strategy : str, float, dict or callable, default="auto"
        How many rows to generate per class (imbalanced-learn's forms).
    random_state : int, RandomState or None, default=None
        Seed. As in imbalanced-learn, one generator draws the Beta shares and a generator is made from
        it afresh for each group of new rows (and for the SVM subset), so for an integer the output
        equals ``imblearn.over_sampling.SVMSMOTE`` given the same neighbours, wherever the
        differences below do not apply.
    k_neighbors : int or neighbours object, default=5
        Neighbours (same class) to interpolate or extrapolate with.
    m_neighbors : int or neighbours object, default=10
        Neighbours (any class) that decide whether a row is safe, in danger or noise.
    svm_estimator : estimator, default=None
        Classifier with a fitted ``support_`` (positions of its support vectors in the rows it was
        fitted on); ``None`` means ``SVC(gamma="scale", random_state=random_state)``.
    out_step : float, default=0.5
        Largest step of an extrapolation, in [0, 1].
    svm_max_rows : int or None, default=None
        ``None`` fits the SVM on every row, as imbalanced-learn does. An integer opts in to fitting it,
        above this many rows, on a stratified random subset of this size (each class keeps its share,
        rounded by largest remainder, and at least one row; drawn from ``random_state``): SVC's fit
        time grows about with the square of the rows, so large data stays tractable, at the price of
        results that differ from imbalanced-learn's. The neighbour searches still use every row.
    neighbor_scaling : {None, "standard", "robust"}, default=None
        Search neighbours on per-column scaled data (the SVM is fitted on them too); rows are still
        written in the original units, so provenance stays exact. None searches the columns as they
        are, like imbalanced-learn.

    Attributes
    ----------
    sampling_strategy_ : dict
        Class -> number of rows generated (always exactly the number asked for).
    categories_ : DataFrame
        One row per row of each grown class: ``index`` (position in X), ``label``, ``n_other``,
        ``category`` (safe, danger or noise).
    support_ : ndarray of int
        Positions in X of the support vectors of the grown classes (noise ones included).
    svm_fit_rows_ : ndarray of int
        Positions in X of the rows the SVM was fitted on (all rows unless the subset applied).
    svm_estimator_ : estimator
        The fitted SVM.
    provenance_ : DataFrame
        ``X_res[row] == X[parent] + lam * (X[neighbor] - X[parent])``; ``lam < 0`` for extrapolation.
    neighbor_scaling_ : ColumnScaling or None
        The fitted scaling the neighbour searches used.

    Notes
    -----
    Differences from imbalanced-learn:

    - When a class has no danger support vector (or no safe one), every new row comes from the other
      group, so exactly the requested number is generated; imbalanced-learn silently drops the empty
      group's share. The Beta share is still drawn, so later classes see the same random stream.
    - With ``svm_max_rows`` set, above that many rows the SVM sees a stratified subset
      (imbalanced-learn: all rows).
    - The SVM is fitted once per call, not once per grown class (the fits are identical). With a
      ``RandomState`` instance as ``random_state``, each of imbalanced-learn's ``SVC`` fits draws a
      libsvm seed from it, so for several grown classes the streams part from the second class on
      (integer seeds, and a single grown class, are unaffected).
    - An estimator without ``support_``, or a class with no support vector or only noise ones, raises
      a ``ValueError``.

    References
    ----------
    .. [1] H. M. Nguyen, E. W. Cooper and K. Kamei, "Borderline over-sampling for imbalanced data
       classification", International Journal of Knowledge Engineering and Soft Data Paradigms 3(1),
       4-21, 2011.

    Examples
    --------
    >>> from smote_core import SVMSMOTE
    >>> from smote_core.datasets import load_dataset
    >>> data, column = load_dataset("overlap-mild")
    >>> svm = SVMSMOTE(svm_max_rows=1_000, random_state=0).fit(data.drop(columns=column), data[column])
    >>> len(svm.svm_fit_rows_), svm.sampling_strategy_
    (1000, {'minority': 1600})
    """

    _technique = "svm-smote"
    _parameter_constraints = {
        **BaseOverSampler._parameter_constraints,
        "neighbor_scaling": NEIGHBOR_SCALING,
        "k_neighbors": Param("neighbors", "Nearest rows of the same class to interpolate or extrapolate with.", low=1),
        "m_neighbors": Param("neighbors", "Nearest rows (any class) that decide whether a support vector is safe, "
                                          "in danger or noise.", low=1),
        "svm_estimator": Param("object", "The SVM that finds the boundary.",
                               expect="an SVM with fit and a fitted support_, such as sklearn.svm.SVC(...)",
                               accepts=lambda value: hasattr(value, "fit"), none="the default SVC"),
        "out_step": Param("float", "Largest step of an extrapolation away from a neighbour.", low=0, high=1),
        "svm_max_rows": Param("int", "Fit the SVM on a stratified subset of this many rows (faster on large data, "
                                     "results differ from imbalanced-learn).", low=2,
                              none="fit the SVM on every row, as imbalanced-learn"),
    }

    def __init__(self, *, sampling_strategy="auto", random_state=None, k_neighbors=5, m_neighbors=10,
                 svm_estimator=None, out_step=0.5, svm_max_rows=None, neighbor_scaling=None):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.k_neighbors = k_neighbors
        self.m_neighbors = m_neighbors
        self.svm_estimator = svm_estimator
        self.out_step = out_step
        self.svm_max_rows = svm_max_rows
        self.neighbor_scaling = neighbor_scaling

    def _check_params(self, X, y):
        check_search_size(X.shape[0], self.m_neighbors, "m_neighbors")
        k = check_search_size(X.shape[0], self.k_neighbors, "k_neighbors")
        for label, class_index, _ in self._classes_to_grow(y):
            check_class_size(label, len(class_index), k, "k_neighbors")

    def _fit_resample(self, X, y):
        search = self._search_space(X)
        support = self._fit_svm(search, y)
        rng = check_random_state(self.random_state)
        blocks, tables, supports = [], [], []
        for label, class_index, n_new in self._classes_to_grow(y):
            table = categorize(search, y, label, class_index, self.m_neighbors)
            tables.append(table)
            class_support = support[y[support] == label]
            supports.append(class_support)
            local = np.searchsorted(class_index, class_support)
            category = table["category"].to_numpy()[local]
            kept = local[category != NOISE]
            if kept.size == 0:
                raise ValueError(self._no_support_message(label, class_support.size, X.shape[0]))
            in_danger = category[category != NOISE] == DANGER
            n_danger = int(rng.beta(10, 10) * (n_new + 1))
            if not in_danger.any():
                n_danger = 0
            elif in_danger.all():
                n_danger = n_new
            neighbors = class_index[nearest_neighbors(search[class_index], self.k_neighbors, query=kept)]
            parents = class_index[kept]
            for group, n_group, step in ((in_danger, n_danger, 1.0), (~in_danger, n_new - n_danger, -self.out_step)):
                if group.any():
                    blocks.append(smote_block(label, check_random_state(self.random_state),
                                              parents[group], neighbors[group], n_group, step))
        self.categories_ = concat_tables(tables)
        self.support_ = np.concatenate(supports) if supports else np.empty(0, dtype=np.int64)
        return self._assemble(X, y, blocks)

    def _fit_svm(self, X, y) -> np.ndarray:
        """Fit the SVM (on a stratified subset above ``svm_max_rows``); positions in X of its support vectors."""
        n_rows = X.shape[0]
        if self.svm_max_rows is None or n_rows <= self.svm_max_rows:
            self.svm_fit_rows_ = np.arange(n_rows)
            X_fit, y_fit = X, y
        else:
            codes = np.unique(y, return_inverse=True)[1]
            self.svm_fit_rows_ = stratified_sample(codes, self.svm_max_rows, check_random_state(self.random_state),
                                                   min_per_class=1)
            X_fit, y_fit = X[self.svm_fit_rows_], y[self.svm_fit_rows_]
        if self.svm_estimator is None:
            self.svm_estimator_ = SVC(gamma="scale", random_state=self.random_state)
        else:
            self.svm_estimator_ = clone(self.svm_estimator)
        self.svm_estimator_.fit(X_fit, y_fit)
        if not hasattr(self.svm_estimator_, "support_"):
            raise ValueError(
                f"svm_estimator {type(self.svm_estimator_).__name__} has no support_ after fitting; "
                "SVM-SMOTE needs a support vector machine such as sklearn.svm.SVC (or None for the default)."
            )
        return self.svm_fit_rows_[np.asarray(self.svm_estimator_.support_)]

    def _no_support_message(self, label, n_support: int, n_rows: int) -> str:
        subset = (
            f" (the SVM saw a stratified subset of {len(self.svm_fit_rows_)} of {n_rows} rows: raise "
            "svm_max_rows or set it to None)"
            if len(self.svm_fit_rows_) < n_rows
            else ""
        )
        if n_support == 0:
            return (
                f"the SVM found no support vector in class {describe_label(label)}{subset}, so SVM-SMOTE has "
                "nothing to grow from: use SMOTE or Borderline-SMOTE, or another svm_estimator."
            )
        return (
            f"all {n_support} support vectors of class {describe_label(label)} are noise (every one of their "
            "m_neighbors nearest rows is of another class), so SVM-SMOTE is not suited to this data: "
            "try Borderline-SMOTE or SMOTE, or a larger m_neighbors."
        )


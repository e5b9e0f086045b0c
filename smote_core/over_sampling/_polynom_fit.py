"""polynom-fit-SMOTE (Gazzah & Essoukri Ben Amara, 2008): new rows on the links of a topology over the class.

The class's rows are joined into a shape (a star around their centroid, a bus through them in order, or
a mesh between every two of them) and the new rows are spread evenly along its links.
"""

from __future__ import annotations

import numpy as np
from sklearn.utils import check_random_state

from .._base import Synthetic
from .._validation import describe_label, warn_if_identical
from ..parameters import Param
from ._smote import BaseOverSampler


def link_counts(rng: np.random.RandomState, n_links: int, n_new: int) -> tuple[np.ndarray, np.ndarray]:
    """Which links get new rows and how many: every link ``n_new // n_links``, and one more on
    ``n_new % n_links`` links drawn uniformly without replacement.

    Returns
    -------
    links : ndarray of int
        Sorted positions of the links that get rows (only those, so a mesh of millions of links costs
        nothing beyond the rows).
    counts : ndarray of int
        Rows on each of them.
    """
    base, extra = divmod(n_new, n_links)
    if base == 0:
        return _distinct(rng, n_links, extra), np.ones(extra, dtype=np.int64)
    counts = np.full(n_links, base, dtype=np.int64)
    counts[_distinct(rng, n_links, extra)] += 1
    return np.arange(n_links), counts


def _distinct(rng: np.random.RandomState, n: int, size: int) -> np.ndarray:
    """``size`` distinct integers of ``range(n)``, sorted, every subset equally likely.

    A permutation when ``size`` is a good part of ``n``; else draws with replacement topped up until
    ``size`` are distinct (symmetric in the labels, hence uniform), so a huge ``n`` costs no memory."""
    if 4 * size >= n:
        return np.sort(rng.permutation(n)[:size])
    chosen = np.unique(rng.randint(0, n, size))
    while len(chosen) < size:
        chosen = np.unique(np.concatenate([chosen, rng.randint(0, n, size - len(chosen))]))
    return chosen


def evenly_spaced(links: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each link repeated once per row it gets, and the rows' positions along it: ``j / (count + 1)``
    for ``j = 1..count`` (the link's ends excluded, the gaps equal)."""
    link = np.repeat(links, counts)
    first = np.repeat(np.cumsum(counts) - counts, counts)
    step = np.arange(len(link)) - first + 1
    return link, step / np.repeat(counts + 1, counts)


def _star(rng, X, class_index, n_new):
    """Links from each row to the class's centroid (not a row of X: ``neighbor`` is -1)."""
    centroid = X[class_index].mean(axis=0)
    link, lam = evenly_spaced(*link_counts(rng, len(class_index), n_new))
    parent = class_index[link]
    values = X[parent] + lam[:, None] * (centroid - X[parent])
    return parent, np.full(len(parent), -1, dtype=np.int64), lam, values, centroid


def _bus(rng, X, class_index, n_new):
    """Links from each row of the class to the next one, in input order."""
    link, lam = evenly_spaced(*link_counts(rng, len(class_index) - 1, n_new))
    return class_index[link], class_index[link + 1], lam, None, None


def _mesh(rng, X, class_index, n_new):
    """Links between every two rows of the class (each pair once, the lower position as parent)."""
    n = len(class_index)
    # pair s = (i, j), i < j, numbered row by row: row i starts at i*(n-1) - i*(i-1)/2
    starts = np.arange(n, dtype=np.int64) * (n - 1) - np.arange(n, dtype=np.int64) * (np.arange(n) - 1) // 2
    link, lam = evenly_spaced(*link_counts(rng, n * (n - 1) // 2, n_new))
    first = np.searchsorted(starts, link, side="right") - 1
    second = link - starts[first] + first + 1
    return class_index[first], class_index[second], lam, None, None


_TOPOLOGIES = {"star": _star, "bus": _bus, "mesh": _mesh}


class PolynomFitSMOTE(BaseOverSampler):
    """polynom-fit-SMOTE: new rows spread evenly along the links of a topology joining the class's rows.

    ``star`` links every row of the class to the class's centroid; ``bus`` links each row to the
    next in input order; ``mesh`` links every two rows. The rows to generate are shared out evenly:
    every link gets ``n_new // n_links`` and ``n_new % n_links`` links, drawn at random, one more; a
    link with ``c`` rows holds them at ``1/(c+1), ..., c/(c+1)`` of its length. The output has
    exactly the rows ``sampling_strategy`` asks for.

    Parameters
    ----------
    sampling_strategy : str, float, dict or callable, default="auto"
        How many rows to generate per class (imbalanced-learn's forms).
    random_state : int, RandomState or None, default=None
        Seed of the draw of the links that get one row more (the only random step).
    topology : {"star", "bus", "mesh"}, default="star"

    Attributes
    ----------
    sampling_strategy_ : dict
        Class -> number of rows generated.
    provenance_ : DataFrame
        One row per synthetic row. For ``bus`` and ``mesh``, ``parent`` and ``neighbor`` are the
        link's two rows (positions in X) and ``lam`` the position along it, so
        ``X_res[row] == X[parent] + lam * (X[neighbor] - X[parent])``. For ``star`` the link's other
        end is the centroid, which is no row of X: ``neighbor`` is -1 and
        ``X_res[row] == X[parent] + lam * (centroids_[label] - X[parent])``.
    centroids_ : dict
        Class -> its centroid (the mean of its rows), for every grown class (``star`` only; empty
        otherwise).

    Notes
    -----
    Differences from smote-variants 1.0.1 (``polynom_fit_SMOTE_star``/``_bus``): it puts
    ``max(1, round(n_new / n_rows))`` rows on every link, so its output can have more or fewer rows
    than asked (``bus`` has one link fewer than rows); here the count is exact, and when it is a
    multiple of the links the rows are the same as smote-variants', row for row. smote-variants'
    ``mesh`` draws random pairs and points on them (its simplex sampling); here the mesh's links get
    their rows evenly spaced like the other topologies', as the paper spreads them. The paper's fourth
    topology, a polynomial curve fitted through the class, is not offered: its curve depends on the
    order in which rows are fitted, which the paper leaves open.
    A class needs at least two rows. A class whose rows are all the same point gets copies of it
    (every link has length zero), with a ``UserWarning``.

    References
    ----------
    .. [1] S. Gazzah and N. E. Ben Amara, "New Oversampling Approaches Based on Polynomial Fitting for
       Imbalanced Data Sets", The Eighth IAPR International Workshop on Document Analysis Systems
       (DAS 2008), 677-684, 2008.

    Examples
    --------
    >>> import numpy as np
    >>> from smote_core import PolynomFitSMOTE
    >>> X = np.array([[0.0, 0.0], [4.0, 0.0], [0.0, 4.0], [9.0, 9.0], [8.0, 9.0], [9.0, 8.0], [8.0, 8.0],
    ...               [7.0, 9.0], [9.0, 7.0]])
    >>> y = np.array([1, 1, 1, 0, 0, 0, 0, 0, 0])
    >>> sampler = PolynomFitSMOTE(topology="star", random_state=0)
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> sampler.centroids_[1].tolist(), X_res[9:].tolist()
    ([1.3333333333333333, 1.3333333333333333], [[0.6666666666666666, 0.6666666666666666], [2.6666666666666665, 0.6666666666666666], [0.6666666666666666, 2.6666666666666665]])
    """

    _technique = "polynom-fit-smote"
    _parameter_constraints = {
        **BaseOverSampler._parameter_constraints,
        "topology": Param("choice", "star: links every row to the class's centroid; bus: each row to the next, in "
                                    "input order; mesh: every two rows.", options=tuple(_TOPOLOGIES)),
    }

    def __init__(self, *, sampling_strategy="auto", random_state=None, topology="star"):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.topology = topology

    @property
    def _rows_from_pairs(self) -> bool:
        """Whether every new row lies between two rows of X (not for ``star``: its links end at the centroid)."""
        return self.topology != "star"

    def _check_params(self, X, y):
        for label, class_index, _ in self._classes_to_grow(y):
            if len(class_index) < 2:
                raise ValueError(
                    f"class {describe_label(label)} has {len(class_index)} row; topology={self.topology!r} needs "
                    "at least 2 rows to link: add rows of that class, or use RandomOverSampler to copy it.")

    def _fit_resample(self, X, y):
        rng = check_random_state(self.random_state)
        blocks, self.centroids_ = [], {}
        for label, class_index, n_new in self._classes_to_grow(y):
            warn_if_identical(X, class_index, label, "polynom-fit-SMOTE")
            parent, neighbor, lam, values, centroid = _TOPOLOGIES[self.topology](rng, X, class_index, n_new)
            if centroid is not None:
                self.centroids_[label] = centroid
            blocks.append(Synthetic(label, parent, neighbor, lam, values=values))
        return self._assemble(X, y, blocks)

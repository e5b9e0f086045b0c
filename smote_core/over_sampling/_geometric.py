"""Geometric SMOTE (Douzas & Bacao, 2019): new rows inside a (truncated, deformed) hypersphere around a row."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.utils import check_random_state

from .._base import Synthetic
from .._neighbors import nearest_among, nearest_neighbors, neighbor_count
from .._validation import check_class_size, warn_if_identical
from ..parameters import Param
from ..scaling import NEIGHBOR_SCALING
from ._interpolation import cells_to_pairs, draw_cells
from ._smote import BaseOverSampler

SELECTION_STRATEGIES = ("combined", "majority", "minority")


def draw_unit_ball(rng: np.random.RandomState, n_samples: int, n_features: int) -> np.ndarray:
    """``n_samples`` points uniform in the unit ball: a direction uniform on the sphere (normalised
    normal draws), at a radius ``u ** (1 / n_features)``, u uniform in [0, 1)."""
    direction = rng.normal(size=(n_samples, n_features))
    direction /= np.linalg.norm(direction, axis=1, keepdims=True)
    return direction * rng.uniform(size=(n_samples, 1)) ** (1.0 / n_features)


def geometric_rows(center: np.ndarray, surface: np.ndarray, ball: np.ndarray, truncation_factor: float,
                   deformation_factor: float) -> tuple[np.ndarray, np.ndarray]:
    """G-SMOTE's rows from their centres, surface points and unit-ball draws (one row of each per new row).

    With ``e`` the unit vector from the centre towards the surface point and ``p = ball . e``: a draw
    is reflected through the hyperplane orthogonal to ``e`` (``ball - 2 p e``) when
    ``truncation_factor > 0`` and ``p < truncation_factor - 1`` (it lies on the far side: a half
    sphere for 1.0), or ``truncation_factor < 0`` and ``p > truncation_factor + 1``; then its part
    orthogonal to ``e`` is shrunk by ``1 - deformation_factor`` (1.0: a segment); the row is
    ``center + radius * point``, ``radius = |surface - center|``. A zero radius gives the centre.

    Returns
    -------
    rows : ndarray of shape ball.shape
    reflected : ndarray of bool
        Which draws were reflected by the truncation.
    """
    offset = surface - center
    radius = np.linalg.norm(offset, axis=1)
    unit = np.divide(offset, radius[:, None], out=np.zeros_like(offset), where=radius[:, None] > 0)
    parallel = np.einsum("ij,ij->i", ball, unit)
    reflected = (((truncation_factor > 0) & (parallel < truncation_factor - 1))
                 | ((truncation_factor < 0) & (parallel > truncation_factor + 1)))
    point = ball - 2 * np.where(reflected, parallel, 0.0)[:, None] * unit
    along = np.where(reflected, -parallel, parallel)[:, None] * unit
    point = along + (1 - deformation_factor) * (point - along)
    point *= radius[:, None]
    point += center
    return point, reflected


class GeometricSMOTE(BaseOverSampler):
    """Geometric SMOTE: each new row is drawn inside a hypersphere around a row of the class.

    For each new row a centre is drawn among the class's rows and a surface point chosen
    (``selection_strategy``): ``minority``, one of the centre's ``k_neighbors`` nearest rows of its
    class; ``majority``, its nearest row of another class; ``combined``, the nearer of those two. A
    point is drawn uniformly in the unit ball, truncated (``truncation_factor``: 1.0 keeps the half
    facing the surface point, 0.0 the whole ball, -1.0 the other half), deformed towards the line
    through the surface point (``deformation_factor``: 0.0 a sphere, 1.0 a segment), and scaled to
    the sphere through the surface point (see :func:`geometric_rows`).

    Parameters
    ----------
    sampling_strategy : str, float, dict or callable, default="auto"
        How many rows to generate per class (imbalanced-learn's forms).
    random_state : int, RandomState or None, default=None
        Seed; one generator serves every class.
    k_neighbors : int or neighbours object, default=5
        Nearest rows of the class a surface point is chosen among (an object's ``n_neighbors`` counts
        the point itself).
    truncation_factor : float in [-1, 1], default=1.0
    deformation_factor : float in [0, 1], default=0.0
    selection_strategy : {"combined", "majority", "minority"}, default="combined"
    neighbor_scaling : {None, "standard", "robust"}, default=None
        Search neighbours (and, for ``combined``, compare their distances) on per-column scaled data;
        the spheres are drawn in the original units. None searches the columns as they are.

    Attributes
    ----------
    sampling_strategy_ : dict
        Class -> number of rows generated.
    provenance_ : DataFrame
        ``parent`` is the centre and ``neighbor`` the surface point (positions in X; with
        ``majority`` or ``combined`` it can be a row of another class); ``lam`` is NaN: a row lies
        inside the sphere, not on the segment.
    geometry_ : DataFrame
        One row per synthetic row, in the order of ``provenance_``: ``row``, ``label``, ``center``,
        ``surface``, ``radius`` (``|X[surface] - X[center]|``) and ``reflected`` (whether the
        truncation reflected the draw).
    unit_ball_ : ndarray of shape (n_new, n_features)
        The draws, uniform in the unit ball, before truncation and deformation:
        ``geometric_rows(X[center], X[surface], unit_ball_, truncation_factor, deformation_factor)``
        recomputes every new row.
    neighbor_scaling_ : ColumnScaling or None
        The fitted scaling the neighbour searches used.

    Notes
    -----
    The reference is the authors' own implementation (``imblearn_extra.gsmote.GeometricSMOTE`` of
    imbalanced-learn-extra 0.2.10), with the same defaults and the same first draw (the centre and
    neighbour cells, as SMOTE); it draws each row's ball point one row at a time, here they are drawn
    together, so the rows are the same in distribution and, given the same draws, the same rows
    (tests/over_sampling/test_leaders_reference.py). smote-variants 1.0.1's ``G_SMOTE`` is another
    method (Sandhan & Choi, 2014) that shares the name. A point is never its own neighbour, even
    when the class holds exact duplicates of it. A class whose rows are all the same point gets copies
    of it (zero radius), with a ``UserWarning``.

    References
    ----------
    .. [1] G. Douzas and F. Bacao, "Geometric SMOTE a geometrically enhanced drop-in replacement for
       SMOTE", Information Sciences 501, 118-135, 2019.

    Examples
    --------
    >>> import numpy as np
    >>> from smote_core import GeometricSMOTE
    >>> X = np.random.RandomState(0).normal(size=(40, 3)); y = np.repeat([0, 1], [30, 10])
    >>> sampler = GeometricSMOTE(k_neighbors=3, random_state=0)
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> g = sampler.geometry_
    >>> bool((np.linalg.norm(X_res[g["row"]] - X[g["center"]], axis=1) <= g["radius"] + 1e-12).all())
    True
    """

    _technique = "g-smote"
    _rows_from_pairs = False
    _parameter_constraints = {
        **BaseOverSampler._parameter_constraints,
        "k_neighbors": Param("neighbors", "Nearest rows of the same class a surface point is chosen among.", low=1),
        "truncation_factor": Param("float", "1 keeps the half of the sphere facing the surface point, 0 the whole "
                                            "sphere, -1 the half facing away.", low=-1, high=1),
        "deformation_factor": Param("float", "0 draws in a sphere; towards 1 it flattens onto the segment to the "
                                             "surface point.", low=0, high=1),
        "selection_strategy": Param("choice", "Surface point: a near row of the class (minority), the nearest row "
                                              "of another class (majority), or the nearer of the two (combined).",
                                    options=SELECTION_STRATEGIES),
        "neighbor_scaling": NEIGHBOR_SCALING,
    }

    def __init__(self, *, sampling_strategy="auto", random_state=None, k_neighbors=5, truncation_factor=1.0,
                 deformation_factor=0.0, selection_strategy="combined", neighbor_scaling=None):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.k_neighbors = k_neighbors
        self.truncation_factor = truncation_factor
        self.deformation_factor = deformation_factor
        self.selection_strategy = selection_strategy
        self.neighbor_scaling = neighbor_scaling

    def _check_params(self, X, y):
        k = neighbor_count(self.k_neighbors, "k_neighbors")
        if self.selection_strategy != "majority":
            for label, class_index, _ in self._classes_to_grow(y):
                check_class_size(label, len(class_index), k, "k_neighbors")

    def _fit_resample(self, X, y):
        rng = check_random_state(self.random_state)
        search = self._search_space(X)
        blocks, tables, balls = [], [], []
        for label, class_index, n_new in self._classes_to_grow(y):
            warn_if_identical(X, class_index, label, "G-SMOTE")
            center, surface = self._centers_and_surfaces(rng, search, y, label, class_index, n_new)
            ball = draw_unit_ball(rng, n_new, X.shape[1])
            values, reflected = geometric_rows(X[center], X[surface], ball, self.truncation_factor,
                                               self.deformation_factor)
            blocks.append(Synthetic(label, center, surface, np.full(n_new, np.nan), values=values))
            tables.append(pd.DataFrame({
                "label": np.repeat(np.asarray([label], dtype=object), n_new), "center": center, "surface": surface,
                "radius": np.linalg.norm(X[surface] - X[center], axis=1), "reflected": reflected}))
            balls.append(ball)
        X_res, y_res = self._assemble(X, y, blocks)
        self.unit_ball_ = np.concatenate(balls) if balls else np.empty((0, X.shape[1]))
        geometry = pd.concat(tables, ignore_index=True) if tables else pd.DataFrame(
            {"label": [], "center": [], "surface": [], "radius": [], "reflected": []}).astype(
            {"label": object, "center": np.int64, "surface": np.int64, "radius": np.float64, "reflected": bool})
        geometry.insert(0, "row", np.arange(X.shape[0], X.shape[0] + len(geometry), dtype=np.int64))
        self.geometry_ = geometry
        return X_res, y_res

    def _centers_and_surfaces(self, rng, search, y, label, class_index, n_new):
        """Positions in X of each new row's centre and surface point (the cells drawn as SMOTE draws them)."""
        if self.selection_strategy != "minority":
            other = np.flatnonzero(y != label)
            nearest_other = other[nearest_among(search, 1, other, class_index)[:, 0]]
        if self.selection_strategy == "majority":
            rows = draw_cells(rng, len(class_index), n_new)
            return class_index[rows], nearest_other[rows]
        local = nearest_neighbors(search[class_index], self.k_neighbors)
        rows, chosen = cells_to_pairs(local, draw_cells(rng, local.size, n_new))
        center, surface = class_index[rows], class_index[chosen]
        if self.selection_strategy == "combined":
            to_own = np.linalg.norm(search[surface] - search[center], axis=1)
            to_other = np.linalg.norm(search[nearest_other[rows]] - search[center], axis=1)
            surface = np.where(to_own > to_other, nearest_other[rows], surface)
        return center, surface


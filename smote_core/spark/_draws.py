"""Synthetic rows as chunks that executors can make on their own, with the in-memory samplers' draws.

The driver runs each random stream of a class once, as the in-memory sampler would, and records the
generator's state where every chunk begins; an executor restores those states and draws its chunk
again, with the same functions. numpy's legacy generator draws element by element, so a chunk's
numbers are exactly those of the one large call: the synthetic rows equal the in-memory ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .._base import Synthetic
from ..over_sampling._borderline import draw_other_factors
from ..over_sampling._interpolation import cells_to_pairs, draw_cells, draw_choice, draw_lambdas

# Synthetic rows per chunk (one executor task makes a few chunks; 20 features: 40 MiB of float64).
CHUNK_ROWS = 262_144


@dataclass
class ClassPlan:
    """How the synthetic rows of one class are drawn.

    Attributes
    ----------
    label : object
    kind : {"pairs", "adasyn", "copy"}
        SMOTE-style draw over a neighbour table (SMOTE, Borderline), ADASYN's per-row counts, or
        random over-sampling's copies.
    parents : ndarray of int
        Position in the pool of each row of the neighbour table (or of each row that may be copied).
    neighbors : ndarray of int, shape (len(parents), k), optional
        Positions in the pool of each parent's neighbours.
    n_new : int
    step : float
        λ is uniform in [0, step).
    n_synthetic : ndarray of int, optional
        ADASYN's rows per parent.
    scale_other : bool
        borderline-2: λ towards a row of another class is multiplied by a factor in [0, 0.5).
    first_id : int
        Id of the class's first synthetic row.
    states : list
        Per chunk, the generator states its streams start from (set by :meth:`record`).
    chunk_rows : int
        Synthetic rows per chunk.
    """

    label: object
    kind: str
    parents: np.ndarray
    neighbors: np.ndarray | None
    n_new: int
    step: float = 1.0
    n_synthetic: np.ndarray | None = None
    scale_other: bool = False
    first_id: int = 0
    states: list = field(default_factory=list)
    chunk_rows: int = CHUNK_ROWS

    def chunks(self) -> list[tuple[int, int]]:
        """(start, stop) of each chunk of the class's rows."""
        step = self.chunk_rows
        return [(start, min(start + step, self.n_new)) for start in range(0, self.n_new, step)]

    def record(self, rng: np.random.RandomState, other_rng=None, pool_labels=None) -> None:
        """Draw every stream of the class through ``rng`` (and borderline-2's factors through
        ``other_rng``), chunk by chunk, keeping the state at the start of each chunk."""
        chunks = self.chunks()
        first = [self._first_stream(rng, stop - start)[0] for start, stop in chunks]
        second = [_checkpoint(rng, lambda r, n: draw_lambdas(r, n, self.step), stop - start)[0]
                  for start, stop in chunks]
        third = [None] * len(chunks)
        if self.scale_other:
            other_counts = []
            for state, (start, stop) in zip(first, chunks):
                replay = np.random.RandomState()
                replay.set_state(state)
                _, chosen = cells_to_pairs(self.neighbors, draw_cells(replay, self.neighbors.size, stop - start))
                other_counts.append(int(np.count_nonzero(pool_labels[chosen] != self.label)))
            third = [_checkpoint(other_rng, draw_other_factors, n)[0] for n in other_counts]
        self.states = list(zip(first, second, third))

    def _first_stream(self, rng, n):
        if self.kind == "pairs":
            return _checkpoint(rng, lambda r, m: draw_cells(r, self.neighbors.size, m), n)
        width = self.neighbors.shape[1] if self.kind == "adasyn" else len(self.parents)
        return _checkpoint(rng, lambda r, m: draw_choice(r, width, m), n)

    def record_copies(self, rng: np.random.RandomState) -> None:
        """Random over-sampling: one stream (the copied rows)."""
        self.states = [(self._first_stream(rng, stop - start)[0], None, None) for start, stop in self.chunks()]

    def block(self, chunk: int, pool_labels=None) -> Synthetic:
        """The chunk's rows as a :class:`Synthetic` block over the pool (parent/neighbour positions)."""
        start, stop = self.chunks()[chunk]
        first, second, third = self.states[chunk]
        rng = np.random.RandomState()
        rng.set_state(first)
        n = stop - start
        if self.kind == "copy":
            parent = self.parents[draw_choice(rng, len(self.parents), n)]
            return Synthetic(self.label, parent, np.full(n, -1), np.full(n, np.nan))
        if self.kind == "pairs":
            rows, chosen = cells_to_pairs(self.neighbors, draw_cells(rng, self.neighbors.size, n))
        else:
            cols = draw_choice(rng, self.neighbors.shape[1], n)
            rows = np.searchsorted(np.cumsum(self.n_synthetic), np.arange(start, stop), side="right")
            chosen = self.neighbors[rows, cols]
        rng.set_state(second)
        lam = draw_lambdas(rng, n, self.step)
        if self.scale_other:
            other = pool_labels[chosen] != self.label
            rng.set_state(third)
            lam[other] *= draw_other_factors(rng, int(np.count_nonzero(other)))
        return Synthetic(self.label, self.parents[rows], chosen, lam)


def _checkpoint(rng, draw, n):
    """Draw ``n`` values with ``draw(rng, n)``; return the state before the draw and the values."""
    state = rng.get_state()
    return state, draw(rng, n)

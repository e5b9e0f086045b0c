"""The training loop CTGAN and TVAE share: a budget of optimiser steps, progress reported in steps,
and early stopping on rows held out of training.

Every ``check_every`` steps (``CHECKS`` checks over the whole budget) the model generates
``VALIDATION_ROWS`` rows of the class being grown and their distance to the class's held-out rows
is measured on the decoded rows (numbers standardised, categories one-hot): the maximum mean
discrepancy (Gretton et al., 2012) with Gaussian kernels, which compares whole distributions, plus
the mean absolute difference of the pairwise correlations, which a kernel distance on few held-out
rows sees only faintly. The model with the smallest distance so far is kept; training stops when
``PATIENCE`` checks in a row have not improved it.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

import numpy as np

from ._stats import correlation

# Validation checks (and progress reports) over a full budget of steps.
CHECKS = 40
# Checks in a row without a smaller distance before training stops.
PATIENCE = 10
# Generated rows compared with the held-out rows at each check.
VALIDATION_ROWS = 500
# Fewest held-out rows of a class for early stopping; a smaller class trains on all its rows for
# the whole budget (a distance to a handful of rows is mostly noise).
MIN_VALIDATION_ROWS = 10
# Kernel widths, as multiples of the median distance between held-out rows.
_BANDWIDTHS = (0.25, 0.5, 1.0)


def split_held_out(index: np.ndarray, share: float, rng: np.random.RandomState) -> tuple[np.ndarray, np.ndarray]:
    """Split a class's row positions into (training, held out): ``round(share * n)`` rows held out,
    none when that is fewer than ``MIN_VALIDATION_ROWS``."""
    n_held = int(round(share * len(index)))
    if n_held < MIN_VALIDATION_ROWS:
        return index, index[:0]
    shuffled = rng.permutation(index)
    return np.sort(shuffled[n_held:]), np.sort(shuffled[:n_held])


class Validation:
    """Held-out rows of the class being grown, and how far a model's generated rows are from them.

    Parameters
    ----------
    transformer : TabularTransformer
        The fitted encoder (``to_matrix`` decodes rows to plain numbers).
    training : ndarray
        Encoded training rows (for the standardisation of the numbers).
    held_out : ndarray
        Encoded held-out rows.
    """

    def __init__(self, transformer, training: np.ndarray, held_out: dict):
        self.transformer = transformer
        matrix = transformer.to_matrix(training)
        self.mean, std = matrix.mean(axis=0), matrix.std(axis=0)
        self.scale = np.where(std > 0, std, 1.0)
        self.target = self._standard(held_out)
        self.target_correlation = correlation(self.target)
        self.widths = _median_distance(self.target) * np.asarray(_BANDWIDTHS)

    def _standard(self, encoded: np.ndarray) -> np.ndarray:
        return (self.transformer.to_matrix(encoded) - self.mean) / self.scale

    def distance(self, model, rng: np.random.RandomState) -> float:
        """Squared MMD plus the mean absolute correlation difference between generated and held-out
        rows."""
        generated = self._standard(model.sample(VALIDATION_ROWS, rng))
        upper = np.triu_indices(self.target.shape[1], k=1)
        difference = np.abs(correlation(generated) - self.target_correlation)[upper]
        return _mmd2(generated, self.target, self.widths) + (float(difference.mean()) if difference.size else 0.0)


def _squared_distances(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.maximum((a**2).sum(axis=1)[:, None] + (b**2).sum(axis=1)[None, :] - 2 * a @ b.T, 0.0)


def _median_distance(rows: np.ndarray) -> float:
    distances = np.sqrt(_squared_distances(rows, rows))
    positive = distances[distances > 0]
    return float(np.median(positive)) if positive.size else 1.0


def _mmd2(a: np.ndarray, b: np.ndarray, widths: np.ndarray) -> float:
    """Biased estimate of the squared MMD with a sum of Gaussian kernels of the given widths."""

    def kernel_mean(x, y):
        d2 = _squared_distances(x, y)
        return float(sum(np.exp(-d2 / (2 * w**2)).mean() for w in widths))

    return kernel_mean(a, a) + kernel_mean(b, b) - 2 * kernel_mean(a, b)


class TrainingLoop:
    """Runs a model's optimiser steps, reports progress, keeps the best model and stops early.

    Parameters
    ----------
    steps : int
        Optimiser steps at most.
    n_rows : int
        Training rows (to express steps as passes over the data).
    validation : Validation or None
        Held-out rows; None trains for all ``steps`` and keeps the last model.
    report : callable
        ``report(step, epoch, losses, distance)`` after every check: ``losses`` the mean of each
        loss over the steps since the last report, ``distance`` the validation distance (NaN
        without validation).
    """

    def __init__(self, steps: int, n_rows: int, validation: Validation | None, report: Callable):
        self.steps, self.n_rows = steps, n_rows
        self.validation, self.report = validation, report
        self.kept_step, self.stopped_early = 0, False

    def run(self, step: Callable[[], dict], model, modules, rows_per_step: int, rng: np.random.RandomState) -> int:
        """Call ``step()`` (one optimiser step on ``rows_per_step`` rows, returning its losses) up to
        ``steps`` times; ``model`` generates rows for validation and ``modules`` (a torch module)
        holds the weights to keep.

        Returns
        -------
        int
            The step whose weights ``modules`` holds at the end (also kept as ``kept_step``).
        """
        check_every = max(1, self.steps // CHECKS)
        totals, count = None, 0
        best, best_state, best_step, waited = np.inf, None, self.steps, 0
        for done in range(1, self.steps + 1):
            losses = step()
            values = np.fromiter(losses.values(), dtype=np.float64, count=len(losses))
            totals, count = (values if totals is None else totals + values), count + 1
            if done % check_every and done != self.steps:
                continue
            distance = np.nan
            if self.validation is not None:
                distance = self.validation.distance(model, rng)
                if distance < best:
                    best, best_state, best_step, waited = distance, copy.deepcopy(modules.state_dict()), done, 0
                else:
                    waited += 1
            self.report(done, done * rows_per_step / self.n_rows, dict(zip(losses, (totals / count).tolist())), distance)
            totals, count = None, 0
            if waited >= PATIENCE:
                self.stopped_early = done < self.steps
                break
        self.kept_step = done
        if best_state is not None:
            modules.load_state_dict(best_state)
            self.kept_step = best_step
        return self.kept_step

"""What CTGAN and TVAE share: parameter checks, which rows each model trains on and which are held
out, the seeded torch session, the progress report and decoding generated rows back into the class's
support."""

from __future__ import annotations

from numbers import Integral, Real

import numpy as np
import pandas as pd
from sklearn.utils import check_random_state

from ._sampler import GenerativeSampler
from ._torch import import_torch, torch_session
from ._training import TrainingLoop, Validation, split_held_out
from ._transformer import TabularTransformer, class_support

TRAIN_ON = ("class", "all")
# Rounds of drawing again the generated rows that fall outside the class's range or categories.
REDRAWS = 10


class NeuralSampler(GenerativeSampler):
    """Base of the PyTorch samplers.

    With ``train_on="class"`` one model is trained per class to grow, on that class's rows alone;
    with ``train_on="all"`` one model is trained on every row, conditioned on the label. Either way
    each class's rows are generated from its own condition and get its label. Training runs for
    ``steps`` optimiser steps at most; ``validation_share`` of each grown class's rows are held out
    and, every few steps, compared with generated rows: the closest model is kept and training stops
    when it no longer improves (see ``_training``). Rows with a number outside the class's observed
    range or a category not seen in it are drawn again (up to ``REDRAWS`` rounds); the few left after
    that are clipped to the range and the nearest seen category, so every row is inside the class's
    support.

    Subclasses implement ``_train(torch, data, labels, n_labels, transformer, rng, loop)``: build the
    networks, call ``loop.run(step, model, modules, rows_per_step, rng)`` and return the model, an
    object whose ``sample(label, n, rng)`` gives ``n`` encoded rows of label code ``label``.
    """

    _min_class_rows = 10

    def _check_params(self, X, y):
        super()._check_params(X, y)
        for name in ("steps", "batch_size"):
            check_positive_int(getattr(self, name), name)
        if self.n_threads is not None:
            check_positive_int(self.n_threads, "n_threads")
        if self.train_on not in TRAIN_ON:
            raise ValueError(f"train_on={self.train_on!r} is not known; use one of {list(TRAIN_ON)}.")
        share = self.validation_share
        if isinstance(share, bool) or not isinstance(share, Real) or not 0 <= share <= 0.5:
            raise ValueError(
                f"validation_share={share!r} must be a number from 0 to 0.5 (the share of a class's rows "
                "held out for early stopping; 0 trains on every row for all the steps)."
            )
        if self.progress is not None and not callable(self.progress):
            raise ValueError("progress must be a function progress(done, total, losses) or None.")

    def _generate(self, X, y):
        torch = import_torch(type(self).__name__)
        rng = check_random_state(self.random_state)
        grow = list(self._classes_to_grow(y))
        held = {label: split_held_out(index, self.validation_share, rng)[1] for label, index, _ in grow}
        if self.train_on == "all":
            groups = [("all", np.arange(len(y)), grow)]
        else:
            groups = [(label, class_index, [(label, class_index, n_new)]) for label, class_index, n_new in grow]
        history, last, total = [], {}, self.steps * len(groups)
        self.best_step_, generated = {}, {}
        with torch_session(torch, rng.randint(np.iinfo(np.int32).max), self.n_threads):
            for position, (trained_for, index, targets) in enumerate(groups):

                def report(step, epoch, losses, distance, trained_for=trained_for, offset=position * self.steps):
                    history.append({"model": trained_for, "step": step, "epoch": epoch, **losses, "distance": distance})
                    last.update(losses)
                    if self.progress is not None:
                        self.progress(offset + step, total, losses)

                transformer = TabularTransformer().fit(X.iloc[index], rng)
                train_index = np.setdiff1d(index, np.concatenate([held[label] for label, _, _ in targets]))
                classes, codes = np.unique(y[train_index], return_inverse=True)
                data = transformer.transform(X.iloc[train_index], rng)
                held_out = {int(np.searchsorted(classes, label)): transformer.transform(X.iloc[held[label]], rng)
                            for label, _, _ in targets if len(held[label])}
                validation = Validation(transformer, data, held_out) if held_out else None
                loop = TrainingLoop(self.steps, len(data), validation, report)
                model = self._train(torch, data, codes, len(classes), transformer, rng, loop)
                self.best_step_[trained_for] = loop.kept_step
                if loop.stopped_early and self.progress is not None:  # its remaining steps are skipped
                    self.progress((position + 1) * self.steps, total, dict(last))
                for label, class_index, n_new in targets:
                    code, support = int(np.searchsorted(classes, label)), class_support(X.iloc[class_index])
                    encoded = _draw_inside(model, transformer, code, n_new, support, rng)
                    generated[label] = transformer.inverse_transform(encoded, support)
        self.losses_ = pd.DataFrame(history)
        return generated


def _draw_inside(model, transformer, code: int, n: int, support, rng) -> np.ndarray:
    """``n`` encoded rows of label ``code``; rows that fall outside the class's support are drawn
    again (up to ``REDRAWS`` rounds) rather than clipped, so that no mass piles up at the class's
    minimum and maximum; what is still missing is taken from the last rejected rows, then clipped."""
    kept, missing = [], n
    for _ in range(REDRAWS):
        data = model.sample(code, 2 * missing, rng)
        inside = transformer.in_support(data, support)
        kept.append(data[inside][:missing])
        missing -= len(kept[-1])
        if missing == 0:
            break
    else:
        kept.append(data[~inside][:missing])
    return np.vstack(kept)


def check_positive_int(value, name: str) -> None:
    if not isinstance(value, Integral) or isinstance(value, bool) or value < 1:
        raise ValueError(f"{name}={value!r} must be a positive integer.")



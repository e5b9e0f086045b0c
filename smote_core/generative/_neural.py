"""What CTGAN and TVAE share: parameter checks, which of a class's rows train the model and which are
held out, the seeded torch session, the progress report and decoding generated rows back into the
class's support."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.utils import check_random_state

from ..parameters import Param
from ._sampler import GenerativeSampler
from ._torch import import_torch, torch_session
from ._training import TrainingLoop, Validation, split_held_out
from ._transformer import TabularTransformer, class_support

# Rounds of drawing again the generated rows that fall outside the class's range or categories.
REDRAWS = 10


class NeuralSampler(GenerativeSampler):
    """Base of the PyTorch samplers: one model per class to grow, trained on that class's rows alone.

    Training runs for ``steps`` optimiser steps at most. ``validation_share`` of the class's rows are
    held out and, every few steps, compared with generated rows: the closest model is kept and
    training stops when it no longer improves (see ``_training``). Rows with a number outside the
    class's observed range or a category not seen in it are drawn again (up to ``REDRAWS`` rounds);
    the few left after that are clipped to the range and the nearest seen category, so every row is
    inside the class's support.

    One model per class rather than one model for all classes with the label as a condition: the
    latter was measured to pull the minority's rows toward the majority (a classifier trained on real
    rows gave CTGAN's synthetic minority rows a mean P(minority) of 0.57 where real minority rows get
    0.79) and to fit the class less well; see ``docs/generative.md``.

    Subclasses implement ``_train(torch, data, transformer, rng, loop)``: build the networks, call
    ``loop.run(step, model, modules, rows_per_step, rng)`` and return the model, an object whose
    ``sample(n, rng)`` gives ``n`` encoded rows of the class.
    """

    _min_class_rows = 10

    _parameter_constraints = {
        **GenerativeSampler._parameter_constraints,
        "steps": Param("int", "Optimiser steps of each class's model (fewer when early stopping ends training).",
                       low=1),
        "batch_size": Param("int", "Rows per optimisation step (at most the class's rows).", low=1),
        "validation_share": Param("float", "Share of the class's rows held out for early stopping (0: none).",
                                  low=0, high=0.5),
        "n_threads": Param("int", "Torch threads during the fit.", low=1, none="keep the current thread settings"),
        "progress": Param("callable", "Called every few steps as progress(done, total, losses)."),
    }

    def _generate(self, X, y):
        torch = import_torch(type(self).__name__)
        rng = check_random_state(self.random_state)
        grow = list(self._classes_to_grow(y))
        history, last, total = [], {}, self.steps * len(grow)
        self.best_step_, generated = {}, {}
        with torch_session(torch, rng.randint(np.iinfo(np.int32).max), self.n_threads):
            for position, (label, index, n_new) in enumerate(grow):

                def report(step, epoch, losses, distance, label=label, offset=position * self.steps):
                    history.append({"model": label, "step": step, "epoch": epoch, **losses, "distance": distance})
                    last.update(losses)
                    if self.progress is not None:
                        self.progress(offset + step, total, losses)

                rows = X.iloc[index]
                transformer = TabularTransformer().fit(rows, rng)
                train_index, held_index = split_held_out(np.arange(len(index)), self.validation_share, rng)
                data = transformer.transform(rows.iloc[train_index], rng)
                validation = None
                if len(held_index):
                    validation = Validation(transformer, data, transformer.transform(rows.iloc[held_index], rng))
                loop = TrainingLoop(self.steps, len(data), validation, report)
                model = self._train(torch, data, transformer, rng, loop)
                self.best_step_[label] = loop.kept_step
                if loop.stopped_early and self.progress is not None:  # its remaining steps are skipped
                    self.progress((position + 1) * self.steps, total, dict(last))
                support = class_support(rows)
                generated[label] = transformer.inverse_transform(
                    _draw_inside(model, transformer, n_new, support, rng), support)
        self.losses_ = pd.DataFrame(history)
        return generated


def _draw_inside(model, transformer, n: int, support, rng) -> np.ndarray:
    """``n`` encoded rows of the class; rows that fall outside the class's support are drawn
    again (up to ``REDRAWS`` rounds) rather than clipped, so that no mass piles up at the class's
    minimum and maximum; what is still missing is taken from the last rejected rows, then clipped."""
    kept, missing = [], n
    for _ in range(REDRAWS):
        data = model.sample(2 * missing, rng)
        inside = transformer.in_support(data, support)
        kept.append(data[inside][:missing])
        missing -= len(kept[-1])
        if missing == 0:
            break
    else:
        kept.append(data[~inside][:missing])
    return np.vstack(kept)



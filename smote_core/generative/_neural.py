"""What CTGAN and TVAE share: parameter checks, which rows each model trains on, the seeded torch
session, the per-epoch progress report and decoding generated rows back into the class's support."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.utils import check_random_state

from ..parameters import Param
from ._sampler import GenerativeSampler
from ._torch import import_torch, torch_session
from ._transformer import TabularTransformer, class_support

TRAIN_ON = ("class", "all")
# Rounds of drawing again the generated rows that fall outside the class's range or categories.
REDRAWS = 10


class NeuralSampler(GenerativeSampler):
    """Base of the PyTorch samplers.

    With ``train_on="class"`` one model is trained per class to grow, on that class's rows alone;
    with ``train_on="all"`` one model is trained on every row, conditioned on the label. Either way
    each class's rows are generated from its own condition and get its label. Rows with a number
    outside the class's observed range or a category not seen in it are drawn again (up to
    ``REDRAWS`` rounds); the few left after that are clipped to the range and the nearest seen
    category, so every row is inside the class's support.

    Subclasses implement ``_train(torch, data, labels, n_labels, transformer, rng, report)`` returning
    an object whose ``sample(label, n, rng)`` gives ``n`` encoded rows of label code ``label``.
    """

    _min_class_rows = 10
    _parameter_constraints = {
        **GenerativeSampler._parameter_constraints,
        "epochs": Param("int", "Passes over the training rows.", low=1),
        "batch_size": Param("int", "Rows per optimisation step.", low=1),
        "train_on": Param("choice", "'all': one model on every row, conditioned on the label; 'class': one model "
                                    "per class to grow, on its rows alone.", options=TRAIN_ON),
        "n_threads": Param("int", "Torch threads during the fit.", low=1, none="keep the current thread settings"),
        "progress": Param("callable", "Called after every epoch as progress(done, total, losses)."),
    }

    def _generate(self, X, y):
        torch = import_torch(type(self).__name__)
        rng = check_random_state(self.random_state)
        grow = list(self._classes_to_grow(y))
        if self.train_on == "all":
            groups = [("all", np.arange(len(y)), grow)]
        else:
            groups = [(label, class_index, [(label, class_index, n_new)]) for label, class_index, n_new in grow]
        history, total = [], self.epochs * len(groups)
        generated = {}
        with torch_session(torch, rng.randint(np.iinfo(np.int32).max), self.n_threads):
            for trained_for, index, targets in groups:

                def report(epoch: int, losses: dict, trained_for=trained_for) -> None:
                    history.append({"model": trained_for, "epoch": epoch, **losses})
                    if self.progress is not None:
                        self.progress(len(history), total, losses)

                rows = X.iloc[index]
                classes, codes = np.unique(y[index], return_inverse=True)
                transformer = TabularTransformer().fit(rows, rng)
                data = transformer.transform(rows, rng)
                model = self._train(torch, data, codes, len(classes), transformer, rng, report)
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


def batches(n_rows: int, batch_size: int) -> int:
    """Optimisation steps per epoch: one pass over the training rows, at least one step."""
    return max(1, n_rows // batch_size)

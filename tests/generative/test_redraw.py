"""Generated rows outside the class's support are drawn again, not clipped onto its bounds."""

import numpy as np
import pandas as pd

from smote_core.generative._neural import REDRAWS, _draw_inside
from smote_core.generative._transformer import TabularTransformer, class_support


class _Model:
    """Stands in for a trained model: encodes rows whose x is uniform on [-2, 12] (class range 0..10)."""

    def __init__(self, transformer):
        self.transformer, self.calls = transformer, []

    def sample(self, n, rng):
        self.calls.append(n)
        frame = pd.DataFrame({"x": rng.uniform(-2, 12, n), "c": rng.choice(["a", "b", "z"], n)})
        return self.transformer.transform(frame, rng)


def _setup():
    rng = np.random.RandomState(0)
    frame = pd.DataFrame({"x": np.r_[np.linspace(-2, 12, 50), np.linspace(0, 10, 50)],
                          "c": np.r_[["z"] * 50, rng.choice(["a", "b"], 50)]})
    transformer = TabularTransformer().fit(frame, rng)
    return transformer, class_support(frame.iloc[50:]), rng


def test_rows_outside_are_redrawn_until_enough_are_inside():
    transformer, support, rng = _setup()
    model = _Model(transformer)
    encoded = _draw_inside(model, transformer, 400, support, rng)
    rows = transformer.inverse_transform(encoded)  # no clipping: must already be inside
    assert len(rows) == 400 and rows["x"].between(0, 10).all() and set(rows["c"]) <= {"a", "b"}
    assert transformer.in_support(encoded, support).all()
    assert model.calls[0] == 800 and len(model.calls) > 1  # a quarter of each draw is outside


def test_after_the_last_round_the_rest_is_clipped():
    transformer, support, rng = _setup()

    class Hopeless(_Model):
        def sample(self, n, rng):
            self.calls.append(n)
            return self.transformer.transform(pd.DataFrame({"x": np.full(n, 11.5), "c": ["z"] * n}), rng)

    model = Hopeless(transformer)
    rows = transformer.inverse_transform(_draw_inside(model, transformer, 30, support, rng), support)
    assert len(model.calls) == REDRAWS and len(rows) == 30
    assert (rows["x"] == 10).all() and set(rows["c"]) <= {"a", "b"}

"""Built-in demo datasets: the article's worked examples and synthetic sets whose right answer is known.

Every loader returns a DataFrame with a target column and is deterministic (a fixed seed), so demos,
tests and calibration see the same rows every time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
import pandas as pd

FRAUD_FOCUS = (120.0, 280.0)
FRAUD_NEIGHBORS = ((160.0, 230.0), (190.0, 300.0), (140.0, 190.0))


def fraud_example() -> pd.DataFrame:
    """The article's fraud example in two features, ``transaction_amount`` and ``time_of_day``.

    The fraud row (120, 280) has as its three nearest fraud neighbours exactly the article's
    (160, 230), (190, 300) and (140, 190); the other fraud rows lie farther away, and legitimate
    transactions fill the rest of the plane. Target column ``class``: ``"fraud"`` / ``"legit"``.
    """
    fraud = np.array(
        [FRAUD_FOCUS, *FRAUD_NEIGHBORS,
         (230.0, 250.0), (250.0, 180.0), (60.0, 150.0), (210.0, 120.0), (280.0, 300.0), (90.0, 60.0)]
    )
    rng = np.random.RandomState(7)
    legit = np.column_stack([rng.uniform(20, 420, 60), rng.uniform(20, 420, 60)])
    # keep legitimate rows off the fraud rows themselves, so the picture reads clearly
    far = np.min(np.linalg.norm(legit[:, None, :] - fraud[None, :, :], axis=2), axis=1) > 25
    legit = np.round(legit[far])
    frame = pd.DataFrame(np.vstack([fraud, legit]), columns=["transaction_amount", "time_of_day"])
    frame["class"] = ["fraud"] * len(fraud) + ["legit"] * len(legit)
    return frame


def loan_example() -> pd.DataFrame:
    """The article's loan-default table: defaulters A and B, plus repaid loans around them.

    Rows 0 and 1 are A (30,000 income, 15,000 loan, age 25) and B (35,000, 20,000, 30), both
    ``default = "yes"``; with λ = 0.6 between them SMOTE makes (33,000, 18,000, 28).
    """
    rng = np.random.RandomState(11)
    n_repaid = 18
    repaid = pd.DataFrame(
        {
            "income": np.round(rng.uniform(40_000, 120_000, n_repaid), -2).astype(int),
            "loan_amount": np.round(rng.uniform(5_000, 30_000, n_repaid), -2).astype(int),
            "age": rng.randint(24, 65, n_repaid),
        }
    )
    defaulters = pd.DataFrame(
        {
            "income": [30_000, 35_000, 28_000, 41_000],
            "loan_amount": [15_000, 20_000, 22_000, 26_000],
            "age": [25, 30, 23, 35],
        },
        index=["A", "B", "C", "D"],
    )
    frame = pd.concat([defaulters, repaid], ignore_index=True)
    frame["default"] = ["yes"] * len(defaulters) + ["no"] * n_repaid
    return frame


def two_moons_fraud(n_samples: int = 300, minority_share: float = 0.1, random_state: int = 0) -> pd.DataFrame:
    """A generated 2-D set for the step-by-step page: a minority arc inside a majority cloud."""
    rng = np.random.RandomState(random_state)
    n_min = max(6, int(round(n_samples * minority_share)))
    n_maj = n_samples - n_min
    angle = rng.uniform(0.15 * np.pi, 0.85 * np.pi, n_min)
    minority = np.column_stack([np.cos(angle), np.sin(angle) - 0.2]) + rng.normal(0, 0.08, (n_min, 2))
    majority = rng.normal(0, 0.55, (n_maj, 2)) + [0.0, -0.4]
    frame = pd.DataFrame(np.round(np.vstack([minority, majority]) * 100 + 200, 1), columns=["feature_1", "feature_2"])
    frame["class"] = ["minority"] * n_min + ["majority"] * n_maj
    return frame


@dataclass(frozen=True)
class Dataset:
    """A built-in dataset: its loader, target column and one line on what it shows."""

    name: str
    target: str
    description: str
    loader: Callable[[], pd.DataFrame]


_DATASETS = {
    d.name: d
    for d in (
        Dataset("fraud", "class", "The article's fraud example: 2 features, 10 fraud rows among legitimate ones.",
                fraud_example),
        Dataset("loan", "default", "The article's loan-default table: income, loan amount and age.", loan_example),
        Dataset("arc", "class", "A generated 2-D set: a minority arc inside a majority cloud.", two_moons_fraud),
    )
}


def dataset_names() -> list[str]:
    """Names accepted by :func:`load_dataset`."""
    return list(_DATASETS)


def dataset_info(name: str) -> Dataset:
    """The :class:`Dataset` record of ``name``."""
    if name not in _DATASETS:
        raise ValueError(f"unknown dataset {name!r}; choose one of: {', '.join(_DATASETS)}.")
    return _DATASETS[name]


def load_dataset(name: str) -> tuple[pd.DataFrame, str]:
    """Load a built-in dataset; return ``(frame, target_column)``."""
    info = dataset_info(name)
    return info.loader(), info.target

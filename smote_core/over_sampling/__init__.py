"""Over-samplers: each adds rows to the classes its ``sampling_strategy`` names."""

from ._adasyn import ADASYN
from ._borderline import BorderlineSMOTE
from ._random import RandomOverSampler
from ._smote import SMOTE
from ._smote_nc import SMOTEN, SMOTENC
from ._svm import SVMSMOTE

__all__ = ["SMOTE", "RandomOverSampler", "BorderlineSMOTE", "ADASYN", "SVMSMOTE", "SMOTENC", "SMOTEN"]

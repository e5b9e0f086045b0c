"""Over-samplers: each adds rows to the classes its ``sampling_strategy`` names."""

from ._adasyn import ADASYN
from ._borderline import BorderlineSMOTE
from ._geometric import GeometricSMOTE
from ._polynom_fit import PolynomFitSMOTE
from ._prowsyn import ProWSyn
from ._random import RandomOverSampler
from ._smote import SMOTE
from ._smote_nc import SMOTEN, SMOTENC
from ._svm import SVMSMOTE
from ._smote_ipf import SMOTEIPF  # last: it builds on smote_core.combine, which imports SMOTE from here

__all__ = ["SMOTE", "RandomOverSampler", "BorderlineSMOTE", "ADASYN", "SVMSMOTE", "SMOTENC", "SMOTEN",
           "PolynomFitSMOTE", "ProWSyn", "SMOTEIPF", "GeometricSMOTE"]

"""Generative over-sampling for numeric, categorical and mixed data.

``CTGANSampler`` and ``TVAESampler`` need PyTorch (the ``generative`` extra), which they import only
when they run; ``GaussianCopulaSampler`` and ``fidelity`` need only numpy and scikit-learn.
"""

from ._copula import GaussianCopulaSampler
from ._ctgan import CTGANSampler
from ._fidelity import FidelityReport, fidelity
from ._tvae import TVAESampler

__all__ = ["CTGANSampler", "FidelityReport", "GaussianCopulaSampler", "TVAESampler", "fidelity"]

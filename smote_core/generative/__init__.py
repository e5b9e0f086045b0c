"""Generative over-sampling for numeric, categorical and mixed data.

``CTGANSampler`` and ``TVAESampler`` need PyTorch (the ``generative`` extra), which they import only
when they run; ``GaussianCopulaSampler`` and ``fidelity`` need only numpy and scikit-learn.
"""

from ._copula import GaussianCopulaSampler
from ._ctgan import CTGANSampler
from ._fidelity import FidelityReport, fidelity
from ._tvae import TVAESampler

# Smallest minority class (rows) at which CTGAN or TVAE was measured to beat the Gaussian copula on
# downstream PR-AUC: none did. `python -m benchmarks.generative` (docs/generative.md) compared them on
# classes of 98, 148, 200, 450 and 1,500 rows (customers, breast cancer, subscribers, structured):
# the paired-bootstrap 95% interval of the PR-AUC gain over the copula never lay above 0 (no
# difference at 98 rows, the copula better at 200, the neural point estimates below the copula's at
# 148, 450 and 1,500). A number no class reaches, until a measurement shows a crossing.
NEURAL_MIN_ROWS = 10**9

__all__ = ["CTGANSampler", "FidelityReport", "GaussianCopulaSampler", "NEURAL_MIN_ROWS", "TVAESampler", "fidelity"]

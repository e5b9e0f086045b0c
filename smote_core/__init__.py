"""SMOTE Lab: SMOTE and its relatives for imbalanced tabular data, with provenance for every synthetic row.

Names are imported on first use, so ``import smote_core`` stays light and the optional PyTorch
extra is only loaded by the generative samplers that need it.

Besides the samplers, the advisor and the evaluation, the helpers that the dashboard and the command
line share are public: :func:`nearest_neighbors` (the exact search every sampler uses),
:func:`check_class_size`, :func:`describe_label`, :func:`is_numeric_kind`, :func:`stratified_sample`,
:func:`worker_processes` and :func:`start_workers` (the processes a comparison trains its folds in, and
starting them ahead of the first one), and the modules
``smote_core.tables`` (target guessing, missing values), ``smote_core.io`` (CSV in and out),
``smote_core.formats`` (CSV, Parquet or Excel in, with the same checks) and
``smote_core.parameters`` (each sampler's parameters as data).
"""

from importlib import import_module

__version__ = "0.1.0"

# public name -> module (relative to this package) that defines it
_EXPORTS = {
    "SMOTE": ".over_sampling",
    "RandomOverSampler": ".over_sampling",
    "BorderlineSMOTE": ".over_sampling",
    "ADASYN": ".over_sampling",
    "SVMSMOTE": ".over_sampling",
    "SMOTENC": ".over_sampling",
    "SMOTEN": ".over_sampling",
    "PolynomFitSMOTE": ".over_sampling",
    "ProWSyn": ".over_sampling",
    "SMOTEIPF": ".over_sampling",
    "GeometricSMOTE": ".over_sampling",
    "TomekLinks": ".cleaning",
    "EditedNearestNeighbours": ".cleaning",
    "IterativePartitioningFilter": ".cleaning",
    "SMOTETomek": ".combine",
    "SMOTEENN": ".combine",
    "CTGANSampler": ".generative",
    "TVAESampler": ".generative",
    "GaussianCopulaSampler": ".generative",
    "fidelity": ".generative",
    "make": ".registry",
    "techniques": ".registry",
    "profile_dataset": ".profile",
    "DatasetProfile": ".profile",
    "Advice": ".advisor",
    "advise": ".advisor",
    "evaluate": ".evaluation",
    "verdict": ".evaluation",
    "summarize": ".summary",
    "load_dataset": ".datasets",
    "nearest_neighbors": "._neighbors",
    "check_class_size": "._validation",
    "describe_label": "._validation",
    "is_numeric_kind": "._validation",
    "stratified_sample": "._strata",
    "start_workers": "._workers",
    "worker_processes": "._workers",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'smote_core' has no attribute {name!r}")
    value = getattr(import_module(_EXPORTS[name], __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))

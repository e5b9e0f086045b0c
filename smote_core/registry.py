"""Technique id -> sampler class, family, label, one-line description and the diagnostics it exposes.

Classes are imported on first use, so listing techniques never loads PyTorch.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module, util


@dataclass(frozen=True)
class Technique:
    """What the registry knows of one technique.

    Attributes
    ----------
    id : str
        Stable identifier used by the advisor, the CLI and the dashboard.
    label : str
        Name shown to people.
    family : str
        ``baseline``, ``interpolation``, ``boundary``, ``hybrid``, ``categorical`` or ``generative``.
    description : str
        One line on what it does.
    diagnostics : tuple of str
        Fitted attributes beyond ``provenance_`` that explain the run.
    module, class_name : str
        Where the sampler class lives.
    needs : str or None
        Optional package the technique needs (``"torch"`` for the neural generative models).
    defaults : tuple of (name, value) pairs
        Values :func:`make` fills in for parameters the class requires but the registry can answer
        (SMOTE-NC's ``categorical_features="auto"``: the non-numeric columns).
    """

    id: str
    label: str
    family: str
    description: str
    diagnostics: tuple
    module: str
    class_name: str
    needs: str | None = None
    defaults: tuple = ()

    @property
    def available(self) -> bool:
        """Whether the technique can run here (its optional dependency is installed)."""
        return self.needs is None or util.find_spec(self.needs) is not None

    @property
    def numeric_only(self) -> bool:
        """Whether the technique takes numeric columns only (it interpolates them)."""
        return self.sampler_class._numeric_only

    @property
    def sampler_class(self):
        return getattr(import_module(self.module), self.class_name)


_OVER = "smote_core.over_sampling"
_TECHNIQUES = (
    Technique("random-over", "Random over-sampling", "baseline",
              "Duplicates randomly chosen minority rows; the baseline every technique must beat.",
              (), _OVER, "RandomOverSampler"),
    Technique("smote", "SMOTE", "interpolation",
              "New minority rows on segments between a minority row and one of its k nearest minority neighbours.",
              ("neighbors_",), _OVER, "SMOTE"),
    Technique("borderline-smote", "Borderline-SMOTE", "boundary",
              "SMOTE from the minority rows in danger (mostly surrounded by other classes) only.",
              ("categories_",), _OVER, "BorderlineSMOTE"),
    Technique("adasyn", "ADASYN", "boundary",
              "More synthetic rows for minority rows that are harder to learn (more other-class neighbours).",
              ("difficulty_",), _OVER, "ADASYN"),
    Technique("svm-smote", "SVM-SMOTE", "boundary",
              "An SVM finds the boundary; new rows grow from its minority support vectors.",
              ("categories_", "support_"), _OVER, "SVMSMOTE"),
    Technique("smote-tomek", "SMOTE + Tomek links", "hybrid",
              "SMOTE, then removal of Tomek links: pairs of nearest neighbours from different classes.",
              ("cleaning_", "sample_indices_"), "smote_core.combine", "SMOTETomek"),
    Technique("smote-enn", "SMOTE + ENN", "hybrid",
              "SMOTE, then Edited Nearest Neighbours removes rows their neighbours disagree with.",
              ("cleaning_", "sample_indices_"), "smote_core.combine", "SMOTEENN"),
    Technique("polynom-fit-smote", "polynom-fit-SMOTE", "interpolation",
              "New rows spread evenly along the links of a star (to the centroid), a bus or a mesh over the class.",
              ("centroids_",), _OVER, "PolynomFitSMOTE"),
    Technique("prowsyn", "ProWSyn", "boundary",
              "More new rows from rows nearer the other classes: proximity levels, weights falling by level.",
              ("levels_",), _OVER, "ProWSyn"),
    Technique("smote-ipf", "SMOTE-IPF", "hybrid",
              "SMOTE, then the iterative-partitioning filter removes rows most trees trained on parts misclassify.",
              ("cleaning_", "sample_indices_"), _OVER, "SMOTEIPF"),
    Technique("g-smote", "G-SMOTE", "interpolation",
              "Geometric SMOTE: new rows inside a truncated, deformed hypersphere around a row of the class.",
              ("geometry_", "unit_ball_"), _OVER, "GeometricSMOTE"),
    Technique("smote-nc", "SMOTE-NC", "categorical",
              "SMOTE for mixed data: numbers interpolated, categories taken by vote of the neighbours.",
              ("neighbors_", "median_std_"), _OVER, "SMOTENC",
              defaults=(("categorical_features", "auto"),)),
    Technique("smoten", "SMOTE-N", "categorical",
              "SMOTE for categorical-only data: each column takes the most common value among a row's VDM neighbours.",
              ("neighbors_",), _OVER, "SMOTEN"),
    Technique("ctgan", "CTGAN", "generative",
              "A conditional GAN learns the class's joint distribution, mixed types included, and samples it.",
              ("losses_",), "smote_core.generative", "CTGANSampler", needs="torch"),
    Technique("tvae", "TVAE", "generative",
              "A variational autoencoder for tables learns the class's distribution and samples it.",
              ("losses_",), "smote_core.generative", "TVAESampler", needs="torch"),
    Technique("gaussian-copula", "Gaussian copula", "generative",
              "Per class: each column's own distribution, joined by the correlation of normal scores (no torch).",
              ("correlation_",), "smote_core.generative", "GaussianCopulaSampler"),
)
_BY_ID = {technique.id: technique for technique in _TECHNIQUES}


def techniques() -> list[Technique]:
    """Every technique, in the order the dashboard lists them."""
    return list(_TECHNIQUES)


def get(technique_id: str) -> Technique:
    """The registry entry of ``technique_id``; a clear ``ValueError`` names the known ids."""
    try:
        return _BY_ID[technique_id]
    except KeyError:
        raise ValueError(
            f"unknown technique {technique_id!r}; choose one of: {', '.join(_BY_ID)}."
        ) from None


def make(technique_id: str, **params):
    """A new sampler for ``technique_id`` with ``params``.

    Raises
    ------
    ValueError
        For an unknown id, a parameter the sampler does not take, or a technique whose optional
        dependency is missing (the message says what to install).
    """
    technique = get(technique_id)
    if not technique.available:
        raise ValueError(
            f"{technique.label} needs {technique.needs}, which is not installed: "
            "pip install 'smote-lab[generative]' (or use 'gaussian-copula', which needs no torch)."
        )
    cls = technique.sampler_class
    known = cls._get_param_names()  # without instantiating: SMOTENC has a required parameter
    unknown = sorted(set(params) - set(known))
    if unknown:
        raise ValueError(
            f"{technique.label} has no parameter(s) {unknown}; its parameters are {sorted(known)}."
        )
    return cls(**{**dict(technique.defaults), **params})

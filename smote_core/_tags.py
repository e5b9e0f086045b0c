"""scikit-learn estimator tags for samplers, with the two fields imbalanced-learn's checks read.

scikit-learn (>= 1.6) reads tags from ``__sklearn_tags__``; imbalanced-learn's sampler checks also read
``input_tags.dataframe`` and ``sampler_tags.sample_indices``, which scikit-learn's dataclasses lack.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sklearn.utils import InputTags as _SklearnInputTags
from sklearn.utils import Tags as _SklearnTags
from sklearn.utils import TargetTags


@dataclass(slots=True)
class InputTags(_SklearnInputTags):
    """scikit-learn's input tags, plus whether a DataFrame X is accepted (and returned)."""

    dataframe: bool = True


@dataclass(slots=True)
class SamplerTags:
    """Whether a fitted sampler has ``sample_indices_`` (positions of the rows it kept)."""

    sample_indices: bool = False


@dataclass(slots=True)
class Tags(_SklearnTags):
    """scikit-learn's tags with the sampler's own."""

    sampler_tags: SamplerTags = field(default_factory=SamplerTags)


def sampler_tags(*, allow_nan: bool, mixed: bool, sample_indices: bool) -> Tags:
    """The tags of a sampler: dense 2-D input (a DataFrame too), labels required.

    ``input_tags.categorical`` stays False: to scikit-learn's checks it means "X holds integer
    category codes only", which is SMOTE-N's case alone (it sets it itself).

    Parameters
    ----------
    allow_nan : bool
        Whether missing values pass through (copied, not interpolated).
    mixed : bool
        Whether X may hold text and categorical columns besides numbers.
    sample_indices : bool
        Whether the fitted sampler sets ``sample_indices_``.
    """
    return Tags(
        estimator_type="sampler",
        target_tags=TargetTags(required=True),
        input_tags=InputTags(sparse=False, allow_nan=allow_nan, string=mixed),
        sampler_tags=SamplerTags(sample_indices=sample_indices),
    )

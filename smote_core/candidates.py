"""What a comparison can recommend: the ways of not resampling, the techniques, and each with a tuned threshold.

A :class:`Candidate` is one way to train the model: as it is (``none``), with its decision threshold
tuned for the metric (``threshold``), with the classes weighted (``class_weight``), on rows resampled by
a technique (its registry id), or on resampled rows with a tuned threshold (``"<id>+threshold"``).

Candidates are ordered by simplicity, which breaks ties between candidates whose scores are within the
noise of each other (:mod:`smote_core.choice`). From simplest:

0. no resampling -- nothing about the data or the model changes;
1. a tuned threshold -- one number moves; the model and its probabilities stay as they are;
2. class weights -- the loss is reweighted, no row is invented, but the probabilities shift;
3. random over-sampling -- copies of real rows;
4. SMOTE -- invented rows on segments between real ones;
5. SMOTE's variants -- the same, with more choices and parameters that can go wrong;
6. generative models -- rows drawn from a learned distribution, the most that can go wrong unseen.

The further down the list, the more a candidate changes what the model sees, the more it distorts
predicted probabilities, and the harder it is to explain and maintain; so it has to earn its place by
scoring measurably better, not merely as well. A tuned threshold on top of a technique ranks just
after the technique alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import registry
from .tree import THRESHOLDS

# How neighbour-based samplers search during a check (see the samplers' ``neighbor_scaling``).
SCALING = "robust"

BASELINES = {
    "none": "No resampling",
    "threshold": "No resampling, tuned threshold",
    "class_weight": "Class weights (balanced)",
}
NOT_RESAMPLING = tuple(BASELINES)
THRESHOLD_SUFFIX = "+threshold"
_RANK = {"none": 0, "threshold": 1, "class_weight": 2, "random-over": 3, "smote": 4}
_VARIANT_RANK, _GENERATIVE_RANK = 5, 6


@dataclass(frozen=True, eq=False)
class Candidate:
    """One way to train the model.

    Attributes
    ----------
    id : str
        ``none``, ``threshold``, ``class_weight``, a technique id, or ``"<technique id>+threshold"``.
    label : str
        Name shown to people.
    technique : str or None
        Registry id of the sampler's technique (None when not resampling, or for a sampler that is
        not in the registry).
    sampler : sampler or None
        The unfitted sampler (cloned for every fit).
    class_weight : bool
        Weight the classes equally in training.
    threshold : bool
        Tune the decision threshold for the metric it is judged on.
    """

    id: str
    label: str
    technique: str | None = None
    sampler: object = None
    class_weight: bool = False
    threshold: bool = False

    @property
    def resamples(self) -> bool:
        return self.sampler is not None or self.technique is not None

    @property
    def base_id(self) -> str:
        """The id of the same candidate without a tuned threshold."""
        if self.id == "threshold":
            return "none"
        return self.id.removesuffix(THRESHOLD_SUFFIX)

    @property
    def simplicity(self) -> float:
        """Position in the order of simplicity of the module docstring (smaller is simpler)."""
        if self.id in _RANK:
            return _RANK[self.id]
        base = _RANK.get(self.base_id)
        if base is None:
            family = registry.get(self.technique).family if self.technique in _KNOWN else None
            base = _GENERATIVE_RANK if family == "generative" else _VARIANT_RANK
        return base + (0.5 if self.threshold else 0.0)


_KNOWN = {t.id for t in registry.techniques()}


def baseline(candidate_id: str) -> Candidate:
    """``none``, ``threshold`` or ``class_weight``."""
    if candidate_id not in BASELINES:
        raise ValueError(f"unknown baseline {candidate_id!r}; choose one of {list(BASELINES)}.")
    return Candidate(candidate_id, BASELINES[candidate_id], class_weight=candidate_id == "class_weight",
                     threshold=candidate_id == "threshold")


def technique(technique_id: str, params: dict | None = None, *, label: str | None = None) -> Candidate:
    """A registry technique with ``params`` (see :func:`smote_core.registry.make`)."""
    sampler = registry.make(technique_id, **(params or {}))
    return Candidate(technique_id, label or registry.get(technique_id).label, technique_id, sampler)


def from_sampler(sampler, candidate_id: str, label: str) -> Candidate:
    """A sampler object (a registry class with changed parameters, or any object with ``fit_resample``)."""
    known = getattr(sampler, "_technique", None)
    return Candidate(candidate_id, label, known if known in _KNOWN else None, sampler)


def with_threshold(candidate: Candidate) -> Candidate:
    """``candidate`` with its decision threshold tuned too."""
    if candidate.threshold:
        return candidate
    if candidate.id == "none":
        return baseline("threshold")
    return Candidate(candidate.id + THRESHOLD_SUFFIX, f"{candidate.label} + tuned threshold", candidate.technique,
                     candidate.sampler, candidate.class_weight, threshold=True)


def parse(candidate_id: str, params: dict | None = None) -> Candidate:
    """The candidate called ``candidate_id`` (a baseline, a technique id, or ``"<id>+threshold"``)."""
    if candidate_id in BASELINES:
        return baseline(candidate_id)
    if candidate_id.endswith(THRESHOLD_SUFFIX):
        return with_threshold(technique(candidate_id.removesuffix(THRESHOLD_SUFFIX), params))
    return technique(candidate_id, params)


def label_of(candidate_id: str) -> str:
    """The name people read for a candidate id, without building its sampler."""
    if candidate_id in BASELINES:
        return BASELINES[candidate_id]
    if candidate_id.endswith(THRESHOLD_SUFFIX):
        return f"{label_of(candidate_id.removesuffix(THRESHOLD_SUFFIX))} + tuned threshold"
    return registry.get(candidate_id).label if candidate_id in _KNOWN else candidate_id


def resamples(candidate_id: str) -> bool:
    """Whether the candidate called ``candidate_id`` resamples the rows."""
    return candidate_id not in BASELINES


def runnable(technique_id: str, profile) -> bool:
    """Whether the technique can run on data of this profile's kind (columns, classes, packages).

    ``profile`` is a :class:`smote_core.profile.DatasetProfile`.
    """
    entry = registry.get(technique_id)
    if not entry.available:
        return False
    if entry.family == "generative" and entry.needs:  # neural: only where the tree's size question allows it
        return all(profile.class_counts[c] >= THRESHOLDS["generative_min_rows"] for c in profile.minority_classes)
    if technique_id == "smote-nc":
        return bool(profile.numeric_columns and profile.categorical_columns)
    if technique_id == "smoten":
        return bool(profile.categorical_columns) and not profile.numeric_columns
    if technique_id == "borderline-smote" and not any(c.borderline.get("danger") for c in profile.classes.values()):
        return False  # no class has a row in danger: it would add no row at all (see the caveat)
    if entry.family == "generative":
        return True
    return not profile.categorical_columns and bool(profile.numeric_columns)


def scaled_params(technique_id: str) -> dict:
    """Parameters a check gives a technique: neighbour searches on robust-scaled columns where it has them."""
    if "neighbor_scaling" in registry.get(technique_id).sampler_class._get_param_names():
        return {"neighbor_scaling": SCALING}
    return {}


def for_check(answer, leaders=()) -> list:
    """The candidates a check compares for a tree's answer (a :class:`smote_core.walk.TreeAnswer`): the three
    ways of not resampling (a tuned threshold for two classes only), then the tree's pick and its
    neighbours on the tree, and ``leaders`` (the techniques that ranked first on the public datasets most
    like this one, :func:`smote_core.evidence.leaders`), each where it can run on this data, searching
    neighbours on scaled columns."""
    profile = answer.profile
    ways = [baseline("none")] + ([baseline("threshold")] if len(profile.class_counts) == 2 else [])
    ways.append(baseline("class_weight"))
    wanted = [answer.technique, *answer.neighbours, *(t for t in leaders if t in _KNOWN)]
    return ways + [technique(t, scaled_params(t)) for t in dict.fromkeys(wanted) if runnable(t, profile)]

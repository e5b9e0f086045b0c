"""The article's decision tree as data, answered from measurements, with every answer open to override.

::

    Is the data purely numerical?
    ├── Yes -> Does SMOTE create noisy samples near the boundary?
    │   ├── No                          -> SMOTE
    │   ├── Yes, slightly               -> Borderline-SMOTE
    │   ├── Yes, heavily                -> ADASYN
    │   └── Want an SVM-guided boundary -> SVM-SMOTE
    ├── Yes, but want a cleaner boundary -> mild overlap: SMOTE + Tomek links / strong: SMOTE + ENN
    └── No: categorical columns or complex distributions
        ├── every minority class large enough for a neural generator -> CTGAN or TVAE
        └── otherwise -> the light option: SMOTE-NC (numbers and categories) / SMOTE-N (categories only)

Each edge names the answers it needs (``when``); walking a node asks its edges' questions in order,
lazily, so the path lists exactly the questions that decided the leaf. Every number a question
compares against lives in :data:`THRESHOLDS`.

The tree is the explanation; what to follow is checked. With ``check=True`` (the default)
:func:`advise` then compares the tree's pick with the other answers at the same place in the tree,
SMOTE, and the baselines "no resampling" and "class weights" on the user's own data
(:mod:`smote_core.checking`), and :attr:`Advice.recommended` is the measured choice.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pandas as pd

from typing import Callable

from . import registry
from ._validation import describe_label
from .checking import (CHECK_SCALING, DEFAULT_FOLDS, DEFAULT_MAX_ROWS, DEFAULT_METRIC, DEFAULT_MODEL,
                       Check, candidate_label, check_advice)
from .evaluation import calibration_change
from .generative import NEURAL_MIN_ROWS
from .profile import BORDERLINE_M, DatasetProfile, profile_dataset

# Every threshold the advisor uses; calibrated on the built-in "blobs", "label-noise-5",
# "label-noise-25", "overlap", "overlap-mild" and "customers" datasets (see tests/test_advisor.py).
THRESHOLDS = {
    # more categorical/boolean feature columns than this -> the data is not purely numerical
    "max_categorical_columns": 0,
    # share of the worst minority class's rows in Tomek links at or above this -> want a cleaner boundary
    "overlap_tomek_share": 0.21,
    # worst minority class's 1-NN error (its part of N3) at or above this -> strong overlap -> ENN
    "overlap_strong_n3": 0.65,
    # share of the trial SMOTE's rows that are noisy, worst class: at or above -> "slightly" ...
    "noise_slight": 0.02,
    # ... and at or above this -> "heavily"
    "noise_heavy": 0.15,
    # share of a minority class's rows that are outliers (no same-class neighbour among 5) at or
    # above this -> the ADASYN caveat cites it as a sign of label noise
    "label_noise_outliers": 0.10,
    # largest / smallest class below this -> the classes are nearly balanced
    "nearly_balanced_ratio": 1.5,
    # effective columns / numeric columns below this -> distances are dominated by a few columns
    "scale_effective_share": 0.5,
    # median nearest / farthest distance above this -> distances concentrate (high dimension)
    "distance_concentration": 0.5,
    # every minority class has at least this many rows -> a neural generator (CTGAN/TVAE) may be
    # recommended; below it the light option is: the smallest class at which one was measured to beat
    # the Gaussian copula (smote_core.generative.NEURAL_MIN_ROWS; none did, so none is recommended)
    "generative_min_rows": NEURAL_MIN_ROWS,
}


@dataclass(frozen=True)
class Question:
    """One question of the tree: ``key`` is also its override key."""

    key: str
    text: str
    answers: tuple


@dataclass(frozen=True)
class Node:
    """A question node (``technique`` None) or a leaf naming the technique it recommends."""

    id: str
    label: str
    technique: str | None = None

    @property
    def is_leaf(self) -> bool:
        return self.technique is not None


@dataclass(frozen=True)
class Edge:
    """Taken when every question in ``when`` has the given answer."""

    source: str
    target: str
    label: str
    when: tuple

    @property
    def id(self) -> str:
        return f"{self.source}->{self.target}"


QUESTIONS = {
    q.key: q
    for q in (
        Question("numerical", "Is the data purely numerical?", ("yes", "no")),
        Question("cleaner_boundary", "Do the classes overlap enough to want a cleaner boundary?", ("yes", "no")),
        Question("overlap", "How strongly do the classes overlap?", ("mild", "strong")),
        Question("svm_boundary", "Do you want an SVM to find the boundary?", ("yes", "no")),
        Question("noise", "Does SMOTE create noisy samples near the boundary?", ("no", "slightly", "heavily")),
        Question("neural_size", "Is every minority class large enough for a neural generator to learn from?",
                 ("yes", "no")),
    )
}

NODES = {
    n.id: n
    for n in (
        Node("numerical", "Is the data purely numerical?"),
        Node("noise", "Does SMOTE create noisy samples near the boundary?"),
        Node("cleaner", "Want a cleaner boundary: how strongly do the classes overlap?"),
        Node("smote", "SMOTE", "smote"),
        Node("borderline-smote", "Borderline-SMOTE", "borderline-smote"),
        Node("adasyn", "ADASYN", "adasyn"),
        Node("svm-smote", "SVM-SMOTE", "svm-smote"),
        Node("smote-tomek", "SMOTE + Tomek links", "smote-tomek"),
        Node("smote-enn", "SMOTE + ENN", "smote-enn"),
        Node("mixed", "Categorical columns: is the minority large enough for a neural generator?"),
        Node("generative", "CTGAN or TVAE", "ctgan"),
        Node("light", "SMOTE-NC / SMOTE-N", "smote-nc"),
    )
}
ROOT = "numerical"

EDGES = (
    Edge("numerical", "noise", "Yes", (("numerical", "yes"), ("cleaner_boundary", "no"))),
    Edge("numerical", "cleaner", "Yes, but want a cleaner boundary",
         (("numerical", "yes"), ("cleaner_boundary", "yes"))),
    Edge("numerical", "mixed", "No: categorical columns or complex distributions", (("numerical", "no"),)),
    Edge("noise", "smote", "No", (("svm_boundary", "no"), ("noise", "no"))),
    Edge("noise", "borderline-smote", "Yes, slightly", (("svm_boundary", "no"), ("noise", "slightly"))),
    Edge("noise", "adasyn", "Yes, heavily", (("svm_boundary", "no"), ("noise", "heavily"))),
    Edge("noise", "svm-smote", "Want an SVM-guided boundary", (("svm_boundary", "yes"),)),
    Edge("cleaner", "smote-tomek", "Mild overlap", (("overlap", "mild"),)),
    Edge("cleaner", "smote-enn", "Strong overlap", (("overlap", "strong"),)),
    Edge("mixed", "generative", "Yes", (("neural_size", "yes"),)),
    Edge("mixed", "light", "No: the light option", (("neural_size", "no"),)),
)

# leaf technique -> (alternative technique, why), in the order offered
ALTERNATIVES = {
    "smote": (("random-over", "the simplest baseline: duplicates instead of new points"),),
    "borderline-smote": (("svm-smote", "lets an SVM decide where the boundary is"),
                         ("adasyn", "puts even more rows where the minority is hardest to learn")),
    "adasyn": (("smote-enn", "cleans rows their neighbours disagree with, so mislabeled rows are not "
                             "amplified"),
               ("borderline-smote", "focuses on the boundary without weighting the hardest rows most")),
    "svm-smote": (("borderline-smote", "the same idea with a neighbour count instead of an SVM"),),
    "smote-tomek": (("smote-enn", "stronger cleaning: removes every row its neighbours disagree with"),),
    "smote-enn": (("smote-tomek", "gentler cleaning: removes only the closest cross-class pairs"),),
    "ctgan": (("tvae", "the article's other generative model; often as good and faster to train"),
              ("smote-nc", "light: SMOTE for mixed columns, categories by neighbour vote"),
              ("smoten", "light: SMOTE for all-categorical columns"),
              ("gaussian-copula", "light: per-class copula of the columns, no PyTorch")),
    "smote-nc": (("gaussian-copula", "per-class copula of the columns: a statistical generator, no PyTorch"),),
    "smoten": (("gaussian-copula", "per-class copula of the columns: a statistical generator, no PyTorch"),),
}


@dataclass
class Step:
    """One answered question on the path.

    Attributes
    ----------
    node : str
        Tree node the question was asked at.
    key, question, answer : str
    measured : float or None
        The value the answer was read from (None for preferences and unmeasured data).
    evidence : str
        The measurement in words.
    threshold : str
        The rule applied to ``measured`` (empty for preferences).
    overridden : bool
        True when the answer is the user's, not the measurement's.
    measured_answer : str
        What the measurement (or the default preference) answered.
    """

    node: str
    key: str
    question: str
    answer: str
    measured: float | None
    evidence: str
    threshold: str
    overridden: bool
    measured_answer: str


@dataclass
class Alternative:
    """A technique offered beside the recommendation."""

    technique: str
    label: str
    reason: str
    available: bool


@dataclass
class Advice:
    """The advisor's answer: the tree's pick with its evidence, and the checked recommendation.

    Attributes
    ----------
    technique : str
        Registry id of the technique the decision tree reached.
    path : list of Step
    alternatives : list of Alternative
    caveats : list of str
        Only what a measurement supports.
    profile : DatasetProfile
    path_node_ids, path_edge_ids : list of str
        Nodes and edges of :func:`tree_layout` on the taken path, root first.
    check : Check or None
        The comparison on the user's data (None when ``advise(..., check=False)``).
    """

    technique: str
    path: list
    alternatives: list
    caveats: list
    profile: DatasetProfile
    path_node_ids: list = field(default_factory=list)
    path_edge_ids: list = field(default_factory=list)
    check: Check | None = None

    @property
    def label(self) -> str:
        return registry.get(self.technique).label

    @property
    def runnable_technique(self) -> str:
        """The tree's pick, or the first available alternative when its optional dependency is missing."""
        if registry.get(self.technique).available:
            return self.technique
        return next(a.technique for a in self.alternatives if a.available)

    @property
    def recommended(self) -> str:
        """The id to follow: the checked choice (a technique id, ``"none"`` or ``"class_weight"``), or,
        unchecked, :attr:`runnable_technique`."""
        return self.check.recommended if self.check is not None else self.runnable_technique

    @property
    def recommended_label(self) -> str:
        return candidate_label(self.recommended)

    @property
    def resamples(self) -> bool:
        """Whether the recommendation is to resample at all."""
        return self.recommended not in ("none", "class_weight")

    @property
    def resampler(self) -> str:
        """The technique to run when resampling all the same: the recommendation when it resamples;
        otherwise the check's best-scoring technique (unchecked: :attr:`runnable_technique`)."""
        if self.resamples:
            return self.recommended
        if self.check is not None:
            ranked = [c for c in self.check.ranking()["candidate"] if c not in ("none", "class_weight")]
            if ranked:
                return ranked[0]
        return self.runnable_technique

    @property
    def reason(self) -> str:
        """One sentence on why :attr:`recommended` (empty when it is simply the tree's pick, unchecked)."""
        if self.check is not None:
            return self.check.reason
        if self.runnable_technique != self.technique:
            return (f"{self.label} needs PyTorch, which is not installed here, so the runnable choice is "
                    f"{registry.get(self.runnable_technique).label}.")
        return ""

    def to_text(self) -> str:
        """The advice as plain text: recommendation, path with evidence, alternatives, caveats, profile."""
        return render_advice(self)


def advise(df: pd.DataFrame, target: str, overrides=None, *, categorical=None, random_state: int = 0,
           check: bool = True, metric: str = DEFAULT_METRIC, model=DEFAULT_MODEL, cv: int = DEFAULT_FOLDS,
           repeats: int | None = None, max_rows: int = DEFAULT_MAX_ROWS,
           progress: Callable[[int, int, str], None] | None = None) -> Advice:
    """Profile ``df``, walk the decision tree, and check its pick on the data.

    Parameters
    ----------
    df : DataFrame
    target : str
        Target column.
    overrides : dict, optional
        Question key -> answer, replacing the measured answer: ``numerical`` ("yes"/"no"),
        ``cleaner_boundary`` ("yes"/"no"), ``overlap`` ("mild"/"strong"), ``svm_boundary``
        ("yes"/"no"), ``noise`` ("no"/"slightly"/"heavily") and ``neural_size`` ("yes"/"no");
        booleans stand for "yes"/"no". The check then runs for the overridden answer.
    categorical : list of str, optional
        Numeric columns to treat as categorical.
    random_state : int, default=0
        Seed of the profile's sample, the trial SMOTE and the check's folds.
    check : bool, default=True
        Compare the tree's pick with its neighbours on the tree, SMOTE, no resampling and class
        weights on ``df`` (cross-validated, resampling inside training folds only) and recommend the
        measured choice; False returns the tree's answer alone, in a fraction of the time.
    metric : str, default="average_precision"
        What the check ranks on. PR-AUC judges how well the minority is ranked, independent of a
        decision threshold; use ``"balanced_accuracy"`` when decisions at the default threshold matter.
    model : str or classifier, default="logistic"
        The classifier the check trains: fast, and the kind of model resampling changes most; pass
        ``"hist_gradient_boosting"`` (or your own classifier) to check for the model you will use.
    cv : int, default=5
        Folds of the check.
    repeats : int, optional
        Times the check draws its folds (more: steadier choices, longer checks); by default 3 to 10,
        more for smaller tables (:func:`smote_core.checking.repeats_for`).
    max_rows : int, default=5000
        Above this many rows the check runs on a stratified sample (the check says so).
    progress : callable, optional
        ``progress(done, total, text)`` after each fit of the check.

    Returns
    -------
    Advice
    """
    answers = check_overrides(overrides)
    measured = profile_dataset(df, target, categorical=categorical, random_state=random_state)
    advice = advise_profile(measured, answers)
    if not check:
        return advice
    frame = check_frame(df, measured)
    result = check_advice(frame, target, advice.technique, candidates(advice), metric=metric, model=model, cv=cv,
                          repeats=repeats, max_rows=max_rows, params=check_params(candidates(advice)),
                          random_state=random_state, progress=progress)
    return with_check(advice, result)


def candidates(advice: Advice) -> list:
    """What the check compares beside the baselines: the tree's pick, the other leaves of its question
    node, the alternatives offered with it, and SMOTE -- those that can run on data of this kind."""
    node = advice.path_node_ids[-2] if len(advice.path_node_ids) > 1 else ROOT
    siblings = [NODES[e.target] for e in EDGES if e.source == node]
    wanted = [advice.technique, *(_leaf_technique(n, advice.profile) for n in siblings),
              *(a.technique for a in advice.alternatives), "smote"]
    return [t for t in dict.fromkeys(wanted) if _can_run(t, advice.profile)]


def _can_run(technique: str, p: DatasetProfile) -> bool:
    """Whether ``technique`` can run on data of this profile's kind (columns, classes, packages)."""
    entry = registry.get(technique)
    if not entry.available:
        return False
    if entry.family == "generative" and entry.needs:  # neural: only where the tree's size question allows it
        return all(p.class_counts[c] >= THRESHOLDS["generative_min_rows"] for c in p.minority_classes)
    if technique == "smote-nc":
        return bool(p.numeric_columns and p.categorical_columns)
    if technique == "smoten":
        return bool(p.categorical_columns) and not p.numeric_columns
    if technique == "borderline-smote" and not any(c.borderline.get("danger") for c in p.classes.values()):
        return False  # no class has a row in danger: it would add no row at all (see the caveat)
    if entry.family == "generative":
        return True
    return not p.categorical_columns and bool(p.numeric_columns)


def check_params(techniques) -> dict:
    """Parameters the check gives each technique: neighbour searches on robust-scaled columns."""
    scaled = {}
    for technique in techniques:
        if "neighbor_scaling" in registry.get(technique).sampler_class._get_param_names():
            scaled[technique] = {"neighbor_scaling": CHECK_SCALING}
    return scaled


def check_frame(df: pd.DataFrame, p: DatasetProfile) -> pd.DataFrame:
    """The labelled rows of the columns the profile can use, complete (numbers: median; categories:
    most frequent value), with the columns the profile counts as categorical held as text."""
    used = p.numeric_columns + p.categorical_columns
    frame = df.loc[df[p.target].notna(), used + [p.target]].reset_index(drop=True)
    for name in p.numeric_columns:
        if frame[name].isna().any():
            frame[name] = frame[name].fillna(frame[name].median())
    for name in p.categorical_columns:
        column = frame[name]
        if column.isna().any():
            column = column.fillna(column.mode().iloc[0])
        if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
            column = column.astype(str)
        frame[name] = column
    return frame


def with_check(advice: Advice, result: Check) -> Advice:
    """``advice`` with the check attached and the caveats its measurements support."""
    notes = list(advice.caveats)
    notes.extend(_check_caveats(result))
    return replace(advice, check=result, caveats=notes)


def _check_caveats(result: Check) -> list:
    notes = []
    if result.skipped:
        for technique, why in result.skipped.items():
            notes.append(f"{candidate_label(technique)} was left out of the check: it failed on a training fold "
                         f"({why}).")
    chosen = result.recommended
    if chosen != "none" and calibration_change(result.results, chosen) == "worse":
        brier = result.results[result.results["metric"] == "brier"].set_index("technique")["mean"]
        notes.append(f"{candidate_label(chosen)} worsened the Brier score in the check (no resampling "
                     f"{brier['none']:.3f}, {candidate_label(chosen)} {brier[chosen]:.3f}): the predicted probabilities "
                     "overstate the minority; recalibrate on untouched data if you use them as probabilities.")
    return notes


def check_overrides(overrides) -> dict:
    """Validate overrides; return question key -> answer (booleans turned into "yes"/"no")."""
    if overrides is None:
        return {}
    if not isinstance(overrides, dict):
        raise ValueError(f"overrides must be a dict {{question: answer}}, got {type(overrides).__name__}.")
    checked = {}
    for key, value in overrides.items():
        if key not in QUESTIONS:
            known = "; ".join(f"{q.key}: {'/'.join(q.answers)}" for q in QUESTIONS.values())
            raise ValueError(f"unknown question {key!r} in overrides; the questions and answers are: {known}.")
        answers = QUESTIONS[key].answers
        answer = ("yes" if value else "no") if isinstance(value, bool) and answers == ("yes", "no") else value
        if isinstance(answer, str):
            answer = answer.strip().lower()
        if answer not in answers:
            raise ValueError(
                f"overrides[{key!r}]={value!r} is not an answer to {QUESTIONS[key].text!r}; "
                f"use one of {list(answers)}" + (" (or True/False)." if answers == ("yes", "no") else ".")
            )
        checked[key] = answer
    return checked


def advise_profile(measured: DatasetProfile, overrides=None) -> Advice:
    """Walk the tree over an existing profile (re-walk after changing answers without re-measuring)."""
    answers = check_overrides(overrides)
    path, nodes, edges = [], [ROOT], []
    asked = {}
    node = NODES[ROOT]
    while not node.is_leaf:
        edge = next(e for e in EDGES if e.source == node.id and _matches(e, node, measured, answers, asked, path))
        edges.append(edge.id)
        nodes.append(edge.target)
        node = NODES[edge.target]
    unused = sorted(set(answers) - set(asked))
    technique = _leaf_technique(node, measured)
    return Advice(
        technique=technique,
        path=path,
        alternatives=_alternatives(technique, measured),
        caveats=_caveats(technique, measured, unused),
        profile=measured,
        path_node_ids=nodes,
        path_edge_ids=edges,
    )


def _leaf_technique(node: Node, p: DatasetProfile) -> str:
    """The technique a leaf stands for on this data: the light leaf is SMOTE-N when no column is numeric."""
    if node.technique == "smote-nc" and not p.numeric_columns:
        return "smoten"
    return node.technique


def _matches(edge, node, measured, overrides, asked, path) -> bool:
    for key, wanted in edge.when:
        if key not in asked:
            asked[key] = _ask(node.id, key, measured, overrides)
            path.append(asked[key])
        if asked[key].answer != wanted:
            return False
    return True


def _ask(node_id, key, measured, overrides) -> Step:
    answer, value, evidence, threshold = _MEASURES[key](measured)
    given = overrides.get(key, answer)
    return Step(node_id, key, QUESTIONS[key].text, given, value, evidence, threshold,
                overridden=key in overrides and given != answer, measured_answer=answer)


def _numerical(p: DatasetProfile):
    columns = p.categorical_columns
    limit = THRESHOLDS["max_categorical_columns"]
    answer = "no" if len(columns) > limit or not p.numeric_columns else "yes"
    named = f": {', '.join(map(str, columns))}" if columns else ""  # names, not a Python list
    evidence = f"{len(columns)} categorical/boolean column(s){named}; {len(p.numeric_columns)} numeric"
    return answer, float(len(columns)), evidence, f"more than {limit} categorical column(s), or no numeric one -> no"


def _worst(p: DatasetProfile, attribute: str, what: str):
    """``(value, evidence)`` of the minority class with the largest ``attribute``; ``what`` reads
    after "class <label>: <share> ..."."""
    label, value = p.worst(attribute)
    if value is None:
        return None, "not measured (no numeric feature columns)"
    classes = f" (the worst of {len(p.classes)} minority classes)" if len(p.classes) > 1 else ""
    return value, f"class {describe_label(label)}: {value:.1%} {what}{classes}{_sample_note(p)}"


def _sample_note(p: DatasetProfile) -> str:
    return f", on a stratified sample of {p.sample_size:,} of {p.n_rows:,} rows" if p.sampled else ""


def _cleaner_boundary(p: DatasetProfile):
    value, evidence = _worst(p, "tomek_share", "of its rows are in Tomek links")
    limit = THRESHOLDS["overlap_tomek_share"]
    answer = "yes" if value is not None and value >= limit else "no"
    return answer, value, evidence, f">= {limit:.0%} -> yes"


def _overlap(p: DatasetProfile):
    value, evidence = _worst(p, "n3", "of its rows have another class as nearest neighbour (N3)")
    limit = THRESHOLDS["overlap_strong_n3"]
    answer = "strong" if value is not None and value >= limit else "mild"
    return answer, value, evidence, f">= {limit:.0%} -> strong (ENN), else mild (Tomek links)"


def _svm_boundary(p: DatasetProfile):
    return "no", None, "your preference (default: no)", ""


def _noise(p: DatasetProfile):
    value, evidence = _worst(p, "noisy_share", "of a trial SMOTE's rows land among another class")
    slight, heavy = THRESHOLDS["noise_slight"], THRESHOLDS["noise_heavy"]
    if value is None or value < slight:
        answer = "no"
    else:
        answer = "heavily" if value >= heavy else "slightly"
    return answer, value, evidence, f"< {slight:.0%} -> no, < {heavy:.0%} -> slightly, else heavily"


def _neural_size(p: DatasetProfile):
    limit = THRESHOLDS["generative_min_rows"]
    smallest = p.minority_classes[0]
    rows = p.class_counts[smallest]
    answer = "yes" if rows >= limit else "no"
    rule = (f">= {limit:,} rows -> yes" if limit < NEURAL_MIN_ROWS else
            "no size so far: CTGAN and TVAE never beat the Gaussian copula in the measurements (docs/generative.md)")
    return answer, float(rows), f"smallest minority class {describe_label(smallest)}: {rows:,} rows", rule


_MEASURES = {
    "numerical": _numerical,
    "cleaner_boundary": _cleaner_boundary,
    "overlap": _overlap,
    "svm_boundary": _svm_boundary,
    "noise": _noise,
    "neural_size": _neural_size,
}


def _alternatives(technique: str, p: DatasetProfile) -> list:
    offered = []
    for alt, reason in ALTERNATIVES[technique]:
        if alt == "smote-nc" and not (p.numeric_columns and p.categorical_columns):
            continue
        if alt == "smoten" and p.numeric_columns:
            continue
        entry = registry.get(alt)
        offered.append(Alternative(alt, entry.label, reason, entry.available))
    return offered


def _caveats(technique: str, p: DatasetProfile, unused: list) -> list:
    """What the profile's measurements support saying about the tree's pick (nothing canned)."""
    notes = []
    if technique == "adasyn":
        notes.append(_adasyn_caveat(p))
    if technique == "borderline-smote":
        notes.extend(_no_danger_caveat(p))
    if technique == "ctgan" and not registry.get("ctgan").available:
        runnable = [registry.get(t).label for t in ("gaussian-copula", "smote-nc" if p.numeric_columns else "smoten")]
        notes.append(f"CTGAN and TVAE need PyTorch, which is not installed here: "
                     f"pip install 'smote-lab[generative]'. Runnable now: {', '.join(runnable)}.")
    if p.imbalance_ratio < THRESHOLDS["nearly_balanced_ratio"]:
        notes.append(f"The classes are nearly balanced (largest/smallest = {p.imbalance_ratio:.2f}): "
                     "resampling may not be needed at all.")
    notes.extend(_geometry_caveats(p))
    missing = {name: n for name, n in p.missing.items() if n}
    if missing:
        notes.append(f"Missing values in {missing}: the samplers need complete rows; fill them (e.g. the "
                     "median) or drop those rows first. The profile and the check filled them with the median "
                     "(numbers) or the most frequent value (categories).")
    notes.extend(p.warnings)
    if unused:
        notes.append(f"Your answer(s) to {unused} were not needed on this path.")
    return notes


def _no_danger_caveat(p: DatasetProfile) -> list:
    """Borderline-SMOTE grows a class from its rows in danger only: say which classes have none."""
    stuck = [c for c in p.classes.values() if c.borderline and not c.borderline["danger"]]
    if not stuck:
        return []
    counts = "; ".join(f"class {describe_label(c.label)}: 0 in danger of {c.n_sampled:,} rows "
                       f"({c.borderline['safe']:,} safe, {c.borderline['noise']:,} noise)" for c in stuck)
    return [f"Borderline-SMOTE grows a class only from its rows in danger (at least half but not all of their "
            f"{BORDERLINE_M} nearest rows of another class), and here {counts}{_sample_note(p)}: it would add no "
            "row to such a class."]


def _adasyn_caveat(p: DatasetProfile) -> str:
    text = ("ADASYN gives the most new rows to the minority rows with the most other-class neighbours; "
            "mislabeled rows look exactly like that, so it can amplify label noise. Run SMOTE + ENN "
            "beside it and compare.")
    label, share = max(((c.label, c.point_type_shares["outlier"]) for c in p.classes.values()),
                       key=lambda item: item[1], default=(None, 0.0))
    if share >= THRESHOLDS["label_noise_outliers"]:
        text += (f" Here {share:.0%} of the rows of class {describe_label(label)} have no same-class "
                 "neighbour among their 5 nearest (outliers), a sign of label noise.")
    return text


def dominant_columns(p: DatasetProfile) -> tuple[list, float] | None:
    """``(columns, their share of the summed variance)`` when a few raw columns decide unscaled distances
    (fewer effective columns than :data:`THRESHOLDS` ``scale_effective_share`` of the numeric ones):
    the largest-variance columns that together hold 90 % of it; None when no column dominates."""
    numeric = p.numeric_columns
    if p.effective_columns is None or len(numeric) < 2 \
            or p.effective_columns / len(numeric) >= THRESHOLDS["scale_effective_share"]:
        return None
    dominant, total = [], 0.0
    for name, share in sorted(p.variance_share.items(), key=lambda item: -item[1]):
        dominant.append(name)
        total += share
        if total >= 0.9:
            break
    return dominant, total


def _geometry_caveats(p: DatasetProfile) -> list:
    notes = []
    numeric = p.numeric_columns
    found = dominant_columns(p)
    if found is not None:
        dominant, total = found
        notes.append(f"Unscaled, neighbour distances are dominated by {', '.join(map(str, dominant))} ({total:.0%} of "
                     f"the variance; {p.effective_columns:.1f} effective of {len(numeric)} columns). The profile "
                     f"and the check search neighbours on {CHECK_SCALING}-scaled columns; when you run a sampler "
                     f"yourself, pass neighbor_scaling={CHECK_SCALING!r} (the library default searches the raw "
                     "columns, like imbalanced-learn).")
    if p.distance_concentration is not None and p.distance_concentration > THRESHOLDS["distance_concentration"]:
        notes.append(f"Distances concentrate (nearest / farthest = {p.distance_concentration:.2f}): in this "
                     "many dimensions 'nearest' neighbours are hardly nearer than any other row, so "
                     "neighbour-based samplers and these measurements are less reliable.")
    return notes


def tree_layout() -> dict:
    """The tree for drawing: ``nodes`` (id, label, kind, technique, depth, x) and ``edges``
    (id, source, target, label). Leaves get x = 0, 1, 2 ... in drawing order; a question node
    sits above the middle of its children."""
    children = {}
    for edge in EDGES:
        children.setdefault(edge.source, []).append(edge.target)
    placed, next_x = {}, [0.0]

    def place(node_id, depth):
        kids = children.get(node_id, [])
        for kid in kids:
            place(kid, depth + 1)
        if kids:
            x = (placed[kids[0]][1] + placed[kids[-1]][1]) / 2
        else:
            x, next_x[0] = next_x[0], next_x[0] + 1
        placed[node_id] = (depth, x)

    place(ROOT, 0)
    nodes = [{"id": n.id, "label": n.label, "kind": "leaf" if n.is_leaf else "question",
              "technique": n.technique, "depth": placed[n.id][0], "x": placed[n.id][1]}
             for n in NODES.values()]
    edges = [{"id": e.id, "source": e.source, "target": e.target, "label": e.label} for e in EDGES]
    return {"nodes": nodes, "edges": edges}


def render_advice(advice: Advice) -> str:
    """Plain-text advice for the CLI and the summary."""
    p = advice.profile
    lines = [f"Recommendation: {advice.recommended_label} ({advice.recommended})"]
    if advice.reason:
        lines.append(f"  {advice.reason}")
    lines.append(f"The decision tree's answer: {advice.label} ({advice.technique})")
    if advice.check is not None:
        lines.append("")
        lines.extend(render_check(advice.check))
    lines.append("")
    lines.append("Why the tree says so (each answer with its evidence):")
    for number, step in enumerate(advice.path, 1):
        lines.append(f"  {number}. {step.question} -> {step.answer}")
        rule = f" [rule: {step.threshold}]" if step.threshold else ""
        lines.append(f"     {step.evidence}{rule}")
        if step.overridden:
            lines.append(f"     overridden by you (the measurement said: {step.measured_answer})")
    lines.append("")
    lines.append("Alternatives:")
    for alt in advice.alternatives:
        lines.append(f"  - {alt.label} ({alt.technique}): {alt.reason}"
                     + ("" if alt.available else " [needs PyTorch: not installed]"))
    lines.append("")
    lines.append("Caveats:")
    lines.extend(f"  - {note}" for note in advice.caveats or ["none measured"])
    lines.append("")
    lines.extend(render_profile(p))
    return "\n".join(lines)


def render_check(result: Check) -> list:
    """The check as text lines: what was compared, how, and the scores best first."""
    from .evaluation import MODELS, get_metric

    model = MODELS.get(result.model, result.model)
    sample = (f", on a stratified sample of {result.sample_size:,} of {result.n_rows:,} rows" if result.sampled
              else "")
    lines = [f"Checked on your data: {get_metric(result.metric).label} of {model}, {result.cv}-fold "
             f"cross-validation {result.drawn}, resampling inside the training folds only{sample}:"]
    for row in result.ranking().itertuples():
        marks = [mark for mark, on in (("tree's pick", row.candidate == result.tree_pick),
                                       ("recommended", row.candidate == result.recommended)) if on]
        lines.append(f"  {row.label:<34} {row.mean:.3f} ± {row.std:.3f}" + (f"  <- {', '.join(marks)}" if marks else ""))
    lines.append("  (± is the standard deviation of the score across folds)")
    return lines


def render_profile(p: DatasetProfile) -> list:
    """The profile as text lines."""
    kinds = {}
    for name, kind in p.column_kinds.items():
        kinds.setdefault(kind, []).append(name)
    lines = [f"Data: {p.n_rows:,} rows, {p.n_columns} feature columns, target {p.target!r}"
             + (f" (geometry measured on a stratified sample of {p.sample_size:,} rows)" if p.sampled else "")]
    lines.extend(f"  {kind}: {', '.join(map(str, names))}" for kind, names in kinds.items())
    counts = ", ".join(f"{describe_label(c)}: {n:,}" for c, n in p.class_counts.items())
    lines.append(f"Classes: {counts} (imbalance ratio {p.imbalance_ratio:.1f})")
    for c in p.classes.values():
        types = ", ".join(f"{name} {share:.0%}" for name, share in c.point_type_shares.items())
        noisy = "n/a" if c.noisy_share is None else f"{c.noisy_share:.1%}"
        danger = f"; Borderline-SMOTE danger {c.borderline['danger']:,} (m={BORDERLINE_M})" if c.borderline else ""
        lines.append(f"  class {describe_label(c.label)}: {types}; trial SMOTE noisy {noisy}; "
                     f"in Tomek links {c.tomek_share:.1%}; N3 {c.n3:.1%}{danger}")
    return lines

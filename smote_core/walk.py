"""Walking the decision tree over a profile: every question answered from a measurement, or overridden.

Walking a node asks its edges' questions in order, lazily, so the path lists exactly the questions that
decided the leaf. Every number a question compares against lives in :data:`smote_core.tree.THRESHOLDS`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import registry
from ._validation import describe_label
from .generative import NEURAL_MIN_ROWS
from .profile import DatasetProfile
from .tree import ALTERNATIVES, EDGES, NODES, QUESTIONS, ROOT, THRESHOLDS, Node


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


@dataclass
class TreeAnswer:
    """Where the tree leads on this data, and how it got there.

    Attributes
    ----------
    technique : str
        Registry id of the technique the decision tree reached.
    path : list of Step
        Each answered question, root first.
    alternatives : list of Alternative
    profile : DatasetProfile
    path_node_ids, path_edge_ids : list of str
        Nodes and edges of :func:`smote_core.tree.tree_layout` on the taken path, root first.
    unused : list of str
        Overridden questions the path did not ask.
    """

    technique: str
    path: list
    alternatives: list
    profile: DatasetProfile
    path_node_ids: list = field(default_factory=list)
    path_edge_ids: list = field(default_factory=list)
    unused: list = field(default_factory=list)

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
    def neighbours(self) -> list:
        """Techniques worth checking beside the tree's pick: the other leaves of its question node, the
        alternatives offered with it, SMOTE, and random over-sampling (the simplest resampler)."""
        node = self.path_node_ids[-2] if len(self.path_node_ids) > 1 else ROOT
        siblings = [_leaf_technique(NODES[e.target], self.profile) for e in EDGES if e.source == node]
        wanted = [*siblings, *(a.technique for a in self.alternatives), "smote", "random-over"]
        return [t for t in dict.fromkeys(wanted) if t != self.technique]


def walk(measured: DatasetProfile, overrides=None) -> TreeAnswer:
    """Walk the tree over a profile (walk again after changing answers, without measuring again)."""
    answers = check_overrides(overrides)
    path, nodes, edges = [], [ROOT], []
    asked = {}
    node = NODES[ROOT]
    while not node.is_leaf:
        edge = next(e for e in EDGES if e.source == node.id and _matches(e, node, measured, answers, asked, path))
        edges.append(edge.id)
        nodes.append(edge.target)
        node = NODES[edge.target]
    technique = _leaf_technique(node, measured)
    return TreeAnswer(technique=technique, path=path, alternatives=_alternatives(technique, measured),
                      profile=measured, path_node_ids=nodes, path_edge_ids=edges,
                      unused=sorted(set(answers) - set(asked)))


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
    return value, f"class {describe_label(label)}: {value:.1%} {what}{classes}{sample_note(p)}"


def sample_note(p: DatasetProfile) -> str:
    """``, on a stratified sample of n of N rows`` when the profile measured a sample (else empty)."""
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


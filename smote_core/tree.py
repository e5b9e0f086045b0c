"""The article's decision tree as data: questions, nodes, edges, the alternatives of each leaf, and the
thresholds its measured answers compare against.

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

Each edge names the answers it needs (``when``). :mod:`smote_core.walk` answers the questions from a
profile of the data; the dashboard draws the tree from :func:`tree_layout`. The tree explains; what to
follow is checked on the data (:mod:`smote_core.advisor`).
"""

from __future__ import annotations

from dataclasses import dataclass

from .generative import NEURAL_MIN_ROWS

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


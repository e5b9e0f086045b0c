"""The Data & advice page's logic: the profile as tables, the evidence per tree node, the answer widgets.

Plain functions over :class:`smote_core.advisor.Advice` and its profile (no streamlit).
"""

from __future__ import annotations

import pandas as pd

from smote_core.advisor import QUESTIONS, Advice
from smote_core.checking import CHECK_SCALING
from smote_core.evaluation import MODELS

MEASURED = "measured"


def step_text(step) -> str:
    """One answered question in words: answer, evidence, rule, and whose answer it is."""
    text = f"{step.question} → {step.answer}. {step.evidence}"
    if step.threshold:
        text += f" (rule: {step.threshold})"
    if step.overridden:
        text += f". Your answer; the measurement said {step.measured_answer}"
    return text + "."


def evidence_by_node(advice: Advice) -> dict:
    """Tree node id -> the questions answered there, with their evidence (for the tree's hover)."""
    found = {}
    for step in advice.path:
        found.setdefault(step.node, []).append(step_text(step))
    return {node: "<br>".join(texts) for node, texts in found.items()}


def answer_options(question_key: str) -> list:
    """The choices of an answer widget: the measured (or default) answer first, then every possible answer."""
    return [MEASURED, *QUESTIONS[question_key].answers]


def answer_label(option: str, measured_answer: str, preference: bool = False) -> str:
    """How an answer option reads; a preference has a default, not a measurement."""
    if option != MEASURED:
        return option
    return f"default ({measured_answer}): your choice" if preference else f"as measured ({measured_answer})"


def is_preference(step) -> bool:
    """Whether an answered question is the user's preference (nothing measured, no rule applied)."""
    return step.measured is None and not step.threshold


def unused_overrides(advice: Advice, overrides: dict) -> list:
    """Answers given for questions the current path no longer asks (to forget, not to carry along)."""
    asked = {step.key for step in advice.path}
    return sorted(key for key in overrides if key not in asked)


def profile_numbers(profile) -> list[tuple[str, str, str]]:
    """``(label, value, help)`` of the profile's headline numbers."""
    numbers = [
        ("Rows", f"{profile.n_rows:,}", "Rows with a label."),
        ("Numeric + categorical", f"{len(profile.numeric_columns)} + {len(profile.categorical_columns)}",
         "Feature columns by kind; categorical counts boolean columns too."),
        ("Imbalance ratio", f"{profile.imbalance_ratio:.1f} : 1", "Largest class size / smallest class size."),
    ]
    if profile.effective_columns is not None:
        numbers.append(("Effective columns", f"{profile.effective_columns:.1f} of {len(profile.numeric_columns)}",
                        "How many raw columns really set distances: (Σ var)² / Σ var²."))
    if profile.distance_concentration is not None:
        numbers.append(("Distance concentration", f"{profile.distance_concentration:.2f}",
                        "Median nearest / farthest distance (scaled); near 1: neighbours are hardly nearer."))
    if profile.n3 is not None:
        numbers.append(("N3 (1-NN error)", f"{profile.n3:.1%}",
                        "Rows whose nearest neighbour has another class, over every sampled row."))
    return numbers


CLASS_COLUMN_HELP = {
    "safe": "Share of the class's rows with 4-5 of their 5 nearest neighbours in the class.",
    "borderline": "2-3 of 5 neighbours in the class.",
    "rare": "1 of 5 neighbours in the class.",
    "outlier": "No neighbour of the class among the 5 nearest.",
    "trial SMOTE noisy": "Share of a trial SMOTE's rows whose nearest real rows are mostly of another class.",
    "Tomek links": "Share of the class's rows in a Tomek link (mutual nearest neighbours of different classes).",
    "N3": "Share of the class's rows whose nearest neighbour has another class.",
}


def class_table(profile) -> pd.DataFrame:
    """One row per minority class: size, then point types, trial-SMOTE noise, Tomek links and N3 as
    percentages (0-100); the class as it is written in the data."""
    rows = []
    for c in profile.classes.values():
        shares = {name: 100 * share for name, share in c.point_type_shares.items()}
        rows.append({
            "class": str(c.label),
            "rows": c.n_rows,
            **shares,
            "trial SMOTE noisy": None if c.noisy_share is None else 100 * c.noisy_share,
            "Tomek links": None if c.tomek_share is None else 100 * c.tomek_share,
            "N3": None if c.n3 is None else 100 * c.n3,
        })
    return pd.DataFrame(rows)


def check_caption(check) -> str:
    """How the check was run, and what its two kinds of ± mean."""
    sample = (f", on a stratified sample of {check.sample_size:,} of {check.n_rows:,} rows" if check.sampled
              else f" on all {check.n_rows:,} rows")
    text = (f"Checked with {MODELS.get(check.model, check.model)}, {check.cv}-fold cross-validation "
            f"{check.drawn}{sample}; "
            f"neighbour searches on {CHECK_SCALING}-scaled columns, new rows in the original units. Bars: mean "
            "± standard deviation of the score across folds. The ± in the sentence above is the standard error "
            "of the fold-by-fold difference between two candidates: the noise the choice is judged against.")
    if check.skipped:
        text += " Left out (failed on a fold): " + ", ".join(check.skipped) + "."
    return text

"""The Data & advice page's logic: the profile as tables, the evidence per tree node, the answer widgets.

Plain functions over :class:`smote_core.advisor.Advice` and its profile (no streamlit).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from smote_core import registry
from smote_core.advisor import Advice
from smote_core.candidates import label_of, parse
from smote_core.crossval import TIE
from smote_core.evidence import evidence_for
from smote_core.metrics import get_metric
from smote_core.models import CHECK_SIZING, model_name
from smote_core.tree import QUESTIONS

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


GOAL_HELP = ("Ranking: the minority ranked high, whatever the cut-off (PR-AUC; the default, for when you will "
             "decide the cut-off later). Decisions: yes/no calls, judged by balanced accuracy or minority F1 (a "
             "decision threshold matters, and is tuned). Probabilities: risks you will read as probabilities "
             "(Brier score).")
MODEL_HELP = ("Check with the kind of model you will train: resampling helps some models and not others. Logistic "
              "regression is the default: fast, and the kind of model resampling changes most.")


def recommendation_text(advice: Advice) -> str:
    """What to do, in words, with the check's score of it and the reason (Markdown)."""
    rec = parse(advice.recommended)
    goal = get_metric(advice.metric)
    row = advice.choice.row(advice.recommended)
    steps = []
    if rec.resamples:
        steps.append(f"resample the training rows with **{registry.get(rec.technique).label}** (inside `fit` only)")
    if rec.class_weight:
        steps.append("weight the classes equally (`class_weight='balanced'`)")
    if rec.threshold:
        steps.append(f"move the decision threshold to where {goal.label} peaks ({threshold_text(advice)})")
    what = "; ".join(steps) if steps else "train the model on the rows as they are"
    return (f"**Do:** {what[0].upper() + what[1:]}. **Checked:** {goal.label} {row['mean']:.3f} ± {row['se']:.3f}. "
            f"**Why:** {advice.reason}")


def evidence_text(advice: Advice) -> str:
    """How the recommendation ranked on the public datasets most like the user's (:mod:`smote_core.evidence`);
    empty when the ranking has no evidence for the model or goal."""
    try:
        found = evidence_for(advice.profile, model_name(advice.model), advice.metric, technique=advice.recommended)
    except ValueError:  # no packaged ranking
        return ""
    return "" if found is None else found.sentence


def threshold_text(advice: Advice) -> str:
    """The tuned threshold in words: its mean over the check's folds."""
    found = advice.check.scores.thresholds[advice.recommended][advice.metric]
    return (f"about {np.nanmean(found):.2f} in the check, tuned again on all your rows when the pipeline is fitted")


# the choice rule (smote_core.choice) in one sentence, for every page that shows a verdict
RULE = (f"The best mean is recommended, or a simpler option that scored within {TIE} of it (simplest first: no "
        "resampling, a tuned threshold, class weights, random over-sampling, SMOTE, its variants, generative "
        "models); on the Brier score, and with logistic regression on PR-AUC and F1, the rows as they are (for F1 "
        "with a tuned threshold) unless an option leads them by more than the noise.")


def check_caption(advice: Advice) -> str:
    """How the check was run, what ± means, and what racing and failures left out."""
    check = advice.check
    text = (f"Checked with {check.protocol_text()}. Every ± is the corrected standard error of a mean over "
            f"folds (Nadeau and Bengio); “≈ best” marks the candidates within the noise of the best. {RULE}")
    if check.model in CHECK_SIZING:
        text += " The model is sized for the check; the pipeline below uses its standard size."
    dropped = check.scores.dropped
    if dropped:
        text += (" Stopped early, clearly behind on every goal: " + ", ".join(
            check.scores.candidate(c).label for c in dropped) + ".")
    if check.skipped:
        text += " Left out (failed on a fold): " + ", ".join(label_of(c) for c in check.skipped) + "."
    return text


def pipeline_caption(advice: Advice) -> str:
    """What the estimator does, and how to get it fitted (on the row weights when the check was weighted)."""
    weight = advice.check.weight if advice.check is not None else None
    carried = ("the sampler carries the weights and the model is trained on the resampled rows' weights"
               if advice.resamples else "the model is trained on them")
    weighted = "" if weight is None else (
        f" Your rows are weighted: fit it with `pipeline.fit(X, y, sample_weight=data['{weight}'])` (X without "
        f"that column); {carried}.")
    option = "" if weight is None else f" --weight {weight}"
    learns = ("resamples only the rows it is given and `predict` never resamples" if advice.resamples
              else "learns only from the rows it is given")
    return (f"`pipeline.fit(X, y)` {learns}, so it can go "
            f"straight into `cross_validate` or `GridSearchCV`.{weighted} The command line writes it fitted on your "
            f"table: `smote-lab advise data.csv --target {advice.profile.target}{option} --goal {advice.metric} "
            f"--model {advice.model} --save-pipeline model.joblib` (load a pickle only from a source you trust).")

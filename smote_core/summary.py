"""An interview-style Markdown summary of a run, written only from the run's own facts.

Each section answers one question a reviewer would ask: what the data is, which technique and why,
how it works, what it did to this data, whether it helped, and what to keep in mind. A section whose
facts were not supplied (no advice, no fitted sampler, no evaluation) is left out, never filled with
stand-in text.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import registry
from .scaling import SCALINGS
from ._validation import class_counts, describe_label, is_numeric_kind
from .caveats import dominant_columns
from .choice import calibration_change
from .crossval import noise
from .evaluation import scores_of, verdict
from .metrics import GOALS, METRICS, get_metric
from .models import MODELS
from .tree import THRESHOLDS

_INTERPOLATION = "synthetic = X + λ · (neighbour − X)"
_CLEANERS = {"enn": "Edited Nearest Neighbours", "tomek-link": "Tomek links"}

# technique id -> (how a row is made, in one or two sentences; the key formula); ``{k}``, ``{m}``,
# ``{K}``, ``{enn}`` and ``{out_step}`` are filled with the run's own parameters (see how_it_works)
HOW_IT_WORKS = {
    "random-over": (
        "Draws rows of the class at random, with replacement, and repeats them unchanged.",
        "synthetic = X (an exact copy of a randomly drawn row of the class)",
    ),
    "smote": (
        "Takes a row X of the class, one of its {k} nearest neighbours of the same class, and places the new "
        "row at a random point λ ∈ [0, 1) of the segment between them.",
        _INTERPOLATION,
    ),
    "borderline-smote": (
        "Sorts the class's rows by their {m} nearest neighbours of any class: 'danger' rows (at least half, "
        "but not all, of other classes) are the only parents, each interpolated towards one of its {k} "
        "nearest {towards}; 'safe' and 'noise' rows seed nothing.",
        _INTERPOLATION + ", with X a danger row",
    ),
    "adasyn": (
        "Gives each row of the class a share of the new rows in proportion to how many of its {K} nearest "
        "neighbours belong to other classes, so the hardest rows seed the most.",
        "g_i = G · r_i / Σ_j r_j with r_i = (other-class neighbours of X_i) / {K}; then " + _INTERPOLATION,
    ),
    "svm-smote": (
        "Fits an SVM and grows new rows from the class's support vectors, each towards one of its {k} nearest "
        "neighbours of the class from rows in danger (at least half of their {m} nearest rows of other "
        "classes), outwards (λ < 0) from safe ones, to push the boundary away from the class.",
        _INTERPOLATION + ", X a support vector, λ ∈ (−{out_step}, 1)",
    ),
    "smote-tomek": (
        "Runs SMOTE (each new row between a row and one of its {k} nearest neighbours of the class), then "
        "removes Tomek links: pairs of rows of different classes that are each other's nearest neighbour.",
        _INTERPOLATION + "; then drop a, b whenever NN(a) = b, NN(b) = a and their classes differ",
    ),
    "smote-enn": (
        "Runs SMOTE (each new row between a row and one of its {k} nearest neighbours of the class), then "
        "Edited Nearest Neighbours removes every row whose class the majority of its {enn} nearest "
        "neighbours disagrees with.",
        _INTERPOLATION + "; then drop X whenever most of its {enn} nearest neighbours have another class",
    ),
    "polynom-fit-smote": (
        "Spreads the new rows evenly along the links of a topology over the class: a star (every row to the "
        "class's centroid), a bus (each row to the next) or a mesh (every two rows); a link with c new rows "
        "holds them at 1/(c+1), ..., c/(c+1) of its length.",
        "synthetic = a + i/(c+1) · (b − a) on a link (a, b), i = 1..c",
    ),
    "prowsyn": (
        "Puts the class's rows into proximity levels by their nearness to the other classes (level 1: among the "
        "{K} nearest rows of the class to some row of another class); nearer levels get more new rows, each "
        "between its row and another row of the same level.",
        "weight of level l = exp(−θ (l − 1)); " + _INTERPOLATION + ", neighbour from the same level",
    ),
    "smote-ipf": (
        "Runs SMOTE (each new row between a row and one of its {k} nearest neighbours of the class), then the "
        "iterative-partitioning filter: trees trained on parts of the rows vote, and rows most of them "
        "misclassify are removed, until few are left to remove.",
        _INTERPOLATION + "; then drop the rows the partitions' trees misclassify by majority",
    ),
    "g-smote": (
        "Geometric SMOTE: around a row X of the class, towards a surface point chosen among its {k} nearest "
        "rows, the new row is drawn inside a hypersphere that may be truncated and deformed towards the "
        "surface point.",
        "synthetic = X + r · (deformed, truncated unit-ball draw), r = ‖surface − X‖",
    ),
    "smote-nc": (
        "SMOTE for mixed columns: numeric columns are interpolated towards one of the row's {k} nearest "
        "neighbours of the class, each categorical column takes the value most frequent among those {k}.",
        _INTERPOLATION + " on numeric columns; category = most frequent among the {k} neighbours",
    ),
    "smoten": (
        "For all-categorical data: neighbours are found with the value difference metric, and every "
        "column of the new row takes the value most frequent among the row's {k} nearest.",
        "category_j = most frequent value of column j among the {k} nearest rows (value difference metric)",
    ),
    "ctgan": (
        "A generator network learns, for each class, to produce rows that a critic network cannot tell "
        "from the class's real rows; numeric columns are modelled as mixtures of modes.",
        "learns p(row | class) adversarially; synthetic = G(z, class), z ~ N(0, I)",
    ),
    "tvae": (
        "A variational autoencoder learns to compress the class's rows into a Gaussian latent space and "
        "rebuild them; new rows are decoded from random latent points.",
        "learns p(row | class) = ∫ p(row | z) p(z) dz; synthetic = decoder(z), z ~ N(0, I)",
    ),
    "gaussian-copula": (
        "Per class, learns each column's own distribution and the correlation between columns after "
        "mapping them to normal scores; new rows are drawn from that joint model.",
        "z ~ N(0, Σ_class); synthetic_j = F_j⁻¹(Φ(z_j)) for each column j",
    ),
}


def how_it_works(technique: str, sampler=None) -> tuple[str, str]:
    """``(how, formula)`` of ``technique`` in words, with the run's own parameters (the sampler's, or
    the technique's defaults when no sampler is given)."""
    how, formula = HOW_IT_WORKS[technique]
    if registry.get(technique).family == "generative" or technique == "random-over":
        return how, formula
    params = (sampler if sampler is not None else registry.make(technique)).get_params(deep=False)
    if technique in ("smote-tomek", "smote-enn", "smote-ipf"):
        part = getattr(sampler, "smote_", None) or params.get("smote") or registry.make("smote")
        params["k_neighbors"] = part.k_neighbors
    if technique in ("smote-tomek", "smote-enn"):
        cleaner = getattr(sampler, "enn_", None) or params.get("enn") or registry.make(technique)._default_cleaner()
        params["enn"] = getattr(cleaner, "n_neighbors", None)
    values = {
        "k": _count(params.get("k_neighbors")),
        "m": _count(params.get("m_neighbors")),
        "K": _count(params.get("n_neighbors")),
        "enn": _count(params.get("enn")),
        "out_step": params.get("out_step"),
        "towards": ("neighbours of any class (λ < 0.5 towards another class)" if params.get("kind") == "borderline-2"
                    else "neighbours of the class"),
    }
    return how.format(**values), formula.format(**values)


def _count(spec):
    """A neighbour count as people read it: the number, or the given object's count without the point itself."""
    if spec is None or isinstance(spec, int):
        return spec
    return getattr(spec, "n_neighbors", 1) - 1


def summarize(data: pd.DataFrame, target: str, *, advice=None, technique: str | None = None, sampler=None,
              resampled: pd.DataFrame | None = None, results: pd.DataFrame | None = None,
              leaky: pd.DataFrame | None = None, metric: str = "average_precision") -> str:
    """Write the Markdown summary of a run.

    Parameters
    ----------
    data : DataFrame
        The original table, target column included.
    target : str
        Name of the target column.
    advice : Advice, optional
        What :func:`smote_core.advise` returned for ``data``.
    technique : str, optional
        Registry id of the technique used; by default the fitted sampler's, else the advice's.
    sampler : fitted sampler, optional
        Its parameters, ``provenance_``, ``cleaning_``, ``difficulty_``, ``categories_`` and
        ``support_`` are read when present.
    resampled : DataFrame, optional
        The sampler's output X (the worked example shows its real values); without it the example
        row is computed and integer columns rounded as the samplers round them.
    results : DataFrame, optional
        The output of :func:`smote_core.evaluation.evaluate` (correct protocol) on ``data``.
    leaky : DataFrame, optional
        The same comparison with ``leaky=True``; only then does the summary speak of leakage, with
        the inflation it measured.
    metric : str, default="average_precision"
        Metric the verdict ranks techniques on.

    Returns
    -------
    str
        Markdown; sections without facts are omitted.
    """
    if target not in data.columns:
        raise ValueError(f"target column {target!r} is not in the data; the columns are {list(data.columns)}.")
    technique = technique or getattr(sampler, "_technique", None)
    if technique is not None:
        registry.get(technique)
    y = data[target].dropna().to_numpy()
    counts = class_counts(y)
    judged = verdict(results, metric) if results is not None else None
    checked = _checked_effect(technique, results, advice, metric)

    title = "# SMOTE Lab summary"
    if advice is not None and advice.check is not None:
        title += f": {advice.recommended_label}"
    elif technique:
        title += f": {registry.get(technique).label}"
    sections = [
        title,
        _headline(data, target, counts, technique, sampler, checked),
        _data_section(data, target, counts),
        _advice_section(advice, technique),
        _technique_section(technique, sampler),
        _effect_section(data, target, counts, sampler, resampled),
        _evaluation_section(results, judged, metric, technique, leaky),
        _limitations_section(data, target, counts, technique, advice, results, judged, sampler),
    ]
    return "\n\n".join(section for section in sections if section) + "\n"


def _features(data: pd.DataFrame, target: str) -> tuple[list, list]:
    features = data.drop(columns=[target])
    numeric = [name for name, dtype in features.dtypes.items() if is_numeric_kind(dtype)]
    return numeric, [name for name in features.columns if name not in numeric]


def _generated(sampler) -> dict:
    """Label -> synthetic rows in the sampler's output."""
    provenance = getattr(sampler, "provenance_", None)
    if provenance is None or provenance.empty:
        return {}
    return provenance["label"].value_counts(sort=False).to_dict()


def _removed(sampler) -> pd.DataFrame | None:
    cleaning = getattr(sampler, "cleaning_", None)
    return cleaning if cleaning is not None and not cleaning.empty else None


def _checked_effect(technique, results, advice, metric) -> str:
    """The run's technique against no resampling, from the comparison (or else the advisor's check)."""
    scored = results
    if technique is None:
        return ""
    if scored is None or technique not in set(scored["technique"]):
        check = getattr(advice, "check", None)
        if check is None or technique not in set(check.results["technique"]):
            return ""
        scored, metric = check.results, advice.metric
    own = scored[(scored["technique"] == technique) & (scored["metric"] == metric)].iloc[0]
    none = scored[(scored["technique"] == "none") & (scored["metric"] == metric)].iloc[0]
    gains = scores_of(scored).gains(technique, "none", metric)
    return (f"Cross-validated with resampling inside the training folds only, it scored {get_metric(metric).label} "
            f"{own['mean']:.3f} against {none['mean']:.3f} without resampling (per-fold gain {gains.mean():+.3f} "
            f"± {noise(gains, scored.attrs.get('cv', 5)):.3f} over {len(gains)} folds).")


def _headline(data, target, counts, technique, sampler, checked) -> str:
    minority = min(counts, key=counts.get)
    ratio = max(counts.values()) / counts[minority]
    sentences = [
        f"The data has {len(data):,} rows, and class {describe_label(minority)} is outnumbered {ratio:.1f} to 1."
    ]
    if technique and sampler is not None and hasattr(sampler, "provenance_"):
        action = f"{registry.get(technique).label} added {sum(_generated(sampler).values()):,} synthetic rows"
        removed = _removed(sampler)
        if removed is not None:
            action += f" and removed {len(removed):,}"
        sentences.append(action + ".")
    if technique and checked:
        if sampler is None:
            sentences.append(f"{registry.get(technique).label} was evaluated:")
        sentences.append(checked)
    return "**In short.** " + " ".join(sentences)


def _data_section(data, target, counts) -> str:
    numeric, other = _features(data, target)
    total = sum(counts.values())
    majority = max(counts, key=counts.get)
    minority = min(counts, key=counts.get)
    lines = [
        "## What data was this?",
        "",
        f"- {len(data):,} rows, {len(numeric) + len(other)} feature columns "
        f"({len(numeric)} numeric, {len(other)} categorical or text), target column `{target}`.",
        # "label: count": "1 357" read as one number when the labels are numbers
        "- Classes: " + ", ".join(f"{describe_label(c)}: {n:,} ({n / total:.1%})" for c, n in counts.items()) + ".",
        f"- Imbalance: the majority class {describe_label(majority)} outnumbers the smallest class "
        f"{describe_label(minority)} {counts[majority] / counts[minority]:.1f} to 1.",
    ]
    unlabeled = int(data[target].isna().sum())
    if unlabeled:
        lines.append(f"- {unlabeled:,} rows have no label and were left out.")
    return "\n".join(lines)


def _advice_section(advice, technique) -> str:
    if advice is None:
        return ""
    lines = ["## Which technique, and why?", "",
             f"The decision tree answered **{advice.label}**, from these measurements:", ""]
    for number, step in enumerate(advice.path, 1):
        line = f"{number}. *{step.question}* **{step.answer}** — {step.evidence}"
        if step.threshold:
            line += f" (rule: {step.threshold})"
        if step.overridden:
            line += f"; you overrode the measured answer, {step.measured_answer}"
        lines.append(line + ".")
    check = advice.check
    if check is not None:
        choice = advice.choice
        goal = GOALS.get(advice.metric, get_metric(advice.metric).label)
        lines += ["", f"Asked for **{goal}**, the check recommends **{advice.recommended_label}**. {advice.reason} "
                      f"{choice.certainty}", ""]
        lines += [f"- {note}" for note in choice.notes + ([advice.calibration_note] if advice.calibration_note else [])]
        lines += ["", f"| Candidate | {get_metric(advice.metric).label} (mean ± corrected standard error) |",
                  "|---|---|"]
        for row in choice.table.itertuples():
            marks = [m for m, on in (("tree's answer", row.candidate == check.tree_pick),
                                     ("recommended", row.candidate == choice.recommended),
                                     ("within the noise of the best", row.within_noise)) if on]
            lines.append(f"| {row.label}{' (' + ', '.join(marks) + ')' if marks else ''} | "
                         f"{row.mean:.3f} ± {row.se:.3f} |")
        lines += ["", f"The check trained {check.protocol_text()}.", "",
                  "The recommendation as one scikit-learn estimator, ready to fit on the table:", "", "```python",
                  advice.pipeline_code().rstrip(), "```"]
    elif advice.reason:
        lines += ["", advice.reason]
    if technique and technique != advice.recommended:
        lines += ["", f"This run used {registry.get(technique).label}, not the recommendation "
                      f"({advice.recommended_label})."]
    if advice.caveats:
        lines += ["", "The advisor's caveats:", ""] + [f"- {note}" for note in advice.caveats]
    return "\n".join(lines)


def _technique_section(technique, sampler) -> str:
    if technique is None:
        return ""
    info = registry.get(technique)
    how, formula = how_it_works(technique, sampler)
    scaling = getattr(sampler, "neighbor_scaling_", None)
    if scaling is not None:
        how += (f" Neighbours were searched on {scaling.kind}-scaled columns ({SCALINGS[scaling.kind]}); the new "
                "rows are written in the original units.")
    return "\n".join([f"## How does {info.label} work?", "", how, "", f"Key formula: `{formula}`"])


def _effect_section(data, target, counts, sampler, resampled) -> str:
    if sampler is None or not hasattr(sampler, "provenance_"):
        return ""
    generated = _generated(sampler)
    removed = _removed(sampler)
    lines = ["## What did it do to this data?", ""]
    if generated:
        lines.append("- Synthetic rows: " + ", ".join(
            f"{n:,} of class {describe_label(c)}" for c, n in generated.items()) + ".")
    else:
        lines.append("- It generated no synthetic rows.")
    if removed is not None:
        originals = int((~removed["synthetic"]).sum())
        lines.append(
            f"- Cleaning removed {len(removed):,} rows ({originals:,} original, {len(removed) - originals:,} "
            f"synthetic) by {', '.join(_CLEANERS.get(str(r), str(r)) for r in sorted(set(removed['removed_by'])))}: "
            + ", ".join(f"{n:,} of class {describe_label(c)}" for c, n in
                        removed["label"].value_counts(sort=False).items()) + "."
        )
    after = dict(counts)
    for label, n in generated.items():
        after[label] = after.get(label, 0) + n
    if removed is not None:
        for label, n in removed.loc[~removed["synthetic"], "label"].value_counts().items():
            after[label] -= n
    lines.append("- Class sizes after: " + ", ".join(f"{describe_label(c)}: {n:,}" for c, n in after.items()) + ".")
    lines.extend(_provenance_lines(data, target, sampler.provenance_, resampled))
    lines.extend(_diagnostic_lines(sampler))
    return "\n".join(lines)


def _provenance_lines(data, target, provenance, resampled) -> list:
    interpolated = provenance.loc[provenance["neighbor"] >= 0]
    if interpolated.empty:
        return []
    parents = provenance["parent"].nunique()
    lam = interpolated["lam"].to_numpy()
    lines = [f"- The new rows grew from {parents:,} distinct parent rows; λ ranged from {lam.min():.2f} "
             f"to {lam.max():.2f} (mean {lam.mean():.2f})."]
    numeric, _ = _features(data, target)
    first = interpolated.iloc[0]
    if numeric:
        shown = numeric[:3]
        X = data[shown].to_numpy(dtype=float)
        parent, neighbor, step = X[int(first["parent"])], X[int(first["neighbor"])], float(first["lam"])
        if resampled is not None:
            new = resampled[shown].iloc[int(first["row"])].to_numpy(dtype=float)
        else:  # as the samplers write it: integer columns rounded
            new = parent + step * (neighbor - parent)
            integer = [pd.api.types.is_integer_dtype(data[c]) for c in shown]
            new = np.where(integer, np.round(new), new)
        digits = _decimals(np.concatenate([parent, neighbor, new]))
        rounded = " (integer columns rounded)" if any(pd.api.types.is_integer_dtype(data[c]) for c in shown) else ""
        lines.append(
            f"- For example, output row {int(first['row'])} on {', '.join(f'`{c}`' for c in shown)}: "
            f"{_point(parent, digits)} {'−' if step < 0 else '+'} {abs(step):.4f} · ({_point(neighbor, digits)} − "
            f"{_point(parent, digits)}) = "
            f"{_point(new, digits)}{rounded}, from input rows {int(first['parent'])} and {int(first['neighbor'])}."
        )
    return lines


def _decimals(values: np.ndarray) -> int:
    """Decimals that show every value to 4 significant digits of the smallest non-zero magnitude (at most 4)."""
    finite = np.abs(values[np.isfinite(values) & (values != 0)])
    if finite.size == 0 or np.all(finite == np.round(finite)):
        return 0
    return int(np.clip(3 - np.floor(np.log10(finite.min())), 0, 4))


def _point(values, digits: int) -> str:
    return "(" + ", ".join(f"{x:,.{digits}f}" for x in values) + ")"


def _diagnostic_lines(sampler) -> list:
    lines = []
    difficulty = getattr(sampler, "difficulty_", None)
    if difficulty is not None and not difficulty.empty:
        hardest = difficulty.sort_values(["ratio", "index"], ascending=[False, True]).head(3)
        lines.append("- Hardest rows (most other-class neighbours), which seeded the most new rows: " + "; ".join(
            f"row {int(r['index'])} ({int(r['n_other'])} other-class neighbours, r = {r['ratio']:.2f}, "
            f"{int(r['n_synthetic'])} new rows)" for _, r in hardest.iterrows()) + ".")
        top = difficulty.sort_values("ratio", ascending=False)
        quarter = max(1, len(top) // 4)
        share = top["n_synthetic"].head(quarter).sum() / max(1, top["n_synthetic"].sum())
        lines.append(f"- The hardest quarter of those rows ({quarter:,}) seeded {share:.0%} of the new rows.")
    categories = getattr(sampler, "categories_", None)
    if categories is not None and not categories.empty:
        for label, group in categories.groupby("label", sort=True, observed=True):
            shares = group["category"].value_counts()
            n = len(group)
            lines.append(
                f"- Class {describe_label(label)}: {shares.get('danger', 0):,} of its {n:,} rows "
                f"({shares.get('danger', 0) / n:.0%}) are in danger (near the boundary), "
                f"{shares.get('safe', 0):,} safe, {shares.get('noise', 0):,} noise (only other-class "
                "neighbours; never used as parents)."
            )
    support = getattr(sampler, "support_", None)
    if support is not None:
        lines.append(f"- The SVM found {len(support):,} support vectors of the grown class(es).")
    return lines


def _evaluation_section(results, judged, metric, technique, leaky) -> str:
    if results is None:
        return ""
    attrs = results.attrs
    lines = ["## Did it help?", ""]
    setting = []
    if "model" in attrs:
        setting.append(MODELS.get(attrs["model"], attrs["model"]))
    if "cv" in attrs:
        repeats = attrs.get("repeats", 1)
        setting.append(f"{attrs['cv']}-fold stratified cross-validation" + (f" × {repeats}" if repeats > 1 else ""))
    setting.append("resampling inside each training fold only; test folds hold real rows only")
    lines += ["Compared with " + "; ".join(setting) + ".", "", judged.text]
    if technique and technique != judged.best and technique in set(results["technique"]):
        own = results[(results["technique"] == technique) & (results["metric"] == metric)].iloc[0]
        none = results[(results["technique"] == "none") & (results["metric"] == metric)].iloc[0]
        gains = scores_of(results).gains(technique, "none", metric)
        lines += ["", f"{own['label']}, the technique of this run, scored {own['mean']:.3f} against "
                      f"{none['mean']:.3f} without resampling (per-fold gain {gains.mean():+.3f} ± "
                      f"{noise(gains, attrs.get('cv', 5)):.3f})."]
    lines.append("")
    shown = [m for m in METRICS if m.id in set(results["metric"])]
    names = dict(zip(results["metric"], results["metric_label"]))
    lines.append("| Technique | " + " | ".join(
        names[m.id] + ("" if m.greater_is_better else " (lower is better)") for m in shown) + " |")
    lines.append("|---|" + "---|" * len(shown))
    table = results.set_index(["label", "metric"])
    for label in results["label"].unique():
        cells = []
        for m in shown:
            row = table.loc[(label, m.id)]
            cell = f"{row['mean']:.3f} ± {row['se']:.3f}"
            cells.append(f"**{cell}**" if m.id == metric else cell)
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines += ["", f"Ranked on {get_metric(metric).label} (bold); ± is the corrected standard error of the mean over "
                  "folds (Nadeau and Bengio), as everywhere in SMOTE Lab."]
    lines.extend(_leaky_lines(results, leaky, metric))
    return "\n".join(lines)


def _leaky_lines(results, leaky, metric) -> list:
    """What resampling before splitting did to the scores, measured beside the right protocol."""
    if leaky is None:
        return []
    wrong = leaky[(leaky["protocol"] == "leaky") & (leaky["metric"] == metric)]
    right = results[results["metric"] == metric].set_index("technique")["mean"]
    pairs = [(row.label, right[row.technique], row.mean) for row in wrong.itertuples() if row.technique in right]
    if not pairs:
        return []
    label, honest, inflated = max(pairs, key=lambda item: item[2] - item[1])
    return ["", f"Resampling before splitting (the leaky protocol, run for comparison) reported {get_metric(metric).label} "
                f"{inflated:.3f} for {label.replace(' [leaky]', '')}, against {honest:.3f} when resampling stays "
                "inside the training folds: synthetic rows built from test rows make the test look easier."]


def _limitations_section(data, target, counts, technique, advice, results, judged, sampler) -> str:
    notes = []
    minority = min(counts, key=counts.get)
    numeric, other = _features(data, target)
    family = registry.get(technique).family if technique else None
    if counts[minority] < 30:
        notes.append(
            f"Class {describe_label(minority)} has only {counts[minority]:,} rows: every synthetic row is built from "
            "those few, and scores measured on so few test rows swing from fold to fold."
        )
    concentration = advice.profile.distance_concentration if advice is not None else None
    if family in ("interpolation", "boundary", "hybrid") and concentration is not None \
            and concentration > THRESHOLDS["distance_concentration"]:
        notes.append(
            f"Distances concentrate here (nearest / farthest distance = {concentration:.2f}, measured), so nearest "
            "neighbours are hardly nearer than other rows and interpolating between them says less about the "
            "real class region."
        )
    if advice is not None:
        label, noisy = advice.profile.worst("noisy_share")
        if noisy is not None and noisy > 0:
            notes.append(
                f"A trial SMOTE put {noisy:.1%} of the synthetic rows of class {describe_label(label)} among rows of "
                "other classes: where minority rows sit in majority territory, interpolation spreads the mistake."
            )
        label, tomek = advice.profile.worst("tomek_share")
        if tomek is not None and tomek > 0:
            notes.append(
                f"{tomek:.1%} of the rows of class {describe_label(label)} are in Tomek links with another class: the "
                "classes touch, and new rows near them blur the boundary further."
            )
    if other and family in ("interpolation", "boundary", "hybrid", "baseline"):
        notes.append(
            f"Columns {other} are not numeric; interpolation cannot place a value between two categories. "
            "SMOTE-NC, SMOTE-N or a generative model handle them."
        )
    if family == "generative" and counts[minority] < THRESHOLDS["generative_min_rows"]:
        notes.append(
            f"A generative model learns the class's distribution from just {counts[minority]:,} rows; "
            "check the synthetic rows' fidelity before trusting them."
        )
    if judged is not None:
        evaluated = technique if technique in set(results["technique"]) else judged.best
        said = evaluated == judged.best and judged.calibration == "worse"  # the verdict already says it
        if evaluated is not None and not said and calibration_change(scores_of(results), evaluated) == "worse":
            label = results.loc[results["technique"] == evaluated, "label"].iloc[0]
            notes.append(
                f"With {label} the Brier score got worse in most folds: trained on a rebalanced set, the model "
                "overstates the minority's probability. Recalibrate on real, untouched rows before reading "
                "its outputs as probabilities."
            )
    dominated = dominant_columns(advice.profile) if advice is not None else None
    if dominated is not None and sampler is not None and "neighbor_scaling" in sampler.get_params(deep=False) \
            and getattr(sampler, "neighbor_scaling_", None) is None:
        columns, share = dominated
        notes.append(
            f"This run searched neighbours on the raw columns, where {', '.join(map(str, columns))} hold {share:.0%} "
            "of the variance and so decide which rows are neighbours; neighbor_scaling='robust' searches on "
            "scaled columns and still writes the rows in the original units."
        )
    missing = data.drop(columns=[target]).isna().sum()
    missing = missing[missing > 0]
    if len(missing):
        notes.append(f"Columns {list(missing.index)} have missing values; they must be filled before resampling.")
    if not notes:
        return ""
    return "\n".join(["## What should you keep in mind?", ""] + [f"- {note}" for note in notes])

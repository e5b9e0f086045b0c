"""The advice as plain text, for the command line and the summary."""

from __future__ import annotations

from ._validation import describe_label
from .metrics import GOALS, get_metric
from .profile import BORDERLINE_M, DatasetProfile


def render_advice(advice) -> str:
    """Plain-text advice (a :class:`smote_core.advisor.Advice`) for the command line and the summary."""
    p = advice.profile
    lines = [f"Recommendation for {GOALS.get(advice.metric, get_metric(advice.metric).label)}: "
             f"{advice.recommended_label} ({advice.recommended})"]
    if advice.check is not None:
        choice = advice.choice
        lines += [f"  {advice.reason}", f"  {choice.certainty}"] + [f"  {note}" for note in choice.notes]
        if advice.calibration_note:
            lines.append(f"  {advice.calibration_note}")
    elif advice.reason:
        lines.append(f"  {advice.reason}")
    lines.append(f"The decision tree's answer: {advice.label} ({advice.technique})")
    if advice.check is not None:
        lines.append("")
        lines.extend(render_check(advice.check, advice.metric))
        lines += ["", "The recommendation as one scikit-learn estimator (advice.pipeline()):", ""]
        lines += ["    " + line for line in advice.pipeline_code().splitlines()]
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


def render_check(check, metric: str) -> list:
    """A :class:`smote_core.check.Check` as text lines: how it ran, and the scores on ``metric`` best first."""
    choice = check.choice(metric)
    lines = [f"Checked on your data: {get_metric(metric).label} of {check.protocol_text()}:"]
    for row in choice.table.itertuples():
        marks = [mark for mark, on in (("tree's answer", row.candidate == check.tree_pick),
                                       ("recommended", row.candidate == choice.recommended),
                                       ("within the noise of the best", row.within_noise)) if on]
        raced = f" [{row.n_folds} folds: clearly behind, not trained further]" if row.dropped else ""
        lines.append(f"  {row.label:<40} {row.mean:.3f} ± {row.se:.3f}{raced}"
                     + (f"  <- {', '.join(marks)}" if marks else ""))
    lines.append("  (± is the corrected standard error of the mean over folds, Nadeau and Bengio; the choice "
                 "compares paired per-fold differences the same way)")
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

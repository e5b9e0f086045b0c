"""Compare: several techniques on the same data, side by side, and whether any of them helps a model."""

from __future__ import annotations

import streamlit as st

from dashboard import advising, cached, comparing, context, figures, params, resampling, state, tabular
from smote_core import registry
from smote_core.metrics import GOALS, get_metric
from smote_core.models import MODELS

ss = st.session_state


def _request() -> None:
    ss[state.COMPARE_REQUEST] = True


def form_values(technique: str, smallest: int) -> dict:
    """The technique's parameters as set on the Resample page (its defaults if never set there), neighbour
    counts lowered to what the smallest class has in a training fold."""
    values = {}
    for spec in params.param_specs(technique, smallest):
        value = ss.get(state.param_key(technique, spec.name), spec.default)
        values[spec.name] = min(value, spec.maximum) if spec.maximum is not None else value
    return values


def changed_params(technique: str, values: dict, smallest: int) -> tuple:
    """The sampler parameters of the form ``values`` that differ from the defaults, as ``(name, value)`` pairs;
    the seed and the rest are the comparison's own, as in the advice's check, so an unchanged technique
    is the check's and its scores are taken from it."""
    defaults = params.default_values(technique, smallest)
    changed = {k: v for k, v in values.items() if v != defaults.get(k) and k != params.SEED_PARAM}
    built = params.build_params(technique, changed, 0) if changed else {}
    return tuple(sorted((k, v) for k, v in built.items() if k != params.SEED_PARAM))


def controls(cur: context.Current) -> None:
    ids = [t.id for t in registry.techniques()]
    if state.COMPARE_TECHNIQUES not in ss:
        ss[state.COMPARE_TECHNIQUES] = comparing.default_techniques(cur.prepared, cur.advice)
    st.multiselect("Techniques (the ways of not resampling: as it is, a tuned threshold and class weights, are "
                   "always included)", ids, key=state.COMPARE_TECHNIQUES,
                   format_func=lambda t: params.technique_label(t, cur.advice.resampler if cur.advice.resamples
                                                                else None))
    goal_col, model_col = st.columns(2)
    goal_col.selectbox("Rank by (the goal, shared with Data & advice)", list(GOALS), key=state.GOAL,
                       format_func=GOALS.get)
    model_col.selectbox("Model (shared with Data & advice)", list(MODELS), key=state.MODEL, format_func=MODELS.get)
    st.checkbox("Also show the leaky way: resample the whole data, then split (a common mistake)",
                key=state.COMPARE_LEAKY)
    st.button("Compare", key=state.COMPARE_RUN, type="primary", on_click=_request, icon=":material/play_arrow:")


def compare(cur: context.Current) -> None:
    settings = dict(model=ss[state.MODEL], seed=int(ss[state.SEED]))
    prepared = tabular.sampled(cur.prepared, comparing.MAX_ROWS, settings["seed"])
    smallest = comparing.fold_smallest(prepared, comparing.DEFAULT_CV)
    runs, failed, chosen = [], [], []
    for technique in ss[state.COMPARE_TECHNIQUES]:  # one that cannot run on the table is left out, with why
        try:
            values = form_values(technique, smallest)
            runs.append(cached.run(prepared.key, prepared, technique, tuple(values.items()), settings["seed"]))
            chosen.append((technique, changed_params(technique, values, smallest)))
        except ValueError as exc:
            failed.append(f"{registry.get(technique).label} was left out: {exc}")
    if ss[state.COMPARE_TECHNIQUES] and not chosen:
        raise ValueError(" ".join(failed))
    techniques = tuple(t for t, _ in chosen)
    known = cur.advice.check.scores if settings["model"] == cur.advice.check.model else None
    results = cached.evaluation(cur.prepared.key, cur.prepared, techniques, tuple(chosen), leaky=False,
                                _known=known, **settings)
    leaky = cached.evaluation(cur.prepared.key, cur.prepared, techniques, tuple(chosen), leaky=True, **settings) \
        if ss[state.COMPARE_LEAKY] else None
    ss[state.COMPARISON] = {"data_key": cur.prepared.key, "results": results, "leaky": leaky, "runs": runs,
                            "settings": settings, "failed": failed, "prepared": prepared}


def small_multiples(prepared: tabular.Prepared, runs) -> None:
    projector = cached.projector(prepared.key, prepared, resampling.PCA_VIEW)
    panels = []
    for run in runs:
        _, after = resampling.before_after_points(prepared, run, projector)
        title = f"{run.label}: +{int(run.synthetic.sum()):,}"
        if run.removed is not None:
            title += f", −{len(run.removed):,}"
        panels.append({"title": title, "points": after})
    st.plotly_chart(figures.small_multiples(panels, prepared.counts, x_label=projector.x_label,
                                            y_label=projector.y_label), key="compare_multiples",
                    config={"displaylogo": False})


def results_section(comparison: dict, advice) -> None:
    metric = ss[state.GOAL]
    results, leaky = comparison["results"], comparison["leaky"]
    st.subheader("Does it help a model?")
    st.caption(f"This page answers: how do the techniques you picked score on every metric, with "
               f"{MODELS.get(comparison['settings']['model'])}? Data & advice answers: which one to use for your goal. "
               f"Both run the same protocol: {results.attrs['protocol_text']}; a candidate scored by both shows the "
               "same numbers.")
    try:
        text = comparing.verdict_text(results, metric)
    except ValueError as exc:
        st.error(str(exc))
    else:
        st.info(f"**Verdict on {get_metric(metric).label}.** {text}")
    recommended = advice.recommended if advice.recommended in set(results["technique"]) else None
    st.plotly_chart(figures.metric_scores(results, metric, leaky, recommended=recommended), key="compare_scores",
                    config={"displaylogo": False})
    if recommended is None:
        st.caption(f"The advice's recommendation, {advice.recommended_label}, is not among the candidates compared "
                   "here; add its technique above to see it beside them.")
    # full width: six "mean ± error" columns do not fit beside the chart without scrolling sideways
    st.dataframe(comparing.score_table(results, metric), hide_index=True, width="stretch", key="compare_table")
    st.caption("Every metric, mean ± corrected standard error over folds (Nadeau and Bengio), as on Data & advice; "
               f"the ranking metric first. The verdict follows the advice's rule. {advising.RULE}")
    reliability_section(advice)
    if leaky is not None:
        st.subheader("The leaky way, for comparison")
        gap = comparing.leak_gap(results, leaky, metric)
        st.markdown("Resampling **before** splitting puts synthetic copies of test rows' neighbours into the training "
                    "folds, so the model is tested on rows it has as good as seen. The scores rise, and none of "
                    "that rise is real:")
        st.dataframe(gap, hide_index=True, width="stretch", key="compare_leak",
                     column_config={c: st.column_config.NumberColumn(format="%.3f") for c in gap.columns
                                    if c != "technique"})


def reliability_section(advice) -> None:
    curves = comparing.reliability_curves(advice)
    if not curves:
        return
    st.subheader("Can its probabilities be trusted?")
    st.plotly_chart(figures.reliability(curves), key="compare_reliability", config={"displaylogo": False})
    st.caption("Test-fold probabilities of the advice's check, pooled and binned: a point on the diagonal means "
               "that of the rows given that probability of the minority, that share really were of the minority. "
               + (advice.calibration_note or "The recommendation did not make the probabilities measurably worse "
                  "(Brier score) than no resampling."))


st.title("Compare")
cur = context.current()
if cur is not None:
    controls(cur)
    if ss[state.COMPARE_REQUEST]:
        ss[state.COMPARE_REQUEST] = False
        try:
            compare(cur)
        except ValueError as exc:
            st.error(f"The comparison could not run: {exc}")
    comparison = ss[state.COMPARISON]
    if comparison is None or comparison["data_key"] != cur.prepared.key:
        st.info("Pick techniques and press **Compare**: each is scored by cross-validation against no resampling "
                "and class weights.")
    else:
        for text in comparison["failed"]:
            st.warning(text)
        sample = comparison["prepared"]
        if sample.key != cur.prepared.key:
            st.info(f"{sample.notes[-1]} The comparison runs on it; the Resample page resamples, and downloads, "
                    "every row.", icon=":material/filter_alt:")
        st.subheader("What each technique did")
        small_multiples(sample, comparison["runs"])
        results_section(comparison, cur.advice)

"""Compare: several techniques on the same data, side by side, and whether any of them helps a model."""

from __future__ import annotations

import streamlit as st

from dashboard import cached, comparing, context, figures, params, resampling, state, tabular
from smote_core import registry
from smote_core.evaluation import METRICS, MODELS

ss = st.session_state


def _request() -> None:
    ss[state.COMPARE_REQUEST] = True


def form_values(technique: str, smallest: int) -> tuple:
    """The technique's parameters as set on the Resample page (its defaults if never set there), neighbour
    counts lowered to what the smallest class has in a training fold."""
    values = {}
    for spec in params.param_specs(technique, smallest):
        value = ss.get(state.param_key(technique, spec.name), spec.default)
        values[spec.name] = min(value, spec.maximum) if spec.maximum is not None else value
    return tuple(values.items())


def controls(cur: context.Current) -> None:
    ids = [t.id for t in registry.techniques()]
    if state.COMPARE_TECHNIQUES not in ss:
        ss[state.COMPARE_TECHNIQUES] = comparing.default_techniques(cur.prepared, cur.advice)
    st.multiselect("Techniques (the baselines, no resampling and class weights, are always included)", ids,
                   key=state.COMPARE_TECHNIQUES,
                   format_func=lambda t: params.technique_label(t, cur.advice.recommended))
    folds = comparing.max_folds(cur.prepared)
    if ss.get(state.COMPARE_CV) is None or ss[state.COMPARE_CV] > folds:
        ss[state.COMPARE_CV] = min(comparing.DEFAULT_CV, folds)
    model_col, cv_col, metric_col = st.columns(3)
    model_col.selectbox("Model", list(MODELS), key=state.COMPARE_MODEL, format_func=MODELS.get)
    cv_col.number_input("Folds (stratified cross-validation)", min_value=2, max_value=folds, step=1,
                        key=state.COMPARE_CV,
                        help=f"At most {folds}: every test fold needs a row of the smallest class.")
    metric_col.selectbox("Rank by", [m.id for m in METRICS], key=state.COMPARE_METRIC,
                         format_func={m.id: m.label for m in METRICS}.get)
    st.checkbox("Also show the leaky way: resample the whole data, then split (a common mistake)",
                key=state.COMPARE_LEAKY)
    st.button("Compare", key=state.COMPARE_RUN, type="primary", on_click=_request, icon=":material/play_arrow:")


def compare(cur: context.Current) -> None:
    settings = dict(model=ss[state.COMPARE_MODEL], cv=int(ss[state.COMPARE_CV]), seed=int(ss[state.SEED]))
    prepared = tabular.sampled(cur.prepared, comparing.MAX_ROWS, settings["seed"])
    values = [(t, form_values(t, comparing.fold_smallest(prepared, settings["cv"])))
              for t in ss[state.COMPARE_TECHNIQUES]]
    runs, failed = [], []
    for technique, form in values:  # a technique that cannot run on the whole table is left out, with why
        try:
            runs.append(cached.run(prepared.key, prepared, technique, form, settings["seed"]))
        except ValueError as exc:
            failed.append(f"{registry.get(technique).label} was left out: {exc}")
    values = [(t, v) for t, v in values if t in {r.technique for r in runs}]
    if ss[state.COMPARE_TECHNIQUES] and not values:
        raise ValueError(" ".join(failed))
    chosen = tuple(t for t, _ in values)
    results = cached.evaluation(prepared.key, prepared, chosen, tuple(values), leaky=False, **settings)
    leaky = cached.evaluation(prepared.key, prepared, chosen, tuple(values), leaky=True, **settings) \
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


def results_section(comparison: dict) -> None:
    metric = ss[state.COMPARE_METRIC]
    results, leaky = comparison["results"], comparison["leaky"]
    settings = comparison["settings"]
    st.subheader("Does it help a model?")
    st.caption(f"{MODELS[settings['model']]}, {settings['cv']}-fold stratified cross-validation; each technique "
               "resamples the training folds only, and every test fold holds real rows only.")
    try:
        text = comparing.verdict_text(results, metric)
    except ValueError as exc:
        st.error(str(exc))
    else:
        st.info(f"**Verdict.** {text}")
    st.plotly_chart(figures.metric_scores(results, metric, leaky), key="compare_scores", config={"displaylogo": False})
    # full width: six "mean ± std" columns do not fit beside the chart without scrolling sideways
    st.dataframe(comparing.score_table(results, metric), hide_index=True, width="stretch", key="compare_table")
    st.caption("Every metric, mean ± standard deviation of each technique's score across folds; the ranking metric "
               "first. The ± in the verdict is another spread: the standard deviation across folds of the gain "
               "over no resampling, fold by fold on the same rows, which is what a gain is judged against.")
    if leaky is not None:
        st.subheader("The leaky way, for comparison")
        gap = comparing.leak_gap(results, leaky, metric)
        st.markdown("Resampling **before** splitting puts synthetic copies of test rows' neighbours into the training "
                    "folds, so the model is tested on rows it has as good as seen. The scores rise, and none of "
                    "that rise is real:")
        st.dataframe(gap, hide_index=True, width="stretch", key="compare_leak",
                     column_config={c: st.column_config.NumberColumn(format="%.3f") for c in gap.columns
                                    if c != "technique"})


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
        results_section(comparison)

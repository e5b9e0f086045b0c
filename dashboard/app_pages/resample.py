"""Resample: run a technique (the recommendation by default), see before/after, its diagnostics, download."""

from __future__ import annotations

from functools import partial

import streamlit as st

from dashboard import cached, comparing, context, figures, params, resampling, state
from smote_core import registry
from smote_core.caveats import dominant_columns
from smote_core.scaling import SCALINGS

ss = st.session_state
COPULA = "gaussian-copula"


def _on_technique_change() -> None:
    ss[state.TECHNIQUE_FOLLOWS] = False


def _follow_recommendation() -> None:
    ss[state.TECHNIQUE_FOLLOWS] = True


def _use(technique: str) -> None:
    ss[state.TECHNIQUE] = technique
    ss[state.TECHNIQUE_FOLLOWS] = False


def _request_run() -> None:
    ss[state.RUN_REQUEST] = True


def _on_select() -> None:
    event = ss.get(state.RESAMPLE_CHART)
    row = resampling.selected_synthetic(event.selection.points if event else [])
    if row is not None:
        ss[state.SELECTED] = row


def _clear_selection() -> None:
    ss[state.SELECTED] = None


def technique_picker(cur: context.Current) -> str:
    advice = cur.advice
    # the checked recommendation; when it is not to resample, the best-scoring technique is offered to look at
    recommended = advice.resampler
    if not advice.resamples:
        st.info(f"The check on your data recommends **not resampling** ({advice.recommended_label}): "
                f"{advice.reason} {registry.get(recommended).label}, the technique that scored best in the check, "
                "is selected below so that you can see what it would do.")
    if ss[state.TECHNIQUE_FOLLOWS] or ss.get(state.TECHNIQUE) not in [t.id for t in registry.techniques()]:
        ss[state.TECHNIQUE] = recommended
    technique = st.selectbox("Technique", [t.id for t in registry.techniques()], key=state.TECHNIQUE,
                             on_change=_on_technique_change,
                             format_func=lambda t: params.technique_label(t, advice.resampler if advice.resamples
                                                                          else None))
    st.caption(registry.get(technique).description)
    if technique != recommended:
        st.button(f"Back to the recommendation ({registry.get(recommended).label})", key="resample_follow",
                  on_click=_follow_recommendation)
    return technique


def parameter_form(technique: str, smallest: int, n_rows: int) -> dict:
    """Draw the technique's fields (and what the page sets for this data); return name -> value."""
    specs = params.param_specs(technique, smallest)
    values = {}
    columns = st.columns(3)
    for i, spec in enumerate(specs):
        key = state.param_key(technique, spec.name)
        if key not in ss:
            ss[key] = spec.default
        if spec.kind in ("int", "float"):  # a value kept from another table or data, brought into range
            ss[key] = params.within_range(spec, ss[key])
        with columns[i % 3]:
            if spec.kind == "strategy":
                st.slider(spec.label, spec.minimum, spec.maximum, step=0.05, key=key, help=spec.help)
            elif spec.kind == "bool":
                st.checkbox(spec.name, key=key, help=spec.help)
            elif spec.kind == "choice":
                st.selectbox(spec.name, spec.choices, key=key, help=spec.help)
            elif spec.kind == "int":
                st.number_input(spec.name, min_value=spec.minimum, max_value=spec.maximum, step=1, key=key,
                                help=spec.help)
            elif spec.kind == "float":
                st.number_input(spec.name, min_value=spec.minimum, max_value=spec.maximum, key=key, format="%g",
                                help=spec.help)
            else:
                st.text_input(spec.name, key=key, help=spec.help)
        values[spec.name] = ss[key]
    note = params.svm_subset_note(technique, n_rows)
    if note:
        st.info(note, icon=":material/info:")
    return values


def run_if_requested(cur: context.Current, technique: str, values: dict, seed: int) -> None:
    if not ss[state.RUN_REQUEST]:
        return
    ss[state.RUN_REQUEST] = False
    try:
        with st.spinner("Resampling…"):
            ss[state.RUN] = cached.run_once(cur.prepared.key, cur.prepared, technique, tuple(values.items()), seed)
        ss[state.SELECTED] = None
    except ValueError as exc:
        st.error(f"{registry.get(technique).label} could not run: {exc}")


def view_picker(cur: context.Current):
    numeric = cur.prepared.numeric
    left, mid, right = st.columns([2, 1, 1])
    modes = [state.VIEW_PCA] + ([state.VIEW_COLUMNS] if len(numeric) >= 2 else [])
    if ss[state.VIEW] not in modes:
        ss[state.VIEW] = state.VIEW_PCA
    left.radio("View", modes, key=state.VIEW, horizontal=True,
               format_func={state.VIEW_PCA: "PCA of the scaled originals",
                            state.VIEW_COLUMNS: "Two columns"}.get)
    if ss[state.VIEW] == state.VIEW_PCA:
        return resampling.PCA_VIEW
    if ss.get(state.VIEW_X) not in numeric:
        ss[state.VIEW_X] = numeric[0]
    if ss.get(state.VIEW_Y) not in numeric:
        ss[state.VIEW_Y] = numeric[1]
    x = mid.selectbox("x axis", numeric, key=state.VIEW_X)
    y = right.selectbox("y axis", numeric, key=state.VIEW_Y)
    return (x, y)


def outcome(cur: context.Current, run: resampling.RunResult) -> None:
    before, after = cur.prepared.counts, run.counts()
    added = int(run.synthetic.sum())
    removed = 0 if run.removed is None else len(run.removed)
    text = f"**{run.label}** added **{added:,}** synthetic rows"
    if run.removed is not None:
        text += f" and its cleaning removed **{removed:,}** rows"
    text += f" in {run.seconds:.2f} s. Rows per class before: " + ", ".join(f"{k}: {v:,}" for k, v in before.items())
    text += "; after: " + ", ".join(f"{k}: {after.get(k, 0):,}" for k in before) + "."
    st.markdown(text)
    scaling = getattr(run.sampler, "neighbor_scaling_", None)
    if scaling is not None:
        st.caption(f"Neighbours were searched on {scaling.kind}-scaled columns ({SCALINGS[scaling.kind]}), so no "
                   "column decides every distance because of its unit; the new rows are in the original units.")
    elif "neighbor_scaling" in run.sampler.get_params(deep=False) and dominant_columns(cur.advice.profile):
        columns, share = dominant_columns(cur.advice.profile)
        st.warning(f"This run searched neighbours on the raw columns, where {', '.join(map(str, columns))} hold "
                   f"{share:.0%} of the variance and so decide which rows are neighbours. Set neighbor_scaling "
                   "to robust to search on scaled columns (the rows stay in the original units).")


def scatter(cur: context.Current, run: resampling.RunResult, projector) -> None:
    before, after = resampling.before_after_points(cur.prepared, run, projector)
    seg = selected_xy = None
    row = ss[state.SELECTED]
    prov = run.provenance
    if row is not None and row in set(prov["row"]):
        record = prov.set_index("row").loc[row]
        selected_xy = projector.transform(run.X_res.iloc[[row]])[0]
        if record["parent"] >= 0:
            seg = resampling.segment(cur.prepared, projector, record["parent"], record["neighbor"])
    fig = figures.before_after(before, after, cur.prepared.counts, x_label=projector.x_label,
                               y_label=projector.y_label, counts_after=run.counts(), segment=seg,
                               selected=selected_xy)
    st.plotly_chart(fig, key=state.RESAMPLE_CHART, on_select=_on_select, selection_mode="points",
                    config={"displaylogo": False, "scrollZoom": False})
    shown = "" if len(after) >= len(cur.prepared.table) + len(prov) else \
        f" (a sample of the rows is drawn: {len(before):,} originals, {int((after['kind'] == 'synthetic').sum()):,} synthetic)"
    if (prov["parent"] >= 0).any():
        st.caption("Hover a synthetic row (◆) for its parent, neighbour and λ; click one to draw the segment it "
                   f"was made on{shown}.")
    else:  # generated from a model of the class: no row is its parent
        st.caption(f"{run.label} draws each synthetic row (◆) from a model of its class, not between two rows, "
                   f"so no row is its parent; click one to see its values{shown}.")
    if row is not None and row in set(prov["row"]):
        st.markdown(f"**Selected synthetic row {row}**")
        st.dataframe(resampling.provenance_table(cur.prepared, run, row), width="stretch", key="resample_selected_table")
        st.button("Clear the selection", key="resample_clear", on_click=_clear_selection)


def diagnostics(cur: context.Current, run: resampling.RunResult, projector) -> None:
    st.subheader("What the technique looked at")
    sampler, prepared = run.sampler, cur.prepared
    background, _ = resampling.before_after_points(prepared, run, projector)
    labels = dict(x_label=projector.x_label, y_label=projector.y_label)
    if hasattr(sampler, "difficulty_"):
        table = resampling.difficulty(prepared, run, projector)
        st.markdown("ADASYN measures each minority row's difficulty **r_i** (share of other-class rows among its "
                    "neighbours) and grows **g_i** new rows from it in proportion.")
        left, right = st.columns(2, gap="large")
        left.plotly_chart(figures.difficulty_map(background, table, prepared.counts, **labels), key="diag_difficulty")
        right.plotly_chart(figures.difficulty_bars(table), key="diag_g")
        right.markdown("**Hardest rows**")
        right.dataframe(resampling.hardest(table), hide_index=True, width="stretch", key="diag_hardest",
                        column_config={"r_i": st.column_config.NumberColumn(format="%.2f")})
    elif hasattr(sampler, "categories_"):
        table = resampling.categories(prepared, run, projector)
        support = resampling.support_points(prepared, run, projector) if hasattr(sampler, "support_") else None
        counts = table["category"].value_counts()
        st.markdown(f"Minority rows by their neighbourhood: **{counts.get('safe', 0)}** safe, "
                    f"**{counts.get('danger', 0)}** in danger (the only parents), **{counts.get('noise', 0)}** noise"
                    + (f"; the SVM found **{len(support):,}** support vectors (ringed)." if support is not None else "."))
        st.plotly_chart(figures.categories_map(background, table, prepared.counts, support=support, **labels),
                        key="diag_categories")
    elif run.removed is not None:
        st.markdown("SMOTE first, then the cleaner removed these rows (✕ in the after panel):")
        st.dataframe(resampling.removed_summary(run), hide_index=True, width="stretch", key="diag_removed")
        with st.expander(f"All {len(run.removed):,} removed rows"):
            st.dataframe(run.removed, hide_index=True, width="stretch", key="diag_removed_rows")
    if registry.get(run.technique).family == "generative":
        if hasattr(sampler, "losses_") and len(sampler.losses_):
            st.markdown("**Training losses**")
            st.plotly_chart(figures.losses(sampler.losses_), key="diag_losses")
        try:
            report = cached.fidelity(prepared.key, run.technique, repr(sorted(run.params.items())), run.seed,
                                     prepared, run)
        except ValueError as exc:
            st.error(f"Fidelity could not be measured: {exc}")
        else:
            st.markdown("**Fidelity of the synthetic rows to the real ones** (distances: lower is better; "
                        "detection AUC: 0.5 means a classifier cannot tell them apart)")
            st.dataframe(report.summary, hide_index=True, width="stretch", key="diag_fidelity")
            for label, columns in report.columns.items():
                with st.expander(f"Per column, class {label}"):
                    st.dataframe(columns, hide_index=True, width="stretch")
    with st.expander(f"Provenance of the {len(run.provenance):,} synthetic rows"):
        st.dataframe(run.provenance.head(1000), hide_index=True, width="stretch", key="diag_provenance")


def downloads(cur: context.Current, run: resampling.RunResult) -> None:
    # The files are written when a button is clicked, not on every rerun (100,000 rows take seconds).
    # A download changes nothing on the page, so it does not rerun it (on_click="ignore"): a rerun
    # started by the click would replace the button, and the file it was writing, under the download.
    left, right = st.columns(2)
    left.download_button("Download the resampled CSV", partial(resampling.resampled_csv, cur.prepared, run),
                         file_name=f"resampled-{run.technique}.csv", mime="text/csv", key="download_resampled",
                         on_click="ignore", icon=":material/download:",
                         help="Original columns in file order, plus is_synthetic.")
    right.download_button("Download the provenance CSV", partial(resampling.provenance_csv, run),
                          file_name=f"provenance-{run.technique}.csv", mime="text/csv", key="download_provenance",
                          on_click="ignore", icon=":material/download:",
                          help="For each synthetic row: its parent, neighbour and λ.")


st.title("Resample")
cur = context.current()
if cur is not None:
    top_left, top_right = st.columns([2, 1], gap="large")
    with top_left:
        technique = technique_picker(cur)
    with top_right:
        seed = st.number_input("Seed", min_value=0, step=1, key=state.SEED,
                               help="The same seed gives the same synthetic rows.")
    blocked = params.unavailable_message(technique) or comparing.technique_problem(technique, cur.prepared)
    values = {}
    if blocked:
        st.warning(blocked)
        if not registry.get(technique).available:
            st.button("Use the Gaussian copula instead", key="resample_use_copula", on_click=_use, args=(COPULA,))
    else:
        with st.expander("Parameters", expanded=True):
            values = parameter_form(technique, cur.prepared.smallest_class, len(cur.prepared.table))
    st.button("Run", key=state.RESAMPLE_RUN, type="primary", on_click=_request_run, disabled=bool(blocked),
              icon=":material/play_arrow:")
    if not blocked:
        run_if_requested(cur, technique, values, int(seed))
    run = ss[state.RUN]
    if run is None or run.data_key != cur.prepared.key:
        st.info("Press **Run** to resample the data with this technique.")
    else:
        if (run.technique, run.seed) != (technique, int(seed)):
            st.caption(f"Showing the last run ({run.label}, seed {run.seed}); press Run to update it.")
        outcome(cur, run)
        try:
            projector = cached.projector(cur.prepared.key, cur.prepared, view_picker(cur))
        except ValueError as exc:
            st.error(str(exc))
        else:
            scatter(cur, run, projector)
            downloads(cur, run)
            diagnostics(cur, run, projector)

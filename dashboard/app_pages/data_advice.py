"""Data & advice: load a table (demo or CSV), choose the target, look at it, and follow the decision tree."""

from __future__ import annotations

import streamlit as st

from dashboard import advising, cached, context, figures, state, tabular
from smote_core import registry
from smote_core.metrics import GOALS, get_metric
from smote_core.models import MODELS
from smote_core.tree import NODES, QUESTIONS, tree_layout
from smote_core.datasets import dataset_info, dataset_names

ss = st.session_state
ENCODINGS = {"": "detect (UTF-8, else Windows cp1252 or Latin-1)", "utf-8": "UTF-8", "cp1252": "Windows (cp1252)",
             "latin-1": "Latin-1 (ISO-8859-1)", "utf-16": "UTF-16"}
FILE_TYPES = ["csv", "txt", "tsv", "parquet", "xlsx"]


def _on_upload() -> None:
    uploaded = ss.get(state.UPLOADER)
    ss[state.UPLOAD] = None if uploaded is None else {"name": uploaded.name, "bytes": uploaded.getvalue()}


def _reset_answers() -> None:
    for key in QUESTIONS:
        ss.pop(state.answer_key(key), None)


def data_section() -> tabular.Source | None:
    mode_col, pick_col = st.columns([1, 2], gap="large")
    with mode_col:
        st.radio("Data", [state.MODE_DEMO, state.MODE_UPLOAD], key=state.DATA_MODE,
                 format_func={state.MODE_DEMO: "Built-in demo", state.MODE_UPLOAD: "Upload a file"}.get)
    with pick_col:
        if ss[state.DATA_MODE] == state.MODE_DEMO:
            st.selectbox("Demo dataset", dataset_names(), key=state.DEMO,
                         format_func=lambda name: f"{name}: {dataset_info(name).description}")
        else:
            st.file_uploader(f"CSV, Parquet or Excel (.xlsx) file, up to {context.max_upload_mb():g} MB",
                             type=FILE_TYPES, key=state.UPLOADER, on_change=_on_upload,
                             help="For CSV the encoding and the delimiter (comma, semicolon, tab, |) are detected; "
                                  "an Excel workbook is read from its first sheet.")
            st.selectbox("Encoding (CSV)", list(ENCODINGS), key=state.ENCODING, format_func=ENCODINGS.get,
                         help="Detect reads UTF-8, and a file that is not UTF-8 as Windows cp1252 (or Latin-1); "
                              "pick the encoding yourself when accented letters look wrong.")
            if ss[state.UPLOAD] is not None:
                st.caption(f"Using **{ss[state.UPLOAD]['name']}** ({len(ss[state.UPLOAD]['bytes']) / 1024:,.0f} KB).")
    try:
        source = context.load_source()
    except ValueError as exc:
        name = ss[state.UPLOAD]["name"] if ss[state.UPLOAD] else "the file"
        st.error(f"Could not read {name}: {exc}")
        return None
    if source is None:
        st.info("Upload a CSV, Parquet or Excel file with one row per example and a column of class labels, "
                "or switch to a demo.")
        return None
    note = tabular.read_note(source)
    if note:
        st.caption(note)
    if source.encoding_note:
        st.info(f"{source.encoding_note} The encoding can be chosen above.", icon=":material/translate:")
    if source.problems:
        st.warning("**Problems found in the file**\n\n" + "\n".join(f"- {p}" for p in source.problems))
    with st.expander(f"First rows of {source.name}", expanded=False):
        st.dataframe(source.frame.head(10), hide_index=True, width="stretch")
    return source


def columns_section(source: tabular.Source) -> tabular.Prepared | None:
    st.subheader("Columns")
    columns = list(source.frame.columns)
    context.target_of(source)
    target = st.selectbox("Target column (the class labels)", columns, key=state.TARGET)
    options = tabular.switchable_columns(source, target)
    context.categorical_of(source, target)
    st.multiselect("Treat as categorical", options, key=state.CATEGORICAL,
                   help="Numbers that are really codes (a region number, a product id) are categories: "
                        "they are not interpolated and the advisor counts them as categorical.")
    context.weight_of(source, target)
    st.selectbox("Row weights (optional)", [None, *options], key=state.WEIGHT,
                 format_func=lambda name: "none: every row counts once" if name is None else str(name),
                 help="A column of sample weights (survey weights, costs, exposure): it is not a feature; the "
                      "check and Compare train on the weights (resampled rows carry their parent's) and weight "
                      "every score.")
    report = tabular.missing_report(source.frame, target)
    missing = None
    if report.any:
        st.warning(f"**Missing values.** {report.describe()} The samplers need complete rows: choose what to do.")
        kept = report.n_rows - report.rows
        unset = {} if state.MISSING in ss else {"index": None}  # no choice until the user makes one
        st.radio("Missing values", tabular.MISSING_CHOICES, key=state.MISSING, **unset,
                 format_func={
                     tabular.MISSING_DROP: f"Drop the {report.rows:,} rows that have one ({kept:,} rows left)",
                     tabular.MISSING_FILL: f"Fill the {sum(report.cells.values()):,} cells: median for numbers, "
                                           "most frequent value for categories",
                 }.get)
        missing = ss.get(state.MISSING)
        if missing is None:
            st.info("Choose how to handle the missing values to see the profile and the advice.")
            return None
    try:
        prepared = cached.prepared(source.key, source, target, context.categorical_of(source, target), missing,
                                   context.weight_of(source, target))
    except ValueError as exc:
        st.error(str(exc))
        return None
    kinds = tabular.kinds_table(source, prepared.kinds, prepared.features)
    with st.expander(f"Column kinds: {len(prepared.features)} of {len(kinds)} columns used as features"):
        st.dataframe(kinds, hide_index=True, width="stretch", key="data_kinds",
                     column_config={"used": st.column_config.CheckboxColumn("used as a feature")})
    for note in prepared.notes:
        st.caption(note)
    return prepared


def profile_section(prepared: tabular.Prepared, profile) -> None:
    left, right = st.columns([2, 3], gap="large")
    with left:
        st.markdown("**Class balance**")
        st.plotly_chart(figures.class_balance(prepared.counts), key="data_balance", config={"displaylogo": False})
    with right:
        st.markdown("**The profile's numbers**")
        numbers = advising.profile_numbers(profile)
        for row_start in range(0, len(numbers), 3):
            cells = st.columns(3)
            for cell, (label, value, help_text) in zip(cells, numbers[row_start:row_start + 3]):
                cell.metric(label, value, help=help_text)
    # full width: eight columns beside the balance chart were cut off on a 1,400-pixel screen
    table = advising.class_table(profile)
    if len(table):
        percent = {c: st.column_config.NumberColumn(format="%.1f%%", help=advising.CLASS_COLUMN_HELP.get(c))
                   for c in table.columns if c not in ("class", "rows")}
        st.dataframe(table, hide_index=True, width="stretch", key="data_classes", column_config=percent)
    st.caption(f"Neighbourhoods measured on scaled numeric columns ({profile.scaling})"
               + (f", on a stratified sample of {profile.sample_size:,} of {profile.n_rows:,} rows."
                  if profile.sampled else "."))


def goal_section() -> None:
    """The two questions the check is run for: what the model serves, and which model."""
    left, right = st.columns(2)
    left.selectbox("What will the model do?", list(GOALS), key=state.GOAL, format_func=GOALS.get,
                   help=advising.GOAL_HELP)
    right.selectbox("Which model will you train?", list(MODELS), key=state.MODEL, format_func=MODELS.get,
                    help=advising.MODEL_HELP)


def recommendation_section(advice) -> None:
    check, choice = advice.check, advice.choice
    with st.container(border=True, key="advice_checked_answer"):
        st.markdown(f"### Recommended: {advice.recommended_label}")
        st.markdown(advising.recommendation_text(advice))
        public = advising.evidence_text(advice)
        if public:
            st.markdown(f"**Public evidence:** {public}")
        st.caption(choice.certainty)
        for note in choice.notes:
            st.caption(note)
        if advice.calibration_note:
            st.warning(advice.calibration_note, icon=":material/tune:")
        if advice.resamples:
            st.page_link("app_pages/resample.py", label=f"See what {registry.get(advice.resampler).label} does to "
                         "your rows", icon=":material/arrow_forward:")
        st.page_link("app_pages/compare.py", label="Compare the techniques on every metric",
                     icon=":material/arrow_forward:")
        st.page_link("app_pages/evidence.py", label="See how every technique ranked on public datasets",
                     icon=":material/arrow_forward:")
    st.plotly_chart(figures.check_scores(choice.table, check.tree_pick, choice.recommended,
                                         get_metric(advice.metric).label, get_metric(advice.metric).greater_is_better),
                    key="advice_check_scores", config={"displaylogo": False, "displayModeBar": False})
    st.caption(advising.check_caption(advice))
    st.markdown("**Use it: the recommendation as one scikit-learn estimator**")
    st.code(advice.pipeline_code(), language="python")
    st.caption(advising.pipeline_caption(advice))
    tree_col, side_col = st.columns(2, gap="large")
    with tree_col.container(border=True, key="advice_tree_answer"):
        st.markdown(f"**The decision tree says: {advice.label}**")
        st.caption(registry.get(advice.technique).description)
        st.caption("The article's rules of thumb, answered from the measurements below; its path is highlighted "
                   "in the tree. The tree explains; the check on your data decides.")
        st.markdown("**Alternatives to the tree's answer**")
        for alt in advice.alternatives:
            st.markdown(f"- **{alt.label}**: {alt.reason}" + ("" if alt.available else " *(needs PyTorch)*"))
    with side_col:
        st.markdown("**Caveats**")
        for note in advice.caveats or ["None measured."]:
            st.markdown(f"- {note}")


def tree_section(advice) -> None:
    st.subheader("Why: the decision tree")
    fig = figures.decision_tree(tree_layout(), advice.path_node_ids, advice.path_edge_ids,
                                advising.evidence_by_node(advice), checked=advice.recommended)
    st.plotly_chart(fig, key="data_tree", config={"displaylogo": False, "displayModeBar": False})
    st.caption("The highlighted path is the one the measurements (and your answers) take; hover a question for "
               "its evidence. A green frame marks the checked recommendation when it is one of the tree's leaves. "
               "Change an answer below to see where the tree leads instead: the check runs again for it.")
    cards = st.columns(len(advice.path), gap="small")
    for number, (card, step) in enumerate(zip(cards, advice.path), 1):
        with card.container(border=True, key=f"step_{step.key}", height="stretch"):
            st.markdown(f"**{number}. {step.question}** → **{step.answer}**"
                        + (" *(your answer)*" if step.overridden else ""))
            st.caption(f"In the tree: “{NODES[step.node].label}”")
            st.caption(step.evidence + (f" · rule: {step.threshold}" if step.threshold else ""))
            st.selectbox("Answer", advising.answer_options(step.key), key=state.answer_key(step.key),
                         format_func=lambda option, m=step.measured_answer, p=advising.is_preference(step):
                         advising.answer_label(option, m, p))
    st.button("Back to the measured answers", key="data_reset_answers", on_click=_reset_answers)


st.title("Data & advice")
st.caption("Load a table, pick the column with the classes and say what the model is for: the advice is checked "
           "on your own rows, and you leave with the estimator to use.")

source = data_section()
if source is not None:
    prepared = columns_section(source)
    if prepared is not None:
        try:
            overrides = state.overrides()
            answer = cached.tree(prepared.key, prepared, overrides)
            unused = advising.unused_overrides(answer, overrides)
            for key in unused:  # answers to questions this path no longer asks are forgotten, not carried along
                ss.pop(state.answer_key(key), None)
        except ValueError as exc:
            st.error(str(exc))
        else:
            st.subheader("Recommendation")
            goal_section()
            # filled last: the profile shows while the check runs, its status up here; an empty slot, so that
            # the answer of an earlier check (another model or table) is gone, not greyed, while it runs
            checked = st.empty()
            st.subheader("Classes and profile")
            profile_section(prepared, answer.profile)
            with checked.container():
                try:
                    advice = cached.advice(prepared.key, prepared, state.overrides(), *state.check_settings())
                except ValueError as exc:
                    st.error(str(exc))
                    advice = None
                else:
                    recommendation_section(advice)
            if advice is not None:
                tree_section(advice)

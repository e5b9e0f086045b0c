"""Step-by-step SMOTE: pick a minority point, a neighbour and λ, and watch one synthetic row being made."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import cached, context, figures, state, step_table, stepper
from smote_core import describe_label
from smote_core.datasets import dataset_info, load_dataset

STEP_DATASETS = (state.STEP_CURRENT, "fraud", "arc")
MAX_K = 10
LOAN_A, LOAN_B = 0, 1  # rows A and B of the loan example

step = state.StepState()


@st.cache_data(show_spinner=False, max_entries=8, ttl=cached.TTL)
def _table(name: str) -> tuple[pd.DataFrame, str]:
    return load_dataset(name)


@st.cache_resource(show_spinner=False, max_entries=8, ttl=cached.TTL)
def _current_data(data_key: str, _prepared, view) -> stepper.StepData:
    return step_table.step_table(_prepared, view)


@st.cache_data(show_spinner=False, max_entries=64, ttl=cached.TTL)
def _neighbors(table_key: str, _data: stepper.StepData, row: int, k: int) -> list[int]:
    return stepper.neighbors_of(_data, row, k).tolist()


def _dataset_label(name: str) -> str:
    if name == state.STEP_CURRENT:
        return "Your table (the one loaded on Data & advice)"
    return dataset_info(name).description


# ---------------------------------------------------------------- callbacks (run before the rerun)

def _on_chart_select(focus: int, neighbors: list[int], minority: str) -> None:
    """``minority``: the class's label as a sentence writes it (see ``describe_label``)."""
    event = st.session_state.get(state.STEP_CHART)
    points = event.selection.points if event else []
    click = stepper.resolve_click(points, focus, neighbors)
    if click.action == "focus":
        step.focus, step.neighbor = click.row, None
    elif click.action == "neighbor":
        step.neighbor = click.row
        if step.pick == state.PICK_RANDOM:
            step.message = "info", "You clicked a neighbour while “Random” is on: switch to “Click” to use it."
    elif click.action == "majority":
        step.message = "info", (f"That point is not of class {minority}: SMOTE only draws between rows of class "
                                f"{minority}. Click a coloured one.")
    elif click.action == "synthetic":
        step.message = "info", "That is a synthetic point: its parent, neighbour and λ are in its tooltip and in the table below."


def _on_keep(parent: int, neighbor: int, lam: float) -> None:
    if not step.keep(parent, neighbor, lam):
        step.message = "info", (f"That point (row {parent} towards row {neighbor}, λ = {stepper.format_number(lam)}) is "
                                "kept already: change λ, the neighbour or X to make another.")
        return
    if step.pick == state.PICK_RANDOM:
        step.seed = step.seed + 1


def _on_generate(data: stepper.StepData, n_kept: int, k: int, seed: int) -> None:
    try:
        step.generated = stepper.generate_rest(data, n_kept, k, seed)
    except ValueError as exc:
        step.message = "error", f"Could not generate: {exc}"


# ---------------------------------------------------------------- layout

def _explainer(data: stepper.StepData) -> None:
    with st.expander("How SMOTE makes one new point", expanded=False):
        st.markdown(
            f"""
1. **Start from a real row X of class {describe_label(data.minority)}.** Click any coloured point on the chart.
2. **Find its k closest rows of the same class.** Only rows of class {describe_label(data.minority)} count; the
   others are ignored.
   They are ringed and joined to X by dotted lines.
3. **Choose one of them.** SMOTE draws it at random; here you can click it or let a seeded draw pick.
4. **Move from X towards it by a fraction λ.** λ = 0 stays on X, λ = 1 lands on the neighbour; SMOTE
   draws λ at random between the two. Every feature moves by the same fraction, so the new row lies on
   the straight segment between two real rows.
5. **Repeat** with other rows until the classes are the same size.
"""
        )


def _controls(data: stepper.StepData) -> None:
    max_k = min(MAX_K, data.max_k)
    if step.k > max_k:
        step.k = max_k
    st.slider("k: how many nearest neighbours", 1, max_k, key=state.STEP_K,
              help=f"SMOTE looks only among the {len(data.minority_rows)} rows of class "
                   f"{describe_label(data.minority)}.")
    st.radio("Neighbour", [state.PICK_CLICK, state.PICK_RANDOM], key=state.STEP_PICK, horizontal=True,
             format_func={state.PICK_CLICK: "Click one on the chart", state.PICK_RANDOM: "Random (seeded)"}.get)
    if step.pick == state.PICK_RANDOM:
        st.number_input("Seed", min_value=0, step=1, key=state.STEP_SEED,
                        help="The same seed picks the same neighbour. Keeping a point moves on to the next seed.")
    st.slider("λ: how far from X towards the neighbour", 0.0, 1.0, step=0.01, key=state.STEP_LAM)


def _arithmetic(data: stepper.StepData, focus: int, chosen: int, lam: float) -> None:
    values = data.values
    rest = []
    with st.container(key="step_arithmetic"):
        st.markdown("**The new point, worked out**")
        if data.drawn_in_units:
            st.code("\n".join(stepper.smote_step(values[focus], values[chosen], lam).lines()), language=None,
                    wrap_lines=True)
        else:  # a projection is drawn: the arithmetic is column by column, in the table's own units
            shown, rest = stepper.column_arithmetic(data, focus, chosen, lam)
            st.code("\n".join(s.text() for s in shown), language=None, wrap_lines=True)
            if rest:
                scale = "in standard deviations" if data.scaled else "in the columns' own units"
                st.caption(f"The {len(shown)} columns where X and the neighbour lie furthest apart ({scale}, as the "
                           f"neighbour search measures them), furthest first: they move the new row most.")
        st.caption(
            f"new = X + λ × (neighbour − X), in every column. With λ = {stepper.format_number(lam)} the new "
            f"row of class {describe_label(data.minority)} sits {stepper.format_number(100 * lam, 0)} % of the way "
            f"from X (row {focus}) to the neighbour (row {chosen})."
        )
    if rest:
        with st.expander(f"The other {len(rest)} columns", key="step_other_columns"):
            with st.container(key="step_arithmetic_rest"):  # scrolls: the buttons below stay in reach
                st.code("\n".join(s.text() for s in rest), language=None, wrap_lines=True, height=300)


def _balance(data: stepper.StepData, synthetic: pd.DataFrame) -> None:
    n_kept = int((synthetic["source"] == "kept").sum())
    n_smote = int((synthetic["source"] == "SMOTE").sum())
    n_min, n_maj = len(data.minority_rows), len(data.majority_rows)
    total = n_min + n_kept + n_smote
    st.progress(min(1.0, total / n_maj),
                text=f"Class {describe_label(data.minority)}: {n_min} real + {n_kept} kept + {n_smote} from SMOTE "
                     f"= {total} of {n_maj} (the size of class {describe_label(data.majority)})")


def _provenance(data: stepper.StepData, synthetic: pd.DataFrame) -> None:
    if synthetic.empty:
        st.caption("Kept and generated points will be listed here with where they came from.")
        return
    names = [stepper.column_label(f) for f in data.features]
    table = synthetic.rename(columns={
        "source": "made by", "x": names[0], "y": names[1], "parent": "parent row (X)",
        "neighbor": "neighbour row", "lam": "λ",
    })
    st.dataframe(
        table, key="step_provenance", hide_index=True, width="stretch", height=min(38 + 35 * len(table), 320),
        column_config={names[0]: st.column_config.NumberColumn(format="%.2f"),
                       names[1]: st.column_config.NumberColumn(format="%.2f"),
                       "λ": st.column_config.NumberColumn(format="%.3f")},
    )


def _view_picker(numeric: list):
    """The axes for the user's table: "pca" or a pair of numeric columns."""
    left, mid, right = st.columns([2, 1, 1])
    left.radio("Axes", [state.VIEW_PCA, state.VIEW_COLUMNS], key=state.STEP_VIEW, horizontal=True,
               format_func={state.VIEW_PCA: "PCA of the numeric columns", state.VIEW_COLUMNS: "Two columns"}.get)
    if st.session_state[state.STEP_VIEW] == state.VIEW_PCA:
        return step_table.PCA_VIEW
    if st.session_state.get(state.STEP_X) not in numeric:
        st.session_state[state.STEP_X] = numeric[0]
    if st.session_state.get(state.STEP_Y) not in numeric:
        st.session_state[state.STEP_Y] = numeric[1]
    return mid.selectbox("x axis", numeric, key=state.STEP_X), right.selectbox("y axis", numeric, key=state.STEP_Y)


def _data() -> tuple[stepper.StepData, str] | None:
    """The chosen table and the key its points belong to (None after telling the user what is missing)."""
    st.selectbox("Dataset", STEP_DATASETS, key=state.STEP_DATASET, format_func=_dataset_label)
    if step.dataset != state.STEP_CURRENT:
        return stepper.step_data(*_table(step.dataset)), step.dataset
    cur = context.current()
    if cur is None:
        return None
    view = _view_picker(cur.prepared.numeric) if len(cur.prepared.numeric) >= 2 else step_table.PCA_VIEW
    data = _current_data(cur.prepared.key, cur.prepared, view)
    return data, f"{cur.prepared.key}|{view}"


def scatter_tab() -> None:
    found = _data()
    if found is None:
        return
    data, view_key = found
    # kept points are rows of one table: they survive a change of axes, not a change of table
    if step.follow(view_key.rsplit("|", 1)[0] if step.dataset == state.STEP_CURRENT else view_key):
        step.message = "info", "The kept and generated points were cleared: they belong to the other table."
    for note in data.notes:
        st.caption(note)
    focus = step.focus if step.focus in data.minority_rows else int(data.minority_rows[0])
    max_k = min(MAX_K, data.max_k)
    neighbors = _neighbors(view_key, data, focus, min(step.k, max_k))
    if step.pick == state.PICK_RANDOM:
        chosen = stepper.random_neighbor(neighbors, step.seed)
    else:
        chosen = step.neighbor if step.neighbor in neighbors else neighbors[0]
    pts = data.points
    new_point = stepper.interpolate(pts[focus], pts[chosen], step.lam)
    synthetic = stepper.synthetic_points(data, step.kept, step.generated)

    _explainer(data)
    if step.message:
        kind, text = step.message
        (st.error if kind == "error" else st.info)(text)
        step.message = None

    left, right = st.columns([3, 2], gap="large")
    with left:
        fig = figures.step_scatter(data, focus=focus, neighbors=neighbors, chosen=chosen,
                                   new_point=new_point, synthetic=synthetic)
        minority = describe_label(data.minority)
        st.plotly_chart(
            fig, key=state.STEP_CHART, on_select=lambda: _on_chart_select(focus, neighbors, minority),
            selection_mode="points", config={"displaylogo": False, "scrollZoom": False},
        )
        where = ("on the standardised columns" if data.scaled else "on these two columns") + \
            ("" if data.drawn_in_units else " (all the numeric columns; the axes are a projection of them)")
        st.caption(f"Click a point of class {minority} to make it X; click one of its ringed neighbours to "
                   f"interpolate towards it. Neighbours are measured {where}; each axis fits its data.")
    with right:
        _controls(data)
        _arithmetic(data, focus, chosen, step.lam)
        keep, clear = st.columns([2, 1])
        keep.button("Keep this point", key=state.STEP_KEEP, on_click=_on_keep,
                    args=(focus, chosen, step.lam), width="stretch", type="primary")
        clear.button("Clear points", key=state.STEP_CLEAR, on_click=step.clear_points, width="stretch")
        st.button("Generate the rest until balanced", key=state.STEP_GENERATE, on_click=_on_generate,
                  args=(data, int((synthetic["source"] == "kept").sum()), min(step.k, max_k), step.seed),
                  width="stretch", help="Runs smote_core's SMOTE with this k and seed for the rows still missing.")
    _balance(data, synthetic)
    _provenance(data, synthetic)


def loan_tab() -> None:
    frame, target = _table("loan")
    features = [c for c in frame.columns if c != target]
    row_a, row_b = frame.loc[LOAN_A, features], frame.loc[LOAN_B, features]
    st.markdown(
        "SMOTE does the same thing in any number of columns: one λ, applied to every column. Here two "
        "customers who defaulted, **A** and **B**, make a third, made-up defaulter between them."
    )
    left, right = st.columns([1, 1], gap="large")
    with left:
        st.slider("λ: how far from A towards B", 0.0, 1.0, step=0.01, key=state.LOAN_LAM)
    integer_columns = [c for c in features if pd.api.types.is_integer_dtype(frame[c].dtype)]
    steps = stepper.column_steps(row_a.to_dict(), row_b.to_dict(), step.loan_lam, integer_columns)
    table = pd.DataFrame(
        [row_a.to_dict(), row_b.to_dict(), {s.column: s.stored for s in steps}],
        index=["A (real)", "B (real)", f"new (λ = {stepper.format_number(step.loan_lam)})"],
    ).rename(columns=stepper.column_label)
    table[stepper.column_label(target)] = frame.loc[LOAN_A, target]
    with left:
        st.dataframe(table, key="loan_table", width="stretch",
                     column_config={c: st.column_config.NumberColumn(format="localized")
                                    for c in table.columns if c != stepper.column_label(target)})
        with st.container(key="loan_arithmetic"):
            st.code("\n".join(s.text() for s in steps), language=None, wrap_lines=True)
        st.caption("Whole-number columns (like age) are rounded after interpolating, as smote_core does.")
    with right:
        st.plotly_chart(figures.column_segments(steps), key="loan_chart", config={"displaylogo": False})


st.title("Step-by-step SMOTE")
st.caption("One synthetic row at a time, with the real numbers.")
points_tab, table_tab = st.tabs(["Pick a point", "Loan table example"])
with points_tab:
    try:
        scatter_tab()
    except ValueError as exc:
        st.error(str(exc))
with table_tab:
    try:
        loan_tab()
    except ValueError as exc:
        st.error(str(exc))

"""Evidence: how every technique and way of not resampling ranked on the public KEEL datasets, per classifier."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import context, figures, state
from smote_core import evidence
from smote_core.candidates import label_of
from smote_core.metrics import metric_label
from smote_core.models import model_name

st.title("Evidence from public data")
st.caption("Every technique and the three ways of not resampling, cross-validated on the same folds of public "
           "imbalanced datasets (KEEL) and ranked on each: rank 1 is the best score there. `python -m "
           "benchmarks.ranking` made this table; docs/ranking.md has every classifier and metric.")

try:
    collection = evidence.load()
except ValueError as exc:
    st.error(str(exc))
    st.stop()

# the page opens on the advice's model and goal where the ranking has them
goal, checked_model = state.check_settings()
left, right = st.columns(2)
classifiers, metrics = list(collection.classifiers), list(evidence.METRICS)
model = left.selectbox("Classifier", classifiers, key="evidence_model",
                       index=classifiers.index(checked_model) if checked_model in classifiers else 0,
                       format_func=lambda m: evidence.CLASSIFIERS.get(m, m).capitalize())
metric = right.selectbox("Metric", metrics, key="evidence_metric", format_func=metric_label,
                         index=metrics.index(goal) if goal in metrics else 0)
result = evidence.ranking(model, metric, collection)

cur = context.current()
yours = set()
if cur is not None and cur.advice.check is not None:
    yours = {cur.advice.check.scores.candidate(c).base_id for c in cur.advice.check.scores.ids}

numbers = st.columns(4)
numbers[0].metric("Datasets", result.n_datasets, help="Datasets on which every candidate below was scored.")
numbers[1].metric("Candidates", len(result.mean_ranks))
numbers[2].metric("Friedman p-value", f"{result.p_value:.2g}",
                  help="Chance of mean ranks this far apart if every candidate were in truth as good as the others.")
numbers[3].metric("Critical difference", f"{result.critical_difference:.2f}",
                  help="Nemenyi, alpha = 0.05: mean ranks closer than this are not shown to differ.")
minutes = float(collection.meta.get("wall_seconds", "nan")) / 60
st.caption(f"The run took {minutes:.0f} min on {collection.meta.get('machine', 'an unrecorded machine')}. "
           f"{collection.meta.get('protocol', '')}")

labels = {c: label_of(c) for c in result.mean_ranks.index}
st.plotly_chart(figures.mean_ranks(result.mean_ranks, labels, result.critical_difference, yours),
                key="evidence_ranks", config={"displaylogo": False, "displayModeBar": False})
st.caption("Dots at each candidate's mean rank; the green bar spans the critical difference from the leader. "
           + ("Pink: the candidates the check compared on your data." if yours else ""))
best = result.mean_ranks.iloc[0]
st.container(key="evidence_table").dataframe(pd.DataFrame({
    "rank": range(1, len(result.mean_ranks) + 1),
    "candidate": [labels[c] for c in result.mean_ranks.index],
    "mean rank": result.mean_ranks.round(2).to_numpy(),
    "within CD of the leader": [r - best <= result.critical_difference for r in result.mean_ranks],
}), hide_index=True)

if cur is not None:
    st.subheader("Datasets most like yours")
    advice = cur.advice
    near = evidence.similar(advice.profile, collection=collection)
    found = evidence.evidence_for(advice.profile, model, metric, technique=advice.recommended, collection=collection)
    if found is not None:
        st.markdown(found.sentence)
    if model_name(advice.model) != model:
        st.caption(f"Your advice was checked with {advice.model}; the ranks above are for "
                   f"{evidence.CLASSIFIERS[model]}.")
    mine = pd.DataFrame([evidence.profile_features(advice.profile)], index=["your data"])
    st.container(key="evidence_similar").dataframe(pd.concat([mine, collection.profiles.loc[near.index]]).assign(
        distance=[0.0, *near.round(2)]))
    st.caption("Distance: standardised over the collection, on log rows, log imbalance ratio, overlap (the worst "
               "minority class's share of rows whose nearest neighbour is of another class) and the share of "
               "categorical columns.")

"""Interview summary: the run written up in Markdown from its own facts, to read here or download."""

from __future__ import annotations

import streamlit as st

from dashboard import context, state
from smote_core.summary import summarize

ss = st.session_state

st.title("Interview summary")
cur = context.current()
if cur is not None:
    run = ss[state.RUN] if ss[state.RUN] is not None and ss[state.RUN].data_key == cur.prepared.key else None
    comparison = ss[state.COMPARISON]
    if comparison is not None and comparison["data_key"] != cur.prepared.key:
        comparison = None
    missing = []
    if run is None:
        missing.append("run a technique on **Resample** to add what it did to the data")
    if comparison is None:
        missing.append("press **Compare** to add whether it helped a model")
    if missing:
        st.info("The summary below holds what is known so far: " + "; ".join(missing) + ".")
    try:
        advice = cur.advice
        text = summarize(
            cur.prepared.table, cur.prepared.target, advice=advice,
            technique=run.technique if run is not None else (advice.resampler if advice.resamples else None),
            sampler=run.sampler if run is not None else None,
            resampled=run.X_res if run is not None else None,
            results=comparison["results"] if comparison is not None else None,
            leaky=comparison["leaky"] if comparison is not None else None,
            metric=advice.metric,
        )
    except ValueError as exc:
        st.error(f"The summary could not be written: {exc}")
    else:
        st.download_button("Download the summary (Markdown)", text.encode("utf-8"), file_name="smote-lab-summary.md",
                           mime="text/markdown", key="summary_download", type="primary", icon=":material/download:")
        with st.container(border=True, key="summary_text"):
            st.markdown(text)

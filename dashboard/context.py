"""The data every page works on, rebuilt from session state through the caches.

The Data & advice page draws the widgets between these steps; the other pages call :func:`current`,
which repeats the same steps silently and, when something is missing or wrong, shows an error that
sends the user back to Data & advice.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from . import cached, state, tabular

DATA_PAGE = "app_pages/data_advice.py"


@dataclass
class Current:
    """The loaded table, its prepared form and the advice for it."""

    source: tabular.Source
    prepared: tabular.Prepared
    advice: object


def max_upload_mb() -> float:
    """The upload limit set in ``.streamlit/config.toml`` (``server.maxUploadSize``, megabytes)."""
    return float(st.get_option("server.maxUploadSize"))


def load_source() -> tabular.Source | None:
    """The demo or the uploaded file the user chose (None: upload chosen, nothing uploaded yet).

    Raises ``ValueError`` when the uploaded file cannot be read.
    """
    ss = st.session_state
    if ss[state.DATA_MODE] == state.MODE_UPLOAD:
        upload = ss[state.UPLOAD]
        if upload is None:
            return None
        source = cached.upload_source(upload["name"], upload["bytes"], max_upload_mb(), ss[state.ENCODING])
    else:
        source = cached.demo_source(ss[state.DEMO])
    if ss[state.DATA_FOR] != source.key:
        state.reset_for_new_data(source.key)
    return source


def target_of(source: tabular.Source) -> str:
    """The chosen target column (the guessed one until the user picks)."""
    ss = st.session_state
    if ss.get(state.TARGET) not in list(source.frame.columns):
        ss[state.TARGET] = source.default_target
    return ss[state.TARGET]


def categorical_of(source: tabular.Source, target: str) -> tuple:
    """Numeric columns the user switched to categorical (still valid for this target)."""
    ss = st.session_state
    allowed = tabular.switchable_columns(source, target)
    chosen = [c for c in ss.get(state.CATEGORICAL, []) if c in allowed]
    if chosen != list(ss.get(state.CATEGORICAL, [])):
        ss[state.CATEGORICAL] = chosen
    return tuple(chosen)


def missing_choice() -> str | None:
    return st.session_state.get(state.MISSING)


def weight_of(source: tabular.Source, target: str) -> str | None:
    """The column of row weights the user picked (None: none, or a pick no longer valid for this target)."""
    ss = st.session_state
    if state.WEIGHT not in ss or ss[state.WEIGHT] not in [None, *tabular.switchable_columns(source, target)]:
        ss[state.WEIGHT] = None
    return ss[state.WEIGHT]


def current() -> Current | None:
    """The current data and advice, or None after telling the user what to do on Data & advice."""
    try:
        source = load_source()
        if source is None:
            _back("No file uploaded yet: upload a file on Data & advice, or switch to a demo dataset there.",
                  st.info)
            return None
        target = target_of(source)
        report = tabular.missing_report(source.frame, target)
        if report.any and missing_choice() is None:
            _back(f"{report.describe()} Choose on Data & advice whether to drop those rows or fill them.",
                  st.warning)
            return None
        prepared = cached.prepared(source.key, source, target, categorical_of(source, target),
                                   missing_choice() if report.any else None, weight_of(source, target))
        advice = cached.advice(prepared.key, prepared, state.overrides(), *state.check_settings())
    except ValueError as exc:
        _back(f"{exc}", st.error)
        return None
    weighted = "" if prepared.weight is None else f" · scores weighted by column **{prepared.weight}**"
    st.caption(f"Data: {source.name} · {len(prepared.table):,} rows · target **{prepared.target}**{weighted} · "
               f"recommended (checked on your data): **{advice.recommended_label}**")
    return Current(source, prepared, advice)


def _back(text: str, show) -> None:
    show(text)
    st.page_link(DATA_PAGE, label="Go to Data & advice", icon=":material/arrow_back:")

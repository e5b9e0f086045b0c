"""The dashboard's heavy work behind Streamlit's caches, keyed by data, technique, parameters and seed.

The loaded and prepared tables are shared read-only objects (``st.cache_resource``); results are
``st.cache_data`` entries; the Resample page's run of the whole table is not cached (:func:`run_once`).
Every cache is bounded in entries and age. Large tables are passed as ``_``-prefixed arguments (left
out of the hash) beside the key that identifies them (:attr:`Source.key`, :attr:`Prepared.key`), so a
rerun does not hash a 100,000-row table again. Slow work draws its own progress bar, removed when done.
"""

from __future__ import annotations

import time

import streamlit as st

from smote_core import crossval, registry
from smote_core.advisor import Advice, assemble
from smote_core.candidates import for_check
from smote_core.evidence import leaders
from smote_core.check import Check, check_frame, run_check
from smote_core.models import describe_model
from smote_core.profile import profile_dataset
from smote_core.walk import TreeAnswer, walk

from . import comparing, resampling, tabular
from .params import build_params

# reported progress steps at most per bar (each update is a message to the browser)
_PROGRESS_STEPS = 50
# Bounds of every cache, shared by all the sessions of one server: an entry older than TTL is dropped,
# and each function keeps at most its max_entries (fewer where an entry can hold a whole table).
TTL = "1h"
_MAX_ENTRIES = 16
_MAX_TABLES = 4


# The loaded and the prepared table are shared read-only objects (st.cache_resource): no page changes
# them, and a copy per rerun (st.cache_data unpickles one each time) would double an upload's memory.
@st.cache_resource(show_spinner=False, max_entries=_MAX_ENTRIES, ttl=TTL)
def demo_source(name: str) -> tabular.Source:
    return tabular.demo_source(name)


@st.cache_resource(show_spinner="Reading the file…", max_entries=2, ttl=TTL)
def upload_source(file_name: str, raw: bytes, max_mb: float, encoding: str) -> tabular.Source:
    return tabular.read_upload(file_name, raw, max_mb, encoding)


@st.cache_resource(show_spinner=False, max_entries=_MAX_TABLES, ttl=TTL)
def prepared(source_key: str, _source: tabular.Source, target: str, categorical: tuple,
             missing: str | None, weight: str | None = None) -> tabular.Prepared:
    return tabular.prepare(_source, target, categorical, missing, weight)


@st.cache_data(show_spinner="Measuring the data…", max_entries=_MAX_ENTRIES, ttl=TTL)
def profile(data_key: str, _prepared: tabular.Prepared, seed: int = 0):
    return profile_dataset(_prepared.table, _prepared.target, random_state=seed)


def tree(data_key: str, _prepared: tabular.Prepared, overrides: dict) -> TreeAnswer:
    """The decision tree walked over the cached profile (cheap: nothing is measured again)."""
    return walk(profile(data_key, _prepared), overrides)


def advice(data_key: str, _prepared: tabular.Prepared, overrides: dict, metric: str, model: str) -> Advice:
    """The tree's answer with its cached check, chosen for ``metric``: a change of metric re-ranks the
    check's stored scores and fits nothing."""
    answer = tree(data_key, _prepared, overrides)
    candidates = for_check(answer, leaders(answer.profile, model))
    ids = tuple(c.id for c in candidates)
    return assemble(answer, check(data_key, _prepared, answer.technique, ids, model, _candidates=candidates),
                    metric=metric, model=model)


@st.cache_data(show_spinner=False, max_entries=_MAX_ENTRIES, ttl=TTL)
def check(data_key: str, _prepared: tabular.Prepared, tree_pick: str, candidate_ids: tuple, model: str,
          seed: int = 0, *, _candidates: list) -> Check:
    """The candidates (the tree's pick, its neighbours, the public leaders, the ways of not resampling)
    cross-validated on the table (:func:`smote_core.check.run_check`; ``candidate_ids`` keys the cache, and
    ``data_key`` the weight column), with a status at the top of the recommendation that says what is running
    and the time left, removed when the check is done."""
    report, slot = _status(f"Checking the advice on your data with {describe_model(model)}", at_once=True)
    frame = check_frame(_prepared.weighted_table, profile(data_key, _prepared), _prepared.weight)
    result = run_check(frame, _prepared.target, tree_pick, _candidates, model=model, random_state=seed,
                       progress=report, weight=_prepared.weight)
    slot.empty()
    return result


def time_left(elapsed: float, done: int, total: int) -> str:
    """`` · about 40 s left`` from the pace so far (empty before the first step and at the end), for steps
    that cost alike (a generator's training steps)."""
    if done <= 0 or done >= total:
        return ""
    return f" · {crossval.time_left(elapsed / done * (total - done))}"


def _status(text: str, at_once: bool = False):
    """A ``progress(done, total, what)`` callback that opens a status box on its first call (nothing shows
    when every step is known already), or at once with ``at_once`` (the first fits wait for the worker
    processes), with a bar moved in at most 50 steps, how many candidates have been trained and scored on
    how many folds (one candidate on one fold is a step, its tuned threshold's inner fits included), and the
    engine's word on what is running and the time left (:meth:`smote_core.crossval._Race._seconds_left`:
    candidates' folds differ in cost a hundredfold, so the pace of steps would mislead); and the slot holding
    it, for the caller to empty when the work is done."""
    slot = st.empty()
    shown = {}

    def open_box(first_text: str = "") -> None:
        box = slot.status(text + "…", expanded=True)
        shown["bar"] = box.progress(0.0, text=first_text)

    if at_once:
        open_box("starting: splitting the rows into folds and starting the workers")

    def report(done, total, what=""):
        if "bar" not in shown:
            open_box()
        step = int(_PROGRESS_STEPS * done / max(1, total))
        if step != shown.get("step") or done == total:
            shown["step"] = step
            detail = f" · {what}" if isinstance(what, str) and what else ""
            shown["bar"].progress(min(1.0, done / max(1, total)), text=f"{done:,} of {total:,} candidate folds{detail}")

    return report, slot


def _bar(text: str):
    """A ``progress(done, total, ...)`` callback that moves a new progress bar in at most 50 steps, with the
    time left at the pace so far, and the bar (for the caller to remove when the work is done)."""
    bar = st.progress(0.0, text=text)
    last = [-1]
    start = time.monotonic()

    def report(done, total, *_):
        step = int(_PROGRESS_STEPS * done / max(1, total))
        if step != last[0] or done == total:
            last[0] = step
            left = time_left(time.monotonic() - start, done, total)
            bar.progress(min(1.0, done / max(1, total)), text=f"{text} {done:,} of {total:,}{left}")

    return report, bar


def run_once(data_key: str, _prepared: tabular.Prepared, technique: str, values: tuple,
             seed: int) -> resampling.RunResult:
    """One technique on the table, its parameters given as the form's values (``(name, value)`` pairs);
    CTGAN/TVAE show their optimiser steps on a progress bar.

    Not cached: the Resample page keeps its run of the whole table in the session only, since a shared
    cache would hold a second copy of every resampled table (and a third while it is unpickled).
    """
    params = build_params(technique, dict(values), seed, len(_prepared.counts), len(_prepared.table))
    if not (registry.get(technique).family == "generative" and registry.get(technique).needs):
        return resampling.run_technique(_prepared, technique, params, seed)
    progress, bar = _bar(f"Training {registry.get(technique).label}: step")
    result = resampling.run_technique(_prepared, technique, params, seed, progress)
    bar.empty()
    return result


# the Compare page's runs, on its sample of the table (see comparing.MAX_ROWS)
run = st.cache_data(show_spinner="Resampling…", max_entries=_MAX_ENTRIES, ttl=TTL)(run_once)


@st.cache_data(show_spinner=False, max_entries=_MAX_ENTRIES, ttl=TTL)
def projector(data_key: str, _prepared: tabular.Prepared, view) -> resampling.Projector:
    return resampling.fit_projector(_prepared, view)


@st.cache_data(show_spinner="Measuring fidelity…", max_entries=_MAX_TABLES, ttl=TTL)
def fidelity(data_key: str, technique: str, params: str, seed: int, _prepared, _run) -> resampling.Fidelity:
    """Fidelity of a run's synthetic rows; ``params`` is the run's parameters as text (the cache key)."""
    return resampling.fidelity_of(_prepared, _run)


@st.cache_data(show_spinner=False, max_entries=_MAX_ENTRIES, ttl=TTL)
def evaluation(data_key: str, _prepared: tabular.Prepared, techniques: tuple, values: tuple, model: str, seed: int,
               leaky: bool, _known=None):
    """:func:`dashboard.comparing.run_evaluation` with a status over the folds; ``values`` holds
    ``(technique, ((name, value), ...))``: the parameters set on the Resample page that differ from the
    defaults; ``_known`` (the advice's check scores) spares refitting what the check already scored."""
    params = {t: dict(v) for t, v in values}
    report, slot = _status("Cross-validating (leaky protocol)" if leaky else "Cross-validating")
    results = comparing.run_evaluation(_prepared, profile(data_key, _prepared), techniques, params, model=model,
                                       seed=seed, leaky=leaky, progress=report, known=_known)
    slot.empty()
    return results

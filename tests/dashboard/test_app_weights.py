"""Row weights on the dashboard: the Data & advice page's optional weight column reaches the check and
Compare (weighted scores, the same numbers as the library's), is no feature, shows in the captions, keys
the caches, and a bad column is an error message, never a traceback."""

from __future__ import annotations

import io
import shlex

import numpy as np
import pandas as pd
from streamlit.testing.v1 import AppTest

from dashboard import advising, cached, state
from smote_core import advise
from smote_core.cli import build_parser

from .test_app_pages import COMPARE, DATA, GOOD_CSV, clean, count_fits, errors, go, has, new_app, upload

FRAME = pd.read_csv(io.BytesIO(GOOD_CSV)).assign(exposure=lambda f: 0.5 + 2.0 * (np.arange(len(f)) % 5))


def csv(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False).encode()


def weighted(at: AppTest, column) -> AppTest:
    at.selectbox(key=state.WEIGHT).set_value(column).run()
    return clean(at)


def caption_with(at: AppTest, text: str) -> list[str]:
    return [c.value for c in at.caption if text in c.value]


def test_a_weight_column_weights_the_check_and_is_no_feature():
    at = upload(new_app(), csv(FRAME))
    box = at.selectbox(key=state.WEIGHT)
    assert box.value is None and box.options[1:] == ["amount", "hour", "exposure"]  # numbers, not the target
    assert not caption_with(at, "weighted by column")
    weighted(at, "exposure")
    assert not errors(at), errors(at)
    library = advise(FRAME, "label", weight="exposure")
    assert "exposure" not in library.profile.numeric_columns
    shown = caption_with(at, "scores weighted by column 'exposure'")
    assert advising.check_caption(library) in shown  # the library's numbers and protocol, weighted
    assert caption_with(at, "Rows weighted by column exposure (not a feature)")
    assert advising.pipeline_caption(library) in caption_with(at, "sample_weight=data['exposure']")
    command = advising.pipeline_caption(library).split("`smote-lab ")[1].split("`")[0]
    assert build_parser().parse_args(shlex.split(command)).weight == "exposure"  # a command the CLI accepts
    kinds = next(d.value for d in at.dataframe if "used" in d.value.columns)  # the column-kinds table
    assert "exposure" not in set(kinds.loc[kinds["used"], "column"])
    # back to none: the cache keys tell the two checks apart
    weighted(at, None)
    assert not caption_with(at, "weighted by column")


def test_compare_runs_weighted_and_reuses_the_weighted_checks_scores(monkeypatch):
    at = weighted(upload(new_app(), csv(FRAME)), "exposure")
    go(at, COMPARE)
    assert any("scores weighted by column **exposure**" in c.value for c in at.caption)
    fitted = count_fits(monkeypatch)
    cached.evaluation.clear()
    at.button(key=state.COMPARE_RUN).click().run()
    clean(at)
    refitted = set(fitted)
    results = at.session_state[state.COMPARISON]["results"]
    library = advise(FRAME, "label", weight="exposure")
    # what the (weighted) check scored is taken from it; only the techniques it did not run are fitted
    assert refitted and refitted.isdisjoint(library.check.candidates)
    assert results.attrs["weight"] == "exposure" and results.attrs["weights"] == library.check.scores.weights
    assert results.attrs["protocol_text"] == library.check.protocol_text()
    assert any(results.attrs["protocol_text"] in c.value for c in at.caption)
    none = results[(results["technique"] == "none") & (results["metric"] == "average_precision")]["mean"].iloc[0]
    assert none == library.check.scores.mean("none", "average_precision")
    assert none != advise(FRAME.drop(columns="exposure"), "label").check.scores.mean("none", "average_precision")


def test_a_bad_weight_column_is_an_error_message_on_every_page():
    bad = FRAME.assign(exposure=FRAME["exposure"].where(FRAME.index != 4, -1.0))
    at = weighted(upload(new_app(), csv(bad)), "exposure")
    assert any("weight column 'exposure' has 1 negative weight(s)" in e for e in errors(at)), errors(at)
    assert not has(at, "advice_checked_answer")
    go(at, COMPARE)
    assert any("weight column 'exposure' has 1 negative weight(s)" in e for e in errors(at)), errors(at)
    go(at, DATA)
    weighted(at, "hour")  # another column: the error goes
    assert not errors(at) and has(at, "advice_checked_answer")

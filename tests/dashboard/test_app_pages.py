"""Every page under Streamlit's AppTest: each demo end to end, bad uploads, overrides, state across pages.

AppTest cannot upload a file; an upload is simulated by putting its name and bytes into session state,
exactly what the uploader's callback does, so the same reading code runs.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import state
from smote_core import advise, registry
from smote_core.datasets import dataset_names, load_dataset

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
DATA, RESAMPLE, COMPARE, SUMMARY, STEP = (f"app_pages/{name}.py" for name in
                                          ("data_advice", "resample", "compare", "summary", "step_by_step"))
GOOD_CSV = b"amount,hour,channel,label\n" + b"".join(
    f"{(i * 37) % 500 + (200 if i % 6 == 0 else 0)},{(i * 7) % 24},{'web' if i % 3 else 'shop'},"
    f"{'fraud' if i % 6 == 0 else 'ok'}\n".encode() for i in range(240)
)
NUMERIC_CSV = b"amount,hour,label\n" + b"".join(
    f"{(i * 37) % 500 + (150 if i % 6 == 0 else 0)},{(i * 7) % 24 + (5 if i % 6 == 0 else 0)},"
    f"{'fraud' if i % 6 == 0 else 'ok'}\n".encode() for i in range(240)
)
BAD_CSVS = {
    "empty": (b"", "empty"),
    "one class": (b"a,b,label\n1,2,x\n3,4,x\n5,6,x\n", "1 class"),
    "no numeric columns": (b"name,city,label\nann,rome,x\nbob,oslo,y\ncid,rome,x\ndan,oslo,y\n", "no numeric"),
    "old Excel": (b"\xd0\xcf\x11\xe0" + b"\x00" * 64, "old Excel .xls workbook"),
    "a 1-row class": (b"a,b,label\n1,2,x\n3,4,x\n5,6,y\n7,8,x\n", "single row"),
}


def clean(at: AppTest) -> AppTest:
    """No exception, and no bug caught by app.py's guard."""
    assert not at.exception, at.exception
    assert not [e.value for e in at.error if e.value.startswith("Something went wrong")]
    return at


def errors(at: AppTest) -> list[str]:
    return [e.value for e in at.error]


def new_app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    return clean(at.run())


def upload(at: AppTest, raw: bytes, name: str = "data.csv") -> AppTest:
    at.session_state[state.DATA_MODE] = state.MODE_UPLOAD
    at.session_state[state.UPLOAD] = {"name": name, "bytes": raw}
    return clean(at.run())


def go(at: AppTest, page: str) -> AppTest:
    return clean(at.switch_page(page).run())


def recommendation(at: AppTest) -> str:
    return next(s.value for s in at.success if s.value.startswith("**Recommended"))


def tree_answer(at: AppTest) -> str:
    """The technique label in the card "The decision tree says: ..."."""
    return next(m.value for m in at.markdown if m.value.startswith("**The decision tree says: "))[26:-2]


def checked_answer(at: AppTest) -> str:
    """The label in the card "Checked on your data: ..."."""
    return next(m.value for m in at.markdown if m.value.startswith("**Checked on your data: "))[24:-2]


def demo_advice(name: str, overrides=None):
    frame, target = load_dataset(name)
    return advise(frame, target, overrides)


@pytest.mark.parametrize("name", dataset_names())
def test_every_page_runs_on_every_demo(name):
    at = new_app()
    at.selectbox(key=state.DEMO).set_value(name).run()
    clean(at)
    assert not errors(at), errors(at)
    assert recommendation(at)
    go(at, RESAMPLE)
    technique = at.session_state[state.TECHNIQUE]
    if registry.get(technique).needs:  # a neural net: a few steps are enough to run the page
        at.session_state[state.param_key(technique, "steps")] = 2
    at.button(key=state.RESAMPLE_RUN).click().run()
    clean(at)
    assert not errors(at), errors(at)
    run = at.session_state[state.RUN]
    assert run is not None and run.technique == technique
    assert at.get("plotly_chart"), "no before/after chart"
    go(at, COMPARE)
    at.button(key=state.COMPARE_RUN).click().run()
    clean(at)
    assert not errors(at), errors(at)
    assert any(i.value.startswith("**Verdict.**") for i in at.info)
    go(at, SUMMARY)
    summary = at.markdown[-1].value
    assert summary.startswith("# SMOTE Lab summary") and "## Did it help?" in summary
    go(at, STEP)


def test_the_app_opens_on_data_and_advice_with_a_demo():
    at = new_app()
    assert at.title[0].value == "Data & advice"
    assert at.session_state[state.DATA_MODE] == state.MODE_DEMO
    advice = demo_advice(state.DEFAULT_DEMO)
    assert tree_answer(at) == "Borderline-SMOTE" == advice.label
    assert checked_answer(at) == advice.recommended_label
    assert any(c.value == advice.reason for c in at.caption)  # the one sentence why, from the library
    text = recommendation(at)
    assert (advice.recommended_label in text) if advice.resamples else ("don't resample" in text)
    assert at.get("plotly_chart")[1].proto.spec  # the check's scores are drawn


def test_a_tree_answer_that_cannot_run_here_is_replaced_by_the_checked_choice():
    """label-noise-5: Borderline-SMOTE finds no minority row in danger, so the check leaves it out, says
    why, and the Resample page starts from what the check chose."""
    at = new_app()
    at.selectbox(key=state.DEMO).set_value("label-noise-5").run()
    clean(at)
    advice = demo_advice("label-noise-5")
    assert tree_answer(at) == "Borderline-SMOTE" and checked_answer(at) == advice.recommended_label
    assert any("cannot run on your data" in c.value for c in at.caption)
    assert any("0 in danger" in m.value for m in at.markdown)  # the caveat with the counts
    go(at, RESAMPLE)
    assert at.session_state[state.TECHNIQUE] == advice.resampler != "borderline-smote"


def test_a_good_upload_gets_advice_and_runs():
    at = upload(new_app(), NUMERIC_CSV)
    assert not errors(at)
    assert at.selectbox(key=state.TARGET).value == "label"
    assert recommendation(at)
    go(at, RESAMPLE)
    at.button(key=state.RESAMPLE_RUN).click().run()
    clean(at)
    assert at.session_state[state.RUN].X_res.shape[1] == 2
    assert [b.label for b in at.get("download_button")] == ["Download the resampled CSV", "Download the provenance CSV"]


@pytest.mark.parametrize("case", list(BAD_CSVS))
def test_bad_uploads_show_an_error_on_every_page(case):
    raw, words = BAD_CSVS[case]
    at = upload(new_app(), raw)
    assert any(words in e for e in errors(at)), errors(at)
    for page in (RESAMPLE, COMPARE, SUMMARY):
        go(at, page)
        assert errors(at) and any(words in e for e in errors(at)), (page, errors(at))


def test_a_cp1252_upload_is_read_with_a_note_and_the_encoding_can_be_chosen():
    raw = GOOD_CSV.decode().replace("web", "café").replace("shop", "crème").encode("cp1252")
    at = upload(new_app(), raw)
    assert any("read as Windows-1252 (cp1252)" in i.value for i in at.info), [i.value for i in at.info]
    assert any(c.value.startswith("Read as Windows-1252 (cp1252) CSV, comma-separated: 240 rows")
               for c in at.caption)
    assert recommendation(at)
    at.selectbox(key=state.ENCODING).set_value("utf-8").run()
    assert any("not valid UTF-8 text: byte 0xE8 at line 2" in e for e in errors(clean(at))), errors(at)
    at.selectbox(key=state.ENCODING).set_value("latin-1").run()
    assert not errors(clean(at)) and not any("not UTF-8" in i.value for i in at.info)


def test_an_excel_upload_gets_the_checks_and_the_advice_of_a_csv():
    frame = pd.read_csv(io.BytesIO(GOOD_CSV))
    frame["same"] = 1
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False, sheet_name="transactions")
    at = upload(new_app(), buffer.getvalue(), name="data.xlsx")
    assert any(c.value.startswith("Read sheet 'transactions' of the Excel workbook: 240 rows, 5 columns")
               for c in at.caption)
    assert any("'same' hold a single value" in w.value for w in at.warning)
    assert recommendation(at)


def test_missing_values_wait_for_an_explicit_choice():
    raw = NUMERIC_CSV.replace(b"\n37,7,", b"\n,7,", 1).replace(b"\n74,14,", b"\n74,,", 1)
    at = upload(new_app(), raw)
    assert any("Missing values" in w.value for w in at.warning)
    assert not at.success  # no advice until the choice is made
    go(at, RESAMPLE)
    assert any("drop those rows or fill them" in w.value for w in at.warning)
    go(at, DATA)
    at.radio(key=state.MISSING).set_value("drop").run()
    clean(at)
    assert any("Dropped 2 of 240 rows" in c.value for c in at.caption)
    assert recommendation(at)


def test_mixed_columns_and_the_categorical_switch():
    at = upload(new_app(), GOOD_CSV)
    assert tree_answer(at) == "SMOTE-NC"  # "channel" is text, and 40 minority rows are too few for a network
    at = upload(new_app(), NUMERIC_CSV)
    numeric_answer = tree_answer(at)
    at.multiselect(key=state.CATEGORICAL).set_value(["hour"]).run()
    clean(at)
    assert tree_answer(at) == "SMOTE-NC" != numeric_answer


def test_overriding_an_answer_changes_the_tree_and_re_runs_the_check():
    at = new_app()
    assert tree_answer(at) == "Borderline-SMOTE"
    at.selectbox(key=state.answer_key("noise")).set_value("heavily").run()
    clean(at)
    overridden = demo_advice(state.DEFAULT_DEMO, {"noise": "heavily"})
    assert tree_answer(at) == "ADASYN" and checked_answer(at) == overridden.recommended_label
    assert any(c.value == overridden.reason for c in at.caption)  # the check ran for the overridden answer
    go(at, RESAMPLE)
    assert at.session_state[state.TECHNIQUE] == overridden.resampler
    go(at, DATA)
    at.selectbox(key=state.answer_key("cleaner_boundary")).set_value("yes").run()
    clean(at)
    assert tree_answer(at).startswith("SMOTE + ")
    # the noise question is off the path now: its answer is forgotten, not carried along
    assert state.answer_key("noise") not in at.session_state
    at.button(key="data_reset_answers").click().run()
    assert tree_answer(clean(at)) == "Borderline-SMOTE"


def test_the_check_follows_the_chosen_metric_and_model():
    at = new_app()
    at.selectbox(key=state.CHECK_METRIC).set_value("balanced_accuracy").run()
    clean(at)
    frame, target = load_dataset(state.DEFAULT_DEMO)
    expected = advise(frame, target, metric="balanced_accuracy")
    assert checked_answer(at) == expected.recommended_label
    assert any("balanced accuracy" in c.value for c in at.caption if c.value.startswith("The tree says"))
    at.selectbox(key=state.CHECK_MODEL).set_value("hist_gradient_boosting").run()
    clean(at)
    assert any("histogram gradient boosting" in c.value for c in at.caption if c.value.startswith("Checked with"))


def test_state_carries_across_pages():
    at = new_app()
    at.selectbox(key=state.DEMO).set_value("blobs").run()
    go(at, RESAMPLE)
    at.selectbox(key=state.TECHNIQUE).set_value("adasyn").run()
    at.number_input(key=state.SEED).set_value(3).run()
    at.button(key=state.RESAMPLE_RUN).click().run()
    go(at, STEP)
    go(at, DATA)
    assert at.selectbox(key=state.DEMO).value == "blobs"
    go(at, RESAMPLE)
    assert at.selectbox(key=state.TECHNIQUE).value == "adasyn" and at.number_input(key=state.SEED).value == 3
    run = at.session_state[state.RUN]
    assert (run.technique, run.seed) == ("adasyn", 3)
    go(at, SUMMARY)
    assert "# SMOTE Lab summary: ADASYN" in at.markdown[-1].value
    # a different table makes the old run stale
    go(at, DATA)
    at.selectbox(key=state.DEMO).set_value("arc").run()
    go(at, RESAMPLE)
    assert at.session_state[state.RUN] is None
    assert any("Press **Run**" in i.value for i in at.info)


def test_selecting_a_synthetic_point_shows_its_provenance():
    at = new_app()
    go(at, RESAMPLE)
    at.button(key=state.RESAMPLE_RUN).click().run()
    run = at.session_state[state.RUN]
    row = int(run.provenance["row"].iloc[3])
    at.session_state[state.SELECTED] = row
    at.run()
    clean(at)
    assert any(m.value == f"**Selected synthetic row {row}**" for m in at.markdown)
    at.button(key="resample_clear").click().run()
    assert at.session_state[state.SELECTED] is None


def test_a_parameter_error_is_an_error_not_a_traceback():
    at = new_app()
    at.selectbox(key=state.DEMO).set_value("loan").run()
    go(at, RESAMPLE)
    at.session_state[state.TECHNIQUE_FOLLOWS] = False
    at.session_state[state.TECHNIQUE] = "ctgan"
    at.session_state[state.param_key("ctgan", "batch_size")] = 55  # not a multiple of pac: no field can say so
    at.run()
    at.button(key=state.RESAMPLE_RUN).click().run()
    clean(at)
    assert any(e.startswith("CTGAN could not run:") for e in errors(at)), errors(at)


def test_without_torch_generative_choices_say_how_to_enable_them(monkeypatch):
    monkeypatch.setattr(registry.Technique, "available", property(lambda self: self.needs is None))
    at = new_app()
    at.selectbox(key=state.DEMO).set_value("customers").run()
    at.selectbox(key=state.answer_key("neural_size")).set_value("yes").run()  # as if the class were large
    clean(at)
    assert tree_answer(at) == "CTGAN"
    assert any("pip install 'smote-lab[generative]'" in m.value for m in at.markdown)  # the caveat says how
    assert "CTGAN" not in checked_answer(at)  # the check runs only what can run here
    go(at, RESAMPLE)
    at.session_state[state.TECHNIQUE_FOLLOWS] = False
    at.session_state[state.TECHNIQUE] = "smote-nc"
    at.run()
    at.selectbox(key=state.TECHNIQUE).set_value("ctgan").run()
    assert any("pip install 'smote-lab[generative]'" in w.value for w in at.warning)
    assert at.button(key=state.RESAMPLE_RUN).disabled
    at.button(key="resample_use_copula").click().run()
    assert at.session_state[state.TECHNIQUE] == "gaussian-copula"
    at.button(key=state.RESAMPLE_RUN).click().run()
    clean(at)
    assert at.session_state[state.RUN].technique == "gaussian-copula"
    assert any("Fidelity" in m.value for m in at.markdown)


def test_the_leaky_demonstration():
    at = new_app()
    go(at, COMPARE)
    at.checkbox(key=state.COMPARE_LEAKY).check().run()
    at.button(key=state.COMPARE_RUN).click().run()
    clean(at)
    comparison = at.session_state[state.COMPARISON]
    assert comparison["leaky"] is not None
    assert any(s.value == "The leaky way, for comparison" for s in at.subheader)


def test_svm_smote_above_the_subset_threshold_says_so_on_screen(monkeypatch):
    from dashboard import params

    at = new_app()
    at.selectbox(key=state.DEMO).set_value("arc").run()  # 300 rows
    go(at, RESAMPLE)
    at.session_state[state.TECHNIQUE_FOLLOWS] = False
    at.session_state[state.TECHNIQUE] = "svm-smote"
    at.run()
    assert not any("stratified sample" in info.value for info in at.info)
    monkeypatch.setattr(params, "SVM_SUBSET_ROWS", 200)  # the arc demo is then "large"
    at.run()
    clean(at)
    assert any("stratified sample of 200 of the 300 rows" in info.value for info in at.info), [i.value for i in at.info]

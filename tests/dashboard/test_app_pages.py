"""Every page under Streamlit's AppTest: each demo end to end, bad uploads, overrides, state across pages.

AppTest cannot upload a file; an upload is simulated by putting its name and bytes into session state,
exactly what the uploader's callback does, so the same reading code runs.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import advising, cached, comparing, state, tabular
from smote_core import advise, crossval, registry
from smote_core.datasets import dataset_names, load_dataset
from smote_core.evaluation import verdict
from smote_core.metrics import DEFAULT_GOAL, GOALS, get_metric
from smote_core.models import CHECK_SIZING, DEFAULT_MODEL, MODELS

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
    at = AppTest.from_file(APP, default_timeout=300)  # a guard against a hang: pages take seconds here
    return clean(at.run())


def upload(at: AppTest, raw: bytes, name: str = "data.csv") -> AppTest:
    at.session_state[state.DATA_MODE] = state.MODE_UPLOAD
    at.session_state[state.UPLOAD] = {"name": name, "bytes": raw}
    return clean(at.run())


def count_fits(monkeypatch) -> list:
    """The ids of the candidate groups the engine fits from now on (one entry a group and fold), as their
    results arrive in this process (the fits themselves may run in worker processes)."""
    fitted = []
    real = crossval._Race.record

    def record(race, group, fold, result):
        fitted.append(race.groups[group][0].id)
        return real(race, group, fold, result)

    monkeypatch.setattr(crossval._Race, "record", record)
    return fitted


def go(at: AppTest, page: str) -> AppTest:
    return clean(at.switch_page(page).run())


def has(at: AppTest, key: str) -> bool:
    try:
        at.get_by_key(key)
    except KeyError:
        return False
    return True


def recommendation(at: AppTest) -> str:
    """The label in the heading "Recommended: ..." of the recommendation's box."""
    heading = at.get_by_key("advice_checked_answer").markdown[0].value
    assert heading.startswith("### Recommended: "), heading
    return heading[len("### Recommended: "):]


def tree_answer(at: AppTest) -> str:
    """The technique label in the card "The decision tree says: ..."."""
    heading = at.get_by_key("advice_tree_answer").markdown[0].value
    assert heading.startswith("**The decision tree says: "), heading
    return heading[26:-2]


def chart(at: AppTest, key: str) -> dict:
    """The Plotly figure of the chart with this key, as the browser receives it."""
    return json.loads(next(c for c in at.get("plotly_chart") if c.key == key).proto.spec)


def verdict_shown(at: AppTest) -> str:
    return next(i.value for i in at.info if i.value.startswith("**Verdict on "))


def demo_advice(name: str, overrides=None, **settings):
    frame, target = load_dataset(name)
    return advise(frame, target, overrides, **settings)


@pytest.mark.parametrize("name", dataset_names())
def test_every_page_runs_on_every_demo(name):
    at = new_app()
    at.selectbox(key=state.DEMO).set_value(name).run()
    clean(at)
    assert not errors(at), errors(at)
    label = recommendation(at)
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
    assert verdict_shown(at).startswith("**Verdict on PR-AUC.** ")
    assert chart(at, "compare_scores")["data"] and chart(at, "compare_reliability")["data"]
    go(at, SUMMARY)
    summary = at.markdown[-1].value
    assert summary.startswith(f"# SMOTE Lab summary: {label}\n") and "## Did it help?" in summary
    go(at, STEP)


def document(at: AppTest) -> list[str]:
    """The main area in reading order: each keyed element by its key, each subheader by its text."""
    found = []
    for node in at.main:
        if getattr(node, "type", None) == "subheader":
            found.append(node.value)
        elif getattr(node, "key", None):
            found.append(node.key)
    return found


def test_the_app_opens_on_data_and_advice_with_a_demo():
    at = new_app()
    assert at.title[0].value == "Data & advice"
    assert at.session_state[state.DATA_MODE] == state.MODE_DEMO
    assert (at.selectbox(key=state.GOAL).value, at.selectbox(key=state.MODEL).value) == (DEFAULT_GOAL, DEFAULT_MODEL)
    advice = demo_advice(state.DEFAULT_DEMO)
    assert tree_answer(at) == "Borderline-SMOTE" == advice.label
    assert recommendation(at) == advice.recommended_label
    box = at.get_by_key("advice_checked_answer")
    assert box.markdown[1].value == advising.recommendation_text(advice)  # what to do, its score, the reason why
    assert [c.value for c in box.caption] == [advice.choice.certainty, *advice.choice.notes]
    figure = chart(at, "advice_check_scores")
    labels = figure["data"][0]["y"]
    assert [label.split(" ✓")[0].split(" (tree")[0].split(" ≈")[0] for label in labels] == \
        list(advice.choice.table["label"])
    assert sum("✓ recommended" in label for label in labels) == 1
    assert at.code[0].value == advice.pipeline_code().rstrip()  # the estimator to use, as the library writes it
    assert any(c.value == advising.check_caption(advice) for c in at.caption)
    # the question and its answer first, then the data that explains it
    order = document(at)
    assert order.index("Recommendation") < order.index("goal") < order.index("advice_checked_answer") \
        < order.index("advice_check_scores") < order.index("advice_tree_answer") < order.index("Classes and profile") \
        < order.index("data_balance") < order.index("Why: the decision tree") < order.index("data_tree")


def test_a_tree_answer_that_cannot_run_here_is_replaced_by_the_checked_choice():
    """label-noise-5: Borderline-SMOTE finds no minority row in danger, so the check leaves it out, says
    why, and the Resample page starts from what the check chose."""
    at = new_app()
    at.selectbox(key=state.DEMO).set_value("label-noise-5").run()
    clean(at)
    advice = demo_advice("label-noise-5")
    assert tree_answer(at) == "Borderline-SMOTE" and recommendation(at) == advice.recommended_label
    notes = [c.value for c in at.get_by_key("advice_checked_answer").caption]
    assert "The tree's answer, Borderline-SMOTE, cannot run on this data, so the check compared the rest." in notes
    assert any("0 in danger" in m.value for m in at.markdown)  # the caveat with the counts
    assert "borderline-smote" not in chart(at, "advice_check_scores")["data"][0]["y"]
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


TINY_CSV = b"a,b,label\n" + b"".join(
    f"{(i * 37) % 50 / 10 + (1 if i % 27 == 0 and i < 80 else 0)},{(i * 11) % 17 / 5},"
    f"{'yes' if i % 27 == 0 and i < 80 else 'no'}\n".encode() for i in range(80)
)  # 3 rows of 'yes': a training fold holds 2, too few for a threshold tuned on inner folds


def test_a_class_of_three_rows_goes_through_every_page():
    """A tuned threshold that cannot be tuned on a fold is left out alone: the model as it is stays a candidate,
    so Compare and the summary, which judge against it, work."""
    at = upload(new_app(), TINY_CSV)
    assert not errors(at), errors(at)
    assert "No resampling" in [label.split(" ✓")[0].split(" ≈")[0]  # the model as it is is always a candidate
                               for label in chart(at, "advice_check_scores")["data"][0]["y"]]
    go(at, COMPARE)
    at.button(key=state.COMPARE_RUN).click().run()
    assert not errors(clean(at)), errors(at)
    go(at, SUMMARY)
    assert not errors(at), errors(at)


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
    assert not has(at, "advice_checked_answer")  # no advice until the choice is made
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
    assert tree_answer(at) == "ADASYN" and recommendation(at) == overridden.recommended_label
    # the check ran for the overridden answer: ADASYN is the tree's answer in its scores and notes
    assert at.get_by_key("advice_checked_answer").markdown[1].value == advising.recommendation_text(overridden)
    assert any("ADASYN (tree's answer)" in label for label in chart(at, "advice_check_scores")["data"][0]["y"])
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


@pytest.fixture
def checks(monkeypatch):
    """The checks the dashboard runs from now on (its cache emptied first)."""
    ran = []
    real = cached.run_check

    def counted(*args, **kwargs):
        ran.append(kwargs.get("model"))
        return real(*args, **kwargs)

    cached.check.clear()
    monkeypatch.setattr(cached, "run_check", counted)
    return ran


def test_a_new_goal_re_ranks_the_check_and_a_new_model_runs_it_again(checks):
    at = new_app()
    at.selectbox(key=state.DEMO).set_value("fraud").run()  # 66 rows: a small table checks fast
    assert checks == ["logistic", "logistic"]  # the default demo, then fraud
    for goal in ("balanced_accuracy", "f1_minority", "brier", DEFAULT_GOAL):
        at.selectbox(key=state.GOAL).set_value(goal).run()
        clean(at)
        expected = demo_advice("fraud", metric=goal)
        assert recommendation(at) == expected.recommended_label, goal
        assert f"**Checked:** {get_metric(goal).label} " in at.get_by_key("advice_checked_answer").markdown[1].value
    assert checks == ["logistic", "logistic"]  # every goal chosen from the same fits
    at.selectbox(key=state.MODEL).set_value("random_forest").run()
    clean(at)
    assert checks[2:] == ["random_forest"]
    assert any(c.value.startswith(f"Checked with {MODELS['random_forest']} ({CHECK_SIZING['random_forest']})") and
               "The model is sized for the check; the pipeline below uses its standard size." in c.value
               for c in at.caption)
    assert "make_model('random_forest'" in at.code[0].value
    at.selectbox(key=state.GOAL).set_value("balanced_accuracy").run()
    at.selectbox(key=state.MODEL).set_value("logistic").run()
    clean(at)
    assert checks[2:] == ["random_forest"]  # both checks are cached: nothing runs again
    assert recommendation(at) == demo_advice("fraud", metric="balanced_accuracy").recommended_label


def test_goal_and_model_are_shared_by_data_and_advice_and_compare():
    at = new_app()
    go(at, COMPARE)
    assert not at.number_input  # the protocol is the advice's: no folds to choose here
    assert at.selectbox(key=state.GOAL).options == list(GOALS.values())  # the goals in words
    assert at.selectbox(key=state.MODEL).options == list(MODELS.values())
    at.selectbox(key=state.GOAL).set_value("balanced_accuracy").run()
    at.selectbox(key=state.MODEL).set_value("random_forest").run()
    go(at, STEP)  # a page without the two questions: their answers are kept all the same
    go(at, DATA)
    assert (at.selectbox(key=state.GOAL).value, at.selectbox(key=state.MODEL).value) == \
        ("balanced_accuracy", "random_forest")
    at.selectbox(key=state.MODEL).set_value("logistic").run()
    assert recommendation(at) == demo_advice(state.DEFAULT_DEMO, metric="balanced_accuracy").recommended_label
    at.selectbox(key=state.DEMO).set_value("fraud").run()  # another table: a new check, for the same goal
    assert at.selectbox(key=state.GOAL).value == "balanced_accuracy"
    assert recommendation(clean(at)) == demo_advice("fraud", metric="balanced_accuracy").recommended_label


def test_compare_judges_by_the_advices_rule_with_the_advices_numbers(monkeypatch):
    at = new_app()
    advice = demo_advice(state.DEFAULT_DEMO)
    go(at, COMPARE)
    defaults = at.multiselect(key=state.COMPARE_TECHNIQUES).value
    source = tabular.demo_source(state.DEFAULT_DEMO)
    assert defaults == comparing.default_techniques(tabular.prepare(source, source.default_target), advice)
    fitted = count_fits(monkeypatch)
    cached.evaluation.clear()
    at.button(key=state.COMPARE_RUN).click().run()
    clean(at)
    assert fitted == []  # every default technique was scored by the check: its scores are taken
    results = at.session_state[state.COMPARISON]["results"]
    assert results.attrs["protocol_text"] == advice.check.protocol_text()
    text = verdict_shown(at)
    assert text == f"**Verdict on PR-AUC.** {comparing.verdict_text(results, DEFAULT_GOAL)}"
    chosen = verdict(results, DEFAULT_GOAL).choice.recommended
    row = advice.choice.row(chosen)  # the same candidate scores the same on both pages
    assert f"{row['mean']:.3f} ± {row['se']:.3f}" in text
    assert any(c.value.endswith(f"The verdict follows the advice's rule. {advising.RULE}") for c in at.caption)
    labels = chart(at, "compare_scores")["data"][0]["y"]
    assert [label for label in labels if label.endswith("✓ recommended")] == \
        [f"{advice.recommended_label} ✓ recommended"]
    curves = chart(at, "compare_reliability")["data"]
    assert [t["name"] for t in curves] == ["perfectly calibrated", *dict.fromkeys(["No resampling",
                                                                                   advice.recommended_label])]
    # a technique the check did not score is cross-validated, on every fold, and alone
    at.multiselect(key=state.COMPARE_TECHNIQUES).set_value([*defaults, "smote-enn"]).run()
    at.button(key=state.COMPARE_RUN).click().run()
    clean(at)
    assert fitted == ["smote-enn"] * advice.check.cv * advice.check.repeats


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
    advice = demo_advice("blobs")
    summary = at.markdown[-1].value
    assert summary.startswith(f"# SMOTE Lab summary: {advice.recommended_label}\n")  # titled after the advice
    assert "## How does ADASYN work?" in summary and "## What did it do to this data?" in summary
    if advice.recommended != "adasyn":
        assert f"This run used ADASYN, not the recommendation ({advice.recommended_label})." in summary
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
    assert "CTGAN" not in recommendation(at)  # the check runs only what can run here
    assert not any("CTGAN" in label for label in chart(at, "advice_check_scores")["data"][0]["y"])
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
    gap = at.dataframe[-1].value  # the last table of the page, under that heading
    assert list(gap["technique"]) == [registry.get(t).label for t in at.multiselect(key=state.COMPARE_TECHNIQUES).value]
    # the leaky scores sit beside the right ones in the chart
    names = [t.get("name") for t in chart(at, "compare_scores")["data"]]
    assert "resampled before splitting (leaky, inflated)" in names


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

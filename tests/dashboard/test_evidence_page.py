"""The Evidence page: the packaged ranking per classifier and metric, its plot, and the datasets like yours;
the evidence sentence under the recommendation on Data & advice."""

from __future__ import annotations

from dashboard import advising, state
from smote_core import evidence
from smote_core.candidates import label_of

from .test_app_pages import chart, demo_advice, go, new_app

EVIDENCE = "app_pages/evidence.py"


def test_the_evidence_page_ranks_every_candidate_for_the_chosen_classifier_and_metric():
    at = new_app()
    at.session_state[state.GOAL] = "balanced_accuracy"
    at = go(at, EVIDENCE)
    collection = evidence.load()
    assert at.title[0].value == "Evidence from public data"
    # it opens on the goal and model the advice was asked for (a model the ranking lacks opens on the first)
    assert at.selectbox(key="evidence_metric").value == "balanced_accuracy"
    assert at.selectbox(key="evidence_model").value == at.session_state[state.MODEL]
    for model in collection.classifiers:
        for metric in ("roc_auc", "f1_minority"):
            at.selectbox(key="evidence_model").set_value(model)
            at.selectbox(key="evidence_metric").set_value(metric).run()
            assert not at.exception
            result = evidence.ranking(model, metric, collection)
            table = at.get_by_key("evidence_table").dataframe[0].value
            assert list(table["candidate"]) == [label_of(c) for c in result.mean_ranks.index]
            assert list(table["mean rank"]) == list(result.mean_ranks.round(2))
            figure = chart(at, "evidence_ranks")
            bar = next(t for t in figure["data"] if t["name"].startswith("critical difference"))
            assert bar["x"] == [result.critical_difference] and bar["base"] == [result.mean_ranks.iloc[0]]
            assert at.metric[0].value == str(result.n_datasets)
    # the demo's advice is loaded: its checked candidates are highlighted, and the nearest datasets are listed
    advice = demo_advice(state.DEFAULT_DEMO)
    yours = next(t for t in chart(at, "evidence_ranks")["data"] if t["name"] == "yours")
    checked = {advice.check.scores.candidate(c).base_id for c in advice.check.scores.ids}
    assert set(yours["y"]) == {label_of(c) for c in checked if c in result.mean_ranks.index}
    near = at.get_by_key("evidence_similar").dataframe[0].value
    assert list(near.index) == ["your data", *evidence.similar(advice.profile).index]
    assert near["distance"].iloc[0] == 0 and near["distance"].is_monotonic_increasing


def test_the_recommendation_carries_the_public_evidence():
    at = new_app()
    advice = demo_advice(state.DEFAULT_DEMO)
    sentence = advising.evidence_text(advice)
    box = at.get_by_key("advice_checked_answer")
    n = min(evidence.DEFAULT_SIMILAR, len(evidence.load().profiles))
    assert sentence.startswith(f"On the {n} public datasets most like yours (")
    assert box.markdown[2].value == f"**Public evidence:** {sentence}"

"""The whole journey in headless Chromium: upload a CSV, pick the target, follow the advice, resample,
select a synthetic point, download the result, compare, read the summary; one screenshot per page."""

from __future__ import annotations

import pandas as pd
import pytest
from playwright.sync_api import expect

from smote_core import advise, registry
from smote_core.datasets import two_moons_fraud

pytestmark = pytest.mark.browser
expect.set_options(timeout=30_000)  # first renders load Streamlit's and Plotly's bundles

# the advice's check cross-validates on the server (its default protocol: several drawings of the folds)
# before the recommendation shows; this only bounds a hang
CHECK_TIMEOUT = 600_000
TALL = {"width": 1440, "height": 2500}
WIDE = {"width": 1440, "height": 1100}
ADVICE = {"width": 1440, "height": 3400}  # down to the decision tree with its path and the checked leaf

# pixel of a point of a subplot: its own axes map data to pixels inside the drag area
_PIXEL_JS = """(gd, args) => {
    const [axis, xy] = args;
    const xa = gd._fullLayout["xaxis" + axis], ya = gd._fullLayout["yaxis" + axis];
    const box = gd.getBoundingClientRect();
    return [box.left + xa._offset + xa.l2p(xy[0]), box.top + ya._offset + ya.l2p(xy[1])];
}"""
# the middle synthetic point of the after panel, as [x, y]
_SYNTHETIC_JS = """gd => {
    const trace = gd._fullData.find(t => t.legendgroup === "synthetic");
    const i = Math.floor(trace.x.length / 2);
    return [trace.x[i], trace.y[i]];
}"""


def only(locator):
    """The locator once it matches one element: during a rerun old and new elements briefly coexist."""
    expect(locator).to_have_count(1)
    return locator


def choose(page, key, option):
    """Pick ``option`` in the select box ``key``. A rerun that redraws the box (a script run still drawing the
    page, on a busy machine) closes its open list, so the box is opened again until the option shows."""
    listed = page.get_by_role("option", name=option, exact=True)
    for _ in range(3):
        only(page.locator(f".st-key-{key}")).click()
        try:
            expect(listed).to_be_visible(timeout=10_000)
            break
        except AssertionError:
            pass  # the list closed under a rerun: open it again
    listed.click()


def download(page, button_name):
    """The file a download button gives, on the first click."""
    with page.expect_download(timeout=30_000) as started:
        only(page.get_by_role("button", name=button_name)).click()
    return started.value


def snap(page, path, size=TALL) -> None:
    """A screenshot of the whole page (tall viewport), with no tooltip under the mouse."""
    page.set_viewport_size(size)
    page.mouse.move(5, 5)
    page.wait_for_timeout(1200)
    page.screenshot(path=str(path))
    page.set_viewport_size(WIDE)


def chart(page, key):
    plot = only(page.locator(f".st-key-{key} .js-plotly-plot"))
    plot.scroll_into_view_if_needed()
    expect(plot).to_be_visible()
    plot.evaluate("gd => new Promise(done => { const wait = () => gd._fullLayout && gd._fullLayout.xaxis2 "
                  "? done() : requestAnimationFrame(wait); wait(); })")
    return plot


@pytest.fixture(scope="module")
def upload_csv(tmp_path_factory):
    frame = two_moons_fraud(n_samples=400, minority_share=0.1, random_state=3)
    frame = frame.rename(columns={"feature_1": "amount", "feature_2": "hour", "class": "label"})
    frame.insert(0, "note", "x")  # a constant column: the target is not the last one, and it is left out
    path = tmp_path_factory.mktemp("upload") / "transactions.csv"
    frame.to_csv(path, index=False)
    return path, frame


def recommended(page):
    """The heading of the recommendation's box, once the check has run."""
    heading = page.locator(".st-key-advice_checked_answer h3")
    expect(heading).to_contain_text("Recommended: ", timeout=CHECK_TIMEOUT)
    return heading


def top(page, key) -> float:
    return only(page.locator(f".st-key-{key}")).bounding_box()["y"]


def test_upload_advise_resample_compare_summarise(app_page, screenshots, upload_csv, tmp_path):
    page = app_page
    path, frame = upload_csv
    expect(page.get_by_role("heading", name="Data & advice")).to_be_visible()
    recommended(page)  # opens on a demo

    # upload the CSV and pick the target
    page.get_by_text("Upload a file").click()
    page.locator("input[type=file]").set_input_files(str(path))
    expect(page.get_by_text("Using transactions.csv", exact=False)).to_be_visible()
    choose(page, "data_target", "label")
    expect(page.get_by_text("Left out of the features: note (constant)", exact=False)).to_be_visible()
    # the checked recommendation, then the tree's answer, as the library gives them
    expected = advise(frame, "label")
    expect(page.locator(".st-key-advice_checked_answer")).to_contain_text(
        f"Recommended: {expected.recommended_label}", timeout=CHECK_TIMEOUT)
    expect(page.locator(".st-key-advice_checked_answer")).to_contain_text(expected.reason)
    expect(page.locator(".st-key-advice_tree_answer")).to_contain_text(f"The decision tree says: {expected.label}")
    expect(page.locator(".st-key-data_tree .js-plotly-plot")).to_be_visible()
    expect(page.locator(".st-key-advice_check_scores .js-plotly-plot")).to_be_visible()
    # the pipeline to use, as the library writes it
    expect(page.locator("[data-testid=stCode]").first).to_contain_text("pipeline = build_pipeline(model")
    # the answer first, the profile that explains it after
    assert top(page, "advice_checked_answer") < top(page, "advice_check_scores") < top(page, "advice_tree_answer") \
        < top(page, "data_balance") < top(page, "data_tree")
    snap(page, screenshots / "data-advice.png", size=ADVICE)

    # follow the recommendation (or, when it is not to resample, look at the best-scoring technique)
    technique = registry.get(expected.resampler).label
    if expected.resamples:
        page.get_by_role("link", name=f"See what {technique} does to your rows").click()
    else:
        page.get_by_role("link", name="Resample", exact=True).click()
    expect(page.get_by_role("heading", name="Resample")).to_be_visible()
    shown = f"{technique} (recommended)" if expected.resamples else technique
    expect(only(page.locator(".st-key-resample_technique"))).to_match_aria_snapshot(
        f'- combobox "Technique": "{shown}"')
    page.get_by_role("button", name="Run").click()
    expect(page.get_by_text("synthetic rows", exact=False).first).to_be_visible()
    plot = chart(page, "resample_chart")
    expect(plot).to_contain_text("Before: 400 rows")

    # click a synthetic point: its parent-neighbour segment and provenance appear
    x, y = plot.evaluate(_SYNTHETIC_JS)
    px, py = plot.evaluate(_PIXEL_JS, ["2", [x, y]])
    page.mouse.move(px, py)
    page.mouse.click(px, py)
    expect(page.locator("strong").filter(has_text="Selected synthetic row")).to_be_visible()
    expect(chart(page, "resample_chart")).to_contain_text("neighbour")
    snap(page, screenshots / "resample.png")

    # download the resampled CSV: the file's columns, plus is_synthetic
    saved = tmp_path / "resampled.csv"
    download(page, "Download the resampled CSV").save_as(saved)
    table = pd.read_csv(saved)
    assert list(table.columns) == ["amount", "hour", "label", "is_synthetic"]
    synthetic, originals = table[table["is_synthetic"]], table[~table["is_synthetic"]]
    assert len(synthetic) > 0 and set(synthetic["label"]) == {"minority"}
    assert not table["is_synthetic"].iloc[: len(originals)].any()  # originals first, then synthetic rows
    real = set(zip(frame["amount"], frame["hour"], frame["label"]))
    assert set(zip(originals["amount"], originals["hour"], originals["label"])) <= real

    # compare techniques (state carries over: same data, same recommendation)
    page.get_by_role("link", name="Compare").click()
    expect(page.get_by_role("heading", name="Compare")).to_be_visible()
    expect(page.get_by_role("spinbutton")).to_have_count(0)  # no folds to choose: the advice's protocol
    expect(only(page.locator(".st-key-goal"))).to_match_aria_snapshot(
        '- combobox "Rank by (the goal, shared with Data & advice)": "ranking the minority (PR-AUC)"')
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_text("Verdict on PR-AUC.", exact=False)).to_be_visible(timeout=CHECK_TIMEOUT)
    expect(page.locator(".st-key-compare_scores .js-plotly-plot")).to_be_visible()
    expect(page.locator(".st-key-compare_scores .js-plotly-plot")).to_contain_text("✓ recommended")
    expect(page.locator(".st-key-compare_reliability .js-plotly-plot")).to_be_visible()
    snap(page, screenshots / "compare.png")

    # the summary knows the run and the comparison
    page.get_by_role("link", name="Interview summary").click()
    summary = page.locator(".st-key-summary_text")
    expect(summary).to_contain_text(f"SMOTE Lab summary: {expected.recommended_label}")
    expect(summary).to_contain_text(f"The decision tree answered {expected.label}")
    expect(summary).to_contain_text(f"the check recommends {expected.recommended_label}")
    expect(summary).to_contain_text("Did it help?")
    expect(summary).to_contain_text("synthetic rows")
    if expected.resampler != expected.recommended:  # the run is named apart from the recommendation
        expect(summary).to_contain_text(f"This run used {technique}, not the recommendation "
                                        f"({expected.recommended_label}).")
    assert download(page, "Download the summary (Markdown)").suggested_filename == "smote-lab-summary.md"
    snap(page, screenshots / "summary.png")


def test_a_bad_upload_shows_what_to_do(app_page, tmp_path):
    page = app_page
    bad = tmp_path / "latin.csv"
    bad.write_bytes("a,b,label\n1,café,x\n2,thé,y\n".encode("latin-1"))
    page.get_by_text("Upload a file").click()
    page.locator("input[type=file]").set_input_files(str(bad))
    # detected and read; choosing UTF-8 for it says what is wrong and what to do, without a traceback
    expect(page.get_by_text("Read as Windows-1252 (cp1252) CSV", exact=False)).to_be_visible()
    choose(page, "data_encoding", "UTF-8")
    errors = page.locator("[data-testid=stAlertContentError]")
    error = errors.filter(has_text="not valid UTF-8")
    expect(error).to_contain_text("re-save the file as UTF-8")
    # the cp1252 read's own message (its classes have one row each) goes once the rerun ends
    expect(errors).to_have_count(1)
    expect(page.locator("[data-testid=stException]")).to_have_count(0)


def test_a_long_check_shows_its_progress_at_the_top(app_page, screenshots):
    """A check that takes a while says what is running and how much is left, where the user looks: at the top
    of the recommendation, inside the first screen, above the profile that is already drawn."""
    page = app_page
    recommended(page)
    choose(page, "model", "random forest")  # a model no other test checks the demo with: nothing cached
    status = page.get_by_text("Checking the advice on your data with random forest", exact=False)
    expect(status).to_be_visible()
    expect(page.get_by_text("candidate folds", exact=False).first).to_be_visible()
    expect(page.get_by_text("The profile's numbers")).to_be_visible()  # drawn while the check runs
    expect(page.locator(".st-key-advice_checked_answer")).to_have_count(0)  # logistic's answer is gone, not greyed
    box = status.bounding_box()
    assert box is not None and 0 <= box["y"] < WIDE["height"], box  # no scrolling needed to see it
    page.screenshot(path=str(screenshots / "data-advice-checking.png"))
    recommended(page)
    expect(status).to_have_count(0)  # the status goes once the answer is there

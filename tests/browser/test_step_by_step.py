"""The step-by-step page in headless Chromium: click points on the Plotly chart, move λ, read the arithmetic."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from dashboard.stepper import SHOWN_COLUMNS, TIMES, format_number, neighbors_of, smote_step, step_data
from smote_core.datasets import load_dataset

from .test_journey import choose, only

pytestmark = pytest.mark.browser
expect.set_options(timeout=20_000)  # the first render loads Streamlit's code and chart bundles

ARITHMETIC = ".st-key-step_arithmetic code"

# Pixel of a data point: the plot's own axes map data to pixels inside its drag area.
_PIXEL_JS = """(gd, xy) => {
    const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis, box = gd.getBoundingClientRect();
    return [box.left + xa._offset + xa.l2p(xy[0]), box.top + ya._offset + ya.l2p(xy[1])];
}"""


def click_point(page, xy) -> None:
    chart = only(page.locator(".st-key-step_chart .js-plotly-plot"))
    chart.scroll_into_view_if_needed()
    expect(chart).to_be_visible()
    chart.evaluate("gd => new Promise(done => { const wait = () => gd._fullLayout && gd._fullLayout.xaxis "
                   "? done() : requestAnimationFrame(wait); wait(); })")
    x, y = chart.evaluate(_PIXEL_JS, [float(xy[0]), float(xy[1])])
    page.mouse.move(x, y)
    page.mouse.click(x, y)


def expect_lines(page, lines: list[str]) -> None:
    """The arithmetic block shows exactly these lines (waits for the rerun)."""
    block = page.locator(ARITHMETIC)
    expect(block).to_contain_text(lines[-1])
    assert block.inner_text().strip().splitlines() == lines


def snap(page, path) -> None:
    """A screenshot once the chart has redrawn, with no tooltip under the mouse."""
    page.mouse.move(5, 5)
    page.wait_for_timeout(600)
    page.screenshot(path=str(path))


def step_slider(page, key_selector: str, key: str, times: int, start: float, block: str) -> float:
    """Move a 0.01-step slider with the keyboard, one press per rerun; return the final value.

    Each press waits until the app has redrawn ``block`` with the new λ, so no press is lost to a rerun.
    """
    value = start
    for _ in range(times):
        value = round(value + (0.01 if key == "ArrowRight" else -0.01), 2)
        only(page.locator(key_selector).get_by_role("slider")).press(key)
        expect(page.locator(block)).to_contain_text(f"{format_number(value)} {TIMES}")
    return value


@pytest.fixture
def step_page(app_page, app_url):
    """The step-by-step page (the app opens on Data & advice)."""
    app_page.goto(f"{app_url}/step-by-step")
    return app_page


def test_click_a_point_pick_a_neighbour_move_lambda(step_page, screenshots):
    page = step_page
    data = step_data(*load_dataset("fraud"))
    pts = data.points

    # the page opens on the article's example
    expect_lines(page, smote_step((120, 280), (160, 230), 0.4).lines())

    # clicking another fraud point makes it X; the nearest neighbour is used
    x_row = 4
    neighbors = neighbors_of(data, x_row, 3)
    click_point(page, pts[x_row])
    expect_lines(page, smote_step(pts[x_row], pts[neighbors[0]], 0.4).lines())

    # clicking one of its ringed neighbours interpolates towards that one instead
    click_point(page, pts[neighbors[1]])
    expect_lines(page, smote_step(pts[x_row], pts[neighbors[1]], 0.4).lines())

    # moving λ with the keyboard (one step = 0.01) rewrites the arithmetic
    lam = step_slider(page, ".st-key-step_lam", "ArrowRight", 3, 0.4, ARITHMETIC)
    assert lam == 0.43
    expect_lines(page, smote_step(pts[x_row], pts[neighbors[1]], lam).lines())
    snap(page, screenshots / "step-by-step.png")

    # keep it, then let SMOTE make the rest: the minority reaches the majority's size
    only(page.locator(".st-key-step_keep").get_by_role("button")).click()
    expect(page.get_by_text(f"{len(data.minority_rows)} real + 1 kept + 0 from SMOTE")).to_be_visible()
    only(page.locator(".st-key-step_generate").get_by_role("button")).click()
    n_maj = len(data.majority_rows)
    expect(page.get_by_text(f"= {n_maj} of {n_maj}")).to_be_visible()
    snap(page, screenshots / "step-by-step-balanced.png")


def test_loan_table_example(step_page, screenshots):
    page = step_page
    page.get_by_role("tab", name="Loan table example").click()
    block = page.locator(".st-key-loan_arithmetic code")
    expect(block).to_contain_text("Income = 30,000 + 0.6 × (35,000 − 30,000) = 33,000")
    expect(block).to_contain_text("Loan amount = 15,000 + 0.6 × (20,000 − 15,000) = 18,000")
    expect(block).to_contain_text("Age = 25 + 0.6 × (30 − 25) = 28")
    snap(page, screenshots / "loan-example.png")

    step_slider(page, ".st-key-loan_lam", "ArrowLeft", 5, 0.6, ".st-key-loan_arithmetic code")
    expect(block).to_contain_text("Income = 30,000 + 0.55 × (35,000 − 30,000) = 32,750")
    expect(block).to_contain_text("Age = 25 + 0.55 × (30 − 25) = 27.75 → 28")


def test_a_thirty_column_upload_writes_out_the_columns_that_move_most(app_page, app_url, screenshots, tmp_path):
    """Breast-cancer data (30 columns, values down to 0.001, classes 0 and 1): six lines of arithmetic that
    read true, the other 24 one click away."""
    from sklearn.datasets import load_breast_cancer

    page = app_page
    path = tmp_path / "cancer.csv"
    load_breast_cancer(as_frame=True).frame.to_csv(path, index=False)
    page.get_by_text("Upload a file").click()
    page.locator("input[type=file]").set_input_files(str(path))
    expect(page.get_by_text("Using cancer.csv", exact=False)).to_be_visible(timeout=60_000)
    page.get_by_role("link", name="Step-by-step SMOTE", exact=True).click()
    choose(page, "step_dataset", "Your table (the one loaded on Data & advice)")
    arithmetic = page.locator(".st-key-step_arithmetic")
    expect(arithmetic).to_contain_text(f"The {SHOWN_COLUMNS} columns where X and the neighbour lie furthest apart",
                                       timeout=60_000)
    expect(arithmetic).to_contain_text("the new row of class 0 sits 40 % of the way")
    lines = only(page.locator(ARITHMETIC)).inner_text().strip().splitlines()
    assert len(lines) == SHOWN_COLUMNS and all(f" + 0.4 {TIMES} (" in line for line in lines)
    page.get_by_text(f"The other {30 - SHOWN_COLUMNS} columns").click()
    rest = only(page.locator(".st-key-step_arithmetic_rest code"))
    expect(rest).to_be_visible()
    assert len(rest.inner_text().strip().splitlines()) == 30 - SHOWN_COLUMNS
    page.set_viewport_size({"width": 1440, "height": 1700})
    snap(page, screenshots / "step-by-step-30-columns.png")

"""Uploads people have, in headless Chromium: an Excel workbook of mixed columns and a Windows-1252 CSV,
each taken through every page (step-by-step on the uploaded table included), one screenshot per page."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from playwright.sync_api import expect

from tests.browser.test_journey import ADVICE, CHECK_TIMEOUT, chart, choose, only, recommended, snap

pytestmark = [pytest.mark.browser, pytest.mark.slow]
expect.set_options(timeout=60_000)

# pixel of the second minority point of the step-by-step chart
_MINORITY_PIXEL_JS = """gd => {
    const trace = gd._fullData.find(t => t.legendgroup === "minority");
    const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis, box = gd.getBoundingClientRect();
    return [box.left + xa._offset + xa.l2p(trace.x[1]), box.top + ya._offset + ya.l2p(trace.y[1]),
            trace.customdata[1]];
}"""


def _customers(n_rows: int = 360, seed: int = 4) -> pd.DataFrame:
    """Mixed columns with accented text: numbers, a category, a yes/no answer, and the label."""
    rng = np.random.RandomState(seed)
    churn = rng.uniform(size=n_rows) < 0.15
    return pd.DataFrame({
        "monthly_charge": np.round(rng.normal(60, 15, n_rows) + 25 * churn, 2),
        "tenure_months": rng.randint(1, 72, n_rows) // np.where(churn, 3, 1),
        "city": rng.choice(["Zürich", "Besançon", "Málaga", "Kraków"], n_rows),
        "contract": np.where(rng.uniform(size=n_rows) < 0.3 + 0.4 * churn, "month-to-month", "yearly"),
        "label": np.where(churn, "churned", "stayed"),
    })


def _every_page(page, screenshots, name: str, n_rows: int) -> None:
    """Advice, Resample (Run), Compare, summary and step-by-step on the uploaded table, with screenshots."""
    label = recommended(page).inner_text().removeprefix("Recommended: ")
    expect(page.locator(".st-key-data_tree .js-plotly-plot")).to_be_visible()
    snap(page, screenshots / f"{name}-data-advice.png", size=ADVICE)

    page.get_by_role("link", name="Resample", exact=True).click()
    page.get_by_role("button", name="Run").click()
    expect(page.get_by_text("synthetic rows", exact=False).first).to_be_visible()
    expect(chart(page, "resample_chart")).to_contain_text(f"Before: {n_rows} rows")
    snap(page, screenshots / f"{name}-resample.png")

    page.get_by_role("link", name="Compare", exact=True).click()
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_text("Verdict on PR-AUC.", exact=False)).to_be_visible(timeout=CHECK_TIMEOUT)
    expect(page.locator(".st-key-compare_scores .js-plotly-plot")).to_be_visible()
    snap(page, screenshots / f"{name}-compare.png")

    page.get_by_role("link", name="Interview summary", exact=True).click()
    expect(page.locator(".st-key-summary_text")).to_contain_text("Did it help?")
    expect(page.locator(".st-key-summary_text h1")).to_have_text(f"SMOTE Lab summary: {label}")
    snap(page, screenshots / f"{name}-summary.png")

    # step-by-step on the uploaded table: its classes, its rows, X moved by a click
    page.get_by_role("link", name="Step-by-step SMOTE", exact=True).click()
    choose(page, "step_dataset", "Your table (the one loaded on Data & advice)")
    plot = only(page.locator(".st-key-step_chart .js-plotly-plot"))
    expect(plot).to_contain_text("churned")
    expect(page.locator(".st-key-step_arithmetic code")).to_contain_text("Monthly charge = ")
    plot.evaluate("gd => new Promise(done => { const wait = () => gd._fullLayout && gd._fullLayout.xaxis "
                  "? done() : requestAnimationFrame(wait); wait(); })")
    before = page.locator(".st-key-step_arithmetic code").inner_text()
    x, y, row = plot.evaluate(_MINORITY_PIXEL_JS)
    page.mouse.move(x, y)
    page.mouse.click(x, y)  # it becomes X, or the neighbour when it is one of X's
    expect(page.locator(".st-key-step_arithmetic")).to_contain_text(f"(row {int(row)})")
    expect(page.locator(".st-key-step_arithmetic code")).not_to_have_text(before)
    snap(page, screenshots / f"{name}-step-by-step.png")


def test_an_excel_workbook_of_mixed_columns_through_every_page(app_page, screenshots, tmp_path):
    page = app_page
    path = tmp_path / "customers.xlsx"
    _customers().to_excel(path, index=False, sheet_name="customers")
    page.get_by_text("Upload a file").click()
    page.locator("input[type=file]").set_input_files(str(path))
    expect(page.get_by_text("Read sheet 'customers' of the Excel workbook: 360 rows, 5 columns")).to_be_visible()
    _every_page(page, screenshots, "upload-excel", 360)


def test_a_windows_1252_csv_is_read_with_a_note_through_every_page(app_page, screenshots, tmp_path):
    page = app_page
    path = tmp_path / "clientes.csv"
    path.write_bytes(_customers(seed=5).to_csv(index=False, sep=";").encode("cp1252"))
    page.get_by_text("Upload a file").click()
    page.locator("input[type=file]").set_input_files(str(path))
    expect(page.get_by_text("Read as Windows-1252 (cp1252) CSV, semicolon-separated: 360 rows")).to_be_visible()
    expect(page.locator("[data-testid=stAlertContentInfo]").filter(has_text="The file is not UTF-8")).to_be_visible()
    _every_page(page, screenshots, "upload-cp1252", 360)

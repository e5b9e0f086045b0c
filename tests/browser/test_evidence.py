"""The public evidence in headless Chromium: the sentence under the recommendation, and the Evidence page's
rank plot per classifier; a screenshot of each."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from smote_core import evidence

from .test_journey import ADVICE, TALL, choose, only, recommended, snap

pytestmark = pytest.mark.browser
expect.set_options(timeout=30_000)


def test_evidence_beside_the_advice_and_on_its_page(app_page, screenshots):
    page = app_page
    recommended(page)  # opens on a demo; the check has run
    box = page.locator(".st-key-advice_checked_answer")
    expect(box).to_contain_text("Public evidence: On the ")
    expect(box).to_contain_text(" public datasets most like yours (")
    snap(page, screenshots / "data-advice-evidence.png", size=ADVICE)

    only(page.get_by_role("link", name="Evidence")).click()
    expect(page.get_by_role("heading", name="Evidence from public data")).to_be_visible()
    choose(page, "evidence_model", "Histogram gradient boosting")
    # the advice was checked with logistic regression: the page says which classifier the ranks are for
    expect(page.get_by_text("the ranks above are for histogram gradient boosting")).to_be_visible()
    page.wait_for_timeout(1000)  # the rerun's new chart replaces the old one
    plot = only(page.locator(".st-key-evidence_ranks .js-plotly-plot"))
    expect(plot).to_be_visible()
    names = plot.evaluate("gd => gd._fullData.map(t => t.name)")
    assert names[0].startswith("critical difference (") and "others" in names
    result = evidence.ranking("hist_gradient_boosting", "roc_auc")
    dots = plot.evaluate("gd => gd._fullData.slice(1).reduce((n, t) => n + t.x.length, 0)")
    assert dots == len(result.mean_ranks)
    expect(page.get_by_role("heading", name="Datasets most like yours")).to_be_visible()
    snap(page, screenshots / "evidence.png", size=TALL)

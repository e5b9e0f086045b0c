"""Dashboard responsiveness: upload-to-advice, resample, page switches and a step-by-step interaction.

Run with ``python -m benchmarks.dashboard`` (add ``--no-browser`` to skip the Chromium parts, ``--browser``
to run only the Chromium timings, ``--memory`` to run only the memory part). Measured on the built-in demo
("arc", 300 rows) and on a generated 100,000-row x 20-column CSV (40 MB):

- server side, with Streamlit's AppTest: each number is the time of one script run, as the server
  spends it after a click (cold = first time, caches empty; warm = repeated, caches filled);
- in headless Chromium (``SMOTE_LAB_CHROMIUM`` or /usr/bin/chromium): from the user's action to the result
  on screen, upload and rendering included; the first render against both ways of starting the app
  (``streamlit run``, as Streamlit Community Cloud does, and ``make run``'s ``dashboard/serve.py``, which
  loads the library once the server runs), the rest against ``make run``'s.

- memory, in headless Chromium against a fresh ``streamlit run`` each: the server's peak resident
  memory over a journey through every page (:mod:`benchmarks.memory`), on the demo and on the largest
  CSV the default upload limit (``server.maxUploadSize``) lets through.

Targets: advice on 100k rows under 3 s; a step-by-step interaction under 300 ms; peak memory under
800 MiB (Streamlit Community Cloud gives an app about 1 GB).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import memory
from benchmarks.advise import make_data

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "dashboard" / "app.py")
PAGES = {name: f"app_pages/{name}.py" for name in ("data_advice", "resample", "compare", "summary", "step_by_step")}
ADVICE_TARGET, STEP_TARGET = 3.0, 0.300
READING_SECONDS = 5.0
N_ROWS = 100_000


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def flag(seconds: float, target: float) -> str:
    return "" if seconds < target else f"   (over the {target:g} s target)"


def clean(at):
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    return at


def server_side(big_csv: bytes) -> None:
    from streamlit.testing.v1 import AppTest

    from dashboard import state

    print("\nServer side (AppTest script runs)")
    at = AppTest.from_file(APP, default_timeout=300)
    cold = timed(at.run)
    clean(at)
    print(f"  first run of the app (imports, demo 'arc', profile, advice) {cold:8.2f} s")
    at.selectbox(key=state.DEMO).set_value("blobs")
    print(f"  switch demo to 'blobs' (2,000 rows): advice                 {timed(at.run):8.2f} s")
    at.selectbox(key=state.DEMO).set_value("arc").run()

    for label, rows in (("demo 'arc' (300 rows)", None), (f"{N_ROWS:,} x 20 CSV", big_csv)):
        if rows is not None:
            at.session_state[state.DATA_MODE] = state.MODE_UPLOAD
            at.session_state[state.UPLOAD] = {"name": "big.csv", "bytes": rows}
            seconds = timed(at.run)
            clean(at)
            print(f"  {label}: upload to advice (read, prepare, profile, advise, draw) {seconds:6.2f} s"
                  + flag(seconds, ADVICE_TARGET))
        at.switch_page(PAGES["resample"]).run()
        technique = at.session_state[state.TECHNIQUE]
        at.button(key=state.RESAMPLE_RUN).click()
        seconds = timed(at.run)
        clean(at)
        fit = at.session_state[state.RUN].seconds
        print(f"  {label}: resample with {technique} (page run {seconds:.2f} s, of which the fit {fit:.2f} s)")
        switches = []
        for _ in range(3):
            for page in ("summary", "data_advice", "resample", "compare"):
                at.switch_page(PAGES[page])
                switches.append((page, timed(at.run)))
                clean(at)
        by_page = {page: statistics.median(s for p, s in switches if p == page) for page, _ in switches}
        listed = ", ".join(f"{page} {1000 * s:.0f} ms" for page, s in by_page.items())
        print(f"  {label}: page switch, warm, median per page: {listed}")
        at.switch_page(PAGES["data_advice"]).run()

    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page(PAGES["step_by_step"]).run()
    times = []
    for i in range(12):
        at.slider(key=state.STEP_LAM).set_value(round(0.1 + 0.05 * i, 2))
        times.append(timed(at.run))
    for k in (2, 4, 3):
        at.slider(key=state.STEP_K).set_value(k)
        times.append(timed(at.run))
    median = statistics.median(times)
    print(f"  step-by-step: move λ or k, median {1000 * median:.0f} ms, max {1000 * max(times):.0f} ms"
          + flag(median, STEP_TARGET))


def first_screen(page, url: str) -> tuple[float, float]:
    """Seconds from opening ``url`` on the demo until the profile and the check's status show (the first
    render), and until the checked advice does."""
    from playwright.sync_api import expect

    start = time.perf_counter()
    page.goto(url)
    expect(page.get_by_text("The profile's numbers")).to_be_visible()
    # at the top of the recommendation the check's status (or, when the check was quicker than the browser's
    # look, its answer)
    waiting = page.get_by_text("Checking the advice on your data", exact=False)
    expect(waiting.or_(page.get_by_text("Recommended:", exact=False)).first).to_be_visible()
    shown = time.perf_counter() - start
    expect(page.get_by_text("Recommended:", exact=False)).to_be_visible()
    return shown, time.perf_counter() - start


def browser(big_csv: bytes) -> None:
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=120_000)
    print("\nIn headless Chromium (action to result on screen); each server fresh, opened as soon as it answers "
          f"or {READING_SECONDS:g} s later (a person reading the address off the terminal)")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        path = Path(tmp) / "big.csv"
        path.write_bytes(big_csv)
        executable = os.environ.get("SMOTE_LAB_CHROMIUM") or "/usr/bin/chromium"
        chromium = playwright.chromium.launch(executable_path=executable, headless=True,
                                              args=["--headless", "--no-sandbox", "--disable-gpu"])
        for label, entry in (("streamlit run dashboard/app.py (as Streamlit Community Cloud)", memory.STREAMLIT_RUN),
                             ("make run (dashboard/serve.py)", memory.MAKE_RUN)):
            for delay in (0, READING_SECONDS):
                with memory.server(entry=entry, memory_mib=None) as (url, _):
                    time.sleep(delay)
                    page = chromium.new_page(viewport={"width": 1440, "height": 1100})
                    shown, advised = first_screen(page, url)
                    print(f"  {label}, opened {delay:g} s after it answers: the demo's profile and the check's "
                          f"status show (first render) {shown:6.2f} s (target 5 s); the checked advice "
                          f"{advised:6.2f} s")
                    if entry == memory.MAKE_RUN and delay:
                        upload_and_pages(page, path)
        chromium.close()


def upload_and_pages(page, path: Path) -> None:
    """Upload ``path`` (the generated CSV) until the advice shows, switch through the pages and run the
    recommendation on Resample, printing the seconds of each."""
    from playwright.sync_api import expect

    page.get_by_text("Upload a file").click()
    expect(page.locator("input[type=file]")).to_have_count(1)
    start = time.perf_counter()
    page.locator("input[type=file]").set_input_files(str(path))
    expect(page.get_by_text("Using big.csv", exact=False)).to_be_visible()
    expect(page.get_by_text("Read as UTF-8", exact=False)).to_be_visible()
    expect(page.get_by_text(f"{N_ROWS:,} rows", exact=False).first).to_be_visible()
    expect(page.get_by_text("Recommended:", exact=False)).to_be_visible()
    print(f"  {N_ROWS:,} x 20 CSV: upload (40 MB) to advice on screen      {time.perf_counter() - start:8.2f} s")
    for name in ("Resample", "Compare", "Interview summary", "Data & advice"):
        start = time.perf_counter()
        page.get_by_role("link", name=name, exact=True).click()
        expect(page.get_by_role("heading", name=name, exact=True)).to_be_visible()
        if name == "Data & advice":
            expect(page.get_by_text("Recommended:", exact=False)).to_be_visible()
        print(f"  {N_ROWS:,} rows: switch to {name:<18} {time.perf_counter() - start:8.2f} s")
    page.get_by_role("link", name="Resample", exact=True).click()
    start = time.perf_counter()
    page.get_by_role("button", name="Run").click()
    expect(page.locator(".st-key-resample_chart .js-plotly-plot")).to_be_visible()
    print(f"  {N_ROWS:,} rows: Run the recommendation to before/after drawn {time.perf_counter() - start:6.2f} s")


def peak_memory() -> None:
    from playwright.sync_api import sync_playwright

    limit = memory.upload_limit_mb()
    print(f"\nServer peak resident memory over a journey through every page (bound {memory.BOUND_MIB} MiB)")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        path = Path(tmp) / "largest.csv"
        path.write_bytes(memory.largest_csv(limit))
        n_rows = path.read_bytes().count(b"\n") - 1
        executable = os.environ.get("SMOTE_LAB_CHROMIUM") or "/usr/bin/chromium"
        chromium = playwright.chromium.launch(executable_path=executable, headless=True,
                                              args=["--headless", "--no-sandbox", "--disable-gpu"])
        for label, upload in (("demo 'arc' journey", None),
                              (f"largest upload the {limit:g} MB limit allows: {path.stat().st_size / 1e6:.1f} MB, "
                               f"{n_rows:,} x {memory.N_FEATURES + 1}", path)):
            peak = memory.measure(chromium, upload)
            verdict = "under" if peak < memory.BOUND_MIB else "OVER"
            print(f"  {label}: peak {peak:,.0f} MiB ({verdict} the {memory.BOUND_MIB} MiB bound)")
        chromium.close()


def main() -> None:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    if "--memory" in sys.argv:
        print(f"Dashboard memory; load average at start {load:.2f}, {os.cpu_count()} cores")
        peak_memory()
        return
    print(f"Dashboard responsiveness; load average at start {load:.2f}, {os.cpu_count()} cores")
    big_csv = make_data(N_ROWS).to_csv(index=False).encode()
    print(f"generated CSV: {N_ROWS:,} rows x 20 numeric columns + label, {len(big_csv) / 1e6:.0f} MB")
    if "--browser" in sys.argv:  # the browser's timings only
        browser(big_csv)
        return

    from dashboard import tabular
    from smote_core.walk import walk
    from smote_core.profile import profile_dataset

    source = None

    def read():
        nonlocal source
        source = tabular.read_upload("big.csv", big_csv, 200)

    steps = [("read the CSV (decode, sniff, parse, problems)", read)]
    print("\nThe library steps behind upload-to-advice, 100k rows")
    for label, action in steps:
        print(f"  {label:<52} {timed(action):6.2f} s")
    prepared = None

    def prep():
        nonlocal prepared
        prepared = tabular.prepare(source, "label")

    print(f"  {'prepare (target, kinds, checks)':<52} {timed(prep):6.2f} s")
    print(f"  {'profile + advise':<52} {timed(lambda: walk(profile_dataset(prepared.table, 'label'))):6.2f} s")

    server_side(big_csv)
    if "--no-browser" not in sys.argv:
        browser(big_csv)
        peak_memory()


if __name__ == "__main__":
    main()

"""The dashboard server's peak resident memory on a journey through every page, against the Cloud bound.

Streamlit Community Cloud gives an app about 1 GB; the dashboard is held to ``BOUND_MIB`` so that a
second session or a spike still fits. A journey: open the app on its demo, optionally upload a CSV and
wait for the advice, run the recommendation on Resample, press Compare, read the summary, open the
step-by-step page. The peak is the server process's ``VmHWM`` (Linux), read when the journey ends. The
server runs as on Cloud: ``SMOTE_LAB_MEMORY_MIB`` set to 1 GB, so the comparisons train their folds in
the server process and start no worker processes (:mod:`smote_core._workers`), and the peak is all the
memory the app holds.

``python -m benchmarks.dashboard`` prints both journeys (the demo, and the largest CSV the default upload
limit lets through); ``tests/browser/test_memory.py`` runs the large one against the bound.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path

import numpy as np
import pandas as pd

from smote_core._workers import MEMORY_ENV

ROOT = Path(__file__).resolve().parent.parent
BOUND_MIB = 800
CLOUD_MIB = 1024  # what Streamlit Community Cloud gives an app
N_FEATURES = 20


def upload_limit_mb() -> float:
    """``server.maxUploadSize`` of ``.streamlit/config.toml`` (the uploader counts 1 MB as 10^6 bytes)."""
    return float(tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["server"]["maxUploadSize"])


def largest_csv(limit_mb: float, margin: float = 0.01, random_state: int = 0) -> bytes:
    """A numeric CSV (20 features, 5% minority, a ``label`` column) just under ``limit_mb`` megabytes."""
    rng = np.random.RandomState(random_state)

    def table(n_rows: int) -> bytes:
        X = rng.normal(size=(n_rows, N_FEATURES))
        minority = rng.uniform(size=n_rows) < 0.05
        X[minority, :5] += 1.0
        frame = pd.DataFrame(X, columns=[f"x{i}" for i in range(N_FEATURES)])
        frame["label"] = np.where(minority, "minority", "majority")
        return frame.to_csv(index=False).encode()

    per_row = len(table(2000)) / 2000
    content = table(int(limit_mb * 1e6 * (1 - margin) / per_row))
    if len(content) > limit_mb * 1e6:
        raise AssertionError(f"the generated CSV ({len(content):,} bytes) is over the {limit_mb:g} MB limit")
    return content


def peak_mib(pid: int) -> float:
    """Peak resident memory (``VmHWM``) of process ``pid``, in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmHWM for process {pid}: the peak is read from /proc on Linux")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# How the dashboard is started: as Streamlit Community Cloud does, and as ``make run`` does (the library
# loaded once the server runs: dashboard/serve.py).
STREAMLIT_RUN = ("-m", "streamlit", "run", "dashboard/app.py")
MAKE_RUN = ("dashboard/serve.py",)


@contextlib.contextmanager
def server(startup_seconds: float = 90.0, entry: tuple = STREAMLIT_RUN, memory_mib: float | None = CLOUD_MIB):
    """A fresh server of the dashboard, ``python *entry`` with the repository's config, its worker processes
    sized for ``memory_mib`` (None: the machine's memory); yields ``(url, pid)`` once it is healthy."""
    port = _free_port()
    limit = {} if memory_mib is None else {MEMORY_ENV: str(memory_mib)}
    process = subprocess.Popen(
        [sys.executable, *entry, "--server.headless", "true", "--server.port", str(port), "--server.address",
         "127.0.0.1", "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, **limit},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + startup_seconds
        while True:
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=2)
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("streamlit did not start") from None
                time.sleep(0.3)
        yield url, process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def journey(page, url: str, upload: Path | None = None, timeout_ms: int = 300_000) -> None:
    """Every page once, as a person would: the demo or ``upload``, advice, Resample Run, Compare, the
    summary and the step-by-step page (``page`` is a Playwright page)."""
    from playwright.sync_api import expect

    page.goto(url)
    expect(page.get_by_text("Recommended:", exact=False)).to_be_visible(timeout=timeout_ms)
    if upload is not None:
        page.get_by_text("Upload a file").click()
        page.locator("input[type=file]").set_input_files(str(upload))
        expect(page.get_by_text(f"Using {upload.name}", exact=False)).to_be_visible(timeout=timeout_ms)
        expect(page.get_by_text("Recommended:", exact=False)).to_be_visible(timeout=timeout_ms)
    page.get_by_role("link", name="Resample", exact=True).click()
    page.get_by_role("button", name="Run").click()
    expect(page.locator(".st-key-resample_chart .js-plotly-plot")).to_be_visible(timeout=timeout_ms)
    page.get_by_role("link", name="Compare", exact=True).click()
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_text("Verdict on ", exact=False)).to_be_visible(timeout=timeout_ms)
    page.get_by_role("link", name="Interview summary", exact=True).click()
    expect(page.locator(".st-key-summary_text")).to_contain_text("Did it help?", timeout=timeout_ms)
    page.get_by_role("link", name="Step-by-step SMOTE", exact=True).click()
    expect(page.locator(".st-key-step_chart .js-plotly-plot")).to_be_visible(timeout=timeout_ms)


def measure(chromium, upload: Path | None = None) -> float:
    """Peak resident MiB of a fresh server over one :func:`journey` in ``chromium`` (a Playwright browser)."""
    with server() as (url, pid):
        context = chromium.new_context(viewport={"width": 1440, "height": 1100})
        try:
            journey(context.new_page(), url, upload)
        finally:
            context.close()
        return peak_mib(pid)

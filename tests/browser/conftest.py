"""Browser-test fixtures: the dashboard served as ``make run`` serves it and a headless Chromium page.

Each xdist worker starts its own server on a free port. A browser that cannot start fails the test
(never skips): with ``SMOTE_LAB_REQUIRE_BROWSER=1`` (set by ``make test``) and without it.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# where `make screenshots` asks the browser tests to save the README's images (else a temporary folder)
SCREENSHOTS_ENV = "SMOTE_LAB_SCREENSHOTS"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
STARTUP_TIMEOUT = 90.0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    """URL of the dashboard served as ``make run`` serves it (``dashboard/serve.py``: ``streamlit run
    dashboard/app.py`` with the library loaded once the server runs) from the repository root."""
    port = _free_port()
    log_path = tmp_path_factory.mktemp("streamlit") / "server.log"
    log = log_path.open("w")
    server = subprocess.Popen(
        [sys.executable, "dashboard/serve.py", "--server.headless", "true", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while not _healthy(url):
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            log.close()
            pytest.fail(f"streamlit did not become healthy on {url}; its output:\n{log_path.read_text()}")
        time.sleep(0.3)
    yield url
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
    log.close()


@pytest.fixture(scope="session")
def chromium():
    """A headless Chromium (``SMOTE_LAB_CHROMIUM`` or Playwright's own)."""
    from playwright.sync_api import Error, sync_playwright

    executable = os.environ.get("SMOTE_LAB_CHROMIUM") or None
    manager = sync_playwright().start()
    try:
        browser = manager.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
    except Error as exc:
        manager.stop()
        required = os.environ.get("SMOTE_LAB_REQUIRE_BROWSER") == "1"
        pytest.fail(
            f"Chromium could not start (executable={executable or 'Playwright default'}"
            f"{', SMOTE_LAB_REQUIRE_BROWSER=1' if required else ''}): {exc}\n"
            "Set SMOTE_LAB_CHROMIUM to a working Chromium (scripts/find-chromium.sh finds or installs one) "
            "or run `python -m playwright install chromium`.",
            pytrace=False,
        )
    yield browser
    browser.close()
    manager.stop()


@pytest.fixture
def app_page(chromium, app_url):
    """A fresh browser page at the dashboard, wide enough for the side-by-side layout."""
    context = chromium.new_context(viewport={"width": 1440, "height": 1100}, device_scale_factor=1)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(app_url)
    yield page
    context.close()


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory) -> Path:
    """The folder the browser tests save their screenshots in: a temporary one, so that the tests leave
    the checkout as it was, or the one named by ``SMOTE_LAB_SCREENSHOTS`` (``make screenshots``)."""
    chosen = os.environ.get(SCREENSHOTS_ENV)
    if not chosen:
        return tmp_path_factory.mktemp("screenshots")
    folder = Path(chosen)
    folder.mkdir(parents=True, exist_ok=True)
    return folder

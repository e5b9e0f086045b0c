"""``dashboard/serve.py``: Streamlit's ``run`` of the app, with the library loaded once the server runs."""

import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest
import streamlit.web.cli
from streamlit.runtime import Runtime
from streamlit.runtime.runtime import RuntimeState

from dashboard import loading, serve


@pytest.fixture(autouse=True)
def own_loading_state(monkeypatch):
    # serve.main says a library import has begun: left set in this process, every later AppTest run of the
    # app would wait for an import that never ends
    monkeypatch.setattr(loading, "_begun", threading.Event())
    monkeypatch.setattr(loading, "_imported", threading.Event())


def test_serve_runs_the_app_with_the_options_given_while_the_library_loads(monkeypatch):
    loaded, ran = threading.Event(), []
    monkeypatch.setattr(serve, "load_library_once_serving", loaded.set)
    monkeypatch.setattr(streamlit.web.cli, "main", lambda: ran.append(list(sys.argv)) or 0)
    monkeypatch.setattr(sys, "argv", ["serve.py"])
    assert serve.main(["--server.port", "8600"]) == 0
    assert ran == [["streamlit", "run", str(serve.APP), "--server.port", "8600"]]
    assert serve.APP.name == "app.py" and serve.APP.is_file()
    assert loaded.wait(timeout=10)


def test_serve_started_elsewhere_reads_the_projects_streamlit_settings(monkeypatch, tmp_path):
    # Streamlit reads .streamlit/config.toml from the folder it runs in: started from another folder, the
    # dashboard would lose its theme and upload limit
    settings = []

    def run_streamlit():
        settings.append(Path.cwd() / ".streamlit" / "config.toml")
        return 0

    monkeypatch.setattr(serve, "load_library_once_serving", lambda: None)
    monkeypatch.setattr(streamlit.web.cli, "main", run_streamlit)
    monkeypatch.setattr(sys, "argv", ["serve.py"])
    monkeypatch.chdir(tmp_path)
    assert serve.main([]) == 0
    assert settings == [serve.CONFIG] and "maxUploadSize" in serve.CONFIG.read_text()


def test_the_library_loads_once_the_runtime_has_started_not_during_the_servers_start(monkeypatch):
    server = {"exists": False, "state": RuntimeState.INITIAL}
    loaded = threading.Event()
    monkeypatch.setattr(serve, "load_library", loaded.set)
    monkeypatch.setattr(Runtime, "exists", classmethod(lambda cls: server["exists"]))
    monkeypatch.setattr(Runtime, "instance", classmethod(lambda cls: SimpleNamespace(state=server["state"])))
    threading.Thread(target=serve.load_library_once_serving, args=(0.01,), daemon=True).start()
    assert not loaded.wait(0.2)
    server["exists"] = True  # made, not started
    assert not loaded.wait(0.2)
    server["state"] = RuntimeState.NO_SESSIONS_CONNECTED
    assert loaded.wait(10)


STARTS = """
import json, sys, threading
seen = []
def start(thread):  # record what is imported when the loading thread would start, then stop
    seen.append(all(name in sys.modules for name in ("streamlit.web.cli", "streamlit.runtime.runtime")))
    raise SystemExit(0)
threading.Thread.start = start
from dashboard import serve
try:
    serve.main(["--server.port", "1"])
except SystemExit:
    pass
print(json.dumps(seen))
"""


def test_streamlit_is_imported_before_the_loading_thread_starts():
    # two threads importing Streamlit at once can initialise it twice, and the server then fails to start
    out = subprocess.run([sys.executable, "-c", STARTS], cwd=serve.ROOT, capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(serve.ROOT)})
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout.strip().splitlines()[-1]) == [True]


PROBE = """
import json, pkgutil, sys
from importlib import import_module
import streamlit  # the server has imported it before any script runs
import dashboard
from dashboard import serve
serve.load_library()
before = set(sys.modules)
for module in pkgutil.iter_modules(dashboard.__path__):
    if module.name not in ("app", "serve"):
        import_module("dashboard." + module.name)
left = sorted(name for name in set(sys.modules) - before
              if name.split(".")[0] in ("numpy", "pandas", "scipy", "sklearn", "plotly", "smote_core"))
print(json.dumps({"left": left, "torch": "torch" in sys.modules}))
"""


def test_the_library_loaded_is_all_the_dashboard_needs_and_not_torch():
    # a memory limit that leaves no room for workers: the folds would run in the server, nothing is started
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=serve.ROOT, capture_output=True, text=True,
                         env={**os.environ, "SMOTE_LAB_MEMORY_MIB": "1024", "PYTHONPATH": str(serve.ROOT)})
    assert out.returncode == 0, out.stderr
    found = json.loads(out.stdout.strip().splitlines()[-1])
    assert found == {"left": [], "torch": False}


def test_a_script_waits_for_the_servers_library_import_and_only_then():
    assert loading.wait_for_library() is None  # nothing begun (streamlit run): no wait
    loading.begin()
    waiting = threading.Thread(target=loading.wait_for_library, daemon=True)
    waiting.start()
    waiting.join(0.3)
    assert waiting.is_alive()
    loading.library_imported()
    waiting.join(5)
    assert not waiting.is_alive()


def test_the_library_import_ends_the_wait_even_when_it_fails(monkeypatch):
    loading.begin()
    monkeypatch.setattr(serve, "LIBRARY", ("a_module_that_is_not_there",))
    with pytest.raises(ModuleNotFoundError):
        serve.load_library()
    loading.wait_for_library()  # returns: the script shows its own error rather than hanging


WAITS = """
import json, runpy, sys, threading, time
from dashboard import loading
loading.begin()  # as serve.main does before its thread imports the library
threading.Thread(target=runpy.run_path, args=("dashboard/app.py",), daemon=True).start()
time.sleep(1.0)
before = "dashboard.state" in sys.modules
loading.library_imported()
deadline = time.monotonic() + 60
while "dashboard.state" not in sys.modules and time.monotonic() < deadline:
    time.sleep(0.05)
print(json.dumps([before, "dashboard.state" in sys.modules]))
"""


def test_the_app_imports_the_project_only_after_the_servers_library_import():
    # two threads importing scikit-learn at once handed the first page a module not yet initialised
    # ("cannot import name 'BaseLibSVM' from partially initialized module 'sklearn.svm._base'")
    out = subprocess.run([sys.executable, "-c", WAITS], cwd=serve.ROOT, capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(serve.ROOT)})
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout.strip().splitlines()[-1]) == [False, True]

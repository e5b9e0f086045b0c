"""Start the dashboard with its library loaded before the first visitor arrives.

``python dashboard/serve.py [streamlit options]`` starts Streamlit's server as ``streamlit run
dashboard/app.py [options]`` does, and once it runs a thread imports the library the pages use (numpy,
pandas, scikit-learn, Plotly and the project's own: about 2 s on the 2-core machine) and starts the check's
worker processes (about 2 s more each). ``streamlit run`` leaves both to its first visitor: the imports to
the first screen, the workers to the first check. ``make run`` and ``smote-lab dashboard`` start the app
this way; Streamlit Community Cloud runs ``streamlit run dashboard/app.py``, whose first visitor after a
start waits for them. The app's script waits for the library's import to end before it imports anything of
the project's (:mod:`dashboard.loading`: two threads importing scikit-learn at once can break each other's import).

Streamlit reads the project's settings (theme, upload limit) from ``.streamlit/config.toml`` in the folder it
is started from, so the server runs from the project's folder, where that file is: ``smote-lab dashboard``
started from anywhere looks as ``make run`` does. (An installed wheel has no such file; Streamlit's defaults
apply there.)

Of the dashboard's own modules only the figures are imported here: the others' ``st.cache_data`` caches
are made in the script run, after Streamlit's runtime exists.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from importlib import import_module
from pathlib import Path

APP = Path(__file__).resolve().parent / "app.py"
ROOT = APP.parent.parent
CONFIG = ROOT / ".streamlit" / "config.toml"
if str(ROOT) not in sys.path:  # run as a script, this folder is on the path, not the project's
    sys.path.insert(0, str(ROOT))

from dashboard import loading  # noqa: E402  (the same module the app's script imports)

# What the pages import beyond Streamlit, with the dashboard's figures (their Plotly template is built on
# import); PyTorch stays out: only CTGAN and TVAE load it, when asked for.
LIBRARY = ("plotly.graph_objects", "plotly.subplots", "sklearn.decomposition", "smote_core.advisor",
           "smote_core.summary", "smote_core.registry", "smote_core.over_sampling", "smote_core.combine",
           "smote_core.cleaning", "smote_core.datasets", "smote_core.formats", "dashboard.figures")


def load_library() -> None:
    """Import :data:`LIBRARY`, tell the app's script that it may import now (:mod:`dashboard.loading`), and
    start the check's worker processes (where the machine has room for them)."""
    try:
        for module in LIBRARY:
            import_module(module)
    finally:
        loading.library_imported()
    from smote_core import start_workers, worker_processes

    start_workers(worker_processes())


def load_library_once_serving(poll_seconds: float = 0.05) -> None:
    """:func:`load_library` once Streamlit's runtime has started: imported beside the server's own start-up,
    the library held the interpreter and the server answered about 1 s later."""
    from streamlit.runtime import Runtime
    from streamlit.runtime.runtime import RuntimeState

    while not (Runtime.exists() and Runtime.instance().state != RuntimeState.INITIAL):
        time.sleep(poll_seconds)
    load_library()


def main(argv: list[str] | None = None) -> int:
    """Serve the dashboard (``argv``: Streamlit's options, e.g. ``--server.port 8600``) until stopped."""
    if CONFIG.is_file():
        os.chdir(ROOT)
    # Streamlit is imported before the thread starts: two threads importing it at once can run its package
    # initialisation twice, and the second stops the server ("DeltaGeneratorSingleton instance already exists").
    from streamlit.runtime import runtime  # noqa: F401  (what load_library_once_serving polls)
    from streamlit.web import cli

    loading.begin()  # a visitor arriving before the thread imports waits for it too
    threading.Thread(target=load_library_once_serving, name="load-library", daemon=True).start()

    sys.argv = ["streamlit", "run", str(APP), *(sys.argv[1:] if argv is None else argv)]
    return cli.main()


if __name__ == "__main__":
    sys.exit(main())

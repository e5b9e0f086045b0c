"""The library's import in the server (``dashboard/serve.py``) and the app's script, one after the other.

Two threads importing scikit-learn at once can each wait for a module the other is importing; Python breaks
that cycle by handing one of them a module not yet initialised, and the page shows "cannot import name
'BaseLibSVM' from partially initialized module 'sklearn.svm._base'". So when the server imports the library in
a thread of its own, the app's script waits for that import to end before it imports anything of the
project's. Under ``streamlit run`` (Streamlit Community Cloud) nothing imports beside the script, and it does
not wait.
"""

from __future__ import annotations

import threading

_begun = threading.Event()
_imported = threading.Event()


def begin() -> None:
    """Say that a thread will import the library: scripts wait from now on until :func:`library_imported`."""
    _begun.set()


def library_imported() -> None:
    """Say that the library's import has ended (done or failed): waiting scripts go on."""
    _imported.set()


def wait_for_library() -> None:
    """Return once the library's import begun by the server has ended; at once when none was begun."""
    if _begun.is_set():
        _imported.wait()

"""SMOTE Lab dashboard entry: page config, session state, navigation.

Run from the repository root: ``streamlit run dashboard/app.py``. Works with the package installed
(``pip install -e .``) and without it (Streamlit Community Cloud), by putting the repository root on
``sys.path`` before the project's imports.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboard import state  # noqa: E402

PAGES_DIR = Path(__file__).resolve().parent / "app_pages"

st.set_page_config(page_title="SMOTE Lab", page_icon=":material/scatter_plot:", layout="wide")
state.init()

# Pages in menu order. Exactly one has default=True (it opens at "/"); Data & advice takes that
# role when it is added, and the step-by-step page keeps its own URL.
PAGES = [
    st.Page(PAGES_DIR / "step_by_step.py", title="Step-by-step SMOTE", icon=":material/timeline:",
            url_path="step-by-step", default=True),
]

st.navigation(PAGES).run()

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

from dashboard import loading  # noqa: E402

loading.wait_for_library()  # served by dashboard/serve.py: its thread imports scikit-learn; never two at once

from dashboard import state  # noqa: E402

PAGES_DIR = Path(__file__).resolve().parent / "app_pages"

st.set_page_config(page_title="SMOTE Lab", page_icon=":material/scatter_plot:", layout="wide")
state.init()

# Pages in menu order; Data & advice opens at "/".
PAGES = [
    st.Page(PAGES_DIR / "data_advice.py", title="Data & advice", icon=":material/table_chart:",
            url_path="data-advice", default=True),
    st.Page(PAGES_DIR / "resample.py", title="Resample", icon=":material/scatter_plot:", url_path="resample"),
    st.Page(PAGES_DIR / "step_by_step.py", title="Step-by-step SMOTE", icon=":material/timeline:",
            url_path="step-by-step"),
    st.Page(PAGES_DIR / "compare.py", title="Compare", icon=":material/leaderboard:", url_path="compare"),
    st.Page(PAGES_DIR / "evidence.py", title="Evidence", icon=":material/public:", url_path="evidence"),
    st.Page(PAGES_DIR / "summary.py", title="Interview summary", icon=":material/description:",
            url_path="summary"),
]

page = st.navigation(PAGES)
try:
    page.run()
except Exception as exc:  # noqa: BLE001 -- a bug, not bad input (pages turn ValueError into st.error)
    st.error(f"Something went wrong on this page ({type(exc).__name__}: {exc}). Reload the page; if it happens "
             "again, report it with the steps that led here.")

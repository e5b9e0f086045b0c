"""SMOTE Lab's Streamlit dashboard: pages in ``app_pages/``, figures and page logic beside them."""

"""Benchmarks: speed and memory of smote_core, printed as tables (python -m benchmarks.<name>)."""

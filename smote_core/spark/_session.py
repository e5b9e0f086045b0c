"""PySpark, imported lazily with a clear message when the ``spark`` extra is missing, and a local session."""

from __future__ import annotations

import os
import sys
from importlib import import_module


def require_pyspark():
    """Import and return ``pyspark.sql``; raise a clear ImportError naming the extra when missing."""
    try:
        return import_module("pyspark.sql")
    except ImportError as exc:
        raise ImportError(
            "smote_core.spark needs PySpark (and a Java 17+ runtime): pip install 'smote-lab[spark]'."
        ) from exc


def local_session(master: str | None = "local[*]", driver_memory: str | None = None, app_name: str = "smote-lab"):
    """A SparkSession for one machine (or the given master), quiet and without its web UI.

    Parameters
    ----------
    master : str or None, default="local[*]"
        None keeps the master that ``spark-submit`` set (``local[*]`` without one). For a local master, Python workers run this interpreter (``PYSPARK_PYTHON`` when unset).
    driver_memory : str, optional
        Heap of the driver JVM, e.g. ``"2g"``; only honoured when no session is running yet.
    app_name : str

    Returns
    -------
    pyspark.sql.SparkSession
    """
    sql = require_pyspark()
    builder = (
        sql.SparkSession.builder.appName(app_name)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
    )
    if master is not None:
        builder = builder.master(master)
    if (master or "local").startswith("local"):  # local Python workers: the driver's own interpreter
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    if driver_memory:
        builder = builder.config("spark.driver.memory", driver_memory)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session

"""SMOTE-family resampling of Spark DataFrames, with the in-memory samplers' algorithms and answers.

The optional extra ``spark`` (``pip install 'smote-lab[spark]'``, plus a Java 17+ runtime) provides
PySpark; it is imported on first use. See ``docs/spark.md``.

The majority is never collected: the rows of the classes that grow are collected (within a stated
driver budget), neighbour questions over all rows are answered exactly by per-partition top-k
candidates merged in a reduce, and executors make the synthetic rows with the in-memory samplers'
code and random streams.
"""

from ._session import local_session, require_pyspark

require_pyspark()

from ._resampler import DEFAULT_DRIVER_BUDGET, SUPPORTED, UNSUPPORTED, SparkResampler, resample  # noqa: E402

__all__ = ["DEFAULT_DRIVER_BUDGET", "SUPPORTED", "UNSUPPORTED", "SparkResampler", "local_session", "resample"]

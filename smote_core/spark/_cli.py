"""``smote-lab resample data.parquet --engine spark``: read Parquet, resample in Spark, write Parquet."""

from __future__ import annotations

from ._resampler import SUPPORTED, SparkResampler
from ._session import local_session


def resample_parquet(args, params: dict) -> str:
    """Resample the Parquet table ``args.data`` into the Parquet directory ``args.output``.

    Parameters
    ----------
    args : argparse.Namespace
        ``data``, ``target``, ``technique``, ``output``, ``master`` (None: as spark-submit set it,
        else ``local[*]``), ``driver_memory``, ``id_col``, ``features``, ``driver_budget_mb``,
        ``approximate``, ``seed``, ``weight`` (a weight column, or None).
    params : dict
        Sampler parameters from ``--param``.

    Returns
    -------
    str
        One line saying what was written.

    Raises
    ------
    ValueError
        For a technique the Spark engine does not run (or ``auto``), and the engine's own checks.
    """
    if args.technique not in SUPPORTED:
        raise ValueError(
            f"--engine spark needs --technique, one of {', '.join(SUPPORTED)} (the advisor measures the "
            "collected table, so 'auto' runs with the in-memory engine only)."
        )
    spark = local_session(args.master, args.driver_memory)
    table = spark.read.parquet(args.data)
    params = {"random_state": args.seed, **params}
    resampler = SparkResampler(args.technique, driver_budget_bytes=args.driver_budget_mb * 2**20,
                               approximate=args.approximate, **params)
    result = resampler.fit_resample(table, args.target, args.features, args.id_col, getattr(args, "weight", None))
    result.write.mode("overwrite").parquet(args.output)
    written = spark.read.parquet(args.output)
    n_synthetic = written.filter("is_synthetic").count()
    return f"wrote {written.count():,} rows ({n_synthetic:,} synthetic) to {args.output} (Parquet)"

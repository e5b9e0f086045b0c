"""The Spark engine on a table larger than its driver, against the in-memory engine on this machine.

A Parquet table of ``--rows`` rows x ``--features`` features (written once by Spark's executors into
``--data-dir``, reused when present) is resampled on ``--master`` with the driver JVM limited to
``--driver-memory``: SMOTE with ``--smote-share`` minority, Borderline-1 and ADASYN with
``--boundary-share`` minority (a tight cluster that overlaps the majority, so that rows of every
category exist). Each run plans on the driver (counts, the minority collected, the exact search over
all rows) and then writes every output row to Spark's ``noop`` sink, so that the synthetic rows are
all made without measuring a disk. Printed per run: seconds (plan + write), output rows per second,
distance pairs (minority rows x all rows for the search over all rows, minority rows squared for
SMOTE's search within the class) per second of the plan, and the peak memory of the driver during
that run: the JVM's old generation (what survived collections: live data, unlike the sum of every
heap pool's own peak, which counts young garbage that never coexisted), against the heap limit
``--driver-memory`` (in local mode the executors share it); the JVM process's peak resident set
(heap, metaspace, threads and off-heap buffers); and the Python driver's resident set. The same figures follow for the in-memory engine (``fit_resample`` on numpy
arrays of the same distribution) at ``--memory-rows`` rows, each run in a fresh subprocess.

    python -m benchmarks.spark                                   # 2e7 x 20 (about 3.2 GB), 2 GB driver
    python -m benchmarks.spark --rows 2e5 --memory-rows 2e5      # a quick run
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from .run import machine_line

SEED = 0
# the boundary techniques' minority: a cluster of this spread, shifted this far along feature 1
CLUSTER_SCALE, CLUSTER_SHIFT, SMOTE_SHIFT = 0.5, 2.5, 2.0
RUNS = (("smote", "y_smote", {}), ("borderline-smote", "y_boundary", {"kind": "borderline-1"}),
        ("adasyn", "y_boundary", {}))
HEADER = ("engine", "technique", "rows", "minority", "plan s", "write s", "total s", "rows/s", "pairs",
          "pairs/s", "peak memory")


def _columns(features: int) -> list[str]:
    return [f"f{j}" for j in range(features)]


def write_table(spark, path: Path, rows: int, features: int, smote_share: float, boundary_share: float) -> None:
    """Write the benchmark table with Spark (executors make it; the driver holds none of it)."""
    from pyspark.sql import functions as F  # noqa: PLC0415

    parts = max(2, rows // 500_000)
    table = spark.range(0, rows, numPartitions=parts).withColumn("u", F.rand(SEED))
    boundary = F.col("u") < boundary_share
    smote = (F.col("u") >= boundary_share) & (F.col("u") < boundary_share + smote_share)
    table = table.withColumn("y_boundary", boundary.cast("int")).withColumn("y_smote", smote.cast("int"))
    scale = F.when(boundary, F.lit(CLUSTER_SCALE)).otherwise(F.lit(1.0))
    columns = []
    for j, name in enumerate(_columns(features)):
        value = F.randn(SEED + 1 + j) * scale
        if j == 0:
            value = value + F.when(smote, F.lit(SMOTE_SHIFT)).otherwise(F.lit(0.0))
        if j == 1:
            value = value + F.when(boundary, F.lit(CLUSTER_SHIFT)).otherwise(F.lit(0.0))
        columns.append(value.alias(name))
    table.select("id", "y_smote", "y_boundary", *columns).write.mode("overwrite").parquet(str(path))


def memory_data(rows: int, features: int, share: float, target: str):
    """numpy data of the same distribution as the table's (for the in-memory engine)."""
    rng = np.random.default_rng(SEED)
    u = rng.random(rows)
    boundary_share = share if target == "y_boundary" else 0.0
    boundary = u < boundary_share
    smote = (u >= boundary_share) & (u < boundary_share + (share if target == "y_smote" else 0.0))
    X = rng.standard_normal((rows, features))
    X[boundary] *= CLUSTER_SCALE
    X[smote, 0] += SMOTE_SHIFT
    X[boundary, 1] += CLUSTER_SHIFT
    return X, (boundary if target == "y_boundary" else smote).astype(np.int64)


def pairs_of(technique: str, rows: int, minority: int) -> int:
    """Distance pairs an exact search must evaluate: the minority against all rows for Borderline and
    ADASYN (plus within the class), the minority against itself for SMOTE."""
    within = minority * minority
    return within if technique == "smote" else minority * rows + within


OLD_GENERATION = ("Old Gen", "Tenured Gen")  # the old pool's name under G1 / Parallel, and Serial


def _old_pools(spark) -> list:
    management = spark._jvm.java.lang.management.ManagementFactory
    return [pool for pool in management.getMemoryPoolMXBeans()
            if any(name in str(pool.getName()) for name in OLD_GENERATION)]


def _jvm_status(spark) -> Path:
    return Path(f"/proc/{spark._jvm.java.lang.ProcessHandle.current().pid()}")


def reset_jvm_peaks(spark) -> None:
    """Start the driver JVM's peak figures afresh (old-generation pool and, on Linux, the resident set)."""
    for pool in _old_pools(spark):
        pool.resetPeakUsage()
    try:  # "5" clears the kernel's peak resident set (VmHWM) of that process
        (_jvm_status(spark) / "clear_refs").write_text("5")
    except OSError:  # not Linux, or not allowed: the peak then counts from the JVM's start
        pass


def jvm_memory(spark) -> dict:
    """Peak bytes of the driver JVM since :func:`reset_jvm_peaks`: ``old`` (old generation after
    collections), ``heap_max`` (the heap limit) and ``rss`` (process peak resident set; 0 when unknown)."""
    management = spark._jvm.java.lang.management.ManagementFactory
    old = sum(pool.getPeakUsage().getUsed() for pool in _old_pools(spark))
    try:
        status = (_jvm_status(spark) / "status").read_text()
        rss = next(int(line.split()[1]) * 1024 for line in status.splitlines() if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        rss = 0
    return {"old": int(old), "heap_max": int(management.getMemoryMXBean().getHeapMemoryUsage().getMax()),
            "rss": rss}


def spark_run(spark, path: Path, technique: str, target: str, params: dict, features: int) -> dict:
    from smote_core.spark import SparkResampler  # noqa: PLC0415

    table = spark.read.parquet(str(path)).drop("y_smote" if target == "y_boundary" else "y_boundary")
    start = time.perf_counter()
    resampler = SparkResampler(technique, random_state=SEED, driver_budget_bytes=512 * 2**20, **params)
    result = resampler.fit_resample(table, target, _columns(features), id_col="id")
    planned = time.perf_counter()
    result.write.format("noop").mode("overwrite").save()
    done = time.perf_counter()
    rows = sum(resampler_counts(spark, path, target).values())
    minority = min(resampler_counts(spark, path, target).values())
    n_out = rows + sum(resampler.sampling_strategy_.values())
    return {"engine": "spark", "technique": _name(technique, params), "rows": rows, "minority": minority,
            "plan": planned - start, "write": done - planned, "out": n_out,
            "pairs": pairs_of(technique, rows, minority)}


_COUNTS = {}


def resampler_counts(spark, path: Path, target: str) -> dict:
    """Class counts of the table (counted once per target)."""
    key = (str(path), target)
    if key not in _COUNTS:
        rows = spark.read.parquet(str(path)).groupBy(target).count().collect()
        _COUNTS[key] = {row[target]: row["count"] for row in rows}
    return _COUNTS[key]


def _name(technique: str, params: dict) -> str:
    return params.get("kind", technique)


def memory_run(technique: str, target: str, params: dict, rows: int, features: int, share: float) -> dict:
    """One in-memory run (call in a fresh process: its peak resident set is part of the result)."""
    from smote_core import registry  # noqa: PLC0415

    X, y = memory_data(rows, features, share, target)
    before = _rss_peak()
    start = time.perf_counter()
    registry.make(technique, random_state=SEED, **params).fit_resample(X, y)
    seconds = time.perf_counter() - start
    minority = int(y.sum())
    n_out = 2 * (rows - minority)
    return {"engine": "memory", "technique": _name(technique, params), "rows": rows, "minority": minority,
            "plan": seconds, "write": 0.0, "out": n_out, "pairs": pairs_of(technique, rows, minority),
            "peak": f"{_rss_peak() / 2**30:.2f} GiB resident (data {before / 2**30:.2f})"}


def recall(args) -> int:
    """Print the neighbour recall of approximate (partitioned) SMOTE against the exact search."""
    from smote_core.spark._approximate import neighbour_recall  # noqa: PLC0415
    from smote_core.spark._frame import prepare  # noqa: PLC0415

    import pandas as pd  # noqa: PLC0415

    rows = int(args.recall_rows)
    X, _ = memory_data(rows, args.features, 0.0, "y_smote")
    frame = pd.DataFrame(X, columns=_columns(args.features)).assign(y=1)
    frame.loc[:9, "y"] = 0  # a second class, so that the table is a resampling problem
    spark, owned = _session(args, "smote-lab-recall")
    prepared = prepare(spark.createDataFrame(frame), "y", None, None, True, "smote")
    print(machine_line(), end="")
    print(f"class of {rows - 10:,} rows x {args.features} features (standard normal), k = 5")
    for partition_rows in args.partition_rows:
        found = neighbour_recall(prepared, 1, 5, partition_rows, seed=SEED)
        parts = -(-(rows - 10) // partition_rows)
        print(f"partitions of about {partition_rows:,} rows ({parts}): neighbour recall {found:.3f}", flush=True)
    if owned:
        spark.stop()
    return 0


def _session(args, app_name: str):
    """The Spark session to measure in, and whether this run started it (and so should stop it)."""
    from pyspark.sql import SparkSession  # noqa: PLC0415

    from smote_core.spark import local_session  # noqa: PLC0415

    owned = SparkSession.getActiveSession() is None
    return local_session(args.master, args.driver_memory, app_name=app_name), owned


def _rss_peak() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _row(result: dict) -> list[str]:
    total = result["plan"] + result["write"]
    return [result["engine"], result["technique"], f"{result['rows']:.0e}", f"{result['minority']:,}",
            f"{result['plan']:.1f}", f"{result['write']:.1f}", f"{total:.1f}", f"{result['out'] / total:,.0f}",
            f"{result['pairs']:.1e}", f"{result['pairs'] / result['plan']:.2e}", result["peak"]]


def print_table(rows: list[list[str]]) -> None:
    widths = [max(len(str(cells[i])) for cells in [HEADER, *rows]) for i in range(len(HEADER))]
    for cells in [HEADER, *rows]:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(cells, widths)), flush=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.spark", description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=float, default=2e7, help="rows of the Parquet table (default 2e7)")
    parser.add_argument("--features", type=int, default=20)
    parser.add_argument("--smote-share", type=float, default=0.01, help="SMOTE's minority share (default 0.01)")
    parser.add_argument("--boundary-share", type=float, default=0.001,
                        help="Borderline's and ADASYN's minority share (default 0.001)")
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--driver-memory", default="2g")
    parser.add_argument("--data-dir", default="/tmp/smote-lab-spark-bench", help="where the table is kept")
    parser.add_argument("--memory-rows", type=float, default=None,
                        help="rows for the in-memory engine's runs (0: none; default: --rows, which needs about "
                             "10 GiB of memory at 2e7 x 20)")
    parser.add_argument("--techniques", nargs="+", default=[run[0] for run in RUNS],
                        choices=[run[0] for run in RUNS])
    parser.add_argument("--recall-rows", type=float, default=0,
                        help="instead: neighbour recall of approximate SMOTE on a class of this many rows")
    parser.add_argument("--partition-rows", type=int, nargs="+", default=[50_000, 20_000, 10_000],
                        help="with --recall-rows: k-means partition sizes to measure")
    parser.add_argument("--memory-case", help=argparse.SUPPRESS)  # one in-memory run, as JSON
    args = parser.parse_args(argv)
    if args.memory_case:
        case = json.loads(args.memory_case)
        print(json.dumps(memory_run(**case)))
        return 0
    if args.recall_rows:
        return recall(args)

    rows, features = int(args.rows), args.features
    path = Path(args.data_dir) / f"table-{rows}x{features}-{args.smote_share}-{args.boundary_share}.parquet"
    print(machine_line(), end="")
    spark, owned = _session(args, "smote-lab-bench")
    if not (path / "_SUCCESS").exists():
        start = time.perf_counter()
        write_table(spark, path, rows, features, args.smote_share, args.boundary_share)
        print(f"wrote the table in {time.perf_counter() - start:.0f} s", flush=True)
    size = sum(file.stat().st_size for file in path.glob("*.parquet"))
    print(f"table: {path} ({rows:,} rows x {features} features, {size / 2**30:.2f} GiB of Parquet); "
          f"master {args.master}, driver heap limit {args.driver_memory}", flush=True)
    results = []
    runs = [run for run in RUNS if run[0] in args.techniques]
    for technique, target, params in runs:
        reset_jvm_peaks(spark)
        result = spark_run(spark, path, technique, target, params, features)
        jvm = jvm_memory(spark)
        result["peak"] = (f"JVM old gen {jvm['old'] / 2**30:.2f} of {jvm['heap_max'] / 2**30:.2f} GiB heap, "
                          f"JVM resident {jvm['rss'] / 2**30:.2f} GiB; Python driver {_rss_peak() / 2**30:.2f} GiB")
        results.append(_row(result))
        print("  ".join(results[-1]), flush=True)
    if owned:
        spark.stop()
    memory_rows = int(args.rows if args.memory_rows is None else args.memory_rows)
    for technique, target, params in runs if memory_rows else ():
        share = args.smote_share if target == "y_smote" else args.boundary_share
        case = {"technique": technique, "target": target, "params": params, "rows": memory_rows,
                "features": features, "share": share}
        output = subprocess.run([sys.executable, "-m", "benchmarks.spark", "--memory-case", json.dumps(case)],
                                capture_output=True, text=True, check=True, cwd=Path(__file__).parent.parent)
        results.append(_row(json.loads(output.stdout.strip().splitlines()[-1])))
        print("  ".join(results[-1]), flush=True)
    print()
    print_table(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())

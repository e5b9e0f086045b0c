"""Approximate (k-means partitioned) SMOTE, the --engine spark command line, and the benchmark harness."""

import numpy as np
import pandas as pd
import pytest

from benchmarks import spark as bench
from smote_core import cli
from smote_core.spark import SparkResampler
from smote_core.spark._approximate import neighbour_recall
from smote_core.spark._frame import prepare


def _table(n_rows=3000, seed=0):
    rng = np.random.default_rng(seed)
    y = (rng.random(n_rows) < 0.2).astype(int)
    frame = pd.DataFrame(rng.normal(size=(n_rows, 3)) + 2.0 * y[:, None], columns=["a", "b", "c"])
    frame["y"] = y
    return frame


def test_a_class_over_the_budget_is_resampled_in_partitions(spark):
    frame = _table()
    table = spark.createDataFrame(frame)
    with pytest.raises(ValueError, match="approximate=True"):
        SparkResampler("smote", driver_budget_bytes=10_000).fit_resample(table, "y")
    resampler = SparkResampler("smote", driver_budget_bytes=10_000, approximate=True, random_state=0)
    from smote_core.spark import _approximate

    _approximate.PARTITION_ROWS, saved = 200, _approximate.PARTITION_ROWS
    try:
        out = resampler.fit_resample(table, "y").toPandas()
    finally:
        _approximate.PARTITION_ROWS = saved
    synthetic = out[out["is_synthetic"]]
    n_minority = int(frame["y"].sum())
    assert len(synthetic) == len(frame) - 2 * n_minority and (synthetic["y"] == 1).all()
    assert synthetic["row_id"].is_unique and synthetic["row_id"].min() > out.loc[~out["is_synthetic"], "row_id"].max()
    # every row is parent + λ (neighbour − parent), both of the minority
    by_id = out[~out["is_synthetic"]].set_index("row_id")
    parent = by_id.loc[synthetic["parent_id"], ["a", "b", "c"]].to_numpy()
    neighbor = by_id.loc[synthetic["neighbor_id"].astype(int), ["a", "b", "c"]].to_numpy()
    lam = synthetic["lam"].to_numpy()[:, None]
    np.testing.assert_allclose(synthetic[["a", "b", "c"]].to_numpy(), parent + lam * (neighbor - parent))
    assert (by_id.loc[synthetic["parent_id"], "y"] == 1).all() and (by_id.loc[synthetic["neighbor_id"].astype(int), "y"] == 1).all()


def test_neighbour_recall_is_one_for_one_partition_and_lower_for_many(spark):
    prepared = prepare(spark.createDataFrame(_table(seed=1)), "y", None, None, True, "smote")
    assert neighbour_recall(prepared, 1, 5, partition_rows=10_000) == 1.0
    split = neighbour_recall(prepared, 1, 5, partition_rows=100)
    assert 0.3 < split < 1.0


def test_command_line_writes_parquet(spark, tmp_path, capsys):
    frame = _table(n_rows=400)
    source, output = tmp_path / "data.parquet", tmp_path / "out.parquet"
    frame.to_parquet(source)
    code = cli.main(["resample", str(source), "--target", "y", "--engine", "spark", "--master", "local[2]",
                     "--technique", "smote", "--seed", "3", "--output", str(output)])
    assert code == 0
    written = pd.read_parquet(output)
    assert len(written) == 2 * int((frame["y"] == 0).sum())
    assert written["is_synthetic"].sum() == len(written) - len(frame)
    assert f"wrote {len(written):,} rows" in capsys.readouterr().out
    assert cli.main(["resample", str(source), "--target", "y", "--engine", "spark", "--output", str(output)]) == 2
    assert "--engine spark needs --technique" in capsys.readouterr().err


def test_benchmark_harness_runs_at_a_tiny_size(spark, tmp_path, capsys):
    assert bench.main(["--rows", "3000", "--features", "4", "--boundary-share", "0.02", "--techniques", "adasyn",
                       "--memory-rows", "3000", "--data-dir", str(tmp_path), "--driver-memory", "1g"]) == 0
    lines = capsys.readouterr().out.splitlines()
    final = lines[lines.index("") + 1:]
    assert final[0].split()[:2] == ["engine", "technique"]
    assert [line.split()[:3] for line in final[1:]] == [["spark", "adasyn", "3e+03"], ["memory", "adasyn", "3e+03"]]
    assert "JVM old gen" in final[1] and "resident" in final[2]
    assert not spark.sparkContext._jsc.sc().isStopped()  # the harness leaves the caller's session running


def test_the_driver_memory_figures_are_live_data_and_the_process_peak(spark):
    """The old generation's peak fits in the heap limit; the JVM's peak resident set is read and, after
    a reset, counts afresh (it can only be below or at the figure before the reset)."""
    before = bench.jvm_memory(spark)
    bench.reset_jvm_peaks(spark)
    after = bench.jvm_memory(spark)
    status = (bench._jvm_status(spark) / "status").read_text()
    now = next(int(line.split()[1]) * 1024 for line in status.splitlines() if line.startswith("VmRSS:"))
    assert 0 <= after["old"] <= after["heap_max"]
    # the JVM may grow between the reads (another test's job finishing): then the new peak is where it is now
    assert 0 < after["rss"] <= max(before["rss"], now)

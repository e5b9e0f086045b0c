"""Reading a large table as the command line and the dashboard do, and the parsers they could use.

Run ``python -m benchmarks.reading`` (``--rows``, ``--repeats``). It writes a table of ``--rows`` rows x 20
columns (17 floats, an integer, a four-valued text column and a 5% minority target) as CSV and as
Parquet in a temporary folder, then times, as the median of ``--repeats`` runs:

- the command line's read: :func:`smote_core.formats.read_table` on the path (parsing and the checks
  that list the table's problems: missing values, constant and half-numeric columns, duplicate rows);
- the dashboard's read of an upload: ``dashboard.tabular.read_upload`` on the file's bytes (the same,
  plus guessing the target);
- each parser alone, into a numpy-backed pandas table: pandas' C parser, pandas with
  ``engine="pyarrow"``, pyarrow's reader then ``to_pandas``, polars then ``to_pandas`` (when polars is
  installed); for Parquet pandas (pyarrow) and polars.

``--checkout PATH`` times the readers of another checkout of the project (e.g. ``main``, before a
change) with the same files and parsers.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent.parent


def make_table(rows: int, seed: int = 0) -> pa.Table:
    """17 float columns, an integer, a text column of four values and a target with a 5% minority."""
    rng = np.random.default_rng(seed)
    columns = {f"x{i}": rng.normal(size=rows).round(6) for i in range(17)}
    columns["count"] = rng.integers(0, 100, rows)
    columns["city"] = rng.choice(np.array(["paris", "lyon", "nice", "lille"]), rows)
    columns["target"] = rng.choice(np.array(["neg", "pos"]), rows, p=[0.95, 0.05])
    return pa.table(columns)


def median_seconds(run, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _parsers(csv_path: Path, parquet_path: Path) -> dict:
    """Each parser alone, into a numpy-backed pandas DataFrame (what the checks and the app work on)."""
    parsers = {
        "CSV: pandas C parser": lambda: pd.read_csv(io.BytesIO(csv_path.read_bytes())),
        "CSV: pandas engine='pyarrow'": lambda: pd.read_csv(io.BytesIO(csv_path.read_bytes()), engine="pyarrow"),
        "CSV: pyarrow.csv, then to_pandas": lambda: pa_csv.read_csv(io.BytesIO(csv_path.read_bytes())).to_pandas(),
        "Parquet: pandas (pyarrow)": lambda: pd.read_parquet(io.BytesIO(parquet_path.read_bytes())),
    }
    try:
        import polars as pl  # noqa: PLC0415 (optional)
    except ImportError:
        return parsers
    parsers["CSV: polars, then to_pandas"] = lambda: pl.read_csv(csv_path.read_bytes()).to_pandas()
    parsers["Parquet: polars, then to_pandas"] = lambda: pl.read_parquet(parquet_path.read_bytes()).to_pandas()
    return parsers


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=float, default=1e6)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--checkout", default=str(ROOT), help="the project checkout whose readers are timed")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(args.checkout).resolve()))  # imported from there, before anything else
    from dashboard.tabular import read_upload  # noqa: PLC0415
    from smote_core.formats import read_table  # noqa: PLC0415

    rows = int(args.rows)
    with tempfile.TemporaryDirectory() as folder:
        csv_path, parquet_path = Path(folder) / "table.csv", Path(folder) / "table.parquet"
        table = make_table(rows)
        pa_csv.write_csv(table, csv_path)
        pq.write_table(table, parquet_path)
        del table
        import smote_core  # noqa: PLC0415

        print(f"{rows:,} rows x 20 columns: CSV {csv_path.stat().st_size / 1e6:,.0f} MB, Parquet "
              f"{parquet_path.stat().st_size / 1e6:,.0f} MB; smote_core from {Path(smote_core.__file__).parent}; "
              f"median of {args.repeats}")
        cases = {
            "command line, CSV (read_table on the path)": lambda: read_table(csv_path),
            "command line, Parquet (read_table on the path)": lambda: read_table(parquet_path),
            "dashboard upload, CSV (read_upload on the bytes)":
                lambda: read_upload("table.csv", csv_path.read_bytes(), max_mb=float("inf")),
            "dashboard upload, Parquet (read_upload on the bytes)":
                lambda: read_upload("table.parquet", parquet_path.read_bytes(), max_mb=float("inf")),
            **_parsers(csv_path, parquet_path),
        }
        width = max(len(name) for name in cases)
        print(f"{'read':<{width}}  seconds")
        for name, run in cases.items():
            print(f"{name:<{width}}  {median_seconds(run, args.repeats):7.2f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

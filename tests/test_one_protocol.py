"""One table gives one set of numbers: the command line and the dashboard make the same rows from the same
file and seed, and Compare scores what the advice's check scored identically."""

import numpy as np
import pandas as pd

from dashboard import params, resampling, tabular
from smote_core.cli import main
from smote_core.datasets import load_dataset


def test_the_cli_and_the_dashboard_make_the_same_first_synthetic_row(tmp_path, capsys):
    frame, target = load_dataset("arc")
    path = tmp_path / "arc.csv"
    frame.to_csv(path, index=False)
    out = tmp_path / "out.csv"
    assert main(["resample", str(path), "--target", target, "--technique", "smote", "--seed", "7", "-o", str(out),
                 "--quiet"]) == 0
    written = pd.read_csv(out)
    cli_rows = written[written["is_synthetic"]].drop(columns=["is_synthetic", target]).to_numpy()

    source = tabular.read_upload("arc.csv", path.read_bytes(), 50)
    prepared = tabular.prepare(source, target)
    form = params.default_values("smote", prepared.smallest_class)
    run = resampling.run_technique(prepared, "smote", params.build_params("smote", form, 7), 7)
    page_rows = run.X_res.iloc[len(prepared.X):].to_numpy()
    assert np.allclose(cli_rows[0], page_rows[0]) and np.allclose(cli_rows, page_rows)

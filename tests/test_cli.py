"""The ``smote-lab`` command, run for real in a subprocess on CSV files."""

import io
import re
import subprocess
import sys
from pathlib import Path

import joblib
import numpy as np
import pandas as pd
import pytest
from sklearn.model_selection import TunedThresholdClassifierCV

from smote_core import cli
from smote_core.candidates import BASELINES, parse
from smote_core.datasets import load_dataset
from smote_core.evaluation import compare_table, verdict
from smote_core.metrics import GOALS
from smote_core.pipeline import ResampledClassifier

SCRIPT = Path(sys.executable).with_name("smote-lab")
REPO = Path(__file__).resolve().parent.parent


def run(*args, cwd=None):
    # the timeout only stops a hang: a command that checks the advice cross-validates for a while
    return subprocess.run([str(SCRIPT), *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=900)


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    """The arc demo plus a text column holding formulas and a column of negative numbers."""
    folder = tmp_path_factory.mktemp("cli")
    frame, _ = load_dataset("arc")
    numeric = folder / "arc.csv"
    frame.to_csv(numeric, index=False)
    mixed = frame.copy()
    mixed.insert(1, "offset", -mixed["feature_2"] / 100)
    mixed["note"] = np.where(np.arange(len(frame)) % 3 == 0, "=HYPERLINK(\"x\")", "@ok")
    with_text = folder / "mixed.csv"
    mixed.to_csv(with_text, index=False)
    return folder, numeric, with_text


def assert_bad_input(result, *fragments):
    """Exit code 2 and the error in one line, the last on stderr (status lines may precede it)."""
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    errors = [line for line in lines if "error" in line]
    assert errors == [lines[-1]] and lines[-1].startswith("smote-lab: error: "), result.stderr
    assert all(line.startswith("smote-lab: ") for line in lines), result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    for fragment in fragments:
        assert fragment in lines[-1]


def test_resample_writes_marked_rows_in_column_order_and_provenance(data):
    folder, _, mixed = data
    out, prov = folder / "out.csv", folder / "prov.csv"
    result = run("resample", mixed, "--target", "class", "--technique", "smote-nc", "--param", "k_neighbors=3",
                 "--seed", "4", "-o", out, "--provenance", prov)
    assert result.returncode == 0, result.stderr
    written = pd.read_csv(out)
    source = pd.read_csv(mixed)
    assert list(written.columns) == list(source.columns) + ["is_synthetic"]
    provenance = pd.read_csv(prov)
    n_new = (source["class"] == "majority").sum() - (source["class"] == "minority").sum()
    assert written["is_synthetic"].sum() == len(provenance) == n_new
    assert np.array_equal(np.flatnonzero(written["is_synthetic"]), provenance["row"].to_numpy())
    assert f"wrote {len(written):,} rows ({n_new:,} synthetic) to {out}" in result.stdout
    # formulas in the text column are inert; the negative numbers are still numbers
    assert set(written["note"]) == {"'=HYPERLINK(\"x\")", "'@ok"}
    assert written["offset"].dtype == float and (written["offset"] < 0).sum() > len(written) // 2
    pd.testing.assert_frame_equal(written.iloc[:len(source), :2], source.iloc[:, :2])
    again = run("resample", mixed, "--target", "class", "--technique", "smote-nc", "--param", "k_neighbors=3",
                "--seed", "4", "-o", folder / "again.csv")
    assert (folder / "again.csv").read_bytes() == out.read_bytes()


def test_advise_prints_the_checked_recommendation_its_evidence_and_saves_the_pipeline(data):
    folder, numeric, _ = data
    saved = folder / "model.joblib"
    advice = run("advise", numeric, "-t", "class", "--answer", "noise=heavily", "--goal", "balanced_accuracy",
                 "--save-pipeline", saved)
    assert advice.returncode == 0, advice.stderr
    lines = advice.stdout.splitlines()
    found = re.fullmatch(rf"Recommendation for {re.escape(GOALS['balanced_accuracy'])}: (.+) \((\S+)\)", lines[0])
    assert found, lines[0]
    label, recommended = found.groups()
    assert lines[1].startswith(f"  {label} ") or f"so {label} is recommended" in lines[1]  # the reason, right under it
    assert "balanced accuracy" in lines[1]
    assert "The decision tree's answer: ADASYN (adasyn)" in advice.stdout and "overridden by you" in advice.stdout
    assert "Checked on your data: balanced accuracy of logistic regression (standardised features), 5-fold" in \
        advice.stdout
    assert "The recommendation as one scikit-learn estimator (advice.pipeline()):" in advice.stdout
    assert re.search(r"checking the advice: (\d+)/\1 ", advice.stderr)  # progress while the check runs, to the end
    assert f"wrote the fitted pipeline ({label}, logistic regression (standardised features)) to {saved}" in \
        advice.stderr
    assert "It expects the columns ['feature_1', 'feature_2']." in advice.stderr
    # the written estimator is fitted, follows the recommendation, and predicts the table's labels
    pipeline = joblib.load(saved)
    chosen = parse(recommended)
    assert isinstance(pipeline, TunedThresholdClassifierCV) == chosen.threshold
    inner = pipeline.estimator_ if chosen.threshold else pipeline
    assert isinstance(inner, ResampledClassifier) == (chosen.resamples or chosen.class_weight)
    X = pd.read_csv(numeric)[["feature_1", "feature_2"]]
    assert set(pipeline.predict(X)) <= {"majority", "minority"} and pipeline.predict_proba(X).shape == (len(X), 2)


def test_advise_without_the_check_gives_the_trees_answer(data):
    _, numeric, _ = data
    tree_only = run("advise", numeric, "-t", "class", "--no-check", "--answer", "noise=heavily")
    assert tree_only.returncode == 0, tree_only.stderr
    assert tree_only.stdout.startswith(f"Recommendation for {GOALS['average_precision']}: ADASYN (adasyn)\n")
    assert "Checked on" not in tree_only.stdout and "checking the advice" not in tree_only.stderr


def test_save_pipeline_without_the_check_is_refused_before_any_output(data):
    folder, numeric, _ = data
    refused = run("advise", numeric, "-t", "class", "--no-check", "--save-pipeline", folder / "x.joblib")
    assert_bad_input(refused, "--save-pipeline needs the checked advice; drop --no-check.")
    assert not (folder / "x.joblib").exists()


def test_resample_auto_writes_the_table_unchanged_when_the_advice_is_not_to_resample(data):
    """On the arc demo no technique scores best on PR-AUC: a way of not resampling does."""
    folder, numeric, _ = data
    out = folder / "auto.csv"
    result = run("resample", numeric, "-t", "class", "-o", out)
    assert result.returncode == 0, result.stderr
    ways = "|".join(re.escape(label) for label in BASELINES.values())
    assert re.search(rf"smote-lab: auto: the advisor recommends not resampling \(({ways})\): ", result.stderr), \
        result.stderr
    assert "The table is written unchanged; choose --technique ID to resample all the same." in result.stderr
    written, source = pd.read_csv(out), pd.read_csv(numeric)
    assert not written["is_synthetic"].any()
    pd.testing.assert_frame_equal(written.drop(columns="is_synthetic"), source)
    assert f"wrote {len(source):,} rows (0 synthetic) to {out}" in result.stdout


def test_evaluate_prints_table_verdict_and_progress(data):
    folder, numeric, _ = data
    scores = folder / "scores.csv"
    result = run("evaluate", numeric, "-t", "class", "--techniques", "smote", "random-over", "--cv", "3",
                 "--repeats", "1", "--leaky", "-o", scores)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for label in ("No resampling", "No resampling, tuned threshold", "Class weights (balanced)", "SMOTE",
                  "Random over-sampling", "SMOTE [leaky]"):
        assert label in out
    assert out.startswith("Logistic regression (standardised features), 3-fold stratified cross-validation drawn "
                          "once on all 300 rows, resampling inside the training folds only, neighbours searched on "
                          "robust-scaled columns, thresholds tuned on 5 inner folds:\n")
    assert "PR-AUC" in out and "LEAKY" in out
    # the library's verdict on the same protocol, word for word: the CLI runs the advice's protocol
    frame = pd.read_csv(numeric)
    same = compare_table(frame, "class", ["smote", "random-over"], cv=3, repeats=1)
    assert verdict(same, "average_precision").text in out
    # one task per candidate and fold (a tuned threshold shares the fit of the model as it is), to the end
    assert "evaluate: 12/12" in result.stderr and re.search(r"evaluate \(leaky\): (\d+)/\1 ", result.stderr)
    table = pd.read_csv(scores)
    assert set(table["protocol"]) == {"correct", "leaky"} and len(table) == (5 + 2) * 6
    correct = table[table["protocol"] == "correct"].set_index(["technique", "metric"])
    for row in same.itertuples():
        assert correct.loc[(row.technique, row.metric), "mean"] == pytest.approx(row.mean)
        assert correct.loc[(row.technique, row.metric), "se"] == pytest.approx(row.se)


def test_evaluate_ranks_by_the_goal(data):
    _, numeric, _ = data
    result = run("evaluate", numeric, "-t", "class", "--techniques", "smote", "--cv", "3", "--repeats", "1",
                 "--goal", "brier", "-q")
    assert result.returncode == 0, result.stderr
    frame = pd.read_csv(numeric)
    assert verdict(compare_table(frame, "class", ["smote"], cv=3, repeats=1), "brier").text in result.stdout
    assert "Brier score" in result.stdout.splitlines()[-1]
    gone = run("evaluate", numeric, "-t", "class", "--metric", "roc_auc")
    assert_bad_input(gone, "unrecognized arguments: --metric roc_auc")


def test_summary_writes_markdown(data):
    folder, numeric, _ = data
    target = folder / "summary.md"
    result = run("summary", numeric, "-t", "class", "--technique", "smote", "--cv", "3", "--repeats", "1", "-q",
                 "-o", target)
    assert result.returncode == 0, result.stderr
    text = target.read_text(encoding="utf-8")
    title = re.match(r"# SMOTE Lab summary: (.+)\n", text)
    assert title and "## Did it help?" in text and "## How does SMOTE work?" in text
    label = title.group(1)  # titled after the checked recommendation, which the advice section names
    assert f"Asked for **{GOALS['average_precision']}**, the check recommends **{label}**." in text
    assert "## Which technique, and why?" in text
    if label != "SMOTE":
        assert f"This run used SMOTE, not the recommendation ({label})." in text
    assert "Compared with logistic regression (standardised features); 3-fold stratified cross-validation;" in text


# (the reader's other refusals -- folders, header-only files, ragged rows -- are covered in test_io.py)
@pytest.mark.parametrize("case", ["missing target", "unknown technique", "bad parameter", "missing file",
                                  "not utf-8", "empty file", "text column for SMOTE"])
def test_bad_input_exits_2_with_one_line(data, case):
    folder, numeric, mixed = data
    bad = folder / f"{case.replace(' ', '_')}.csv"
    args = {
        "missing target": ("resample", numeric, "-t", "label", "-o", folder / "x.csv"),
        "unknown technique": ("resample", numeric, "-t", "class", "--technique", "smoote", "-o", folder / "x.csv"),
        "bad parameter": ("resample", numeric, "-t", "class", "--technique", "smote", "--param", "k=3",
                          "-o", folder / "x.csv"),
        "missing file": ("advise", folder / "nope.csv", "-t", "class"),
        "not utf-8": ("advise", bad, "-t", "class", "--encoding", "utf-8"),
        "empty file": ("advise", bad, "-t", "class"),
        "text column for SMOTE": ("resample", mixed, "-t", "class", "--technique", "smote", "-o", folder / "x.csv"),
    }[case]
    content = {
        "not utf-8": "name,class\nJosé,a\nAna,b\n".encode("latin-1"),
        "empty file": b"",
    }
    if case in content:
        bad.write_bytes(content[case])
    fragments = {
        "missing target": ("'label' not found", "class"),
        "unknown technique": ("invalid choice: 'smoote'",),
        "bad parameter": ("no parameter(s) ['k']", "k_neighbors"),
        "missing file": ("not found",),
        "not utf-8": ("not valid UTF-8", "cp1252 or latin-1", "--encoding cp1252"),
        "empty file": ("empty",),
        "text column for SMOTE": ("['note'] are not numeric", "SMOTENC"),
    }[case]
    assert_bad_input(run(*args), *fragments)


def test_usage_errors_and_help():
    assert_bad_input(run(), "choose a command")
    assert run("--help").returncode == 0


def test_unexpected_failures_exit_1_with_one_line(monkeypatch, capsys, tmp_path):
    def broken(args):
        raise RuntimeError("disk on fire\nsecond line")

    monkeypatch.setattr(cli, "cmd_advise", broken)
    path = tmp_path / "d.csv"
    path.write_text("a,y\n1,0\n2,1\n")
    assert cli.main(["advise", str(path), "-t", "y"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["smote-lab: unexpected error (RuntimeError): disk on fire second line; "
                   "rerun with --debug for the traceback"]
    with pytest.raises(RuntimeError):
        cli.main(["--debug", "advise", str(path), "-t", "y"])
    with pytest.raises(RuntimeError):  # where the message suggests it: added at the end of the command
        cli.main(["advise", str(path), "-t", "y", "--debug"])


def test_a_windows_1252_file_is_read_and_the_note_says_how(tmp_path):
    frame, _ = load_dataset("arc")
    frame["city"] = np.where(np.arange(len(frame)) % 2, "Zürich", "Besançon")
    path = tmp_path / "windows.csv"
    path.write_bytes(frame.to_csv(index=False).encode("cp1252"))
    result = run("resample", path, "-t", "class", "--technique", "smote-nc", "-o", "-", "-q")
    assert result.returncode == 0, result.stderr
    assert "smote-lab: note: The file is not UTF-8 (byte 0xE7 at line 2," in result.stderr
    assert "read as Windows-1252 (cp1252)" in result.stderr and "--encoding NAME" in result.stderr
    written = pd.read_csv(io.StringIO(result.stdout))
    assert set(written["city"]) == {"Zürich", "Besançon"}


def test_output_dash_writes_the_csv_to_standard_output(data, tmp_path):
    folder, numeric, _ = data
    result = run("resample", numeric, "-t", "class", "--technique", "smote", "-o", "-", "-q", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "-").exists()
    table = pd.read_csv(io.StringIO(result.stdout))
    assert list(table.columns) == ["feature_1", "feature_2", "class", "is_synthetic"]
    assert len(table) == 2 * int((table["class"] == "majority").sum())  # balanced
    assert "smote-lab: wrote 540 rows (240 synthetic) to standard output" in result.stderr


@pytest.mark.slow
def test_auto_picks_a_technique_that_runs_on_a_constant_text_column_and_on_1500_columns(tmp_path):
    """The tree's pick (--no-check: checking 1,500 columns is a matter for the advice's own tests) runs."""
    frame, _ = load_dataset("arc")
    constant = tmp_path / "constant.csv"
    frame.assign(note="x").to_csv(constant, index=False)
    rng = np.random.RandomState(0)
    wide = pd.DataFrame(rng.normal(size=(50, 1500)), columns=[f"c{i}" for i in range(1500)])
    wide["label"] = np.where(np.arange(50) < 12, "pos", "neg")
    wide_path = tmp_path / "wide.csv"
    wide.to_csv(wide_path, index=False)
    result = run("resample", constant, "-t", "class", "--no-check", "-o", tmp_path / "out.csv", "-q")
    assert result.returncode == 0, result.stderr
    assert "Left out of the features: note (constant)" in result.stderr and "synthetic)" in result.stdout
    result = run("resample", wide_path, "-t", "label", "--no-check", "-o", tmp_path / "out.csv", "-q")
    assert result.returncode == 0, result.stderr
    assert "smote-lab: auto: " in result.stderr and "synthetic)" in result.stdout
    out = pd.read_csv(tmp_path / "out.csv")
    assert out.shape[1] == 1500 + 2 and out["is_synthetic"].any()


def test_auto_without_the_check_does_not_call_the_trees_answer_checked(data):
    folder, numeric, _ = data
    result = run("resample", numeric, "-t", "class", "--no-check", "-o", folder / "unchecked.csv", "-q")
    assert result.returncode == 0, result.stderr
    auto = next(line for line in result.stderr.splitlines() if line.startswith("smote-lab: auto: "))
    assert "Borderline-SMOTE" in auto  # the tree's answer on arc
    assert "checked recommendation" not in auto and "not checked" in auto and not auto.rstrip().endswith(":"), auto


def test_params_are_parsed_to_python_values():
    assert cli.parse_param("k_neighbors=3") == ("k_neighbors", 3)
    assert cli.parse_param("out_step=0.25") == ("out_step", 0.25)
    assert cli.parse_param("kind=borderline-2") == ("kind", "borderline-2")
    assert cli.parse_param("svm_max_rows=None") == ("svm_max_rows", None)
    assert cli.parse_param("sampling_strategy={'a': 10}") == ("sampling_strategy", {"a": 10})
    with pytest.raises(cli.UsageError):
        cli.parse_param("k_neighbors")


def test_dashboard_command_starts_the_app_with_its_library_loaded_beside():
    command = cli.dashboard_command(8600)
    assert command[0] == sys.executable
    assert Path(command[1]) == REPO / "dashboard" / "serve.py" and Path(command[1]).is_file()
    assert command[2:] == ["--server.port", "8600"]


def test_missing_values_are_dropped_or_filled_on_request(data):
    folder, numeric, _ = data
    frame = pd.read_csv(numeric)
    frame.loc[[0, 5, 9], "feature_1"] = np.nan
    holes = folder / "holes.csv"
    frame.to_csv(holes, index=False)
    left = run("resample", holes, "--target", "class", "--technique", "smote", "-o", folder / "left.csv")
    assert_bad_input(left, "NaN")
    assert "3 row(s) have missing feature values: add --missing drop" in left.stderr
    for choice, n_kept, note in (("drop", len(frame) - 3, "Dropped 3 of"), ("fill", len(frame), "Filled missing values")):
        out = folder / f"{choice}.csv"
        result = run("resample", holes, "--target", "class", "--technique", "smote", "--missing", choice, "-o", out)
        assert result.returncode == 0, result.stderr
        assert note in result.stderr
        written = pd.read_csv(out)
        assert (~written["is_synthetic"]).sum() == n_kept and not written.isna().any(axis=None)


def test_params_lists_a_techniques_table(capsys):
    assert cli.main(["params", "svm-smote"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("SVM-SMOTE (svm-smote); set with --param NAME=VALUE:")
    assert "  out_step (default 0.5): a number in [0, 1].\n      Largest step of an extrapolation" in out
    assert "svm_max_rows (default None): an integer of at least 2, or None (fit the SVM on every row" in out
    assert "kind (default 'borderline-1'): one of ['borderline-1', 'borderline-2']." in (
        cli.main(["params", "borderline-smote"]), capsys.readouterr().out)[1]


def test_resample_carries_a_weight_column_and_refuses_the_target_as_weights(data):
    folder, numeric, _ = data
    source = pd.read_csv(numeric)
    weighted = folder / "weighted.csv"
    source.insert(1, "exposure", np.linspace(0.5, 2.0, len(source)).round(3))
    source.to_csv(weighted, index=False)
    out, prov = folder / "weighted-out.csv", folder / "weighted-prov.csv"
    result = run("resample", weighted, "-t", "class", "--technique", "smote", "--weight", "exposure", "-o", out,
                 "--provenance", prov)
    assert result.returncode == 0, result.stderr
    written, provenance = pd.read_csv(out), pd.read_csv(prov)
    assert list(written.columns) == list(source.columns) + ["is_synthetic"]  # the weights where they were
    np.testing.assert_array_equal(written["exposure"].iloc[: len(source)], source["exposure"])
    synthetic = written.iloc[provenance["row"]]
    np.testing.assert_array_equal(synthetic["exposure"], source["exposure"].iloc[provenance["parent"]])
    np.testing.assert_array_equal(provenance["weight"], synthetic["exposure"])
    # the weights are no feature: the same rows as without them
    plain = folder / "plain-out.csv"
    assert run("resample", numeric, "-t", "class", "--technique", "smote", "-o", plain).returncode == 0
    pd.testing.assert_frame_equal(written.drop(columns="exposure"), pd.read_csv(plain))
    assert_bad_input(run("resample", weighted, "-t", "class", "--weight", "class", "-o", out),
                       "the weight column 'class' is the target")
    source.loc[3, "exposure"] = -1.0
    source.to_csv(weighted, index=False)
    assert_bad_input(run("resample", weighted, "-t", "class", "--weight", "exposure", "-o", out),
                       "weight column 'exposure' has 1 negative weight(s)")


def test_advise_and_evaluate_weight_the_check_and_the_comparison_by_a_weight_column(data):
    folder, numeric, _ = data
    source = pd.read_csv(numeric)
    source.insert(1, "exposure", np.linspace(0.2, 5.0, len(source)).round(3))
    weighted = folder / "weighted-evaluate.csv"
    source.to_csv(weighted, index=False)
    scores = folder / "weighted-scores.csv"
    result = run("evaluate", weighted, "-t", "class", "--techniques", "smote", "--repeats", "1", "--weight", "exposure",
                 "-o", scores, "-q")
    assert result.returncode == 0, result.stderr
    assert "scores weighted by column 'exposure'" in result.stdout
    expected = compare_table(source, "class", ["smote"], repeats=1, weight="exposure")
    unweighted = compare_table(source.drop(columns="exposure"), "class", ["smote"], repeats=1)
    written = pd.read_csv(scores)
    np.testing.assert_allclose(written["mean"], expected["mean"], rtol=1e-9)
    assert not np.allclose(written["mean"], unweighted["mean"])
    advised = run("advise", weighted, "-t", "class", "--weight", "exposure", "-q")
    assert advised.returncode == 0, advised.stderr
    assert "scores weighted by column 'exposure'" in advised.stdout
    assert_bad_input(run("evaluate", weighted, "-t", "class", "--techniques", "smote", "--weight", "class"),
                     "the weight column 'class' is the target")
    assert_bad_input(run("advise", weighted, "-t", "class", "--weight", "cost"), "weight column 'cost' not found")

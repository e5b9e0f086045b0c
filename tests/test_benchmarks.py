"""The benchmark runners enforce their time and memory limits and say which one applied.

No test here asserts how long something took: the machine running the suite may be loaded. Limits are
made so small (or so large) that which one applies does not depend on the machine's speed.
"""

import math
import time

import numpy as np
import pandas as pd
import pytest

from benchmarks import approximate, capacity, floor, phases, run

CASE = {"technique": "smote", "features": 20, "share": 0.05, "repeats": 3}


def test_prediction_extrapolates_the_last_two_sizes():
    assert run.predicted_seconds({}, 1000) is None
    assert run.predicted_seconds({100: 1.0}, 1000) == pytest.approx(100.0)  # one size: quadratic
    assert run.predicted_seconds({100: 1.0, 1000: 8.0, 10_000: 80.0}, 100_000) == pytest.approx(800.0)
    assert run.predicted_seconds({100: 2.0, 1000: 1.0}, 10_000) == pytest.approx(10.0)  # never below linear


def test_series_skips_after_a_stop_and_over_the_prediction():
    series = run.Series("imblearn", limit=10.0, seconds={1000: 0.5, 10_000: 5.0})
    assert series.skip_reason(15_000) is None  # 7.5 s predicted
    assert series.skip_reason(100_000) == "skipped: predicted 50 s > 10 s"
    series.stopped_at = 10_000
    assert series.skip_reason(15_000) == "skipped: over 10 s at 1e+04 rows"


def test_a_library_over_its_timeout_is_killed(monkeypatch):
    monkeypatch.setattr(run, "SETUP_SECONDS", 0.3)  # far less than imports, data and three runs take
    series = run.Series("imblearn", limit=0.01)
    assert series.run(dict(CASE, rows=20_000)) == (None, "> 0.01 s (stopped)")
    assert series.stopped_at == 20_000
    assert series.run(dict(CASE, rows=40_000)) == (None, "skipped: over 0.01 s at 2e+04 rows")


def test_grid_stops_a_run_over_the_limit_and_skips_predicted_sizes(capsys):
    run.main(["--techniques", "smote", "--rows", "2e4,1e6", "--features", "20", "--shares", "0.05",
              "--repeats", "3", "--time-limit", "0.0001", "--our-limit", "1"])
    lines = capsys.readouterr().out.splitlines()
    small, large = (cells for cells in map(_cells, lines) if len(cells) == len(run.HEADER) and cells[0] == "smote")
    assert math.isfinite(float(small[4]))  # ours ran (a time, not a skip)
    assert small[5].startswith("> 0.0001 s (stopped after a ")  # one imblearn run over the limit ends it
    assert small[11] == "not checked"
    assert float(small[9]) > 0 and small[10] == "–"  # ours traced; imblearn stopped, so not
    assert large[4].startswith("skipped: predicted ") and large[4].endswith(" s > 1 s")
    assert large[5] == "skipped: over 0.0001 s at 2e+04 rows"
    assert "| smote | 20 | 5% | – | – |" in lines  # one size per library measured: no exponent


def test_identity_case_compares_both_libraries():
    assert run.run_case(dict(CASE, rows=500, library="identity")) == {"identical": "yes"}


def test_capacity_stops_on_time():
    largest, reason = capacity.capacity("svm-smote", 20, [2000], seconds=0.001, memory_gib=8)
    assert largest is None
    assert reason == "time: fit over 0.001 s (killed) at 2e+03 rows"


def test_capacity_stops_on_memory():
    largest, reason = capacity.capacity("smote", 20, [1000], seconds=60, memory_gib=0.02)
    assert largest is None
    assert reason.startswith("memory: ") and reason.endswith(" at 1e+03 rows")


def test_capacity_stops_before_a_size_predicted_over_three_times_the_limit(capsys):
    capacity.main(["--techniques", "smote", "--features", "20", "--rows", "1e3,1e8", "--seconds", "5"])
    cells = next(_cells(line) for line in capsys.readouterr().out.splitlines() if line.startswith("| smote"))
    assert cells[:3] == ["smote", "20", "1e+03"]
    assert float(cells[3]) > 0 and float(cells[4]) > 0  # a time and a memory were measured
    assert cells[5].startswith("predicted: 1e+08 rows ~ ")
    assert math.isfinite(float(cells[5].split("~ ")[1].removesuffix(" s")))


def test_floor_sets_each_fit_against_the_bare_products_and_imblearn():
    row = floor.measure("adasyn", 3000, 4, 0.05, repeats=1, time_limit=120)
    assert row["query rows"] == np.bincount(run.make_data(3000, 4, 0.05, "numeric")[1]).min()
    assert row["searched rows"] == 3000
    assert row["ours / floor"] == pytest.approx(row["ours s"] / row["floor s"])
    assert row["ours / imblearn"] == pytest.approx(row["ours s"] / row["imblearn s"])
    assert row["ours s"] > 0


def test_the_cleaners_floor_searches_every_row_of_the_grown_set(monkeypatch):
    monkeypatch.setattr(floor, "run_library", lambda case, timeout: {"time": 1.0})
    sizes = []
    monkeypatch.setattr(floor, "product_seconds", lambda n_query, n_rows, *_: sizes.append((n_query, n_rows)) or 0.5)
    row = floor.measure("smote-enn", 3000, 4, 0.05, repeats=1, time_limit=120)
    grown = 2 * np.bincount(run.make_data(3000, 4, 0.05, "numeric")[1]).max()
    assert sizes == [(grown, grown)] and row["ours / floor"] == 2.0


def test_floor_prints_the_model_rates_and_one_row_per_technique_and_features(monkeypatch, capsys):
    monkeypatch.setattr(floor, "measured_rates", lambda: {"GEMM_FLOPS": 1e11, "STREAM_BYTES": 3e10, "RANDOM_BYTES": 1e9})
    monkeypatch.setattr(floor, "measure", lambda technique, rows, features, *_: dict.fromkeys(
        floor.HEADER, 0.5) | {"technique": technique, "features": features, "imblearn s": None})
    floor.main(["--features", "20,100"])
    out = capsys.readouterr().out
    assert "GEMM_FLOPS (float32 GEMM): 64.0 | 100.0 GFLOP/s" in out
    rows = [_cells(line) for line in out.splitlines() if line.startswith("| ")][1:]
    assert [(cells[0], cells[2]) for cells in rows] == [(t, f) for f in ("20", "100") for t in floor.TECHNIQUES]
    assert all(cells[5] == "–" and cells[-1] == "0.500" for cells in rows)


def test_measured_rates_are_finite_and_positive():
    assert all(math.isfinite(rate) and rate > 0 for rate in floor.measured_rates().values())


def test_floor_products_are_timed():
    seconds = floor.product_seconds(16, 1000, 4, repeats=2)
    assert math.isfinite(seconds) and seconds > 0


def _recorded_fit(technique: str):
    """A fit of ``technique`` at 2e4 rows x 20 features (the blocked search, several blocks), recorded."""
    X, y, categorical = run.make_data(20_000, 20, 0.05, "numeric")
    sampler = run.build("ours", run.TECHNIQUES[technique], categorical, False)
    timeline = phases.Timeline()
    with phases.recording(timeline):
        start = time.perf_counter()
        X_res, y_res = sampler.fit_resample(X, y)
        end = time.perf_counter()
    return timeline, start, end, (X_res, y_res), (sampler, X, y)


def test_phases_add_up_to_the_fit_and_none_is_negative():
    timeline, start, end, _, _ = _recorded_fit("borderline-1")
    split = phases.split_fit(timeline, start, end)
    assert list(split) == list(phases.PHASES)
    assert sum(split.values()) == pytest.approx(end - start, rel=1e-9)
    assert all(seconds >= 0 for seconds in split.values()), split
    # the parts every blocked search has, and Borderline-1's second search (danger rows within the class)
    for part in ("unit ball", "float32 table", "products and group minima", "choosing candidates",
                 "re-ranking and proof", "other searches"):
        assert split[part] > 0, part


def test_recording_changes_no_output_and_restores_the_search():
    original = (phases.neighbors_module.exact_search, phases.screening.group_minima, phases.exact.run_threads,
                phases.products.ScaledTable._scaled)
    _, _, _, (X_res, y_res), (sampler, X, y) = _recorded_fit("adasyn")
    assert (phases.neighbors_module.exact_search, phases.screening.group_minima, phases.exact.run_threads,
            phases.products.ScaledTable._scaled) == original
    X_again, y_again = sampler.fit_resample(X, y)
    np.testing.assert_array_equal(X_res, X_again)
    np.testing.assert_array_equal(y_res, y_again)


def test_phases_print_the_fit_the_floor_and_every_phase_against_the_floor(monkeypatch, capsys):
    monkeypatch.setattr(phases, "measure", lambda technique, rows, features, *_: {
        "phases": dict.fromkeys(phases.PHASES, 0.1), "fit": 0.9, "floor": 0.5})
    phases.main(["--features", "20", "--techniques", "adasyn"])
    rows = [_cells(line) for line in capsys.readouterr().out.splitlines() if line.startswith("| ")][1:]
    assert [cells[3] for cells in rows] == ["fit", "floor", *phases.PHASES]
    assert rows[0][4:] == ["0.900", "1.800"] and rows[-1][4:] == ["0.100", "0.200"]


def _cells(row: str) -> list[str]:
    """The cells of one Markdown table row."""
    return [cell.strip() for cell in row.split("|")[1:-1]]


def test_the_largest_upload_fits_just_under_the_limit_and_the_peak_is_read_from_proc():
    import io
    import os

    import pandas as pd

    from benchmarks import memory

    content = memory.largest_csv(2)
    assert 0.98 * 2e6 <= len(content) <= 2e6
    frame = pd.read_csv(io.BytesIO(content))
    assert frame.shape[1] == memory.N_FEATURES + 1 and set(frame["label"]) == {"majority", "minority"}
    assert 10 < memory.peak_mib(os.getpid()) < 100_000
    assert memory.upload_limit_mb() >= 50  # a 50 MB upload is allowed (tests/browser/test_memory.py)


@pytest.mark.slow  # pynndescent compiles its search (numba)
def test_approximate_reports_recall_and_how_far_the_output_moved(capsys):
    approximate.main(["--rows", "3e3", "--features", "5", "--techniques", "adasyn"])
    rows = [_cells(line) for line in capsys.readouterr().out.splitlines() if line.startswith("| ")][1:]
    assert [(cells[0], cells[3]) for cells in rows] == [("adasyn", "5")]
    recall, differ, moved = (float(rows[0][i]) for i in (4, 7, 8))
    assert 0.5 <= recall <= 1 and 0 <= differ <= 1 and 0 <= moved <= 1


@pytest.mark.slow
def test_following_the_advice_on_real_data_beats_a_blind_pick_and_replays_exactly():
    """Nested evaluation on two small KEEL tables (logistic regression, 3 outer folds).

    Tolerance: on both metrics the advice's mean regret is below a third of the regret of an advisor that
    picks the worst candidate, which fails here; two small tables are too few to rank it against a blind
    pick. Both have 70 or more minority rows: with glass2's 17, a test fold holds 6 and one row moves
    balanced accuracy by 0.08, more than the margin tested. That it beats every fixed policy is measured on 44 datasets by
    ``python -m benchmarks.advice`` (docs/advice.md).
    """
    from benchmarks.advice import current_rule, regrets, replayed, run_dataset

    outcomes = [run_dataset(name, "logistic", 3, 1, 0) for name in ("ecoli1", "glass0")]
    for metric in ("average_precision", "balanced_accuracy"):
        mean = pd.DataFrame([regrets(o, metric) for o in outcomes]).mean()
        assert mean["advice"] < mean["worst pick"] / 3, mean
    for outcome in outcomes:  # a saved run judged again under the same rule makes the same choices
        assert replayed(outcome, current_rule).chosen == outcome.chosen


def test_the_held_out_pick_never_sees_the_fold_it_is_judged_on():
    """Candidate "a" has the best mean only because of one fold: picked on the other folds, that fold goes to
    "b", and the other folds to "a", which scores 0 there. A pick that also saw its own fold would take "a"
    everywhere and have no regret."""
    from benchmarks.advice import held_out_picks, held_out_regret

    table = pd.DataFrame([[1.0, 0.0, 0.0, 0.0, 0.0], [0.1] * 5, [0.05] * 5], index=["a", "b", "c"])
    assert held_out_picks(table, "balanced_accuracy") == ["b", "a", "a", "a", "a"]
    assert held_out_regret(table, "balanced_accuracy") == pytest.approx(0.2 - 0.1 / 5)
    brier = 1 - table  # lower is better: the same picks, the same regret
    assert held_out_picks(brier, "brier") == ["b", "a", "a", "a", "a"]
    assert held_out_regret(brier, "brier") == pytest.approx(0.2 - 0.1 / 5)
    steady = pd.DataFrame([[0.5] * 5, [0.5] * 5], index=["none", "smote"])  # equals: the simplest, first listed
    assert held_out_picks(steady, "balanced_accuracy") == ["none"] * 5 and held_out_regret(steady, "balanced_accuracy") == 0


@pytest.mark.slow
def test_quick_ranking_writes_tables_the_evidence_reads_and_resumes_without_refitting(tmp_path, capsys):
    from benchmarks import ranking
    from smote_core import evidence
    from smote_core.ranking import rank_table

    paths = {name: tmp_path / name for name in ("scores.csv", "profiles.csv", "ranking.md", "ranking.csv")}
    args = ["--quick", "--scores", str(paths["scores.csv"]), "--profiles", str(paths["profiles.csv"]),
            "--markdown", str(paths["ranking.md"]), "--table", str(paths["ranking.csv"])]
    ranking.main(args)
    collection = evidence.load(paths["ranking.csv"])
    assert sorted(collection.profiles.index) == sorted(ranking.QUICK["datasets"])
    assert collection.classifiers == list(ranking.QUICK["classifiers"])
    for model in collection.classifiers:
        for metric in evidence.METRICS:
            scores = evidence.table(collection, model, metric)
            k = len(ranking.QUICK["techniques"]) + 3  # none, tuned threshold, class weights
            assert scores.shape == (len(ranking.QUICK["datasets"]), k)
            assert np.allclose(rank_table(scores).sum(axis=1), k * (k + 1) / 2)
            result = evidence.ranking(model, metric, collection)
            assert 0.0 <= result.p_value <= 1.0 and result.critical_difference > 0
            if metric in ("roc_auc", "average_precision"):  # a threshold moves no ranking metric
                assert result.mean_ranks["none"] == result.mean_ranks["threshold"]
    text = paths["ranking.md"].read_text()
    assert text.count("| rank | candidate |") == len(ranking.QUICK["classifiers"]) * len(evidence.METRICS)
    # a fully grown tree's probabilities can be constant on an inner fold: its threshold keeps the default
    scores = pd.read_csv(paths["scores.csv"])
    failed = scores[scores["mean"].isna()].query("classifier == 'tree' and technique == 'threshold'")
    assert failed["note"].str.contains("constant predictions").all()
    assert (f"- No resampling, tuned threshold, scored at the default threshold, on {failed['dataset'].nunique()} "
            f"dataset(s): {failed['dataset'].iloc[0]} (a decision tree: The provided estimator makes constant "
            "predictions") in text
    written = paths["scores.csv"].read_text()
    capsys.readouterr()
    ranking.main([*args, "--resume"])
    assert "20/20 units done before this run; 0 to go" in capsys.readouterr().out
    assert paths["scores.csv"].read_text() == written


def test_a_classifier_without_weights_is_left_out_of_the_class_weights_unit_only():
    from benchmarks import ranking

    assert not ranking.takes_weights("knn")
    assert all(ranking.takes_weights(name) for name in ("logistic", "tree", "hist_gradient_boosting"))
    with pytest.raises(ValueError, match="unknown classifier"):
        ranking.classifier("svm")


def test_a_neighbour_count_the_smallest_class_cannot_give_is_lowered():
    from benchmarks import ranking

    assert ranking.candidate("smote", smallest=5).sampler.k_neighbors == 4
    assert ranking.candidate("adasyn", smallest=3).sampler.n_neighbors == 2
    assert ranking.candidate("smote", smallest=40).sampler.k_neighbors == 5
    assert ranking.candidate("threshold", smallest=5).threshold


def test_run_time_counts_overlapping_units_once_and_leaves_out_pauses():
    from benchmarks.ranking_report import run_seconds

    units = pd.DataFrame({"dataset": ["a", "a", "a", "b"], "technique": ["none", "threshold", "smote", "none"],
                          "seconds": [10.0, 10.0, 6.0, 5.0], "finished": [110.0, 110.0, 108.0, 1000.0]})
    assert run_seconds(units) == (21.0, 15.0)  # 100-110 with 102-108 inside it, then 995-1000

"""smote_core against imbalanced-learn: time, peak memory and identical output, on the same data.

Kovács (2019)'s ranking leaders, which imbalanced-learn lacks, are measured against their reference
libraries instead, in the same columns: smote-variants 1.0.1 (polynom-fit-SMOTE, ProWSyn, SMOTE-IPF) and
the G-SMOTE authors' imbalanced-learn-extra 0.2.10 (``Technique.reference``); whether their output
agrees is checked by the tests ("in tests").

Run ``python -m benchmarks.run`` (``make bench``) for the full grid, ``--quick`` for a short one, or pick
``--techniques``, ``--rows``, ``--features``, ``--shares``, ``--repeats``. Each library of a case runs in
its own fresh subprocess that makes the data (``make_classification``) and times ``--repeats`` runs
(the median is reported), after one untimed warm-up run on ``WARM_UP_ROWS`` rows so that one-time
costs (lazy imports, BLAS buffers, thread pools) count for neither library. Peak memory is the peak resident set size during a library's runs above the
resident size just before them (Linux ``VmHWM``, reset through ``/proc/self/clear_refs``, so it sees
BLAS and Cython buffers that ``tracemalloc`` misses); "traced" is the peak of the allocations
``tracemalloc`` sees during one more fit, run after the timed ones (Python and numpy; the data made
before the fit not counted). "identical" compares the outputs of both
libraries given the same neighbour estimator, ``NearestNeighbors(n_neighbors=k + 1)``, and the same
integer seed, in a third subprocess (up to ``--identity-max-rows`` rows, when imbalanced-learn finished
within its limit). "provenance in fit" is the share of our time spent recording provenance during
``fit_resample``; the table itself is built on the first read of ``provenance_``, timed separately
right after the fit.

Time limits: imbalanced-learn gets ``--time-limit`` seconds per run, smote_core ``--our-limit``. A
library's subprocess stops repeating after a run over its limit and is killed when it runs longer than
``limit * repeats`` plus ``SETUP_SECONDS`` for imports and data; either way the cell reads
``> limit s (stopped ...)``. A size predicted (from the smaller sizes, time ~ rows^exponent) to exceed
the limit, or larger than one that was stopped, is skipped, and the cell says which.
"""

from __future__ import annotations

import argparse
import inspect
import json
import math
import os
import statistics
import subprocess
import sys
import time
import tracemalloc
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

SEED = 0
# rows of the untimed warm-up run each library makes before it is measured
WARM_UP_ROWS = 3_000
SETUP_SECONDS = 60.0  # allowed per subprocess on top of its runs: imports and making the data


@dataclass(frozen=True)
class Technique:
    """A row of the comparison: our registry id with its parameters, and its counterpart in the
    reference library (``REFERENCES``; the "imblearn" columns of the table hold that library's figures)."""

    name: str
    ours: str
    params: dict
    data: str = "numeric"  # "numeric", "mixed" (last quarter of columns categorical) or "categorical"
    reference: str = "imbalanced-learn"


TECHNIQUES = {
    t.name: t
    for t in (
        Technique("smote", "smote", {}),
        Technique("borderline-1", "borderline-smote", {"kind": "borderline-1"}),
        Technique("borderline-2", "borderline-smote", {"kind": "borderline-2"}),
        Technique("adasyn", "adasyn", {}),
        Technique("svm-smote", "svm-smote", {}),
        Technique("smote-tomek", "smote-tomek", {}),
        Technique("smote-enn", "smote-enn", {}),
        Technique("smote-nc", "smote-nc", {}, data="mixed"),
        Technique("smoten", "smoten", {}, data="categorical"),
        Technique("polynom-fit-star", "polynom-fit-smote", {"topology": "star"}, reference="smote-variants"),
        Technique("polynom-fit-bus", "polynom-fit-smote", {"topology": "bus"}, reference="smote-variants"),
        Technique("prowsyn", "prowsyn", {}, reference="smote-variants"),
        Technique("smote-ipf", "smote-ipf", {}, reference="smote-variants"),
        Technique("g-smote", "g-smote", {}, reference="imbalanced-learn-extra"),
    )
}


# ---------------------------------------------------------------- one case, in a subprocess


def make_data(rows: int, features: int, share: float, kind: str):
    """make_classification data; categorical columns are quantile bins 0..4 of generated ones."""
    from sklearn.datasets import make_classification

    X, y = make_classification(
        n_samples=rows, n_features=features, n_informative=max(2, min(10, features // 2)),
        n_redundant=0, weights=[1 - share], random_state=SEED,
    )
    n_categorical = {"numeric": 0, "mixed": max(1, features // 4), "categorical": features}[kind]
    categorical = list(range(features - n_categorical, features))
    for j in categorical:
        X[:, j] = np.searchsorted(np.quantile(X[:, j], [0.2, 0.4, 0.6, 0.8]), X[:, j])
    if kind == "categorical":  # text categories, as SMOTE-N expects
        X = pd.DataFrame(np.char.add("c", X.astype(np.int8).astype(str)), columns=[f"x{j}" for j in range(features)])
    return X, y, categorical


def build(library: str, technique: Technique, categorical, k_estimators: bool):
    """A sampler of ``library`` (``ours`` or ``imblearn``) for ``technique``, seeded."""
    from sklearn.neighbors import NearestNeighbors

    params = dict(technique.params, random_state=SEED)
    if technique.data == "mixed":
        params["categorical_features"] = categorical
    if k_estimators:
        for name, k in (("k_neighbors", 5), ("m_neighbors", 10), ("n_neighbors", 5)):
            params[name] = NearestNeighbors(n_neighbors=k + 1)
        params = {key: value for key, value in params.items() if key in _parameters(library, technique)}
        if technique.name in ("smote-tomek", "smote-enn"):
            params["smote"] = build(library, TECHNIQUES["smote"], categorical, True)
    if library != "ours" and technique.reference != "imbalanced-learn":
        return _reference_sampler(technique, params)
    return _sampler_class(library, technique)(**params)


IMBLEARN = {
    "smote": "over_sampling.SMOTE", "borderline-smote": "over_sampling.BorderlineSMOTE",
    "adasyn": "over_sampling.ADASYN", "svm-smote": "over_sampling.SVMSMOTE", "smote-nc": "over_sampling.SMOTENC",
    "smoten": "over_sampling.SMOTEN", "smote-tomek": "combine.SMOTETomek", "smote-enn": "combine.SMOTEENN",
}


def _imblearn_class(technique: Technique):
    from importlib import import_module

    module, name = IMBLEARN[technique.ours].rsplit(".", 1)
    return getattr(import_module(f"imblearn.{module}"), name)


class SmoteVariants:
    """A smote-variants 1.0.1 sampler (a benchmark and test dependency) seen through ``fit_resample``.

    smote-variants' ``proportion=1.0`` (its default) balances the two classes, as ``"auto"`` does."""

    CLASSES = {"polynom-fit-star": "polynom_fit_SMOTE_star", "polynom-fit-bus": "polynom_fit_SMOTE_bus",
               "prowsyn": "ProWSyn", "smote-ipf": "SMOTE_IPF"}

    def __init__(self, name: str, random_state=None):
        self.name, self.random_state = name, random_state

    def fit_resample(self, X, y):
        import logging

        import smote_variants

        logging.getLogger("smote_variants").setLevel(logging.ERROR)  # one info line per fit otherwise
        return getattr(smote_variants, self.CLASSES[self.name])(random_state=self.random_state).sample(X, y)


def _reference_sampler(technique: Technique, params: dict):
    if technique.reference == "smote-variants":
        return SmoteVariants(technique.name, params["random_state"])
    from imblearn_extra.gsmote import GeometricSMOTE

    return GeometricSMOTE(random_state=params["random_state"])


def _sampler_class(library, technique):
    if library == "ours":
        from smote_core import registry

        return registry.get(technique.ours).sampler_class
    return _imblearn_class(technique)


def _parameters(library, technique):
    return inspect.signature(_sampler_class(library, technique)).parameters


def machine_line() -> str:
    """When and on how loaded a machine the numbers below were measured (they depend on both)."""
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return f"{time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores, load average {load}\n"


def rss_kib(field: str, pid="self") -> int:
    """A ``VmRSS``/``VmHWM`` line of ``/proc/<pid>/status`` in KiB; 0 once the process has exited."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field):
                return int(line.split()[1])
    return 0  # a process that has exited (a zombie) has no memory lines


def run_case(case: dict) -> dict:
    """Time and measure one library's part of a case in this (fresh) process; the result as a dict.

    ``case["library"]`` is ``ours`` or ``imblearn`` (``repeats`` runs, stopping after one over
    ``time_limit`` seconds) or ``identity`` (one run of each with the same neighbour estimator).
    """
    technique = TECHNIQUES[case["technique"]]
    library = case["library"]
    X, y, categorical = make_data(case["rows"], case["features"], case["share"], technique.data)
    if library == "identity":
        return {"identical": _identical(technique, categorical, X, y)}
    times, peak, recording, first_read = [], 0.0, [], []
    if library == "ours":
        from smote_core._base import BaseSampler

        record = BaseSampler._record_provenance

        def timed_record(*args, **kwargs):
            start = time.perf_counter()
            record(*args, **kwargs)
            recording.append(time.perf_counter() - start)

        BaseSampler._record_provenance = timed_record
    # one untimed run on a small sample first, so that one-time costs (lazy imports, BLAS buffers,
    # thread pools) count for neither library
    build(library, technique, categorical, k_estimators=False).fit_resample(
        *make_data(WARM_UP_ROWS, case["features"], 0.05, technique.data)[:2])
    for _ in range(case["repeats"]):
        sampler = build(library, technique, categorical, k_estimators=False)
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")  # resets VmHWM to the current resident size
        before = rss_kib("VmRSS")
        start = time.perf_counter()
        sampler.fit_resample(X, y)
        times.append(time.perf_counter() - start)
        peak = max(peak, (rss_kib("VmHWM") - before) / 1024)
        if library == "ours":  # the table is built on first read, outside fit_resample
            start = time.perf_counter()
            sampler.provenance_
            first_read.append(time.perf_counter() - start)
        del sampler
        if times[-1] > case["time_limit"]:
            break  # one run over the limit is enough to know
    stopped = times[-1] > case["time_limit"]
    result = {"time": statistics.median(times), "longest": max(times), "stopped": stopped, "peak_mib": peak,
              "traced_mib": None if stopped else traced_mib(build(library, technique, categorical, False), X, y)}
    if library == "ours":  # per fit, all recordings together (a combined sampler's SMOTE part records one too)
        result.update(provenance_fit=sum(recording) / len(times), provenance_read=statistics.median(first_read))
    return result


def traced_mib(sampler, X, y) -> float:
    """Peak MiB of the allocations ``tracemalloc`` traces while ``sampler`` fits (X and y not counted)."""
    tracemalloc.start()
    try:
        sampler.fit_resample(X, y)
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def _identical(technique, categorical, X, y) -> str:
    """Whether both libraries' outputs match given the same neighbour estimator and seed: yes, to rounding or no."""
    outputs = [build(lib, technique, categorical, k_estimators=True).fit_resample(X, y) for lib in ("ours", "imblearn")]
    (X_ours, y_ours), (X_imb, y_imb) = outputs
    X_ours, X_imb = np.asarray(X_ours), np.asarray(X_imb)
    same_shape = X_ours.shape == X_imb.shape and np.array_equal(y_ours, y_imb)
    if same_shape and np.array_equal(X_ours, X_imb):
        return "yes"
    if same_shape and X_ours.dtype.kind == "f" and np.allclose(X_ours, X_imb):
        return "to rounding"
    return "no"


# ---------------------------------------------------------------- the grid, in the parent


def run_library(case: dict, timeout: float) -> dict:
    """Run ``case`` (with its ``library``) in a fresh subprocess, killed after ``timeout`` seconds.

    Returns the subprocess's result, ``{"killed": True}`` when it ran out of time, or
    ``{"error": message}`` when it failed.
    """
    try:
        completed = subprocess.run([sys.executable, "-m", "benchmarks.run", "--case", json.dumps(case)],
                                   capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"killed": True}
    if completed.returncode != 0:
        return {"error": (completed.stderr.strip().splitlines() or ["failed"])[-1][:120]}
    return json.loads(completed.stdout.strip().splitlines()[-1])


def predicted_seconds(history: dict, rows: int):
    """Extrapolate the time at ``rows`` from measured smaller sizes ``{rows: seconds}`` (None if none).

    time ~ rows^e, with e from the last two sizes (at least 1), or 2 from a single size.
    """
    measured = sorted(history.items())
    if not measured:
        return None
    if len(measured) == 1:
        (n0, t0), exponent = measured[0], 2.0
    else:
        (n1, t1), (n0, t0) = measured[-2], measured[-1]
        exponent = max(1.0, math.log(t0 / t1) / math.log(n0 / n1))
    return t0 * (rows / n0) ** exponent


@dataclass
class Series:
    """One library's cases over growing rows (one technique, features and share) under a time limit."""

    library: str
    limit: float
    seconds: dict = field(default_factory=dict)  # rows -> median seconds, cases that finished in time
    stopped_at: int | None = None

    def skip_reason(self, rows: int):
        """Why not to run ``rows`` (None to run it): a smaller size was stopped, or the prediction is over."""
        if self.stopped_at is not None:
            return f"skipped: over {self.limit:g} s at {self.stopped_at:.0e} rows"
        predicted = predicted_seconds(self.seconds, rows)
        if predicted is not None and predicted > self.limit:
            return f"skipped: predicted {format_seconds(predicted)} s > {self.limit:g} s"
        return None

    def run(self, case: dict):
        """Run this library's part of ``case``; its result (None unless finished in time) and time cell."""
        reason = self.skip_reason(case["rows"])
        if reason:
            return None, reason
        result = run_library(dict(case, library=self.library, time_limit=self.limit),
                             self.limit * case["repeats"] + SETUP_SECONDS)
        if "error" in result:
            return None, f"error: {result['error']}"
        if result.get("killed") or result["stopped"]:
            self.stopped_at = self.stopped_at or case["rows"]
            detail = "" if result.get("killed") else f" after a {format_seconds(result['longest'])} s run"
            return None, f"> {self.limit:g} s (stopped{detail})"
        self.seconds[case["rows"]] = result["time"]
        return result, f"{result['time']:.3f}"


def exponent(points):
    """Least-squares slope of log(time) against log(rows)."""
    if len(points) < 2:
        return None
    x, t = np.log([p[0] for p in points]), np.log([p[1] for p in points])
    return float(np.polyfit(x, t, 1)[0])


HEADER = ("technique", "rows", "features", "minority", "ours s", "imblearn s", "ratio", "peak MiB ours",
          "peak MiB imblearn", "traced MiB ours", "traced MiB imblearn", "identical", "provenance in fit", "provenance table on first read")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--techniques", default=",".join(TECHNIQUES), help="comma-separated, of: " + ", ".join(TECHNIQUES))
    parser.add_argument("--rows", default="1e4,1e5,1e6")
    parser.add_argument("--features", default="2,20,100")
    parser.add_argument("--shares", default="0.05,0.01", help="minority shares")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--time-limit", type=float, default=120.0, help="seconds per imblearn run")
    parser.add_argument("--our-limit", type=float, default=600.0, help="seconds per smote_core run")
    parser.add_argument("--identity-max-rows", type=float, default=1e5)
    parser.add_argument("--quick", action="store_true", help="1e4 and 1e5 rows, 20 features, 5%% minority")
    parser.add_argument("--case", help=argparse.SUPPRESS)  # internal: run one case, print JSON
    args = parser.parse_args(argv)
    if args.case:
        print(json.dumps(run_case(json.loads(args.case))))
        return 0
    if args.quick:
        args.rows, args.features, args.shares = "1e4,1e5", "20", "0.05"
    techniques = [TECHNIQUES[name] for name in args.techniques.split(",")]
    rows = sorted(int(float(value)) for value in args.rows.split(","))
    features = [int(value) for value in args.features.split(",")]
    shares = [float(value) for value in args.shares.split(",")]

    print(machine_line())
    print("| " + " | ".join(HEADER) + " |")
    print("|" + "---|" * len(HEADER), flush=True)
    scaling = []
    for technique in techniques:
        for n_features in features:
            for share in shares:
                ours, imblearn = Series("ours", args.our_limit), Series("imblearn", args.time_limit)
                for n_rows in rows:
                    case = {"technique": technique.name, "rows": n_rows, "features": n_features, "share": share,
                            "repeats": args.repeats}
                    print(_row(case, ours, imblearn, args), flush=True)
                scaling.append((technique.name, n_features, share, exponent(sorted(ours.seconds.items())),
                                exponent(sorted(imblearn.seconds.items()))))
    print("\nScaling exponent of time versus rows (time ~ rows^e), per technique:")
    print("| technique | features | minority | e ours | e imblearn |\n|---|---|---|---|---|")
    for name, n_features, share, e_ours, e_imb in scaling:
        print(f"| {name} | {n_features} | {share:.0%} | {_fmt(e_ours)} | {_fmt(e_imb)} |")
    return 0


def _row(case, ours: Series, imblearn: Series, args) -> str:
    """Run one case, library by library, and format its table row."""
    ours_result, ours_cell = ours.run(case)
    imb_result, imb_cell = imblearn.run(case)
    identical = "not checked"
    if TECHNIQUES[case["technique"]].reference != "imbalanced-learn":
        identical = "in tests"  # tests/over_sampling/test_leaders_reference.py, on KEEL data
    elif imb_result and case["rows"] <= args.identity_max_rows:
        checked = run_library(dict(case, library="identity"), 2 * args.time_limit + SETUP_SECONDS)
        identical = checked.get("identical") or ("not checked (stopped)" if checked.get("killed")
                                                 else f"error: {checked['error']}")
    cells = [case["technique"], f"{case['rows']:.0e}", str(case["features"]), f"{case['share']:.0%}",
             ours_cell, imb_cell,
             f"{ours_result['time'] / imb_result['time']:.2f}" if ours_result and imb_result else "–",
             f"{ours_result['peak_mib']:.0f}" if ours_result else "–",
             f"{imb_result['peak_mib']:.0f}" if imb_result else "–",
             _fmt(ours_result and ours_result["traced_mib"], "{:.0f}"),
             _fmt(imb_result and imb_result["traced_mib"], "{:.0f}"),
             identical]
    if ours_result:
        fit, read, seconds = ours_result["provenance_fit"], ours_result["provenance_read"], ours_result["time"]
        cells += [f"{fit / seconds:.2%}", f"{read * 1e3:.2f} ms ({read / seconds:.1%})"]
    else:
        cells += ["–", "–"]
    return "| " + " | ".join(cells) + " |"


def format_seconds(value: float) -> str:
    """Seconds for a table cell: whole above 100, else three significant digits."""
    return f"{value:.0f}" if value >= 100 else f"{value:.3g}"


def _fmt(value, form="{:.2f}"):
    return "–" if value is None else form.format(value)


if __name__ == "__main__":
    sys.exit(main())

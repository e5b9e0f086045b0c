"""smote_core against imbalanced-learn: time, peak memory and identical output, on the same data.

Run ``python -m benchmarks.run`` (``make bench``) for the full grid, ``--quick`` for a short one, or pick
``--techniques``, ``--rows``, ``--features``, ``--shares``, ``--repeats``. Each case runs in a fresh
subprocess that makes the data (``make_classification``), then times both libraries alternately
(median of ``--repeats`` runs each). Peak memory is the peak resident set size during a library's
runs above the resident size just before them (Linux ``VmHWM``, reset through ``/proc/self/clear_refs``,
so it sees BLAS and Cython buffers that ``tracemalloc`` misses). "identical" compares the outputs of
both libraries given the same neighbour estimator, ``NearestNeighbors(n_neighbors=k + 1)``, and the
same integer seed (checked up to ``--identity-max-rows`` rows). "provenance in fit" is the share of
our time spent recording provenance during ``fit_resample``; the table itself is built on the first
read of ``provenance_``, timed separately right after the fit. A case whose imbalanced-learn run is
predicted (from the smaller sizes, time ~ rows^exponent) or found to exceed ``--time-limit`` seconds
is not run for imbalanced-learn, and the table says so.
"""

from __future__ import annotations

import argparse
import inspect
import json
import math
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass

import numpy as np
import pandas as pd

SEED = 0


@dataclass(frozen=True)
class Technique:
    """A row of the comparison: our registry id with its parameters, and imblearn's counterpart."""

    name: str
    ours: str
    params: dict
    data: str = "numeric"  # "numeric", "mixed" (last quarter of columns categorical) or "categorical"


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


def _sampler_class(library, technique):
    if library == "ours":
        from smote_core import registry

        return registry.get(technique.ours).sampler_class
    return _imblearn_class(technique)


def _parameters(library, technique):
    return inspect.signature(_sampler_class(library, technique)).parameters


def _rss_kib(field: str) -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field):
                return int(line.split()[1])
    raise RuntimeError(f"{field} not in /proc/self/status")


def run_case(case: dict) -> dict:
    """Time and measure one case in this (fresh) process; the result as a dict."""
    from smote_core._base import BaseSampler

    technique = TECHNIQUES[case["technique"]]
    X, y, categorical = make_data(case["rows"], case["features"], case["share"], technique.data)
    libraries = ["ours"] + (["imblearn"] if case["imblearn"] else [])
    times = {lib: [] for lib in libraries}
    peak = {lib: 0.0 for lib in libraries}
    recording, first_read = [], []
    record = BaseSampler._record_provenance

    def timed_record(*args, **kwargs):
        start = time.perf_counter()
        record(*args, **kwargs)
        recording.append(time.perf_counter() - start)

    BaseSampler._record_provenance = timed_record
    for _ in range(case["repeats"]):
        for lib in list(libraries):
            sampler = build(lib, technique, categorical, k_estimators=False)
            with open("/proc/self/clear_refs", "w") as clear:
                clear.write("5")  # resets VmHWM to the current resident size
            before = _rss_kib("VmRSS")
            start = time.perf_counter()
            sampler.fit_resample(X, y)
            times[lib].append(time.perf_counter() - start)
            peak[lib] = max(peak[lib], (_rss_kib("VmHWM") - before) / 1024)
            if lib == "ours":  # the table is built on first read, outside fit_resample
                start = time.perf_counter()
                sampler.provenance_
                first_read.append(time.perf_counter() - start)
            del sampler
            if lib == "imblearn" and times[lib][-1] > case["time_limit"]:
                libraries.remove("imblearn")  # one run over the limit is enough to know
    result = {
        "time": {lib: statistics.median(values) for lib, values in times.items()},
        "runs": {lib: len(values) for lib, values in times.items()},
        "peak_mib": peak,
        # per fit, all recordings together (a combined sampler's SMOTE part records one too)
        "provenance_fit": sum(recording) / case["repeats"],
        "provenance_read": statistics.median(first_read),
        "identical": None,
    }
    if case["identity"]:
        outputs = [build(lib, technique, categorical, k_estimators=True).fit_resample(X, y) for lib in ("ours", "imblearn")]
        (X_ours, y_ours), (X_imb, y_imb) = outputs
        X_ours, X_imb = np.asarray(X_ours), np.asarray(X_imb)
        same_shape = X_ours.shape == X_imb.shape and np.array_equal(y_ours, y_imb)
        if same_shape and np.array_equal(X_ours, X_imb):
            result["identical"] = "yes"
        elif same_shape and X_ours.dtype.kind == "f" and np.allclose(X_ours, X_imb):
            result["identical"] = "to rounding"
        else:
            result["identical"] = "no"
    return result


# ---------------------------------------------------------------- the grid, in the parent


def predicted_imblearn_seconds(history: dict, rows: int):
    """Extrapolate imblearn's time at ``rows`` from the measured smaller sizes (None if unknown)."""
    measured = sorted((n, t) for n, t in history.items() if t is not None)
    if not measured:
        return None
    if len(measured) == 1:
        (n0, t0), exponent = measured[0], 2.0
    else:
        (n1, t1), (n0, t0) = measured[-2], measured[-1]
        exponent = max(1.0, math.log(t0 / t1) / math.log(n0 / n1))
    return t0 * (rows / n0) ** exponent


def exponent(points):
    """Least-squares slope of log(time) against log(rows)."""
    if len(points) < 2:
        return None
    x, t = np.log([p[0] for p in points]), np.log([p[1] for p in points])
    return float(np.polyfit(x, t, 1)[0])


HEADER = ("technique", "rows", "features", "minority", "ours s", "imblearn s", "ratio", "peak MiB ours",
          "peak MiB imblearn", "identical", "provenance in fit", "provenance table on first read")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--techniques", default=",".join(TECHNIQUES), help="comma-separated, of: " + ", ".join(TECHNIQUES))
    parser.add_argument("--rows", default="1e4,1e5,1e6")
    parser.add_argument("--features", default="2,20,100")
    parser.add_argument("--shares", default="0.05,0.01", help="minority shares")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--time-limit", type=float, default=120.0, help="seconds per imblearn run")
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

    print("| " + " | ".join(HEADER) + " |")
    print("|" + "---|" * len(HEADER), flush=True)
    scaling = []
    for technique in techniques:
        for n_features in features:
            for share in shares:
                history = {"ours": {}, "imblearn": {}}
                for n_rows in rows:
                    line, history = _run_and_format(technique, n_rows, n_features, share, args, history)
                    print(line, flush=True)
                scaling.append((technique.name, n_features, share,
                                exponent([(n, t) for n, t in history["ours"].items() if t]),
                                exponent([(n, t) for n, t in history["imblearn"].items() if t])))
    print("\nScaling exponent of time versus rows (time ~ rows^e), per technique:")
    print("| technique | features | minority | e ours | e imblearn |\n|---|---|---|---|---|")
    for name, n_features, share, ours, imb in scaling:
        print(f"| {name} | {n_features} | {share:.0%} | {_fmt(ours)} | {_fmt(imb)} |")
    return 0


def _run_and_format(technique, n_rows, n_features, share, args, history):
    predicted = predicted_imblearn_seconds(history["imblearn"], n_rows)
    run_imblearn = predicted is None or predicted <= args.time_limit
    case = {"technique": technique.name, "rows": n_rows, "features": n_features, "share": share,
            "repeats": args.repeats, "imblearn": run_imblearn, "time_limit": args.time_limit,
            "identity": run_imblearn and n_rows <= args.identity_max_rows}
    cells = [technique.name, f"{n_rows:.0e}", str(n_features), f"{share:.0%}"]
    completed = subprocess.run([sys.executable, "-m", "benchmarks.run", "--case", json.dumps(case)],
                               capture_output=True, text=True)
    if completed.returncode != 0:
        error = (completed.stderr.strip().splitlines() or ["failed"])[-1][:120]
        history["imblearn"][n_rows] = None
        return "| " + " | ".join(cells + [f"error: {error}"] + [""] * (len(HEADER) - len(cells) - 1)) + " |", history
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    ours = result["time"]["ours"]
    imb = result["time"].get("imblearn")
    history["ours"][n_rows] = ours
    if imb is not None and result["runs"]["imblearn"] < args.repeats:
        imb_cell, imb = f"> {args.time_limit:.0f} (stopped after {imb:.0f} s)", None
    elif imb is None:
        imb_cell = f"skipped: predicted {predicted:.0f} s > {args.time_limit:.0f} s"
    else:
        imb_cell = f"{imb:.3f}"
    history["imblearn"][n_rows] = imb
    cells += [f"{ours:.3f}", imb_cell, f"{ours / imb:.2f}" if imb else "–",
              f"{result['peak_mib']['ours']:.0f}",
              f"{result['peak_mib']['imblearn']:.0f}" if imb else "–",
              result["identical"] or "not checked",
              f"{result['provenance_fit'] / ours:.2%}",
              f"{result['provenance_read'] * 1e3:.2f} ms ({result['provenance_read'] / ours:.1%})"]
    return "| " + " | ".join(cells) + " |", history


def _fmt(value):
    return "–" if value is None else f"{value:.2f}"


if __name__ == "__main__":
    sys.exit(main())

"""How far one machine goes: the most rows each technique resamples within a time and a memory limit.

``python -m benchmarks.capacity`` grows the rows (``--rows``) for each technique of
``benchmarks.run.TECHNIQUES`` at 20 and 100 features, 5% minority, running smote_core's
``fit_resample`` once per size in a fresh process. A size is over the time limit when its fit runs
longer than ``--seconds``: the process arms a timer as the fit starts, and the timer's ``SIGALRM``
ends it (making the data is not counted). It is over the memory limit when the process's resident
memory goes above ``--memory-gib``: the parent polls ``/proc/<pid>/status`` and kills it, and the peak
the process reports at the end (``VmHWM`` from the start of the fit, data included) counts too.
A technique stops at the first size over either limit, and before a size predicted (time ~
rows^exponent from the smaller sizes, as in ``benchmarks.run``) to take over 3x the time limit.
"""

from __future__ import annotations

import argparse
import json
import signal
import subprocess
import sys
import time

from benchmarks.run import TECHNIQUES, build, format_seconds, machine_line, make_data, predicted_seconds, rss_kib

SHARE = 0.05
POLL_SECONDS = 0.05


def measure(size: dict) -> dict:
    """In this fresh process: make the data, then time one ``fit_resample`` under the timer."""
    technique = TECHNIQUES[size["technique"]]
    X, y, categorical = make_data(size["rows"], size["features"], SHARE, technique.data)
    sampler = build("ours", technique, categorical, k_estimators=False)
    with open("/proc/self/clear_refs", "w") as clear:
        clear.write("5")  # VmHWM restarts from the resident size, data included
    signal.setitimer(signal.ITIMER_REAL, size["seconds"])  # SIGALRM's default action ends the process
    start = time.perf_counter()
    sampler.fit_resample(X, y)
    seconds = time.perf_counter() - start
    signal.setitimer(signal.ITIMER_REAL, 0)
    return {"seconds": seconds, "peak_gib": rss_kib("VmHWM") / 2**20}


def measure_size(technique: str, rows: int, features: int, seconds: float, memory_gib: float) -> dict:
    """Run one size in a fresh process under both limits.

    Returns the measured ``seconds`` and ``peak_gib`` (when it finished) and ``over``: None within
    the limits, else what went over, starting with ``time``, ``memory`` or ``error``.
    """
    size = {"technique": technique, "rows": rows, "features": features, "seconds": seconds}
    with subprocess.Popen([sys.executable, "-m", "benchmarks.capacity", "--size", json.dumps(size)],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as child:
        while child.poll() is None:
            if rss_kib("VmRSS", child.pid) > memory_gib * 2**20:
                child.kill()
                return {"over": f"memory: above {memory_gib:g} GiB (killed)"}
            time.sleep(POLL_SECONDS)
        out, err = child.communicate()
    if child.returncode == -signal.SIGALRM:
        return {"over": f"time: fit over {seconds:g} s (killed)"}
    if child.returncode != 0:
        return {"over": "error: " + (err.strip().splitlines() or [f"exit code {child.returncode}"])[-1][:120]}
    result = json.loads(out.strip().splitlines()[-1])
    over = f"memory: peak {result['peak_gib']:.2f} GiB" if result["peak_gib"] > memory_gib else None
    return dict(result, over=over)


def capacity(technique: str, features: int, rows: list, seconds: float, memory_gib: float):
    """The largest of ``rows`` within both limits (its measurement with ``rows``, or None) and what stopped the next."""
    history, largest = {}, None
    for n_rows in rows:
        predicted = predicted_seconds(history, n_rows)
        if predicted is not None and predicted > 3 * seconds:
            return largest, f"predicted: {n_rows:.0e} rows ~ {format_seconds(predicted)} s"
        outcome = measure_size(technique, n_rows, features, seconds, memory_gib)
        if outcome["over"]:
            return largest, f"{outcome['over']} at {n_rows:.0e} rows"
        history[n_rows] = outcome["seconds"]
        largest = dict(outcome, rows=n_rows)
    return largest, "none: reached the largest size tried"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--techniques", default=",".join(TECHNIQUES), help="comma-separated, of: " + ", ".join(TECHNIQUES))
    parser.add_argument("--features", default="20,100")
    parser.add_argument("--rows", default="1e4,2e4,5e4,1e5,2e5,5e5,1e6,2e6,5e6,1e7")
    parser.add_argument("--seconds", type=float, default=60.0, help="time limit of one fit_resample")
    parser.add_argument("--memory-gib", type=float, default=8.0, help="limit of the process's resident memory")
    parser.add_argument("--size", help=argparse.SUPPRESS)  # internal: measure one size, print JSON
    args = parser.parse_args(argv)
    if args.size:
        print(json.dumps(measure(json.loads(args.size))))
        return 0
    techniques = args.techniques.split(",")
    unknown = sorted(set(techniques) - set(TECHNIQUES))
    if unknown:
        parser.error(f"unknown techniques {unknown}; choose from {', '.join(TECHNIQUES)}")
    rows = sorted(int(float(value)) for value in args.rows.split(","))
    print(machine_line())
    print(f"| technique | features | largest rows within {args.seconds:g} s and {args.memory_gib:g} GiB "
          "| its time s | its peak GiB | what stopped the next size |")
    print("|---|---|---|---|---|---|", flush=True)
    for name in techniques:
        for features in (int(value) for value in args.features.split(",")):
            largest, reason = capacity(name, features, rows, args.seconds, args.memory_gib)
            cells = ([f"{largest['rows']:.0e}", f"{largest['seconds']:.3f}", f"{largest['peak_gib']:.2f}"]
                     if largest else ["none", "–", "–"])
            print("| " + " | ".join([name, str(features)] + cells + [reason]) + " |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

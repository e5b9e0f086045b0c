"""Where the time of a neighbour-heavy fit goes, phase by phase, set against the floor.

``benchmarks.floor`` says how far a fit is from the bare products; this module says what the rest is
spent on. It fits Borderline-SMOTE or ADASYN in this process (after one untimed warm-up fit of the
same case) with the exact search's parts wrapped in timers, and splits the fit's wall time into:

- before the search: validation and setting up, up to the first neighbour search;
- unit ball: scaling the searched rows (one pass over them, in the calling thread);
- float32 table: building the searched rows' float32 table (one thread builds, the others wait);
- products and group minima: the float32 tiles of products, each reduced to its groups' minima;
- choosing candidates: selecting groups, recomputing their products, keeping the smallest, the bound;
- re-ranking and proof: float64 distances of the candidates, their order, the proof of each row;
- rest of the search: the search's own bookkeeping and threads waiting for each other;
- other searches: every later search of the fit (Borderline's danger rows within their class);
- after the searches: categories, generation and writing the output.

Parts that run on the search's threads are counted in thread-seconds and divided by the threads of
the pass they ran in, so that the phases add up to the fit's wall time. Each phase is the median of
``--repeats`` fits; "fit" is the median fit, so the column may differ from the phases' sum by the
spread between fits. The floor is ``benchmarks.floor.product_seconds`` for the same search.

    python -m benchmarks.phases                               # 1e5 rows, 20 and 100 features
    python -m benchmarks.phases --rows 1e6 --features 20 --techniques adasyn
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time
from contextlib import contextmanager

import numpy as np

import smote_core._neighbors as neighbors_module
from smote_core._search import exact, products, screening

from .floor import cell, product_seconds
from .run import TECHNIQUES, build, machine_line, make_data

PHASES = ("before the search", "unit ball", "float32 table", "products and group minima",
          "choosing candidates", "re-ranking and proof", "rest of the search", "other searches",
          "after the searches")


class Timeline:
    """Intervals ``(part, start, end, detail)`` recorded by the wrapped parts of the search."""

    def __init__(self):
        self.records = []
        self._lock = threading.Lock()

    def add(self, part: str, start: float, end: float, detail=None) -> None:
        with self._lock:
            self.records.append((part, start, end, detail))

    def of(self, part: str, within=(-np.inf, np.inf)) -> list:
        return [r for r in self.records if r[0] == part and within[0] <= r[1] <= within[1]]


def _timed(timeline: Timeline, part: str, func, detail=None, keep=lambda *a, **k: True):
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        result = func(*args, **kwargs)
        if keep(*args, **kwargs):
            timeline.add(part, start, time.perf_counter(), detail(*args, **kwargs) if detail else None)
        return result
    return wrapper


@contextmanager
def recording(timeline: Timeline):
    """Wrap the search's parts in timers for the duration of the block, then restore them."""
    def threads_of(func, blocks, parallel=True):  # the threads run_threads will use
        return min(len(blocks), exact.search_threads()) if parallel else 1

    patches = [
        (neighbors_module, "exact_search", "search", {}),
        (products, "unit_ball", "unit ball", {}),
        (products.ScaledTable, "_scaled", "float32 table",
         {"keep": lambda self, positions, dtype, out=None: dtype == np.float32}),
        (screening, "group_minima", "group minima", {}),
        (screening.BlasCandidates, "candidates", "candidates", {}),
        (exact, "rerank", "re-ranking", {}),
        (exact, "drop_self", "re-ranking", {}),
        (exact, "is_proven", "re-ranking", {}),
        (exact, "run_threads", "pass", {"detail": threads_of}),
    ]
    saved = [(owner, name, getattr(owner, name)) for owner, name, _, _ in patches]
    try:
        for owner, name, part, options in patches:
            setattr(owner, name, _timed(timeline, part, getattr(owner, name), **options))
        yield timeline
    finally:
        for owner, name, original in saved:
            setattr(owner, name, original)


def _seconds(records) -> float:
    return sum(end - start for _, start, end, _ in records)


def _overlap(record, others) -> float:
    """Seconds of ``record``'s interval covered by the intervals of ``others`` (which do not overlap)."""
    return sum(max(0.0, min(record[2], o[2]) - max(record[1], o[1])) for o in others)


def split_fit(timeline: Timeline, fit_start: float, fit_end: float) -> dict:
    """The fit's wall time split into ``PHASES`` (seconds; they add up to ``fit_end - fit_start``)."""
    searches = sorted(timeline.of("search"), key=lambda r: r[1])
    first = searches[0]
    table = timeline.of("float32 table", first[1:3])
    phase = dict.fromkeys(PHASES, 0.0)
    phase["before the search"] = first[1] - fit_start
    phase["unit ball"] = _seconds(timeline.of("unit ball", first[1:3]))
    phase["float32 table"] = _seconds(table)
    for run in timeline.of("pass", first[1:3]):
        threads = run[3]
        minima = timeline.of("group minima", run[1:3])
        products_seconds = _seconds(minima) - sum(_overlap(r, table) for r in minima)
        choosing = _seconds(timeline.of("candidates", run[1:3])) - _seconds(minima)
        phase["products and group minima"] += products_seconds / threads
        phase["choosing candidates"] += choosing / threads
        phase["re-ranking and proof"] += _seconds(timeline.of("re-ranking", run[1:3])) / threads
    accounted = sum(phase[p] for p in PHASES[1:6])
    phase["rest of the search"] = (first[2] - first[1]) - accounted
    phase["other searches"] = _seconds(searches[1:])
    phase["after the searches"] = fit_end - first[2] - phase["other searches"]
    return phase


def measure(technique: str, rows: int, features: int, share: float, repeats: int) -> dict:
    """Median phases of ``repeats`` fits (after a warm-up fit), the median fit and the floor."""
    X, y, categorical = make_data(rows, features, share, "numeric")
    sampler = build("ours", TECHNIQUES[technique], categorical, False)
    sampler.fit_resample(X, y)
    splits, fits = [], []
    for _ in range(repeats):
        timeline = Timeline()
        with recording(timeline):
            start = time.perf_counter()
            sampler.fit_resample(X, y)
            end = time.perf_counter()
        splits.append(split_fit(timeline, start, end))
        fits.append(end - start)
    counts = np.bincount(y)
    return {"phases": {p: statistics.median(s[p] for s in splits) for p in PHASES},
            "fit": statistics.median(fits),
            "floor": product_seconds(int(counts.min()), rows, features, repeats)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", default="1e5")
    parser.add_argument("--features", default="20,100")
    parser.add_argument("--techniques", default="borderline-1,adasyn")
    parser.add_argument("--share", type=float, default=0.05)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    print(machine_line())
    print("| technique | rows | features | phase | s | / floor |")
    print("|---|---|---|---|---|---|")
    for rows in (int(float(r)) for r in args.rows.split(",")):
        for features in (int(f) for f in args.features.split(",")):
            for technique in args.techniques.split(","):
                result = measure(technique, rows, features, args.share, args.repeats)
                floor = result["floor"]
                lines = [("fit", result["fit"]), ("floor", floor)] + list(result["phases"].items())
                for name, seconds in lines:
                    print(f"| {technique} | {rows:.0e} | {features} | {name} | {cell(seconds)} | "
                          f"{cell(seconds / floor)} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

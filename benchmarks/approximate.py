"""What the approximate option changes: recall@k of NNDescentNeighbors and its effect on Borderline-SMOTE
and ADASYN, against the exact search, on the same ``make_classification`` data as ``benchmarks.run``.

For each size it prints one line per technique: recall@k over a sample of minority rows (the rows both
techniques ask about; k = Borderline's m_neighbors=10 and ADASYN's n_neighbors=5), both fits' times,
and how the output moved: the share of minority rows whose Borderline category (safe / danger /
noise) or ADASYN count of other-class neighbours differs, and for ADASYN the share of synthetic rows
assigned to other parents (sum of |g_i − g_i exact| over twice the total).

    python -m benchmarks.approximate                   # 1e6 rows x 20 features, 5% minority
    python -m benchmarks.approximate --rows 1e5 --features 20,100
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from smote_core import ADASYN, BorderlineSMOTE
from smote_core._neighbors import nearest_neighbors
from smote_core.approximate import NNDescentNeighbors

from .floor import cell
from .run import SEED, machine_line, make_data

HEADER = ("technique", "rows", "features", "k", "recall@k", "exact s", "approximate s",
          "minority rows judged differently", "synthetic rows moved")
# Minority rows on which recall is measured (their exact neighbours are searched again).
RECALL_SAMPLE = 5_000


def recall_at(X: np.ndarray, query: np.ndarray, ks: tuple[int, ...]) -> dict[int, float]:
    """Mean share of each query row's exact k nearest neighbours that the index finds, per k."""
    found = nearest_neighbors(X, NNDescentNeighbors(n_neighbors=max(ks) + 1, random_state=SEED), query)
    exact = nearest_neighbors(X, max(ks), query)
    return {k: float(np.mean([len(np.intersect1d(f[:k], e[:k])) / k for f, e in zip(found, exact)])) for k in ks}


def compare(technique: str, X: np.ndarray, y: np.ndarray) -> dict:
    """Fit ``technique`` with the exact search and with the index; how far its judgement moved."""
    if technique == "adasyn":
        make = lambda search: ADASYN(n_neighbors=search(5), random_state=SEED)  # noqa: E731
        table, column = "difficulty_", "n_other"
    else:
        make = lambda search: BorderlineSMOTE(kind=technique, m_neighbors=search(10), k_neighbors=search(5),  # noqa: E731
                                              random_state=SEED)
        table, column = "categories_", "category"
    fitted, seconds = {}, {}
    for name, search in (("exact", lambda k: k), ("approximate", lambda k: NNDescentNeighbors(k + 1, random_state=SEED))):
        sampler = make(search)
        start = time.perf_counter()
        sampler.fit_resample(X, y)
        seconds[name], fitted[name] = time.perf_counter() - start, getattr(sampler, table)
    moved = None
    if technique == "adasyn":
        g_exact, g_approx = fitted["exact"]["n_synthetic"].to_numpy(), fitted["approximate"]["n_synthetic"].to_numpy()
        moved = np.abs(g_exact - g_approx).sum() / (2 * g_exact.sum())
    differ = np.mean(fitted["exact"][column].to_numpy() != fitted["approximate"][column].to_numpy())
    return {"exact s": seconds["exact"], "approximate s": seconds["approximate"],
            "minority rows judged differently": differ, "synthetic rows moved": moved}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", default="1e6")
    parser.add_argument("--features", default="20")
    parser.add_argument("--share", type=float, default=0.05)
    parser.add_argument("--techniques", default="borderline-1,adasyn")
    args = parser.parse_args(argv)
    print(machine_line())
    print("| " + " | ".join(HEADER) + " |")
    print("|" + "---|" * len(HEADER))
    for rows in (int(float(r)) for r in args.rows.split(",")):
        for features in (int(f) for f in args.features.split(",")):
            X, y, _ = make_data(rows, features, args.share, "numeric")
            minority = np.flatnonzero(y == np.bincount(y).argmin())
            sample = minority[np.linspace(0, len(minority) - 1, min(len(minority), RECALL_SAMPLE)).astype(np.intp)]
            recall = recall_at(X, sample, (5, 10))
            for technique in args.techniques.split(","):
                k = 5 if technique == "adasyn" else 10
                row = {"technique": technique, "rows": f"{rows:.0e}", "features": features, "k": k,
                       "recall@k": recall[k], **compare(technique, X, y)}
                print("| " + " | ".join(cell(row[column]) for column in HEADER) + " |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""How many worker processes a comparison may start here: one a core, as far as memory leaves room.

The cross-validation engine trains its folds in joblib's worker processes (threads do not help: a small
fit is mostly Python holding the interpreter's lock). Each worker holds its own numpy, pandas and
scikit-learn, about 220 MiB resident (measured with two workers beside a 230 MiB parent), so a machine or
container with little memory -- Streamlit Community Cloud gives an app about 1 GB -- trains the folds one
after another in the calling process instead.
"""

from __future__ import annotations

import os
from pathlib import Path

# Resident memory a worker process costs, with a margin, and what the calling process keeps for itself
# (the dashboard's server is held to 800 MiB: benchmarks/memory.py).
WORKER_MIB = 300
RESERVE_MIB = 1024
# Overrides the memory limit found (MiB): to see what a smaller machine would do, or to hold a service in.
MEMORY_ENV = "SMOTE_LAB_MEMORY_MIB"
_CGROUP_LIMITS = (Path("/sys/fs/cgroup/memory.max"), Path("/sys/fs/cgroup/memory/memory.limit_in_bytes"))


def memory_limit_mib() -> float:
    """The memory this process may use, in MiB: the smallest of ``SMOTE_LAB_MEMORY_MIB``, the container's
    limit (cgroup v2 or v1) and the machine's physical memory."""
    limits = [os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**20]
    for path in _CGROUP_LIMITS:
        text = path.read_text().strip() if path.is_file() else "max"
        if text.isdigit():
            limits.append(int(text) / 2**20)
    if os.environ.get(MEMORY_ENV):
        limits.append(float(os.environ[MEMORY_ENV]))
    return min(limits)


def worker_processes() -> int | None:
    """Worker processes for a comparison: one a core this process may run on, as many as
    :func:`memory_limit_mib` holds beyond :data:`RESERVE_MIB` at :data:`WORKER_MIB` each; None (the
    folds one after another in this process) when that is fewer than two."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    room = int((memory_limit_mib() - RESERVE_MIB) // WORKER_MIB)
    workers = min(cores, room)
    return workers if workers >= 2 else None
